"""What harmonised requirements put in a person's work queue ("Mitt arbete", base.registry): for a
region contact, the adopted requirement versions their region has not recorded its use of; for
whoever manages the requirements, the versions out for consultation and how many have answered. Who
speaks for a region is regions.access (``contact_region_ids_of``, ``speaks_for_region``)."""

from django.db.models import Count, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from base.registry import WorkItem, WorkItemKind, count_and_first, register_work
from krav.access import can_manage_requirements
from krav.models import RequirementVersion
from regions.access import contact_region_ids_of
from regions.models import Region


def contacts_a_region(user) -> bool:
    return bool(contact_region_ids_of(user))


def uptake_to_record(user, limit):
    """The adopted versions that one of the person's regions has no uptake for: a line per version,
    linked to the region's form (to the matrix when the person speaks for several regions)."""
    region_ids = sorted(contact_region_ids_of(user))
    versions = (
        RequirementVersion.objects.current()
        .annotate(recorded=Count("uptakes", filter=Q(uptakes__region_id__in=region_ids)))
        .filter(recorded__lt=len(region_ids))
        .select_related("requirement")
        .order_by("requirement__title", "pk")
    )
    one_region = len(region_ids) == 1
    if one_region:
        versions = versions.annotate(region_slug=Subquery(Region.objects.filter(pk=region_ids[0]).values("slug")[:1]))
    count, rows = count_and_first(versions, limit)
    items = []
    for version in rows:
        url = reverse("uptake_cell", args=[version.pk, version.region_slug]) if one_region else reverse("uptake_matrix")
        items.append(WorkItem(str(version), url, _("Ingen användning registrerad")))
    return count, items


register_work(
    WorkItemKind(
        "requirement_uptake",
        gettext_lazy("Kravversioner utan registrerad användning"),
        uptake_to_record,
        contacts_a_region,
        order=70,
    )
)


def versions_out_for_consultation(user, limit):
    versions = (
        RequirementVersion.objects.filter(status=RequirementVersion.Status.CONSULTATION)
        .annotate(answered=Count("responses"))
        .select_related("requirement")
        .order_by("consultation_opened_at", "pk")
    )
    count, rows = count_and_first(versions, limit)
    items = []
    for version in rows:
        detail = ngettext("%(count)s region har svarat", "%(count)s regioner har svarat", version.answered)
        items.append(WorkItem(str(version), version.get_absolute_url(), detail % {"count": version.answered}))
    return count, items


register_work(
    WorkItemKind(
        "consultations",
        gettext_lazy("Kravversioner på remiss"),
        versions_out_for_consultation,
        can_manage_requirements,
        order=75,
    )
)
