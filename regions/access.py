"""Who may see and change what: the one place for the rules of access.

- Roles (held through a Membership per role and region) map to capabilities;
  views declare the capability they need and never test role names.
- Rows that belong to someone carry an owning procurement region and a
  visibility level; ``ScopedQuerySet.visible_to(user)`` and ``editable_by(user)``
  turn the rules into one filter.
- An object outside a user's scope answers 404 (``get_for_user``), so
  its existence does not leak; the denial is logged.
- With ``TENANT_SCOPE_GUARD`` on (DEBUG and tests), evaluating a QuerySet of
  tenant data that went through neither ``visible_to``/``editable_by`` nor an
  explicit ``unscoped()`` raises ``UnscopedQueryError``.
"""

import contextvars
import enum
import functools
import logging
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext_lazy as _

security_log = logging.getLogger("hallbar.security")


class Role(models.TextChoices):
    SECRETARIAT = "secretariat", _("Kansliet")
    COORDINATOR = "coordinator", _("Regional samordnare")
    REGION_CONTACT = "region_contact", _("Kontaktperson i region")
    STEERING = "steering", _("Styrgruppen")
    FINANCE = "finance", _("Ekonomi")
    SUPPLIER_CONTACT = "supplier_contact", _("Leverantörskontakt")


# Roles that hold for the whole cooperation, and roles that need a region or procurement region.
NATIONAL_ROLES = {Role.SECRETARIAT, Role.STEERING}
PROCUREMENT_REGION_ROLES = {Role.COORDINATOR}
REGION_ROLES = {Role.REGION_CONTACT}
# A supplier's contact person answers for a supplier (revisioner.SupplierContact says which one); they
# are not a member of the cooperation: no region, no member pages, nothing of the network's.
SUPPLIER_ROLES = {Role.SUPPLIER_CONTACT}
MEMBER_ROLES = frozenset(set(Role) - SUPPLIER_ROLES)


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Offentlig")
    NETWORK = "network", _("Nätverket")
    RESTRICTED = "restricted", _("Begränsad")
    CONFIDENTIAL = "confidential", _("Konfidentiell")


class Capability(enum.StrEnum):
    PUBLIC = "public"  # anyone, logged in or not
    MEMBER = "member"  # any active member of the cooperation
    VIEW_PROGRAMME = "view_programme"  # the secretariat's programme overview
    MANAGE_PEOPLE = "manage_people"  # invite people, change roles, deactivate
    USE_ADMIN = "use_admin"  # the Django admin
    VIEW_DASHBOARD = "view_dashboard"  # the steering dashboard and reports
    EDIT_PROGRAMME = "edit_programme"  # goals, hand-entered metrics, the report's texts; starts reports
    VIEW_FINANCE = "view_finance"  # fees and the balance statement
    EDIT_FINANCE = "edit_finance"
    WRITE_RISK_ANALYSES = "write_risk_analyses"  # risk analyses and action plans of one's procurement region
    MANAGE_CATEGORIES = "manage_categories"  # the category tree, priorities; publishes risk analyses
    MANAGE_REQUIREMENTS = "manage_requirements"  # harmonised requirements, consultations, adoption
    WRITE_AUDITS = "write_audits"  # suppliers, contracts and the audits led by one's procurement region
    MANAGE_AUDITS = "manage_audits"  # assessment templates, the audit plan, merging suppliers, approving summaries
    RECORD_INCIDENTS = "record_incidents"  # open incident cases and work on those one is named in
    MANAGE_ACADEMY = "manage_academy"  # academy events, participant lists, attendance, newcomers, diplomas
    ANSWER_FOR_SUPPLIER = "answer_for_supplier"  # a supplier's own pages: questionnaires, deviations, plans


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.SECRETARIAT: frozenset(
        {
            Capability.MEMBER,
            Capability.VIEW_PROGRAMME,
            Capability.EDIT_PROGRAMME,
            Capability.MANAGE_PEOPLE,
            Capability.USE_ADMIN,
            Capability.VIEW_DASHBOARD,
            Capability.VIEW_FINANCE,
            Capability.EDIT_FINANCE,
            Capability.WRITE_RISK_ANALYSES,
            Capability.MANAGE_CATEGORIES,
            Capability.MANAGE_REQUIREMENTS,
            Capability.WRITE_AUDITS,
            Capability.MANAGE_AUDITS,
            Capability.RECORD_INCIDENTS,
            Capability.MANAGE_ACADEMY,
        }
    ),
    Role.COORDINATOR: frozenset(
        {Capability.MEMBER, Capability.WRITE_RISK_ANALYSES, Capability.WRITE_AUDITS, Capability.RECORD_INCIDENTS}
    ),
    Role.REGION_CONTACT: frozenset({Capability.MEMBER, Capability.RECORD_INCIDENTS}),
    Role.STEERING: frozenset({Capability.MEMBER, Capability.VIEW_DASHBOARD, Capability.VIEW_FINANCE}),
    Role.FINANCE: frozenset(
        {Capability.MEMBER, Capability.VIEW_DASHBOARD, Capability.VIEW_FINANCE, Capability.EDIT_FINANCE}
    ),
    Role.SUPPLIER_CONTACT: frozenset({Capability.ANSWER_FOR_SUPPLIER}),
}

