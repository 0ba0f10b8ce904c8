"""Daily demand forecast for many product x store series at once (numpy only).

The engine knows nothing about Odoo: it takes a matrix of daily sales (one
row per product x store series, one column per day, oldest first, the last
column being the last complete day) and returns a daily forecast for the next
``horizon`` days, the error of that forecast and a backtest against
seasonal-naive. ``multistore.forecast`` and ``bin/bench-forecast`` run the
same function, :func:`forecast`. Every step works on whole arrays of series;
the only Python loops are over days inside the smoothing recursions (each step
updates every series and every candidate parameter at once), over the seven
weekdays, and over chunks of series (to bound memory).

This file is over 400 lines on purpose: it is one algorithm whose steps share
the same arrays, kept in one module that ``bin/bench-forecast`` imports
without Odoo.

Method
------
1. *What to learn from.* Days before a series' first sale are not history
   (the product was not sold there yet). Event days (promotion, holiday:
   ``uplift != 1``) and days in ``exclude`` (stock-outs, closures) are
   *masked*: the seasonal estimators skip them and the smoothing recursions
   treat them as missing, which imputes the model's own forecast for them
   (mask-and-impute). A promotion spike therefore never inflates the
   baseline. With ``event_mode="divide"`` event days are kept, divided by
   their uplift, instead.
2. *Yearly profile* (series with at least a year of usable history). Sales
   are summed into weeks aligned on the last day; a linear trend is fitted
   per series (weighted least squares); the ratio sales / trend is averaged
   per week of the year (52 bins) over the years. Each bin is shrunk toward 1
   by empirical Bayes: the noise of a bin is estimated from week-to-week
   differences of the ratios (robust, median based, never below the Poisson
   noise of the series' volume) and the signal from the spread of the bins,
   so a noisy slow mover keeps a flat profile and a strong Christmas peak
   survives. Two passes (trend on deseasonalised weeks, then profile again).
   Daily factors interpolate linearly between the bin centres.
3. *Weekly profile.* Seven day-of-week indices from the yearly-adjusted
   sales, exponentially weighted (recent weeks count more), shrunk toward 1
   the same way (noise from the weighted variance of each weekday).
4. *Method per series* by the Syntetos-Boylan rule: average inter-demand
   interval ``ADI > 1.32`` days means intermittent demand.
   - *seasonal*: damped Holt (level + trend) on the deseasonalised sales,
     with smoothing parameters chosen per series from a small grid by the
     in-sample error of the forecast made ``select_lag`` days ahead (the
     mid-horizon error, not the one-step error that favours jumpy levels);
     forecast = (level + damped trend) x weekly x yearly factor.
   - *intermittent*: Croston with the Syntetos-Boylan bias correction (SBA)
     on the deseasonalised sales (demand size and interval smoothed on demand
     days only), its smoothing constant chosen per series the same way;
     forecast = SBA rate x weekly x yearly factor (factors usually shrunk to
     ~1 for such series).
   Both are mean forecasts (what stock must cover), not medians.
5. *Events ahead*: the forecast is multiplied by the uplift of each future
   day. Overlapping events multiply.
6. *Backtest*: steps 1-5 are run again without the last ``backtest_weeks``
   weeks, and that window is forecast from its origin, both by us and by
   seasonal-naive (the last observed week repeated). MASE = mean absolute
   error / in-sample mean absolute error of the lag-7 seasonal-naive
   forecast (Hyndman & Koehler 2006); MASE < 1 of the naive method means it
   beat its own in-sample one-step error. ``mase_ratio`` < 1 means we beat
   seasonal-naive on that series.
7. *Error and safety stock*: ``sigma`` is the root mean square of the
   ``select_lag``-day-ahead in-sample errors over the last half year of the
   chosen model. :func:`reorder_levels` turns the forecast and sigma into
   safety stock ``z * sigma * sqrt(lead time + review period)``, a minimum
   (demand over the lead time + safety stock) and a maximum (demand over lead
   time + review period + safety stock), ``z`` being the normal quantile of
   the service level.
"""

from dataclasses import dataclass
from statistics import NormalDist

import numpy as np

