from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import MultistoreCareVipCommon


@tagged("post_install", "-at_install")
class TestCustomerNotes(MultistoreCareVipCommon):
    """Preference notes belong to a store: its staff read and write them,
    other stores see them only when shared, and never change them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.alice = cls.customers["alice"]
        cls.note_a = cls.Note.with_user(cls.staff_a).create(
            {"partner_id": cls.alice.id, "note": "Prefers oolong, no sugar."}
        )

    def test_staff_writes_a_note_for_their_store(self):
        note = self.note_a
        self.assertEqual(note.store_id, self.store_a, "defaults to the user's store")
        self.assertEqual(note.author_id, self.staff_a)
        self.assertTrue(note.date)
        note.with_user(self.staff_a).write({"note": "Prefers oolong, a little honey."})
        self.assertEqual(note.note, "Prefers oolong, a little honey.")
        self.assertEqual(
            self.Note.with_user(self.staff_a).search(
                [("partner_id", "=", self.alice.id)]
            ),
            note,
        )

    def test_other_store_reads_nothing(self):
        Note = self.Note.with_user(self.staff_b)
        self.assertFalse(Note.search([("partner_id", "=", self.alice.id)]))
        with self.assertRaises(AccessError):
            self.note_a.with_user(self.staff_b).read(["note"])

    def test_other_store_cannot_change_or_delete(self):
        for shared in (False, True):
            self.note_a.shared = shared
            with self.assertRaises(AccessError):
                self.note_a.with_user(self.staff_b).write({"note": "Hacked"})
            with self.assertRaises(AccessError):
                self.note_a.with_user(self.staff_b).unlink()
        self.assertEqual(self.note_a.note, "Prefers oolong, no sugar.")

    def test_no_note_for_another_store(self):
        with self.assertRaises(AccessError):
            self.Note.with_user(self.staff_a).create(
                {
                    "partner_id": self.alice.id,
                    "store_id": self.store_b.id,
                    "note": "Planted in store B",
                }
            )
        with self.assertRaises(AccessError):
            self.note_a.with_user(self.staff_a).write({"store_id": self.store_b.id})
        self.assertEqual(self.note_a.store_id, self.store_a)
        self.assertFalse(
            self.Note.search([("note", "=", "Planted in store B")]),
        )

    def test_shared_note_read_chain_wide(self):
        self.note_a.with_user(self.staff_a).shared = True
        Note = self.Note.with_user(self.staff_b)
        self.assertEqual(Note.search([("partner_id", "=", self.alice.id)]), self.note_a)
        self.assertEqual(
            self.note_a.with_user(self.staff_b).read(["note"])[0]["note"],
            "Prefers oolong, no sugar.",
        )

    def test_author_and_date_set_by_the_server(self):
        with self.assertRaises(UserError):
            self.note_a.with_user(self.staff_a).write({"author_id": self.manager_a.id})
        with self.assertRaises(UserError):
            self.note_a.with_user(self.staff_a).write({"date": "2020-01-01 00:00:00"})
        with self.assertRaises(UserError):
            self.Note.with_user(self.staff_a).create(
                {
                    "partner_id": self.alice.id,
                    "note": "Someone else's",
                    "author_id": self.manager_a.id,
                }
            )
        self.assertEqual(self.note_a.author_id, self.staff_a)

    def test_unlink_own_store_note(self):
        note = self.Note.with_user(self.manager_a).create(
            {"partner_id": self.alice.id, "note": "Size M"}
        )
        note.with_user(self.staff_a).unlink()
        self.assertFalse(note.exists())

    def test_chain_manager_reads_every_store(self):
        note_b = self.Note.with_user(self.staff_b).create(
            {"partner_id": self.alice.id, "note": "Likes jasmine."}
        )
        self.assertEqual(
            self.Note.with_user(self.chain_manager).search(
                [("partner_id", "=", self.alice.id)]
            ),
            self.note_a | note_b,
        )

    def test_notes_on_the_customer_form(self):
        self.Note.with_user(self.staff_b).create(
            {"partner_id": self.alice.id, "note": "Likes jasmine."}
        )
        alice_a = self.alice.with_user(self.staff_a)
        self.assertEqual(alice_a.multistore_note_count, 1, "store B's note hidden")
        action = alice_a.action_multistore_view_notes()
        self.assertEqual(
            self.Note.with_user(self.staff_a).search(action["domain"]), self.note_a
        )
        self.assertEqual(
            self.alice.with_user(self.chain_manager).multistore_note_count, 2
        )
