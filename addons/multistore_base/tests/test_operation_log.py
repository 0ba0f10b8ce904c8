from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MultistoreCommon


@tagged("post_install", "-at_install")
class TestOperationLog(MultistoreCommon):
    """The operation log (OCA auditlog) configured by multistore_base."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_b = cls._create_user(
            "ms_manager_b", "group_store_manager", cls.store_b
        )
        # A price list of no store (the chain's), and one per store.
        cls.chain_pricelist = cls.env["product.pricelist"].create(
            {"name": "Chain", "currency_id": cls.env.company.currency_id.id}
        )
        for store in cls.store_a | cls.store_b:
            store.pricelist_id = cls.env["product.pricelist"].create(
                {"name": f"Chain - {store.name}"}
            )
        cls.Log = cls.env["auditlog.log"]

    def _logs(self, record, method=None):
        domain = [("model_model", "=", record._name), ("res_id", "in", record.ids)]
        if method:
            domain.append(("method", "=", method))
        return self.Log.search(domain, order="id")

    def _line(self, log, field_name):
        return log.line_ids.filtered(lambda line: line.field_name == field_name)

    def _pricelist_item(self, store, price=8.0):
        return self.env["product.pricelist.item"].create(
            {
                "pricelist_id": store.pricelist_id.id,
                "applied_on": "0_product_variant",
                "product_id": self.product.id,
                "compute_price": "fixed",
                "fixed_price": price,
            }
        )

    def test_rules_subscribed_by_data(self):
        rules = self.env["auditlog.rule"].search([("state", "=", "subscribed")])
        self.assertTrue(
            {"product.pricelist.item", "res.users"}
            <= set(rules.mapped("model_id.model"))
        )

    def test_rules_patch_every_override(self):
        """Rules of module data patch the model once all modules are loaded:
        the logging method calls the whole chain of overrides."""
        for rule in self.env["auditlog.rule"].search([("state", "=", "subscribed")]):
            model_class = self.env.registry[rule.model_id.model]
            for method in ("create", "write", "unlink"):
                if not rule[f"log_{method}"]:
                    continue
                patched = model_class.__dict__.get(method)
                self.assertTrue(patched, f"{rule.name}: {method} not logged")
                overrides = [
                    vars(klass)[method]
                    for klass in model_class.__mro__[1:]
                    if method in vars(klass)
                ]
                self.assertIs(patched.origin, overrides[0])

    def test_rule_created_while_loading_waits_for_loaded_registry(self):
        """A rule created by module data while modules load is not patched
        in yet: the modules loaded afterwards may still override the model."""
        registry = self.env.registry
        model_class = registry["res.partner.category"]
        registry.ready = False
        try:
            rule = self.env["auditlog.rule"].create(
                {
                    "name": "Contact tags",
                    "model_id": self.env["ir.model"]._get_id("res.partner.category"),
                    "state": "subscribed",
                }
            )
        finally:
            registry.ready = True
        self.assertNotIn("create", vars(model_class))
        self.assertNotIn("write", vars(model_class))
        rule.state = "draft"

    def test_pricelist_item_change_logged_with_store(self):
        item = self._pricelist_item(self.store_a)
        created = self._logs(item, "create")
        self.assertEqual(len(created), 1)
        self.assertEqual(created.store_id, self.store_a)
        item.with_user(self.chain_manager).fixed_price = 7.5
        written = self._logs(item, "write")
        self.assertEqual(len(written), 1)
        self.assertEqual(written.store_id, self.store_a)
        self.assertEqual(written.user_id, self.chain_manager)
        line = self._line(written, "fixed_price")
        self.assertEqual((line.old_value, line.new_value), ("8.0", "7.5"))
        item.unlink()
        self.assertEqual(self._logs(item, "unlink").store_id, self.store_a)

    def test_chain_pricelist_item_is_chain_level(self):
        item = self.env["product.pricelist.item"].create(
            {"pricelist_id": self.chain_pricelist.id, "fixed_price": 3.0}
        )
        log = self._logs(item, "create")
        self.assertEqual(len(log), 1)
        self.assertFalse(log.store_id)

    def test_store_assignment_and_role_logged(self):
        self.store_b.with_user(self.chain_manager).write(
            {"user_ids": [Command.link(self.staff_a.id)]}
        )
        log = self._logs(self.staff_a, "write")[-1:]
        self.assertEqual(log.store_id, self.store_a)  # the user's current store
        line = self._line(log, "store_ids")
        self.assertIn("Store B", line.new_value_text)
        self.assertNotIn("Store B", line.old_value_text)
        self.staff_a.write(
            {
                "groups_id": [
                    Command.link(self.env.ref("multistore_base.group_store_manager").id)
                ]
            }
        )
        log = self._logs(self.staff_a, "write")[-1:]
        self.assertIn("Store manager", self._line(log, "groups_id").new_value_text)

    def test_new_user_logged_with_its_name(self):
        user = self.env["res.users"].create(
            {
                "name": "Lin Mei",
                "login": "ms_lin_mei",
                "groups_id": [
                    Command.set(self.env.ref("multistore_base.group_store_user").ids)
                ],
                "store_ids": [Command.set(self.store_a.ids)],
                "store_id": self.store_a.id,
            }
        )
        # The writes Odoo makes while creating the user are part of the
        # creation: not logged apart, and the new user keeps its name.
        self.assertEqual(user.name, "Lin Mei")
        log = self._logs(user)
        self.assertEqual(log.mapped("method"), ["create"])
        self.assertEqual((log.name, log.store_id), ("Lin Mei", self.store_a))
        self.assertIn("Store staff", self._line(log, "groups_id").new_value_text)

    def test_inventory_adjustment_logged(self):
        quant = (
            self.env["stock.quant"]
            .with_context(inventory_mode=True)
            .create(
                {
                    "product_id": self.product.id,
                    "location_id": self.warehouse_b.lot_stock_id.id,
                    "inventory_quantity": 5.0,
                }
            )
        )
        quant.action_apply_inventory()
        log = self._logs(quant, "inventory")
        self.assertEqual(len(log), 1)
        self.assertEqual(log.store_id, self.store_b)
        line = self._line(log, "quantity")
        self.assertEqual((line.old_value, line.new_value), ("0.0", "5.0"))
        # A count that changes nothing is not an adjustment.
        quant.inventory_quantity = 5.0
        quant.action_apply_inventory()
        self.assertEqual(len(self._logs(quant, "inventory")), 1)

    def test_pos_refund_logged(self):
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
        # Other changes of a till line are not logged.
        sale.lines.discount = 5.0
        self.assertFalse(self._logs(sale.lines))

    def test_store_manager_reads_own_stores_log_only(self):
        log_a = self._logs(self._pricelist_item(self.store_a), "create")
        log_b = self._logs(self._pricelist_item(self.store_b), "create")
        log_chain = self._logs(
            self.env["product.pricelist.item"].create(
                {"pricelist_id": self.chain_pricelist.id, "fixed_price": 3.0}
            ),
            "create",
        )
        ids = (log_a | log_b | log_chain).ids
        as_manager = self.Log.with_user(self.manager_a)
        self.assertEqual(as_manager.search([("id", "in", ids)]), log_a)
        log_a.with_user(self.manager_a).read(["name", "store_id", "line_ids"])
        with self.assertRaises(AccessError):
            log_b.with_user(self.manager_a).read(["name"])
        with self.assertRaises(AccessError):
            log_b.line_ids.with_user(self.manager_a).read(["new_value"])
        with self.assertRaises(AccessError):
            log_chain.with_user(self.manager_a).read(["name"])
        self.assertEqual(
            self.Log.with_user(self.manager_b).search([("id", "in", ids)]), log_b
        )
        as_chain = self.Log.with_user(self.chain_manager)
        self.assertEqual(
            as_chain.search([("id", "in", ids)]), log_a | log_b | log_chain
        )
        # Nobody but auditlog's managers edits the log.
        with self.assertRaises(AccessError):
            log_a.with_user(self.manager_a).write({"name": "Nothing happened"})
        with self.assertRaises(AccessError):
            log_a.with_user(self.chain_manager).unlink()

    def test_staff_cannot_read_log(self):
        log_a = self._logs(self._pricelist_item(self.store_a), "create")
        with self.assertRaises(AccessError):
            self.Log.with_user(self.staff_a).search([])
        with self.assertRaises(AccessError):
            log_a.with_user(self.staff_a).read(["name"])
        with self.assertRaises(AccessError):
            log_a.line_ids.with_user(self.staff_a).read(["new_value"])
