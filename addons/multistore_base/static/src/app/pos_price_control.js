/**
 * Store staff do not change prices at the till.
 *
 * The server refuses a till line whose price is not the store's price list
 * price, except for store managers (`pos.order._multistore_check_till_prices`).
 * The till's price button follows, as Odoo's "restrict price control" does
 * for cashiers who are not managers.
 */
import {PosStore} from "@point_of_sale/app/store/pos_store";
import {patch} from "@web/core/utils/patch";

patch(PosStore.prototype, {
    cashierHasPriceControlRights() {
        if (this.config.raw.store_id && !this.user?.raw?.multistore_store_manager) {
            return false;
        }
        return super.cashierHasPriceControlRights(...arguments);
    },
});
