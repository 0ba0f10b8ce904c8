/**
 * The customer being served, in clear at the till (tests/test_till_tour.py).
 *
 * The till lists the customer with a masked phone; the cashier searches the
 * whole number the customer gives, picks them, and the till then shows the
 * clear number of that customer.
 */
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import {waitForLoading} from "@point_of_sale/../tests/tours/utils/common";
import {registry} from "@web/core/registry";

const SERVER_TIMEOUT = 30000;
const NAME = "Privtour Wang Fang";
const PHONE = "13812345678";
const MASKED = "138****5678";
const LINE = `.modal .partner-list .partner-info:contains("${NAME}")`;

function patient(steps) {
    return [steps].flat().map((step) => ({...step, timeout: SERVER_TIMEOUT}));
}

registry.category("web_tour.tours").add("multistore_privacy_till_served_customer", {
    steps: () =>
        [
            patient([waitForLoading(), Chrome.startPoS()].flat()),
            Dialog.confirm("Open Register"),
            ProductScreen.clickPartnerButton(),
            {
                content: "the cashier types the whole number the customer gives",
                trigger: ".modal-dialog .input-group input",
                run: `edit ${PHONE}`,
            },
            {
                content: "and searches the server",
                trigger: ".modal .search-more-button > button",
                run: "click",
            },
            patient({
                content: "the customer found is listed with a masked phone",
                trigger: `${LINE} .partner-line-email:contains("${MASKED}")`,
            }),
            patient({
                content: "pick the customer found",
                trigger: `.modal .partner-list b:contains("${NAME}")`,
                run: "click",
            }),
            patient({
                content: "the customer is on the order",
                trigger: `.product-screen .set-partner:contains("${NAME}")`,
            }),
            ProductScreen.clickPartnerButton(),
            patient({
                content: "the customer being served is shown in clear",
                trigger: `${LINE} .partner-line-email:contains("${PHONE}")`,
            }),
        ].flat(),
});
