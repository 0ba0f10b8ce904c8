import uuid

from odoo import Command, fields
from odoo.tests import new_test_user

from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.point_of_sale.tests.test_frontend import TestPointOfSaleHttpCommon


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


class MultistorePosCommon(MultistoreCommon):
    """Stores A and B with an open till each, both paid by one method.

    Orders reach the server the way a till sends them
    (``pos.order.sync_from_ui``): build them with ``_pos_line`` and
    ``_pos_order_vals``, send them with ``_sync_pos_order``.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_chain()
        cls.pos_payment_method = cls.env["pos.payment.method"].create(
            {
                "name": "Store Terminal",
                "journal_id": cls.company_data["default_journal_bank"].id,
                "company_id": cls.env.company.id,
            }
        )
        cls.config_a = cls._create_open_till(cls.store_a)
        cls.config_b = cls._create_open_till(cls.store_b)
        cls.session_a = cls.config_a.current_session_id
        cls.session_b = cls.config_b.current_session_id

    @classmethod
    def _setup_chain(cls):
        """Hook: what the chain needs before its tills are created."""

    @classmethod
    def _create_open_till(cls, store):
        """The store's till, paid by the shared method, with an open session."""
        config = cls._create_pos_config(store)
        config.payment_method_ids = [Command.set(cls.pos_payment_method.ids)]
        config.open_ui()
        return config

    # Till payloads -----------------------------------------------------------

    @classmethod
    def _pos_line(
        cls, product=None, price_unit=None, qty=1.0, fiscal_position=None, **extra
    ):
        """An order line as a till sends it (default: one Green Tea at its
        list price): the product's taxes of the company, and the amounts the
        server computes from them (mapped by ``fiscal_position``)."""
        product = product or cls.product
        price = product.lst_price if price_unit is None else price_unit
        taxes = product.taxes_id._filter_taxes_by_company(cls.env.company)
        applied = fiscal_position.map_tax(taxes) if fiscal_position else taxes
        amounts = applied.compute_all(
            price * (1 - extra.get("discount", 0.0) / 100),
            cls.env.company.currency_id,
            qty,
            product=product,
        )
        return Command.create(
            {
                "uuid": str(uuid.uuid4()),
                "product_id": product.id,
                "qty": qty,
                "price_unit": price,
                "price_subtotal": amounts["total_excluded"],
                "price_subtotal_incl": amounts["total_included"],
                "discount": 0.0,
                "tax_ids": [Command.set(taxes.ids)],
                "pack_lot_ids": [],
                **extra,
            }
        )

    @classmethod
    def _pos_order_vals(cls, session, lines, partner=None, order_uuid=None, **extra):
        """A paid order as a till sends it, paid in full by the shared method."""
        total = sum(line[2]["price_subtotal_incl"] for line in lines)
        order_uuid = order_uuid or str(uuid.uuid4())
        return {
            "uuid": order_uuid,
            "name": f"Order {order_uuid}",
            "session_id": session.id,
            "partner_id": partner.id if partner else False,
            "user_id": cls.env.uid,
            "sequence_number": 1,
            "date_order": fields.Datetime.to_string(fields.Datetime.now()),
            "pricelist_id": session.config_id.pricelist_id.id,
            "fiscal_position_id": False,
            "lines": lines,
            "payment_ids": [
                Command.create(
                    {
                        "amount": total,
                        "name": fields.Datetime.to_string(fields.Datetime.now()),
                        "payment_method_id": cls.pos_payment_method.id,
                    }
                )
            ],
            "amount_paid": total,
            "amount_total": total,
            "amount_tax": 0.0,
            "amount_return": 0.0,
            "to_invoice": False,
            "last_order_preparation_change": "{}",
            **extra,
        }

    @classmethod
    def _sync_pos_order(cls, order_vals, user=None):
        """Send ``order_vals`` as the till of ``user`` does; the saved order."""
        PosOrder = cls.env["pos.order"]
        if user:
            # Nothing read by the test as superuser may hide what the user
            # cannot read (the cache is shared between users).
            cls.env.invalidate_all()
            PosOrder = PosOrder.with_user(user)
        result = PosOrder.sync_from_ui([order_vals])
        return cls.env["pos.order"].browse(result["pos.order"][0]["id"])


class MultistorePosTourCommon(TestPointOfSaleHttpCommon):
    """Odoo's POS front-end fixture made a chain of two stores.

    Store A owns the fixture's till (``main_pos_config``, on the company's
    own warehouse, which no store has claimed yet); store B has a warehouse
    and a till (``pos_config_b``) of its own. ``cashier_a`` and ``cashier_b``
    are store users restricted to their store.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The accounting fixture runs as its own test user, made a POS manager
        # by the parent class; setting up the chain needs a chain manager.
        cls.env.user.groups_id += cls.env.ref("multistore_base.group_chain_manager")
        cls._setup_chain()
        Store = cls.env["multistore.store"]
        cls.store_a = Store.create(
            {
                "name": "Store A",
                "code": "MS-A",
                "warehouse_id": cls.main_pos_config.warehouse_id.id,
            }
        )
        cls.warehouse_b = cls.env["stock.warehouse"].create(
            {"name": "Store B Warehouse", "code": "MSB"}
        )
        cls.store_b = Store.create(
            {
                "name": "Store B",
                "code": "MS-B",
                "warehouse_id": cls.warehouse_b.id,
                **cls._store_b_extra_vals(),
            }
        )
        cls.pos_config_b = cls.env["pos.config"].create(
            {"name": "Shop B", "warehouse_id": cls.warehouse_b.id}
        )
        cls.cashier_a = cls._create_store_cashier("ms_cashier_a", cls.store_a)
        cls.cashier_b = cls._create_store_cashier("ms_cashier_b", cls.store_b)

    @classmethod
    def _setup_chain(cls):
        """Hook: what the chain needs before its stores are created."""

    @classmethod
    def _store_b_extra_vals(cls):
        """Hook: more values for store B."""
        return {}

    @classmethod
    def _create_store_cashier(cls, login, store):
        return new_test_user(
            cls.env,
            login=login,
            groups="multistore_base.group_store_user",
            company_id=cls.env.company.id,
            store_ids=[Command.set(store.ids)],
            store_id=store.id,
            tz="America/New_York",
        )
