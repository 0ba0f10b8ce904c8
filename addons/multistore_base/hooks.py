from odoo.tools import SQL
from odoo.tools.sql import column_exists, create_column, index_exists

# Large document tables get their ``store_id`` column (and index) before the
# ORM sees the new field: with the column already there, Odoo does not
# recompute the field for every existing row at install time.  Existing rows
# are back-filled later, in batches, by the setup wizard.
STORE_COLUMNS = (
    "sale_order",
    "sale_order_line",
    "pos_order",
    "pos_order_line",
    "pos_session",
    "stock_picking",
)


def pre_init_hook(env):
    cr = env.cr
    for table in STORE_COLUMNS:
        if not column_exists(cr, table, "store_id"):
            create_column(cr, table, "store_id", "int4")
        index = f"{table}__store_id_index"
        if not index_exists(cr, index):
            cr.execute(
                SQL(
                    "CREATE INDEX %s ON %s (store_id)",
                    SQL.identifier(index),
                    SQL.identifier(table),
                )
            )
