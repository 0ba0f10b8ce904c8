from odoo import fields, models
from odoo.tools import SQL


class MultistoreSupplierScorecard(models.Model):
    """How each vendor serves each store, from purchase orders and receipts.

    - on-time rate: done receipts validated on or before the promised date
      (the earliest expected arrival of the purchase lines received);
    - fill rate: quantity received / quantity ordered;
    - quality: quantity returned to the vendor / quantity received;
    - lead time: days from order confirmation to receipt.

    The store is the receipt's store (its warehouse); ordered quantities use
    the store of the order's receipt type, which is the same warehouse.
    Quantities are in the product's unit of measure. Rates and the lead
    time of a group (a vendor across stores) are ratios of its sums.
    """

    _name = "multistore.supplier.scorecard"
    _description = "Supplier Scorecard per Store"
    _inherit = ["multistore.store.report.mixin", "multistore.report.mixin"]
    _auto = False
    _order = "partner_id, store_id"
    _rec_name = "partner_id"
    _report_ratios = {
        "on_time_rate": (("on_time_count",), ("receipt_count",), 100.0),
        "fill_rate": (("qty_received",), ("qty_ordered",), 100.0),
        "return_rate": (("qty_returned",), ("qty_received",), 100.0),
        "avg_lead_days": (("lead_days",), ("lead_count",), 1.0),
    }

    partner_id = fields.Many2one("res.partner", string="Vendor", readonly=True)
    receipt_count = fields.Integer(string="Receipts", readonly=True)
    on_time_count = fields.Integer(string="Receipts on Time", readonly=True)
    on_time_rate = fields.Float(
        string="On-time Rate (%)", digits=(16, 2), readonly=True, aggregator="avg"
    )
    qty_ordered = fields.Float(
        string="Ordered", digits="Product Unit of Measure", readonly=True
    )
    qty_received = fields.Float(
        string="Received", digits="Product Unit of Measure", readonly=True
    )
    qty_returned = fields.Float(
        string="Returned", digits="Product Unit of Measure", readonly=True
    )
    fill_rate = fields.Float(
        string="Fill Rate (%)", digits=(16, 2), readonly=True, aggregator="avg"
    )
    return_rate = fields.Float(
        string="Quality Returns (%)",
        digits=(16, 2),
        readonly=True,
        aggregator="avg",
        help="Quantity returned to the vendor per quantity received.",
    )
    lead_days = fields.Float(
        string="Lead Days (total)",
        digits=(16, 2),
        readonly=True,
        help="Days from order confirmation to receipt, summed over the receipts.",
    )
    lead_count = fields.Integer(
        string="Receipts with Lead Time",
        readonly=True,
        help="Receipts of confirmed orders: the lead time is averaged over them.",
    )
    avg_lead_days = fields.Float(
        string="Average Lead Time (days)",
        digits=(16, 2),
        readonly=True,
        aggregator="avg",
    )

    def _with(self):
        return SQL(
            """
            move AS (
                SELECT po.partner_id, p.store_id, p.id AS picking_id,
                       p.date_done, po.date_approve, pol.date_planned,
                       sm.quantity / mu.factor * pu.factor AS qty,
                       sl.usage AS src_usage, dl.usage AS dest_usage
                  FROM stock_move sm
                  JOIN stock_picking p ON p.id = sm.picking_id
                  JOIN purchase_order_line pol ON pol.id = sm.purchase_line_id
                  JOIN purchase_order po ON po.id = pol.order_id
                  JOIN stock_location sl ON sl.id = sm.location_id
                  JOIN stock_location dl ON dl.id = sm.location_dest_id
                  JOIN product_product pp ON pp.id = sm.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  JOIN uom_uom mu ON mu.id = sm.product_uom
                  JOIN uom_uom pu ON pu.id = pt.uom_id
                 WHERE sm.state = 'done' AND p.store_id IS NOT NULL
            ), receipt AS (
                SELECT partner_id, store_id, picking_id,
                       MAX(date_done) AS date_done,
                       MIN(date_planned) AS date_promised,
                       MIN(date_approve) AS date_approve
                  FROM move
                 WHERE src_usage = 'supplier'
                 GROUP BY partner_id, store_id, picking_id
            ), receipt_stats AS (
                SELECT partner_id, store_id, COUNT(*) AS receipt_count,
                       COUNT(*) FILTER (
                           WHERE date_done::date <= date_promised::date
                       ) AS on_time_count,
                       SUM(EXTRACT(epoch FROM date_done - date_approve) / 86400.0)
                           AS lead_days,
                       COUNT(date_approve) AS lead_count
                  FROM receipt
                 GROUP BY partner_id, store_id
            ), qty AS (
                SELECT partner_id, store_id,
                       SUM(qty) FILTER (WHERE src_usage = 'supplier') AS received,
                       SUM(qty) FILTER (WHERE dest_usage = 'supplier') AS returned
                  FROM move
                 GROUP BY partner_id, store_id
            ), ordered AS (
                SELECT po.partner_id, sw.store_id, SUM(pol.product_qty / lu.factor
                       * pu.factor) AS ordered
                  FROM purchase_order_line pol
                  JOIN purchase_order po ON po.id = pol.order_id
                  JOIN stock_picking_type spt ON spt.id = po.picking_type_id
                  JOIN stock_warehouse sw ON sw.id = spt.warehouse_id
                  JOIN product_product pp ON pp.id = pol.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                  JOIN uom_uom lu ON lu.id = pol.product_uom
                  JOIN uom_uom pu ON pu.id = pt.uom_id
                 WHERE po.state IN ('purchase', 'done') AND sw.store_id IS NOT NULL
                   AND pol.display_type IS NULL
                 GROUP BY po.partner_id, sw.store_id
            ), pairs AS (
                SELECT partner_id, store_id FROM ordered
                UNION SELECT partner_id, store_id FROM qty
            )
            """
        )

    def _select(self):
        return SQL(
            """
            row_number() OVER (ORDER BY k.partner_id, k.store_id) AS id,
            k.partner_id, k.store_id, s.company_id, s.state_id, s.city,
            COALESCE(r.receipt_count, 0) AS receipt_count,
            COALESCE(r.on_time_count, 0) AS on_time_count,
            100.0 * r.on_time_count / NULLIF(r.receipt_count, 0) AS on_time_rate,
            COALESCE(o.ordered, 0) AS qty_ordered,
            COALESCE(q.received, 0) AS qty_received,
            COALESCE(q.returned, 0) AS qty_returned,
            100.0 * q.received / NULLIF(o.ordered, 0) AS fill_rate,
            100.0 * COALESCE(q.returned, 0) / NULLIF(q.received, 0) AS return_rate,
            COALESCE(r.lead_days, 0) AS lead_days,
            COALESCE(r.lead_count, 0) AS lead_count,
            r.lead_days / NULLIF(r.lead_count, 0) AS avg_lead_days
            """
        )

    def _from(self):
        return SQL(
            """
            pairs k
            JOIN multistore_store s ON s.id = k.store_id
            LEFT JOIN receipt_stats r
                 ON r.partner_id = k.partner_id AND r.store_id = k.store_id
            LEFT JOIN qty q ON q.partner_id = k.partner_id AND q.store_id = k.store_id
            LEFT JOIN ordered o
                 ON o.partner_id = k.partner_id AND o.store_id = k.store_id
            """
        )
