/**
 * A "Customer 360" button next to the customer button once the order has a
 * customer: it opens the customer panel.
 */
import {ControlButtons} from "@point_of_sale/app/screens/product_screen/control_buttons/control_buttons";
import {MultistoreCustomerPanelPopup} from "@multistore_crm_pos/app/customer_panel_popup";
import {patch} from "@web/core/utils/patch";

patch(ControlButtons.prototype, {
    multistoreCrmOpenPanel() {
        const partner = this.partner;
        if (partner) {
            this.dialog.add(MultistoreCustomerPanelPopup, {partner});
        }
    },
});
