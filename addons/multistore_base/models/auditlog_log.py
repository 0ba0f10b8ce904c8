from odoo import Command, api, fields, models
from odoo.tools import float_is_zero


class AuditlogLog(models.Model):
    """The chain's operation log: OCA auditlog entries, each with a store.

    Entries come from the auditlog rules of data/auditlog_rule_data.xml
    (price list items, users' stores and roles; multistore_pricing adds
    price changes) and from
    ``_multistore_log_operation`` for operations that a per-model rule would
    bury in noise: inventory adjustments among every quant update
    (``stock.quant._apply_inventory`` calls ``_multistore_log_inventory``),
    refunds among every till line (``pos.order.line`` create calls
    ``_multistore_log_till_lines``; multistore_pricing logs discounts above
    the store limit the same way).

    The store of an entry is the logged record's own store; see
    ``_multistore_log_store``. Chain-level entries (the chain price list, a
    chain-wide price change, a user without store) have none and are seen
    by chain managers only: the global rule limits store managers to the
    entries of their stores.
    """

    _inherit = "auditlog.log"

    store_id = fields.Many2one(
        "multistore.store",
        index=True,
        readonly=True,
        help="Store of the logged record, empty for chain-level operations.",
    )
    operation = fields.Char(compute="_compute_operation")

    def _compute_operation(self):
        labels = self._multistore_operation_labels()
        for log in self:
            log.operation = labels.get(log.method, log.method)

    @api.model
    def _multistore_operation_labels(self):
        """{method: label} of the entries (other addons add their
        operations: call super)."""
        _ = self.env._
        return {
            "create": _("Created"),
            "write": _("Changed"),
            "unlink": _("Deleted"),
            "read": _("Read"),
            "export_data": _("Exported"),
            "inventory": _("Inventory adjustment"),
            "pos_refund": _("Refund at the till"),
        }

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "store_id" not in vals:
                vals["store_id"] = self._multistore_store_of(
                    vals.get("model_id"), vals.get("res_id")
                ).id
        return super().create(vals_list)

    @api.model
    def _multistore_store_of(self, model_id, res_id):
        model = self.env["ir.model"].browse(model_id).model
        if not model or model not in self.env or not res_id:
            return self._multistore_log_store(None)
        # Entries are written on behalf of users who may not read every
        # field the store is derived from (a warehouse, another price list).
        record = self.env[model].sudo().browse(res_id).exists()
        return self._multistore_log_store(record or None)

    @api.model
    def _multistore_log_store(self, record):
        """Store an entry about ``record`` belongs to (maybe empty).

        In order: the record itself for a store; the record's ``store_id``
        (documents, price change lines, a user's current store); among
        the record's ``store_ids`` (a price change, a user's allowed stores)
        the acting user's current store, else the first one; the store of
        the record's warehouse (quants); the store whose price list holds
        the record (price list items). Otherwise the entry is about the
        chain, unless a store-restricted user did it: then it is filed
        under their current store. Other addons extend
        ``_multistore_record_store`` for their models (call super).
        """
        Store = self.env["multistore.store"]
        user = self.env.user
        store = Store
        if record is not None:
            record.ensure_one()
            store = self._multistore_record_store(record)
        if not store and user._is_store_restricted():
            store = user.store_id
        return store

    @api.model
    def _multistore_record_store(self, record):
        """The store ``record`` itself belongs to, or an empty recordset."""
        Store = self.env["multistore.store"]
        fields_ = record._fields
        if record._name == Store._name:
            return record
        if self._multistore_is_store_field(fields_.get("store_id")) and record.store_id:
            return record.store_id
        if (
            self._multistore_is_store_field(fields_.get("store_ids"))
            and record.store_ids
        ):
            current = self.env.user.store_id
            return current if current in record.store_ids else record.store_ids[:1]
        field = fields_.get("warehouse_id")
        if field is not None and field.comodel_name == "stock.warehouse":
            return record.warehouse_id.store_id
        field = fields_.get("pricelist_id")
        if (
            field is not None
            and field.comodel_name == "product.pricelist"
            and record.pricelist_id
        ):
            return Store.search(
                [("pricelist_id", "=", record.pricelist_id.id)], limit=1
            )
        return Store

    @api.model
    def _multistore_is_store_field(self, field):
        return (
            field is not None
            and field.type in ("many2one", "many2many")
            and field.comodel_name == "multistore.store"
        )

    @api.model
    def _multistore_log_operation(self, records, method, changes, names=None):
        """Log ``method`` on ``records`` in the operation log, without a rule.

        For operations that matter but that a per-model auditlog rule would
        bury in noise. ``method`` names the operation (e.g. "inventory");
        ``changes`` maps each record id to ``{field name: (old, new)}``,
        values as the ORM gives them (numbers, texts, records); ``names``
        optionally maps record ids to the entry's name (default: the
        record's display name). The entry names the current user, as
        auditlog's own entries do.
        """
        # The system writes the entry on the user's behalf: users may not
        # create log entries (nobody edits the log), nor read every record
        # an entry names (another store's refunded line, HTTP sessions).
        Log = self.sudo()
        records = records.sudo()
        model = Log.env["ir.model"]._get(records._name)
        Field = Log.env["ir.model.fields"]
        request_id = Log.env["auditlog.http.request"].current_http_request()
        session_id = Log.env["auditlog.http.session"].current_http_session()
        vals_list = []
        for record in records:
            lines = []
            for name, (old, new) in changes.get(record.id, {}).items():
                old_value, old_text = Log._multistore_log_value(old)
                new_value, new_text = Log._multistore_log_value(new)
                lines.append(
                    Command.create(
                        {
                            "field_id": Field._get(records._name, name).id,
                            "old_value": old_value,
                            "old_value_text": old_text,
                            "new_value": new_value,
                            "new_value_text": new_text,
                        }
                    )
                )
            vals_list.append(
                {
                    "model_id": model.id,
                    "res_id": record.id,
                    "name": (names or {}).get(record.id) or record.display_name,
                    "method": method,
                    "user_id": self.env.uid,
                    "log_type": "full",
                    "http_request_id": request_id,
                    "http_session_id": session_id,
                    "line_ids": lines,
                }
            )
        return Log.create(vals_list)

    @api.model
    def _multistore_log_value(self, value):
        """(value, text) of a log line, as auditlog stores them."""
        if isinstance(value, models.BaseModel):
            return (
                str(value.ids),
                ", ".join(value.with_env(self.env).mapped("display_name")),
            )
        if value is None or value is False:
            return False, False
        return str(value), str(value)

    # ------------------------------------------------------------------
    # Inventory adjustments
    # ------------------------------------------------------------------
    @api.model
    def _multistore_inventory_before(self, quants):
        """{quant id: (quantity, counted quantity)} of the quants an
        inventory application is about to change, for
        ``_multistore_log_inventory``."""
        return {
            quant.id: (quant.quantity, quant.inventory_quantity)
            for quant in quants
            if not float_is_zero(
                quant.inventory_diff_quantity,
                precision_rounding=quant.product_uom_id.rounding,
            )
        }

    @api.model
    def _multistore_log_inventory(self, quants, before):
        """One entry per quant an applied inventory adjustment changed,
        whatever applied it (the quant list, the product's "update
        quantity", a stock count): its quantity before and after, and the
        counted quantity."""
        quants = quants.filtered(lambda quant: quant.id in before)
        if not quants:
            return self
        return self._multistore_log_operation(
            quants,
            "inventory",
            {
                quant.id: {
                    "inventory_quantity": (False, before[quant.id][1]),
                    "quantity": (before[quant.id][0], quant.quantity),
                }
                for quant in quants
            },
        )

    # ------------------------------------------------------------------
    # Till refunds
    # ------------------------------------------------------------------
    @api.model
    def _multistore_till_refund_lines(self, lines):
        """The refund lines among ``lines``: returned goods (a refunded
        line or a negative quantity)."""
        return lines.filtered(
            lambda line: bool(line.refunded_orderline_id) or line.qty < 0
        )

    @api.model
    def _multistore_till_line_names(self, lines):
        """{line id: entry name} of till lines: the order and the product."""
        return {
            line.id: f"{line.order_id.name}: "
            f"{line.full_product_name or line.product_id.display_name}"
            for line in lines
        }

    @api.model
    def _multistore_log_till_lines(self, lines):
        """Log the refund lines among ``lines``: one entry per line.
        (multistore_pricing logs the discounts above the store limit.)"""
        refund_lines = self._multistore_till_refund_lines(lines)
        if not refund_lines:
            return self
        return self._multistore_log_operation(
            refund_lines,
            "pos_refund",
            {
                line.id: {
                    "refunded_orderline_id": (False, line.refunded_orderline_id),
                    "qty": (False, line.qty),
                    "price_unit": (False, line.price_unit),
                    "discount": (False, line.discount),
                    "price_subtotal_incl": (False, line.price_subtotal_incl),
                }
                for line in refund_lines
            },
            names=self._multistore_till_line_names(refund_lines),
        )
