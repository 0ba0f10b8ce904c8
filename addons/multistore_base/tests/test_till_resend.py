from unittest.mock import patch

from psycopg2 import IntegrityError

from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.pos_order import TillOrderSentTwice
from .common import MultistorePosCommon


@tagged("post_install", "-at_install")
class TestTillResend(MultistorePosCommon):
    """A till order sent twice is one order (its uuid is unique).

    The race itself (the second send while the first is being saved, in two
    transactions) is driven over HTTP by tests/e2e/test_faults.py; here, the
    constraint and what the second send gets when it loses the race."""

    def test_resend_answers_with_the_first_order(self):
        vals = self._pos_order_vals(self.session_a, [self._pos_line()])
        first = self._sync_pos_order(vals, user=self.staff_a)
        again = self._sync_pos_order(vals, user=self.staff_a)
        self.assertEqual(again, first)
        self.assertEqual(
            self.env["pos.order"].search_count([("uuid", "=", vals["uuid"])]), 1
        )

    def test_uuid_is_unique(self):
        vals = self._pos_order_vals(self.session_a, [self._pos_line()])
        order = self._sync_pos_order(vals)
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            order.copy({"uuid": order.uuid})

    def test_send_losing_the_race_is_retried(self):
        """The send that did not see the first, uncommitted order (as if
        ``_get_open_order`` ran before the first send committed) raises a
        serialization failure, which Odoo's request retry runs again."""
        vals = self._pos_order_vals(self.session_a, [self._pos_line()])
        self._sync_pos_order(vals)
        PosOrder = self.env.registry["pos.order"]
        with (
            patch.object(
                PosOrder, "_get_open_order", lambda self, order: self.browse()
            ),
            mute_logger("odoo.sql_db"),
            self.assertRaises(TillOrderSentTwice),
        ):
            self.env["pos.order"].sync_from_ui([vals])
        self.assertEqual(
            self.env["pos.order"].search_count([("uuid", "=", vals["uuid"])]), 1
        )
