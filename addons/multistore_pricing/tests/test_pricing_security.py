from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.multistore_base.tests.common import MultistoreCommon


@tagged("post_install", "-at_install")
class TestPricingSecurity(MultistoreCommon):
    """Price changes move only through their actions (issue #10, classes 2,
    8 and 9): a store manager edits only draft requests whose stores are all
    theirs, and never the computed prices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.chain_pricelist = cls.env["product.pricelist"].create(
            {"name": "Chain", "currency_id": cls.env.company.currency_id.id}
        )
        cls.env.company.multistore_pricelist_id = cls.chain_pricelist
        cls.manager_b = cls._create_user(
            "ms_manager_b", "group_store_manager", cls.store_b
        )
        cls.PriceChange = cls.env["multistore.price.change"]
        cls.Line = cls.env["multistore.price.change.line"]

    def _request(self, user, stores=None, **vals):
        return self.PriceChange.with_user(user).create(
            {
                "product_id": self.product.id,
                "scope": "stores",
                "store_ids": [Command.set((stores or self.store_a).ids)],
                "new_price": 8.0,
                "reason": "competitor",
                **vals,
            }
        )

    def _price(self, store):
        return store.pricelist_id._get_product_price(self.product, 1.0)

    def _line_vals(self, change, store):
        return {
            "change_id": change.id,
            "product_id": self.product.id,
            "store_id": store.id,
            "pricelist_id": store.pricelist_id.id,
            "old_price": 10.0,
            "new_price": 0.5,
        }

    def test_self_approval_by_writing_state_refused(self):
        change = self._request(self.manager_a)
        for vals in (
            {"state": "approved"},
            {"state": "submitted"},
            {"approved_by_id": self.manager_a.id},
            {"requested_by_id": self.chain_manager.id},
            {"date_approved": "2025-01-01 10:00:00"},
            {"date_requested": "2025-01-01 10:00:00"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                change.with_user(self.manager_a).write(vals)
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            self._request(self.manager_a, state="active")
        # Not even a chain manager skips the approval step.
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            change.with_user(self.chain_manager).write({"state": "approved"})
        change.with_user(self.manager_a).action_submit()
        with self.assertRaises(UserError):
            change.with_user(self.manager_a).write({"state": "approved"})
        self.assertEqual(change.state, "submitted")
        self.assertFalse(change.item_ids)
        self.assertEqual(self._price(self.store_a), 10.0)

    def test_manager_edits_only_drafts_of_own_stores(self):
        own = self._request(self.manager_a)
        own.with_user(self.manager_a).write({"new_price": 7.5, "note": "Rival"})
        shared = self._request(self.chain_manager, stores=self.store_a | self.store_b)
        other = self._request(self.chain_manager, stores=self.store_b)
        chain = self._request(self.chain_manager, scope="chain", store_ids=[])
        for change in (shared, other, chain):
            with self.subTest(change=change.display_name):
                with self.assertRaises(AccessError):
                    change.with_user(self.manager_a).write({"new_price": 0.5})
                with self.assertRaises(AccessError):
                    change.with_user(self.manager_a).unlink()
                with self.assertRaises(AccessError):
                    change.with_user(self.manager_a).action_compute_lines()
        # Nor by creating one, or by adding another store to the own one.
        for vals in (
            {"stores": self.store_a | self.store_b},
            {"stores": self.store_b},
            {"scope": "chain", "store_ids": []},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                self._request(self.manager_a, **vals)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            own.with_user(self.manager_a).write(
                {"store_ids": [Command.link(self.store_b.id)]}
            )
        self.env.invalidate_all(flush=False)
        self.assertEqual(own.store_ids, self.store_a)
        own.with_user(self.manager_a).unlink()

    def test_submitted_request_frozen_for_manager(self):
        change = self._request(self.manager_a)
        change.with_user(self.manager_a).action_submit()
        manager_change = change.with_user(self.manager_a)
        with self.assertRaises(AccessError):
            manager_change.write({"new_price": 0.5})
        with self.assertRaises(AccessError):
            manager_change.write({"date_end": fields.Datetime.now()})
        with self.assertRaises(AccessError):
            manager_change.unlink()
        with self.assertRaises(AccessError):
            manager_change.action_compute_lines()
        # The form locks the request once submitted, for everyone.
        with self.assertRaisesRegex(UserError, "Set it back to draft"):
            change.with_user(self.chain_manager).write({"new_price": 0.5})
        # The manager may withdraw it, and edit the draft again.
        manager_change.action_draft()
        manager_change.write({"new_price": 7.0})
        manager_change.action_submit()
        self.assertEqual(change.line_ids.new_price, 7.0)
        manager_change.action_cancel()
        self.assertEqual(change.state, "cancel")

    def test_lines_only_through_the_request(self):
        """A manager added a line for store B's price list to their
        submitted request, which the chain approval then applied."""
        change = self._request(self.manager_a)
        manager_line = self.Line.with_user(self.manager_a)
        with self.assertRaises(AccessError):
            manager_line.create(self._line_vals(change, self.store_b))
        change.with_user(self.manager_a).action_compute_lines()
        with self.assertRaises(AccessError):
            change.line_ids.with_user(self.manager_a).write({"new_price": 0.5})
        with self.assertRaises(UserError):
            change.with_user(self.manager_a).write(
                {"line_ids": [Command.create(self._line_vals(change, self.store_b))]}
            )
        change.with_user(self.manager_a).action_submit()
        with self.assertRaises(AccessError):
            manager_line.create(self._line_vals(change, self.store_b))
        with self.assertRaises(AccessError):
            change.line_ids.with_user(self.manager_a).unlink()
        # Whoever writes the line, a request writes only its own stores' lists.
        with (
            self.assertRaisesRegex(ValidationError, "its own stores"),
            self.env.cr.savepoint(),
        ):
            self.Line.sudo().create(self._line_vals(change, self.store_b))
        change.with_user(self.chain_manager).action_approve()
        self.assertEqual(self._price(self.store_a), 8.0)
        self.assertEqual(self._price(self.store_b), 10.0)

    def test_chain_request_lines_of_other_stores(self):
        """A manager cannot edit store B's line of a request for A and B."""
        change = self._request(self.chain_manager, stores=self.store_a | self.store_b)
        change.action_compute_lines()
        line_b = change.line_ids.filtered(lambda line: line.store_id == self.store_b)
        with self.assertRaises(AccessError):
            line_b.with_user(self.manager_a).write({"new_price": 0.5})
        with self.assertRaises(AccessError):
            line_b.with_user(self.manager_a).unlink()
        with self.assertRaisesRegex(UserError, "your own stores only"):
            change.with_user(self.manager_a).action_submit()

    def test_actions_check_the_role(self):
        change = self._request(self.manager_a)
        with self.assertRaisesRegex(AccessError, "Store manager may submit"):
            change.with_user(self.staff_a).action_submit()
        with self.assertRaisesRegex(AccessError, "Store manager may cancel"):
            change.with_user(self.staff_a).action_cancel()
        change.with_user(self.manager_a).action_submit()
        for action in ("action_approve", "action_reject"):
            with (
                self.subTest(action=action),
                self.assertRaisesRegex(AccessError, "Chain manager may approve"),
            ):
                getattr(change.with_user(self.manager_a), action)()
        with self.assertRaises(UserError):
            change.with_user(self.manager_b).action_draft()
        with self.assertRaises(UserError):
            change.with_user(self.manager_b).action_cancel()
        change.with_user(self.chain_manager).action_approve()
        self.assertEqual(change.state, "active")
        with self.assertRaisesRegex(AccessError, "Chain manager may approve"):
            change.with_user(self.manager_a).action_cancel()
        with self.assertRaises(AccessError):
            self.env["multistore.price.matrix"].with_user(self.manager_a).action_open()
        # The applied prices and their history are the flow's.
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            change.item_ids.with_user(self.chain_manager).write(
                {"multistore_price_change_id": False}
            )
        history = self.env["multistore.price.history"].search(
            [("price_change_id", "=", change.id)]
        )
        self.assertTrue(history)
        with self.assertRaises(AccessError):
            history.with_user(self.chain_manager).write({"price": 0.5})
        change.with_user(self.chain_manager).action_cancel()
        self.assertEqual(self._price(self.store_a), 10.0)

    def test_bulk_wizard_for_own_stores_only(self):
        category = self.env["product.category"].create({"name": "Teas"})
        self.product.categ_id = category
        Wizard = self.env["multistore.price.change.wizard"]
        for vals in (
            {"store_ids": [Command.set(self.store_b.ids)]},
            {"store_ids": [Command.set((self.store_a | self.store_b).ids)]},
            {"scope": "chain"},
        ):
            wizard = Wizard.with_user(self.manager_a).create(
                {"categ_id": category.id, "percent": -10, **vals}
            )
            with self.subTest(vals=vals), self.assertRaises(UserError):
                wizard.action_preview()
        with self.assertRaises(AccessError):
            Wizard.with_user(self.staff_a).create(
                {"categ_id": category.id, "percent": -10}
            )
        wizard = Wizard.with_user(self.manager_a).create(
            {
                "categ_id": category.id,
                "percent": -10,
                "store_ids": [Command.set(self.store_a.ids)],
            }
        )
        wizard.action_preview()
        action = wizard.action_submit()
        change = self.PriceChange.browse(action["res_id"])
        self.assertEqual(change.state, "submitted")
        self.assertEqual(change.line_ids.store_id, self.store_a)

    def test_competitor_gap_is_computed_not_typed(self):
        rival = self.env["res.partner"].create({"name": "Rival Mart"})
        seen = (
            self.env["multistore.competitor.price"]
            .with_user(self.manager_a)
            .create(
                {
                    "competitor_id": rival.id,
                    "product_id": self.product.id,
                    "store_id": self.store_a.id,
                    "price": 12.5,
                }
            )
        )
        self.assertAlmostEqual(seen.gap_percent, -20.0)
        with self.assertRaisesRegex(UserError, "change only through its buttons"):
            seen.write({"our_price": 99.0, "gap_percent": 0.0})
