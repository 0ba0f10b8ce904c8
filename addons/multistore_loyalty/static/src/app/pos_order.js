/**
 * Member tiers and partial redemption in the till's order.
 *
 * - The points the till shows as won are multiplied by the member's tier
 *   multiplier, as the server does when it confirms them (the till keeps
 *   sending the points before the multiplier: the server applies it).
 * - A per-point discount of a loyalty program can redeem any number of
 *   points up to the balance: the cashier's choice is kept per reward and
 *   card in the order's UI state, so that the reward keeps that size when
 *   the order changes.
 */
import {PosOrder} from "@point_of_sale/app/models/pos_order";
import {patch} from "@web/core/utils/patch";

export function multistoreCapKey(reward, couponId) {
    return `${reward.id}-${couponId}`;
}

patch(PosOrder.prototype, {
    setup() {
        super.setup(...arguments);
        this.uiState.multistorePointCaps = this.uiState.multistorePointCaps || {};
    },
    multistoreTierMultiplier() {
        return this.get_partner()?.multistore_tier_multiplier || 1;
    },
    getLoyaltyPoints() {
        const stats = super.getLoyaltyPoints(...arguments);
        const multiplier = this.multistoreTierMultiplier();
        if (multiplier === 1) {
            return stats;
        }
        for (const stat of stats) {
            const points = stat.points;
            if (stat.program.program_type !== "loyalty" || points.won <= 0) {
                continue;
            }
            points.won = parseFloat((points.won * multiplier).toFixed(2));
            points.total = parseFloat(
                (points.balance + points.won - points.spent).toFixed(2)
            );
        }
        return stats;
    },
    multistoreSetPointCap(reward, couponId, points) {
        this.uiState.multistorePointCaps[multistoreCapKey(reward, couponId)] = points;
    },
    /**
     * The card's balance less what other rewards of this order already use:
     * the server posts redemptions from the balance with the order itself.
     */
    multistoreMaxRedeemablePoints(reward, couponId) {
        const card = this.models["loyalty.card"].get(couponId);
        let points = card ? card.points : 0;
        for (const line of this._get_reward_lines()) {
            if (line.coupon_id?.id === couponId) {
                points -= line.points_cost;
            }
        }
        const step = reward.required_points || 1;
        return Math.max(Math.floor(points / step) * step, 0);
    },
    _getRealCouponPoints(couponId) {
        const points = super._getRealCouponPoints(...arguments);
        if (this._multistoreCap !== undefined) {
            return Math.min(points, this._multistoreCap);
        }
        return points;
    },
    _getRewardLineValuesDiscount(args) {
        const reward = args.reward;
        const cap =
            this.uiState.multistorePointCaps?.[
                multistoreCapKey(reward, args.coupon_id)
            ];
        if (
            cap === undefined ||
            reward.discount_mode !== "per_point" ||
            reward.program_id.program_type !== "loyalty"
        ) {
            return super._getRewardLineValuesDiscount(...arguments);
        }
        this._multistoreCap = cap;
        try {
            return super._getRewardLineValuesDiscount(...arguments);
        } finally {
            this._multistoreCap = undefined;
        }
    },
    _resetPrograms() {
        this.uiState.multistorePointCaps = {};
        return super._resetPrograms(...arguments);
    },
});
