class FactSnapshotMixin:
    """The fact tables of the fixture's stores as comparable tuples: to check
    that two ways of refreshing give the same facts, or that a refused
    action changed none."""

    def _fact_snapshot(self):
        """The fact tables of stores A and B as comparable tuples."""
        self.env.invalidate_all()
        snapshot = {}
        for model, key_fields, value_fields in (
            (
                "multistore.sales.fact",
                ("store_id", "product_id", "date"),
                ("qty", "revenue", "discount", "cost", "margin", "order_count"),
            ),
            (
                "multistore.store.day.fact",
                ("store_id", "date"),
                ("order_count", "revenue", "cost", "margin", "basket"),
            ),
            (
                "multistore.category.day.fact",
                ("store_id", "categ_id", "date"),
                ("qty", "revenue", "cost", "margin"),
            ),
            (
                "multistore.category.month.fact",
                ("store_id", "categ_id", "date"),
                ("qty", "revenue", "cost", "margin"),
            ),
            (
                "multistore.stock.month.fact",
                ("store_id", "categ_id", "date"),
                ("qty", "value"),
            ),
        ):
            rows = self.env[model].search_read(
                self._fixture_stores(), [*key_fields, *value_fields]
            )
            snapshot[model] = sorted(
                tuple(
                    row[f][0] if isinstance(row[f], tuple) else row[f]
                    for f in key_fields
                )
                + tuple(round(row[f], 4) for f in value_fields)
                for row in rows
            )
        return snapshot
