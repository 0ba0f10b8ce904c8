/**
 * A cashier refunds a till sale and names the reason of the return.
 *
 * Run by tests/test_pos_refund_reason_tour.py as store A's cashier, with
 * reasons required at the till: the cashier sells two mugs, refunds one from
 * the ticket screen, and Payment first asks why the customer returns it; the
 * cashier picks "Quality (tour)" and pays back in cash. The Python side
 * checks the reason saved on the refund.
 */
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import * as SelectionPopup from "@point_of_sale/../tests/tours/utils/selection_popup_util";
import * as TicketScreen from "@point_of_sale/../tests/tours/utils/ticket_screen_util";
import {registry} from "@web/core/registry";
import {waitForLoading} from "@point_of_sale/../tests/tours/utils/common";

const SERVER_TIMEOUT = 30000;

function validate() {
    return [
        PaymentScreen.clickValidate(),
        {...Chrome.isSyncStatusConnected(), timeout: SERVER_TIMEOUT},
        ReceiptScreen.isShown(),
        ReceiptScreen.clickNextOrder(),
        ProductScreen.isShown(),
    ].flat();
}

registry.category("web_tour.tours").add("multistore_returns_refund_reason", {
    steps: () =>
        [
            waitForLoading(),
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickDisplayedProduct("Reason Mug"),
            ProductScreen.clickDisplayedProduct("Reason Mug"),
            ProductScreen.totalAmountIs("16.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cash", true, {remaining: "0.00"}),
            validate(),
            // The refund of one mug, from the ticket screen.
            ...ProductScreen.clickRefund(),
            TicketScreen.filterIs("Paid"),
            TicketScreen.selectOrder("-0001"),
            ProductScreen.clickNumpad("1"),
            TicketScreen.toRefundTextContains("To Refund: 1.00"),
            TicketScreen.confirmRefund(),
            ProductScreen.isShown(),
            ProductScreen.totalAmountIs("-8.00"),
            // Payment asks for the reason first.
            ProductScreen.clickPayButton(false),
            Dialog.is({title: "Why does the customer return the goods?"}),
            SelectionPopup.has("Size (tour)"),
            SelectionPopup.has("Quality (tour)", {run: "click"}),
            PaymentScreen.isShown(),
            PaymentScreen.clickPaymentMethod("Cash", true, {remaining: "0.00"}),
            validate(),
        ].flat(),
});
