/**
 * The "Paid" list of the ticket screen also finds, by its exact receipt
 * number, an order sold by another store of the chain.
 */
import { TicketScreen } from "@point_of_sale/app/screens/ticket_screen/ticket_screen";
import { patch } from "@web/core/utils/patch";

patch(TicketScreen.prototype, {
    async _fetchSyncedOrders() {
        await super._fetchSyncedOrders(...arguments);
        const { fieldName, searchTerm } = this.state.search;
        const reference = (searchTerm || "").trim();
        if (fieldName === "RECEIPT_NUMBER" && reference) {
            const order = await this.pos.multistoreLoadOrderForRefund(reference);
            if (order) {
                // Records loaded outside the data service's own fetch do not
                // refresh the list by themselves.
                this.render(true);
            }
        }
    },
});
