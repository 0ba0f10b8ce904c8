from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare, format_date

from odoo.addons.multistore_base.tools.sales_rules import store_tz

# System parameters of the chain's return policy (Settings, block Returns).
RETURN_DAYS_PARAM = "multistore_returns.return_days"
APPROVAL_AMOUNT_PARAM = "multistore_returns.approval_amount"
# Whether a refund at a till needs a reason (the back office always asks).
TILL_REASON_PARAM = "multistore_returns.till_reason_required"
# China's rule for goods bought at a distance: seven days, no reason needed.
DEFAULT_RETURN_DAYS = 7
STORE_MANAGER_GROUP = "multistore_base.group_store_manager"


class MultistoreReturnPolicy(models.AbstractModel):
    """The chain's return policy, defined once.

    A till refund (``pos.order``) and a back-office return
    (``stock.return.picking``) ask the same questions here, so that a return
    is accepted or refused the same way in every store and every screen:

    - until when a product may be returned (``_return_deadline``): the sale's
      local day (in the selling store's time zone) plus the return window of
      the product's category (``product.category._multistore_return_days``,
      the chain default when no category sets one), plus the extra days the
      customer is entitled to (``_extra_return_days``: 0 here, member tiers
      add theirs in multistore_returns_loyalty);
    - who may make a return of a given value (``_check_return_approval``);
    - why the goods come back (``_check_return_reason``): an active reason
      of the chain, on every back-office return and, once the chain requires
      it (Settings), on every till refund.
    """

    _name = "multistore.return.policy"
    _description = "Chain Return Policy"

    # ------------------------------------------------------------------
    # Settings
    # ------------------------------------------------------------------
    @api.model
    def _default_return_days(self):
        """The chain's return window in days (Settings), 7 by default."""
        value = self.env["ir.config_parameter"].sudo().get_param(RETURN_DAYS_PARAM)
        try:
            days = int(value)
        except (TypeError, ValueError):
            return DEFAULT_RETURN_DAYS
        return days if days > 0 else DEFAULT_RETURN_DAYS

    @api.model
    def _approval_amount(self):
        """Returns worth more than this (company currency) need a store
        manager; 0: no approval."""
        value = self.env["ir.config_parameter"].sudo().get_param(APPROVAL_AMOUNT_PARAM)
        try:
            amount = float(value)
        except (TypeError, ValueError):
            return 0.0
        return max(amount, 0.0)

    @api.model
    def _till_reason_required(self):
        """Whether till refunds need a reason (Settings, off by default).

        Off until the chain switches it on: a till keeps the code it loaded
        and may sync refunds made offline with it, so the chain requires
        reasons once every till was reloaded (see CONFIGURE).
        """
        value = self.env["ir.config_parameter"].sudo().get_param(TILL_REASON_PARAM)
        return str(value or "").strip().lower() in ("1", "true", "yes")

    # ------------------------------------------------------------------
    # Reason
    # ------------------------------------------------------------------
    @api.model
    def _check_return_reason(self, reason, document, required=True):
        """Refuse a return without a reason (when ``required``) or with a
        reason the chain does not use (archived, or deleted).

        The same rule for the back office's Return wizard and the tills.
        """
        # sudo(): whether the reason exists and is active, whoever asks.
        reason = reason.sudo().exists() if reason else reason
        if reason and reason.active:
            return
        if not reason and not required:
            return
        if reason:
            raise UserError(
                self.env._(
                    "Return reason %(reason)s is no longer used by the chain: "
                    "choose another reason for %(document)s.",
                    reason=reason.display_name,
                    document=document,
                )
            )
        raise UserError(
            self.env._(
                "Choose why the customer returns the goods of %(document)s "
                "(Return Reason, e.g. Quality defect): every customer return "
                "needs a reason.",
                document=document,
            )
        )

    # ------------------------------------------------------------------
    # Return window
    # ------------------------------------------------------------------
    @api.model
    def _extra_return_days(self, partner):
        """Days added to the window for this customer (hook): none here."""
        return 0

    @api.model
    def _return_days(self, product, partner):
        """Days ``product`` may be returned by ``partner`` after its sale."""
        days = product.categ_id._multistore_return_days()
        if partner:
            days += self._extra_return_days(partner.commercial_partner_id)
        return days

    @api.model
    def _return_deadline(self, product, sale_date, partner, store=None):
        """Last day (a date, the selling store's local day) on which
        ``product`` sold at ``sale_date`` (a UTC datetime) to ``partner``
        may be returned."""
        day = self._local_day(sale_date, store)
        return day + timedelta(days=self._return_days(product, partner))

    @api.model
    def _local_day(self, moment, store=None):
        """The day of ``moment`` (UTC datetime) where ``store`` is: the day
        of a sale is its store's day (multistore_base's sales rules)."""
        zone = pytz.timezone(store_tz(store or self.env["multistore.store"]))
        return pytz.utc.localize(moment).astimezone(zone).date()

    @api.model
    def _check_return_window(self, product, sale_date, partner, store, document):
        """Refuse the return of ``product`` sold on ``document`` once its
        window is over."""
        deadline = self._return_deadline(product, sale_date, partner, store)
        today = self._local_day(fields.Datetime.now(), store)
        if today <= deadline:
            return
        raise ValidationError(
            self.env._(
                "%(product)s was bought on %(date)s (%(document)s): it could be "
                "returned for %(days)s days, until %(deadline)s. The return "
                "window is over, so it can no longer be returned or refunded; "
                "check that you chose the right order.",
                product=product.display_name,
                date=format_date(self.env, self._local_day(sale_date, store)),
                document=document,
                days=self._return_days(product, partner),
                deadline=format_date(self.env, deadline),
            )
        )

    # ------------------------------------------------------------------
    # Approval
    # ------------------------------------------------------------------
    @api.model
    def _check_return_approval(self, amount, currency, company, document):
        """Refuse a return worth more than the approval amount to a user who
        is not a store manager (nor a chain manager).

        ``amount``: the value returned in ``currency``, converted into the
        company currency of ``company`` to compare.
        """
        limit = self._approval_amount()
        if not limit or self.env.su or self.env.user.has_group(STORE_MANAGER_GROUP):
            return
        company_currency = company.currency_id
        value = currency._convert(
            amount, company_currency, company, fields.Date.context_today(self)
        )
        if (
            float_compare(value, limit, precision_rounding=company_currency.rounding)
            <= 0
        ):
            return
        raise ValidationError(
            self.env._(
                "%(document)s returns %(amount)s, more than %(limit)s: returns "
                "above that amount are made by a store manager. Ask your store "
                "manager to make this return.",
                document=document,
                amount=company_currency.format(value),
                limit=company_currency.format(limit),
            )
        )