# Roles that must use a second factor when REQUIRE_MFA is on, before anything else.
MFA_ROLES = frozenset({Role.SECRETARIAT, Role.FINANCE})
# Whoever holds one of these must use a second factor on the finance pages (fees, the balance
# statement, fee letters) when REQUIRE_MFA is on, whatever the role: e.g. the steering group.
MFA_CAPABILITIES = frozenset({Capability.VIEW_FINANCE, Capability.EDIT_FINANCE})


@dataclass(frozen=True)
class Scope:
    """What one user's memberships amount to; computed once per request.

    ``roles`` are the roles in the cooperation (a non-empty set makes a member of the network);
    a supplier's contact person has none of them, only ``supplier_contact``."""

    roles: frozenset[str]
    region_ids: frozenset[int]
    procurement_region_ids: frozenset[int]  # through any membership, also of a member region
    coordinated_procurement_region_ids: frozenset[int]  # as coordinator
    contact_region_ids: frozenset[int] = frozenset()  # as the region's contact person
    supplier_contact: bool = False  # answers for a supplier (revisioner.access.supplier_ids_of says which)

    @functools.cached_property  # asked a few dozen times a page (the menu, the buttons)
    def capabilities(self) -> frozenset[Capability]:
        supplier = ROLE_CAPABILITIES[Role.SUPPLIER_CONTACT] if self.supplier_contact else frozenset()
        return frozenset().union(supplier, *(ROLE_CAPABILITIES[role] for role in self.roles))

    @property
    def is_secretariat(self) -> bool:
        return Role.SECRETARIAT in self.roles


EMPTY_SCOPE = Scope(frozenset(), frozenset(), frozenset(), frozenset())


def get_scope(user) -> Scope:
    """The user's scope, read with one query and kept on the user object for the request."""
    if not user.is_authenticated or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, "_access_scope", None)
    if cached is not None:
        return cached
    return keep_scope(user, user.memberships.select_related("region").order_by())


def keep_scope(user, memberships) -> Scope:
    """The scope of ``memberships`` (the user's, each with its region), kept on ``user`` for the request."""
    roles, regions, procurement_regions, coordinated, contact = set(), set(), set(), set(), set()
    supplier_contact = False
    for membership in memberships:
        if membership.role in SUPPLIER_ROLES:
            supplier_contact = True
            continue
        roles.add(membership.role)
        if membership.region_id:
            regions.add(membership.region_id)
            procurement_regions.add(membership.region.procurement_region_id)
            if membership.role == Role.REGION_CONTACT:
                contact.add(membership.region_id)
        if membership.procurement_region_id:
            procurement_regions.add(membership.procurement_region_id)
            if membership.role == Role.COORDINATOR:
                coordinated.add(membership.procurement_region_id)
    scope = Scope(
        frozenset(roles),
        frozenset(regions),
        frozenset(procurement_regions),
        frozenset(coordinated),
        frozenset(contact),
        supplier_contact,
    )
    user._access_scope = scope
    return scope


