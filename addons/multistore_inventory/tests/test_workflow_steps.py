from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import MultistoreInventoryCommon


@tagged("post_install", "-at_install")
class TestWorkflowSteps(MultistoreInventoryCommon):
    """Who took each step of a transfer and a stock count, and when
    (``multistore.workflow.mixin``)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._set_stock(cls.store_b, 20.0)
        cls._set_stock(cls.store_a, 3.0)
        cls.store_a.manager_id = cls.manager_a

    def assertStep(self, record, step, user, since):
        """``date_<step>`` is set since ``since``; ``<step>_by_id`` is ``user``."""
        date = record[f"date_{step}"]
        self.assertTrue(date, f"{record._name}: date_{step} not recorded")
        self.assertGreaterEqual(date, since)
        if user is not None:
            self.assertEqual(record[f"{step}_by_id"], user, f"{step}_by_id")

    def test_every_document_protects_its_step_fields(self):
        """A document's who/when fields change only through its steps."""
        documents = sorted(
            self.env.registry["multistore.workflow.mixin"]._inherit_children
        )
        self.assertIn("multistore.transfer", documents)
        self.assertIn("multistore.stock.count", documents)
        for name in documents:
            Model = self.env[name]
            for field in Model._multistore_workflow_step_fields():
                self.assertIn(field, Model._fields, f"{name}.{field}")
                self.assertIn(
                    field,
                    Model._multistore_workflow_field_names(),
                    f"{name}.{field} is not a workflow field",
                )

    def test_transfer_records_who_took_each_step(self):
        since = fields.Datetime.now()
        transfer = self.Transfer.with_user(self.staff_a).create(
            {
                "source_store_id": self.store_b.id,
                "dest_store_id": self.store_a.id,
                "line_ids": [
                    Command.create({"product_id": self.product.id, "qty_requested": 4})
                ],
            }
        )
        self.assertFalse(transfer.date_requested or transfer.approved_by_id)
        transfer.with_user(self.staff_a).action_request()
        self.assertStep(transfer, "requested", self.staff_a, since)
        transfer.with_user(self.manager_b).action_approve()
        self.assertStep(transfer, "approved", self.manager_b, since)
        transfer.with_user(self.staff_b).action_ship()
        self.assertStep(transfer, "shipped", self.staff_b, since)
        transfer.with_user(self.staff_a).action_fill_received()
        transfer.with_user(self.staff_a).action_receive()
        self.assertStep(transfer, "received", self.staff_a, since)
        self.assertEqual(transfer.state, "done")
        with self.assertRaisesRegex(UserError, "only through its buttons"):
            transfer.with_user(self.manager_b).write(
                {"date_approved": fields.Datetime.now()}
            )

    def test_stock_count_records_who_took_each_step(self):
        since = fields.Datetime.now()
        count = (
            self.env["multistore.stock.count"]
            .with_user(self.staff_a)
            .create({"store_id": self.store_a.id, "blind": True})
        )
        count.with_user(self.staff_a).action_start()
        self.assertStep(count, "started", self.staff_a, since)
        # Counted 1 of 3: far above any approval threshold.
        count.line_ids.with_user(self.staff_a).write(
            {"qty_counted": 1, "is_counted": True}
        )
        count.with_user(self.staff_a).action_validate()
        self.assertStep(count, "validated", self.staff_a, since)
        self.assertEqual(count.state, "to_approve")
        self.assertFalse(count.date_posted)
        count.with_user(self.manager_a).action_approve()
        self.assertStep(count, "approved", self.manager_a, since)
        # Posting has a date only: the approver posted.
        self.assertStep(count, "posted", None, since)
        self.assertEqual(count.state, "done")

    def test_unknown_step_is_a_programming_error(self):
        count = self.env["multistore.stock.count"].create({"store_id": self.store_a.id})
        with self.assertRaisesRegex(ValueError, "records no step 'shipped'"):
            count._multistore_workflow_step("shipped", {"state": "done"})
        self.assertEqual(count.state, "draft")
