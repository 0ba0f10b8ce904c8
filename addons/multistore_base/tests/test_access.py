from odoo import Command
from odoo.exceptions import AccessError, UserError
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


@tagged("post_install", "-at_install")
class TestStoreOfNewValue(MultistoreCommon):
    """Rules check a record before a write, not the value written: the
    store of the new value is checked too, and the store of a confirmed,
    done or posted document never changes (issue #10, class 3)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A manager of both stores: rules alone would let them move anything.
        cls.manager_ab = cls._create_user(
            "ms_manager_ab", "group_store_manager", cls.store_a
        )
        cls.manager_ab.store_ids = [Command.link(cls.store_b.id)]

    def _done_picking(self):
        self.env["stock.quant"]._update_available_quantity(
            self.product, self.warehouse_a.lot_stock_id, 5.0
        )
        picking = self._create_picking(self.warehouse_a)
        self.env["stock.move"].create(
            {
                "name": self.product.name,
                "product_id": self.product.id,
                "product_uom_qty": 1.0,
                "product_uom": self.product.uom_id.id,
                "picking_id": picking.id,
                "location_id": picking.location_id.id,
                "location_dest_id": picking.location_dest_id.id,
            }
        )
        picking.action_confirm()
        picking.action_assign()
        picking.move_ids.picked = True
        picking._action_done()
        self.assertEqual(picking.state, "done")
        return picking

    def test_staff_moves_own_quotation_to_other_store(self):
        order = self._create_sale_order(self.store_a)
        # (Store managers edit quotations as store staff do: Sales "all
        # documents" comes with the staff role.)
        for user in (self.staff_a, self.manager_a):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(AccessError, "not one of your stores"),
                self.env.cr.savepoint(),
            ):
                order.with_user(user).write({"store_id": self.store_b.id})
        self.env.invalidate_all()
        self.assertEqual(order.store_id, self.store_a)

    def test_staff_ships_from_other_store(self):
        order = self._create_sale_order(self.store_a).with_user(self.staff_a)
        with self.assertRaisesRegex(AccessError, "not one of your stores"):
            order.write({"warehouse_id": self.warehouse_b.id})

    def test_confirmed_order_keeps_its_store(self):
        order = self._create_sale_order(self.store_a)
        # A quotation may still move between the manager's stores.
        order.with_user(self.manager_ab).write({"store_id": self.store_b.id})
        self.assertEqual(order.store_id, self.store_b)
        order.with_user(self.manager_ab).write({"store_id": self.store_a.id})
        order.action_confirm()
        order_b = self._create_sale_order(self.store_b)
        with (
            self.assertRaisesRegex(UserError, "can no longer change"),
            self.env.cr.savepoint(),
        ):
            order.with_user(self.manager_ab).write({"store_id": self.store_b.id})
        with (
            self.assertRaisesRegex(UserError, "can no longer change"),
            self.env.cr.savepoint(),
        ):
            order.order_line.with_user(self.manager_ab).write({"order_id": order_b.id})
        self.env.invalidate_all()
        self.assertEqual(order.store_id, self.store_a)

    def test_done_picking_keeps_its_store(self):
        picking = self._done_picking()
        # (Odoo itself refuses a new operation type on a done picking.)
        with (
            self.assertRaisesRegex(UserError, "can no longer change"),
            self.env.cr.savepoint(),
        ):
            picking.with_user(self.manager_ab).write({"store_id": self.store_b.id})
        self.env.invalidate_all()
        self.assertEqual(picking.store_id, self.store_a)

    def test_staff_moves_picking_to_other_store(self):
        picking = self._create_picking(self.warehouse_a)
        with self.assertRaisesRegex(AccessError, "not one of your stores"):
            picking.with_user(self.staff_a).write({"store_id": self.store_b.id})

    def test_open_session_keeps_its_store(self):
        config = self._create_pos_config(self.store_a)
        config.open_ui()
        session = config.current_session_id
        session.set_opening_control(0, "")
        self.assertEqual(session.state, "opened")
        for user in (self.manager_ab, self.chain_manager):
            with (
                self.subTest(user=user.login),
                self.assertRaisesRegex(UserError, "can no longer change"),
                self.env.cr.savepoint(),
            ):
                session.with_user(user).write({"store_id": self.store_b.id})
        self.env.invalidate_all()
        self.assertEqual(session.store_id, self.store_a)

    def test_posted_entry_keeps_its_store(self):
        order = self._create_sale_order(self.store_a)
        order.action_confirm()
        # (Sales returns its invoices as superuser.)
        invoice = order._create_invoices().with_env(self.env)
        invoice.action_post()
        self.assertEqual(invoice.store_id, self.store_a)
        # The accounting fixture's user: an accountant, not the superuser.
        self.assertFalse(self.env.su)
        with (
            self.assertRaisesRegex(UserError, "can no longer change"),
            self.env.cr.savepoint(),
        ):
            invoice.write({"store_id": self.store_b.id})
        self.env.invalidate_all()
        self.assertEqual(invoice.store_id, self.store_a)
