"""The academy: events (trainings, webinars, calibrations, the conference, e-learning), the
registrations of members and of external people with their attendance, invitations of newcomers,
and the coordinator diploma with its requirements as data.

Events are the whole network's (every member reads them). Registrations carry personal data:
they are read through ``Registration.objects.visible_to(user)`` — the secretariat sees every
registration, a member only their own. External people's personal data are anonymised a
configurable time after the event (``ACADEMY_RETENTION_DAYS``); the change history never keeps
their name, e-mail or organisation."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from akademi.access import DiplomaAccess, RegistrationAccess
from base.forms import once_token_field, version_field
from regions.access import ScopedModel
from regions.models import Organisation
from riskanalys.models import FileAttachment

PERSONAL_FIELDS = ["name", "email", "organisation"]


class EventQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(starts_at__year=year)

    def of_kind(self, *kinds):
        return self.filter(kind__in=kinds)

    def open_to_public(self):
        return self.filter(open_to_public=True)


class Event(models.Model):
    class Kind(models.TextChoices):
        INTRODUCTION = "introduction", _("Introduktionsutbildning")
        WEBINAR = "webinar", _("Webinarium")
        SUPPLIER_TRAINING = "supplier_training", _("Leverantörsutbildning")
        CALIBRATION = "calibration", _("Kalibrering av revisorer")
        CONFERENCE = "conference", _("Konferens")
        E_LEARNING = "e_learning", _("E-utbildning")
        MARKET_DIALOGUE = "market_dialogue", _("Marknadsdialog")
        OTHER = "other", _("Övrigt")

    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=300)
    theme = models.CharField(_("tema"), max_length=300, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    starts_at = models.DateTimeField(_("börjar"))
    ends_at = models.DateTimeField(_("slutar"), null=True, blank=True)
    place = models.CharField(_("plats"), max_length=200, blank=True)
    link = models.URLField(_("länk till mötet"), blank=True)
    co_organisers = models.ManyToManyField(
        Organisation, blank=True, related_name="academy_events", verbose_name=_("medarrangörer")
    )
    audience = models.CharField(_("målgrupp"), max_length=300, blank=True)
    open_to_public = models.BooleanField(
        _("öppen för externa"),
        default=False,
        help_text=_("Leverantörer och andra upphandlare kan anmäla sig i det öppna formuläret utan konto."),
    )
    capacity = models.PositiveIntegerField(
        _("antal platser"), null=True, blank=True, help_text=_("Tomt: obegränsat. När platserna är fulla: reservlista.")
    )
    registration_deadline = models.DateTimeField(_("sista anmälningsdag"), null=True, blank=True)
    recording_link = models.URLField(_("länk till inspelning"), blank=True)
    recorded_participants = models.PositiveIntegerField(
        _("redovisat antal deltagare"),
        null=True,
        blank=True,
        help_text=_("För evenemang där deltagarna inte är registrerade var för sig, t.ex. från tidigare år."),
    )
    recorded_participants_lower_bound = models.BooleanField(
        _("antalet är en nedre gräns"),
        default=False,
        help_text=_("Det redovisade antalet är en nedre gräns och skrivs ”över N”."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("skapad"), auto_now_add=True)
    version = version_field()
    created_with = once_token_field()
    history = HistoricalRecords()

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("evenemang")
        verbose_name_plural = _("evenemang")
        indexes = [models.Index(fields=["kind", "starts_at"], name="event_kind_starts")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")), name="event_period_in_order"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("event_detail", args=[self.pk])

    @property
    def ends(self):
        return self.ends_at or self.starts_at

    def registration_open(self, now=None) -> bool:
        """Open until the deadline, or until the event starts when there is none."""
        now = now or timezone.now()
        return now < (self.registration_deadline or self.starts_at)

    @property
    def is_past(self) -> bool:
        return self.ends < timezone.now()


class EventMaterial(FileAttachment):
    """A file of an event (slides, hand-outs), for the members of the network."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials")

    class Meta(FileAttachment.Meta):
        pass

    def get_absolute_url(self):
        return reverse("event_material", args=[self.event_id, self.pk])


class RegistrationQuerySet(RegistrationAccess):
    """Registrations; who sees and changes which is in akademi/access.py."""

    def active(self):
        return self.exclude(status__in=[Registration.Status.CANCELLED, Registration.Status.UNCONFIRMED])

    def attended(self):
        return self.filter(attended=True)

    def external(self):
        return self.filter(user__isnull=True)


