"""Filtering, sorting and downloading the audit, deviation, action and supplier lists."""

import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from revisioner import services
from revisioner.identifiers import with_check_digit
from revisioner.models import Audit, CorrectiveAction, Rating, Supplier

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(audit_of, anna, supplier):
    """Three audits: A's office audit 2024 with two deviations (one action overdue), B's re-audit-free
    office audit 2023 of a supplier whose name starts like a formula, A's factory audit 2024."""
    formula = Supplier.objects.create(name='=HYPERLINK("x")', org_number=with_check_digit("559000001"))
    rated = audit_of("A")
    services.start_audit(acting_user=anna, audit=rated)
    criteria = list(rated.template.criteria.all())
    services.rate(
        acting_user=anna,
        audit=rated,
        ratings={
            criteria[0]: (Rating.Value.MEETS, "", ""),
            criteria[1]: (Rating.Value.PARTLY, "", "Saknar riskanalys"),
            criteria[2]: (Rating.Value.DOES_NOT_MEET, "", "Ingen rutin"),
        },
    )
    first, second = rated.deviations.order_by("clause__number")
    services.add_action(
        acting_user=anna, deviation=first, action=CorrectiveAction(description="Sen", due_on=datetime.date(2020, 1, 1))
    )
    services.add_action(
        acting_user=anna,
        deviation=second,
        action=CorrectiveAction(description="I tid", due_on=datetime.date(2099, 1, 1)),
    )
    old = audit_of("B", supplier=formula, planned_on=datetime.date(2023, 5, 1))
    factory = audit_of("A", kind=Audit.Kind.FACTORY, site="Fabrik 1", country="MY")
    return {"rated": rated, "old": old, "factory": factory, "formula": formula}


def _pks(response, name):
    return [row.pk for row in response.context[name]]


def test_audits_filter_by_year_kind_region_and_supplier_name(client, kansliet, listed):
    client.force_login(kansliet)
    url = reverse("audit_list")
    assert set(_pks(client.get(url, {"year": 2024}), "audits")) == {listed["rated"].pk, listed["factory"].pk}
    assert _pks(client.get(url, {"kind": "factory_audit"}), "audits") == [listed["factory"].pk]
    b = listed["old"].procurement_region_id
    assert _pks(client.get(url, {"procurement_region": b}), "audits") == [listed["old"].pk]
    assert _pks(client.get(url, {"q": "hyperlink"}), "audits") == [listed["old"].pk]
    assert _pks(client.get(url, {"status": "in_progress"}), "audits") == [listed["rated"].pk]


def test_audits_sort_oldest_first(client, kansliet, listed):
    client.force_login(kansliet)
    assert _pks(client.get(reverse("audit_list"), {"sort": "date"}), "audits")[0] == listed["old"].pk


def test_the_download_carries_the_filtered_rows_with_formulas_defused(client, kansliet, listed):
    client.force_login(kansliet)
    csv = client.get(reverse("audit_list"), {"year": 2023, "format": "csv"})
    assert csv["Content-Disposition"] == 'attachment; filename="revisioner.csv"'
    lines = csv.getvalue().decode("utf-8-sig").splitlines()
    assert len(lines) == 3  # the heading, the one audit of 2023, the sum row
    assert "'=HYPERLINK" in lines[1]
    assert lines[0].startswith("Nummer;År;Typ;") and lines[2] == "Summa" + ";" * 10 + "0;0"
    xlsx = client.get(reverse("audit_list"), {"year": 2023, "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 3
    assert sheet.cell(row=2, column=4).value == '\'=HYPERLINK("x")'
    assert sheet["K3"].value == "=SUM(K2:K2)"


def test_the_download_opens_in_swedish_excel_with_typed_cells_and_sums(client, kansliet, listed):
    client.force_login(kansliet)
    lines = (
        client.get(reverse("audit_list"), {"year": 2023, "format": "csv"}).getvalue().decode("utf-8-sig").splitlines()
    )
    assert lines[1].split(";")[7:9] == ["2023-05-01", ""]  # planned, not performed: an empty cell, not 0
    lines = (
        client.get(reverse("audit_list"), {"year": 2024, "format": "csv"}).getvalue().decode("utf-8-sig").splitlines()
    )
    assert len(lines) == 4 and lines[3].startswith("Summa;") and lines[3].endswith(";2;2")  # two deviations, open
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("audit_list"), {"year": 2023, "format": "xlsx"}).content)
    ).active
    assert sheet.freeze_panes == "A2"
    assert sheet["A2"].value == listed["old"].pk and sheet["A2"].data_type == "n"
    assert sheet["H2"].is_date and sheet["H2"].value.date() == datetime.date(2023, 5, 1)
    assert sheet["I2"].value is None


def test_overdue_actions_are_flagged_and_filtered(client, anna, listed):
    client.force_login(anna)
    overdue = client.get(reverse("action_list"), {"overdue": "true"})
    assert [action.description for action in overdue.context["actions"]] == ["Sen"]
    assert "Försenad" in overdue.content.decode()
    assert [a.description for a in client.get(reverse("action_list"), {"overdue": "false"}).context["actions"]] == [
        "I tid"
    ]


def test_deviations_filter_by_severity_and_show_the_worst_first(client, anna, listed):
    client.force_login(anna)
    url = reverse("deviation_list")
    assert [d.severity for d in client.get(url, {"sort": "severity"}).context["deviations"]] == ["major", "minor"]
    assert [d.description for d in client.get(url, {"severity": "minor"}).context["deviations"]] == [
        "Saknar riskanalys"
    ]


def test_suppliers_search_by_name_alias_and_number(client, anna, listed, supplier):
    supplier.aliases.create(name="Abkur")
    client.force_login(anna)
    url = reverse("supplier_list")
    assert _pks(client.get(url, {"q": "abkur"}), "suppliers") == [supplier.pk]
    assert _pks(client.get(url, {"q": supplier.org_number[:6]}), "suppliers") == [supplier.pk]
    page = client.get(url, {"sort": "-open"})
    assert _pks(page, "suppliers")[0] == supplier.pk
    assert page.context["suppliers"][0].open_deviations == 2


def test_an_empty_filter_says_so(client, anna, listed):
    client.force_login(anna)
    assert "Inga revisioner matchar filtret." in client.get(reverse("audit_list"), {"year": 1990}).content.decode()


def test_a_bad_filter_value_is_named_not_a_crash(client, anna, listed):
    client.force_login(anna)
    response = client.get(reverse("audit_list"), {"kind": "nonsense"})
    assert response.status_code == 200
    assert "nonsense" in response.content.decode()  # the choice field's message names the value


def test_the_template_list_counts_each_criterion_once_however_many_audits_used_it(client, anna, audit_of):
    audit_of("A")
    audit_of("A")
    client.force_login(anna)
    [template] = client.get(reverse("assessment_template_list")).context["templates"]
    assert (template.criterion_count, template.audit_count) == (3, 2)
