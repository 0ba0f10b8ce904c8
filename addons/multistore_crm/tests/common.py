from collections import defaultdict
from datetime import timedelta

from odoo import Command, fields

from odoo.addons.multistore_base.tests.common import MultistorePosCommon


def ntile(keys, buckets=5):
    """{key: bucket} as PostgreSQL's ``ntile(buckets)`` over ``keys`` (sorted
    ascending): the first ``len % buckets`` buckets hold one row more."""
    size, extra = divmod(len(keys), buckets)
    result, start = {}, 0
    for bucket in range(1, buckets + 1):
        count = size + (1 if bucket <= extra else 0)
        for key in keys[start : start + count]:
            result[key] = bucket
        start += count
    return result


class MultistoreCrmCommon(MultistorePosCommon):
    """Stores A and B with a till each, an online store, two categories and
    six customers whose purchases differ in recency, frequency and amount.

    ``_expected()`` sums the order lines created here in Python, without the
    SQL of the addon, for the tests to compare the facts with.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # The figures refund sales of months ago: a chain return policy
        # (multistore_returns, when installed) must not stand in the way.
        cls.env["ir.config_parameter"].sudo().set_param(
            "multistore_returns.return_days", 3650
        )
        cls.staff_b = cls._create_user(
            "ms_crm_staff_b", "group_store_user", cls.store_b
        )
        cls.online = cls.Store.create(
            {"name": "Online Store", "code": "WEB", "store_type": "online"}
        )
        Category = cls.env["product.category"]
        cls.categ_drinks = Category.create({"name": "Drinks"})
        cls.categ_tea = Category.create(
            {"name": "Tea", "parent_id": cls.categ_drinks.id}
        )
        cls.categ_coffee = Category.create({"name": "Coffee"})
        cls.categ_cups = Category.create({"name": "Cups"})
        cls.product.categ_id = cls.categ_tea
        cls.coffee = cls._create_crm_product("Coffee Beans", 25.0, cls.categ_coffee)
        cls.cup = cls._create_crm_product("Tea Cup", 4.0, cls.categ_cups)
        Partner = cls.env["res.partner"]
        names = ("alice", "bob", "carol", "dan", "eve", "frank")
        cls.customers = {
            name: Partner.create({"name": name.title(), "email": f"{name}@example.com"})
            for name in names
        }
        c = cls.customers
        now = fields.Datetime.now()
        # Alice: everywhere (A, B, online), one refund in store A.
        first = cls._till(cls.session_a, c["alice"], now - timedelta(days=100), 1)
        cls._till(cls.session_a, c["alice"], now - timedelta(days=50), 2)
        cls._till(cls.session_a, c["alice"], now - timedelta(days=5), 3, cls.cup)
        cls._till(cls.session_b, c["alice"], now - timedelta(days=2), 1, cls.coffee)
        cls._till(
            cls.session_a,
            c["alice"],
            now - timedelta(days=4),
            -1,
            refunded_orderline_id=first.lines.id,
        )
        cls._online(c["alice"], now - timedelta(days=3), cls.coffee, 2)
        # Bob: once in store B, long ago.
        cls._till(cls.session_b, c["bob"], now - timedelta(days=200), 4)
        # Carol: twice in store A, coffee.
        cls._till(cls.session_a, c["carol"], now - timedelta(days=40), 1, cls.coffee)
        cls._till(cls.session_a, c["carol"], now - timedelta(days=35), 2, cls.coffee)
        # Dan: new, online only, and a quotation still open.
        cls._online(c["dan"], now - timedelta(days=1), cls.coffee, 3)
        cls.env["sale.order"].create(
            {
                "partner_id": c["dan"].id,
                "store_id": cls.online.id,
                "order_line": [
                    Command.create({"product_id": cls.cup.id, "product_uom_qty": 1})
                ],
            }
        )
        # Eve: five small visits in store A.
        for days in (60, 45, 30, 20, 10):
            cls._till(cls.session_a, c["eve"], now - timedelta(days=days), 1, cls.cup)
        # Frank: one big purchase in store B, more than a year ago.
        cls._till(cls.session_b, c["frank"], now - timedelta(days=400), 20)
        cls.env["multistore.customer.store.fact"]._refresh_customer_facts()

    @classmethod
    def _create_crm_product(cls, name, price, categ):
        return cls.env["product.product"].create(
            {
                "name": name,
                # Goods without stock: with multistore_omnichannel installed
                # the online orders are routed from stock otherwise.
                "is_storable": False,
                "list_price": price,
                "available_in_pos": True,
                "categ_id": categ.id,
                "taxes_id": [Command.clear()],
            }
        )

    @classmethod
    def _till(cls, session, partner, date, qty, product=None, **line):
        vals = cls._pos_order_vals(
            session,
            [cls._pos_line(product, qty=qty, **line)],
            partner,
            date_order=fields.Datetime.to_string(date),
        )
        return cls._sync_pos_order(vals)

    @classmethod
    def _online(cls, partner, date, product, qty):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "store_id": cls.online.id,
                "order_line": [
                    Command.create({"product_id": product.id, "product_uom_qty": qty})
                ],
            }
        )
        order.action_confirm()
        order.date_order = date
        return order

    @classmethod
    def _sold_orders(cls):
        """(partner, store, date, untaxed amount, lines) of every sold order
        of the test, from the order lines."""
        rows = []
        partner_ids = [partner.id for partner in cls.customers.values()]
        pos_orders = cls.env["pos.order"].search([("partner_id", "in", partner_ids)])
        for order in pos_orders.filtered(
            lambda o: o.state in ("paid", "done", "invoiced")
        ):
            lines = [(line.product_id, line.price_subtotal) for line in order.lines]
            amount = sum(subtotal for _p, subtotal in lines)
            rows.append(
                (order.partner_id, order.store_id, order.date_order, amount, lines)
            )
        sales = cls.env["sale.order"].search([("partner_id", "in", partner_ids)])
        for order in sales.filtered(lambda o: o.state == "sale"):
            lines = [
                (line.product_id, line.price_subtotal) for line in order.order_line
            ]
            amount = sum(subtotal for _p, subtotal in lines)
            rows.append(
                (order.partner_id, order.store_id, order.date_order, amount, lines)
            )
        return rows

    @classmethod
    def _expected(cls):
        """Facts per (partner, store), totals and categories per partner."""
        facts = defaultdict(
            lambda: {"amount": 0.0, "visits": 0, "refunds": 0, "refunded": 0.0}
        )
        categs = defaultdict(lambda: defaultdict(float))
        dates = defaultdict(list)
        for partner, store, date, amount, lines in cls._sold_orders():
            fact = facts[partner, store]
            fact["amount"] += amount
            if amount < 0:
                fact["refunds"] += 1
                fact["refunded"] -= amount
            else:
                fact["visits"] += 1
                dates[partner, store].append(date)
            for product, subtotal in lines:
                categs[partner][product.categ_id] += subtotal
        for key, fact in facts.items():
            fact["first"] = min(dates[key]) if dates[key] else False
            fact["last"] = max(dates[key]) if dates[key] else False
        totals = defaultdict(lambda: {"amount": 0.0, "visits": 0, "last": False})
        for (partner, _store), fact in facts.items():
            total = totals[partner]
            total["amount"] += fact["amount"]
            total["visits"] += fact["visits"]
            if fact["last"] and (not total["last"] or fact["last"] > total["last"]):
                total["last"] = fact["last"]
        return facts, totals, categs
