from odoo import api, models
from odoo.tools import SQL


class FactScope:
    """What one refresh of the facts covers, and the tables that say it.

    Built by the orchestrator (``multistore.sales.fact._refresh_facts``) and
    passed to every fact model: ``full`` for a rebuild of everything, else the
    (store, day) pairs whose orders changed, in the temporary table
    ``pairs`` (columns ``store_id``, ``date``). ``lines`` is the temporary
    table of the counted order lines of those pairs (of every pair on a full
    run), one row per line: see ``multistore.sales.fact._source_lines_sql``.
    """

    def __init__(self, full):
        self.full = full
        self.pairs = SQL.identifier("ms_fact_pairs")
        self.lines = SQL.identifier("ms_fact_src")

    def store_days(self, store, day):
        """Condition: ``(store, day)`` is a changed pair (TRUE on a full run)."""
        if self.full:
            return SQL("TRUE")
        return SQL(
            "(%s, %s) IN (SELECT store_id, date FROM %s)", store, day, self.pairs
        )

    def store_months(self, store, day):
        """Condition: ``day`` is in a month of a changed pair of ``store``."""
        if self.full:
            return SQL("TRUE")
        return SQL(
            "(%s, date_trunc('month', %s)::date) IN ("
            "SELECT DISTINCT store_id, date_trunc('month', date)::date FROM %s)",
            store,
            day,
            self.pairs,
        )


class MultistoreFactMixin(models.AbstractModel):
    """A fact table of the reports: written by SQL, by the refresh only.

    Every model inheriting this mixin is refreshed by the one orchestrator,
    ``multistore.sales.fact._refresh_facts``, in the order of
    ``_fact_sequence`` (a model may read the tables of the models before it,
    never after). An addon adds a fact table by inheriting the mixin and
    implementing the three steps, each given the ``FactScope`` of the run:

    - ``_fact_delete_range(scope)``: delete the rows of the changed pairs;
    - ``_fact_insert_range(scope)``: write them again (every row on a full
      run);
    - ``_fact_rebuild(scope)``: rebuild the table (default: empty it and
      insert everything).

    A model whose rows follow the orders (``_fact_follows_orders``) is left
    alone by an incremental run when no order changed; the others (stock) are
    refreshed by every run.
    """

    _name = "multistore.fact.mixin"
    _description = "Store Fact Table"

    _fact_sequence = 100
    _fact_follows_orders = True

    @api.model
    def _fact_delete_range(self, scope):
        self.env.cr.execute(
            SQL(
                "DELETE FROM %s f WHERE %s",
                SQL.identifier(self._table),
                scope.store_days(SQL("f.store_id"), SQL("f.date")),
            )
        )

    @api.model
    def _fact_insert_range(self, scope):
        raise NotImplementedError(f"{self._name} does not say how to fill its facts")

    @api.model
    def _fact_rebuild(self, scope):
        # TRUNCATE is transactional in PostgreSQL: a failed rebuild rolls back
        # to the previous facts.
        self.env.cr.execute(SQL("TRUNCATE %s", SQL.identifier(self._table)))
        self._fact_insert_range(scope)