SEASON = 7  # days in the weekly cycle; seasonal-naive uses this lag
YEAR_BINS = 52  # week-of-year bins of the yearly profile
ADI_INTERMITTENT = 1.32  # Syntetos-Boylan cut-off
METHODS = ("seasonal", "intermittent")


@dataclass
class EngineParams:
    """Tuning knobs; the defaults are what the benchmark was tuned with."""

    holt_alphas: tuple = (0.01, 0.02, 0.05, 0.1, 0.2)
    holt_betas: tuple = (0.0, 0.003)
    holt_phi: float = 0.98  # daily trend damping
    croston_alphas: tuple = (0.03, 0.08, 0.2)
    select_lag: int = 7  # days ahead of the error that picks the parameters
    select_days: int = 364  # in-sample window of that error
    sigma_days: int = 182  # in-sample window of the residual std
    dow_half_life_weeks: float = 26.0
    min_year_weeks: int = 52  # usable weeks needed for a yearly profile
    year_smoothing: float = 0.25  # weight of each neighbour bin (0 = none)
    event_mode: str = "mask"  # or "divide"
    adi_window: int = 364  # days used for the ADI rule


@dataclass
class ForecastResult:
    """Arrays per series (rows of the input)."""

    forecast: np.ndarray  # (series, horizon) daily forecast
    method: np.ndarray  # (series,) index into METHODS
    sigma: np.ndarray  # (series,) std of the daily forecast error
    adi: np.ndarray  # (series,) average inter-demand interval (days)
    mase: np.ndarray  # (series,) backtest MASE of our forecast (nan: no scale)
    mase_naive: np.ndarray  # (series,) backtest MASE of seasonal-naive

    @property
    def mase_ratio(self):
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.where(self.mase_naive > 0, self.mase / self.mase_naive, np.nan)

    def aggregate(self):
        """Mean MASE of ours and of seasonal-naive over the series that have both."""
        ok = np.isfinite(self.mase) & np.isfinite(self.mase_naive)
        ours = float(self.mase[ok].mean()) if ok.any() else float("nan")
        naive = float(self.mase_naive[ok].mean()) if ok.any() else float("nan")
        ratio = ours / naive if naive > 0 else float("nan")
        return {
            "series": int(ok.sum()),
            "mase": ours,
            "mase_naive": naive,
            "ratio": ratio,
        }


# --- calendar ---------------------------------------------------------------------


def calendar(first_day, n_days):
    """Day of week (0 = Monday) and day of year (0-based) of ``n_days`` days."""
    days = np.datetime64(first_day, "D") + np.arange(n_days)
    dow = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    doy = (days - days.astype("datetime64[Y]")).astype(np.int64)
    return dow, doy


