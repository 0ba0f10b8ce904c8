"""The routing rules on their own (tools/routing.py), without a database."""

from odoo.tests import BaseCase, tagged

from ..tools.routing import (
    Candidate,
    NotEnoughStock,
    covered_by_one_store,
    plan_consolidated,
    plan_delivery,
    plan_pickup,
)

SH, BJ = 1, 2  # regions
TEA, OOLONG, CUP = 10, 11, 12  # products


def _stores():
    return {
        "sh1": Candidate(
            1, "SH 1", priority=10, region_ids=frozenset({SH}), city="Shanghai"
        ),
        "sh2": Candidate(
            2, "SH 2", priority=20, region_ids=frozenset({SH}), city="Shanghai"
        ),
        "bj": Candidate(
            3, "BJ", priority=5, region_ids=frozenset({BJ}), city="Beijing"
        ),
        "central": Candidate(4, "Central", is_central=True, priority=0),
    }


@tagged("post_install", "-at_install")
class TestRoutingRules(BaseCase):
    def test_one_store_with_every_line_ships_it_whole(self):
        stores = _stores()
        stock = {(1, TEA): 5, (3, TEA): 5, (3, CUP): 5, (4, TEA): 50, (4, CUP): 50}
        lines = [("l1", TEA, 2), ("l2", CUP, 1)]
        # sh1 is in the customer's region but lacks cups: Beijing has both.
        routes = plan_delivery(lines, stores.values(), stock, state_id=SH)
        self.assertEqual(routes, {"l1": 3, "l2": 3})
        self.assertEqual(stock[(3, TEA)], 3)
        self.assertEqual(stock[(3, CUP)], 4)
        self.assertEqual(stores["bj"].load, 1)

    def test_region_then_city_then_priority(self):
        stores = _stores()
        stock = {(s.store_id, TEA): 10 for s in stores.values()}
        lines = [("l1", TEA, 1)]
        # In Shanghai: sh1 before sh2 (priority), before bj (other region)
        # although bj has the best priority.
        self.assertEqual(
            plan_delivery(lines, stores.values(), dict(stock), state_id=SH), {"l1": 1}
        )
        self.assertEqual(
            plan_delivery(lines, stores.values(), dict(stock), state_id=BJ), {"l1": 3}
        )
        # Same region, another city: the city decides before the priority.
        stores["sh2"].city = "Pudong"
        self.assertEqual(
            plan_delivery(
                lines, stores.values(), dict(stock), state_id=SH, city="Pudong"
            ),
            {"l1": 2},
        )
        # No region known: the priority alone, retail before central.
        self.assertEqual(plan_delivery(lines, stores.values(), dict(stock)), {"l1": 3})

    def test_loaded_store_yields_to_a_free_one(self):
        stores = _stores()
        stores["sh1"].capacity, stores["sh1"].load = 2, 2
        stock = {(1, TEA): 10, (2, TEA): 10}
        self.assertEqual(
            plan_delivery([("l1", TEA, 1)], stores.values(), stock, state_id=SH),
            {"l1": 2},
        )
        # Equal priority: the lighter load.
        stores = _stores()
        stores["sh2"].priority = 10
        stores["sh1"].load = 4
        stores["sh2"].load = 1
        stock = {(1, TEA): 10, (2, TEA): 10}
        self.assertEqual(
            plan_delivery([("l1", TEA, 1)], stores.values(), stock, state_id=SH),
            {"l1": 2},
        )

    def test_split_covers_most_lines_first_and_central_is_the_fallback(self):
        stores = _stores()
        stock = {
            (1, TEA): 5,
            (3, OOLONG): 5,
            (3, TEA): 5,
            (4, CUP): 5,
            (4, TEA): 5,
        }
        lines = [("l1", TEA, 1), ("l2", OOLONG, 1), ("l3", CUP, 1)]
        routes = plan_delivery(lines, stores.values(), stock, state_id=SH)
        # Nobody has all three; Beijing covers two of them (more than sh1);
        # no store has cups: they come from the central warehouse.
        self.assertEqual(routes, {"l1": 3, "l2": 3, "l3": 4})
        self.assertEqual(stock[(4, TEA)], 5, "the central warehouse keeps its tea")
        self.assertEqual((stores["bj"].load, stores["central"].load), (1, 1))

    def test_central_warehouse_ships_whole_rather_than_a_split(self):
        stores = _stores()
        stock = {(1, TEA): 5, (3, CUP): 5, (4, TEA): 5, (4, CUP): 5}
        routes = plan_delivery([("l1", TEA, 1), ("l2", CUP, 2)], stores.values(), stock)
        self.assertEqual(routes, {"l1": 4, "l2": 4})

    def test_same_product_on_two_lines_counts_once(self):
        stores = _stores()
        stock = {(1, TEA): 3, (3, TEA): 10}
        routes = plan_delivery(
            [("l1", TEA, 2), ("l2", TEA, 2)], stores.values(), stock, state_id=SH
        )
        self.assertEqual(routes, {"l1": 3, "l2": 3})

    def test_more_than_any_store_holds_is_refused(self):
        stores = _stores()
        stock = {(1, TEA): 3, (2, TEA): 3, (4, TEA): 2}
        before = dict(stock)
        with self.assertRaises(NotEnoughStock) as caught:
            plan_delivery([("l1", TEA, 5)], stores.values(), stock)
        self.assertEqual(caught.exception.qty, 5)
        self.assertEqual(caught.exception.best_qty, 3)
        self.assertEqual(caught.exception.chain_qty, 8)
        self.assertEqual(stock, before, "nothing taken")

    def test_batch_takes_stock_as_it_goes(self):
        stores = _stores()
        stock = {(1, TEA): 2, (2, TEA): 2}
        first = plan_delivery([("a", TEA, 2)], stores.values(), stock, state_id=SH)
        second = plan_delivery([("b", TEA, 2)], stores.values(), stock, state_id=SH)
        self.assertEqual((first, second), ({"a": 1}, {"b": 2}))
        with self.assertRaises(NotEnoughStock):
            plan_delivery([("c", TEA, 1)], stores.values(), stock, state_id=SH)

    def test_pickup_takes_what_the_store_has_and_asks_the_rest(self):
        stores = _stores()
        stock = {(1, TEA): 1, (2, TEA): 1, (3, TEA): 4, (2, CUP): 2}
        lines = [("l1", TEA, 3), ("l2", CUP, 1)]
        transfers = plan_pickup(lines, 1, stores.values(), stock, state_id=SH)
        # Tea: 1 here, 2 missing: only Beijing has both, one source. Cup:
        # from sh2.
        self.assertEqual(transfers, {3: {TEA: 2}, 2: {CUP: 1}})
        self.assertEqual(stock[(1, TEA)], 0)
        self.assertEqual(stock[(3, TEA)], 2)

    def test_pickup_from_several_sources_when_none_has_it_all(self):
        stores = _stores()
        stock = {(2, TEA): 1, (3, TEA): 1}
        transfers = plan_pickup(
            [("l1", TEA, 2)], 1, stores.values(), stock, state_id=SH
        )
        self.assertEqual(transfers, {2: {TEA: 1}, 3: {TEA: 1}})

    def test_pickup_of_more_than_the_chain_has_is_refused(self):
        stores = _stores()
        stock = {(1, TEA): 1, (3, TEA): 1}
        with self.assertRaises(NotEnoughStock) as caught:
            plan_pickup([("l1", TEA, 3)], 1, stores.values(), stock)
        self.assertEqual(caught.exception.chain_qty, 2)

    def test_bulk_order_ships_whole_from_the_store_holding_most(self):
        stores = _stores()
        stock = {(1, TEA): 10, (1, CUP): 2, (2, CUP): 6, (3, TEA): 4, (3, CUP): 8}
        lines = [("l1", TEA, 10), ("l2", CUP, 8)]
        self.assertFalse(covered_by_one_store(lines, stores.values(), stock))
        # sh1 holds 12 of 18 units, Beijing 12 too but sh1 ranks first for a
        # Shanghai customer; the 6 cups it lacks come from sh2 (has them all).
        hub, transfers = plan_consolidated(lines, stores.values(), stock, state_id=SH)
        self.assertEqual(hub, 1)
        self.assertEqual(transfers, {2: {CUP: 6}})
        self.assertEqual(stock[(1, TEA)], 0)
        self.assertEqual(stock[(2, CUP)], 0)
        self.assertEqual(stores["sh1"].load, 1)

    def test_bulk_order_beyond_the_chain_is_refused(self):
        stores = _stores()
        stock = {(1, TEA): 3, (3, TEA): 3}
        with self.assertRaises(NotEnoughStock) as caught:
            plan_consolidated([("l1", TEA, 7)], stores.values(), stock)
        self.assertEqual(caught.exception.chain_qty, 6)
