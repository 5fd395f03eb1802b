"""The report's section on competence development: the year's events per kind with their
participants, the events held with partners, and the certified coordinators. Aggregates only:
no participant's name reaches the report."""

from collections import defaultdict

from django.utils.translation import gettext_lazy as _

from akademi.models import Event
from akademi.statistics import certified_per_year, held, participants_of, with_participants
from base.formats import add_figures
from base.registry import Section, register_section


def training_context(year: int) -> dict | None:
    events = list(
        with_participants(held(Event.objects.for_year(year)))
        .prefetch_related("co_organisers")
        .order_by("starts_at", "pk")
    )
    if not events:
        return None
    # Participants are None where nothing is recorded (printed "–") and a lower bound where one of
    # the events' figures is one ("över 560").
    kinds: dict[str, dict] = {}
    partners: dict[str, dict] = defaultdict(lambda: {"events": 0, "participants": None, "titles": []})
    for event in events:
        participants = participants_of(event)
        row = kinds.setdefault(event.kind, {"label": event.get_kind_display(), "events": 0, "participants": None})
        row["events"] += 1
        row["participants"] = add_figures([row["participants"], participants])
        for organisation in event.co_organisers.all():
            partner = partners[organisation.name]
            partner["events"] += 1
            partner["participants"] = add_figures([partner["participants"], participants])
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
        "participants": add_figures(row["participants"] for row in kind_rows),
        "internal_participants": kinds.get(Event.Kind.INTRODUCTION, {}).get("participants"),
        "partners": sorted(
            ({"name": name, **values} for name, values in partners.items()), key=lambda p: -(p["participants"] or 0)
        ),
        "diplomas_issued": diplomas.get(year, (0, 0))[0],
        "certified_total": certified_total,
    }


register_section(Section("training", _("Kompetensutveckling"), "akademi/report_section.html", training_context))
