import threading
from contextlib import contextmanager

from odoo import SUPERUSER_ID, Command, api
from odoo.api import Transaction
from odoo.exceptions import UserError
from odoo.modules.registry import Registry
from odoo.tests import BaseCase, get_db_name, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestLoyaltyConcurrency(BaseCase):
    """Two transactions redeem the same card at the same moment.

    Runs on committed data with real, separate database cursors (the test
    transaction of TransactionCase would hide each side from the other);
    what it creates is removed at the end.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.registry = Registry(get_db_name())
        with cls._env() as env:
            program = env["loyalty.program"].create(
                {
                    "name": "Concurrency Points",
                    "program_type": "loyalty",
                    "rule_ids": [Command.create({"reward_point_mode": "money"})],
                    "reward_ids": [
                        Command.create(
                            {
                                "reward_type": "discount",
                                "discount_mode": "per_point",
                                "discount": 0.1,
                            }
                        )
                    ],
                }
            )
            partner = env["res.partner"].create({"name": "Concurrent Member"})
            card = env["loyalty.card"].create(
                {"program_id": program.id, "partner_id": partner.id, "points": 100}
            )
            cls.ids = {"program": program.id, "partner": partner.id, "card": card.id}
        cls.addClassCleanup(cls._cleanup)

    @classmethod
    def _cleanup(cls):
        with cls._env() as env:
            card = env["loyalty.card"].browse(cls.ids["card"])
            card.history_ids.unlink()
            card.unlink()
            program = env["loyalty.program"].browse(cls.ids["program"])
            program.active = False
            program.unlink()
            env["res.partner"].browse(cls.ids["partner"]).unlink()

    @classmethod
    @contextmanager
    def _env(cls):
        """A new transaction, committed when the block ends without error."""
        with cls.registry.cursor() as cr:
            # The test runner holds the registry lock: build the transaction
            # on the known registry instead of looking it up again (which
            # would wait for that lock in another thread).
            cr.transaction = Transaction(cls.registry)
            yield api.Environment(cr, SUPERUSER_ID, {})

    def _redeem(self, env, points, till="Till"):
        card = env["loyalty.card"].browse(self.ids["card"])
        return env["loyalty.card"]._multistore_post_points(
            [
                {
                    "card_id": card.id,
                    "used": points,
                    "description": f"Redeemed at {till}",
                }
            ]
        )

    def _balance(self):
        with self._env() as env:
            card = env["loyalty.card"].browse(self.ids["card"])
            return card.points, len(card.history_ids)

    def test_01_second_till_refused_while_first_holds_the_card(self):
        """Sequential cursors: the first holds the lock, the second is refused
        at once; once the first committed, the balance left is too low."""
        with self._env() as env_a:
            self._redeem(env_a, 60, "till A")
            # Till B redeems while till A's transaction is still open.
            with (
                self.assertRaisesRegex(UserError, "being used at another till"),
                self._env() as env_b,
            ):
                self._redeem(env_b, 60, "till B")
        self.assertEqual(self._balance(), (40.0, 1))
        with (
            self.assertRaisesRegex(UserError, "has 40.0 points but"),
            self._env() as env_b,
        ):
            self._redeem(env_b, 60, "till B")
        self.assertEqual(self._balance(), (40.0, 1))

    @mute_logger("odoo.sql_db")
    def test_02_two_threads_race_for_the_same_points(self):
        """Two threads, each with its own transaction: one wins, the loser
        gets a clear error and the balance never goes below zero."""
        locked = threading.Event()
        tried = threading.Event()
        outcome = {}

        def till_a():
            try:
                with self._env() as env:
                    self._redeem(env, 30, "till A")
                    locked.set()
                    # Hold the card until till B has tried.
                    tried.wait(timeout=30)
                outcome["a"] = "ok"
            except (UserError, AssertionError) as error:  # for the main thread
                outcome["a"] = error
                locked.set()

        thread = threading.Thread(target=till_a)
        thread.start()
        self.assertTrue(locked.wait(timeout=30))
        try:
            with self._env() as env:
                self._redeem(env, 30, "till B")
            outcome["b"] = "ok"
        except UserError as error:
            outcome["b"] = error
        finally:
            tried.set()
            thread.join(timeout=30)
        self.assertEqual(outcome["a"], "ok")
        self.assertIsInstance(outcome["b"], UserError)
        self.assertIn("being used at another till", str(outcome["b"]))
        points, lines = self._balance()
        self.assertEqual(points, 10.0)
        self.assertGreaterEqual(points, 0)
        self.assertEqual(lines, 2)
