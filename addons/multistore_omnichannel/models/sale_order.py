import secrets
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..tools.routing import main_store

# What the customer follows: the order's way through the chain.
FULFILMENT_STATES = [
    ("preparing", "Preparing"),
    ("ready", "Ready for Pickup"),
    ("shipped", "Shipped"),
    ("delivered", "Delivered"),
    ("collected", "Collected"),
    ("released", "Released (not collected)"),
]
# What the customer is told at each step: (mail template, SMS template).
NOTIFICATIONS = {
    "ready": (
        "multistore_omnichannel.mail_template_pickup_ready",
        "multistore_omnichannel.sms_template_pickup_ready",
    ),
    "shipped": (
        "multistore_omnichannel.mail_template_order_shipped",
        "multistore_omnichannel.sms_template_order_shipped",
    ),
    "delivered": (
        "multistore_omnichannel.mail_template_order_delivered",
        "multistore_omnichannel.sms_template_order_delivered",
    ),
    "released": (
        "multistore_omnichannel.mail_template_pickup_released",
        "multistore_omnichannel.sms_template_pickup_released",
    ),
}
# Online orders of at least this many units leave in one shipment (setting).
BULK_UNITS_PARAM = "multistore_omnichannel.bulk_order_units"
# Pickup orders held longer than this are released (setting).
DEFAULT_PICKUP_HOLD_DAYS = 7


