"""Who may see and change suppliers' contracts, audits, their findings and the audit plan.

- Every member reads the network's contracts and the plan; audits are ``restricted`` to their
  procurement region (and the people named in them) until closed, then ``network``.
- Deviations and corrective actions follow their audit.
- The coordinators of the leading procurement region write an audit or contract; the
  secretariat writes everything, approves summaries, adopts templates and the plan, and is the
  only one to change an adopted plan.

The rules read the person's scope (regions.access) here and nowhere else in the app; models,
forms, services and views ask the predicates below. This module imports no model of its own app
(the models import it): a rule that needs one looks it up through the app registry.
"""

from django.apps import apps
from django.db.models import Q

from base.cache import reader_of
from regions.access import (
    Capability,
    Scope,
    ScopedQuerySet,
    Visibility,
    get_scope,
    has_capability,
    may_change,
)

# QuerySets -------------------------------------------------------------------------------------


def contract_visibility_filter(scope: Scope, user, prefix: str = ""):
    """Which contracts ``user`` sees; ``prefix`` applies the rule to the contract of another row
    (``"contract__"`` for a contract's regions)."""
    return None if scope.roles else Q(**{f"{prefix}pk__in": []})


class ContractAccess(ScopedQuerySet):
    """Every member sees the network's contracts; the owning procurement region's coordinators
    and the secretariat change them."""

    def visibility_filter(self, scope: Scope, user):
        return contract_visibility_filter(scope, user)


def contracts_seen_by(user, prefix: str = "") -> Q:
    """The contracts ``user`` sees (``ContractAccess``) as a condition on the contract of a row, by
    ``prefix``: for figures computed from contracts, such as the selection ranking's."""
    return contract_visibility_filter(get_scope(user), user, prefix) or Q()


def audit_visibility_filter(scope: Scope, user, prefix: str = ""):
    """Which audits ``user`` sees. ``prefix`` applies the rule to the audit of another row
    (``"audit__"`` for deviations): a condition on the joined audit, which the database plans
    better than ``audit IN (…)``."""
    if scope.is_secretariat:
        return None
    if not scope.roles:
        return Q(pk__in=[])
    participants = apps.get_model("revisioner", "AuditParticipant").objects
    named = Q(**{f"{prefix}pk__in": participants.filter(user=user.pk).values("audit_id")})
    return (
        Q(**{f"{prefix}visibility__in": [Visibility.PUBLIC, Visibility.NETWORK]})
        | Q(
            **{
                f"{prefix}visibility": Visibility.RESTRICTED,
                f"{prefix}procurement_region_id__in": scope.procurement_region_ids,
            }
        )
        | named
    )


class AuditAccess(ScopedQuerySet):
    def visibility_filter(self, scope: Scope, user, prefix: str = ""):
        return audit_visibility_filter(scope, user, prefix)


# What a supplier's contact person reads of the audits of its own suppliers: the deviations once the
# report is written (never an audit's internal notes, never another supplier's rows).
REPORTED_AUDIT_STATES = ("report_drafted", "awaiting_actions", "closed")


class DeviationAccess(ScopedQuerySet):
    def visibility_filter(self, scope: Scope, user):
        return audit_visibility_filter(scope, user, prefix="audit__")

    def for_supplier_contact(self, user):
        """The deviations of the audits of the suppliers ``user`` answers for, once reported."""
        return self._scoped(Q(audit__supplier_id__in=supplier_ids_of(user), audit__status__in=REPORTED_AUDIT_STATES))

    def edit_filter(self, scope: Scope, user):
        if scope.is_secretariat:
            return None
        return Q(audit__procurement_region_id__in=scope.coordinated_procurement_region_ids)


class CorrectiveActionAccess(ScopedQuerySet):
    def visibility_filter(self, scope: Scope, user):
        return audit_visibility_filter(scope, user, prefix="deviation__audit__")

    def for_supplier_contact(self, user):
        """The corrective actions of the deviations ``DeviationAccess.for_supplier_contact`` gives."""
        return self._scoped(
            Q(
                deviation__audit__supplier_id__in=supplier_ids_of(user),
                deviation__audit__status__in=REPORTED_AUDIT_STATES,
            )
        )

    def edit_filter(self, scope: Scope, user):
        if scope.is_secretariat:
            return None
        return Q(deviation__audit__procurement_region_id__in=scope.coordinated_procurement_region_ids)


