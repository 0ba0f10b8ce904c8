"""multistore_loyalty 18.0.1.0.0 -> 18.0.1.1.0, before the update.

(Shared by helpers "loyalty" and "reports": keep both parts.)

- Points adjustments record their decision with the shared workflow mixin
  of multistore_base: ``approval_date`` becomes ``date_approved`` (same
  meaning). The column and the field keep their data and their tracking.
- The tier mix and the settlement reports are ``_table_query`` models now;
  18.0.1.0.0 created them as SQL views in ``init()``: the views are dropped
  so that no object is left where the ORM now expects none.
"""

from odoo.tools import SQL

ADJUSTMENT_TABLE = "multistore_loyalty_adjustment"
ADJUSTMENT_MODEL = "multistore.loyalty.adjustment"
RENAMED_FIELDS = (("approval_date", "date_approved"),)
OLD_VIEWS = ("multistore_loyalty_tier_mix", "multistore_loyalty_settlement")


def _column_exists(cr, table, column):
    cr.execute(
        SQL(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = %s AND column_name = %s",
            table,
            column,
        )
    )
    return bool(cr.fetchone())


def _rename_field(cr, model, table, old, new):
    if _column_exists(cr, table, old) and not _column_exists(cr, table, new):
        cr.execute(
            SQL(
                "ALTER TABLE %s RENAME COLUMN %s TO %s",
                SQL.identifier(table),
                SQL.identifier(old),
                SQL.identifier(new),
            )
        )
    cr.execute(
        SQL(
            "UPDATE ir_model_fields SET name = %s WHERE model = %s AND name = %s",
            new,
            model,
            old,
        )
    )
    model_key = model.replace(".", "_")
    cr.execute(
        SQL(
            "UPDATE ir_model_data SET name = %s "
            "WHERE module = 'multistore_loyalty' AND model = 'ir.model.fields' "
            "AND name = %s",
            f"field_{model_key}__{new}",
            f"field_{model_key}__{old}",
        )
    )


def migrate(cr, version):
    if not version:
        return
    for old, new in RENAMED_FIELDS:
        _rename_field(cr, ADJUSTMENT_MODEL, ADJUSTMENT_TABLE, old, new)
    for view in OLD_VIEWS:
        cr.execute(SQL("DROP VIEW IF EXISTS %s CASCADE", SQL.identifier(view)))
