/**
 * The customer panel at the till (see tests/test_pos_tour.py).
 *
 * Store A's cashier picks a member who bought a teapot in store B: the panel
 * shows her chain-wide figures, tier and points, and recommends the cup
 * other customers bought with the teapot; the cashier adds it and sells it.
 */
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import {waitForLoading} from "@point_of_sale/../tests/tours/utils/common";
import {registry} from "@web/core/registry";

// Steps that wait for the server get more than the default 10 s: a busy
// test machine must not fail the tour.
const SERVER_TIMEOUT = 30000;

function patient(steps) {
    return [steps].flat().map((step) => ({...step, timeout: SERVER_TIMEOUT}));
}

const PANEL = ".modal .multistore-crm-panel";

registry.category("web_tour.tours").add("multistore_crm_pos_customer_panel", {
    steps: () =>
        [
            patient([waitForLoading(), Chrome.startPoS()].flat()),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Mei Member"),
            {
                content: "open the customer panel",
                trigger: ".product-screen .multistore-crm-panel-button",
                run: "click",
            },
            patient({
                content: "the panel shows the visits in every store",
                trigger: `${PANEL} .multistore-crm-visits:contains('2')`,
            }),
            {
                content: "the total spent (store B and online)",
                trigger: `${PANEL} .multistore-crm-amount:contains('90.00')`,
            },
            {
                content: "the favourite store",
                trigger: `${PANEL} .multistore-crm-store:contains('Store B')`,
            },
            {
                content: "the last visit",
                trigger: `${PANEL} .multistore-crm-last-visit:contains('days ago')`,
            },
            {
                content: "the member's tier",
                trigger: `${PANEL} .multistore-crm-tier:contains('Gold')`,
            },
            {
                content: "the member's points",
                trigger: `${PANEL} .multistore-crm-points:contains('25')`,
            },
            {
                content: "the cup bought with the teapot is recommended first",
                trigger: `${PANEL} .multistore-crm-recommendation:first .multistore-crm-product:contains('Multistore Tea Cup')`,
            },
            {
                content: "add the recommended cup",
                trigger: `${PANEL} .multistore-crm-recommendation:contains('Multistore Tea Cup') .multistore-crm-add`,
                run: "click",
            },
            patient({
                content: "the cup is added",
                trigger: `${PANEL} .multistore-crm-recommendation:contains('Multistore Tea Cup') .multistore-crm-added`,
            }),
            {
                content: "close the panel",
                trigger: ".modal .multistore-crm-close",
                run: "click",
            },
            ProductScreen.orderLineHas("Multistore Tea Cup", "1"),
            ProductScreen.totalAmountIs("5.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Bank", true, {remaining: "0.00"}),
            PaymentScreen.clickValidate(),
            patient(Chrome.isSyncStatusConnected()),
            ReceiptScreen.isShown(),
        ].flat(),
});
