/**
 * Click & collect at the till: before a sales order is settled, the till
 * checks that it is collected at this store and that the store has marked it
 * ready. The server refuses the same at the order's sync
 * (models/pos_order.py); this only says it before the cashier rings it up.
 */
import {AlertDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {PosStore} from "@point_of_sale/app/store/pos_store";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";

const rawId = (value) => (Array.isArray(value) ? value[0] : value);

patch(PosStore.prototype, {
    async onClickSaleOrder(clickedOrderId) {
        const [saleOrder] = await this.data.read("sale.order", [clickedOrderId]);
        const problem = this.multistorePickupProblem(saleOrder);
        if (problem) {
            this.dialog.add(AlertDialog, {title: _t("Click & collect"), body: problem});
            return;
        }
        return await super.onClickSaleOrder(...arguments);
    },
    multistorePickupProblem(saleOrder) {
        const pickupStore = rawId(saleOrder?.raw?.pickup_store_id);
        if (!pickupStore || saleOrder.raw.fulfilment_state === "collected") {
            return false;
        }
        const tillStore = rawId(this.config.raw.store_id);
        if (tillStore && pickupStore !== tillStore) {
            return _t(
                "%s is collected at another store: send the customer to the store they chose.",
                saleOrder.name
            );
        }
        if (saleOrder.raw.fulfilment_state !== "ready") {
            return _t(
                "%s is not ready for pickup yet: the store marks it ready when every item is there.",
                saleOrder.name
            );
        }
        return false;
    },
});
