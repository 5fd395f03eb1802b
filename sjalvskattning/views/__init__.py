"""The pages of self-assessments: the supplier's own (``supplier``: its start page, answering,
evidence) and the coordinators' (``review``: the list, sending, reviewing)."""
