"""The tenants and the people: regions, procurement regions, organisations, users and memberships."""

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from regions.access import (
    NATIONAL_ROLES,
    PROCUREMENT_REGION_ROLES,
    REGION_ROLES,
    SUPPLIER_ROLES,
    MembershipAccess,
    Role,
    UserAccess,
)


class ProcurementRegion(models.Model):
    """One of the eight regional groupings (A–H) that share the work by purchasing category."""

    letter = models.CharField(_("bokstav"), max_length=1, unique=True)
    responsibility_sv = models.TextField(_("ansvarsområde (svenska)"))
    responsibility_en = models.TextField(_("ansvarsområde (engelska)"), blank=True)

    class Meta:
        ordering = ["letter"]
        verbose_name = _("upphandlingsregion")
        verbose_name_plural = _("upphandlingsregioner")
        constraints = [
            models.CheckConstraint(condition=Q(letter__in=list("ABCDEFGH")), name="procurement_region_letter_a_to_h"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("procurement_region_detail", args=[self.letter])

    @property
    def name(self):
        return _("Upphandlingsregion %(letter)s") % {"letter": self.letter}

    @property
    def responsibility(self):
        if get_language() == "en" and self.responsibility_en:
            return self.responsibility_en
        return self.responsibility_sv


class Region(models.Model):
    """One of Sweden's 21 regions: the tenants of the cooperation."""

    county_code = models.CharField(_("länskod"), max_length=2, unique=True, help_text=_("SCB:s länskod, t.ex. 01."))
    letter_code = models.CharField(_("länsbokstav"), max_length=2, unique=True)
    name = models.CharField(_("namn"), max_length=100, unique=True)
    short_name = models.CharField(_("kortnamn"), max_length=50, unique=True)
    slug = models.SlugField(unique=True)
    procurement_region = models.ForeignKey(
        ProcurementRegion,
        on_delete=models.PROTECT,
        related_name="regions",
        verbose_name=_("upphandlingsregion"),
    )

    class Meta:
        ordering = ["short_name"]
        verbose_name = _("region")
        verbose_name_plural = _("regioner")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("region_detail", args=[self.slug])


class RiskArea(models.Model):
    """The risk areas the regional groups divided between them (eight in 2021)."""

    name_sv = models.CharField(_("namn (svenska)"), max_length=100)
    name_en = models.CharField(_("namn (engelska)"), max_length=100, blank=True)
    year = models.PositiveSmallIntegerField(_("år"))

    class Meta:
        ordering = ["year", "name_sv"]
        verbose_name = _("riskområde")
        verbose_name_plural = _("riskområden")
        constraints = [models.UniqueConstraint(fields=["name_sv", "year"], name="risk_area_unique_per_year")]

    def __str__(self):
        return self.name

    @property
    def name(self):
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name_sv


class Population(models.Model):
    """A region's population in a year: the basis of the fee."""

    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="populations", verbose_name=_("region"))
    year = models.PositiveSmallIntegerField(_("år"))
    inhabitants = models.PositiveIntegerField(_("invånare"))
    source = models.CharField(_("källa"), max_length=200)
    history = HistoricalRecords()

    class Meta:
        ordering = ["region", "-year"]
        verbose_name = _("befolkning")
        verbose_name_plural = _("befolkning")
        constraints = [models.UniqueConstraint(fields=["region", "year"], name="population_unique_per_region_year")]

    def __str__(self):
        return f"{self.region.short_name} {self.year}: {self.inhabitants}"


class Organisation(models.Model):
    """A body the cooperation works with: networks, purchasing centres, authorities, NGOs."""

    class Kind(models.TextChoices):
        NETWORK = "network", _("Nätverk")
        PURCHASING_CENTRE = "purchasing_centre", _("Inköpscentral")
        AUTHORITY = "authority", _("Myndighet")
        CIVIL_SOCIETY = "civil_society", _("Civilsamhälle")
        FOREIGN_BUYER = "foreign_buyer", _("Utländsk upphandlande organisation")
        SUPPLY_ORGANISATION = "supply_organisation", _("Försörjningsorganisation")
        ECOLABEL = "ecolabel", _("Miljömärkning")
        OTHER = "other", _("Övrig")

    name = models.CharField(_("namn"), max_length=200, unique=True)
    short_name = models.CharField(_("kortnamn"), max_length=50, blank=True)
    slug = models.SlugField(unique=True)
    kind = models.CharField(_("typ"), max_length=30, choices=Kind.choices)
    country = models.CharField(_("land"), max_length=2, default="SE", help_text=_("ISO 3166-1, t.ex. SE."))
    description = models.TextField(_("beskrivning"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")

    def __str__(self):
        return self.short_name or self.name


class UserQuerySet(UserAccess):
    """Searches and filters of the people list; who sees whom is regions.access.UserAccess."""

    def search(self, text):
        return self.filter(Q(name__icontains=text) | Q(email__icontains=text)) if text else self

    def with_role(self, role):
        return self.filter(memberships__role=role).distinct() if role else self

    def in_procurement_region(self, procurement_region):
        if not procurement_region:
            return self
        return self.filter(
            Q(memberships__procurement_region=procurement_region)
            | Q(memberships__region__procurement_region=procurement_region)
        ).distinct()

    STATUSES = {
        # Accepted: a password chosen, or signed in once (through the region's identity provider).
        "active": Q(is_active=True) & (~Q(password__startswith=UNUSABLE_PASSWORD_PREFIX) | Q(last_login__isnull=False)),
        "invited": Q(is_active=True, password__startswith=UNUSABLE_PASSWORD_PREFIX, last_login=None),
        "inactive": Q(is_active=False),
    }

    def with_status(self, status):
        return self.filter(self.STATUSES[status]) if status else self

    def status_counts(self) -> dict[str, int]:
        return self.aggregate(**{status: Count("pk", filter=condition) for status, condition in self.STATUSES.items()})


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra_fields):
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra_fields)


class User(AbstractUser):
    """A person, identified by e-mail. Roles come from memberships, never from flags on the user."""

    username = None
    first_name = None
    last_name = None
    name = models.CharField(_("namn"), max_length=150)
    email = models.EmailField(_("e-postadress"), unique=True)
    title = models.CharField(_("befattning"), max_length=150, blank=True)
    invited_at = models.DateTimeField(_("inbjuden"), null=True, blank=True)
    invited_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("inbjuden av")
    )
    # A coordinator's role is of a procurement region; the region that employs them is recorded here
    # (by the secretariat), so that they read their own region's fee letter (ekonomi.access).
    employing_region = models.ForeignKey(
        "Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employees",
        verbose_name=_("anställd av region"),
        help_text=_("Regionen som personen är anställd av. Personen kan läsa regionens avgiftsbrev."),
    )

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        ordering = ["name", "email"]
        verbose_name = _("person")
        verbose_name_plural = _("personer")

    def __str__(self):
        return self.name or self.email

    def get_full_name(self):
        return self.name

    def get_short_name(self):
        return self.name.split(" ")[0] if self.name else self.email

    def get_absolute_url(self):
        return reverse("person_detail", args=[self.pk])

    @property
    def has_accepted_invitation(self):
        """A password chosen, or signed in once through the region's identity provider."""
        return self.has_usable_password() or self.last_login is not None


