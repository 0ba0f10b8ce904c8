/**
 * Returns anywhere: load an order sold by another store of the chain so that
 * the ticket screen can refund it at this till. The server returns that one
 * order only (pos.order.multistore_find_order_for_refund).
 */
import { PosStore } from "@point_of_sale/app/store/pos_store";
import { patch } from "@web/core/utils/patch";

patch(PosStore.prototype, {
    async multistoreLoadOrderForRefund(reference) {
        const known = this.models["pos.order"].find(
            (order) =>
                order.pos_reference === reference ||
                order.pos_reference === `Order ${reference}` ||
                order.uuid === reference
        );
        if (known) {
            return known;
        }
        const data = await this.data.call(
            "pos.order",
            "multistore_find_order_for_refund",
            [this.config.id],
            { reference }
        );
        if (!data["pos.order"]?.length) {
            return null;
        }
        const result = this.models.loadData(data);
        return result["pos.order"][0];
    },
});
