import re

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# Store types whose stock is a warehouse of their own.
STOCKED_STORE_TYPES = ("retail", "warehouse")
# Longest store code and name: the code is printed on labels and receipts.
MAX_CODE_LENGTH = 16
MAX_NAME_LENGTH = 128
# What a store's own manager may not change: how the store is wired into the
# chain (its stock, price list, books, team, company, code, existence).
CHAIN_MANAGED_FIELDS = (
    "active",
    "analytic_account_id",
    "code",
    "company_id",
    "crm_team_id",
    "pricelist_id",
    "store_type",
    "warehouse_id",
)
# Documents that keep a store from being deleted (archive it instead).
STORE_DOCUMENT_MODELS = (
    "sale.order",
    "pos.config",
    "pos.session",
    "pos.order",
    "stock.picking",
    "account.move",
)


class MultistoreStore(models.Model):
    """A physical or online store of the chain, or its central warehouse.

    The store groups what Odoo already has (warehouse, tills, sales team,
    price list, analytic account) under one name; documents carry a
    ``store_id`` and record rules scope users to their allowed stores.
    """

    # One concern per file: the store here, its staff in
    # multistore_store_staff.py, the demo data dispatcher in multistore_store_demo.py.
    _name = "multistore.store"
    _description = "Store"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "sequence, name"
    _check_company_auto = True
    _rec_names_search = ["name", "code"]

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Short code of the store, unique within the company.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True, tracking=True)
    store_type = fields.Selection(
        [
            ("retail", "Retail store"),
            ("online", "Online store"),
            ("warehouse", "Central warehouse"),
        ],
        string="Type",
        required=True,
        default="retail",
        tracking=True,
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    warehouse_id = fields.Many2one(
        "stock.warehouse",
        check_company=True,
        tracking=True,
        index=True,
        help="The store's stock is this warehouse's stock.",
    )
    pos_config_ids = fields.One2many("pos.config", "store_id", string="Tills")
    crm_team_id = fields.Many2one(
        "crm.team", string="Sales Team", check_company=True, tracking=True
    )
    pricelist_id = fields.Many2one(
        "product.pricelist", string="Price List", check_company=True, tracking=True
    )
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        check_company=True,
        help="The store's profit and loss are booked on this account.",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Address",
        help="Address, phone and geolocation of the store.",
    )
    phone = fields.Char(related="partner_id.phone")
    city = fields.Char(related="partner_id.city", store=True)
    state_id = fields.Many2one(
        "res.country.state", related="partner_id.state_id", store=True, string="Region"
    )
    country_id = fields.Many2one(
        "res.country", related="partner_id.country_id", store=True
    )
    manager_id = fields.Many2one("res.users", tracking=True)
    pos_config_count = fields.Integer(compute="_compute_pos_config_count")
    sale_order_count = fields.Integer(compute="_compute_order_counts")
    pos_order_count = fields.Integer(compute="_compute_order_counts")
    color = fields.Integer()
    user_is_chain_manager = fields.Boolean(
        compute="_compute_user_is_chain_manager",
        help="The form locks the chain-managed fields for everyone else "
        "(and write() refuses them).",
    )
    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "Another store of this company already has this code: choose another code.",
        ),
        (
            "warehouse_uniq",
            "unique(warehouse_id)",
            (
                "This warehouse already belongs to another store: "
                "a warehouse is the stock of one store only."
            ),
        ),
    ]

    def _compute_user_is_chain_manager(self):
        is_chain = self.env.user.has_group("multistore_base.group_chain_manager")
        for store in self:
            store.user_is_chain_manager = is_chain

    def _compute_pos_config_count(self):
        for store in self:
            store.pos_config_count = len(store.pos_config_ids)

    def _compute_order_counts(self):
        sale_counts = dict(
            self.env["sale.order"]._read_group(
                [("store_id", "in", self.ids)], ["store_id"], ["__count"]
            )
        )
        pos_counts = dict(
            self.env["pos.order"]._read_group(
                [("store_id", "in", self.ids)], ["store_id"], ["__count"]
            )
        )
        for store in self:
            store.sale_order_count = sale_counts.get(store, 0)
            store.pos_order_count = pos_counts.get(store, 0)

    @api.constrains("store_type", "warehouse_id")
    def _check_warehouse_id(self):
        for store in self:
            if store.store_type in STOCKED_STORE_TYPES and not store.warehouse_id:
                raise ValidationError(
                    self.env._(
                        "Store %(store)s needs a warehouse: a retail store or a "
                        "central warehouse keeps its stock in one. Select the "
                        "store's warehouse.",
                        store=store.display_name,
                    )
                )

    @api.depends("code")
    def _compute_display_name(self):
        for store in self:
            store.display_name = (
                f"[{store.code}] {store.name}" if store.code else store.name
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._normalize_store_vals(vals)
        self._check_code_available(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self._check_chain_managed_fields(vals)
        self._normalize_store_vals(vals)
        if "code" in vals:
            self._check_code_available(
                [
                    dict(vals, company_id=vals.get("company_id") or store.company_id.id)
                    for store in self
                ],
                exclude=self,
            )
        if vals.get("active") is False:
            self._check_no_open_session()
        res = super().write(vals)
        if "pricelist_id" in vals:
            self._sync_pos_pricelist()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_documents(self):
        """A store with documents is archived, never deleted: its orders,
        sessions and pickings would lose their store and vanish for the
        store's users."""
        for store in self:
            counts = store._document_counts()
            if counts:
                documents = ", ".join(f"{count} {label}" for label, count in counts)
                raise UserError(
                    self.env._(
                        "Store %(store)s has documents (%(documents)s): it cannot "
                        "be deleted. Archive it instead.",
                        store=store.display_name,
                        documents=documents,
                    )
                )

    def action_view_sale_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("sale.action_orders")
        action["domain"] = [("store_id", "=", self.id)]
        action["context"] = {"default_store_id": self.id}
        return action

    def action_view_pos_orders(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "point_of_sale.action_pos_pos_form"
        )
        action["domain"] = [("store_id", "=", self.id)]
        action["context"] = {}
        return action

    def action_view_pos_configs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "point_of_sale.action_pos_config_kanban"
        )
        action["domain"] = [("store_id", "=", self.id)]
        action["context"] = {"default_store_id": self.id}
        return action

    def action_view_stock(self):
        self.ensure_one()
        action = self.env["stock.quant"].action_view_inventory()
        action["domain"] = [
            ("location_id", "child_of", self.warehouse_id.view_location_id.id),
            ("location_id.usage", "=", "internal"),
        ]
        return action

    def action_view_users(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Staff of %(store)s", store=self.name),
            "res_model": "res.users",
            "view_mode": "list,form",
            "domain": [("store_ids", "in", self.id)],
            "context": {"default_store_ids": [self.id], "default_store_id": self.id},
        }

    def _sync_pos_pricelist(self):
        """The tills of a store sell at the store's price list."""
        for store in self.filtered("pricelist_id"):
            store.pos_config_ids.write(store._pos_pricelist_vals())

    def _pos_pricelist_vals(self):
        self.ensure_one()
        return {
            "use_pricelist": True,
            "pricelist_id": self.pricelist_id.id,
            "available_pricelist_ids": [fields.Command.set(self.pricelist_id.ids)],
        }

    @api.model
    def _normalize_store_vals(self, vals):
        """Codes are trimmed, without spaces and upper case; names trimmed.

        "sh 01", " SH01 " and "Sh01" are one code. Empty and over-long codes
        and names are refused with a message that says what to enter.
        """
        if "code" in vals:
            code = vals["code"]
            if not isinstance(code, str) or not re.sub(r"\s+", "", code):
                raise ValidationError(
                    self.env._("Enter a store code, e.g. SH01: it cannot be empty.")
                )
            code = re.sub(r"\s+", "", code).upper()
            if len(code) > MAX_CODE_LENGTH:
                raise ValidationError(
                    self.env._(
                        "Store code %(code)s is too long: use at most %(max)s "
                        "characters, e.g. SH01.",
                        code=code[:40],
                        max=MAX_CODE_LENGTH,
                    )
                )
            vals["code"] = code
        if "name" in vals:
            name = vals["name"]
            if not isinstance(name, str) or not name.strip():
                raise ValidationError(
                    self.env._("Enter a store name: it cannot be empty.")
                )
            name = name.strip()
            if len(name) > MAX_NAME_LENGTH:
                raise ValidationError(
                    self.env._(
                        "A store name of %(length)s characters is too long: use "
                        "at most %(max)s.",
                        length=len(name),
                        max=MAX_NAME_LENGTH,
                    )
                )
            vals["name"] = name

    @api.model
    def _check_code_available(self, vals_list, exclude=None):
        """Refuse a code another store of the company has, before the
        database constraint would (with a message that says what to do)."""
        seen = set()
        for vals in vals_list:
            if not vals.get("code"):
                continue
            company_id = vals.get("company_id") or self.env.company.id
            key = (vals["code"], company_id)
            # Stores of every user count, also archived ones: sudo for this
            # one search by code.
            domain = [("code", "=", vals["code"]), ("company_id", "=", company_id)]
            if exclude:
                domain.append(("id", "not in", exclude.ids))
            other = self.sudo().with_context(active_test=False).search(domain, limit=1)
            if key in seen or other:
                other_name = f" ({other.name})" if other else ""
                raise ValidationError(
                    self.env._(
                        "Another store of this company already has the code "
                        "%(code)s%(other)s: choose another code.",
                        code=vals["code"],
                        other=other_name,
                    )
                )
            seen.add(key)

    @api.model
    def _multistore_chain_managed_fields(self):
        """Fields of a store only a chain manager changes; addons add theirs."""
        return set(CHAIN_MANAGED_FIELDS)

    def _check_chain_managed_fields(self, vals):
        fields_ = sorted(self._multistore_chain_managed_fields().intersection(vals))
        if fields_:
            self._multistore_require_group(
                "multistore_base.group_chain_manager",
                action=self.env._(
                    "change %(fields)s of a store",
                    fields=", ".join(
                        self._fields[name].get_description(self.env)["string"]
                        for name in fields_
                    ),
                ),
            )

    def _check_no_open_session(self):
        # Sessions of every till of the store, also those of users who may
        # not read them: sudo for this count.
        sessions = (
            self.env["pos.session"]
            .sudo()
            .search([("store_id", "in", self.ids), ("state", "!=", "closed")])
        )
        if sessions:
            raise UserError(
                self.env._(
                    "Store %(store)s has a till session still open (%(sessions)s): "
                    "close it before archiving the store.",
                    store=sessions[0].store_id.display_name,
                    sessions=", ".join(sessions.mapped("name")),
                )
            )

    @api.model
    def _document_models(self):
        """Models whose records keep a store from being deleted (other
        addons add theirs: transfers, budgets...)."""
        return list(STORE_DOCUMENT_MODELS)

    def _document_counts(self):
        """[(label, count)] of the documents of the store, of every user:
        counted as superuser, since a chain manager may not read them all."""
        self.ensure_one()
        counts = []
        for model in self._document_models():
            Model = self.env[model].sudo().with_context(active_test=False)
            count = Model.search_count([("store_id", "=", self.id)])
            if count:
                label = self.env["ir.model"].sudo()._get(model).name
                counts.append((label, count))
        return counts
