from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from ekonomi import services
from ekonomi.models import FiscalYear


class Command(BaseCommand):
    help = "Allocate a year's fees over the regions by population: a total (largest remainder) or per inhabitant."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        basis = parser.add_mutually_exclusive_group(required=True)
        basis.add_argument("--total", type=int, help="kronor to allocate, e.g. 10000000")
        basis.add_argument("--per-inhabitant", help="kronor per inhabitant, e.g. 1.05")
        parser.add_argument("--reason", default="", help="required when the allocation is already adopted")

    def handle(self, year, total, per_inhabitant, reason, **options):
        try:
            fiscal_year = FiscalYear.objects.get(year=year)
            rate = Decimal(per_inhabitant) if per_inhabitant is not None else None
            fees = services.allocate_fees(
                acting_user=None, fiscal_year=fiscal_year, total=total, per_inhabitant=rate, reason=reason
            )
        except FiscalYear.DoesNotExist:
            raise CommandError(f"No fiscal year {year}.") from None
        except InvalidOperation:
            raise CommandError(f"--per-inhabitant {per_inhabitant!r} is not a number.") from None
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        for fee in sorted(fees, key=lambda fee: fee.region.short_name):
            self.stdout.write(f"{fee.region.short_name:<22} {fee.population:>10} {fee.amount:>12}")
        self.stdout.write(
            self.style.SUCCESS(f"Allocated {sum(fee.amount for fee in fees)} kr over {len(fees)} regions.")
        )
