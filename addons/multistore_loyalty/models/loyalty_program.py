from odoo import fields, models
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