def forget_scope(user) -> None:
    """Drop the cached scope (and what was read from it) after the user's memberships changed."""
    user.__dict__.pop("_access_scope", None)
    user.__dict__.pop("_supplier_ids", None)


def has_capability(user, capability: Capability) -> bool:
    if capability == Capability.PUBLIC:
        return True
    return capability in get_scope(user).capabilities


def speaks_for_region(user, region) -> bool:
    """Whether a person answers consultations and records uptake for ``region``: the secretariat
    for every region, a region's contact persons for their own."""
    scope = get_scope(user)
    return scope.is_secretariat or region.pk in scope.contact_region_ids


def region_ids_spoken_for(user, region_ids) -> frozenset[int]:
    """Those of ``region_ids`` for which ``speaks_for_region`` holds, without a query each."""
    scope = get_scope(user)
    return frozenset(region_ids) if scope.is_secretariat else scope.contact_region_ids & frozenset(region_ids)


def must_use_mfa(user) -> bool:
    """Whether ``user`` sets up a second factor before any page (their role is in MFA_ROLES)."""
    return settings.REQUIRE_MFA and bool(get_scope(user).roles & MFA_ROLES)


# Set at login (sso.signals): True when the region's identity provider said it did MFA.
IDP_MFA_SESSION_KEY = "hallbar_idp_mfa"


def has_second_factor(request) -> bool:
    """Whether this session counts as MFA for REQUIRE_MFA: the person uses the app's own TOTP
    (allauth asks it at every login), or their identity provider did MFA at this login."""
    from allauth.mfa.utils import is_mfa_enabled  # allauth's models: not loaded when this module is

    return is_mfa_enabled(request.user) or bool(request.session.get(IDP_MFA_SESSION_KEY))


def must_use_mfa_on_page(user, *, path: str, capability: "Capability | None" = None) -> bool:
    """Whether ``user`` needs a second factor to open this page: a finance page (under one of
    ``settings.MFA_FINANCE_PATHS``, or a view declaring a capability of MFA_CAPABILITIES) asks it
    of everyone holding a capability of MFA_CAPABILITIES, when REQUIRE_MFA is on."""
    if not settings.REQUIRE_MFA or not get_scope(user).capabilities & MFA_CAPABILITIES:
        return False
    finance_paths = tuple(getattr(settings, "MFA_FINANCE_PATHS", ()))
    return capability in MFA_CAPABILITIES or bool(finance_paths and path.startswith(finance_paths))


def requires(capability: Capability):
    """Declare the capability a function view needs; DeclaredAccessMiddleware enforces it.

    Class-based views declare it as the class attribute ``capability``.
    """

    def decorate(view):
        view.capability = capability
        return view

    return decorate


def declared_capability(view_func) -> Capability | None:
    declared = getattr(view_func, "capability", None)
    if declared is None:
        declared = getattr(getattr(view_func, "view_class", None), "capability", None)
    return declared


class CapabilityBackend:
    """Gives Django permissions (the admin asks for them) to whoever may use the admin."""

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm, obj=None):
        return user_obj.is_active and has_capability(user_obj, Capability.USE_ADMIN)

    def has_module_perms(self, user_obj, app_label):
        return self.has_perm(user_obj, f"{app_label}.*")


# Scoped QuerySets ------------------------------------------------------------------------------


class UnscopedQueryError(RuntimeError):
    pass


_reading_as_system = contextvars.ContextVar("reading_as_system", default=False)


@contextmanager
def reading_as_system():
    """Reads that check the data itself (uniqueness), not reads for a person."""
    token = _reading_as_system.set(True)
    try:
        yield
    finally:
        _reading_as_system.reset(token)


