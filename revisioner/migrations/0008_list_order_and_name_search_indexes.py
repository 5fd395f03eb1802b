"""Indexes for the big lists' default orders, and trigram indexes for name search on PostgreSQL.

The lists page on ids first (base.lists): the page's ids are read along these indexes. Name search
(``icontains`` on names) uses pg_trgm GIN indexes on PostgreSQL; on SQLite those are left out and the
search works as before. Written as SQL, since Django's model indexes cannot be made for one database only.
"""

from django.db import migrations

ORDER_INDEXES = [
    # name, table, columns (the default order of the list, with the primary key last)
    ("contract_list_order", "revisioner_contract", "starts_on DESC, id DESC"),
    ("supplier_list_order", "revisioner_supplier", "name, id"),
    ("supplier_list_created", "revisioner_supplier", "created_at DESC, id DESC"),
    ("audit_list_order", "revisioner_audit", "year DESC, planned_on DESC, id DESC"),
]
TRIGRAM_INDEXES = [
    # name, table, expression: icontains compares UPPER(column); the normalised names use contains
    ("supplier_name_trgm", "revisioner_supplier", "UPPER(name)"),
    ("supplier_normalised_name_trgm", "revisioner_supplier", "normalised_name"),
    ("supplier_alias_normalised_name_trgm", "revisioner_supplieralias", "normalised_name"),
    ("contract_title_trgm", "revisioner_contract", "UPPER(title)"),
]


def add_order_indexes(apps, schema_editor):
    for name, table, columns in ORDER_INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} ({columns})")


def drop_order_indexes(apps, schema_editor):
    for name, _table, _columns in ORDER_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


def add_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, expression in TRIGRAM_INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (({expression}) gin_trgm_ops)")


def drop_trigram_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _expression in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("revisioner", "0007_facilities")]

    operations = [
        migrations.RunPython(add_order_indexes, drop_order_indexes, elidable=False),
        migrations.RunPython(add_trigram_indexes, drop_trigram_indexes, elidable=False),
    ]
