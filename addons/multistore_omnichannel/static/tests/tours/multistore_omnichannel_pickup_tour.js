/**
 * A customer collects a click & collect order at the till of the pickup store.
 *
 * Run by tests/test_pos_pickup_tour.py as store A's cashier, who cannot read
 * the online store's other orders: the quotation list shows the two pickup
 * orders of store A. The one not ready yet is refused with a message; the
 * ready one (found by its pickup code) is settled and paid. The Python side
 * checks it is collected.
 */
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import {registry} from "@web/core/registry";
import {waitForLoading} from "@point_of_sale/../tests/tours/utils/common";

const listRow = (text) =>
    `.modal:not(.o_inactive_modal) table.o_list_table tbody tr.o_data_row:contains("${text}") td`;

const openQuotations = () => ProductScreen.clickControlButton("Quotation/Order");

registry.category("web_tour.tours").add("multistore_omnichannel_pickup_at_till", {
    steps: () =>
        [
            waitForLoading(),
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            // The order still waiting for its goods: refused at once.
            openQuotations(),
            {
                content: "the not-ready pickup order is listed",
                trigger: listRow("Pickup Not Ready"),
                run: "click",
            },
            Dialog.is({title: "Click & collect"}),
            {
                content: "the till says it is not ready",
                trigger: '.modal-body:contains("not ready for pickup yet")',
            },
            Dialog.confirm("Ok"),
            // The ready one, found by its pickup code.
            openQuotations(),
            {
                content: "search the pickup code",
                trigger: ".modal:not(.o_inactive_modal) .o_searchview_input",
                run: "edit 24681357",
            },
            {
                content: "search in the pickup code field",
                trigger:
                    '.modal:not(.o_inactive_modal) .o_searchview_autocomplete .o_menu_item:contains("Pickup Code")',
                run: "click",
            },
            {
                content: "only the ready order is left",
                trigger: `.modal:not(.o_inactive_modal) table.o_list_table tbody:not(:has(tr.o_data_row:contains("Pickup Not Ready")))`,
            },
            {
                content: "select the ready order",
                trigger: listRow("Pickup Ready"),
                run: "click",
            },
            {
                content: "settle it",
                trigger: `.modal:not(.o_inactive_modal) .selection-item:contains('Settle the order')`,
                run: "click",
            },
            {trigger: "body:not(:has(.modal))"},
            ProductScreen.selectedOrderlineHas("Pickup Tea", "2.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cash", true, {remaining: "0.00"}),
            PaymentScreen.clickValidate(),
            // The sync settles the sales order too (pos_sale): give a busy
            // machine more than the default 10 s.
            {...Chrome.isSyncStatusConnected(), timeout: 30000},
            ReceiptScreen.isShown(),
            ReceiptScreen.clickNextOrder(),
            ProductScreen.isShown(),
        ].flat(),
});
