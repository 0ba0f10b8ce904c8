from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, float_compare, float_is_zero


class StockPicking(models.Model):
    """Customer returns recorded through the REST API.

    A return sent by an integration (``POST /api/v1/orders/{id}/returns``)
    becomes one return per delivery of the order, made with Odoo's Return
    wizard and so under the chain's return policy (multistore_returns):
    reason, window, no more than delivered, approval above the amount. The
    returns wait in the store that delivered the goods for its staff to
    receive them. The integration's id of the return makes it idempotent.
    """

    _inherit = "stock.picking"

    api_integration_id = fields.Many2one(
        "multistore.api.integration",
        string="Recorded by",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    api_external_id = fields.Char(
        string="External Return ID",
        readonly=True,
        copy=False,
        help="The return's id in the system that sent it through the API.",
    )

    _sql_constraints = [
        (
            "api_external_return_unique",
            "unique(api_integration_id, api_external_id, return_id)",
            "An integration records a return of a delivery only once.",
        ),
    ]

    @api.model
    def _multistore_workflow_field_names(self):
        # Set by the API's return endpoint only.
        return super()._multistore_workflow_field_names() | {
            "api_integration_id",
            "api_external_id",
        }

    @api.model
    def _api_lock_return(self, integration, external_id):
        """Serialise the calls recording the same return (a retry racing
        the first call waits for it, then finds its returns)."""
        self.env.cr.execute(
            SQL(
                "SELECT pg_advisory_xact_lock(%s, hashtext(%s))",
                integration.id,
                external_id,
            )
        )

    @api.model
    def _api_recorded_returns(self, integration, external_id):
        # sudo(): the integration's own returns, looked up whatever its
        # stores are now; read back as the user by the caller.
        return self.sudo().search(
            [
                ("api_integration_id", "=", integration.id),
                ("api_external_id", "=", external_id),
            ]
        )

    @api.model
    def _api_create_returns(self, order, integration, external_id, reason, lines):
        """Create the returns of ``lines`` (``[(product, quantity)]``) of
        ``order``'s deliveries, with ``reason``, as the API's user.

        Quantities are taken from the deliveries in their order, each up to
        what it delivered and was not returned yet; more than the order's
        deliveries left is refused before anything is written. Policy
        refusals of the Return wizard (window, approval) raise as they are.
        """
        deliveries = order.picking_ids.filtered(
            lambda p: (
                p.state == "done"
                and not p.return_id
                and p._multistore_is_customer_delivery()
            )
        ).sorted("date_done")
        wanted = self._api_allocate_return(deliveries, lines)
        returns = self.browse()
        for delivery in deliveries:
            quantities = wanted.get(delivery.id)
            if not quantities:
                continue
            wizard = (
                self.env["stock.return.picking"]
                .with_context(active_id=delivery.id, active_model="stock.picking")
                .create(
                    {
                        "picking_id": delivery.id,
                        "multistore_return_reason_id": reason.id,
                    }
                )
            )
            for line in wizard.product_return_moves:
                line.quantity = quantities.get(line.move_id.id, 0.0)
            new_return = wizard._create_return()
            new_return._multistore_workflow_write(
                {
                    "api_integration_id": integration.id,
                    "api_external_id": external_id,
                }
            )
            returns |= new_return
        return returns

    @api.model
    def _api_allocate_return(self, deliveries, lines):
        """``{delivery id: {move id: quantity}}`` for the returned
        ``lines``, or a ValidationError naming each product returned beyond
        what the deliveries left."""
        left = {}
        for move in deliveries.move_ids.filtered(lambda m: m.state == "done"):
            returned = sum(
                move.returned_move_ids.filtered(lambda m: m.state != "cancel").mapped(
                    "product_qty"
                )
            )
            left[move] = max(move.product_qty - returned, 0.0)
        wanted, problems = {}, []
        for product, quantity in lines:
            rounding = product.uom_id.rounding
            to_place = quantity
            for move, available in left.items():
                if move.product_id != product or float_is_zero(
                    available, precision_rounding=rounding
                ):
                    continue
                take = min(available, to_place)
                left[move] -= take
                picking_moves = wanted.setdefault(move.picking_id.id, {})
                picking_moves[move.id] = picking_moves.get(move.id, 0.0) + take
                to_place -= take
                if float_is_zero(to_place, precision_rounding=rounding):
                    break
            if float_compare(to_place, 0.0, precision_rounding=rounding) > 0:
                problems.append(
                    self.env._(
                        "%(product)s: %(qty)s returned, but only %(left)s "
                        "delivered and not returned yet",
                        product=product.display_name,
                        qty=quantity,
                        left=quantity - to_place,
                    )
                )
        if problems:
            raise ValidationError(
                self.env._(
                    "%(problems)s. Return at most what the order's deliveries "
                    "brought the customer; nothing was recorded.",
                    problems="; ".join(problems),
                )
            )
        if not wanted:
            raise UserError(self.env._("The return has no quantity to return."))
        return wanted
