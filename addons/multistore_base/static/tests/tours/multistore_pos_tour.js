/**
 * A store cashier sells at the till of their own store.
 *
 * Store record rules also apply to the till's own RPCs (session load, order
 * sync): this tour proves that a user restricted to one store can open that
 * store's till, ring up a sale and have it saved. The Python side
 * (tests/test_pos_tour.py) then checks the order landed in the store.
 */
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import {waitForLoading} from "@point_of_sale/../tests/tours/utils/common";
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("multistore_base_pos_store_sale", {
    steps: () =>
        [
            waitForLoading(),
            Chrome.startPoS(),
            // A fresh session starts in opening control: count the cash in.
            Dialog.confirm("Open Register"),
            ProductScreen.clickDisplayedProduct("Multistore Mug", true, "1.0", "7.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cash", true, {remaining: "0.00"}),
            PaymentScreen.validateButtonIsHighlighted(true),
            PaymentScreen.clickValidate(),
            // The receipt shows only once the order is synced to the server.
            Chrome.isSyncStatusConnected(),
            ReceiptScreen.isShown(),
            ReceiptScreen.receiptIsThere(),
            ReceiptScreen.totalAmountContains("7.00"),
            ReceiptScreen.clickNextOrder(),
            ProductScreen.isShown(),
        ].flat(),
});
