"""What the till's sync keeps for a transaction, or computes its own way,
still follows every change (bin/bench-till, issue #15 part 4)."""

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import MultistorePosCommon


@tagged("post_install", "-at_install")
class TestTillCaches(MultistorePosCommon):
    def test_restricted_follows_groups_in_transaction(self):
        """``_is_store_restricted`` is cached per user: a change of the
        user's groups, from the user, from the group or through an implied
        group, is seen at once."""
        staff = self.staff_a
        chain = self.env.ref("multistore_base.group_chain_manager")
        self.assertTrue(staff._is_store_restricted())
        staff.groups_id = [Command.link(chain.id)]
        self.assertFalse(staff._is_store_restricted())
        chain.users = [Command.unlink(staff.id)]
        self.assertTrue(staff._is_store_restricted())
        extra = self.env["res.groups"].create({"name": "Regional lead"})
        staff.groups_id = [Command.link(extra.id)]
        self.assertTrue(staff._is_store_restricted())
        # Odoo gives the members of a group its new implied groups.
        extra.implied_ids = [Command.link(chain.id)]
        self.assertFalse(staff._is_store_restricted())
        staff.groups_id = [Command.unlink(chain.id), Command.unlink(extra.id)]
        self.assertTrue(staff._is_store_restricted())
        self.assertEqual(
            staff._is_store_restricted(), staff._multistore_restricted_by_groups()
        )

    def test_restricted_as_the_user_sees_it(self):
        """Asked as the user (the till's RPCs), the answer follows too."""
        staff = self.staff_a.with_user(self.staff_a)
        chain = self.env.ref("multistore_base.group_chain_manager")
        self.assertTrue(staff.env.user._is_store_restricted())
        self.staff_a.groups_id = [Command.link(chain.id)]
        self.assertFalse(staff.env.user._is_store_restricted())
        self.staff_a.groups_id = [Command.unlink(chain.id)]
        self.assertTrue(staff.env.user._is_store_restricted())

    def test_stores_changed_in_transaction_are_seen(self):
        """A store given to or taken from a user within the transaction
        counts for the next check of the same user."""
        warehouse_b = self.warehouse_b.with_user(self.staff_a)
        self.assertEqual(self.warehouse_b.store_id, self.store_b)
        with self.assertRaisesRegex(AccessError, "not one of your stores"):
            warehouse_b._multistore_check_store_allowed()
        self.staff_a.store_ids = [Command.link(self.store_b.id)]
        warehouse_b._multistore_check_store_allowed()
        self.staff_a.store_ids = [Command.unlink(self.store_b.id)]
        with self.assertRaisesRegex(AccessError, "not one of your stores"):
            warehouse_b._multistore_check_store_allowed()

    def test_line_amounts_are_odoos(self):
        """``_multistore_amounts`` gives what ``_compute_amount_line_all``
        gives: taxes excluded and included, several taxes, a fiscal position
        that maps a tax, discounts, refunds, a line without tax."""
        Tax = self.env["account.tax"]
        excluded = Tax.create({"name": "VAT 13%", "amount": 13})
        included = Tax.create(
            {
                "name": "VAT 9% incl.",
                "amount": 9,
                "price_include_override": "tax_included",
                "include_base_amount": True,
            }
        )
        fixed = Tax.create({"name": "Eco", "amount_type": "fixed", "amount": 0.35})
        zero = Tax.create({"name": "Export 0%", "amount": 0})
        export = self.env["account.fiscal.position"].create(
            {
                "name": "Export",
                "tax_ids": [
                    Command.create({"tax_src_id": excluded.id, "tax_dest_id": zero.id})
                ],
            }
        )
        cases = [
            (excluded, 19.99, 3, 0.0),
            (included, 19.99, 1, 10.0),
            (included | excluded, 7.33, 2.5, 0.0),
            (included | fixed | excluded, 12.5, -2, 5.0),
            (Tax, 4.2, 1, 0.0),
        ]
        for fiscal_position in (self.env["account.fiscal.position"], export):
            order = self._create_pos_order(self.session_a)
            order.fiscal_position_id = fiscal_position
            # sudo(): zero subtotals on purpose (users' are checked).
            order.sudo().lines = [
                Command.create(
                    {
                        "product_id": self.product.id,
                        "qty": qty,
                        "price_unit": price,
                        "discount": discount,
                        "tax_ids": [Command.set(taxes.ids)],
                        "price_subtotal": 0.0,
                        "price_subtotal_incl": 0.0,
                    }
                )
                for taxes, price, qty, discount in cases
            ]
            amounts = order.lines._multistore_amounts()
            self.assertEqual(set(amounts), set(order.lines))
            for line in order.lines:
                self.assertEqual(amounts[line], line._compute_amount_line_all())
