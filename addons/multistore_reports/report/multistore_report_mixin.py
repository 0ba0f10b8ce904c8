from odoo import models
from odoo.tools import SQL
from odoo.tools.misc import OrderedSet


class MultistoreReportMixin(models.AbstractModel):
    """The one way a report of the suite is written: a model read from SQL.

    Like Odoo's ``sale.report``: ``_table_query`` is assembled from named
    parts, ``_with()`` (common table expressions, optional), ``_select()``,
    ``_from()``, ``_where()`` and ``_group_by()`` (optional), each an
    ``odoo.tools.SQL`` that an inheriting addon may extend (an empty
    ``SQL()`` leaves the clause out). The SQL runs at
    every read: no view to create or to refresh, and today's date or a
    setting can be part of the query.

    Ratios (margin %, turnover, fill rate...) are ratios of sums in every
    group: ``_report_ratios`` maps a ratio field to ``(numerator,
    denominator, factor)``, each side a tuple of field names summed (a name
    prefixed with ``-`` is subtracted). A row shows its own ratio (computed
    in ``_select``); any grouping (pivot, grouped list, graph, ``read_group``
    of the workbook) computes ``factor * sum(numerator) / sum(denominator)``
    over the rows of the group instead of averaging the rows' ratios, so the
    pivot, the list and the workbook agree.
    """

    _name = "multistore.report.mixin"
    _description = "Multistore Report"

    _report_ratios = {}

    @property
    def _table_query(self):
        return self._query()

    def _query(self):
        with_ = self._with()
        where = self._where()
        group_by = self._group_by()
        return SQL(" ").join(
            part
            for part in (
                SQL("WITH %s", with_) if with_ else None,
                SQL("SELECT %s", self._select()),
                SQL("FROM %s", self._from()),
                SQL("WHERE %s", where) if where else None,
                SQL("GROUP BY %s", group_by) if group_by else None,
            )
            if part is not None
        )

    def _with(self):
        return SQL()

    def _select(self):
        raise NotImplementedError(f"{self._name} does not say what it selects")

    def _from(self):
        raise NotImplementedError(f"{self._name} does not say what it reads")

    def _where(self):
        return SQL()

    def _group_by(self):
        return SQL()

    def _read_group_select(self, aggregate_spec, query):
        fname = aggregate_spec.split(":")[0]
        ratio = self._report_ratios.get(fname)
        if aggregate_spec == "__count" or not ratio:
            return super()._read_group_select(aggregate_spec, query)
        numerator, denominator, factor = ratio
        # Reading a ratio reads its terms: check they may be read too.
        for term in OrderedSet((*numerator, *denominator)):
            super()._read_group_select(f"{term.lstrip('-')}:sum", query)
        return SQL(
            "%s * (%s) / NULLIF(%s, 0)",
            factor,
            self._ratio_sum_sql(numerator, query),
            self._ratio_sum_sql(denominator, query),
        )

    def _ratio_sum_sql(self, terms, query):
        """``COALESCE(SUM(a), 0) - COALESCE(SUM(b), 0) ...`` of ``terms``."""
        parts = []
        for term in terms:
            sign = SQL("-") if term.startswith("-") else SQL("+")
            column = self._field_to_sql(self._table, term.lstrip("-"), query)
            parts.append(SQL("%s COALESCE(SUM(%s), 0)", sign, column))
        return SQL("0.0 %s", SQL(" ").join(parts))
