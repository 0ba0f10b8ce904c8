from odoo import api, fields, models
from odoo.exceptions import UserError


class LoyaltyProgram(models.Model):
    _inherit = "loyalty.program"

    store_ids = fields.Many2many(
        "multistore.store",
        "multistore_loyalty_program_store_rel",
        "program_id",
        "store_id",
        string="Participating Stores",
        check_company=True,
        help="Stores whose tills and quotations accept this program. Leave empty "
        "to run the program in every store of the chain.",
    )
    # Set on the program, not on each till: a member meets the same
    # redemption in every store, and a chain manager sets it once.
    multistore_partial_redemption = fields.Boolean(
        string="Cashier Chooses the Points",
        help="At the till, the cashier enters how many points a per-point "
        "discount of this loyalty program redeems (up to the balance). "
        "Unticked, a click on the reward applies it with every point it can "
        "use, as in Odoo. The server checks the balance either way.",
    )

    @api.model
    def _load_pos_data_fields(self, config_id):
        return [
            *super()._load_pos_data_fields(config_id),
            "multistore_partial_redemption",
        ]

    def _multistore_is_valid_in_store(self, store):
        """Whether the program runs in ``store`` (no store listed: everywhere)."""
        self.ensure_one()
        return not self.store_ids or store in self.store_ids

    def _multistore_check_store(self, store, card=None):
        """Refuse a program (or one of its cards) outside its stores.

        Tills only load the programs of their store, so this trips only on a
        stale or forged till payload: the error must say what to do.
        """
        for program in self:
            if program._multistore_is_valid_in_store(store):
                continue
            if card:
                what = self.env._("Card %(code)s", code=card.code)
            else:
                what = self.env._("A reward")
            raise UserError(
                self.env._(
                    "%(what)s of program %(program)s cannot be used in store "
                    "%(store)s: the program runs only in %(stores)s. Remove it "
                    "from the order.",
                    what=what,
                    program=program.name,
                    store=store.display_name or self.env._("(no store)"),
                    stores=", ".join(program.store_ids.mapped("display_name")),
                )
            )
