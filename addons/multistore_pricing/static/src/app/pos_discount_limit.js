/**
 * The till refuses line discounts above the store's limit.
 *
 * Every manual line discount (numpad, discount popup, discount barcode) goes
 * through `PosStore.setDiscountFromUI`. The numpad applies each keystroke as
 * it is typed (typing 20 applies 2, then 20), so a refused entry puts back
 * the discount the line had before the entry started, not the one of the
 * previous keystroke. The server checks the same limit when the order is
 * synced (`pos.order.line._check_store_discount_limit`).
 */
import {PosStore} from "@point_of_sale/app/store/pos_store";
import {AlertDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {_t} from "@web/core/l10n/translation";
import {formatFloat} from "@web/core/utils/numbers";
import {patch} from "@web/core/utils/patch";

patch(PosStore.prototype, {
    async setup(env, {number_buffer}) {
        // A numpad entry starts on an empty buffer (mode button, line
        // selection, reset after a refusal): forget where the last one began.
        number_buffer.addEventListener("buffer-update", ({detail: buffer}) => {
            if (!buffer) {
                this.multistoreDiscountEntry = null;
            }
        });
        return await super.setup(...arguments);
    },

    /**
     * @returns {number} the largest line discount (%) this till accepts;
     *      100 when the till belongs to no store, the store sets no limit or
     *      the till's user is a store manager (the server lets them too).
     */
    getMultistoreMaxDiscount() {
        if (!this.config.raw.store_id || this.user?.raw?.multistore_store_manager) {
            return 100;
        }
        return this.config.multistore_max_discount;
    },

    async setDiscountFromUI(line, val) {
        const entry = this.multistoreDiscountEntry;
        if (!entry || entry.line !== line) {
            this.multistoreDiscountEntry = {line, discount: line.get_discount()};
        }
        const limit = this.getMultistoreMaxDiscount();
        const discount = typeof val === "number" ? val : parseFloat(val) || 0;
        if (discount <= limit) {
            return await super.setDiscountFromUI(...arguments);
        }
        line.set_discount(this.multistoreDiscountEntry.discount);
        this.numberBuffer.reset();
        this.dialog.add(AlertDialog, {
            title: _t("Discount not allowed"),
            body: _t("Discounts above %(limit)s% need a store manager at this store.", {
                limit: formatFloat(limit, {trailingZeros: false}),
            }),
        });
    },
});
