"""The self-assessments in the annual report: a table in the section on the follow-up of suppliers
(questionnaires sent, answered, reviewed in the year, and the valid reviewed self-assessments),
with the dashboard's labels and values.

The report has one section per key (``base.registry.SECTION_ORDER``) and the self-assessments
belong to "Uppföljning av leverantörer", which revisioner registers. This floor stands above
revisioner, so it registers that section again around revisioner's: the same title, revisioner's
context and template, and the self-assessment figures after them. Aggregates only."""

from base.registry import SECTIONS, Section, register_section
from revisioner import report as audit_report
from revisioner.dashboard import SELF_ASSESSMENT_REVIEWS
from sjalvskattning.dashboard import SELF_ASSESSMENTS_ANSWERED, SELF_ASSESSMENTS_SENT, SELF_ASSESSMENTS_VALID

AUDITS = SECTIONS["audits"]  # revisioner's, registered as revisioner.report was imported above

# In the order of the table; the reviews are revisioner's metric (the audits "Granskning av självskattning").
FIGURES = [SELF_ASSESSMENTS_SENT, SELF_ASSESSMENTS_ANSWERED, SELF_ASSESSMENT_REVIEWS, SELF_ASSESSMENTS_VALID]


def self_assessment_figures(year: int) -> list[dict]:
    """The rows of the year before and the year; empty unless a questionnaire sent through the
    system is on record then (the reviews of earlier years are in the table of audits per kind)."""
    rows = audit_report.figure_rows(FIGURES, year)
    from_requests = [row for metric, row in zip(FIGURES, rows, strict=False) if metric is not SELF_ASSESSMENT_REVIEWS]
    if not any(row["previous"] is not None or row["value"] is not None for row in from_requests):
        return []
    return rows


def audits_with_self_assessments(year: int) -> dict | None:
    audits = AUDITS.build(year)
    figures = self_assessment_figures(year)
    if audits is None and not figures:
        return None
    return {
        **(audits or {}),
        "year": year,
        "audits": audits is not None,
        "audits_template": AUDITS.template,
        "self_assessment_figures": figures,
    }


register_section(Section(AUDITS.key, AUDITS.title, "sjalvskattning/report_section.html", audits_with_self_assessments))
