from odoo import api, models


class ResGroups(models.Model):
    _inherit = "res.groups"

    # Members and implied groups decide whether a user is store-restricted
    # (res.users._is_store_restricted keeps the answer for the transaction).
    @api.model_create_multi
    def create(self, vals_list):
        groups = super().create(vals_list)
        self.env["res.users"]._multistore_drop_restricted()
        return groups

    def write(self, vals):
        Users = self.env["res.users"]
        Users._multistore_drop_restricted()
        # Members added or removed from the group side are audited like a
        # change made on the user form.
        if "users" not in vals or not (self & Users._multistore_groups()):
            res = super().write(vals)
            Users._multistore_drop_restricted()
            return res
        audit = self.env["multistore.access.log"]
        affected = self.users | Users.browse(self._user_ids_in_commands(vals["users"]))
        before = audit._snapshot(affected)
        res = super().write(vals)
        Users._multistore_drop_restricted()
        audit._log_changes(before, audit._snapshot(affected))
        return res

    def unlink(self):
        res = super().unlink()
        self.env["res.users"]._multistore_drop_restricted()
        return res

    def _user_ids_in_commands(self, commands):
        ids = set()
        for command in commands:
            if command[0] in (3, 4):
                ids.add(command[1])
            elif command[0] == 6:
                ids.update(command[2])
        return list(ids)
