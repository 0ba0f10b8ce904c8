"""Where an online order is fulfilled: the chain's routing rules, in plain Python.

No ORM here: ``multistore.order.router`` reads the stores, their stock and load
once, and asks this module for each order. The same functions serve one order
at confirmation and ten thousand in the benchmark (``bin/bench-routing``).

Rules, in this order:

1. **One store when possible**: a store that has every line of the order in
   stock (free quantity: on hand minus reserved) ships it whole.
2. Among the stores that can, the best ranked (``rank_key``): retail stores
   before the central warehouse, stores under their capacity before loaded
   ones, stores serving the customer's region before others, then the same
   city, then the chain's priority (lower first), then the lighter load.
3. **Split** otherwise: the store covering most of the remaining lines takes
   them (ties: the better ranked), again until every line has a store; a
   line that no retail store can serve goes to the central warehouse, the
   fallback.
4. A line that no store of the chain holds whole is refused
   (``NotEnoughStock``): the order asks for more than the chain can ship.

A line is shipped whole by one store; the same product on two lines counts
once, with both quantities.

Click & collect (``plan_pickup``): every line is collected at the store the
customer chose; what that store lacks comes from other stores, best ranked
first, by a transfer request.

Bulk orders (``plan_consolidated``, when the chain sets a size from which an
order leaves in one shipment): an order no store can ship whole is not split;
the store holding most of it (ties: the better ranked) ships it whole, and the
others send it what it lacks first, as for click & collect.
"""

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass
class Candidate:
    """A store that may fulfil online orders, as the router sees it."""

    store_id: int
    name: str = ""
    is_central: bool = False
    priority: int = 10
    # The store's own region and the regions it delivers to.
    region_ids: frozenset = field(default_factory=frozenset)
    city: str = ""
    load: int = 0
    capacity: int = 0  # open orders it handles; 0: no limit

    @property
    def over_capacity(self):
        return bool(self.capacity) and self.load >= self.capacity


class NotEnoughStock(Exception):
    """No store of the chain holds the whole quantity of a line."""

    def __init__(self, product_id, qty, best_qty, chain_qty):
        super().__init__(product_id, qty, best_qty, chain_qty)
        self.product_id = product_id
        self.qty = qty
        self.best_qty = best_qty
        self.chain_qty = chain_qty


def rank_key(candidate, state_id=None, city=None):
    """Sort key of a candidate store for a customer (smaller is better)."""
    in_region = bool(state_id) and state_id in candidate.region_ids
    same_city = bool(city) and (candidate.city or "").casefold() == city.casefold()
    return (
        candidate.is_central,
        candidate.over_capacity,
        not in_region,
        not same_city,
        candidate.priority,
        candidate.load / candidate.capacity if candidate.capacity else candidate.load,
        candidate.store_id,
    )


def main_store(routes):
    """The store shipping most lines of an order (``routes``: {key:
    store_id}; the first of equals), or False for an order without any."""
    counts = {}
    for store_id in routes.values():
        if store_id:
            counts[store_id] = counts.get(store_id, 0) + 1
    return max(counts, key=counts.get) if counts else False


def needs(lines):
    """Quantity per product of ``lines`` ((key, product_id, qty) tuples)."""
    wanted = defaultdict(float)
    for _key, product_id, qty in lines:
        wanted[product_id] += qty
    return wanted


def _covers(stock, store_id, wanted):
    return all(stock.get((store_id, p), 0.0) >= q for p, q in wanted.items())


def _take(stock, store_id, wanted):
    for product_id, qty in wanted.items():
        stock[(store_id, product_id)] = stock.get((store_id, product_id), 0.0) - qty


