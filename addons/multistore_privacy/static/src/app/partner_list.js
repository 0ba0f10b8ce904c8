/**
 * The customer being served, in clear at the till.
 *
 * The till loads customers with their phone and email masked (store roles
 * read them masked, see models/res_partner.py), so it lists the customers
 * the server found by a whole number even though its copy does not contain
 * that number. When the cashier found the
 * customer by the whole phone number or email the customer gave and picks
 * them, the till asks the server for that customer's contact details
 * (res.partner.multistore_privacy_till_lookup: only an exact number or
 * address, at a till of the user's store with an open session; logged on
 * the customer) and shows them for the rest of the session.
 */
import {PartnerList} from "@point_of_sale/app/screens/partner_list/partner_list";
import {patch} from "@web/core/utils/patch";

const CONTACT_FIELDS = ["phone", "mobile", "email"];

patch(PartnerList.prototype, {
    async getNewPartners() {
        const partners = await super.getNewPartners(...arguments);
        // The till filters what the server found by its own copy of the
        // contact details, which is masked: keep the customers the server
        // found for this search in the list.
        this.state.multistoreFound = {
            query: this.state.query,
            ids: (partners || []).map((partner) => partner.id),
        };
        return partners;
    },

    getPartners() {
        const partners = super.getPartners(...arguments);
        const found = this.state.multistoreFound;
        if (!found || !this.state.query || found.query !== this.state.query) {
            return partners;
        }
        const listed = new Set(partners.map((partner) => partner.id));
        const extra = found.ids
            .filter((id) => !listed.has(id))
            .map((id) => this.pos.models["res.partner"].get(id))
            .filter(Boolean);
        return [...partners, ...extra];
    },

    async clickPartner(partner) {
        const query = (this.state.query || "").trim();
        if (partner && query) {
            await this.multistorePrivacyReveal(partner, query);
        }
        return super.clickPartner(partner);
    },

    async multistorePrivacyReveal(partner, query) {
        let rows = [];
        try {
            rows = await this.pos.data.call(
                "res.partner",
                "multistore_privacy_till_lookup",
                [this.pos.config.id, query]
            );
        } catch {
            // Offline or refused: the customer stays masked.
            return;
        }
        const row = (rows || []).find((values) => values.id === partner.id);
        if (!row) {
            return;
        }
        const clear = {};
        for (const name of CONTACT_FIELDS) {
            if (name in row) {
                clear[name] = row[name];
            }
        }
        partner.update(clear);
    },
});
