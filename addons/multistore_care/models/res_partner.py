from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    multistore_note_count = fields.Integer(
        string="Preferences",
        compute="_compute_multistore_note_count",
        help="Preference notes of this customer the user may read: their "
        "stores' notes and those shared with the chain.",
    )

    @api.depends_context("uid")
    def _compute_multistore_note_count(self):
        # Counted with the user's record rules: another store's private notes
        # are not counted; users without access to notes count none.
        Note = self.env["multistore.customer.note"]
        if not Note.has_access("read"):
            self.multistore_note_count = 0
            return
        groups = Note._read_group(
            [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
        )
        counts = {partner.id: count for partner, count in groups}
        for partner in self:
            partner.multistore_note_count = counts.get(partner.id, 0)

    def action_multistore_view_notes(self):
        """The customer's preference notes; a new one is for the user's store."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "multistore_care.multistore_customer_note_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action
