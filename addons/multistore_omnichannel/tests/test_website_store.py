from odoo.tests import tagged

from odoo.addons.website.tools import MockRequest

from .common import OmnichannelCommon


@tagged("post_install", "-at_install")
class TestWebsiteStore(OmnichannelCommon):
    """A website cart belongs to the chain's online store (Odoo creates it as
    superuser, who has no store of their own)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.website = cls.env["website"].create(
            {"name": "Chain Shop", "company_id": cls.env.company.id}
        )

    def _cart_values(self):
        with MockRequest(self.env, website=self.website):
            return self.website.sudo()._prepare_sale_order_values(self.customer.sudo())

    def test_cart_is_the_online_stores(self):
        first_online = self.env["multistore.store"].search(
            [("store_type", "=", "online"), ("company_id", "=", self.env.company.id)],
            order="id",
            limit=1,
        )
        self.assertEqual(self._cart_values()["store_id"], first_online.id)

    def test_website_names_its_online_store(self):
        other = self.Store.create(
            {"name": "Tmall Shop", "code": "MS-T", "store_type": "online"}
        )
        self.website.multistore_store_id = other
        values = self._cart_values()
        self.assertEqual(values["store_id"], other.id)
        order = self.env["sale.order"].sudo().create(values)
        self.assertTrue(order.multistore_online_order)
