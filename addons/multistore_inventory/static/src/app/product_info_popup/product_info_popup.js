/**
 * "Available in other stores" in the till's product information popup.
 *
 * A cashier who is out of a product can send the customer to a store that has
 * it. The stock of the other stores comes from the server
 * (product.product.multistore_other_stores_stock), which reads quantities and
 * store master data only, so it works for a cashier restricted to one store.
 * The popup opens at once; the section fills in when the answer arrives.
 */
import {useState} from "@odoo/owl";
import {ProductInfoPopup} from "@point_of_sale/app/screens/product_screen/product_info_popup/product_info_popup";
import {_t} from "@web/core/l10n/translation";
import {ConnectionLostError} from "@web/core/network/rpc";
import {patch} from "@web/core/utils/patch";

patch(ProductInfoPopup.prototype, {
    setup() {
        super.setup(...arguments);
        // status: "loading" | "done" | "offline"
        this.otherStores = useState({status: "loading", rows: []});
        if (this.showOtherStores) {
            this.loadOtherStores();
        }
    },

    /** Services and consumables have no stock to look for elsewhere. */
    get showOtherStores() {
        return Boolean(this.props.product.is_storable);
    },

    /** Stores that can actually hand the product over, best stocked first. */
    get otherStoresAvailable() {
        return this.otherStores.rows.filter((row) => row.qty > 0);
    },

    get otherStoresTexts() {
        return {
            title: _t("Available in other stores"),
            none: _t("Not available in any other store."),
            offline: _t(
                "The stock of the other stores cannot be checked while offline."
            ),
            available: _t("Available:"),
        };
    },

    formatOtherStoreQty(qty) {
        return this.env.utils.formatProductQty(qty, false);
    },

    async loadOtherStores() {
        let rows;
        try {
            rows = await this.pos.data.call(
                "product.product",
                "multistore_other_stores_stock",
                [this.props.product.id, this.pos.config.id]
            );
        } catch (error) {
            if (error instanceof ConnectionLostError) {
                this.otherStores.status = "offline";
                return;
            }
            throw error;
        }
        this.otherStores.rows = rows;
        this.otherStores.status = "done";
    },
});
