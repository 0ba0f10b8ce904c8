/**
 * A customer brings back one unit of a delivered online order to a store
 * that did not ship it.
 *
 * Run by tests/test_pos_online_return_tour.py as store B's cashier, who
 * cannot read the online store's orders: the till finds the order by its
 * number and the selected customer (a wrong number is refused with a
 * message), adds what the customer has, the cashier lowers it to one unit and
 * pays it back in cash. The Python side checks stock, money and the online
 * order.
 */
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import * as SelectionPopup from "@point_of_sale/../tests/tours/utils/selection_popup_util";
import * as TextInputPopup from "@point_of_sale/../tests/tours/utils/text_input_popup_util";
import {registry} from "@web/core/registry";
import {waitForLoading} from "@point_of_sale/../tests/tours/utils/common";

const lookUp = (reference) => [
    ...ProductScreen.clickControlButtonMore(),
    {
        content: "click the Online Return button of the actions",
        trigger: '.modal .control-buttons button:contains("Online Return")',
        run: "click",
    },
    Dialog.is({title: "Return an online order"}),
    TextInputPopup.inputText(reference),
    Dialog.confirm(),
];

registry.category("web_tour.tours").add("multistore_omnichannel_return_at_till", {
    steps: () =>
        [
            waitForLoading(),
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            ProductScreen.clickCustomer("Online Return Customer"),
            // A number that is not this customer's online order.
            ...lookUp("WEB-NOPE-9"),
            {
                content: "the till says no such online order",
                trigger: '.modal-body:contains("No online order WEB-NOPE-9")',
            },
            Dialog.confirm("Ok"),
            // The customer's delivered order: both units are offered back.
            ...lookUp("WEB-RETURN-1"),
            ProductScreen.selectedOrderlineHas("Return Tea", "-2.00"),
            // One unit comes back.
            ProductScreen.clickNumpad("1"),
            ProductScreen.clickNumpad("+/-"),
            ProductScreen.selectedOrderlineHas("Return Tea", "-1.00"),
            // Paying asks why the goods come back.
            ProductScreen.clickPayButton(false),
            Dialog.is({title: "Why does the customer return the goods?"}),
            SelectionPopup.has("Wrong size (online)", {run: "click"}),
            PaymentScreen.isShown(),
            PaymentScreen.clickPaymentMethod("Cash", true, {remaining: "0.00"}),
            PaymentScreen.clickValidate(),
            {...Chrome.isSyncStatusConnected(), timeout: 30000},
            ReceiptScreen.isShown(),
            ReceiptScreen.clickNextOrder(),
            ProductScreen.isShown(),
        ].flat(),
});
