from odoo import Command
from odoo.tests import tagged

from ..schemas import ChainStockPage
from .common import ApiCommon


@tagged("post_install", "-at_install")
class TestApiCatalog(ApiCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Quant = cls.env["stock.quant"]
        cls.Quant._update_available_quantity(
            cls.product, cls.warehouse_a.lot_stock_id, 7.0
        )
        cls.Quant._update_available_quantity(
            cls.product, cls.warehouse_b.lot_stock_id, 40.0
        )

    def test_products_with_store_price(self):
        pricelist = self.env["product.pricelist"].create({"name": "Store A list"})
        self.store_a.pricelist_id = pricelist
        pricelist.item_ids = [
            Command.create(
                {
                    "applied_on": "0_product_variant",
                    "product_id": self.product.id,
                    "compute_price": "fixed",
                    "fixed_price": 8.5,
                }
            )
        ]
        response = self.call(
            "GET", "/stores/A/products", params={"default_code": "TEA-T1"}
        )
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        self.assertEqual(body["total"], 1)
        item = body["items"][0]
        self.assertEqual(item["id"], self.product.id)
        self.assertEqual(item["price"], 8.5)
        self.assertEqual(item["barcode"], "690000000001")
        self.assertEqual(item["currency"], pricelist.currency_id.name)

    def test_stock_of_the_store(self):
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse_a.in_type_id.id,
                "location_id": self.env.ref("stock.stock_location_suppliers").id,
                "location_dest_id": self.warehouse_a.lot_stock_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "in",
                            "product_id": self.product.id,
                            "product_uom_qty": 3.0,
                            "product_uom": self.product.uom_id.id,
                            "location_id": self.env.ref(
                                "stock.stock_location_suppliers"
                            ).id,
                            "location_dest_id": self.warehouse_a.lot_stock_id.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        response = self.call(
            "GET", "/stores/A/stock", params={"default_code": "TEA-T1"}
        )
        self.assertEqual(response.status_code, 200, response.text)
        line = response.json()["items"][0]
        self.assertEqual(
            (line["on_hand"], line["available"], line["incoming"]), (7.0, 7.0, 3.0)
        )
        # An imported order reserves stock: available drops, on hand stays.
        response = self.call("POST", "/orders", json=self.order_payload())
        self.assertEqual(response.status_code, 201, response.text)
        line = self.call(
            "GET", "/stores/A/stock", params={"default_code": "TEA-T1"}
        ).json()["items"][0]
        self.assertEqual((line["on_hand"], line["available"]), (7.0, 5.0))

    def test_stock_bulk_export_is_paged(self):
        products = self.env["product.product"].create(
            [{"name": f"Bulk {i}", "is_storable": True} for i in range(5)]
        )
        storable = self.env["product.product"].search_count(
            [("is_storable", "=", True)]
        )
        seen = []
        page = 1
        while True:
            body = self.call(
                "GET", "/stores/A/stock", params={"page": page, "page_size": 2}
            ).json()
            self.assertEqual(body["total"], storable)
            if not body["items"]:
                break
            self.assertLessEqual(len(body["items"]), 2)
            seen += [item["product_id"] for item in body["items"]]
            page += 1
        self.assertEqual(len(seen), storable)
        self.assertEqual(len(set(seen)), storable)
        self.assertTrue(set(products.ids) <= set(seen))
        response = self.call("GET", "/stores/A/stock", params={"page_size": 5000})
        self.assertEqual(response.status_code, 422)

    def test_chain_stock_matches_odoo_per_store(self):
        """The chain export gives, per store, Odoo's own figures of the
        store's warehouse (on hand, free, incoming), reserved and incoming
        stock included; stores outside the key are not in it."""
        self.integration_a.store_ids |= self.store_b
        supplier = self.env.ref("stock.stock_location_suppliers")
        extra = self.env["product.product"].create(
            {"name": "Chain Stock Extra", "is_storable": True}
        )
        self.env["stock.quant"]._update_available_quantity(
            extra, self.warehouse_b.lot_stock_id, 9.0
        )
        receipt = self.env["stock.picking"].create(
            {
                "picking_type_id": self.warehouse_b.in_type_id.id,
                "location_id": supplier.id,
                "location_dest_id": self.warehouse_b.lot_stock_id.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": "in",
                            "product_id": extra.id,
                            "product_uom_qty": 4.0,
                            "product_uom": extra.uom_id.id,
                            "location_id": supplier.id,
                            "location_dest_id": self.warehouse_b.lot_stock_id.id,
                        }
                    )
                ],
            }
        )
        receipt.action_confirm()
        self.call("POST", "/orders", json=self.order_payload())  # reserves in A
        storable = self.env["product.product"].search([("is_storable", "=", True)])
        rows = {}
        page = 1
        while True:
            response = self.call("GET", "/stock", params={"page": page, "page_size": 3})
            self.assertEqual(response.status_code, 200, response.text)
            self.assertEqual(response.headers["content-type"], "application/json")
            body = response.json()
            # Serialised by the endpoint itself: still what the OpenAPI
            # document declares.
            ChainStockPage.model_validate(body)
            self.assertEqual(body["store_codes"], ["A", "B"])
            self.assertEqual(body["total"], len(storable))
            if not body["items"]:
                break
            for item in body["items"]:
                for row in item["stores"]:
                    rows[row["store_code"], item["product_id"]] = (
                        row["on_hand"],
                        row["available"],
                        row["incoming"],
                    )
            page += 1
        self.assertEqual(len(rows), 2 * len(storable))
        for store in self.store_a | self.store_b:
            expected = storable.with_context(
                warehouse_id=store.warehouse_id.id
            )._compute_quantities_dict(None, None, None)
            for product in storable:
                figures = expected[product.id]
                self.assertEqual(
                    rows[store.code, product.id],
                    (
                        figures["qty_available"],
                        figures["free_qty"],
                        figures["incoming_qty"],
                    ),
                    f"{product.display_name} in {store.code}",
                )
        self.assertEqual(rows["B", extra.id], (9.0, 9.0, 4.0))
        self.assertEqual(rows["A", self.product.id][:2], (7.0, 5.0))
        # A key of store A alone: only store A in the export.
        self.integration_a.store_ids = self.store_a
        body = self.call("GET", "/stock", params={"page_size": 1}).json()
        self.assertEqual(body["store_codes"], ["A"])
        response = self.call("GET", "/stock", key=self.KEY_RO)
        self.assertEqual(response.status_code, 200, response.text)
        response = self.call("GET", "/stock", params={"page_size": 5000})
        self.assertEqual(response.status_code, 422)

    def test_chain_stock_page_shape(self):
        """The page PostgreSQL serialises: products in id order, stores in
        code order in every item, a product without reference has a null
        one, figures rounded to the product's unit, and a store without
        warehouse (an online store) is all zeros, not an error."""
        store_c = self.Store.create(
            {"name": "Online Store C", "code": "0C", "store_type": "online"}
        )
        self.integration_a.store_ids |= self.store_b | store_c
        kilo = self.env.ref("uom.product_uom_kgm")
        kilo.rounding = 0.01
        loose = self.env["product.product"].create(
            {
                "name": "Loose Tea",
                "is_storable": True,
                "uom_id": kilo.id,
                "uom_po_id": kilo.id,
            }
        )
        self.Quant._update_available_quantity(
            loose, self.warehouse_b.lot_stock_id, 2.005
        )
        storable = self.env["product.product"].search(
            [("is_storable", "=", True)], order="id"
        )
        response = self.call("GET", "/stock", params={"page_size": 1000})
        self.assertEqual(response.status_code, 200, response.text)
        body = response.json()
        ChainStockPage.model_validate(body)
        self.assertEqual(
            (body["page"], body["page_size"], body["total"]),
            (1, 1000, len(storable)),
        )
        self.assertEqual(body["store_codes"], ["0C", "A", "B"])
        self.assertEqual([item["product_id"] for item in body["items"]], storable.ids)
        items = {item["product_id"]: item for item in body["items"]}
        for item in body["items"]:
            self.assertEqual(
                [row["store_code"] for row in item["stores"]], ["0C", "A", "B"]
            )
            self.assertEqual(
                item["stores"][0],
                {"store_code": "0C", "on_hand": 0, "available": 0, "incoming": 0},
            )
        self.assertIsNone(items[loose.id]["default_code"])
        self.assertEqual(items[self.product.id]["default_code"], "TEA-T1")
        self.assertEqual(items[loose.id]["stores"][2]["on_hand"], 2.01)
        self.assertEqual(items[self.product.id]["stores"][2]["on_hand"], 40.0)
        # One store per call: the same zeros for the store without warehouse.
        response = self.call(
            "GET", "/stores/0C/stock", params={"default_code": "TEA-T1"}
        )
        self.assertEqual(response.status_code, 200, response.text)
        self.assertEqual(
            response.json()["items"],
            [
                {
                    "product_id": self.product.id,
                    "default_code": "TEA-T1",
                    "on_hand": 0.0,
                    "available": 0.0,
                    "incoming": 0.0,
                }
            ],
        )
        # A key of the store without warehouse alone: zeros only.
        self.integration_a.store_ids = store_c
        body = self.call("GET", "/stock", params={"page_size": 1000}).json()
        self.assertEqual(body["store_codes"], ["0C"])
        self.assertEqual(
            {
                (row["on_hand"], row["available"], row["incoming"])
                for item in body["items"]
                for row in item["stores"]
            },
            {(0, 0, 0)},
        )
        self.integration_a.store_ids |= self.store_b
        # Past the last page: no items, the same header.
        body = self.call("GET", "/stock", params={"page": 9, "page_size": 1000}).json()
        self.assertEqual((body["items"], body["total"]), ([], len(storable)))

    def test_member_lookup(self):
        member = self.env["res.partner"].create(
            {"name": "Member Li", "phone": "13900000001"}
        )
        program = self.env["loyalty.program"].create(
            {"name": "Chain Points", "program_type": "loyalty"}
        )
        # Points normally come with orders; superuser sets a balance here.
        card = (
            self.env["loyalty.card"]
            .sudo()
            .create({"program_id": program.id, "partner_id": member.id, "points": 120})
        )
        self.integration_a.scope_ids |= self.env.ref(
            "multistore_api.scope_read_members"
        )
        for params in ({"phone": "13900000001"}, {"card": card.code}):
            response = self.call("GET", "/members", params=params)
            self.assertEqual(response.status_code, 200, response.text)
            body = response.json()
            self.assertEqual(body["id"], member.id)
            self.assertEqual(body["points_balance"], 120)
            self.assertEqual(body["cards"][0]["code"], card.code)
        response = self.call("GET", "/members", params={"phone": "00000000"})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json()["detail"]["error"], "member_not_found")
        response = self.call("GET", "/members")
        self.assertEqual(response.status_code, 422)
        # A programme of store B only is not shown to a key of store A.
        program.store_ids = [Command.set(self.store_b.ids)]
        response = self.call("GET", "/members", params={"phone": "13900000001"})
        self.assertEqual(response.status_code, 404)