class PlanEntryAccess(ScopedQuerySet):
    def visibility_filter(self, scope: Scope, user):
        return None if scope.roles else Q(pk__in=[])


class ImportJobAccess(ScopedQuerySet):
    """An import in the background is seen by the person who started it and by the secretariat;
    it holds a file of theirs and what it would change, not the network's."""

    def visibility_filter(self, scope: Scope, user):
        return None if scope.is_secretariat else Q(requested_by=user.pk)

    def edit_filter(self, scope: Scope, user):
        return Q(requested_by=user.pk)  # the import runs with its starter's rights: only they confirm it


# Leading audits and contracts ------------------------------------------------------------------


def can_write_for(user, procurement_region) -> bool:
    """Audits, contracts and plan entries are written by the coordinators of their procurement
    region (and the secretariat)."""
    scope = get_scope(user)
    return scope.is_secretariat or procurement_region.pk in scope.coordinated_procurement_region_ids


def procurement_regions_for(user, queryset):
    """Those of the procurement regions in ``queryset`` that ``user`` may write for (form choices)."""
    scope = get_scope(user)
    return queryset if scope.is_secretariat else queryset.filter(pk__in=scope.coordinated_procurement_region_ids)


def own_procurement_region_ids(user) -> frozenset[int]:
    """The procurement regions that are a person's own, for the pages that open on one (the
    ranking): those they coordinate, else those of their memberships; none for the secretariat
    without a membership of one."""
    scope = get_scope(user)
    return scope.coordinated_procurement_region_ids or scope.procurement_region_ids


def can_write_audits(user) -> bool:
    """Suppliers, contracts and audits: create them, import them (each row still asks ``can_write_for``)."""
    return has_capability(user, Capability.WRITE_AUDITS)


def can_edit(user, obj) -> bool:
    """Whether ``obj`` (a contract or an audit) is among the rows ``user`` may change."""
    return may_change(user, obj)


def _contracting_filter(scope: Scope) -> Q:
    """Suppliers with a contract (of any year) of one of the procurement regions ``scope`` coordinates."""
    contracts = apps.get_model("revisioner", "Contract").objects.unscoped()
    regions = scope.coordinated_procurement_region_ids
    return Q(pk__in=contracts.filter(procurement_region_id__in=regions).values("supplier_id"))


def can_edit_supplier(user, supplier) -> bool:
    """A supplier is changed (its name, identity, aliases, parent company) by the secretariat and by
    the coordinators of a procurement region holding a contract with it, of any year; a
    coordinator whose region never bought from it does not change it."""
    scope = get_scope(user)
    if scope.is_secretariat:
        return True
    if supplier.pk is None or not scope.coordinated_procurement_region_ids:
        return False
    return type(supplier).objects.filter(_contracting_filter(scope), pk=supplier.pk).exists()


def supplier_ids_editable_by(user) -> frozenset[int] | None:
    """The ids of the suppliers ``user`` may change (``can_edit_supplier``), in one query; None for all."""
    scope = get_scope(user)
    if scope.is_secretariat:
        return None
    if not scope.coordinated_procurement_region_ids:
        return frozenset()
    suppliers = apps.get_model("revisioner", "Supplier").objects.filter(_contracting_filter(scope))
    return frozenset(suppliers.values_list("pk", flat=True))


def can_read_national_figures(user) -> bool:
    """Whether ``user`` reads the audit statistics of every audit (the steering dashboard's readers),
    not only of the audits they see."""
    return has_capability(user, Capability.VIEW_DASHBOARD)


def sees_every_audit_and_contract(user) -> bool:
    """Whether ``user``'s rules filter no audit, deviation or contract (the secretariat), so that
    what they see is what the system sees (the selection ranking keeps one copy for them all)."""
    return get_scope(user).is_secretariat


def follow_up_reader(user) -> str:
    """Whose copy of the cached follow-up figures and rows (the ranking, the audit, deviation,
    contract and action lists) ``user`` reads: one for all who see every row (the system, None, and
    the secretariat, whose rules filter nothing), else their own (their memberships, and the audits
    they are named in, decide what they see)."""
    if user is None or sees_every_audit_and_contract(user):
        return "all"
    return reader_of(user)


# The secretariat's part ------------------------------------------------------------------------


def can_manage_audits(user) -> bool:
    """Templates, the plan, merging suppliers and the published summaries."""
    return has_capability(user, Capability.MANAGE_AUDITS)


def can_merge_suppliers(user) -> bool:
    return can_manage_audits(user)


