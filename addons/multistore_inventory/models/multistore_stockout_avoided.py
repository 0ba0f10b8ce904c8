from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.multistore_base.tools.sales_rules import (
    sale_local_day_sql,
    store_tz_sql,
)


class MultistoreStockoutAvoided(models.Model):
    """Stock-outs avoided by transfers between stores.

    One row per received line of a transfer between stores, in the
    destination store. At the receipt, the line records the destination's
    stock of the product (``qty_before_receipt``: on hand in every internal
    location of its warehouse, product unit). Then, with N the days of
    the *Stock-out Window* setting (``multistore_inventory.stockout_window_days``,
    default 30):

    - sold after = units delivered to customers from the destination
      warehouse in the N days after the receipt (done stock moves from an
      internal location of the warehouse to a customer location: till and
      sales order deliveries), less customer returns into the warehouse,
      dated in (receipt, receipt + N days];
    - units saved = min(received, max(0, sold after - on hand before)), a
      negative stock before the receipt counting as zero: what the store
      sold beyond what it had, up to what the transfer brought;
    - a line with units saved > 0 is a stock-out avoided; its value is
      units saved x the product's sales price (list price with variant
      extras), not a margin.

    Lines received before the stock was recorded at receipt are left out.
    Each transfer is judged on its own window: two transfers of a product
    received days apart may both count the same sales.
    """

    _name = "multistore.stockout.avoided"
    _description = "Stock-outs Avoided by Transfers"
    _inherit = ["multistore.store.report.mixin"]
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "product_id"
    _depends = {
        "multistore.transfer": [
            "state",
            "date_received",
            "source_store_id",
            "dest_store_id",
            "company_id",
        ],
        "multistore.transfer.line": [
            "transfer_id",
            "product_id",
            "qty_received",
            "qty_before_receipt",
        ],
        "multistore.store": [
            "warehouse_id",
            "company_id",
            "state_id",
            "city",
            "partner_id",
        ],
        "stock.move": [
            "state",
            "date",
            "product_id",
            "product_qty",
            "location_id",
            "location_dest_id",
        ],
        "res.partner": ["tz"],
        "res.company": ["partner_id"],
        "stock.location": ["usage", "warehouse_id"],
        "product.product": ["product_tmpl_id"],
        "product.template": ["list_price", "categ_id"],
        "product.template.attribute.value": ["price_extra"],
    }

    date = fields.Date(string="Receipt Date", readonly=True)
    source_store_id = fields.Many2one(
        "multistore.store", string="From Store", readonly=True
    )
    product_id = fields.Many2one("product.product", readonly=True)
    categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    transfer_id = fields.Many2one("multistore.transfer", readonly=True)
    qty_received = fields.Float(
        string="Received", digits="Product Unit of Measure", readonly=True
    )
    qty_before_receipt = fields.Float(
        string="On Hand Before Receipt",
        digits="Product Unit of Measure",
        readonly=True,
        help="Stock of the product in the store just before the receipt.",
    )
    qty_sold_after = fields.Float(
        string="Sold in Window",
        digits="Product Unit of Measure",
        readonly=True,
        help="Units delivered to customers from the store in the days after the "
        "receipt (Multistore settings: Stock-out Window, 30 days by default), "
        "less customer returns.",
    )
    units_saved = fields.Float(
        digits="Product Unit of Measure",
        readonly=True,
        help="Sold in the window beyond the stock before the receipt, at most "
        "the quantity received: sales the store could not have made without "
        "the transfer.",
    )
    value_saved = fields.Float(
        string="Value Saved (at Sales Price)",
        digits="Product Price",
        readonly=True,
        help="Units saved at the product's sales price.",
    )
    is_avoided = fields.Boolean(
        string="Stock-out Avoided",
        readonly=True,
        aggregator="bool_or",
        help="Some units were sold that the store would not have had without "
        "the transfer.",
    )

    def _window_days(self):
        return self.env["res.config.settings"]._multistore_setting(
            "multistore_stockout_window_days"
        )

    @property
    def _table_query(self):
        return SQL(
            """
            WITH received AS (
                SELECT l.id, l.transfer_id, l.product_id, l.qty_received,
                       l.qty_before_receipt, t.date_received,
                       t.dest_store_id AS store_id, t.source_store_id,
                       t.company_id, s.state_id, s.city, s.warehouse_id,
                       %(store_tz)s AS tz
                  FROM multistore_transfer_line l
                  JOIN multistore_transfer t ON t.id = l.transfer_id
                  JOIN multistore_store s ON s.id = t.dest_store_id
                 WHERE t.state IN ('received', 'done')
                   AND t.date_received IS NOT NULL
                   AND l.qty_received > 0
                   AND l.qty_before_receipt IS NOT NULL
            ),
            sold AS (
                SELECT r.id,
                       SUM(CASE WHEN ld.usage = 'customer' THEN m.product_qty
                                ELSE -m.product_qty END) AS qty
                  FROM received r
                  JOIN stock_move m
                    ON m.product_id = r.product_id
                   AND m.state = 'done'
                   AND m.date > r.date_received
                   AND m.date <= r.date_received + %(days)s * INTERVAL '1 day'
                  JOIN stock_location ls ON ls.id = m.location_id
                  JOIN stock_location ld ON ld.id = m.location_dest_id
                 WHERE (ld.usage = 'customer' AND ls.usage = 'internal'
                        AND ls.warehouse_id = r.warehouse_id)
                    OR (ls.usage = 'customer' AND ld.usage = 'internal'
                        AND ld.warehouse_id = r.warehouse_id)
                 GROUP BY r.id
            ),
            saved AS (
                SELECT r.*,
                       GREATEST(COALESCE(so.qty, 0), 0) AS qty_sold_after,
                       LEAST(r.qty_received,
                             GREATEST(COALESCE(so.qty, 0)
                                      - GREATEST(r.qty_before_receipt, 0), 0))
                           AS units_saved
                  FROM received r
                  LEFT JOIN sold so ON so.id = r.id
            )
            SELECT sv.id,
                   %(receipt_day)s AS date,
                   sv.store_id, sv.source_store_id, sv.company_id, sv.state_id,
                   sv.city, sv.product_id, pt.categ_id, sv.transfer_id,
                   sv.qty_received, sv.qty_before_receipt, sv.qty_sold_after,
                   sv.units_saved,
                   sv.units_saved
                       * (COALESCE(pt.list_price, 0) + COALESCE(ex.price_extra, 0))
                       AS value_saved,
                   sv.units_saved > 0 AS is_avoided
              FROM saved sv
              JOIN product_product pp ON pp.id = sv.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              LEFT JOIN LATERAL (
                    SELECT SUM(ptav.price_extra) AS price_extra
                      FROM product_variant_combination pvc
                      JOIN product_template_attribute_value ptav
                        ON ptav.id = pvc.product_template_attribute_value_id
                     WHERE pvc.product_product_id = pp.id
              ) ex ON TRUE
            """,
            days=self._window_days(),
            store_tz=store_tz_sql("s"),
            receipt_day=sale_local_day_sql(SQL("sv.date_received"), SQL("sv.tz")),
        )
