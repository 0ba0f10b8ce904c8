"""What the demand forecast learns from: daily sales and demand events.

Plain functions of an environment (no model), called by
``multistore.forecast._run_forecast``; they return numpy arrays keyed by
(product, store) series. Kept apart from the model (which holds the fields,
the run and the saving of the results) and from the numpy engine
(``forecast_engine``), which knows nothing of Odoo.
"""

from datetime import timedelta

import numpy as np

from odoo.tools import SQL

from odoo.addons.multistore_base.tools.sales_rules import (
    POS_SOLD_STATES,
    sale_local_day_sql,
    store_tz_sql,
)


def sales_matrix(env, stores, first_day, end_day):
    """Daily quantities sold per (product, store) from ``first_day`` to the
    day before ``end_day``.

    A sale's day is its day in the store's time zone (the rule of
    ``multistore_base.tools.sales_rules``), as in the sales facts. Till
    orders count when paid (``qty`` of their lines, returns left out: a
    return is not negative demand). Sales orders count when confirmed, at
    their order date, for the ordered quantity converted to the product's
    unit: demand is what customers asked for, even when it shipped late or
    partly. Goods only (no services or combos).

    :return: (keys, matrix): keys an (n, 2) int array of
        (product_id, store_id), matrix (n, days) of quantities
    """
    n_days = (end_day - first_day).days
    empty = (np.zeros((0, 2), dtype=np.int64), np.zeros((0, n_days)))
    if not stores or n_days <= 0:
        return empty
    env["pos.order.line"].flush_model(["product_id", "qty", "order_id"])
    env["pos.order"].flush_model(["state", "store_id", "date_order"])
    env["sale.order.line"].flush_model(
        ["product_id", "product_uom_qty", "product_uom", "order_id"]
    )
    env["sale.order"].flush_model(["state", "store_id", "date_order"])
    env["multistore.store"].flush_model(["partner_id", "company_id"])
    env["res.partner"].flush_model(["tz"])
    params = {
        "first_day": first_day,
        # A day either side of the local days covers every time zone and
        # lets PostgreSQL use its index on the order date.
        "start": first_day - timedelta(days=1),
        "stop": end_day + timedelta(days=1),
        "stores": list(stores.ids),
        "pos_states": list(POS_SOLD_STATES),
        "pos_day": sale_local_day_sql(SQL("o.date_order"), store_tz_sql("s")),
    }
    pos_rows = env.execute_query(
        SQL(
            """
            SELECT l.product_id, o.store_id,
                   %(pos_day)s - %(first_day)s::date,
                   SUM(l.qty)
              FROM pos_order_line l
              JOIN pos_order o ON o.id = l.order_id
              JOIN multistore_store s ON s.id = o.store_id
              JOIN product_product pp ON pp.id = l.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE o.state = ANY(%(pos_states)s)
               AND o.store_id = ANY(%(stores)s)
               AND o.date_order >= %(start)s AND o.date_order < %(stop)s
               AND l.qty > 0
               AND pt.type = 'consu'
             GROUP BY 1, 2, 3
            """,
            **params,
        )
    )
    sale_rows = env.execute_query(
        SQL(
            """
            SELECT l.product_id, o.store_id,
                   %(pos_day)s - %(first_day)s::date,
                   SUM(l.product_uom_qty / lu.factor * pu.factor)
              FROM sale_order_line l
              JOIN sale_order o ON o.id = l.order_id
              JOIN multistore_store s ON s.id = o.store_id
              JOIN product_product pp ON pp.id = l.product_id
              JOIN product_template pt ON pt.id = pp.product_tmpl_id
              JOIN uom_uom lu ON lu.id = l.product_uom
              JOIN uom_uom pu ON pu.id = pt.uom_id
             WHERE o.state = 'sale'
               AND o.store_id = ANY(%(stores)s)
               AND o.date_order >= %(start)s AND o.date_order < %(stop)s
               AND l.product_uom_qty > 0
               AND pt.type = 'consu'
             GROUP BY 1, 2, 3
            """,
            **params,
        )
    )
    rows = np.array(pos_rows + sale_rows, dtype=float).reshape(-1, 4)
    if not len(rows):
        return empty
    rows = rows[(rows[:, 2] >= 0) & (rows[:, 2] < n_days)]
    if not len(rows):
        return empty
    pairs = rows[:, :2].astype(np.int64)
    keys, series = np.unique(pairs, axis=0, return_inverse=True)
    matrix = np.zeros((len(keys), n_days))
    np.add.at(matrix, (series.ravel(), rows[:, 2].astype(np.int64)), rows[:, 3])
    return keys, matrix


def uplift_matrix(env, keys, first_day, n_days):
    """Demand multipliers (series, days) of the events over history + horizon.

    Events overlapping on a day multiply.
    """
    uplift = np.ones((len(keys), n_days))
    last_day = first_day + timedelta(days=n_days - 1)
    stores = env["multistore.store"].browse(np.unique(keys[:, 1]).tolist())
    events = env["multistore.demand.event"].search(
        [
            ("date_to", ">=", first_day),
            ("date_from", "<=", last_day),
            ("company_id", "in", stores.company_id.ids),
        ]
    )
    if not events:
        return uplift
    products = env["product.product"].browse(np.unique(keys[:, 0]).tolist())
    categ_by_product = dict(
        zip(products.ids, products.mapped(lambda p: p.categ_id.id), strict=True)
    )
    series_categ = np.array([categ_by_product[p] for p in keys[:, 0].tolist()])
    Category = env["product.category"]
    for event in events:
        rows = np.ones(len(keys), dtype=bool)
        if event.store_ids:
            rows &= np.isin(keys[:, 1], event.store_ids.ids)
        if event.product_ids or event.categ_ids:
            categs = Category.search([("id", "child_of", event.categ_ids.ids)])
            rows &= np.isin(keys[:, 0], event.product_ids.ids) | np.isin(
                series_categ, categs.ids
            )
        start = max((event.date_from - first_day).days, 0)
        stop = min((event.date_to - first_day).days + 1, n_days)
        if stop > start and rows.any():
            uplift[rows, start:stop] *= event.uplift
    return uplift
