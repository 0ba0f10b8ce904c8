from odoo import Command
from odoo.tests import tagged

from odoo.addons.multistore_base.tests.common import MultistoreCommon


@tagged("post_install", "-at_install")
class TestPricingOperationLog(MultistoreCommon):
    """The operation log of pricing: price changes (auditlog rules of
    data/auditlog_rule_data.xml) and till discounts above the store limit."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.multistore_pricelist_id = cls.env["product.pricelist"].create(
            {"name": "Chain", "currency_id": cls.env.company.currency_id.id}
        )
        cls.Log = cls.env["auditlog.log"]

    def _logs(self, record, method=None):
        domain = [("model_model", "=", record._name), ("res_id", "in", record.ids)]
        if method:
            domain.append(("method", "=", method))
        return self.Log.search(domain, order="id")

    def _line(self, log, field_name):
        return log.line_ids.filtered(lambda line: line.field_name == field_name)

    def test_rules_subscribed_by_data(self):
        rules = self.env["auditlog.rule"].search([("state", "=", "subscribed")])
        self.assertTrue(
            {"multistore.price.change", "multistore.price.change.line"}
            <= set(rules.mapped("model_id.model"))
        )

    def test_price_change_logged_with_store(self):
        change = (
            self.env["multistore.price.change"]
            .with_user(self.manager_a)
            .create(
                {
                    "product_id": self.product.id,
                    "scope": "stores",
                    "store_ids": [Command.set(self.store_a.ids)],
                    "new_price": 9.0,
                }
            )
        )
        log = self._logs(change, "create")
        self.assertEqual(len(log), 1)
        self.assertEqual(log.store_id, self.store_a)
        self.assertEqual(log.user_id, self.manager_a)
        self.assertFalse(self._line(log, "message_ids"))
        change.with_user(self.manager_a).action_compute_lines()
        self.assertTrue(change.line_ids)
        line_logs = self._logs(change.line_ids, "create")
        self.assertEqual(len(line_logs), len(change.line_ids))
        self.assertEqual(line_logs.store_id, self.store_a)
        self.assertEqual(self._line(line_logs[:1], "new_price").new_value, "9.0")

    def test_discount_above_limit_logged(self):
        self.store_a.pos_max_discount = 10.0
        session = self.env["pos.session"].create(
            {"config_id": self._create_pos_config(self.store_a).id}
        )
        sale = self._create_pos_order(session)
        self.assertFalse(self._logs(sale.lines))
        refund = self._create_pos_order(session, qty=-1.0)
        log = self._logs(refund.lines, "pos_refund")
        self.assertEqual(len(log), 1)
        self.assertEqual(log.store_id, self.store_a)
        self.assertIn(refund.name, log.name)
        self.assertEqual(log.operation, "Refund at the till")
        # A store manager gives 50% off, above the store's 10%.
        sale.lines.with_user(self.manager_a).discount = 50.0
        log = self._logs(sale.lines, "pos_discount_above_limit")
        self.assertEqual(len(log), 1)
        self.assertEqual(log.user_id, self.manager_a)
        line = self._line(log, "discount")
        self.assertEqual((line.old_value, line.new_value), ("10.0", "50.0"))
        self.assertEqual(log.operation, "Discount above the store limit")
        sale.lines.discount = 5.0
        self.assertEqual(len(self._logs(sale.lines)), 1)
