import contextvars
from contextlib import contextmanager

from dateutil.relativedelta import relativedelta
from psycopg2.errors import LockNotAvailable

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL, float_compare, float_round, mute_logger

# Points are kept with two decimals everywhere in loyalty.
POINTS_DIGITS = 2

# Set while one of the flows that may change points runs (see points_flow).
_POINTS_FLOW = contextvars.ContextVar("multistore_loyalty_points_flow", default=False)


@contextmanager
def points_flow():
    """Let the code of this block change card points and their history.

    Points change only through orders, refunds, expiry, birthday rewards and
    approved manual adjustments; a direct create or write by a user is
    refused (``loyalty.card`` and ``loyalty.history``). The flows of Odoo
    that change points as the user (confirming or cancelling a quotation,
    the till's confirmation, generating coupons) run inside this block after
    the suite has checked them. The marker lives in the Python call stack of
    the request: no RPC payload, context included, can set it. The suite's
    own private methods use ``sudo()`` instead.
    """
    token = _POINTS_FLOW.set(True)
    try:
        yield
    finally:
        _POINTS_FLOW.reset(token)


def in_points_flow(env):
    """Whether ``env`` may change card points and history directly."""
    return env.su or _POINTS_FLOW.get() or not chain_rules_apply(env)


def chain_rules_apply(env):
    """Whether the chain's rules on points apply: once the database runs stores.

    Installing the suite into a database that already uses Odoo's loyalty
    changes nothing Odoo allows (setting a balance, issuing cards with
    points) until the chain sets up its stores (setup wizard or Multistore >
    Stores): from then on points change only through the flows above.
    Stores are only created by chain managers, and archiving them does not
    lift the rules.
    """
    # sudo(): whether any store exists, whichever stores the user may see.
    Store = env["multistore.store"].sudo().with_context(active_test=False)
    return bool(Store.search_count([], limit=1))