class ScopedModel:
    """Mixin for models read through a ScopedQuerySet: Django's uniqueness checks
    (model and form validation) look at every row, as the database does."""

    def validate_unique(self, exclude=None):
        with reading_as_system():
            return super().validate_unique(exclude=exclude)

    def validate_constraints(self, exclude=None):
        with reading_as_system():
            return super().validate_constraints(exclude=exclude)


class ScopedQuerySet(models.QuerySet):
    """A QuerySet of tenant data: read it through ``visible_to``/``editable_by``.

    Models declare where their owner and visibility live:

    - ``access_owner`` — the lookup of the owning procurement region's id
      (e.g. ``"procurement_region_id"`` or ``"audit__procurement_region_id"``);
    - ``access_visibility`` — the lookup of the Visibility field, or None when
      every row is ``restricted``;
    - ``access_participants`` — the lookup of named participant users, or None.

    Code that acts for the system (services called with ids, commands,
    migrations) says so with ``unscoped()``.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._access_scoped = False

    def _clone(self):
        clone = super()._clone()
        clone._access_scoped = self._access_scoped
        return clone

    def _scoped(self, query_filter: Q | None):
        clone = self._chain() if query_filter is None else self.filter(query_filter)
        clone._access_scoped = True
        return clone

    def unscoped(self):
        return self._scoped(None)

    def visible_to(self, user):
        return self._scoped(self.visibility_filter(get_scope(user), user))

    def editable_by(self, user):
        return self._scoped(self.edit_filter(get_scope(user), user))

    # The default rules (docs/decisions/0001); each app's access.py overrides them where its rows need.

    def visibility_filter(self, scope: Scope, user) -> Q | None:
        meta = self.model
        visibility = getattr(meta, "access_visibility", "visibility")
        participants = getattr(meta, "access_participants", None)
        if scope.is_secretariat:
            return None
        if not scope.roles:
            return Q(**{visibility: Visibility.PUBLIC}) if visibility else Q(pk__in=[])
        owned = Q(**{f"{meta.access_owner}__in": scope.procurement_region_ids})
        named = Q(**{participants: user.pk}) if participants else Q(pk__in=[])
        if visibility is None:
            return owned | named
        return (
            Q(**{f"{visibility}__in": [Visibility.PUBLIC, Visibility.NETWORK]})
            | (Q(**{visibility: Visibility.RESTRICTED}) & owned)
            | named
        )

    def edit_filter(self, scope: Scope, user) -> Q | None:
        if scope.is_secretariat:
            return None
        return Q(**{f"{self.model.access_owner}__in": scope.coordinated_procurement_region_ids})

    # The guard: every way of reading rows checks that the QuerySet was scoped.

    def _check_scoped(self):
        if not settings.TENANT_SCOPE_GUARD or self._access_scoped or "instance" in self._hints:
            return
        if _reading_as_system.get():
            return
        raise UnscopedQueryError(
            f"{self.model.__name__} rows read without visible_to(user), editable_by(user) or unscoped()"
        )

    def _fetch_all(self):
        if self._result_cache is None:
            self._check_scoped()
        super()._fetch_all()

    def iterator(self, *args, **kwargs):
        self._check_scoped()
        return super().iterator(*args, **kwargs)

    def count(self):
        if self._result_cache is None:
            self._check_scoped()
        return super().count()

    def exists(self):
        if self._result_cache is None:
            self._check_scoped()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._check_scoped()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs):
        self._check_scoped()
        return super().update(**kwargs)

    def delete(self):
        self._check_scoped()
        return super().delete()


def may_change(user, obj) -> bool:
    """Whether ``obj`` is among the rows ``user`` may change (its model's edit rule), asked of the database."""
    return type(obj).objects.editable_by(user).filter(pk=obj.pk).exists()


def get_for_user(queryset, user, *, edit=False, **lookup):
    """One object the user may see (or, with ``edit``, change), or 404.

    "Missing" and "not yours" answer the same 404; a denial (the row exists but
    is out of the user's scope) is logged with the user.
    """
    scoped = queryset.editable_by(user) if edit else queryset.visible_to(user)
    try:
        return scoped.get(**lookup)
    except scoped.model.DoesNotExist:
        if scoped.model._base_manager.filter(**lookup).exists():
            security_log.warning(
                "denied %s of %s %s to user %s", "edit" if edit else "view", scoped.model._meta.label, lookup, user.pk
            )
        raise Http404 from None


# The people of the cooperation ----------------------------------------------------------------


class UserAccess(models.QuerySet):
    """People are managed by the secretariat; members of the network see the other members.

    Not a ScopedQuerySet: people are not tenant data with an owning procurement region."""

    def visible_to(self, user):
        scope = get_scope(user)
        if scope.is_secretariat:
            return self
        if not scope.roles:
            return self.none()
        return self.filter(is_active=True, memberships__role__in=MEMBER_ROLES).distinct()

    def editable_by(self, user):
        return self if get_scope(user).is_secretariat else self.none()


class MembershipAccess(ScopedQuerySet):
    """Who holds which role where. Members of the network see each other's roles in the cooperation
    (a supplier's contact persons are not among them); the secretariat sees and manages all."""

    def visibility_filter(self, scope, user):
        if scope.is_secretariat:
            return None
        return Q(role__in=MEMBER_ROLES) if scope.roles else Q(pk__in=[])

    def edit_filter(self, scope, user):
        return None if scope.is_secretariat else Q(pk__in=[])


# What a person's roles lead to: the navigation and the start page ask these -------------------


def is_steering(user) -> bool:
    """A member of the steering group."""
    return Role.STEERING in get_scope(user).roles


def is_finance(user) -> bool:
    """Keeps the cooperation's books (the finance role)."""
    return Role.FINANCE in get_scope(user).roles


def is_coordinator(user) -> bool:
    """Coordinates the work of at least one procurement region."""
    return Role.COORDINATOR in get_scope(user).roles


def is_region_contact(user) -> bool:
    """A region's contact person, for at least one region."""
    return Role.REGION_CONTACT in get_scope(user).roles


def is_supplier_contact(user) -> bool:
    """A supplier's contact person (who answers for the supplier; not a member of the cooperation)."""
    return get_scope(user).supplier_contact


def holds_member_role(user) -> bool:
    """Whether the person holds a role in the cooperation, read from their memberships (also for an
    account not active now, whose scope is empty)."""
    return user.memberships.filter(role__in=MEMBER_ROLES).exists()


def holds_supplier_role(user) -> bool:
    """Whether the person holds the role of a supplier's contact person (active or not)."""
    return user.memberships.filter(role__in=SUPPLIER_ROLES).exists()


def role_excluded_for(user, role) -> bool:
    """A person is either a member of the cooperation or a supplier's contact person, never both:
    a member's pages show what a supplier must not see, and a supplier's contact person reads
    only their own supplier's rows. True when ``role`` is of the other kind than one ``user`` holds."""
    return holds_member_role(user) if role in SUPPLIER_ROLES else holds_supplier_role(user)


def contact_region_ids_of(user) -> frozenset[int]:
    """The regions the person is a contact person of, none for anyone else."""
    return get_scope(user).contact_region_ids


def coordinated_procurement_region_ids_of(user) -> frozenset[int]:
    """The procurement regions the person coordinates (as coordinator), none for anyone else."""
    return get_scope(user).coordinated_procurement_region_ids


# Capabilities for templates --------------------------------------------------------------------


class Can:
    """A person's capabilities as attributes for templates: ``{% if can.manage_audits %}`` asks
    ``has_capability(user, Capability.MANAGE_AUDITS)``. Nothing is read until a template asks
    (the scope is then read once per request and shared with the access checks)."""

    def __init__(self, user):
        self._user = user
        self._answers = {}

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        try:
            capability = Capability(name)
        except ValueError:
            raise AttributeError(name) from None
        if capability not in self._answers:
            self._answers[capability] = has_capability(self._user, capability)
        return self._answers[capability]