def can_approve_summary(user) -> bool:
    """Approve or withdraw an audit's summary for publication."""
    return can_manage_audits(user)


def can_adopt_template(user, template) -> bool:
    return can_manage_audits(user) and template.status == template.Status.DRAFT


# The national audit plan -----------------------------------------------------------------------


def can_change_plan(user, plan) -> bool:
    """Until the plan is adopted its rows change; after, only the secretariat changes it."""
    return plan is None or plan.adopted_at is None or get_scope(user).is_secretariat


def can_select_for_plan(user, plan) -> bool:
    return can_write_audits(user) and can_change_plan(user, plan)


def can_adopt_plan(user, plan) -> bool:
    """Whether ``user`` may adopt ``plan`` now: a plan that exists and is not adopted yet."""
    return can_manage_audits(user) and plan is not None and not plan.adopted_at


def plan_region_ids_for(user) -> frozenset[int] | None:
    """The procurement regions whose plan rows ``user`` may remove; None for all of them."""
    scope = get_scope(user)
    return None if scope.is_secretariat else scope.coordinated_procurement_region_ids


# Suppliers' contact persons --------------------------------------------------------------------

# How deep the parent tree is followed: a group of companies is rarely more than a few levels.
MAX_GROUP_DEPTH = 6


def supplier_ids_of(user) -> frozenset[int]:
    """The suppliers a supplier's contact person answers for: those they are a contact of and their
    subsidiaries (the ``parent`` tree, downwards). None for anyone else. Read once per request."""
    cached = getattr(user, "_supplier_ids", None)
    if cached is not None:
        return cached
    ids: frozenset[int] = frozenset()
    if get_scope(user).supplier_contact:
        contacts = apps.get_model("revisioner", "SupplierContact").objects
        ids = frozenset(contacts.filter(user=user.pk).values_list("supplier_id", flat=True))
        suppliers = apps.get_model("revisioner", "Supplier").objects
        level = ids
        for _depth in range(MAX_GROUP_DEPTH):
            level = frozenset(suppliers.filter(parent_id__in=level).values_list("pk", flat=True)) - ids
            if not level:
                break
            ids |= level
    user._supplier_ids = ids
    return ids


def answering_supplier_ids(supplier_id) -> frozenset[int]:
    """The suppliers whose contact persons answer for ``supplier_id``: itself and the companies above
    it (the ``parent`` tree, upwards) — the other side of ``supplier_ids_of``."""
    return answering_supplier_ids_of([supplier_id])[supplier_id]


def answering_supplier_ids_of(supplier_ids) -> dict[int, frozenset[int]]:
    """``answering_supplier_ids`` of many suppliers at once: one query per level of the tree (at
    most MAX_GROUP_DEPTH), however many suppliers are asked about."""
    suppliers = apps.get_model("revisioner", "Supplier").objects
    parent_of: dict[int, int | None] = {}
    wanted = set(supplier_ids)
    for _depth in range(MAX_GROUP_DEPTH + 1):
        wanted -= parent_of.keys()
        if not wanted:
            break
        rows = dict(suppliers.filter(pk__in=wanted).values_list("pk", "parent_id"))
        parent_of.update(dict.fromkeys(wanted, None) | rows)
        wanted = {parent for parent in rows.values() if parent is not None}
    answering = {}
    for supplier_id in supplier_ids:
        ids, current = {supplier_id}, supplier_id
        for _depth in range(MAX_GROUP_DEPTH):
            current = parent_of.get(current)
            if current is None or current in ids:
                break
            ids.add(current)
        answering[supplier_id] = frozenset(ids)
    return answering


def answers_for_supplier(user, supplier_id) -> bool:
    """Whether ``user`` is a contact person of this supplier (or of a company above it)."""
    return supplier_id in supplier_ids_of(user)


def can_invite_supplier_contact(user, supplier) -> bool:
    """Who may change a supplier (``can_edit_supplier``) invites and removes its contact persons."""
    return can_edit_supplier(user, supplier)


def can_review_for(user, procurement_region) -> bool:
    """Answers of a supplier (self-assessments, action plans, evidence) are reviewed by the
    coordinators of the procurement region that asked (and the secretariat)."""
    return can_write_for(user, procurement_region)


def can_confirm_import(user, job) -> bool:
    """Only the person who started an import confirms or restarts it: it writes with their rights."""
    return user.is_authenticated and job.requested_by_id == user.pk
