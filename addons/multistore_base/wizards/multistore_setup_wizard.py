from collections import Counter

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

# (table to fill, SQL joining it to the store it belongs to), in the order
# of dependency. Each source gives ``doc.id`` and ``src.store_id`` for rows
# still without store; a table may have several sources (journal entries
# come from till orders, sessions, payments, pickings and sales orders).
BACKFILL_SOURCES = (
    (
        "stock_picking",
        SQL(
            """FROM stock_picking doc
               JOIN stock_picking_type t ON t.id = doc.picking_type_id
               JOIN stock_warehouse src ON src.id = t.warehouse_id"""
        ),
    ),
    (
        "pos_session",
        SQL(
            """FROM pos_session doc
               JOIN pos_config src ON src.id = doc.config_id"""
        ),
    ),
    (
        "pos_order",
        SQL(
            """FROM pos_order doc
               JOIN pos_session src ON src.id = doc.session_id"""
        ),
    ),
    (
        "pos_order_line",
        SQL(
            """FROM pos_order_line doc
               JOIN pos_order src ON src.id = doc.order_id"""
        ),
    ),
    (
        "pos_payment",
        SQL(
            """FROM pos_payment doc
               JOIN pos_order src ON src.id = doc.pos_order_id"""
        ),
    ),
    (
        "sale_order",
        SQL(
            """FROM sale_order doc
               JOIN stock_warehouse src ON src.id = doc.warehouse_id"""
        ),
    ),
    (
        "sale_order_line",
        SQL(
            """FROM sale_order_line doc
               JOIN sale_order src ON src.id = doc.order_id"""
        ),
    ),
    (
        "account_move",
        SQL(
            """FROM account_move doc
               JOIN pos_order src ON src.account_move = doc.id"""
        ),
    ),
    (
        "account_move",
        SQL(
            """FROM account_move doc
               JOIN pos_session src ON src.move_id = doc.id"""
        ),
    ),
    (
        "account_move",
        SQL(
            """FROM account_move doc
               JOIN pos_payment src ON src.account_move_id = doc.id"""
        ),
    ),
    (
        "account_move",
        SQL(
            """FROM account_move doc
               JOIN account_bank_statement_line st ON st.move_id = doc.id
               JOIN pos_session src ON src.id = st.pos_session_id"""
        ),
    ),
    (
        "account_move",
        SQL(
            """FROM account_move doc
               JOIN account_move_line aml ON aml.move_id = doc.id
               JOIN sale_order_line_invoice_rel rel ON rel.invoice_line_id = aml.id
               JOIN sale_order_line src ON src.id = rel.order_line_id"""
        ),
    ),
    (
        "account_move",
        SQL(
            """FROM account_move doc
               JOIN stock_move sm ON sm.id = doc.stock_move_id
               JOIN stock_picking src ON src.id = sm.picking_id"""
        ),
    ),
    (
        "account_move_line",
        SQL(
            """FROM account_move_line doc
               JOIN account_move src ON src.id = doc.move_id"""
        ),
    ),
)
# Models whose cache the raw SQL updates make stale.
BACKFILL_MODELS = (
    "stock.picking",
    "pos.session",
    "pos.order",
    "pos.order.line",
    "pos.payment",
    "sale.order",
    "sale.order.line",
    "account.move",
    "account.move.line",
    "account.bank.statement.line",
)


