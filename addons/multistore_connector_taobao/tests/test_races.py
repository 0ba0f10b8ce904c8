from datetime import timedelta

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.queue_job.tests.common import trap_jobs

from .common import TaobaoCommon


@tagged("post_install", "-at_install")
class TestRaces(TaobaoCommon):
    """Two transactions at the same moment record the same thing: the
    second meets the unique constraint and reads the first's record instead
    of failing. Simulated in one transaction: the first's record is there,
    while the second's check does not see it (as under PostgreSQL's
    repeatable read until the first commits)."""

    def test_shipment_recorded_by_a_concurrent_transaction(self):
        self.fake.add_trade(9701, [("TEA-T1", 1, "10.00")])
        self.pull()
        order = self.orders()
        with trap_jobs() as trap:
            order._api_update_shipment(carrier="SF Express", tracking_ref="SF9701")
            trap.assert_jobs_count(1)
        first = self.Shipment.search([("order_id", "=", order.id)])
        self.assertEqual(len(first), 1)
        # The second transaction's check ran before the first one committed.
        self.patch(type(self.Shipment), "search_count", lambda *args, **kw: 0)
        with trap_jobs() as trap, mute_logger("odoo.sql_db"):
            order._taobao_queue_shipment(tracking_ref="SF9701")
            # The first transaction queued the push: nothing more.
            trap.assert_jobs_count(0)
        self.assertEqual(self.Shipment.search([("order_id", "=", order.id)]), first)
        with mute_logger("odoo.sql_db"):
            shipment, created = self.Shipment.sudo()._create_once(
                {
                    "shop_id": self.shop.id,
                    "order_id": order.id,
                    "tid": "9701",
                    "out_sid": "SF9701",
                    "company_code": "SF",
                }
            )
        self.assertFalse(created)
        self.assertEqual(shipment, first)
        # The transaction goes on: the savepoint took the failed INSERT back.
        self.assertEqual(order.state, "sale")

    def test_failed_trade_recorded_by_a_concurrent_pull(self):
        self.fake.add_trade(9702, [("TM-UNKNOWN", 1, "5.00")])
        self.pull()
        item = self.Item.search([("shop_id", "=", self.shop.id)])
        self.assertEqual((item.tid, item.attempts), ("9702", 1))
        # The next pull looks for the trade's item before a pull running at
        # the same moment has committed it: it does not see it.
        original = type(self.Item).search
        missed = []

        def search(model, domain, *args, **kwargs):
            if not missed:
                missed.append(domain)
                return model.browse()
            return original(model, domain, *args, **kwargs)

        self.patch(type(self.Item), "search", search)
        with mute_logger("odoo.sql_db"):
            message, ok = self.pull()
        self.assertIn(("tid", "=", "9702"), missed[0])
        self.assertFalse(ok)
        self.assertIn("1 failed", message)
        self.assertEqual(self.Item.search([("shop_id", "=", self.shop.id)]), item)
        self.assertEqual(item.attempts, 2)

    def test_trade_imported_by_a_concurrent_pull(self):
        """A pull that looks for the trade's order before a pull running at
        the same moment committed it imports it again: the unique external
        id refuses the second order, the trade counts as already imported,
        nothing of the second import stays, and no SQL error is logged."""
        self.fake.add_trade(9703, [("TEA-T1", 1, "10.00")])
        self.pull()
        order = self.orders()
        self.assertEqual(len(order), 1)
        Integration = type(self.tmall_integration)
        self.patch(
            Integration,
            "_api_imported_order",
            lambda integration, external_id: self.Order.browse(),
        )
        self.shop.pull_cursor -= timedelta(hours=3)
        with self.assertNoLogs("odoo.sql_db", level="ERROR"):
            message, ok = self.pull()
        self.assertTrue(ok, message)
        self.assertIn("1 already imported", message)
        self.assertEqual(self.orders(), order)
        self.assertEqual(
            self.Order.search_count([("client_order_ref", "=", "9703")]), 1
        )
        self.assertEqual(len(order.picking_ids), 1)
