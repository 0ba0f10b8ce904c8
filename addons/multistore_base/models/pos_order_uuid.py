from psycopg2 import errorcodes, errors

from odoo import api, models

UUID_CONSTRAINT = "pos_order_multistore_uuid_unique"


class TillOrderSentTwice(errors.SerializationFailure):
    """A till sent the same order again while its first send was being saved.

    Raised instead of the unique violation of the order's uuid so that
    Odoo's request retry runs the second send again, in a new transaction
    that sees the order the first send saved: ``sync_from_ui`` then answers
    with that order, and the till's order lands once."""

    pgcode = errorcodes.SERIALIZATION_FAILURE


class PosOrder(models.Model):
    """One till order is one ``pos.order``, however often the till sends it.

    Odoo's ``sync_from_ui`` looks the till's order up by its uuid before
    creating it, but nothing made the uuid unique: a till that gives up
    waiting (a slow server, a lost answer) and resends the order while the
    first send is still being saved does not see the first, uncommitted
    order, and both sends create one (two orders, two payments, points twice;
    tests/e2e/test_faults.py). With the unique index the second send waits
    for the first and is then retried, and finds it.
    """

    _inherit = "pos.order"

    _sql_constraints = [
        (
            "multistore_uuid_unique",
            "unique(uuid)",
            "This till order was already received: the till sent it twice.",
        ),
    ]

    @api.model
    def sync_from_ui(self, orders):
        try:
            return super().sync_from_ui(orders)
        except errors.UniqueViolation as exc:
            if exc.diag.constraint_name != UUID_CONSTRAINT:
                raise
            raise TillOrderSentTwice(str(exc)) from exc
