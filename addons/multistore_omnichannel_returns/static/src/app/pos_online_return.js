/**
 * Returns anywhere: the cashier of any store takes back goods of a delivered
 * online order. The till asks the server for the order (its number and the
 * selected customer: sale.order.multistore_find_online_order_for_return),
 * reads it as pos_sale does, and adds one line per product the customer still
 * has, with a negative quantity linked to the online order's line; the
 * cashier lowers the quantities to what comes back and refunds at the till.
 * The server checks everything again when the order is synced
 * (models/pos_order.py): this only prepares the order.
 */
import {AlertDialog} from "@web/core/confirmation_dialog/confirmation_dialog";
import {ControlButtons} from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import {PosOrder} from "@point_of_sale/app/models/pos_order";
import {PosStore} from "@point_of_sale/app/store/pos_store";
import {RPCError} from "@web/core/network/rpc";
import {TextInputPopup} from "@point_of_sale/app/utils/input_popups/text_input_popup";
import {_t} from "@web/core/l10n/translation";
import {makeAwaitable} from "@point_of_sale/app/store/make_awaitable_dialog";
import {patch} from "@web/core/utils/patch";

patch(ControlButtons.prototype, {
    async onClickMultistoreOnlineReturn() {
        await this.pos.multistoreReturnOnlineOrder();
    },
});

patch(PosOrder.prototype, {
    /**
     * An online return is a return: it names its reason (multistore_returns
     * asks for it at Payment when the chain requires reasons).
     */
    multistoreIsReturn() {
        return (
            super.multistoreIsReturn(...arguments) ||
            this.lines.some((line) => line.sale_order_line_id && line.qty < 0)
        );
    },
});

patch(PosStore.prototype, {
    async multistoreReturnOnlineOrder() {
        const title = _t("Return an online order");
        const order = this.get_order();
        const partner = order?.get_partner();
        if (!partner) {
            this.dialog.add(AlertDialog, {
                title,
                body: _t(
                    "Select the customer first: an online order is found by its number and its customer."
                ),
            });
            return;
        }
        const reference = await makeAwaitable(this.dialog, TextInputPopup, {
            title,
            placeholder: _t("Order number, e.g. S00042"),
        });
        if (!reference) {
            return;
        }
        let saleOrderId = false;
        try {
            saleOrderId = await this.data.call(
                "sale.order",
                "multistore_find_online_order_for_return",
                [this.config.id, reference, partner.id]
            );
        } catch (error) {
            if (error instanceof RPCError) {
                this.dialog.add(AlertDialog, {title, body: error.data.message});
                return;
            }
            throw error;
        }
        const [saleOrder] = await this.data.read("sale.order", [saleOrderId]);
        let added = 0;
        for (const line of saleOrder.order_line) {
            // What the customer has of the line: delivered, less what came
            // back already (pos_sale counts the till's lines in it).
            const left = line.qty_delivered;
            if (
                line.display_type ||
                line.is_downpayment ||
                !line.product_id ||
                left <= 0
            ) {
                continue;
            }
            const newLine = await this.addLineToCurrentOrder(
                {
                    product_id: line.product_id,
                    qty: -left,
                    price_unit: line.price_unit,
                    price_type: "manual",
                    tax_ids: line.tax_id.map((tax) => ["link", tax]),
                    sale_order_origin_id: saleOrder,
                    sale_order_line_id: line,
                    description: line.name,
                },
                {},
                false
            );
            newLine.set_quantity(-left, true);
            newLine.set_unit_price(line.price_unit);
            newLine.set_discount(line.discount);
            added++;
        }
        if (!added) {
            this.dialog.add(AlertDialog, {
                title,
                body: _t(
                    "Everything delivered on %s has been returned already.",
                    saleOrder.name
                ),
            });
        }
    },
});
