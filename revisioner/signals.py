"""Signals of revisioner that higher apps listen to (they know revisioner; it knows none of them)."""

from django.dispatch import Signal

# Sent inside merge_suppliers' transaction before ``source`` is deleted: every app that keeps rows
# of a supplier moves them to ``target``. Arguments: source, target, acting_user.
supplier_merging = Signal()
