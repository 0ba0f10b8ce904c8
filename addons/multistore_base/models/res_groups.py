from odoo import models


class ResGroups(models.Model):
    _inherit = "res.groups"

    def write(self, vals):
        # Members added or removed from the group side are audited like a
        # change made on the user form.
        if "users" not in vals or not (
            self & self.env["res.users"]._multistore_groups()
        ):
            return super().write(vals)
        audit = self.env["multistore.access.log"]
        affected = self.users | self.env["res.users"].browse(
            self._user_ids_in_commands(vals["users"])
        )
        before = audit._snapshot(affected)
        res = super().write(vals)
        audit._log_changes(before, audit._snapshot(affected))
        return res

    def _user_ids_in_commands(self, commands):
        ids = set()
        for command in commands:
            if command[0] in (3, 4):
                ids.add(command[1])
            elif command[0] == 6:
                ids.update(command[2])
        return list(ids)
