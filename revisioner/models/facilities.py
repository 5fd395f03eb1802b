"""The factories that factory audits visit, named so that results can be matched across buyers."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

# Open Supply Hub's identity of a facility: the country's two letters, seven digits and six
# letters or digits, e.g. CN2019303BQ3FZP.
validate_os_id = RegexValidator(
    r"^[A-Z]{2}[0-9]{7}[A-Z0-9]{6}$",
    _("Ett OS ID består av landskod, sju siffror och sex tecken, t.ex. CN2019303BQ3FZP."),
)


class Facility(models.Model):
    """A production site (a factory), known to the whole network like the suppliers."""

    name = models.CharField(_("anläggning"), max_length=200)
    address = models.CharField(_("adress"), max_length=300, blank=True)
    country = models.CharField(_("land"), max_length=2, help_text=_("ISO 3166-1, t.ex. CN."))
    os_id = models.CharField(
        _("OS ID i Open Supply Hub"),
        max_length=15,
        blank=True,
        validators=[validate_os_id],
        help_text=_("När det är känt, t.ex. CN2019303BQ3FZP."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)

    class Meta:
        ordering = ["name", "country"]
        verbose_name = _("anläggning")
        verbose_name_plural = _("anläggningar")
        constraints = [
            models.UniqueConstraint(fields=["os_id"], condition=~Q(os_id=""), name="facility_unique_os_id"),
        ]

    def __str__(self):
        return f"{self.name}, {self.country}"
