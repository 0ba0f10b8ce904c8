"""Sales rules shared by every Multistore addon: defined here, once.

Plain constants and SQL builders, with no model import, so that any addon
(models, reports, SQL views) can import them without an import cycle::

    from odoo.addons.multistore_base.tools.sales_rules import POS_SOLD_STATES
"""

from odoo.tools import SQL

# Till order states that count as sold: paid, posted (done) or invoiced. A
# test of multistore_base checks that ``pos.order`` still offers each of them.
POS_SOLD_STATES = ("paid", "done", "invoiced")


def product_cost_sql(product_alias, company_sql):
    """SQL of the cost of a product for a company, 0 when it has none.

    :param str product_alias: alias of ``product_product`` in the query
    :param company_sql: SQL (or a plain SQL string) of the company id
    :rtype: odoo.tools.SQL
    """
    if not isinstance(company_sql, SQL):
        company_sql = SQL(company_sql)
    return SQL(
        "COALESCE((%s ->> %s::text)::numeric, 0.0)",
        SQL.identifier(product_alias, "standard_price"),
        company_sql,
    )
