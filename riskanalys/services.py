"""The workflow of risk analyses (draft → review → published) and changes to the category tree.

Each function is atomic and records the acting user in the change history."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from base.forms import bump, check_version, locked, locked_copy, save_once
from base.history import record_acting_user
from regions.access import Visibility
from riskanalys.access import can_change_submitted_analysis, writes_for_every_procurement_region
from riskanalys.models import Activity, Category, CategoryPriority, RiskAnalysis, RiskAssessment


def check_category_for(user, category: Category, procurement_region) -> None:
    """A coordinator writes analyses only for categories their procurement region is responsible for."""
    if writes_for_every_procurement_region(user):
        return
    if not category.procurement_regions.filter(pk=procurement_region.pk).exists():
        raise ValidationError(
            {"category": _("Upphandlingsregion %(letter)s ansvarar inte för kategorin %(category)s.")
             % {"letter": procurement_region.letter, "category": category.name}}
        )  # fmt: skip


@transaction.atomic
def save_analysis(
    *,
    acting_user,
    analysis: RiskAnalysis,
    assessments: dict[str, tuple[int, int, str]],
    responsible_regions=None,
    responsible_organisations=None,
) -> RiskAnalysis:
    """Create or change a draft with its risk matrix: {dimension: (likelihood, severity, comment)},
    and, when given, the regions and organisations responsible for it.

    A new analysis carrying a form's one-time token (``analysis.created_with``) that created one
    before raises base.forms.AlreadyCreated with it; a change of a row whose version is not the one
    the person saw (``analysis.version``) raises base.forms.StaleEdit."""
    if analysis.pk is not None:
        # A change: of the row as stored now (locked), and of the version the person's form started from.
        current = locked_copy(analysis)
        if current.status != RiskAnalysis.Status.DRAFT and not can_change_submitted_analysis(acting_user):
            raise ValidationError(_("Bara ett utkast kan ändras."))
        check_version(current, analysis.version)
    check_category_for(acting_user, analysis.category, analysis.procurement_region)
    if analysis.pk is None:
        analysis.created_by = acting_user
    else:
        bump(analysis)

    def save():
        # The token's unique key is save_once's to check: it shows the first analysis.
        analysis.full_clean(exclude=["responsible_regions", "responsible_organisations", "created_with"])
        record_acting_user(analysis, acting_user)
        analysis.save()

    if analysis.pk is None:
        save_once(analysis, save)
    else:
        save()
    for dimension, (likelihood, severity, comment) in assessments.items():
        assessment = analysis.assessments.filter(dimension=dimension).first() or RiskAssessment(
            analysis=analysis, dimension=dimension
        )
        assessment.likelihood, assessment.severity, assessment.comment = likelihood, severity, comment
        assessment.full_clean()
        record_acting_user(assessment, acting_user)
        assessment.save()
    if responsible_regions is not None:
        analysis.responsible_regions.set(responsible_regions)
    if responsible_organisations is not None:
        analysis.responsible_organisations.set(responsible_organisations)
    return analysis


def _move(analysis, acting_user, *, from_status, to_status, **changes):
    # The state as stored now, the row locked: a page read before another's step cannot move it back.
    locked(analysis)
    if analysis.status != from_status:
        raise ValidationError(
            _("Det går inte: analysen har status %(status)s.") % {"status": analysis.get_status_display()}
        )
    analysis.status = to_status
    for field, value in changes.items():
        setattr(analysis, field, value)
    record_acting_user(analysis, acting_user)
    bump(analysis).save()
    return analysis


@transaction.atomic
def submit_for_review(*, acting_user, analysis: RiskAnalysis) -> RiskAnalysis:
    if analysis.assessments.count() == 0:
        raise ValidationError(_("Fyll i riskmatrisen innan analysen skickas för granskning."))
    return _move(analysis, acting_user, from_status=RiskAnalysis.Status.DRAFT, to_status=RiskAnalysis.Status.REVIEW)


@transaction.atomic
def publish(*, acting_user, analysis: RiskAnalysis, public: bool = True) -> RiskAnalysis:
    """The secretariat publishes a reviewed analysis: for everyone, or for the network only."""
    return _move(
        analysis,
        acting_user,
        from_status=RiskAnalysis.Status.REVIEW,
        to_status=RiskAnalysis.Status.PUBLISHED,
        visibility=Visibility.PUBLIC if public else Visibility.NETWORK,
        published_at=timezone.now(),
    )


@transaction.atomic
def return_to_draft(*, acting_user, analysis: RiskAnalysis) -> RiskAnalysis:
    return _move(
        analysis,
        acting_user,
        from_status=RiskAnalysis.Status.REVIEW,
        to_status=RiskAnalysis.Status.DRAFT,
        visibility=Visibility.RESTRICTED,
    )


@transaction.atomic
def move_category(*, acting_user, category: Category, new_parent: Category | None) -> Category:
    """Move a category with its whole subtree under another parent (or to the top level)."""
    # Paths shift when siblings are added; work on the rows as they are now.
    category = Category.objects.get(pk=category.pk)
    new_parent = Category.objects.get(pk=new_parent.pk) if new_parent is not None else None
    if new_parent is not None and (new_parent == category or new_parent.is_descendant_of(category)):
        raise ValidationError(_("En kategori kan inte flyttas in under sig själv eller någon av sina underkategorier."))
    if new_parent is None:
        Category.objects.move(category, Category.objects.get_tree().first(), "sorted-sibling")
    else:
        Category.objects.move(category, new_parent, "sorted-child")
    return Category.objects.get(pk=category.pk)


@transaction.atomic
def merge_categories(*, acting_user, source: Category, target: Category) -> Category:
    """Merge ``source`` into ``target``: its children, analyses, priorities, activities and
    responsibilities move to the target, and the source is removed."""
    source, target = Category.objects.get(pk=source.pk), Category.objects.get(pk=target.pk)
    if source == target or target.is_descendant_of(source):
        raise ValidationError(_("En kategori kan inte slås ihop med sig själv eller en underkategori."))
    for child in Category.objects.get_children(source):
        Category.objects.move(child, Category.objects.get(pk=target.pk), "sorted-child")
    source = Category.objects.get(pk=source.pk)
    RiskAnalysis.objects.unscoped().filter(category=source).update(category=target)
    for priority in source.priorities.all():
        if not target.priorities.filter(start_year=priority.start_year, end_year=priority.end_year).exists():
            priority.category = target
            priority.save(update_fields=["category"])
    for activity in Activity.objects.filter(categories=source):
        activity.categories.add(target)
    target.procurement_regions.add(*source.procurement_regions.all())
    target.risk_areas.add(*source.risk_areas.all())
    source.delete()
    return Category.objects.get(pk=target.pk)


@transaction.atomic
def prioritise(*, acting_user, category: Category, start_year: int, end_year: int, reason="") -> CategoryPriority:
    priority, _created = CategoryPriority.objects.get_or_create(
        category=category, start_year=start_year, end_year=end_year, defaults={"reason": reason}
    )
    return priority


@transaction.atomic
def add_activity(*, acting_user, plan, activity: Activity, categories) -> Activity:
    """Add an activity to the plan; one carrying a form's one-time token (``activity.created_with``)
    that added one before raises base.forms.AlreadyCreated with it."""
    activity.plan = plan
    record_acting_user(activity, acting_user)
    save_once(activity, activity.save)
    activity.categories.set(categories)
    return activity


@transaction.atomic
def attach(*, acting_user, analysis: RiskAnalysis, attachment) -> None:
    attachment.analysis, attachment.uploaded_by = analysis, acting_user
    attachment.save()
