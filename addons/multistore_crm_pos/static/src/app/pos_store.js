/**
 * The customer panel's data and its "add" button.
 */
import {PosStore} from "@point_of_sale/app/store/pos_store";
import {patch} from "@web/core/utils/patch";

patch(PosStore.prototype, {
    /**
     * The panel of ``partner`` for this till, from the server.
     * @param {object} partner res.partner record of the till
     * @returns {Promise<object>}
     */
    async multistoreCrmCustomerPanel(partner) {
        return await this.data.call("pos.config", "multistore_crm_customer_panel", [
            this.config.id,
            partner.id,
        ]);
    },
    /**
     * Add one unit of a recommended product to the current order, loading
     * the product first when the till has not loaded it.
     * @param {number} productId
     * @returns {Promise<boolean>} whether a line was added
     */
    async multistoreCrmAddRecommended(productId) {
        let product = this.models["product.product"].get(productId);
        if (!product) {
            const records = await this.data.searchRead(
                "product.product",
                [["id", "=", productId]],
                this.data.fields["product.product"],
                {context: {display_default_code: false}}
            );
            product = records?.[0];
            if (!product) {
                return false;
            }
            await this.processProductAttributes();
            await this._loadMissingPricelistItems([product]);
        }
        const line = await this.addLineToCurrentOrder({product_id: product}, {});
        return Boolean(line);
    },
});
