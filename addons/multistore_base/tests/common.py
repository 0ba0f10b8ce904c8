from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


class MultistoreCommon(AccountTestInvoicingCommon):
    """Two stores (A, B) of one company, their tills, and a user per role.

    Built on the accounting test fixture because tills need a chart of
    accounts (journals, payment methods) to open sessions.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        # The accounting fixture runs as an accountant: set the chain up as a
        # chain manager would.
        cls.env.user.groups_id |= cls.env.ref("multistore_base.group_chain_manager")
        cls.Store = cls.env["multistore.store"]
        cls.warehouse_a = cls._create_warehouse("Store A", "MSA")
        cls.warehouse_b = cls._create_warehouse("Store B", "MSB")
        cls.store_a = cls.Store.create(
            {"name": "Store A", "code": "A", "warehouse_id": cls.warehouse_a.id}
        )
        cls.store_b = cls.Store.create(
            {"name": "Store B", "code": "B", "warehouse_id": cls.warehouse_b.id}
        )
        cls.staff_a = cls._create_user("ms_staff_a", "group_store_user", cls.store_a)
        cls.manager_a = cls._create_user(
            "ms_manager_a", "group_store_manager", cls.store_a
        )
        cls.chain_manager = cls._create_user(
            "ms_chain", "group_chain_manager", cls.store_a
        )
        cls.customer = cls.env["res.partner"].create({"name": "Chain Customer"})
        cls.product = cls.env["product.product"].create(
            {
                "name": "Green Tea",
                "is_storable": True,
                "list_price": 10.0,
                "available_in_pos": True,
                "taxes_id": [Command.clear()],
            }
        )

    @classmethod
    def _create_warehouse(cls, name, code):
        return cls.env["stock.warehouse"].create(
            {"name": name, "code": code, "company_id": cls.env.company.id}
        )

    @classmethod
    def _create_user(cls, login, group, store):
        return new_test_user(
            cls.env,
            login=login,
            groups=f"multistore_base.{group}",
            store_ids=[Command.set(store.ids)],
            store_id=store.id,
            company_id=cls.env.company.id,
            company_ids=[Command.set(cls.env.company.ids)],
        )

    @classmethod
    def _create_pos_config(cls, store):
        return cls.env["pos.config"].create(
            {"name": f"Till {store.code}", "store_id": store.id}
        )

    @classmethod
    def _create_pos_order(cls, session, qty=1.0):
        amount = cls.product.lst_price * qty
        return cls.env["pos.order"].create(
            {
                "session_id": session.id,
                "lines": [
                    Command.create(
                        {
                            "product_id": cls.product.id,
                            "qty": qty,
                            "price_unit": cls.product.lst_price,
                            "price_subtotal": amount,
                            "price_subtotal_incl": amount,
                        }
                    )
                ],
                "amount_total": amount,
                "amount_tax": 0.0,
                "amount_paid": 0.0,
                "amount_return": 0.0,
            }
        )

    @classmethod
    def _create_sale_order(cls, store):
        return cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "store_id": store.id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": 2})
                ],
            }
        )

    @classmethod
    def _create_picking(cls, warehouse):
        picking_type = warehouse.out_type_id
        return cls.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": picking_type.default_location_src_id.id,
                "location_dest_id": cls.env.ref("stock.stock_location_customers").id,
            }
        )