class SaleOrder(models.Model):
    _inherit = "sale.order"

    multistore_online_order = fields.Boolean(
        string="Online Order",
        compute="_compute_multistore_online_order",
        store=True,
        index=True,
        help="Sold by the chain's online store (website, phone or marketplace): "
        "routed at confirmation to the stores that fulfil it.",
    )
    pickup_store_id = fields.Many2one(
        "multistore.store",
        compute="_compute_pickup_store_id",
        store=True,
        readonly=False,
        index="btree_not_null",
        tracking=True,
        domain="[('pickup_enabled', '=', True), ('company_id', '=', company_id)]",
        help="Click & collect: the store where the customer collects the order. "
        "Empty: the order is delivered.",
    )
    fulfilment_state = fields.Selection(
        FULFILMENT_STATES,
        readonly=True,
        copy=False,
        tracking=True,
        index="btree_not_null",
    )
    pickup_code = fields.Char(
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Shown to the customer when the order is ready; the store asks for "
        "it at pickup.",
    )
    pickup_ready_date = fields.Datetime(string="Ready on", readonly=True, copy=False)
    fulfilment_done_date = fields.Datetime(
        string="Shipped, Collected or Released on", readonly=True, copy=False
    )
    delivered_date = fields.Datetime(
        string="Delivered on",
        readonly=True,
        copy=False,
        help="When the carrier (or the customer) confirmed the delivery.",
    )
    pickup_deadline = fields.Datetime(
        string="Collect Before",
        readonly=True,
        copy=False,
        help="Released (cancelled, stock freed) if not collected by then.",
    )
    multistore_consolidated = fields.Boolean(
        string="One Shipment",
        readonly=True,
        copy=False,
        help="A bulk order that no store could ship whole: one store ships it "
        "whole, the others send it what it lacks first.",
    )
    routing_note = fields.Text(
        string="Routing", readonly=True, copy=False, help="Why these stores."
    )
    fulfil_store_ids = fields.Many2many(
        "multistore.store",
        string="Fulfilled by",
        compute="_compute_fulfil_store_ids",
    )
    multistore_transfer_ids = fields.One2many(
        "multistore.transfer",
        "sale_order_id",
        string="Transfers for Pickup",
        readonly=True,
    )

    @api.model
    def _multistore_workflow_field_names(self):
        # Set by routing and the fulfilment steps only.
        return super()._multistore_workflow_field_names() | {
            "fulfilment_state",
            "pickup_code",
            "pickup_ready_date",
            "pickup_deadline",
            "routing_note",
            "fulfilment_done_date",
            "delivered_date",
            "multistore_consolidated",
        }

    @api.model
    def _load_pos_data_fields(self, config_id):
        # The till checks a click & collect order before settling it.
        return [
            *super()._load_pos_data_fields(config_id),
            "pickup_store_id",
            "fulfilment_state",
        ]

    @api.depends("store_id.store_type")
    def _compute_multistore_online_order(self):
        for order in self:
            order.multistore_online_order = order.store_id.store_type == "online"

    @api.depends("carrier_id", "warehouse_id")
    def _compute_pickup_store_id(self):
        """The store chosen at the website's checkout (Odoo's click & collect
        sets the order's warehouse to the chosen store's)."""
        for order in self:
            if order.state not in ("draft", "sent"):
                continue
            if order.carrier_id.delivery_type == "in_store":
                order.pickup_store_id = order.warehouse_id.sudo().store_id
            elif order.carrier_id:
                order.pickup_store_id = False

    @api.depends("order_line.fulfil_store_id")
    def _compute_fulfil_store_ids(self):
        for order in self:
            order.fulfil_store_ids = order.order_line.fulfil_store_id

    def _multistore_check_warehouse(self):
        """An online order ships from the stores routing chooses at
        confirmation, whatever its quotation's warehouse: the online store's
        staff may hold quotations whose default warehouse is another store's."""
        return super(
            SaleOrder, self.filtered(lambda o: not o.multistore_online_order)
        )._multistore_check_warehouse()

    # ------------------------------------------------------------------
    # Routing
    # ------------------------------------------------------------------
    def action_confirm(self):
        routed = self.filtered(
            lambda o: o.multistore_online_order and o.state in ("draft", "sent")
        )
        plans = self.env["multistore.order.router"]._plan(routed) if routed else {}
        for order in routed:
            order._multistore_apply_route(*plans[order.id])
        res = super().action_confirm()
        for order in routed:
            order._multistore_request_pickup_transfers(plans[order.id][1])
        return res

    def _multistore_check_pickup_store(self):
        """The pickup store can take the order: open, click & collect, same
        company."""
        self.ensure_one()
        store = self.pickup_store_id.sudo()
        if (
            not store.active
            or not store.pickup_enabled
            or store.store_type == "online"
            or not store.warehouse_id
            or store.company_id != self.company_id
        ):
            raise UserError(
                self.env._(
                    "%(order)s is to be collected at %(store)s, which does not "
                    "take click & collect orders (closed, or not a pickup "
                    "store). Choose another pickup store.",
                    order=self.display_name,
                    store=store.display_name,
                )
            )

    def _multistore_apply_route(self, routes, transfers):
        """Write the plan: the store of each line, the order's main store."""
        self.ensure_one()
        Store = self.env["multistore.store"].sudo()
        for line in self.order_line.sudo():
            line.fulfil_store_id = routes.get(line.id) or False
        # Each store once, in the order of the lines.
        stores = Store.browse(list(dict.fromkeys(s for s in routes.values() if s)))
        main = self.pickup_store_id.sudo() or Store.browse(main_store(routes))
        vals = {
            "fulfilment_state": "preparing",
            "routing_note": self._routing_text(stores, transfers),
            "multistore_consolidated": bool(transfers and not self.pickup_store_id),
        }
        if main.warehouse_id:
            vals["warehouse_id"] = main.warehouse_id.id
        if self.pickup_store_id:
            vals["pickup_code"] = self._new_pickup_code()
        self.sudo().write(vals)

    def _routing_text(self, stores, transfers):
        Store = self.env["multistore.store"].sudo()
        if self.pickup_store_id:
            text = self.env._(
                "Collected at %(store)s.", store=self.pickup_store_id.sudo().name
            )
            if transfers:
                text += " " + self.env._(
                    "Sent there first from: %(stores)s.",
                    stores=", ".join(Store.browse(list(transfers)).mapped("name")),
                )
            return text
        if not stores:
            return self.env._("Nothing to ship from stock.")
        if transfers:
            return self.env._(
                "Bulk order, one shipment: shipped whole by %(store)s, to which "
                "%(stores)s send what it lacks first.",
                store=stores[:1].name,
                stores=", ".join(Store.browse(list(transfers)).mapped("name")),
            )
        if len(stores) == 1:
            return self.env._("Shipped whole by %(store)s.", store=stores.name)
        return self.env._(
            "No store holds every line: split between %(stores)s.",
            stores=", ".join(stores.mapped("name")),
        )

    @api.model
    def _new_pickup_code(self):
        """Eight digits, unique among open pickup orders."""
        for _attempt in range(20):
            code = f"{secrets.randbelow(10**8):08d}"
            if not self.sudo().search_count(
                [("pickup_code", "=", code), ("state", "!=", "cancel")], limit=1
            ):
                return code
        raise UserError(self.env._("No free pickup code: try again."))

    @api.model
    def _multistore_bulk_order_units(self):
        """Units from which an online order leaves in one shipment; 0: off."""
        units = self.env["res.config.settings"]._multistore_setting(
            "multistore_bulk_order_units"
        )
        return max(units, 0)

    def _multistore_request_pickup_transfers(self, transfers):
        """Ask the source stores for what the pickup store (or the store
        shipping a bulk order whole) lacks."""
        self.ensure_one()
        if not transfers:
            return
        dest = self.pickup_store_id or self.order_line.fulfil_store_id[:1]
        Transfer = self.env["multistore.transfer"].sudo()
        for source_id, quantities in transfers.items():
            transfer = Transfer.create(
                {
                    "source_store_id": source_id,
                    "dest_store_id": dest.id,
                    "company_id": self.company_id.id,
                    "priority": "1",
                    "origin": self.name,
                    "sale_order_id": self.id,
                    "line_ids": [
                        Command.create({"product_id": product_id, "qty_requested": qty})
                        for product_id, qty in quantities.items()
                    ],
                }
            )
            transfer.action_request()

    def _multistore_timeline(self):
        """The steps the customer follows on the portal, in order.

        Each step: ``label``, ``done``, ``date`` (or False) and ``detail``.
        """
        self.ensure_one()
        order = self.sudo()
        state = order.fulfilment_state
        labels = dict(self._fields["fulfilment_state"]._description_selection(self.env))
        done_states = {
            "preparing": 1,
            "ready": 2,
            "shipped": 2,
            "delivered": 3,
            "collected": 3,
            "released": 3,
        }
        reached = done_states.get(state, 0)
        steps = [
            {
                "label": self.env._("Confirmed"),
                "done": True,
                "date": order.date_order,
                "detail": "",
            },
            {
                "label": labels["preparing"],
                "done": reached >= 1,
                "date": False,
                "detail": ", ".join(order.fulfil_store_ids.mapped("name")),
            },
        ]
        if order.pickup_store_id:
            steps.append(
                {
                    "label": labels["ready"],
                    "done": reached >= 2,
                    "date": order.pickup_ready_date,
                    "detail": self.env._(
                        "At %(store)s, pickup code %(code)s",
                        store=order.pickup_store_id.name,
                        code=order.pickup_code,
                    )
                    if reached >= 2
                    else order.pickup_store_id.name,
                }
            )
            last = "released" if state == "released" else "collected"
            steps.append(
                {
                    "label": labels[last],
                    "done": reached >= 3,
                    "date": order.fulfilment_done_date,
                    "detail": "",
                }
            )
        else:
            refs = order.picking_ids.filtered("carrier_tracking_ref")
            steps.append(
                {
                    "label": labels["shipped"],
                    "done": reached >= 2,
                    "date": order.fulfilment_done_date,
                    "detail": ", ".join(
                        " ".join(
                            filter(None, (p.carrier_id.name, p.carrier_tracking_ref))
                        )
                        for p in refs
                    ),
                }
            )
            steps.append(
                {
                    "label": labels["delivered"],
                    "done": reached >= 3,
                    "date": order.delivered_date,
                    "detail": "",
                }
            )
        return steps

    def action_view_multistore_transfers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "multistore_inventory.multistore_transfer_action"
        )
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------------
    # Pickup steps
    # ------------------------------------------------------------------
    def _multistore_mark_ready(self):
        """Called by the pickup picking's action, which checked the store."""
        hold_days = self.env["res.config.settings"]._multistore_pickup_hold_days()
        now = fields.Datetime.now()
        # The pickup store's staff may not read the online store's order:
        # the picking's action checked their store, the order is written as
        # superuser.
        for order in self.sudo():
            order.write(
                {
                    "fulfilment_state": "ready",
                    "pickup_ready_date": now,
                    "pickup_deadline": now + timedelta(days=hold_days),
                }
            )
        self._multistore_notify_customer("ready")

    def _multistore_notify_customer(self, step):
        """Email and, when the customer has a phone, SMS about ``step``."""
        mail_template, sms_template = NOTIFICATIONS[step]
        for order in self.sudo():
            order.message_post_with_source(
                mail_template, subtype_xmlid="mail.mt_comment"
            )
            if order.partner_id.mobile or order.partner_id.phone:
                order._message_sms_with_template(
                    template_xmlid=sms_template, partner_ids=order.partner_id.ids
                )

    def _multistore_update_fulfilment(self):
        """After a picking is done: shipped or collected once nothing is open."""
        for order in self.sudo():
            outgoing = order.picking_ids.filtered(
                lambda p: p.picking_type_code == "outgoing" and p.state != "cancel"
            )
            if not outgoing or any(p.state != "done" for p in outgoing):
                continue
            order.fulfilment_done_date = fields.Datetime.now()
            if order.pickup_store_id:
                order.fulfilment_state = "collected"
                order._multistore_goods_received()
            else:
                order.fulfilment_state = "shipped"
                order._multistore_notify_customer("shipped")

    def action_multistore_confirm_delivery(self):
        """The carrier (or the customer) confirms a shipped order arrived.

        A step of the online store's staff: the user must be store staff
        who may write the order (its store rule), and the order shipped.
        """
        self._multistore_require_group(
            "multistore_base.group_store_user",
            action=self.env._("confirm the delivery of an online order"),
        )
        self.check_access("write")
        self._multistore_confirm_delivery()
        return True

    def _multistore_confirm_delivery(self):
        not_shipped = self.filtered(lambda o: o.fulfilment_state != "shipped")
        if not_shipped:
            raise UserError(
                self.env._(
                    "%(orders)s: only a shipped online order can be confirmed as "
                    "delivered (ship its deliveries with their tracking reference "
                    "first).",
                    orders=", ".join(not_shipped.mapped("display_name")),
                )
            )
        self._multistore_workflow_write(
            {"fulfilment_state": "delivered", "delivered_date": fields.Datetime.now()}
        )
        self._multistore_notify_customer("delivered")
        for order in self.sudo():
            order._multistore_goods_received()

    def _multistore_goods_received(self):
        """Hook: the customer has the goods (collected at the pickup store,
        or delivered by the carrier). Called once per order, as superuser.
        Addons follow up here (e.g. the satisfaction survey)."""
        return True

    @api.model
    def _cron_release_uncollected(self):
        """Release pickup orders not collected by their deadline."""
        orders = self.sudo().search(
            [
                ("fulfilment_state", "=", "ready"),
                ("pickup_deadline", "<", fields.Datetime.now()),
                ("state", "=", "sale"),
            ]
        )
        for order in orders:
            order._multistore_release()
        return orders

    def _multistore_release(self):
        self.ensure_one()
        self._action_cancel()
        self.fulfilment_state = "released"
        self.fulfilment_done_date = fields.Datetime.now()
        self._multistore_notify_customer("released")
        self.message_post(
            body=self.env._(
                "Not collected by %(deadline)s: the order is cancelled and its "
                "goods are back on the shelves of %(store)s.",
                deadline=self.pickup_deadline,
                store=self.pickup_store_id.name,
            )
        )

    def _action_cancel(self):
        res = super()._action_cancel()
        open_transfers = self.sudo().multistore_transfer_ids.filtered(
            lambda t: t.state in ("draft", "requested", "approved")
        )
        if open_transfers:
            open_transfers.action_cancel()
        return res
