from odoo.tests import tagged

from odoo.addons.multistore_base.models.multistore_scope import CHAIN_WIDE_MODELS

from .common import MultistoreCommon


@tagged("post_install", "-at_install")
class TestModelCoverage(MultistoreCommon):
    """Every model a store role can read is scoped or chain-wide by decision.

    Walks the access rights (``ir.model.access``) of a store staff user and
    a store manager: every group they have, implied ones included, and the
    access lines without group. A readable model needs a global record rule
    on reads whose domain uses ``store_ids`` (the store rule shape, see
    models/ir_rule.py), or an entry in ``CHAIN_WIDE_MODELS``
    (models/multistore_scope.py) saying why all stores share it. Runs in a
    database with every installed addon, so other addons' models count too.
    """

    def _readable_models(self, user):
        accesses = (
            self.env["ir.model.access"]
            .sudo()
            .search(
                [
                    ("perm_read", "=", True),
                    "|",
                    ("group_id", "=", False),
                    ("group_id", "in", user.groups_id.ids),
                ]
            )
        )
        names = set()
        for access in accesses:
            name = access.model_id.model
            Model = self.env.get(name)
            if Model is None or Model._transient or Model._abstract:
                continue
            names.add(name)
        return names

    def _store_scoped_models(self):
        rules = (
            self.env["ir.rule"]
            .sudo()
            .search([("global", "=", True), ("perm_read", "=", True)])
        )
        return {
            rule.model_id.model
            for rule in rules
            if "store_ids" in (rule.domain_force or "")
        }

    def test_every_readable_model_scoped_or_listed(self):
        scoped = self._store_scoped_models()
        for user in (self.staff_a, self.manager_a):
            self.assertTrue(user._is_store_restricted())
            readable = self._readable_models(user)
            self.assertIn("sale.order", readable, "the walk finds store documents")
            missing = sorted(readable - scoped - set(CHAIN_WIDE_MODELS))
            with self.subTest(user=user.login):
                self.assertFalse(
                    missing,
                    "Readable by a store role, without a store rule (global rule "
                    "on store_ids) and not listed as chain-wide in "
                    "multistore_base/models/multistore_scope.py: " + ", ".join(missing),
                )

    def test_scoped_models(self):
        """The documents of issue #10 carry a store rule, not a list entry."""
        scoped = self._store_scoped_models()
        for model in (
            "account.bank.statement.line",
            "account.move",
            "account.move.line",
            "account.partial.reconcile",
            "multistore.access.grant",
            "pos.config",
            "pos.order",
            "pos.order.line",
            "pos.pack.operation.lot",
            "pos.payment",
            "pos.session",
            "report.pos.order",
            "sale.order",
            "sale.order.line",
            "sale.report",
            "stock.move",
            "stock.move.line",
            "stock.package_level",
            "stock.picking",
            "stock.scrap",
            "stock.warehouse",
            "stock.warehouse.orderpoint",
        ):
            self.assertIn(model, scoped)
            self.assertNotIn(model, CHAIN_WIDE_MODELS)

    def test_quant_writes_scoped(self):
        """Quantities are read chain-wide, written per store."""
        self.assertIn("stock.quant", CHAIN_WIDE_MODELS)
        rule = self.env.ref("multistore_base.stock_quant_rule_store_write")
        self.assertFalse(rule.perm_read)
        self.assertTrue(rule.perm_write and rule.perm_create and rule.perm_unlink)

    def test_reasons_written(self):
        for model, reason in CHAIN_WIDE_MODELS.items():
            self.assertGreater(len(reason), 40, f"{model}: say why it is chain-wide")