class MembershipQuerySet(MembershipAccess):
    """Who holds which role where; the rules are regions.access.MembershipAccess."""


# The rules of where a role holds; the form shows the same messages next to the field concerned.
MESSAGE_REGION_OR_PROCUREMENT_REGION = _("Välj antingen en region eller en upphandlingsregion, inte båda.")
MESSAGE_COORDINATOR_NEEDS_PROCUREMENT_REGION = _("En regional samordnare behöver en upphandlingsregion.")
MESSAGE_CONTACT_NEEDS_REGION = _("En kontaktperson behöver en region.")
MESSAGE_NATIONAL_ROLE = _("Rollen gäller hela samarbetet och har ingen region.")


class Membership(models.Model):
    """A user's role, nationally or for a region or procurement region. One row per role and place."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person"))
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="memberships", verbose_name=_("region")
    )
    procurement_region = models.ForeignKey(
        ProcurementRegion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("upphandlingsregion"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("organisation"),
        help_text=_("T.ex. LfU eller RMC för ledamöter i styrgruppen."),
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    history = HistoricalRecords()

    access_owner = "procurement_region_id"
    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["role", "procurement_region__letter", "region__short_name"]
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=True) | Q(procurement_region__isnull=True),
                name="membership_region_or_procurement_region",
                violation_error_message=MESSAGE_REGION_OR_PROCUREMENT_REGION,
            ),
            models.CheckConstraint(
                condition=~Q(role__in=PROCUREMENT_REGION_ROLES) | Q(procurement_region__isnull=False),
                name="membership_coordinator_has_procurement_region",
                violation_error_message=MESSAGE_COORDINATOR_NEEDS_PROCUREMENT_REGION,
            ),
            models.CheckConstraint(
                condition=~Q(role__in=REGION_ROLES) | Q(region__isnull=False),
                name="membership_region_contact_has_region",
                violation_error_message=MESSAGE_CONTACT_NEEDS_REGION,
            ),
            models.CheckConstraint(
                condition=~Q(role__in=NATIONAL_ROLES | SUPPLIER_ROLES)
                | Q(region__isnull=True, procurement_region__isnull=True),
                name="membership_national_role_has_no_region",
                violation_error_message=MESSAGE_NATIONAL_ROLE,
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=Q(region__isnull=True, procurement_region__isnull=True),
                name="membership_unique_national",
            ),
            models.UniqueConstraint(
                fields=["user", "role", "region"], condition=Q(region__isnull=False), name="membership_unique_region"
            ),
            models.UniqueConstraint(
                fields=["user", "role", "procurement_region"],
                condition=Q(procurement_region__isnull=False),
                name="membership_unique_procurement_region",
            ),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} {self.place or ''}".strip()

    @property
    def place(self):
        return self.region or self.procurement_region