class MultistoreSetupWizard(models.TransientModel):
    """Turn an existing database into a chain of stores.

    Each warehouse without a store becomes a store (its tills follow through
    their warehouse, its sales team is the one most of its orders used), then
    ``store_id`` is back-filled on existing documents, in batches, in the
    order of dependency (sessions before orders before lines). Running it
    again finds nothing left to do and changes nothing.

    It also makes internal references unique in the chain
    (``res.company.multistore_unique_product_code``): ticked by default when
    no two products share one (a new chain); otherwise it lists the products
    that do, to fix before it can be ticked.
    """

    _name = "multistore.setup.wizard"
    _description = "Multistore Setup"

    @api.model
    def _default_warehouse_ids(self):
        return self.env["stock.warehouse"].search(
            [("store_id", "=", False), ("company_id", "in", self.env.companies.ids)]
        )

    warehouse_ids = fields.Many2many(
        "stock.warehouse",
        string="Warehouses to turn into stores",
        default=_default_warehouse_ids,
    )
    batch_size = fields.Integer(
        default=5000,
        help="Documents updated per statement while back-filling their store.",
    )

    @api.model
    def _default_unique_product_code(self):
        return not self.env["product.product"]._multistore_duplicate_codes(
            self.env.companies
        )

    unique_product_code = fields.Boolean(
        string="Unique internal references",
        default=_default_unique_product_code,
        help="No two products share an internal reference, so a code names one "
        "product in every store. Possible only once no two products share one.",
    )
    duplicate_product_ids = fields.Many2many(
        "product.product",
        string="Products sharing an internal reference",
        compute="_compute_duplicate_product_ids",
    )
    result = fields.Text(readonly=True)

    # Depends on the tick so that it is computed for a new wizard (create
    # fills the x2many fields of new records with nothing) and again when the
    # user ticks it after fixing references.
    @api.depends("unique_product_code")
    def _compute_duplicate_product_ids(self):
        clashes = self.env["product.product"]._multistore_duplicate_codes(
            self.env.companies
        )
        ids = [pid for products in clashes.values() for pid in products.ids]
        for wizard in self:
            wizard.duplicate_product_ids = [fields.Command.set(ids)]

    def action_run(self):
        self._multistore_require_group(
            "multistore_base.group_chain_manager",
            action=self.env._("set up the stores"),
        )
        self.ensure_one()
        if self.unique_product_code:
            self._enable_unique_product_code()
        stores = self._create_stores(
            self.warehouse_ids.filtered(lambda w: not w.store_id)
        )
        counts = self._backfill_store_ids(max(self.batch_size, 1))
        lines = [self.env._("Stores created: %(count)s", count=len(stores))]
        if self.unique_product_code:
            lines.append(self.env._("Internal references: unique in the chain"))
        lines += [
            self.env._("%(table)s: %(count)s documents", table=table, count=count)
            for table, count in counts.items()
        ]
        self.result = "\n".join(lines)
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
        }

    def _enable_unique_product_code(self):
        companies = self.env.companies.filtered(
            lambda c: not c.multistore_unique_product_code
        )
        if not companies:
            return
        Product = self.env["product.product"]
        clashes = Product._multistore_duplicate_codes(companies)
        if clashes:
            raise UserError(
                self.env._(
                    "These internal references are used by several products:\n"
                    "%(duplicates)s\nGive each product its own internal reference, "
                    "or untick Unique internal references to set up the stores "
                    "without it.",
                    duplicates=Product._multistore_duplicate_codes_text(clashes),
                )
            )
        # sudo: a chain manager (checked in action_run) chooses this chain
        # setting without the right to edit companies.
        companies.sudo().multistore_unique_product_code = True

    def _create_stores(self, warehouses):
        teams = self._main_team_by_warehouse(warehouses)
        return self.env["multistore.store"].create(
            [
                {
                    "name": warehouse.name,
                    "code": warehouse.code,
                    "company_id": warehouse.company_id.id,
                    "warehouse_id": warehouse.id,
                    "partner_id": warehouse.partner_id.id,
                    "crm_team_id": teams.get(warehouse.id),
                    "store_type": "retail",
                }
                for warehouse in warehouses
            ]
        )

    def _main_team_by_warehouse(self, warehouses):
        if not warehouses:
            return {}
        groups = self.env["sale.order"]._read_group(
            [("warehouse_id", "in", warehouses.ids), ("team_id", "!=", False)],
            ["warehouse_id", "team_id"],
            ["__count"],
        )
        counters = {}
        for warehouse, team, count in groups:
            counters.setdefault(warehouse.id, Counter())[team.id] += count
        return {wid: counter.most_common(1)[0][0] for wid, counter in counters.items()}

    def _backfill_store_ids(self, batch_size):
        self.env.flush_all()
        cr = self.env.cr
        counts = {}
        for table, source in BACKFILL_SOURCES:
            counts.setdefault(table, 0)
            while True:
                cr.execute(
                    SQL(
                        """
                        UPDATE %(table)s target
                           SET store_id = todo.store_id
                          FROM (SELECT DISTINCT ON (doc.id) doc.id, src.store_id
                                %(source)s
                                WHERE doc.store_id IS NULL
                                  AND src.store_id IS NOT NULL
                                ORDER BY doc.id
                                LIMIT %(limit)s) todo
                         WHERE target.id = todo.id
                        """,
                        table=SQL.identifier(table),
                        source=source,
                        limit=batch_size,
                    )
                )
                counts[table] += cr.rowcount
                if cr.rowcount < batch_size:
                    break
        for model in BACKFILL_MODELS:
            self.env[model].invalidate_model(["store_id"])
        return counts
