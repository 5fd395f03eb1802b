"""The annual activity report (Verksamhetsrapport): sections composed in the order of the 2024
report and turned into PDF. The apps register their sections; hallbar adds the year in brief,
communication, and the secretariat's own texts. Internal notes are never read here."""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from base.charts import bar_chart
from base.pdf import render_pdf
from base.registry import METRICS, SECTION_ORDER, SECTIONS, Section, metrics_in_order, register_section
from hallbar import report_goals  # noqa: F401  (registers the chapter "Mål och utfall")
from hallbar.dashboard import COMMUNICATION_METRICS, FIRST_YEAR, MANUAL_METRICS
from hallbar.models import MetricValue, ReportText
from hallbar.report_texts import render as render_text
from revisioner.report import register_entered_totals


@dataclass
class ComposedSection:
    key: str
    title: str
    paragraphs: list[str]  # the secretariat's text, printed before the section's content
    html: SafeString
    text_html: SafeString = SafeString("")  # noqa: RUF009 - immutable; the same text as sanitised HTML (hallbar.report_texts)


def _year_in_brief(year):
    """The key figures of the year, as on the dashboard: one with nothing recorded is "–", never 0."""
    figures = [
        {"label": metric.label, "value": metric.values([year]).get(year), "unit": metric.unit}
        for metric in metrics_in_order()
        if metric.in_brief
    ]
    recorded = any(figure["value"] is not None for figure in figures)
    return {"year": year, "figures": figures} if recorded else None


def _communication(year):
    years = list(range(FIRST_YEAR, year + 1))
    rows = []
    for key, label in COMMUNICATION_METRICS:
        values = METRICS[key].values(years)
        if values.get(year - 1) is not None or values.get(year) is not None:
            rows.append({"label": label, "previous": values.get(year - 1), "value": values.get(year), "all": values})
    if not rows:
        return None
    # The reach of the newsletter over the years, drawn as on the dashboard.
    subscribers = next((row for row in rows if row["label"] == dict(MANUAL_METRICS)["newsletter_subscribers"]), None)
    chart = None
    if subscribers:
        points = [(str(y), subscribers["all"].get(y)) for y in years]
        chart = bar_chart(points, title=str(subscribers["label"]), width=420, height=170)
    title = subscribers["label"] if subscribers else ""
    return {"year": year, "first_year": FIRST_YEAR, "rows": rows, "chart": chart, "chart_title": title}


def _entered_audit_totals(years):
    """The audits of a year before the records, as the secretariat entered them with their source
    under the metric of the audits performed ("follow_ups")."""
    return dict(MetricValue.objects.filter(metric="follow_ups", year__in=years).values_list("year", "value"))


register_entered_totals(_entered_audit_totals)
register_section(Section("year_in_brief", _("Året i korthet"), "report/year_in_brief.html", _year_in_brief))
register_section(Section("communication", _("Kommunikation"), "report/communication.html", _communication))


def compose(year: int, progress: Callable[[int], None] = lambda percent: None) -> list[ComposedSection]:
    """The report's sections for the year; a section with neither content nor text is left out."""
    rows = ReportText.objects.filter(year=year).only("section", "text")
    texts = {text.section: text.paragraphs for text in rows}
    rendered = {text.section: render_text(text.text, year=year) for text in rows}
    composed = []
    for position, (key, default_title) in enumerate(SECTION_ORDER, start=1):
        section = SECTIONS.get(key)
        context = section.build(year) if section else None
        html = render_to_string(section.template, context) if context is not None else ""
        if html or texts.get(key):
            # A section may title itself for the year (a statement not closed is preliminary).
            title = (context or {}).get("title") or (section.title if section else default_title)
            composed.append(
                ComposedSection(key, str(title), texts.get(key, []), mark_safe(html), rendered.get(key, SafeString()))  # noqa: S308
            )
        progress(10 + 70 * position // len(SECTION_ORDER))
    return composed


def build_report_pdf(year: int, progress: Callable[[int], None] = lambda percent: None, *, published_on=None) -> bytes:
    """The report as PDF; its cover and back page give ``published_on`` (the day the secretariat
    publishes it), or the day it is built."""
    sections = compose(year, progress)
    # The back page is the frame's own: a back-page text, when there is one, is printed on it.
    back_page = next((section for section in sections if section.key == "back_page"), None)
    sections = [section for section in sections if section.key != "back_page"]
    generated = timezone.localdate()
    context = {
        "year": year,
        "sections": sections,
        "back_page": back_page,
        "generated": generated,
        "published": published_on or generated,
    }
    pdf = render_pdf("report/activity_report.html", context)
    progress(95)
    return pdf
