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


class MultistoreAffinityCommon(MultistoreCrmCommon):
    """The customers of ``MultistoreCrmCommon`` and baskets of several
    products (at the tills of stores A and B and online), a refund of one of
    them, a quotation, a product only ever sold alone, and customers with a
    single-product history (Grace) and with none (Henry).

    ``_expected_affinities()`` counts the pairs from the order lines in
    plain Python, without the SQL of the addon.
    """

    MIN_BASKETS = 2
    TOP = 20
    RECENT_DAYS = 30

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.tea = cls.product
        cls.teapot = cls._create_crm_product("Teapot", 60.0, cls.categ_cups)
        cls.biscuits = cls._create_crm_product("Biscuits", 8.0, cls.categ_drinks)
        cls.kettle = cls._create_crm_product("Old Kettle", 90.0, cls.categ_cups)
        cls.candle = cls._create_crm_product("Lonely Candle", 15.0, cls.categ_cups)
        cls.wrap = cls._create_crm_product("Gift Wrap", 1.0, cls.categ_cups)
        cls.wrap.sale_ok = False
        c = cls.customers
        for name in ("grace", "henry"):
            c[name] = Partner.create({"name": name.title()})
        # Tea is storable: with multistore_omnichannel installed an online
        # order is routed to a store holding it.
        cls.env["stock.quant"]._update_available_quantity(
            cls.tea, cls.warehouse_a.lot_stock_id, 100.0
        )
        now = fields.Datetime.now()
        old = now - timedelta(days=60)
        cls._basket(cls.session_a, c["alice"], old, cls.tea, cls.cup, cls.teapot)
        bob_basket = cls._basket(cls.session_b, c["bob"], old, cls.tea, cls.cup)
        cls._online_basket(c["carol"], old, cls.tea, cls.teapot, cls.biscuits)
        cls._basket(cls.session_a, c["eve"], old, cls.coffee, cls.biscuits)
        cls._basket(
            cls.session_a, c["dan"], old, cls.coffee, cls.biscuits, cls.cup, cls.wrap
        )
        cls._basket(cls.session_b, None, old, cls.tea, cls.cup, cls.kettle)
        cls._basket(cls.session_a, c["frank"], old, cls.tea, cls.kettle, cls.wrap)
        cls._basket(cls.session_b, c["eve"], old, cls.tea, cls.biscuits, cls.teapot)
        # The same product twice in one basket counts once.
        cls._basket(cls.session_a, None, old, cls.coffee, cls.cup, cls.cup)
        # A product only ever sold alone, twice.
        cls._basket(cls.session_a, c["bob"], old, cls.candle)
        cls._basket(cls.session_b, None, old, cls.candle)
        # Grace: one product, bought alone.
        cls._basket(cls.session_a, c["grace"], old, cls.teapot)
        # Bob brings his tea and cup back: the refund makes no basket.
        cls.refund = cls._sync_pos_order(
            cls._pos_order_vals(
                cls.session_b,
                [
                    cls._pos_line(
                        line.product_id, qty=-1, refunded_orderline_id=line.id
                    )
                    for line in bob_basket.lines
                ],
                c["bob"],
                date_order=fields.Datetime.to_string(now - timedelta(days=40)),
            )
        )
        # A quotation sells nothing either.
        cls.env["sale.order"].create(
            {
                "partner_id": c["henry"].id,
                "store_id": cls.online.id,
                "order_line": [
                    Command.create({"product_id": p.id, "product_uom_qty": 1})
                    for p in (cls.tea, cls.candle, cls.kettle)
                ],
            }
        )
        cls.env["multistore.customer.store.fact"]._refresh_customer_facts()
        cls.Affinity = cls.env["multistore.product.affinity"]
        cls.Affinity._refresh_affinities()

    @classmethod
    def _basket(cls, session, partner, date, *products):
        vals = cls._pos_order_vals(
            session,
            [cls._pos_line(product) for product in products],
            partner,
            date_order=fields.Datetime.to_string(date),
        )
        return cls._sync_pos_order(vals)

    @classmethod
    def _online_basket(cls, partner, date, *products):
        order = cls.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "store_id": cls.online.id,
                "order_line": [
                    Command.create({"product_id": p.id, "product_uom_qty": 1})
                    for p in products
                ],
            }
        )
        order.action_confirm()
        order.date_order = date
        return order

    @classmethod
    def _sold_baskets(cls):
        """[(customer, date, {product})] of every sold order, from the lines:
        lines of positive quantity of saleable products, refunds and
        quotations left out."""
        baskets = []
        for order in cls.env["pos.order"].search([]):
            if order.state not in ("paid", "done", "invoiced") or not order.store_id:
                continue
            products = {
                line.product_id
                for line in order.lines
                if line.qty > 0 and not line.is_reward_line and line.product_id.sale_ok
            }
            baskets.append((order.partner_id, order.date_order, products))
        for order in cls.env["sale.order"].search([]):
            if order.state != "sale" or not order.store_id:
                continue
            products = {
                line.product_id
                for line in order.order_line
                if line.product_id
                and not line.display_type
                and line.product_uom_qty > 0
                and not line.is_reward_line
                and line.product_id.sale_ok
            }
            baskets.append((order.partner_id, order.date_order, products))
        return [basket for basket in baskets if basket[2]]

    @classmethod
    def _expected_affinities(cls):
        """{(product, related): figures} as the addon should store them."""
        baskets = [products for _partner, _date, products in cls._sold_baskets()]
        total = len(baskets)
        alone = defaultdict(int)
        together = defaultdict(int)
        for products in baskets:
            for product in products:
                alone[product] += 1
                for other in products:
                    if other != product:
                        together[product, other] += 1
        rows = defaultdict(list)
        for (product, other), count in together.items():
            if count < cls.MIN_BASKETS:
                continue
            confidence = count / alone[product]
            rows[product].append(
                {
                    "related": other,
                    "basket_count": count,
                    "product_basket_count": alone[product],
                    "related_basket_count": alone[other],
                    "support": count / total,
                    "confidence": confidence,
                    "lift": confidence / (alone[other] / total),
                }
            )
        expected = {}
        for product, related in rows.items():
            related.sort(
                key=lambda r: (-r["confidence"], -r["basket_count"], r["related"].id)
            )
            for rank, row in enumerate(related[: cls.TOP], start=1):
                expected[product, row["related"]] = dict(row, rank=rank)
        return expected

    @classmethod
    def _expected_recommendations(cls, partner, limit=5, allowed=None):
        """[product] for ``partner`` from the expected pairs, in Python."""
        affinities = cls._expected_affinities()
        now = fields.Datetime.now()
        bought, recent = set(), set()
        for customer, date, products in cls._sold_baskets():
            if customer.commercial_partner_id != partner.commercial_partner_id:
                continue
            bought |= products
            if date >= now - timedelta(days=cls.RECENT_DAYS):
                recent |= products
        scores = defaultdict(lambda: [0.0, 0])
        for (product, related), row in affinities.items():
            if product in bought and related not in recent:
                scores[related][0] += row["confidence"]
                scores[related][1] += row["basket_count"]
        candidates = [
            p
            for p in scores
            if p.active and p.sale_ok and (allowed is None or p in allowed)
        ]
        candidates.sort(key=lambda p: (-round(scores[p][0], 6), -scores[p][1], p.id))
        return candidates[:limit]
