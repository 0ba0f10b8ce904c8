/**
 * Store prices and the store's discount limit at the till.
 *
 * - multistore_pricing_pos_store_price_a / _b: the till of each store sells at
 *   the store's price list: "Promo Tea" has a store A price change (8.00
 *   instead of 10.00), "Plain Tea" keeps the chain price (5.00) everywhere.
 * - multistore_pricing_pos_discount_limit: store A allows line discounts up to
 *   10%; the till refuses 20% and accepts 5%, and the order is synced.
 * - multistore_pricing_pos_discount_limit_manager: the same till run by a store
 *   manager accepts 20%, and the server keeps it.
 * - In both, the numpad's Price button follows the server's price check:
 *   disabled for store staff, enabled for a store manager.
 *
 * The Python side is tests/test_pos_pricing_tour.py.
 */
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as Numpad from "@point_of_sale/../tests/tours/utils/numpad_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import {
    inLeftSide,
    negate,
    waitForLoading,
} from "@point_of_sale/../tests/tours/utils/common";
import {registry} from "@web/core/registry";

const SELECTED_LINE = ".order-container .orderline.selected";

function openRegister() {
    return [
        waitForLoading(),
        Chrome.startPoS(),
        // A fresh session starts in opening control: count the cash in.
        Dialog.confirm("Open Register"),
    ].flat();
}

function selectedLineHasDiscount(discount) {
    return inLeftSide({
        content: `the selected line has a ${discount}% discount`,
        trigger: `${SELECTED_LINE} .info-list em:contains("${discount}%")`,
    });
}

function selectedLineHasNoDiscount() {
    return inLeftSide({
        content: "the selected line has no discount",
        trigger: negate(`${SELECTED_LINE} .info-list em`),
    });
}

function priceButtonIs(state) {
    return inLeftSide({
        content: `the numpad's Price button is ${state}`,
        trigger: `div.numpad button[value="Price"]:${state}`,
    });
}

function storePriceSteps(promoTeaPrice) {
    return [
        openRegister(),
        ProductScreen.clickDisplayedProduct("Promo Tea", true, "1.0", promoTeaPrice),
        ProductScreen.clickDisplayedProduct("Plain Tea", true, "1.0", "5.00"),
    ].flat();
}

registry.category("web_tour.tours").add("multistore_pricing_pos_store_price_a", {
    steps: () => storePriceSteps("8.00"),
});

registry.category("web_tour.tours").add("multistore_pricing_pos_store_price_b", {
    steps: () => storePriceSteps("10.00"),
});

registry.category("web_tour.tours").add("multistore_pricing_pos_discount_limit", {
    steps: () =>
        [
            openRegister(),
            ProductScreen.clickDisplayedProduct("Plain Tea", true, "1.0", "5.00"),
            // Store staff sell at the store's prices (the server checks them).
            priceButtonIs("disabled"),
            // 20% is above the store's 10%: the till refuses it.
            ProductScreen.clickNumpad("%", "2", "0"),
            Dialog.is({title: "Discount not allowed"}),
            {
                content: "the dialog names the store's limit",
                trigger: `.modal-body:contains("Discounts above 10% need a store manager")`,
            },
            Dialog.confirm("Ok"),
            Dialog.isNot(),
            ProductScreen.selectedOrderlineHas("Plain Tea", "1.0", "5.00"),
            selectedLineHasNoDiscount(),
            // The numpad stays in discount mode: 5% is within the limit.
            inLeftSide(Numpad.isActive("%")),
            ProductScreen.clickNumpad("5"),
            ProductScreen.selectedOrderlineHas("Plain Tea", "1.0", "4.75"),
            selectedLineHasDiscount("5"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cash", true, {remaining: "0.00"}),
            PaymentScreen.clickValidate(),
            // The receipt shows only once the order is synced to the server.
            Chrome.isSyncStatusConnected(),
            ReceiptScreen.isShown(),
            ReceiptScreen.totalAmountContains("4.75"),
        ].flat(),
});

registry
    .category("web_tour.tours")
    .add("multistore_pricing_pos_discount_limit_manager", {
        steps: () =>
            [
                openRegister(),
                ProductScreen.clickDisplayedProduct("Plain Tea", true, "1.0", "5.00"),
                // A store manager may change prices, and go above the store's 10%.
                priceButtonIs("enabled"),
                ProductScreen.clickNumpad("%", "2", "0"),
                Dialog.isNot(),
                ProductScreen.selectedOrderlineHas("Plain Tea", "1.0", "4.00"),
                selectedLineHasDiscount("20"),
                ProductScreen.clickPayButton(),
                PaymentScreen.clickPaymentMethod("Cash", true, {remaining: "0.00"}),
                PaymentScreen.clickValidate(),
                Chrome.isSyncStatusConnected(),
                ReceiptScreen.isShown(),
                ReceiptScreen.totalAmountContains("4.00"),
            ].flat(),
    });