class LoyaltyCard(models.Model):
    _inherit = "loyalty.card"

    store_balance_ids = fields.One2many(
        "multistore.loyalty.card.store",
        "card_id",
        string="Balance per Store",
        readonly=True,
    )
    multistore_tier_id = fields.Many2one(
        related="partner_id.commercial_partner_id.multistore_tier_id",
        string="Member Tier",
    )
    multistore_birthday_year = fields.Integer(
        string="Birthday Reward Year",
        readonly=True,
        copy=False,
        help="Set on the coupons issued as birthday rewards: the year they celebrate.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not in_points_flow(self.env):
            for vals in vals_list:
                if float_round(vals.get("points") or 0.0, POINTS_DIGITS):
                    raise UserError(
                        self.env._(
                            "A new card starts with 0 points. Points come with "
                            "orders, refunds and approved manual adjustments "
                            "(Multistore > Loyalty > Points Adjustments)."
                        )
                    )
        return super().create(vals_list)

    def write(self, vals):
        if not in_points_flow(self.env):
            self._multistore_check_direct_write(vals)
        return super().write(vals)

    def _multistore_check_direct_write(self, vals):
        """Refuse what would change a balance outside the points flows.

        Writing the points, moving a card to another program (points of a
        loyalty card would become money on a gift card or eWallet) or giving
        a card that holds points to another member would all create or move
        points without an order or an approved adjustment.
        """
        if "points" in vals:
            raise UserError(
                self.env._(
                    "Points of a card change only with orders, refunds, expiry "
                    "and approved manual adjustments. Request an adjustment "
                    "(Multistore > Loyalty > Points Adjustments) with the "
                    "reason instead of editing the balance."
                )
            )
        if "program_id" in vals and any(
            card.program_id.id != vals["program_id"] for card in self
        ):
            raise UserError(
                self.env._(
                    "A card stays in its program: create a card of the other "
                    "program instead."
                )
            )
        if "partner_id" in vals:
            moved = self.filtered(
                lambda card: (
                    card.partner_id.id != (vals["partner_id"] or False)
                    and card.program_id.is_nominative
                    and card.partner_id
                    and float_round(card.points, POINTS_DIGITS)
                )
            )
            if moved:
                raise UserError(
                    self.env._(
                        "Card %(code)s holds %(points)s points of %(member)s: it "
                        "cannot be given to another member. Transfer points with "
                        "two approved manual adjustments instead.",
                        code=moved[0].code,
                        points=moved[0].points,
                        member=moved[0].partner_id.display_name,
                    )
                )

    def action_loyalty_update_balance(self):
        """The balance button of the card form requests a manual adjustment.

        Odoo's own wizard sets a new balance at once; a member card's points
        change only through an adjustment a store manager approves. Gift
        cards and eWallets (money) keep Odoo's wizard, limited to chain
        managers (see loyalty.card.update.balance).
        """
        self.ensure_one()
        if self.program_id.program_type != "loyalty" or not chain_rules_apply(self.env):
            return super().action_loyalty_update_balance()
        return {
            "name": self.env._("Request a Points Adjustment"),
            "type": "ir.actions.act_window",
            "view_mode": "form",
            "res_model": "multistore.loyalty.adjustment",
            "target": "new",
            "context": {"default_card_id": self.id},
        }

    def action_multistore_view_history(self):
        """History lines of the card grouped by the store that wrote them."""
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "multistore_loyalty.loyalty_history_action"
        )
        action["domain"] = [("card_id", "=", self.id)]
        action["context"] = {"group_by": ["store_id"], "create": False}
        action["display_name"] = self.env._(
            "History of %(card)s", card=self.display_name
        )
        return action

    def _multistore_lock(self):
        """Lock the rows of these cards until the transaction ends.

        Two tills redeeming the same card at the same moment must not both
        read the same balance: the first one holds the row, the second one is
        refused at once (NOWAIT) with an error the cashier can act on, instead
        of silently driving the balance below zero. Returns the locked
        balances ``{card_id: points}``, read after the lock.
        """
        if not self:
            return {}
        self.flush_recordset(["points"])
        query = SQL(
            "SELECT id, points FROM loyalty_card WHERE id IN %s "
            "ORDER BY id FOR NO KEY UPDATE NOWAIT",
            tuple(self.ids),
        )
        try:
            with self.env.cr.savepoint(flush=False), mute_logger("odoo.sql_db"):
                rows = self.env.execute_query(query)
        except LockNotAvailable:
            raise UserError(
                self.env._(
                    "Card %(codes)s is being used at another till or in another "
                    "order right now. Wait a moment and validate again.",
                    codes=", ".join(self.mapped("code")),
                )
            ) from None
        self.invalidate_recordset(["points"])
        # A card created without points holds NULL.
        return {card_id: points or 0.0 for card_id, points in rows}

    def _multistore_check_balances(self, deltas):
        """Lock the cards and refuse any change that ends below zero.

        ``deltas`` maps each card to the points it is about to gain (positive)
        or lose (negative).
        """
        cards = self.browse([card.id for card in deltas])
        balances = cards._multistore_lock()
        for card, delta in deltas.items():
            balance = balances.get(card.id, 0.0)
            if float_compare(balance + delta, 0.0, precision_digits=POINTS_DIGITS) < 0:
                raise UserError(
                    self.env._(
                        "Card %(code)s of %(member)s has %(balance)s points but "
                        "this operation needs %(needed)s. Redeem at most "
                        "%(balance)s points.",
                        code=card.code,
                        member=card.partner_id.display_name or "-",
                        balance=float_round(balance, POINTS_DIGITS),
                        needed=float_round(-delta, POINTS_DIGITS),
                    )
                )
        return balances

    @api.model
    def _multistore_post_points(self, vals_list):
        """Change balances and write their history in one step.

        Each item of ``vals_list`` holds the values of a ``loyalty.history``
        line (``card_id``, ``issued``, ``used``, ``description``, optionally
        the order, store, till and kind). The cards are locked and checked
        first, so the balance never goes below zero.
        """
        vals_list = [
            vals
            for vals in vals_list
            if float_round(vals.get("issued", 0.0), POINTS_DIGITS)
            or float_round(vals.get("used", 0.0), POINTS_DIGITS)
        ]
        if not vals_list:
            return self.env["loyalty.history"]
        deltas = {}
        for vals in vals_list:
            card = self.browse(vals["card_id"])
            deltas[card] = (
                deltas.get(card, 0.0) + vals.get("issued", 0.0) - vals.get("used", 0.0)
            )
        balances = self._multistore_check_balances(deltas)
        # sudo(): points and history lines are closed to direct writes by
        # users; the callers (orders, refunds, expiry, birthday rewards,
        # approved adjustments) have checked what they post.
        for card, delta in deltas.items():
            card.sudo().points = float_round(balances[card.id] + delta, POINTS_DIGITS)
        return self.env["loyalty.history"].sudo().create(vals_list).sudo(False)

    # Expiry ------------------------------------------------------------------

    @api.model
    def _cron_multistore_expire_points(self):
        """Daily: expire the points earned too long ago and not used since.

        Points are used oldest first (FIFO): whatever a card ever used or lost
        (redemptions, refunds, earlier expiries) is counted against its oldest
        earnings, and what is left of the earnings older than the limit
        expires, with a history line.
        """
        now = fields.Datetime.now()
        for company in self.env["res.company"].search(
            [("multistore_points_expiry_months", ">", 0)]
        ):
            cutoff = now - relativedelta(months=company.multistore_points_expiry_months)
            cards = self.search(
                [
                    ("program_id.program_type", "=", "loyalty"),
                    ("company_id", "in", [company.id, False]),
                    ("points", ">", 0),
                ]
            )
            cards._multistore_expire_points(cutoff)

    def _multistore_expire_points(self, cutoff):
        """Expire what is left of the points earned before ``cutoff``."""
        if not self:
            return self.env["loyalty.history"]
        History = self.env["loyalty.history"]
        old_earned = dict(
            History._read_group(
                [("card_id", "in", self.ids), ("date", "<", cutoff)],
                ["card_id"],
                ["issued:sum"],
            )
        )
        used = dict(
            History._read_group(
                [("card_id", "in", self.ids)], ["card_id"], ["used:sum"]
            )
        )
        vals_list = []
        for card in self:
            left = old_earned.get(card, 0.0) - used.get(card, 0.0)
            points = float_round(min(left, card.points), POINTS_DIGITS)
            if points <= 0:
                continue
            vals_list.append(
                {
                    "card_id": card.id,
                    "used": points,
                    "kind": "expiry",
                    "store_id": False,
                    "date": fields.Datetime.now(),
                    "description": self.env._(
                        "Points earned before %(date)s expired",
                        date=fields.Date.to_string(cutoff.date()),
                    ),
                }
            )
        return self._multistore_post_points(vals_list)
