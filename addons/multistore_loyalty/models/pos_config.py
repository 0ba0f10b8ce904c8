from odoo import models


class PosConfig(models.Model):
    _inherit = "pos.config"

    def _get_program_ids(self):
        """Programs of the till, without those limited to other stores.

        The till loads only these programs and their cards, so a card of a
        program that does not run in this store cannot be picked up.
        """
        programs = super()._get_program_ids()
        return programs.filtered(
            lambda program: program._multistore_is_valid_in_store(self.store_id)
        )

    def use_coupon_code(self, code, creation_date, partner_id, pricelist_id):
        """Say why a scanned card is refused when it belongs to another store.

        Called by the till when a code is scanned: only a till user of this
        till's store may ask (the store rules of pos.config), and the answer
        (card, balance) is about programs of this till only.
        """
        self.ensure_one()
        self._multistore_require_group(
            "point_of_sale.group_pos_user", action=self.env._("scan a coupon code")
        )
        self.check_access("read")
        result = super().use_coupon_code(code, creation_date, partner_id, pricelist_id)
        if result.get("successful"):
            return result
        card = self.env["loyalty.card"].search([("code", "=", code)], limit=1)
        program = card.program_id
        if program and not program._multistore_is_valid_in_store(self.store_id):
            result["payload"]["error_message"] = self.env._(
                "Card %(code)s belongs to program %(program)s, which runs only in "
                "%(stores)s and not in store %(store)s.",
                code=code,
                program=program.name,
                stores=", ".join(program.store_ids.mapped("display_name")),
                store=self.store_id.display_name,
            )
        return result
