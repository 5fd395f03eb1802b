"""Import of attendance from a participant list (webinar tools export one as CSV or XLSX).

All or nothing (``base.imports``): the whole file is checked first, each problem names its
line and column, and one bad row refuses the file. A row names a person by e-mail:
- a registration of the event with that e-mail (a member's or an external person's) is marked
  as attended;
- otherwise a member with that e-mail gets a registration marked attended;
- otherwise an external person is registered as attended, with the row's name and organisation.
"""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields

from akademi.models import Event, Registration
from base.history import record_acting_user
from base.imports import AllOrNothingResource, line_of
from regions.models import User
from revisioner.resources import Problems, cell

YES = {"ja", "j", "yes", "y", "1", "true", "sant", "x"}
NO = {"nej", "n", "no", "0", "false", "falskt"}


class AttendanceResource(AllOrNothingResource):
    email = fields.Field(attribute="email", column_name="email")
    name = fields.Field(attribute="name", column_name="name")
    organisation = fields.Field(attribute="organisation", column_name="organisation")

    header_aliases = {
        "e-post": "email",
        "e-postadress": "email",
        "epost": "email",
        "e-mail": "email",
        "email address": "email",
        "namn": "name",
        "full name": "name",
        "deltagare": "name",
        "organization": "organisation",
        "företag": "organisation",
        "närvarade": "attended",
        "närvaro": "attended",
    }
    example = [
        {"email": "anna.andersson@region.example", "name": "Anna Andersson", "organisation": "Region Exempel"},
        {"email": "lev@leverantor.example", "name": "Lars Leverantör", "organisation": "Leverantören AB"},
    ]

    class Meta:
        model = Registration
        fields = ["email", "name", "organisation"]
        import_id_fields = []
        skip_diff = True

    def __init__(self, event: Event, user=None, **kwargs):
        super().__init__(**kwargs)
        self.event, self.user = event, user
        self._plan: list[dict] = []
        self._current: dict = {}

    def normalise_headers(self, dataset):
        if dataset.headers:
            dataset.headers = [str(header or "").lstrip("\ufeff") for header in dataset.headers]
        super().normalise_headers(dataset)

    def check_dataset(self, dataset) -> list[str]:
        if "email" not in (dataset.headers or []):
            return [_("Kolumnerna saknas: %(columns)s.") % {"columns": "email"}]
        while len(dataset) and not any(cell(value) for value in dataset[-1]):
            del dataset[-1]
        if not len(dataset):
            return [_("Filen har inga rader.")]
        rows = list(dataset.dict)
        registrations = Registration.objects.unscoped().filter(event=self.event).select_related("user")
        by_email = {registration.contact_email.lower(): registration for registration in registrations}
        emails = {cell(row.get("email")).lower() for row in rows}
        members = {user.email.lower(): user for user in User.objects.filter(email__in=emails, is_active=True)}
        problems, seen, self._plan = Problems(), {}, []
        for index, row in enumerate(rows):
            self._plan.append(self._check_row(row, line_of(index), problems, seen, by_email, members))
        return problems

    def _check_row(self, row, line, problems, seen, by_email, members) -> dict:
        email = cell(row.get("email")).lower()
        try:
            validate_email(email)
        except ValidationError:
            problems.add(line, "email", _("”%(value)s” är ingen e-postadress.") % {"value": email})
            return {}
        if email in seen:
            problems.add(
                line, "email", _("%(email)s finns redan på rad %(other)d.") % {"email": email, "other": seen[email]}
            )
            return {}
        seen[email] = line
        attended = cell(row.get("attended")).lower()
        if attended and attended not in YES | NO:
            problems.add(line, "attended", _("”%(value)s” är varken ja eller nej.") % {"value": attended})
        name, organisation = cell(row.get("name")), cell(row.get("organisation"))
        for column, value, limit in (("name", name, 150), ("organisation", organisation, 200)):
            if len(value) > limit:
                problems.add(line, column, _("högst %(count)d tecken.") % {"count": limit})
        existing = by_email.get(email)
        plan = {"existing": existing, "attended": attended not in NO}
        if existing is None and email in members:
            plan["fields"] = {"user": members[email]}
        elif existing is None:
            if not name:
                problems.add(line, "name", _("namnet behövs för den som inte är anmäld."))
            plan["fields"] = {"email": email, "name": name, "organisation": organisation}
        return plan

    # Writing: from the checked plan, not the widgets' reading of the cells

    def before_import_row(self, row, **kwargs):
        self._current = self._plan[kwargs["row_number"] - 1]

    def get_instance(self, instance_loader, row):
        return self._current.get("existing")

    def init_instance(self, row=None):
        return Registration(event=self.event, registered_at=timezone.now())

    def import_instance(self, instance, row, **kwargs):
        for attribute, value in self._current.get("fields", {}).items():
            setattr(instance, attribute, value)
        instance.attended = self._current["attended"]
        if instance.attended and instance.status != Registration.Status.REGISTERED:
            instance.status = Registration.Status.REGISTERED

    def before_save_instance(self, instance, row, **kwargs):
        record_acting_user(instance, self.user)

    @classmethod
    def example_columns(cls) -> list[str]:
        return ["email", "name", "organisation"]
