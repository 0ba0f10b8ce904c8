/**
 * The till's product information tells where else the product is in stock.
 *
 * Run by tests/test_pos_stock_tour.py as the cashier of store A, who cannot
 * read store B's documents: the popup still lists store B with its quantity,
 * phone and address, and not the cashier's own store.
 */
import * as Chrome from "@point_of_sale/../tests/tours/utils/chrome_util";
import * as Dialog from "@point_of_sale/../tests/tours/utils/dialog_util";
import * as ProductScreen from "@point_of_sale/../tests/tours/utils/product_screen_util";
import {waitForLoading} from "@point_of_sale/../tests/tours/utils/common";
import {registry} from "@web/core/registry";

const otherStore = (name) =>
    `.section-other-stores .other-store:has(.other-store-name:contains("${name}"))`;

registry.category("web_tour.tours").add("multistore_inventory_pos_other_stores", {
    steps: () =>
        [
            waitForLoading(),
            Chrome.startPoS(),
            // A fresh session starts in opening control: count the cash in.
            Dialog.confirm("Open Register"),
            ProductScreen.clickInfoProduct("Stock Tea"),
            Dialog.is({title: "Product information"}),
            {
                content: "the section of the other stores is shown",
                trigger:
                    '.section-other-stores .section-title:contains("Available in other stores")',
            },
            {
                content: "store B has 9 units",
                trigger: `${otherStore("Store B")} .other-store-qty:contains(/^9$/)`,
            },
            {
                content: "store B's phone is shown",
                trigger: `${otherStore("Store B")} .other-store-phone:contains("+1 555 0102")`,
            },
            {
                content: "store B's address is shown",
                trigger: `${otherStore("Store B")} .other-store-address:contains("12 Market Street")`,
            },
            {
                content: "the cashier's own store is not among the other stores",
                trigger:
                    '.section-other-stores:not(:has(.other-store-name:contains("Store A")))',
            },
            Dialog.confirm("Ok"),
            Dialog.isNot(),
            ProductScreen.isShown(),
        ].flat(),
});
