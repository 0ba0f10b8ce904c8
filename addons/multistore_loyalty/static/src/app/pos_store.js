/**
 * Returns anywhere: load an order to refund at this till, also when another
 * store of the chain sold it. The server returns that one order only
 * (pos.order.multistore_find_order_for_refund): an order of another store
 * needs the receipt's reference, date and total.
 */
import {PosStore} from "@point_of_sale/app/store/pos_store";
import {patch} from "@web/core/utils/patch";

patch(PosStore.prototype, {
    /**
     * @param {string} reference receipt number as printed (or order uuid)
     * @param {{order_date?: string, amount_total?: string}} proof what the
     *      receipt shows, for an order of another store
     * @returns {Promise<{order?: object, needsProof?: boolean}>}
     */
    async multistoreLoadOrderForRefund(reference, proof = {}) {
        const known = this.models["pos.order"].find(
            (order) =>
                order.pos_reference === reference ||
                order.pos_reference === `Order ${reference}` ||
                order.uuid === reference
        );
        if (known) {
            return {order: known};
        }
        const data = await this.data.call(
            "pos.order",
            "multistore_find_order_for_refund",
            [this.config.id],
            {reference, ...proof}
        );
        if (!data["pos.order"]?.length) {
            return {needsProof: Boolean(data.needs_proof)};
        }
        const result = this.models.loadData(data);
        return {order: result["pos.order"][0]};
    },
});
