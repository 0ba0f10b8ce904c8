/**
 * Website click & collect, from the customer's cart to the portal.
 *
 * Run in this order by tests/test_website_pickup_tour.py, which checks the
 * order in between:
 * - multistore_omnichannel_website_pickup: a portal customer buys a tea on
 *   the website, chooses "Pick up in store" and the Shanghai store in Odoo's
 *   store picker, pays on site and sees the confirmation;
 * - multistore_omnichannel_website_pickup_till: the Shanghai cashier finds
 *   the order (marked ready by the store's staff) and settles it;
 * - multistore_omnichannel_website_pickup_portal: the customer's portal shows
 *   every step of the order done, the last one "Collected".
 *
 * One file for the website and the till: it imports nothing of the website
 * (the till's assets have none, and a missing import would drop every tour
 * of the file there); the website steps are those of website_sale's
 * tour_utils, written out.
 */
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as PaymentScreen from "@point_of_sale/../tests/tours/utils/payment_screen_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import * as ReceiptScreen from "@point_of_sale/../tests/tours/utils/receipt_screen_util";
import {registry} from "@web/core/registry";
import {waitForLoading} from "@point_of_sale/../tests/tours/utils/common";

const PRODUCT = "Longjing Tea";
const CUSTOMER = "Wang Fang";
const SHANGHAI = "上海南京路店";

registry.category("web_tour.tours").add("multistore_omnichannel_website_pickup", {
    url: "/shop",
    steps: () => [
        {
            content: "search the tea",
            trigger: 'form input[name="search"]',
            run: `edit ${PRODUCT}`,
        },
        {
            content: "search",
            trigger: 'form:has(input[name="search"]) .oe_search_button',
            run: "click",
        },
        {
            content: "open the tea",
            trigger: `.oe_product_cart a:contains("${PRODUCT}")`,
            run: "click",
        },
        {
            content: "add it to the cart",
            trigger: "#add_to_cart",
            run: "click",
        },
        {
            content: "go to the cart",
            trigger: "a sup.my_cart_quantity:contains(/^1$/)",
            run: "click",
        },
        {
            content: "check out",
            trigger: 'a[href^="/shop/checkout"]',
            run: "click",
        },
        {
            content: "choose the delivery method Pick up in store",
            trigger:
                'input[name="o_delivery_radio"][data-delivery-type="in_store"]:not(:disabled)',
            run: "click",
        },
        {
            content: "open the store picker",
            trigger:
                'li[name="o_delivery_method"]:has(input[data-delivery-type="in_store"]:checked) button[name="o_pickup_location_selector"]',
            run: "click",
        },
        {
            content: "pick the Shanghai store",
            trigger: `.o_location_selector .list-group-item:contains("${SHANGHAI}")`,
            run: "click",
        },
        {
            content: "collect the order there",
            trigger: `.o_location_selector:has(strong.h5:contains("${SHANGHAI}")) #submit_location_large:not(:disabled)`,
            run: "click",
        },
        {
            content: "the checkout shows the chosen store",
            trigger: `body:not(:has(.o_location_selector)) [name="o_pickup_location_name"]:contains("${SHANGHAI}")`,
        },
        {
            content: "confirm the order",
            trigger: 'a[href^="/shop/confirm_order"]:not(.disabled)',
            run: "click",
        },
        {
            content: "pay on site",
            trigger:
                'input[name="o_payment_radio"][data-payment-method-code="pay_on_site"]',
            run: "click",
        },
        {
            content: "pay",
            trigger: 'button[name="o_payment_submit_button"]:visible:not(:disabled)',
            run: "click",
        },
        {
            content: "the order is confirmed",
            trigger: ".oe_website_sale_tx_status[data-order-tracking-info]",
            timeout: 30000,
        },
    ],
});

registry.category("web_tour.tours").add("multistore_omnichannel_website_pickup_till", {
    steps: () =>
        [
            waitForLoading(),
            Chrome.startPoS(),
            Dialog.confirm("Open Register"),
            ProductScreen.clickControlButton("Quotation/Order"),
            {
                content: "the website order is listed",
                trigger: `.modal:not(.o_inactive_modal) table.o_list_table tbody tr.o_data_row:contains("${CUSTOMER}") td`,
                run: "click",
            },
            {
                content: "settle it",
                trigger: `.modal:not(.o_inactive_modal) .selection-item:contains('Settle the order')`,
                run: "click",
            },
            {trigger: "body:not(:has(.modal))"},
            ProductScreen.orderLineHas(PRODUCT, "1.00"),
            ProductScreen.clickPayButton(),
            PaymentScreen.clickPaymentMethod("Cash", true, {remaining: "0.00"}),
            PaymentScreen.clickValidate(),
            // The sync settles the sales order too (pos_sale).
            {...Chrome.isSyncStatusConnected(), timeout: 30000},
            ReceiptScreen.isShown(),
        ].flat(),
});

registry
    .category("web_tour.tours")
    .add("multistore_omnichannel_website_pickup_portal", {
        steps: () => [
            {
                content: "the pickup step names the store",
                trigger: `#multistore_timeline li[data-step-done="1"]:contains("${SHANGHAI}")`,
            },
            {
                content: "the last step is Collected, done",
                trigger:
                    '#multistore_timeline li:last-child[data-step-done="1"] .o_multistore_step_label:contains("Collected")',
            },
            {
                content: "no step left to do",
                trigger: '#multistore_timeline:not(:has(li[data-step-done="0"]))',
            },
        ],
    });
