from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MultistoreCommon


@tagged("post_install", "-at_install")
class TestStoreAccessMatrix(MultistoreCommon):
    """Every store-scoped model x {staff A, manager A, chain manager} x CRUD.

    Staff hold Odoo's own "all documents" rights (sales, inventory, POS): the
    store rules must still hide store B from users of store A.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.docs = {}
        for store, warehouse in (
            (cls.store_a, cls.warehouse_a),
            (cls.store_b, cls.warehouse_b),
        ):
            config = cls._create_pos_config(store)
            session = cls.env["pos.session"].create({"config_id": config.id})
            pos_order = cls._create_pos_order(session)
            sale_order = cls._create_sale_order(store)
            orderpoint = cls.env["stock.warehouse.orderpoint"].create(
                {
                    "product_id": cls.product.id,
                    "warehouse_id": warehouse.id,
                    "location_id": warehouse.lot_stock_id.id,
                    "product_min_qty": 1,
                    "product_max_qty": 5,
                }
            )
            cls.docs[store] = {
                "sale.order": sale_order,
                "sale.order.line": sale_order.order_line,
                "pos.config": config,
                "pos.session": session,
                "pos.order": pos_order,
                "pos.order.line": pos_order.lines,
                "stock.picking": cls._create_picking(warehouse),
                "stock.warehouse": warehouse,
                "stock.warehouse.orderpoint": orderpoint,
            }
        cls.restricted_users = (cls.staff_a, cls.manager_a)

    def _create_vals_in_b(self, model):
        """Values that would create a document of store B."""
        docs_b = self.docs[self.store_b]
        warehouse = self.warehouse_b
        return {
            "sale.order": {"partner_id": self.customer.id, "store_id": self.store_b.id},
            "sale.order.line": {
                "order_id": docs_b["sale.order"].id,
                "product_id": self.product.id,
            },
            "pos.config": {"name": "Rogue till", "store_id": self.store_b.id},
            "pos.session": {"config_id": docs_b["pos.config"].id},
            "pos.order": {
                "session_id": docs_b["pos.session"].id,
                "amount_total": 0.0,
                "amount_tax": 0.0,
                "amount_paid": 0.0,
                "amount_return": 0.0,
            },
            "pos.order.line": {
                "order_id": docs_b["pos.order"].id,
                "product_id": self.product.id,
                "qty": 1,
                "price_subtotal": 1,
                "price_subtotal_incl": 1,
            },
            "stock.picking": {
                "picking_type_id": warehouse.out_type_id.id,
                "location_id": warehouse.lot_stock_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
            },
            "stock.warehouse": {"name": "Rogue", "code": "RGW"},
            "stock.warehouse.orderpoint": {
                "product_id": self.product.id,
                "warehouse_id": warehouse.id,
                "location_id": warehouse.lot_stock_id.id,
            },
        }[model]

    def _check_model(self, model):
        doc_a = self.docs[self.store_a][model]
        doc_b = self.docs[self.store_b][model]
        both = doc_a | doc_b
        self.assertEqual(doc_a.store_id, self.store_a)
        self.assertEqual(doc_b.store_id, self.store_b)
        for user in self.restricted_users:
            Model = self.env[model].with_user(user)
            with self.subTest(model=model, user=user.login, op="search"):
                self.assertEqual(Model.search([("id", "in", both.ids)]), doc_a)
            with self.subTest(model=model, user=user.login, op="read"):
                self.assertTrue(doc_a.with_user(user).read(["store_id"]))
                with self.assertRaises(AccessError):
                    doc_b.with_user(user).read(["store_id"])
            with self.subTest(model=model, user=user.login, op="read_group"):
                groups = Model.read_group(
                    [("id", "in", both.ids)], ["store_id"], ["store_id"]
                )
                self.assertEqual([g["store_id"][0] for g in groups], [self.store_a.id])
            with (
                self.subTest(model=model, user=user.login, op="write"),
                self.assertRaises(AccessError),
            ):
                doc_b.with_user(user).write({"store_id": self.store_b.id})
            with self.subTest(model=model, user=user.login, op="unlink"):
                with self.assertRaises(AccessError):
                    doc_b.with_user(user).unlink()
                self.assertTrue(doc_b.exists())
            with (
                self.subTest(model=model, user=user.login, op="create"),
                self.assertRaises(AccessError),
            ):
                Model.create(self._create_vals_in_b(model))
        chain = self.env[model].with_user(self.chain_manager)
        with self.subTest(model=model, user="chain manager"):
            self.assertEqual(chain.search([("id", "in", both.ids)]), both)
            self.assertTrue(doc_b.with_user(self.chain_manager).read(["store_id"]))

    def test_sale_order(self):
        self._check_model("sale.order")

    def test_sale_order_line(self):
        self._check_model("sale.order.line")

    def test_pos_config(self):
        self._check_model("pos.config")

    def test_pos_session(self):
        self._check_model("pos.session")

    def test_pos_order(self):
        self._check_model("pos.order")

    def test_pos_order_line(self):
        self._check_model("pos.order.line")

    def test_stock_picking(self):
        self._check_model("stock.picking")

    def test_stock_warehouse(self):
        self._check_model("stock.warehouse")

    def test_stock_warehouse_orderpoint(self):
        self._check_model("stock.warehouse.orderpoint")

    def test_staff_work_in_own_store(self):
        """The rules do not get in the way of the job in the own store."""
        order = (
            self.env["sale.order"]
            .with_user(self.staff_a)
            .create({"partner_id": self.customer.id})
        )
        self.assertEqual(order.store_id, self.store_a, "defaulted from current store")
        self.assertEqual(order.warehouse_id, self.warehouse_a)
        order.write({"order_line": [Command.create({"product_id": self.product.id})]})
        order.action_confirm()
        self.assertEqual(order.picking_ids.store_id, self.store_a)

    def test_stock_quantities_of_other_stores_readable(self):
        """Quants are not store documents: a cashier checks B's stock."""
        self.env["stock.quant"]._update_available_quantity(
            self.product, self.warehouse_b.lot_stock_id, 7.0
        )
        quants = (
            self.env["stock.quant"]
            .with_user(self.staff_a)
            .search(
                [
                    ("product_id", "=", self.product.id),
                    ("location_id", "=", self.warehouse_b.lot_stock_id.id),
                ]
            )
        )
        self.assertEqual(sum(quants.mapped("quantity")), 7.0)
        self.assertEqual(
            self.product.with_user(self.staff_a)
            .with_context(location=self.warehouse_b.lot_stock_id.id)
            .qty_available,
            7.0,
        )

    def test_changing_stores_applies_at_once(self):
        """Cached rule domains are dropped when a user's stores change."""
        order_b = self.docs[self.store_b]["sale.order"]
        SaleOrder = self.env["sale.order"].with_user(self.staff_a)
        self.assertFalse(SaleOrder.search([("id", "=", order_b.id)]))
        self.staff_a.write({"store_ids": [Command.link(self.store_b.id)]})
        self.assertEqual(SaleOrder.search([("id", "=", order_b.id)]), order_b)
        self.staff_a.write({"store_ids": [Command.unlink(self.store_b.id)]})
        self.assertFalse(SaleOrder.search([("id", "=", order_b.id)]))

    def test_store_user_ids_side(self):
        """Assigning staff from the store form goes through the same path."""
        order_b = self.docs[self.store_b]["sale.order"]
        SaleOrder = self.env["sale.order"].with_user(self.staff_a)
        self.store_b.user_ids = [Command.link(self.staff_a.id)]
        self.assertIn(self.store_b, self.staff_a.store_ids)
        self.assertEqual(SaleOrder.search([("id", "=", order_b.id)]), order_b)
