"""The change history (django-simple-history) names who acted, also outside a request."""


def record_acting_user(instance, acting_user) -> None:
    """Name ``acting_user`` in the history row that saving ``instance`` writes next."""
    instance._history_user = acting_user


def link_changes(records, field_names, user=None) -> list:
    """The change history of many-to-many links recorded with django-simple-history's
    ``m2m_fields``: ``records`` (historical rows of one object, newest first) each get ``links``, a
    list of ``(label, added, removed)`` with the names of what was linked and unlinked at that step
    (compared with the next older record given; the oldest, when it is the creation, with nothing).
    A linked row that ``user`` may not see is named "–". Two queries per field, however many records."""
    from django.apps import apps
    from simple_history.utils import get_m2m_reverse_field_name

    records = list(records)
    if not records:
        return records
    model = records[0].instance_type
    ids = [record.history_id for record in records]
    for record in records:
        record.links = []
    for name in field_names:
        field = model._meta.get_field(name)
        through = field.remote_field.through
        historical_links = apps.get_model(model._meta.app_label, f"Historical{through._meta.object_name}")
        target = get_m2m_reverse_field_name(field)
        linked = {history_id: set() for history_id in ids}
        for history_id, target_id in historical_links.objects.filter(history_id__in=ids).values_list(
            "history_id", f"{target}_id"
        ):
            linked[history_id].add(target_id)
        changes = []
        for index, record in enumerate(records):
            if index + 1 < len(records):
                before = linked[records[index + 1].history_id]
            elif record.history_type == "+":
                before = set()
            else:
                continue
            now = linked[record.history_id]
            if now != before:
                changes.append((record, now - before, before - now))
        if not changes:
            continue
        targets = field.related_model._default_manager
        targets = targets.visible_to(user) if hasattr(targets, "visible_to") else targets.all()
        names = {obj.pk: str(obj) for obj in targets.filter(pk__in=set().union(*(a | r for _, a, r in changes)))}
        for record, added, removed in changes:
            record.links.append(
                (
                    field.verbose_name,
                    sorted(names.get(pk, "–") for pk in added),
                    sorted(names.get(pk, "–") for pk in removed),
                )
            )
    return records