def _year_bin(doy):
    return np.minimum(doy // 7, YEAR_BINS - 1)


def _year_interp(doy):
    """Indices and weights that interpolate a 52-bin profile at each day of year."""
    centres = np.arange(YEAR_BINS) * 7.0 + 3.0
    centres[-1] = 361.0  # the last bin also holds days 364-365
    ext_c = np.concatenate(([centres[-1] - 365.25], centres, [centres[0] + 365.25]))
    ext_i = np.arange(-1, YEAR_BINS + 1, dtype=float)
    pos = np.interp(doy.astype(float), ext_c, ext_i)
    lo = np.floor(pos).astype(np.int64)
    frac = pos - lo
    return lo % YEAR_BINS, (lo + 1) % YEAR_BINS, frac


def _year_daily(profile, doy):
    lo, hi, frac = _year_interp(doy)
    return profile[:, lo] * (1.0 - frac) + profile[:, hi] * frac


# --- NaN-aware row statistics (without numpy's empty-slice warnings) ----------------


def _row_mean(a):
    ok = np.isfinite(a)
    n = ok.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(ok, a, 0.0).sum(axis=1, keepdims=True) / n


def _row_var(a):
    ok = np.isfinite(a)
    n = ok.sum(axis=1, keepdims=True)
    mean = _row_mean(a)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(ok, (a - mean) ** 2, 0.0).sum(axis=1, keepdims=True) / n


def _row_median(a):
    ok = np.isfinite(a)
    n = ok.sum(axis=1)
    ordered = np.sort(np.where(ok, a, np.inf), axis=1)
    lo = np.clip((n - 1) // 2, 0, a.shape[1] - 1)[:, None]
    hi = np.clip(n // 2, 0, a.shape[1] - 1)[:, None]
    med = 0.5 * (
        np.take_along_axis(ordered, lo, axis=1)
        + np.take_along_axis(ordered, hi, axis=1)
    )
    return np.where(n > 0, med[:, 0], np.nan)


# --- seasonal profiles ------------------------------------------------------------


def _shrink(raw, noise):
    """Empirical-Bayes shrinkage of multiplicative indices toward 1.

    ``raw`` (series, k) indices and ``noise`` their sampling variances. The
    signal variance is the spread of the indices minus the average noise.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        spread = _row_var(raw)
        tau2 = np.maximum(spread - _row_mean(noise), 0.0)
        weight = np.where(np.isfinite(noise), tau2 / (tau2 + noise), 0.0)
    weight = np.nan_to_num(weight)
    return 1.0 + weight * (np.nan_to_num(raw, nan=1.0) - 1.0)


def _dow_profile(x, mask, dow, half_life_weeks):
    """Seven shrunk day-of-week indices per series, mean 1."""
    n_series, n_days = x.shape
    age_weeks = (n_days - 1 - np.arange(n_days)) / 7.0
    day_w = 0.5 ** (age_weeks / half_life_weeks)
    means = np.full((n_series, 7), np.nan)
    noise = np.full((n_series, 7), np.nan)
    for j in range(7):
        cols = dow == j
        w = mask[:, cols] * day_w[cols]
        xs = x[:, cols]
        sw = w.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            m = (w * xs).sum(axis=1) / sw
            var = (w * (xs - m[:, None]) ** 2).sum(axis=1) / sw
            n_eff = sw**2 / (w**2).sum(axis=1)
        means[:, j] = m
        noise[:, j] = var / n_eff
    with np.errstate(invalid="ignore", divide="ignore"):
        mbar = _row_mean(means)
        raw = means / mbar
        noise = noise / mbar**2
    bad = ~np.isfinite(mbar[:, 0]) | (mbar[:, 0] <= 0)
    raw[bad] = 1.0
    noise[bad] = np.inf
    prof = _shrink(raw, noise)
    prof /= prof.mean(axis=1, keepdims=True)
    return prof


def _year_profile(x, mask, doy, params):
    """Shrunk 52-bin week-of-year profile per series (ones without a year)."""
    n_series, n_days = x.shape
    n_blocks = n_days // 7
    ones = np.ones((n_series, YEAR_BINS))
    if n_blocks < params.min_year_weeks:
        return ones
    off = n_days - n_blocks * 7
    xb = x[:, off:].reshape(n_series, n_blocks, 7)
    mb = mask[:, off:].reshape(n_series, n_blocks, 7)
    cnt = mb.sum(axis=2).astype(float)
    usable = cnt >= 4
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_b = np.where(usable, (xb * mb).sum(axis=2) / cnt, 0.0)
    w = np.where(usable, cnt, 0.0)
    bins = _year_bin(doy[off + np.arange(n_blocks) * 7 + 3])
    onehot = np.zeros((n_blocks, YEAR_BINS))
    onehot[np.arange(n_blocks), bins] = 1.0
    bin_days = np.full(YEAR_BINS, 7.0)
    bin_days[-1] = 8.25
    t = np.arange(n_blocks, dtype=float)
    eligible = usable.sum(axis=1) >= params.min_year_weeks
    level = (w * mean_b).sum(axis=1) / np.maximum(w.sum(axis=1), 1.0)
    prof = ones.copy()
    for _pass in range(2):
        # Weighted least-squares line through the deseasonalised weeks.
        adj = mean_b / prof[:, bins]
        sw = np.maximum(w.sum(axis=1, keepdims=True), 1e-9)
        tbar = (w * t).sum(axis=1, keepdims=True) / sw
        abar = (w * adj).sum(axis=1, keepdims=True) / sw
        sxx = (w * (t - tbar) ** 2).sum(axis=1, keepdims=True)
        slope = (w * (t - tbar) * (adj - abar)).sum(axis=1, keepdims=True) / np.maximum(
            sxx, 1e-9
        )
        trend = abar + slope * (t - tbar)
        floor = 0.05 * np.maximum(level, 1e-9)[:, None]
        trend = np.maximum(trend, floor)
        num = (w * mean_b) @ onehot
        den = (w * trend) @ onehot
        years = usable.astype(float) @ onehot
        with np.errstate(invalid="ignore", divide="ignore"):
            raw = np.where(den > 0, num / den, np.nan)
            ratio = np.where(usable, mean_b / trend, np.nan)
        # Noise of one week's ratio: robust (week-to-week differences) but
        # never below the Poisson noise of the series' volume.
        diffs = np.abs(np.diff(ratio, axis=1))
        with np.errstate(invalid="ignore", divide="ignore"):
            mad = _row_median(diffs)
            robust = (1.4826 * mad) ** 2 / 2.0
            poisson = 1.0 / (7.0 * np.maximum(level, 1e-9))
        var_week = np.fmax(np.nan_to_num(robust, nan=np.inf), poisson)
        with np.errstate(divide="ignore"):
            noise = np.where(years > 0, var_week[:, None] / years, np.inf)
        s = params.year_smoothing
        if s:
            raw_f = np.where(np.isfinite(raw), raw, 1.0)
            raw = (1 - 2 * s) * raw_f + s * (
                np.roll(raw_f, 1, axis=1) + np.roll(raw_f, -1, axis=1)
            )
            noise = noise * ((1 - 2 * s) ** 2 + 2 * s**2)
        new = _shrink(raw, noise)
        new /= (new * bin_days).sum(axis=1, keepdims=True) / bin_days.sum()
        prof = np.where(eligible[:, None], new, 1.0)
    return np.maximum(prof, 0.0)


# --- smoothing recursions ---------------------------------------------------------


class _LagErrors:
    """Squared ``select_lag``-day-ahead errors of every grid candidate.

    ``ring[t % lag]`` holds what each candidate forecast ``lag`` days
    before day t (deseasonalised). Errors on the original scale are summed
    over the selection window (to pick a candidate per series) and over the
    sigma window (for the residual std of the one picked).
    """

    def __init__(self, shape, n_days, params):
        self.n_days = n_days
        self.params = params
        self.sel_err = np.zeros(shape)
        self.sig_err = np.zeros(shape)
        self.sig_n = np.zeros(shape[1])

    def add(self, t, y, ring, season, obs, started):
        params = self.params
        in_sel = t >= self.n_days - params.select_days
        in_sig = t >= self.n_days - params.sigma_days
        if t < params.select_lag or not (in_sel or in_sig):
            return
        ok = obs & started
        err = (y[:, t] - ring[t % params.select_lag] * season[:, t]) ** 2 * ok
        if in_sel:
            self.sel_err += err
        if in_sig:
            self.sig_err += err
            self.sig_n += ok

    def pick(self):
        """One-hot weights of each series' best candidate, and its sigma."""
        weight = _grid_weights(self.sel_err)
        spread = (weight * self.sig_err).sum(axis=0)
        sigma = np.sqrt(spread / np.maximum(self.sig_n, 1.0))
        return weight, sigma


def _holt(z, y, learn, season, params):
    """Damped Holt on deseasonalised ``z`` for every (alpha, beta) at once.

    Returns the final level and trend of the per-series best pair (by the
    squared error of the ``select_lag``-day-ahead forecast on the original
    scale) and that pair's residual std.
    """
    n_series, n_days = z.shape
    grid = [(a, b) for a in params.holt_alphas for b in params.holt_betas]
    alpha = np.array([g[0] for g in grid])[:, None]
    beta = np.array([g[1] for g in grid])[:, None]
    phi = params.holt_phi
    lag = params.select_lag
    damp_lag = sum(phi**i for i in range(1, lag + 1))
    level = np.repeat(_initial_level(z, learn)[None, :], len(grid), axis=0)
    trend = np.zeros_like(level)
    ring = np.repeat(level[None], lag, axis=0)
    started = np.zeros(n_series, dtype=bool)
    errors = _LagErrors(level.shape, n_days, params)
    for t in range(n_days):
        obs = learn[:, t]
        errors.add(t, y, ring, season, obs, started)
        pred = level + phi * trend
        new_level = np.where(obs, alpha * z[:, t] + (1 - alpha) * pred, pred)
        trend = np.where(
            obs, beta * (new_level - level) + (1 - beta) * phi * trend, phi * trend
        )
        level = new_level
        ring[t % lag] = level + damp_lag * trend
        started |= obs
    weight, sigma = errors.pick()
    return (weight * level).sum(axis=0), (weight * trend).sum(axis=0), sigma


def _grid_weights(err):
    """One-hot weights of the candidate with the least error, per series.

    (Weighting candidates by their error instead was tried: it lets the
    jumpy high-alpha candidates in and makes stable series noisier.)
    """
    weight = np.zeros_like(err)
    weight[np.argmin(err, axis=0), np.arange(err.shape[1])] = 1.0
    return weight


def _initial_level(z, learn):
    """Mean of the first 28 learnable days of each series."""
    first = np.cumsum(learn, axis=1)
    early = learn & (first <= 28)
    n = early.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(n > 0, (z * early).sum(axis=1) / np.maximum(n, 1), 0.0)


def _croston_sba(z, y, learn, season, params):
    """Croston-SBA for every smoothing constant at once; per-series best one.

    Demand sizes and inter-demand intervals (in learnable days) are smoothed
    on demand days only; the rate is ``(1 - alpha / 2) * size / interval``.
    """
    n_series, n_days = z.shape
    alpha = np.array(params.croston_alphas)[:, None]
    n_grid = alpha.shape[0]
    demand = learn & (y > 0)
    n_dem = demand.sum(axis=1)
    n_obs = learn.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        size0 = np.where(n_dem > 0, (z * demand).sum(axis=1) / n_dem, 0.0)
        interval0 = np.where(n_dem > 0, n_obs / np.maximum(n_dem, 1), 1.0)
    size = np.repeat(size0[None], n_grid, axis=0)
    interval = np.repeat(np.maximum(interval0, 1.0)[None], n_grid, axis=0)
    since = np.zeros(n_series)
    lag = params.select_lag
    rate = (1 - alpha / 2) * size / interval
    ring = np.repeat(rate[None], lag, axis=0)
    started = np.zeros(n_series, dtype=bool)
    errors = _LagErrors(size.shape, n_days, params)
    for t in range(n_days):
        obs = learn[:, t]
        errors.add(t, y, ring, season, obs, started)
        since += obs
        dem = demand[:, t]
        size = np.where(dem, size + alpha * (z[:, t] - size), size)
        interval = np.where(dem, interval + alpha * (since - interval), interval)
        since = np.where(dem, 0.0, since)
        rate = (1 - alpha / 2) * size / interval
        ring[t % lag] = rate
        started |= obs
    weight, sigma = errors.pick()
    return (weight * rate).sum(axis=0), sigma


# --- one fit ----------------------------------------------------------------------


def _fit_predict(y, uplift, exclude, first_day, horizon, params):
    """Learn from ``y`` (series, days) and forecast ``horizon`` days after it.

    ``uplift`` covers history and horizon (series, days + horizon).
    Returns forecast, method index, sigma and ADI.
    """
    n_series, n_days = y.shape
    dow, doy = calendar(first_day, n_days + horizon)
    hist_up = uplift[:, :n_days]
    event = hist_up != 1.0
    launched = np.cumsum(y > 0, axis=1) > 0
    learn = launched & ~exclude
    if params.event_mode == "divide":
        x = y / hist_up
    else:
        learn &= ~event
        x = y
    x = np.where(learn, x, 0.0)

    # Seasonal profiles: a first weekly profile, the yearly profile on the
    # weekly-adjusted sales, then the final weekly profile.
    dow_h = dow[:n_days]
    week0 = _dow_profile(x, learn, dow_h, params.dow_half_life_weeks)
    with np.errstate(invalid="ignore", divide="ignore"):
        x_w = np.where(learn, x / np.maximum(week0[:, dow_h], 1e-3), 0.0)
    year = _year_profile(x_w, learn, doy[:n_days], params)
    year_all = _year_daily(year, doy)
    with np.errstate(invalid="ignore", divide="ignore"):
        x_y = np.where(learn, x / np.maximum(year_all[:, :n_days], 1e-3), 0.0)
    week = _dow_profile(x_y, learn, dow_h, params.dow_half_life_weeks)
    season_all = week[:, dow] * year_all
    season = season_all[:, :n_days]
    learn_s = learn & (season > 0.1)
    with np.errstate(invalid="ignore", divide="ignore"):
        z = np.where(learn_s, x / np.maximum(season, 1e-3), 0.0)
    # In "divide" mode the original-scale target for errors is y / uplift.
    target = x

    # Method per series: ADI over the recent learnable days.
    recent = learn.copy()
    recent[:, : max(n_days - params.adi_window, 0)] = False
    n_obs = recent.sum(axis=1)
    n_dem = (recent & (y > 0)).sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        adi = np.where(n_dem > 0, n_obs / np.maximum(n_dem, 1), np.inf)
    intermittent = adi > ADI_INTERMITTENT

    h = np.arange(1, horizon + 1)
    phi = params.holt_phi
    damp = np.cumsum(phi**h)
    future_season = season_all[:, n_days:]
    future_up = uplift[:, n_days:]
    fc = np.zeros((n_series, horizon))
    sigma = np.zeros(n_series)
    rows = np.flatnonzero(~intermittent)
    if rows.size:
        level, trend, sig = _holt(
            z[rows], target[rows], learn_s[rows], season[rows], params
        )
        base = level[:, None] + trend[:, None] * damp[None, :]
        fc[rows] = np.maximum(base, 0.0) * future_season[rows]
        sigma[rows] = sig
    rows = np.flatnonzero(intermittent)
    if rows.size:
        rate, sig = _croston_sba(
            z[rows], target[rows], learn_s[rows], season[rows], params
        )
        fc[rows] = np.maximum(rate, 0.0)[:, None] * future_season[rows]
        sigma[rows] = sig
    fc *= future_up
    return fc, intermittent.astype(np.int8), sigma, adi


def _backtest(y, uplift, exclude, first_day, weeks, params):
    """MASE of our forecast and of seasonal-naive on the last ``weeks`` weeks."""
    n_series, n_days = y.shape
    hold = weeks * SEASON
    nan = np.full(n_series, np.nan)
    if hold <= 0 or n_days - hold < 3 * SEASON:
        return nan, nan.copy()
    origin = n_days - hold
    train = y[:, :origin]
    fc, _method, _sigma, _adi = _fit_predict(
        train, uplift[:, :n_days], exclude[:, :origin], first_day, hold, params
    )
    actual = y[:, origin:]
    naive = np.tile(train[:, origin - SEASON : origin], (1, weeks))
    launched = np.cumsum(train > 0, axis=1) > 0
    ok = launched[:, SEASON:] & launched[:, :-SEASON]
    in_err = np.abs(train[:, SEASON:] - train[:, :-SEASON]) * ok
    n_ok = ok.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(n_ok > 0, in_err.sum(axis=1) / np.maximum(n_ok, 1), np.nan)
        scale = np.where(scale > 0, scale, np.nan)
        mase = np.abs(actual - fc).mean(axis=1) / scale
        mase_naive = np.abs(actual - naive).mean(axis=1) / scale
    return mase, mase_naive


# --- public API -------------------------------------------------------------------


def forecast(
    sales,
    first_day,
    horizon=28,
    uplift=None,
    exclude=None,
    backtest_weeks=4,
    chunk_size=4096,
    params=None,
):
    """Forecast every series of ``sales`` (series, days) ``horizon`` days ahead.

    :param sales: daily quantities, oldest day first; negative values are 0
    :param first_day: date of the first column (``datetime.date`` or
        ``numpy.datetime64``); the forecast starts the day after the last
    :param uplift: optional (series, days + horizon) demand multipliers of
        known events (1 = no event): history days with an event are not
        learnt from, horizon days are multiplied by it
    :param exclude: optional (series, days) booleans, days not to learn
        from for another reason (stock-out, store closed)
    :param backtest_weeks: weeks held out to compute MASE (0 = no backtest)
    :param chunk_size: series processed together (bounds memory)
    :return: :class:`ForecastResult`
    """
    params = params or EngineParams()
    sales = np.maximum(np.nan_to_num(np.asarray(sales, dtype=float)), 0.0)
    if sales.ndim != 2:
        raise ValueError("sales must be a 2-D array (series x days)")
    n_series, n_days = sales.shape
    if uplift is None:
        uplift = np.ones((n_series, n_days + horizon))
    uplift = np.asarray(uplift, dtype=float)
    if uplift.shape != (n_series, n_days + horizon):
        raise ValueError("uplift must have shape (series, days + horizon)")
    if np.any(uplift <= 0):
        raise ValueError("uplift factors must be positive")
    if exclude is None:
        exclude = np.zeros((n_series, n_days), dtype=bool)
    exclude = np.asarray(exclude, dtype=bool)
    fc = np.zeros((n_series, horizon))
    method = np.zeros(n_series, dtype=np.int8)
    sigma = np.zeros(n_series)
    adi = np.zeros(n_series)
    mase = np.full(n_series, np.nan)
    mase_naive = np.full(n_series, np.nan)
    for start in range(0, n_series, max(int(chunk_size), 1)):
        part = slice(start, min(start + chunk_size, n_series))
        y, up, ex = sales[part], uplift[part], exclude[part]
        fc[part], method[part], sigma[part], adi[part] = _fit_predict(
            y, up, ex, first_day, horizon, params
        )
        mase[part], mase_naive[part] = _backtest(
            y, up, ex, first_day, backtest_weeks, params
        )
    return ForecastResult(fc, method, sigma, adi, mase, mase_naive)


def z_value(service_level):
    """Normal quantile of a cycle service level (0.5 to 0.9999)."""
    level = min(max(float(service_level), 0.5), 0.9999)
    return NormalDist().inv_cdf(level)


def reorder_levels(fc, sigma, lead_time, review_period=7, service_level=0.95):
    """Safety stock, minimum and maximum per series.

    :param fc: (series, horizon) daily forecast
    :param sigma: (series,) std of the daily forecast error
    :param lead_time: days from order to receipt (scalar or per series)
    :param review_period: days between two orders (scalar or per series)
    :return: (safety stock, minimum, maximum) arrays. Safety stock covers the
        forecast error over lead time + review period at the service level;
        minimum = demand over the lead time + safety stock (reorder point);
        maximum = demand over lead time + review period + safety stock.
    """
    fc = np.atleast_2d(np.asarray(fc, dtype=float))
    n_series = fc.shape[0]
    lead = np.broadcast_to(np.maximum(np.asarray(lead_time, float), 0.0), (n_series,))
    review = np.broadcast_to(
        np.maximum(np.asarray(review_period, float), 0.0), (n_series,)
    )
    safety = z_value(service_level) * np.asarray(sigma, float) * np.sqrt(lead + review)
    safety = np.maximum(safety, 0.0)
    return (
        safety,
        safety + _demand_over(fc, lead),
        safety + _demand_over(fc, lead + review),
    )


def _demand_over(fc, days):
    """Forecast demand over the first ``days`` (fractional) days of each row.

    Beyond the horizon the average daily forecast continues.
    """
    n_series, horizon = fc.shape
    cum = np.concatenate([np.zeros((n_series, 1)), np.cumsum(fc, axis=1)], axis=1)
    inside = np.minimum(days, horizon)
    lo = np.floor(inside).astype(np.int64)
    hi = np.minimum(lo + 1, horizon)
    rows = np.arange(n_series)
    part = cum[rows, lo] + (inside - lo) * (cum[rows, hi] - cum[rows, lo])
    mean = cum[:, -1] / max(horizon, 1)
    return part + np.maximum(days - horizon, 0.0) * mean
