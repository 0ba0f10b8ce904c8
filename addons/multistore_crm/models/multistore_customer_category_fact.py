from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.multistore_base.tools.sales_rules import (
    POS_SOLD_STATES,
    company_amount_sql,
)


class MultistoreCustomerCategoryFact(models.Model):
    """What a customer bought of a product category, in every store.

    Chain-wide, like the customer (see ``multistore.customer.profile``):
    one row per customer (commercial entity) and category with the untaxed
    amount in the company currency (refunds deducted) and its rank among the
    customer's categories. The profile keeps the top three, the segments
    read it for *category bought*. Written only by the refresh of
    ``multistore.customer.store.fact``.
    """

    _name = "multistore.customer.category.fact"
    _description = "Customer Purchases per Product Category"
    _order = "partner_id, rank"
    _rec_name = "categ_id"
    # Written by SQL only, hundreds of thousands of rows a night: no
    # create/write columns (and their foreign keys to res_users).
    _log_access = False

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        ondelete="cascade",
    )
    categ_id = fields.Many2one(
        "product.category",
        string="Product Category",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    amount = fields.Float(digits="Product Price", readonly=True)
    rank = fields.Integer(
        readonly=True, help="1 for the category the customer spends most on."
    )

    _sql_constraints = [
        (
            "partner_categ_uniq",
            "unique(partner_id, categ_id)",
            "One row per customer and category: refresh the customer facts.",
        ),
    ]

    @api.model
    def _insert_facts_sql(self):
        """Lines of the sold orders (the orders of the store facts), summed
        per customer and category, ranked by amount (ties: category id)."""
        return SQL(
            """
            INSERT INTO %(table)s (partner_id, categ_id, amount, rank)
            SELECT partner_id, categ_id, amount,
                   row_number() OVER (PARTITION BY partner_id
                                      ORDER BY amount DESC, categ_id)
              FROM (
                SELECT p.commercial_partner_id AS partner_id, pt.categ_id,
                       SUM(x.amount) AS amount
                  FROM (
                    SELECT o.partner_id, l.product_id, %(pos_amount)s AS amount
                      FROM pos_order_line l
                      JOIN pos_order o ON o.id = l.order_id
                     WHERE o.state IN %(pos_states)s
                       AND o.partner_id IS NOT NULL
                       AND o.store_id IS NOT NULL
                    UNION ALL
                    SELECT so.partner_id, sl.product_id, %(sale_amount)s
                      FROM sale_order_line sl
                      JOIN sale_order so ON so.id = sl.order_id
                     WHERE so.state = 'sale'
                       AND so.store_id IS NOT NULL
                       AND sl.display_type IS NULL
                       AND sl.product_id IS NOT NULL
                  ) x
                  JOIN res_partner p ON p.id = x.partner_id
                  JOIN product_product pp ON pp.id = x.product_id
                  JOIN product_template pt ON pt.id = pp.product_tmpl_id
                 WHERE pt.categ_id IS NOT NULL
                 GROUP BY p.commercial_partner_id, pt.categ_id
              ) t
            """,
            table=SQL.identifier(self._table),
            pos_amount=company_amount_sql(
                SQL("l.price_subtotal"), SQL("o.currency_rate")
            ),
            sale_amount=company_amount_sql(
                SQL("sl.price_subtotal"), SQL("so.currency_rate")
            ),
            pos_states=POS_SOLD_STATES,
        )
