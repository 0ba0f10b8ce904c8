from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from odoo.addons.multistore_base.tools.sales_rules import (
    POS_SOLD_STATES,
    product_cost_sql,
)


@tagged("post_install", "-at_install")
class TestSalesRules(TransactionCase):
    """The shared sales rules still match what Odoo offers."""

    def test_pos_sold_states_exist(self):
        """A till order state renamed or removed by Odoo fails here."""
        states = dict(
            self.env["pos.order"]._fields["state"]._description_selection(self.env)
        )
        for state in POS_SOLD_STATES:
            self.assertIn(state, states)
        self.assertEqual(
            self.env["pos.order"]._multistore_store_locked_states, POS_SOLD_STATES
        )

    def test_product_cost_sql(self):
        company = self.env.company
        product = self.env["product.product"].create(
            {"name": "Cost probe", "standard_price": 12.5}
        )
        bare = self.env["product.product"].create({"name": "No cost"})
        self.env.flush_all()
        cost = product_cost_sql("pp", SQL("%s", company.id))
        rows = self.env.execute_query(
            SQL(
                "SELECT pp.id, %s FROM product_product pp WHERE pp.id IN %s",
                cost,
                (product.id, bare.id),
            )
        )
        self.assertEqual(dict(rows), {product.id: 12.5, bare.id: 0.0})
