from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from base.text import refuse_control_characters
from regions import services
from regions.access import Role
from regions.models import Membership, ProcurementRegion, Region


class Command(BaseCommand):
    help = "Invite a person with one role (the way to create the first secretariat member on a new server)."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", required=True)
        parser.add_argument("--role", choices=Role.values, default=Role.SECRETARIAT)
        parser.add_argument("--region", help="short name of the region, e.g. Kalmar")
        parser.add_argument("--procurement-region", help="letter A–H")
        parser.add_argument("--site-url", default="http://127.0.0.1:8000", help="where the link in the e-mail points")

    def handle(self, email, name, role, region, procurement_region, site_url, **options):
        for argument, value, validate in (
            ("email", email, validate_email),
            ("--name", name, refuse_control_characters),
        ):
            try:
                validate(value)
            except ValidationError as error:
                raise CommandError(f"{argument} {value!r}: {' '.join(error.messages)}") from None
        membership = Membership(role=role)
        try:
            if region:
                membership.region = Region.objects.get(short_name=region)
            if procurement_region:
                membership.procurement_region = ProcurementRegion.objects.get(letter=procurement_region.upper())
            membership.full_clean(exclude=["user"])
            user = services.invite_person(
                acting_user=None, email=email, name=name, membership=membership, site_url=site_url
            )
        except (Region.DoesNotExist, ProcurementRegion.DoesNotExist):
            raise CommandError(f"No region {region!r} or procurement region {procurement_region!r}.") from None
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(self.style.SUCCESS(f"Invited {user.email} as {role}. The link to set a password:"))
        self.stdout.write(services.invitation_url(user, site_url))