def plan_delivery(lines, candidates, stock, state_id=None, city=None):
    """Choose the store of each line of an order shipped to the customer.

    :param lines: (key, product_id, qty) per order line (stored products only)
    :param candidates: the ``Candidate`` stores that ship online orders
    :param stock: free quantity per (store_id, product_id); the chosen
        quantities are taken from it, and each store used gets one more order
        of load, so that a batch of orders is planned as it would be confirmed
    :return: {key: store_id}
    :raise NotEnoughStock: a line no single store can ship
    """
    if not lines:
        return {}
    ranked = sorted(candidates, key=lambda c: rank_key(c, state_id, city))
    wanted = needs(lines)
    for candidate in ranked:
        if _covers(stock, candidate.store_id, wanted):
            _take(stock, candidate.store_id, wanted)
            candidate.load += 1
            return {key: candidate.store_id for key, _p, _q in lines}
    # Split: per product, which stores hold its whole quantity.
    holders = {
        product_id: [
            c for c in ranked if stock.get((c.store_id, product_id), 0.0) >= qty
        ]
        for product_id, qty in wanted.items()
    }
    for product_id, stores in holders.items():
        if not stores:
            raise NotEnoughStock(
                product_id,
                wanted[product_id],
                max(
                    (stock.get((c.store_id, product_id), 0.0) for c in ranked),
                    default=0.0,
                ),
                sum(max(stock.get((c.store_id, product_id), 0.0), 0.0) for c in ranked),
            )
    remaining = set(wanted)
    chosen = {}
    while remaining:
        best, best_products = None, ()
        for candidate in ranked:
            covered = [p for p in remaining if candidate in holders[p]]
            if len(covered) > len(best_products) and (
                not candidate.is_central or best is None
            ):
                best, best_products = candidate, covered
        for product_id in best_products:
            chosen[product_id] = best.store_id
        _take(stock, best.store_id, {p: wanted[p] for p in best_products})
        best.load += 1
        remaining.difference_update(best_products)
    return {key: chosen[product_id] for key, product_id, _q in lines}


def plan_pickup(lines, pickup_store_id, candidates, stock, state_id=None, city=None):
    """Plan a click & collect order: what each other store sends to the pickup store.

    :return: {source_store_id: {product_id: qty}} the transfers to request
        (empty when the pickup store holds everything)
    :raise NotEnoughStock: the chain as a whole lacks a product
    """
    wanted = needs(lines)
    ranked = sorted(
        (c for c in candidates if c.store_id != pickup_store_id),
        key=lambda c: rank_key(c, state_id, city),
    )
    transfers = defaultdict(dict)
    for product_id, qty in wanted.items():
        here = max(stock.get((pickup_store_id, product_id), 0.0), 0.0)
        taken_here = min(here, qty)
        stock[(pickup_store_id, product_id)] = here - taken_here
        missing = qty - taken_here
        if missing <= 0:
            continue
        elsewhere = sum(
            max(stock.get((c.store_id, product_id), 0.0), 0.0) for c in ranked
        )
        if elsewhere < missing:
            raise NotEnoughStock(
                product_id,
                qty,
                max(
                    [here] + [stock.get((c.store_id, product_id), 0.0) for c in ranked]
                ),
                here + elsewhere,
            )
        # One source when one store has it all, else the best ranked first.
        sources = [
            c for c in ranked if stock.get((c.store_id, product_id), 0.0) >= missing
        ] or ranked
        for source in sources:
            available = max(stock.get((source.store_id, product_id), 0.0), 0.0)
            sent = min(available, missing)
            if sent <= 0:
                continue
            stock[(source.store_id, product_id)] = available - sent
            transfers[source.store_id][product_id] = sent
            missing -= sent
            if missing <= 0:
                break
    return dict(transfers)


def covered_by_one_store(lines, candidates, stock):
    """Whether a single candidate holds every line of the order."""
    wanted = needs(lines)
    return any(_covers(stock, c.store_id, wanted) for c in candidates)


def plan_consolidated(lines, candidates, stock, state_id=None, city=None):
    """Plan a bulk order that leaves in one shipment.

    :return: (store_id, {source_store_id: {product_id: qty}}): the store that
        ships the whole order and the transfers it asks the others for
    :raise NotEnoughStock: the chain as a whole lacks a product
    """
    wanted = needs(lines)
    ranked = sorted(candidates, key=lambda c: rank_key(c, state_id, city))
    if not ranked:
        raise NotEnoughStock(next(iter(wanted)), wanted[next(iter(wanted))], 0.0, 0.0)

    def held(candidate):
        return sum(
            min(max(stock.get((candidate.store_id, p), 0.0), 0.0), q)
            for p, q in wanted.items()
        )

    # max() keeps the first of equals: the better ranked store.
    hub = max(ranked, key=held)
    transfers = plan_pickup(
        lines, hub.store_id, ranked, stock, state_id=state_id, city=city
    )
    hub.load += 1
    return hub.store_id, transfers
