"""``manage.py loaddata`` writes the rows of a dump as the system: Django's command inside
``reading_as_system()``, so reads of existing rows (natural keys, updates) pass the tenant scope guard."""

from django.core.management.commands import loaddata

from regions.access import reading_as_system


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        with reading_as_system():
            return super().handle(*fixture_labels, **options)
