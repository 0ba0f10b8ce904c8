import datetime

import numpy as np

from odoo.tests import BaseCase, tagged

from ..tools import forecast_engine as engine

WEEK = np.array([0.8, 0.85, 0.9, 1.0, 1.25, 1.55, 0.65])  # Monday first


def _christmas(doy):
    dist = np.minimum(np.abs(doy - 355), 365 - np.abs(doy - 355))
    return 0.85 + 1.6 * np.exp(-0.5 * (dist / 9.0) ** 2)


@tagged("post_install", "-at_install")
class TestForecastEngine(BaseCase):
    """The numpy engine on synthetic series whose true pattern is known."""

    first_day = datetime.date(2023, 12, 1)
    n_days = 730  # ends 2025-11-29: the horizon runs into the Christmas peak
    horizon = 28

    def _calendar(self):
        return engine.calendar(self.first_day, self.n_days + self.horizon)

    def _chain(self, seed=1, n_smooth=120, n_slow=60):
        """Weekly pattern, trend, Christmas peak; and intermittent slow movers."""
        rng = np.random.default_rng(seed)
        dow, doy = self._calendar()
        t = np.arange(self.n_days + self.horizon) / 365.25
        rate = rng.lognormal(1.2, 0.6, n_smooth)[:, None]
        growth = rng.uniform(-0.2, 0.4, n_smooth)[:, None]
        peak = np.where(rng.random(n_smooth) < 0.5, 1.0, 0.0)[:, None]
        year = peak * _christmas(doy) + (1 - peak)
        mean = rate * (1 + growth * t) * WEEK[dow] * year
        smooth = rng.poisson(rng.gamma(5.0, mean / 5.0)).astype(float)
        slow_rate = rng.uniform(0.05, 0.3, n_slow)[:, None]
        slow = rng.poisson(np.broadcast_to(slow_rate, (n_slow, t.size))) * (
            rng.integers(1, 4, (n_slow, t.size))
        )
        return np.vstack([smooth, slow]).astype(float), mean

    def test_beats_seasonal_naive(self):
        sales, _mean = self._chain()
        result = engine.forecast(sales[:, : self.n_days], self.first_day, self.horizon)
        summary = result.aggregate()
        self.assertEqual(summary["series"], sales.shape[0])
        self.assertLess(summary["ratio"], 0.85, summary)
        self.assertLess(summary["mase"], summary["mase_naive"])
        # The method follows the ADI rule; the slow movers are intermittent.
        np.testing.assert_array_equal(
            result.method, result.adi > engine.ADI_INTERMITTENT
        )
        self.assertTrue((result.method[120:] == 1).all())
        self.assertGreater((result.method[:120] == 0).mean(), 0.5)

    def test_learns_week_trend_and_year(self):
        """A clean weekly + Christmas series: the forecast follows both."""
        dow, doy = self._calendar()
        t = np.arange(self.n_days + self.horizon)
        mean = 20.0 * (1 + 0.3 * t / 365.25) * WEEK[dow] * _christmas(doy)
        rng = np.random.default_rng(3)
        sales = rng.poisson(mean)[None, : self.n_days].astype(float)
        result = engine.forecast(sales, self.first_day, self.horizon)
        fc = result.forecast[0]
        truth = mean[self.n_days :]
        self.assertEqual(result.method[0], 0)
        # Within 15 % of the true mean on average over the horizon.
        self.assertLess(np.abs(fc - truth).mean() / truth.mean(), 0.15)
        # The Christmas week is forecast well above the first week.
        self.assertGreater(fc[21:28].sum(), 1.5 * fc[0:7].sum())
        # Saturdays above Sundays, as in the weekly pattern.
        future_dow = dow[self.n_days :]
        self.assertGreater(fc[future_dow == 5].mean(), 1.8 * fc[future_dow == 6].mean())

    def test_event_raises_forecast_in_window(self):
        sales, _mean = self._chain(n_smooth=20, n_slow=10)
        sales = sales[:, : self.n_days]
        uplift = np.ones((sales.shape[0], self.n_days + self.horizon))
        uplift[:, self.n_days + 10 : self.n_days + 15] = 2.0
        plain = engine.forecast(sales, self.first_day, self.horizon, backtest_weeks=0)
        event = engine.forecast(
            sales, self.first_day, self.horizon, uplift=uplift, backtest_weeks=0
        )
        np.testing.assert_allclose(
            event.forecast[:, 10:15], 2.0 * plain.forecast[:, 10:15]
        )
        np.testing.assert_allclose(event.forecast[:, :10], plain.forecast[:, :10])
        np.testing.assert_allclose(event.forecast[:, 15:], plain.forecast[:, 15:])

    def test_event_days_not_learnt(self):
        """A declared promotion spike does not inflate the baseline."""
        rng = np.random.default_rng(5)
        base = rng.poisson(10.0, (1, self.n_days)).astype(float)
        spiked = base.copy()
        spiked[:, -12:-2] *= 4.0  # a strong promotion ended two days ago
        uplift = np.ones((1, self.n_days + self.horizon))
        uplift[:, self.n_days - 12 : self.n_days - 2] = 4.0
        clean = engine.forecast(base, self.first_day, self.horizon)
        declared = engine.forecast(spiked, self.first_day, self.horizon, uplift=uplift)
        undeclared = engine.forecast(spiked, self.first_day, self.horizon)
        level = declared.forecast.mean()
        self.assertAlmostEqual(level, clean.forecast.mean(), delta=0.5)
        self.assertAlmostEqual(level, 10.0, delta=1.0)
        self.assertGreater(undeclared.forecast.mean(), level + 1.0)

    def test_intermittent_rate(self):
        """Croston-SBA forecasts the long-run rate of an intermittent item."""
        rng = np.random.default_rng(11)
        sales = (rng.random((50, self.n_days)) < 0.1) * rng.integers(
            1, 4, (50, self.n_days)
        )
        result = engine.forecast(sales.astype(float), self.first_day, self.horizon)
        self.assertTrue((result.method == 1).all())
        self.assertTrue((result.adi > engine.ADI_INTERMITTENT).all())
        # True rate 0.1 * 2 = 0.2 a day; SBA is slightly below on purpose.
        self.assertAlmostEqual(result.forecast.mean(), 0.2, delta=0.04)

    def test_safety_stock_grows_with_service_and_lead_time(self):
        fc = np.full((3, self.horizon), 5.0)
        sigma = np.array([0.0, 2.0, 4.0])
        ss_90, min_90, max_90 = engine.reorder_levels(fc, sigma, 2, 7, 0.90)
        ss_99, _min, _max = engine.reorder_levels(fc, sigma, 2, 7, 0.99)
        ss_long, min_long, _max = engine.reorder_levels(fc, sigma, 10, 7, 0.90)
        self.assertEqual(ss_90[0], 0.0)
        self.assertTrue((ss_99[1:] > ss_90[1:]).all())
        self.assertTrue((ss_long[1:] > ss_90[1:]).all())
        self.assertGreater(ss_90[2], ss_90[1])
        # z(0.90) * sigma * sqrt(2 + 7); minimum = 2 days of demand + safety.
        self.assertAlmostEqual(ss_90[1], 1.2816 * 2.0 * 3.0, places=3)
        self.assertAlmostEqual(min_90[1], 10.0 + ss_90[1], places=6)
        self.assertAlmostEqual(max_90[1], 45.0 + ss_90[1], places=6)
        self.assertTrue((min_long > min_90).all())
        # Lead time beyond the horizon continues at the average daily demand.
        _ss, low, _high = engine.reorder_levels(fc[:1], sigma[:1], 40, 0, 0.9)
        self.assertAlmostEqual(low[0], 200.0)

    def test_short_and_empty_history(self):
        sales = np.zeros((3, 20))
        sales[1] = 4.0
        sales[2, 15:] = 1.0
        result = engine.forecast(sales, self.first_day, self.horizon)
        self.assertEqual(result.forecast.shape, (3, self.horizon))
        self.assertTrue(np.isfinite(result.forecast).all())
        self.assertEqual(result.forecast[0].sum(), 0.0)
        self.assertAlmostEqual(result.forecast[1].mean(), 4.0, places=6)
        self.assertTrue(np.isnan(result.mase).all())  # too short to backtest

    def test_rejects_bad_uplift(self):
        sales = np.ones((1, 30))
        with self.assertRaises(ValueError):
            engine.forecast(sales, self.first_day, 7, uplift=np.zeros((1, 37)))
