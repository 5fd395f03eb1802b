"""The report's section on competence development: the year's events per kind with their
participants, the events held with partners, and the certified coordinators. Aggregates only:
no participant's name reaches the report."""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from akademi.models import Event
from akademi.statistics import certified_per_year, held, with_participants
from base.registry import Section, register_section


def training_context(year: int) -> dict | None:
    events = list(
        with_participants(held(Event.objects.for_year(year)))
        .prefetch_related("co_organisers")
        .order_by("starts_at", "pk")
    )
    if not events:
        return None
    kinds: dict[str, dict] = {}
    partners: dict[str, dict] = defaultdict(lambda: {"events": 0, "participants": 0, "titles": []})
    for event in events:
        row = kinds.setdefault(event.kind, {"label": event.get_kind_display(), "events": 0, "participants": 0})
        row["events"] += 1
        row["participants"] += event.participant_count or 0
        for organisation in event.co_organisers.all():
            partner = partners[organisation.name]
            partner["events"] += 1
            partner["participants"] += event.participant_count or 0
            if event.title not in partner["titles"]:
                partner["titles"].append(event.title)
    order = list(Event.Kind)
    kind_rows = [kinds[kind] for kind in sorted(kinds, key=order.index)]
    diplomas = {row_year: (count, total) for row_year, count, total in certified_per_year()}
    certified_total = max((total for row_year, (count, total) in diplomas.items() if row_year <= year), default=0)
    return {
        "year": year,
        "kinds": kind_rows,
        "events": len(events),
        "participants": sum(row["participants"] for row in kind_rows),
        "internal_participants": kinds.get(Event.Kind.INTRODUCTION, {}).get("participants", 0),
        "partners": sorted(
            ({"name": name, **values} for name, values in partners.items()), key=lambda p: -p["participants"]
        ),
        "diplomas_issued": diplomas.get(year, (0, 0))[0],
        "certified_total": certified_total,
    }


register_section(Section("training", _("Kompetensutveckling"), "akademi/report_section.html", training_context))
