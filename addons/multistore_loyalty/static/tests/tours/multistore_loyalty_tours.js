/**
 * One membership at every till (see tests/test_pos_tour.py).
 *
 * Store A's cashier sells to a member who earns points; store B's cashier
 * redeems part of them (the cashier picks the number of points, a program
 * option) and later refunds one item of store A's order, found by its receipt
 * number, date and total. Without the option, a click on the reward applies
 * it as Odoo does.
 */
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as NumberPopup from "@point_of_sale/../tests/tours/utils/number_popup_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as PosLoyalty from "@pos_loyalty/../tests/tours/utils/pos_loyalty_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import * as TicketScreen from "@point_of_sale/../tests/tours/utils/ticket_screen_util";
import {waitForLoading} from "@point_of_sale/../tests/tours/utils/common";
import {registry} from "@web/core/registry";

// Steps that wait for the server (opening the till, saving an order with
// its points under lock) get more than the default 10 s: a busy test machine
// must not fail the tour.
const SERVER_TIMEOUT = 30000;

function patient(steps) {
    return [steps].flat().map((step) => ({...step, timeout: SERVER_TIMEOUT}));
}

function startPoS() {
    return patient([waitForLoading(), Chrome.startPoS()].flat());
}

function pay() {
    return [
        ProductScreen.clickPayButton(),
        PaymentScreen.clickPaymentMethod("Bank", true, {remaining: "0.00"}),
        PaymentScreen.clickValidate(),
        patient(Chrome.isSyncStatusConnected()),
        ReceiptScreen.isShown(),
        ReceiptScreen.clickNextOrder(),
        ProductScreen.isShown(),
    ].flat();
}

registry.category("web_tour.tours").add("multistore_loyalty_earn_in_a", {
    steps: () =>
        [
            startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickDisplayedProduct("Multistore Mug"),
            ProductScreen.clickDisplayedProduct("Multistore Mug"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Mei Member"),
            PosLoyalty.pointsAwardedAre("14"),
            ProductScreen.totalAmountIs("14.00"),
            pay(),
        ].flat(),
});

registry.category("web_tour.tours").add("multistore_loyalty_redeem_in_b", {
    steps: () =>
        [
            startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickDisplayedProduct("Multistore Mug"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Mei Member"),
            PosLoyalty.claimReward("Chain Points"),
            // The cashier redeems 5 of the 14 points.
            NumberPopup.isShown("14"),
            NumberPopup.enterValue("5"),
            NumberPopup.isShown("5"),
            Dialog.confirm(),
            PosLoyalty.hasRewardLine("per point on your order", "-0.50"),
            PosLoyalty.pointsAwardedAre("7"),
            ProductScreen.totalAmountIs("6.50"),
            pay(),
        ].flat(),
});

registry.category("web_tour.tours").add("multistore_loyalty_one_click_in_b", {
    steps: () =>
        [
            startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickDisplayedProduct("Multistore Mug"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Mei Member"),
            PosLoyalty.claimReward("Chain Points"),
            // Odoo's one click: no number to enter, every point is used.
            {
                content: "no points popup: the reward is applied at once",
                trigger: "body:not(:has(.modal))",
            },
            PosLoyalty.hasRewardLine("per point on your order", "-2.10"),
            ProductScreen.totalAmountIs("4.90"),
            pay(),
        ].flat(),
});

registry.category("web_tour.tours").add("multistore_loyalty_return_in_b", {
    steps: () =>
        [
            startPoS(),
            ProductScreen.clickRefund(),
            TicketScreen.filterIs("Paid"),
            TicketScreen.search("Receipt Number", "Order 07777-001-0001"),
            // Store A sold it: the receipt's date and total prove it.
            {
                content: "enter the date printed on the receipt",
                trigger: ".multistore-refund-proof input[name='order_date']",
                run() {
                    // The test sells it today: the receipt's day in UTC.
                    this.anchor.value = new Date().toISOString().slice(0, 10);
                    this.anchor.dispatchEvent(new Event("input", {bubbles: true}));
                },
            },
            {
                content: "enter the total printed on the receipt",
                trigger: ".multistore-refund-proof input[name='amount_total']",
                run: "edit 14.00",
            },
            {
                trigger: ".modal-footer .multistore-refund-find:not([disabled])",
                run: "click",
            },
            patient(TicketScreen.selectOrder("07777-001-0001")),
            ProductScreen.clickNumpad("1"),
            TicketScreen.toRefundTextContains("To Refund: 1.00"),
            TicketScreen.confirmRefund(),
            ProductScreen.isShown(),
            ProductScreen.totalAmountIs("-7.00"),
            pay(),
        ].flat(),
});

registry.category("web_tour.tours").add("multistore_loyalty_tier_in_a", {
    steps: () =>
        [
            startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickDisplayedProduct("Multistore Mug"),
            ProductScreen.clickDisplayedProduct("Multistore Mug"),
            ProductScreen.clickPartnerButton(),
            {
                content: "the member's tier and birthday show in the customer list",
                trigger:
                    ".partner-line:contains('Mei Member') .multistore-tier:contains('Gold')",
            },
            {
                trigger: ".partner-line:contains('Mei Member') .multistore-birthday",
            },
            ProductScreen.clickCustomer("Mei Member"),
            // 14.00 spent, Gold doubles the points.
            PosLoyalty.pointsAwardedAre("28"),
            pay(),
        ].flat(),
});
