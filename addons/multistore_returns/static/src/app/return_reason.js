/**
 * The reason of a refund at the till (multistore_returns).
 *
 * A refund (ticket screen's Refund, or any order taking goods back) names
 * one of the chain's return reasons, loaded with the till
 * (multistore.return.reason). The cashier chooses it with the Return
 * Reason button of the actions, or when paying: once the chain requires
 * reasons at the till (Settings, block Returns), Payment asks for it first.
 * The server checks the reason again when the refund is synced
 * (models/pos_order.py): this only helps the cashier.
 */
import {ControlButtons} from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import {PosOrder} from "@point_of_sale/app/models/pos_order";
import {PosStore} from "@point_of_sale/app/store/pos_store";
import {SelectionPopup} from "@point_of_sale/app/utils/input_popups/selection_popup";
import {_t} from "@web/core/l10n/translation";
import {makeAwaitable} from "@point_of_sale/app/store/make_awaitable_dialog";
import {patch} from "@web/core/utils/patch";

patch(PosOrder.prototype, {
    /**
     * Whether this order takes goods back from the customer (hook:
     * multistore_omnichannel_returns adds online returns).
     */
    multistoreIsReturn() {
        return this.lines.some((line) => line.refunded_orderline_id && line.qty < 0);
    },
});

patch(PosStore.prototype, {
    multistoreReturnReasons() {
        return [...this.models["multistore.return.reason"].getAll()].sort(
            (a, b) => a.sequence - b.sequence || a.id - b.id
        );
    },
    async multistoreChooseReturnReason(order = this.get_order()) {
        if (!order) {
            return false;
        }
        const current = order.multistore_return_reason_id;
        const reason = await makeAwaitable(this.dialog, SelectionPopup, {
            title: _t("Why does the customer return the goods?"),
            list: this.multistoreReturnReasons().map((item) => ({
                id: item.id,
                item,
                label: item.name,
                isSelected: Boolean(current && current.id === item.id),
            })),
        });
        if (reason) {
            order.update({multistore_return_reason_id: reason});
        }
        return reason;
    },
    async pay() {
        const order = this.get_order();
        if (
            order &&
            this.config.multistore_return_reason_required &&
            order.multistoreIsReturn() &&
            !order.multistore_return_reason_id
        ) {
            const reason = await this.multistoreChooseReturnReason(order);
            if (!reason) {
                return;
            }
        }
        return super.pay(...arguments);
    },
});

patch(ControlButtons.prototype, {
    async onClickMultistoreReturnReason() {
        await this.pos.multistoreChooseReturnReason();
    },
});
