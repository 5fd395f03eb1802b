"""The change history (django-simple-history) names who acted, also outside a request, and is written
in bulk beside rows written in bulk."""

from django.conf import settings
from django.db import connections, router
from django.utils import timezone


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


def bulk_create_with_history(objs, model, *, batch_size: int, user=None) -> list:
    """``objs`` written in bulk, each with its history row ("+", by ``user``), as
    django-simple-history's function of the same name writes them; but the history rows are copied
    by the database from the rows just written, one ``INSERT … SELECT`` per batch, instead of being
    built as Python objects and sent back. For a 50 000-row import that was a third of its time."""
    using = router.db_for_write(model)
    created = model._default_manager.using(using).bulk_create(objs, batch_size=batch_size)
    if not created or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return created
    history = model.history.model
    if user is None:  # the request's user, as the built-in function takes it
        user = history.get_default_history_user(created[0])
    if created[0].pk is None or hasattr(history, "history_relation"):
        # Ids not returned by this database, or history rows of a shape this copy does not know.
        model.history.bulk_history_create(created, batch_size=batch_size, default_user=user)
        return created
    connection = connections[using]
    quote = connection.ops.quote_name
    meta = history._meta
    tracked = ", ".join(quote(field.column) for field in history.tracked_fields)
    own = ", ".join(
        quote(meta.get_field(name).column)
        for name in ("history_date", "history_change_reason", "history_type", "history_user")
    )
    moment = meta.get_field("history_date").get_db_prep_value(timezone.now(), connection)
    with connection.cursor() as cursor:
        for start in range(0, len(created), batch_size):
            ids = [obj.pk for obj in created[start : start + batch_size]]
            cursor.execute(
                f"INSERT INTO {quote(meta.db_table)} ({tracked}, {own}) "  # noqa: S608 (names from the models)
                f"SELECT {tracked}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} "
                f"WHERE {quote(model._meta.pk.column)} IN ({', '.join(['%s'] * len(ids))})",
                [moment, None, "+", getattr(user, "pk", None), *ids],
            )
    return created
