/**
 * Asks the cashier for the date and total printed on a receipt of another
 * store: the server finds another store's order only with them.
 */
import {Component, onMounted, useRef, useState} from "@odoo/owl";
import {Dialog} from "@web/core/dialog/dialog";
import {_t} from "@web/core/l10n/translation";

export class MultistoreRefundProofPopup extends Component {
    static template = "multistore_loyalty.RefundProofPopup";
    static components = {Dialog};
    static props = {
        reference: String,
        getPayload: Function,
        close: Function,
    };

    setup() {
        this.state = useState({orderDate: this._today(), amountTotal: ""});
        this.amountRef = useRef("amount");
        onMounted(() => this.amountRef.el?.focus());
    }
    get message() {
        return _t(
            "No order of this store has receipt number %s. If the customer bought it in another store, enter the date and the total printed on the receipt.",
            this.props.reference
        );
    }
    get canConfirm() {
        return Boolean(this.state.orderDate && this.state.amountTotal.trim());
    }
    confirm() {
        if (!this.canConfirm) {
            return;
        }
        this.props.getPayload({
            order_date: this.state.orderDate,
            amount_total: this.state.amountTotal.trim(),
        });
        this.props.close();
    }
    onKeydown(ev) {
        if (ev.key === "Enter") {
            this.confirm();
        }
    }
    _today() {
        return luxon.DateTime.now().toISODate();
    }
}
