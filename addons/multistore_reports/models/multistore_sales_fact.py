import logging
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools import SQL, create_index

from odoo.addons.multistore_base.tools.sales_rules import (
    POS_SOLD_STATES,
    company_amount_sql,
    product_cost_sql,
    sale_local_day_sql,
    store_timezones_sql,
)

from .multistore_fact_mixin import FactScope

_logger = logging.getLogger(__name__)

# ir.config_parameter holding the time (UTC) of the last fact refresh.
REFRESHED_AT_PARAM = "multistore_reports.facts_refreshed_at"
# Orders written by a transaction that started before a refresh but committed
# after it carry a write_date older than the refresh: look back this far so
# that such orders are picked up by the next run.
REFRESH_OVERLAP = timedelta(minutes=15)


class MultistoreSalesFact(models.Model):
    """What a store sold of a product on a day (POS and sales orders).

    Reports read this table instead of the raw order lines: a chain has
    millions of lines, and every report would otherwise join orders, lines,
    products and currencies again. The rows are written only by SQL in
    :meth:`_refresh_facts`, which recomputes just the (store, day) pairs whose
    orders changed since the previous run.
    """

    _name = "multistore.sales.fact"
    _inherit = "multistore.fact.mixin"
    _description = "Daily Sales per Store and Product"
    _order = "date desc, store_id, product_id"
    _rec_name = "product_id"
    _fact_sequence = 10

    date = fields.Date(required=True, readonly=True, index=True)
    store_id = fields.Many2one(
        "multistore.store", required=True, readonly=True, ondelete="cascade"
    )
    company_id = fields.Many2one("res.company", readonly=True)
    product_id = fields.Many2one(
        "product.product", required=True, readonly=True, ondelete="cascade"
    )
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    qty = fields.Float(
        string="Quantity",
        digits="Product Unit of Measure",
        readonly=True,
        help="Quantity in the product's unit of measure; refunds count negative.",
    )
    revenue = fields.Float(
        digits="Product Price",
        readonly=True,
        help="Untaxed sales in the company currency.",
    )
    discount = fields.Float(
        string="Discount Amount", digits="Product Price", readonly=True
    )
    cost = fields.Float(digits="Product Price", readonly=True)
    margin = fields.Float(digits="Product Price", readonly=True)
    order_count = fields.Integer(
        string="Orders", readonly=True, help="Distinct orders, refunds included."
    )

    _sql_constraints = [
        (
            "store_product_date_uniq",
            "unique(store_id, product_id, date)",
            "One fact row per store, product and day: refresh the facts instead.",
        ),
    ]

    def init(self):
        # Reports filter on a period and group by store: (date, store) serves
        # both; (store, product, date) comes with the unique constraint.
        create_index(
            self.env.cr,
            "multistore_sales_fact_date_store_idx",
            self._table,
            ["date", "store_id"],
        )
        create_index(
            self.env.cr,
            "multistore_sales_fact_product_store_date_idx",
            self._table,
            ["product_id", "store_id", "date"],
        )

    @api.model
    def action_refresh_facts(self):
        """Refresh now, from the menu: same incremental run as the cron.

        Store managers and chain managers only: the refresh rewrites the
        figures of every store (it is not limited by the store rules), so a
        cashier's client may not start it at will.
        """
        self._multistore_require_group(
            "multistore_base.group_store_manager",
            action=self.env._("refresh the store figures"),
        )
        self._refresh_facts()
        return self._refresh_notification()

    @api.model
    def action_rebuild_facts(self):
        """Rebuild every fact from the orders (after a data correction).

        Chain managers only: it empties every fact table of the chain and
        recomputes the whole history.
        """
        self._multistore_require_group(
            "multistore_base.group_chain_manager",
            action=self.env._("rebuild every store figure"),
        )
        self._refresh_facts(full=True)
        return self._refresh_notification()

    @api.model
    def _refresh_notification(self):
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": self.env._("Store figures are up to date."),
                "type": "success",
                "sticky": False,
            },
        }

    @api.model
    def _cron_refresh_facts(self):
        self._refresh_facts()

    @api.model
    def _fact_models(self):
        """Every fact model (``multistore.fact.mixin``), in refresh order."""
        names = self.env.registry.descendants(["multistore.fact.mixin"], "_inherit")
        facts = [self.env[name] for name in names if not self.env[name]._abstract]
        return sorted(facts, key=lambda model: (model._fact_sequence, model._name))

    @api.model
    def _refresh_facts(self, full=False):
        """Bring every fact table up to date with the orders and the stock.

        The one orchestrator of the fact models (``_fact_models``).
        Incremental (default): only the (store, day) pairs that have an order
        written since the last run are deleted and recomputed, so an hourly
        run costs a few hundred rows, not the whole history. ``full=True``
        rebuilds every table. Runs in the caller's transaction: a failure
        leaves the previous figures in place.
        """
        self.env.flush_all()
        cr = self.env.cr
        icp = self.env["ir.config_parameter"].sudo()
        cr.execute("SELECT (now() AT TIME ZONE 'UTC')::timestamp")
        started_at = cr.fetchone()[0]
        last = icp.get_param(REFRESHED_AT_PARAM)
        scope = FactScope(full=full or not last)
        drop = SQL("DROP TABLE IF EXISTS %s, %s", scope.pairs, scope.lines)
        cr.execute(drop)
        pairs = None
        if not scope.full:
            since = fields.Datetime.to_datetime(last) - REFRESH_OVERLAP
            cr.execute(self._changed_pairs_sql(since, scope))
            cr.execute(SQL("SELECT count(*) FROM %s", scope.pairs))
            pairs = cr.fetchone()[0]
        if scope.full or pairs:
            cr.execute(
                SQL(
                    "CREATE TEMP TABLE %s AS %s",
                    scope.lines,
                    self._source_lines_sql(scope),
                )
            )
        facts = self._fact_models()
        for model in facts:
            if scope.full:
                model._fact_rebuild(scope)
            elif pairs or not model._fact_follows_orders:
                model._fact_delete_range(scope)
                model._fact_insert_range(scope)
        cr.execute(drop)
        icp.set_param(REFRESHED_AT_PARAM, fields.Datetime.to_string(started_at))
        for model in facts:
            model.invalidate_model()
        _logger.info(
            "Store facts refreshed (%s)",
            "full rebuild" if scope.full else f"{pairs} store-days",
        )
        return True

    @api.model
    def _store_tz_sql(self):
        """Each store's company and the time zone its days are counted in
        (the rule of ``multistore_base.tools.sales_rules``: the store's
        address, else its company's, else UTC)."""
        return store_timezones_sql()

    @api.model
    def _local_day_sql(self, column):
        return sale_local_day_sql(column, SQL("st.tz"))

    @api.model
    def _changed_pairs_sql(self, since, scope):
        """(store, day) pairs with an order or sale line written since
        ``since``, into the table ``scope.pairs``."""
        return SQL(
            """
            CREATE TEMP TABLE %(pairs)s AS
            WITH st AS (%(store_tz)s)
            SELECT DISTINCT o.store_id, %(pos_day)s AS date
              FROM pos_order o JOIN st ON st.store_id = o.store_id
             WHERE o.write_date >= %(since)s
            UNION
            SELECT so.store_id, %(sale_day)s
              FROM sale_order so JOIN st ON st.store_id = so.store_id
             WHERE so.write_date >= %(since)s
            UNION
            SELECT so.store_id, %(sale_day)s
              FROM sale_order_line sol
              JOIN sale_order so ON so.id = sol.order_id
              JOIN st ON st.store_id = so.store_id
             WHERE sol.write_date >= %(since)s
            """,
            store_tz=self._store_tz_sql(),
            pos_day=self._local_day_sql(SQL("o.date_order")),
            sale_day=self._local_day_sql(SQL("so.date_order")),
            since=since,
            pairs=scope.pairs,
        )

    @api.model
    def _changed_orders_sql(self, scope, store, date_order):
        """Condition: the order of ``store`` at ``date_order`` falls on a
        changed (store, day) pair of ``scope`` (TRUE on a full run)."""
        if scope.full:
            return SQL("TRUE")
        # The bounds on the timestamp let PostgreSQL use its index; a day
        # either side covers every time zone.
        return SQL(
            "%s AND %s >= (SELECT min(date) - 2 FROM %s)"
            " AND %s < (SELECT max(date) + 2 FROM %s)",
            scope.store_days(store, self._local_day_sql(date_order)),
            date_order,
            scope.pairs,
            date_order,
            scope.pairs,
        )

    @api.model
    def _source_lines_sql(self, scope):
        """Every counted order line of ``scope``, one row each, in company
        currency.

        POS: orders paid, posted or invoiced, refunds included (negative
        quantities). Cost is the till's own cost when it was computed, else
        quantity x product cost. Sales: confirmed orders; quantities are
        converted from the line's unit to the product's unit.
        """
        pos_filter = self._changed_orders_sql(
            scope, SQL("o.store_id"), SQL("o.date_order")
        )
        sale_filter = self._changed_orders_sql(
            scope, SQL("so.store_id"), SQL("so.date_order")
        )
        std_price = product_cost_sql("pp", SQL("st.company_id"))
        return SQL(
            """
            WITH st AS (%(store_tz)s)
            SELECT o.store_id, st.company_id, %(pos_day)s AS date, l.product_id,
                   l.qty AS qty,
                   %(pos_revenue)s AS revenue,
                   %(pos_discount)s AS discount,
                   CASE WHEN l.is_total_cost_computed AND l.total_cost IS NOT NULL
                        THEN %(pos_cost)s
                        ELSE l.qty * %(std_price)s END AS cost,
                   'pos' AS source, o.id AS order_id
              FROM pos_order_line l
              JOIN pos_order o ON o.id = l.order_id
              JOIN st ON st.store_id = o.store_id
              JOIN product_product pp ON pp.id = l.product_id
             WHERE o.state IN %(pos_states)s AND %(pos_filter)s
            UNION ALL
            SELECT so.store_id, st.company_id, %(sale_day)s, sol.product_id,
                   sol.product_uom_qty / lu.factor * pu.factor,
                   %(sale_revenue)s,
                   %(sale_discount)s,
                   sol.product_uom_qty / lu.factor * pu.factor * %(std_price)s,
                   'sale', so.id
              FROM sale_order_line sol
              JOIN sale_order so ON so.id = sol.order_id
              JOIN st ON st.store_id = so.store_id
              JOIN product_product pp ON pp.id = sol.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN uom_uom lu ON lu.id = sol.product_uom
              JOIN uom_uom pu ON pu.id = pt.uom_id
             WHERE so.state = 'sale'
               AND sol.display_type IS NULL
               AND NOT COALESCE(sol.is_downpayment, FALSE)
               AND %(sale_filter)s
            """,
            store_tz=self._store_tz_sql(),
            pos_day=self._local_day_sql(SQL("o.date_order")),
            sale_day=self._local_day_sql(SQL("so.date_order")),
            std_price=std_price,
            pos_revenue=company_amount_sql(
                SQL("l.price_subtotal"), SQL("o.currency_rate")
            ),
            pos_discount=company_amount_sql(
                SQL("l.price_unit * l.qty * COALESCE(l.discount, 0) / 100.0"),
                SQL("o.currency_rate"),
            ),
            pos_cost=company_amount_sql(SQL("l.total_cost"), SQL("o.currency_rate")),
            sale_revenue=company_amount_sql(
                SQL("sol.price_subtotal"), SQL("so.currency_rate")
            ),
            sale_discount=company_amount_sql(
                SQL(
                    "sol.price_unit * sol.product_uom_qty"
                    " * COALESCE(sol.discount, 0) / 100.0"
                ),
                SQL("so.currency_rate"),
            ),
            pos_states=POS_SOLD_STATES,
            pos_filter=pos_filter,
            sale_filter=sale_filter,
        )

    @api.model
    def _fact_insert_range(self, scope):
        """Sum the lines of ``scope`` per store, product and day."""
        sql = SQL(
            """
            INSERT INTO %(table)s (store_id, company_id, product_id, categ_id,
                                   date, qty, revenue, discount, cost, margin,
                                   order_count, create_date, write_date)
            SELECT src.store_id, src.company_id, src.product_id, pt.categ_id,
                   src.date, SUM(src.qty), SUM(src.revenue), SUM(src.discount),
                   SUM(src.cost), SUM(src.revenue) - SUM(src.cost),
                   COUNT(DISTINCT src.order_id) FILTER (WHERE src.source = 'pos')
                   + COUNT(DISTINCT src.order_id) FILTER (WHERE src.source = 'sale'),
                   now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
              FROM %(lines)s src
              JOIN product_product pp ON pp.id = src.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             GROUP BY src.store_id, src.company_id, src.product_id, pt.categ_id,
                      src.date
            """,
            table=SQL.identifier(self._table),
            lines=scope.lines,
        )
        self.env.cr.execute(sql)
