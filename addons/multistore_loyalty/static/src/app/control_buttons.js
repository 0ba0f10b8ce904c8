/**
 * Partial redemption, for loyalty programs that ask for it ("Cashier Chooses
 * the Points"): before a per-point discount is applied, the cashier enters how
 * many points to redeem (at most what the card and the order allow). Other
 * programs keep Odoo's one click: the reward applies with every point it can
 * use. The server checks the balance again, under lock, either way.
 */
import {ControlButtons} from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import {NumberPopup} from "@point_of_sale/app/utils/input_popups/number_popup";
import {makeAwaitable} from "@point_of_sale/app/store/make_awaitable_dialog";
import {AlertDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";

patch(ControlButtons.prototype, {
    multistoreChoosesPoints(reward) {
        return (
            Boolean(reward.program_id.multistore_partial_redemption) &&
            reward.reward_type === "discount" &&
            reward.discount_mode === "per_point" &&
            !reward.clear_wallet &&
            reward.program_id.program_type === "loyalty"
        );
    },
    async _applyReward(reward, coupon_id, potentialQty) {
        if (!this.multistoreChoosesPoints(reward)) {
            return super._applyReward(...arguments);
        }
        const order = this.pos.get_order();
        const max = order.multistoreMaxRedeemablePoints(reward, coupon_id);
        const value = await makeAwaitable(this.dialog, NumberPopup, {
            title: _t("Points to redeem"),
            subtitle: _t("At most %s points", max),
            startingValue: String(max),
        });
        if (value === undefined || value === null || value === "") {
            return false;
        }
        const points = parseFloat(value);
        if (!(points > 0) || points > max) {
            this.dialog.add(AlertDialog, {
                title: _t("Invalid number of points"),
                body: _t("Enter a number of points between 1 and %s.", max),
            });
            return false;
        }
        order.multistoreSetPointCap(reward, coupon_id, points);
        return super._applyReward(...arguments);
    },
});
