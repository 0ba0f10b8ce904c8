/**
 * The customer panel of the till: the chain-wide figures of the customer at
 * hand (every store and online) and products bought together with what they
 * bought, each with a button that adds it to the order. The server answers
 * for this one customer and this till only
 * (pos.config.multistore_crm_customer_panel).
 */
import {Component, onWillStart, useState} from "@odoo/owl";
import {Dialog} from "@web/core/dialog/dialog";
import {usePos} from "@point_of_sale/app/store/pos_hook";

export class MultistoreCustomerPanelPopup extends Component {
    static template = "multistore_crm_pos.CustomerPanelPopup";
    static components = {Dialog};
    static props = {
        partner: Object,
        close: Function,
    };

    setup() {
        this.pos = usePos();
        this.state = useState({panel: null, added: {}, loading: true});
        onWillStart(async () => {
            this.state.panel = await this.pos.multistoreCrmCustomerPanel(
                this.props.partner
            );
            this.state.loading = false;
        });
    }

    formatAmount(amount) {
        return this.env.utils.formatCurrency(amount || 0);
    }

    async addProduct(recommendation) {
        const added = await this.pos.multistoreCrmAddRecommended(
            recommendation.product_id
        );
        if (added) {
            this.state.added[recommendation.product_id] = true;
        }
    }
}
