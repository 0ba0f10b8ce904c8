/**
 * Refund lines earn no points at the till: the server takes back the points
 * the refunded order earned, in proportion to what is refunded (see
 * pos.order._multistore_refund_reversal_vals), wherever the refund is made.
 */
import {PosOrderline} from "@point_of_sale/app/models/pos_order_line";
import {patch} from "@web/core/utils/patch";

patch(PosOrderline.prototype, {
    ignoreLoyaltyPoints({program}) {
        if (this.refunded_orderline_id && program.program_type === "loyalty") {
            return true;
        }
        return super.ignoreLoyaltyPoints(...arguments);
    },
});
