"""The change history (django-simple-history) names who acted, also outside a request."""


def record_acting_user(instance, acting_user) -> None:
    """Name ``acting_user`` in the history row that saving ``instance`` writes next."""
    instance._history_user = acting_user
