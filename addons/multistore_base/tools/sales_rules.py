"""Sales rules shared by every Multistore addon: defined here, once.

Plain constants and SQL builders, with no model import, so that any addon
(models, reports, SQL views) can import them without an import cycle::

    from odoo.addons.multistore_base.tools.sales_rules import POS_SOLD_STATES

The rules:

- *Sold*: a till order counts once paid, posted or invoiced
  (``POS_SOLD_STATES``), a sales order once confirmed (``state = 'sale'``).
- *The day of a sale* is its date in the **store's time zone**: the time zone
  of the store's address, else that of its company's address, else UTC
  (``DEFAULT_STORE_TZ``). A sale at 23:30 in Shanghai is on that Shanghai day,
  whoever reads the figures and wherever the server runs. Weeks and months of
  sales are the weeks and months of that local day.
- *Amounts* of sales (revenue, the spend a member earns tiers by) are
  untaxed and in the company currency: the order's untaxed amount divided by
  its currency rate (``company_amount_sql``, ``member_spend_sql``).
- *Product cost*: the product's cost for the company (``product_cost_sql``).
"""

from odoo.tools import SQL

# Till order states that count as sold: paid, posted (done) or invoiced. A
# test of multistore_base checks that ``pos.order`` still offers each of them.
POS_SOLD_STATES = ("paid", "done", "invoiced")

# Time zone of the days of a store when neither its address nor its
# company's address names one.
DEFAULT_STORE_TZ = "UTC"


def _sql(value):
    return value if isinstance(value, SQL) else SQL(value)


def product_cost_sql(product_alias, company_sql):
    """SQL of the cost of a product for a company, 0 when it has none.

    :param str product_alias: alias of ``product_product`` in the query
    :param company_sql: SQL (or a plain SQL string) of the company id
    :rtype: odoo.tools.SQL
    """
    return SQL(
        "COALESCE((%s ->> %s::text)::numeric, 0.0)",
        SQL.identifier(product_alias, "standard_price"),
        _sql(company_sql),
    )


# -- the day of a sale: the store's time zone ---------------------------------


def store_tz(store):
    """Name of the time zone the days of ``store`` are counted in (Python).

    The same rule as :func:`store_tz_sql`: the store's address, else its
    company's address, else ``DEFAULT_STORE_TZ``.
    """
    # The time zones of addresses are settings of the store, not documents:
    # the rule holds whoever asks (as the SQL, which reads them directly).
    store = store.sudo()
    return store.partner_id.tz or store.company_id.partner_id.tz or DEFAULT_STORE_TZ


def store_tz_sql(store_alias):
    """SQL of the time zone of the store ``store_alias`` (a
    ``multistore_store`` row of the query): see :func:`store_tz`.

    :rtype: odoo.tools.SQL
    """
    return SQL(
        """COALESCE(
            (SELECT NULLIF(sp.tz, '') FROM res_partner sp
              WHERE sp.id = %(partner)s),
            (SELECT NULLIF(cp.tz, '') FROM res_company sc
               JOIN res_partner cp ON cp.id = sc.partner_id
              WHERE sc.id = %(company)s),
            %(default)s)""",
        partner=SQL.identifier(store_alias, "partner_id"),
        company=SQL.identifier(store_alias, "company_id"),
        default=DEFAULT_STORE_TZ,
    )


def store_timezones_sql():
    """Every store with its company and time zone: a query of
    ``(store_id, company_id, tz)`` rows, to join facts and orders with.

    :rtype: odoo.tools.SQL
    """
    return SQL(
        "SELECT s.id AS store_id, s.company_id, %s AS tz FROM multistore_store s",
        store_tz_sql("s"),
    )


def sale_local_day_sql(timestamp_sql, tz_sql):
    """SQL of the local day of an Odoo datetime (a UTC ``timestamp``
    column such as ``date_order``) in the time zone ``tz_sql``.

    :param timestamp_sql: SQL (or plain SQL string) of the UTC timestamp
    :param tz_sql: SQL (or plain SQL string) of the time zone name, usually
        :func:`store_tz_sql` or the ``tz`` column of :func:`store_timezones_sql`
    :rtype: odoo.tools.SQL
    """
    return SQL(
        "(timezone(%s, timezone('UTC', %s)))::date",
        _sql(tz_sql),
        _sql(timestamp_sql),
    )


def store_today_sql(tz_sql):
    """SQL of today's date in the time zone ``tz_sql`` (a store's today).

    :rtype: odoo.tools.SQL
    """
    return SQL("(timezone(%s, now()))::date", _sql(tz_sql))


# -- amounts: untaxed, company currency -----------------------------------------


def company_amount_sql(amount_sql, rate_sql):
    """SQL of an order amount converted to the company currency, with the
    order's ``currency_rate`` (order currency per company currency unit).

    :rtype: odoo.tools.SQL
    """
    return SQL("(%s / COALESCE(NULLIF(%s, 0), 1.0))", _sql(amount_sql), _sql(rate_sql))


def member_spend_sql():
    """Every sold order with a customer and the spend it counts for: the
    spend a member earns tiers by, shown by the tier mix report.

    Untaxed, in the company currency (as the sales facts count revenue): till
    orders paid, posted or invoiced (refunds are negative), confirmed sales
    orders. Columns: ``source`` ('pos' or 'sale'), ``order_id``,
    ``store_id``, ``partner_id`` (the order's customer, not its commercial
    entity), ``date_order`` (UTC) and ``amount``.

    :rtype: odoo.tools.SQL
    """
    return SQL(
        """
        SELECT 'pos' AS source, o.id AS order_id, o.store_id, o.partner_id,
               o.date_order, %(pos_amount)s AS amount
          FROM pos_order o
         WHERE o.state IN %(pos_states)s AND o.partner_id IS NOT NULL
        UNION ALL
        SELECT 'sale', so.id, so.store_id, so.partner_id, so.date_order,
               %(sale_amount)s
          FROM sale_order so
         WHERE so.state = 'sale'
        """,
        pos_amount=company_amount_sql(
            SQL("(o.amount_total - o.amount_tax)"), SQL("o.currency_rate")
        ),
        sale_amount=company_amount_sql(
            SQL("so.amount_untaxed"), SQL("so.currency_rate")
        ),
        pos_states=POS_SOLD_STATES,
    )
