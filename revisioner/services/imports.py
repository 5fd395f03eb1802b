"""Imports of suppliers, contracts and historical audits."""

from revisioner.resources import RESOURCES

# Imports -------------------------------------------------------------------------------------


def import_file(kind: str, dataset, *, acting_user, dry_run: bool):
    """Import a file of ``kind`` (suppliers, contracts or audits; revisioner.resources) with the
    rights of ``acting_user``: every row or none. The import page's preview is this call as a dry
    run, its confirmation the same call again; returns django-import-export's Result."""
    return RESOURCES[kind](user=acting_user).import_data(dataset, dry_run=dry_run)
