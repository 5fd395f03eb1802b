"""A stand-in for the tenant data later apps bring: owned by a procurement region, with a
visibility level and named participants, read through the generic rules of ScopedQuerySet."""

from django.conf import settings
from django.db import models

from regions.access import ScopedQuerySet, Visibility


class Dossier(models.Model):
    title = models.CharField(max_length=100)
    procurement_region = models.ForeignKey("regions.ProcurementRegion", on_delete=models.CASCADE)
    visibility = models.CharField(max_length=20, choices=Visibility.choices, default=Visibility.RESTRICTED)
    participants = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    access_owner = "procurement_region_id"
    access_participants = "participants"
    objects = ScopedQuerySet.as_manager()

    class Meta:
        app_label = "scoped"

    def __str__(self):
        return self.title