class Registration(ScopedModel, models.Model):
    """A place at an event: a member (``user``) or an external person (name, e-mail, organisation)."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Ej bekräftad")  # an external address not confirmed yet: no place
        REGISTERED = "registered", _("Anmäld")
        WAITING = "waiting", _("Reservlista")
        CANCELLED = "cancelled", _("Avbokad")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="academy_registrations",
        verbose_name=_("person i nätverket"),
    )
    name = models.CharField(_("namn"), max_length=150, blank=True)
    email = models.EmailField(_("e-postadress"), blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    consent_at = models.DateTimeField(_("samtycke lämnat"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.REGISTERED)
    attended = models.BooleanField(_("närvarade"), default=False)
    registered_at = models.DateTimeField(_("anmäld"), default=timezone.now)
    confirmation_sent_at = models.DateTimeField(_("bekräftelse skickad"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymiserad"), null=True, blank=True)
    registered_with = once_token_field()  # the form of the latest registration (base.forms.save_once)
    history = HistoricalRecords(excluded_fields=PERSONAL_FIELDS)

    access_owner = "event_id"  # not a procurement region: the rules are in akademi/access.py
    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["registered_at", "pk"]
        verbose_name = _("anmälan")
        verbose_name_plural = _("anmälningar")
        indexes = [models.Index(fields=["event", "status"], name="registration_event_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"], condition=Q(user__isnull=False), name="registration_once_per_member"
            ),
            models.UniqueConstraint(
                fields=["event", "email"], condition=~Q(email=""), name="registration_once_per_email"
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email="") | Q(anonymised_at__isnull=False),
                name="registration_names_someone",
            ),
        ]

    def __str__(self):
        if self.user_id:
            return self.user.name
        return self.name or str(_("Anonymiserad deltagare"))

    @property
    def person_name(self) -> str:
        return str(self)

    @property
    def contact_email(self) -> str:
        return self.user.email if self.user_id else self.email

    @property
    def is_external(self) -> bool:
        return self.user_id is None


class NewcomerInvitation(models.Model):
    """An offer of an introduction training sent to someone new in the network."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="academy_invitations")
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="invitations")
    invited_at = models.DateTimeField(_("inbjuden"), default=timezone.now)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("skickad"), null=True, blank=True)

    class Meta:
        ordering = ["-invited_at"]
        verbose_name = _("inbjudan till introduktionsutbildning")
        verbose_name_plural = _("inbjudningar till introduktionsutbildning")
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="newcomer_invited_once_per_event")]

    def __str__(self):
        return f"{self.user} → {self.event}"


class DiplomaRequirement(models.Model):
    """One rule of the diploma programme: a number of audits, or attendance at a kind of event."""

    class Kind(models.TextChoices):
        AUDITS = "audits", _("Revisioner som revisor eller observatör")
        EVENT = "event", _("Deltagande i utbildning")

    kind = models.CharField(_("typ"), max_length=10, choices=Kind.choices)
    event_kind = models.CharField(_("typ av evenemang"), max_length=20, choices=Event.Kind.choices, blank=True)
    count = models.PositiveSmallIntegerField(_("antal"), default=1)
    label = models.CharField(_("krav"), max_length=200)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    active = models.BooleanField(_("gäller"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("krav för diplom")
        verbose_name_plural = _("krav för diplom")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="audits", event_kind="") | (Q(kind="event") & ~Q(event_kind="")),
                name="diploma_requirement_event_kind",
            ),
            models.CheckConstraint(condition=Q(count__gte=1), name="diploma_requirement_count_positive"),
        ]

    def __str__(self):
        return self.label


def certificate_path(instance, filename):
    return f"akademi/diplom/{instance.issued_at:%Y}/{filename}"


class Diploma(ScopedModel, models.Model):
    """Diplomerad samordnare – hållbar upphandling."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="academy_diploma", verbose_name=_("samordnare")
    )
    issued_at = models.DateField(_("utfärdat"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("utfärdat av"),
    )
    certificate = models.FileField(_("diplom (PDF)"), upload_to=certificate_path, blank=True)
    history = HistoricalRecords()

    access_owner = "user_id"  # not a procurement region: the rules are in akademi/access.py
    objects = DiplomaAccess.as_manager()

    class Meta:
        ordering = ["-issued_at", "pk"]
        verbose_name = _("diplom")
        verbose_name_plural = _("diplom")

    def __str__(self):
        return _("Diplom för %(name)s") % {"name": self.user}

    def get_absolute_url(self):
        return reverse("diploma_certificate", args=[self.pk])
