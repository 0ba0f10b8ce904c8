/**
 * The "Paid" list of the ticket screen also finds an order sold by another
 * store of the chain: when the receipt number matches no order of this
 * store, the cashier enters the date and total printed on the receipt.
 */
import {TicketScreen} from "@point_of_sale/app/screens/ticket_screen/ticket_screen";
import {makeAwaitable} from "@point_of_sale/app/store/make_awaitable_dialog";
import {AlertDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {_t} from "@web/core/l10n/translation";
import {patch} from "@web/core/utils/patch";
import {MultistoreRefundProofPopup} from "./refund_proof_popup";

// A receipt number as the till prints it ("Order 00012-003-0004") or an
// order's uuid (receipt barcode): only those can find another store's order.
const FULL_REFERENCE =
    /^(Order )?\d{5,}-\d{3,}-\d{4,}$|^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;

patch(TicketScreen.prototype, {
    async onSearch(search) {
        await super.onSearch(...arguments);
        const reference = (search.searchTerm || "").trim();
        if (
            this.state.filter !== "SYNCED" ||
            search.fieldName !== "RECEIPT_NUMBER" ||
            !FULL_REFERENCE.test(reference)
        ) {
            // Partial numbers: the till's own search lists this store's orders.
            return;
        }
        let {order, needsProof} =
            await this.pos.multistoreLoadOrderForRefund(reference);
        if (!order && needsProof) {
            const proof = await makeAwaitable(this.dialog, MultistoreRefundProofPopup, {
                reference,
            });
            if (!proof) {
                return;
            }
            ({order} = await this.pos.multistoreLoadOrderForRefund(reference, proof));
            if (!order) {
                this.dialog.add(AlertDialog, {
                    title: _t("No order found"),
                    body: _t(
                        "No order of the chain has receipt number %s with this date and total. Check them on the receipt.",
                        reference
                    ),
                });
                return;
            }
        }
        if (order) {
            // Records loaded outside the data service's own fetch do not
            // refresh the list by themselves.
            this.render(true);
        }
    },
});
