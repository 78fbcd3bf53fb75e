#!/usr/bin/python3
"""Reference values for tests/core/testautoregressivemodel.cpp, computed with statsmodels.

Not run by CI. Regenerate with Debian's statsmodels (apt-get install python3-statsmodels):

    /usr/bin/python3 tests/core/statsmodels_autoregressive_reference.py

and paste the printed block into the test. The series is made from integer arithmetic and a few
IEEE double operations in a fixed order, so that the C++ test rebuilds exactly the same numbers
(testautoregressivemodel.cpp: referenceSeries()).
"""

import numpy as np
import statsmodels
from statsmodels.tsa.ar_model import AutoReg, ar_select_order

MASK = (1 << 64) - 1
SEASON = [-0.6, -0.5, -0.2, 0.1, 0.4, 0.6, 0.7, 0.6, 0.3, 0.0, -0.3, -0.5]
COUNT = 240        # twenty years of a monthly series
TRAINING = 200     # the part the model is fitted on in the multi-step test
MAX_ORDER = 12
STEPS = 6


def reference_series():
    """An AR(3) process with uniform innovations in [-1, 1) on a weak monthly cycle around 20."""
    state = 20240521
    x1 = x2 = x3 = 0.0
    values = []
    for t in range(COUNT):
        state = (state * 6364136223846793005 + 1442695040888963407) & MASK
        u = (state >> 11) * 2.0 ** -53
        e = 2.0 * u - 1.0
        x = 0.55 * x1 - 0.25 * x2 + 0.15 * x3 + e
        values.append(20.0 + SEASON[t % 12] + x)
        x3, x2, x1 = x2, x1, x
    return np.array(values)


def full(values):
    return "{ " + ", ".join(repr(float(v)) for v in values) + " }"


def main():
    y = reference_series()
    print(f"// statsmodels {statsmodels.__version__}, numpy {np.__version__}")
    print(f"// y[0], y[1], y[{COUNT - 1}]: {y[0]!r}, {y[1]!r}, {y[-1]!r}")

    fixed = AutoReg(y, lags=3, trend="c", old_names=False).fit()
    print(f"// AutoReg(y, lags=3, trend='c'): const, y.L1, y.L2, y.L3; sigma2")
    print(f"const std::vector<double> kFixedParams {full(fixed.params)};")
    print(f"constexpr double kFixedSigma2 = {fixed.sigma2!r};")

    selection = ar_select_order(y, maxlag=MAX_ORDER, ic="aic", trend="c", old_names=False)
    order = len(selection.ar_lags)
    print(f"// ar_select_order(y, maxlag={MAX_ORDER}, ic='aic', trend='c').ar_lags = {selection.ar_lags}")
    print(f"constexpr int kSelectedOrder = {order};")
    # The AIC of each order on the same sample (the first MAX_ORDER values held back), as AutoReg
    # reports it: -2 llf + 2 (p + 2), counting the intercept, the p coefficients and the variance.
    same_sample = [AutoReg(y, lags=p, trend="c", hold_back=MAX_ORDER, old_names=False).fit().aic
                   for p in range(1, MAX_ORDER + 1)]
    assert int(np.argmin(same_sample)) + 1 == order
    print(f"// AutoReg(y, lags=p, trend='c', hold_back={MAX_ORDER}).fit().aic for p = 1..{MAX_ORDER}")
    print(f"const std::vector<double> kSameSampleAic {full(same_sample)};")
    selected = AutoReg(y, lags=order, trend="c", old_names=False).fit()
    print(f"// AutoReg(y, lags={order}, trend='c').fit().params")
    print(f"const std::vector<double> kSelectedParams {full(selected.params)};")

    training = y[:TRAINING]
    train_selection = ar_select_order(training, maxlag=MAX_ORDER, ic="aic", trend="c", old_names=False)
    train_order = len(train_selection.ar_lags)
    train_fit = AutoReg(training, lags=train_order, trend="c", old_names=False).fit()
    print(f"// Fitted on y[:{TRAINING}]: ar_select_order(maxlag={MAX_ORDER}) picks {train_order}")
    print(f"constexpr int kTrainingOrder = {train_order};")
    print(f"const std::vector<double> kTrainingParams {full(train_fit.params)};")
    print(f"// .forecast({STEPS}): the {STEPS} values after y[{TRAINING - 1}], iterated")
    print(f"const std::vector<double> kTrainingForecast {full(train_fit.forecast(STEPS))};")
    origin = 219
    model = AutoReg(y, lags=train_order, trend="c", old_names=False)
    later = model.predict(train_fit.params, start=origin + 1, end=origin + STEPS, dynamic=True)
    print(f"// The same parameters from origin y[{origin}] with the whole series as history: "
          f"AutoReg(y, lags={train_order}).predict(params, start={origin + 1}, end={origin + STEPS}, "
          f"dynamic=True)")
    print(f"const std::vector<double> kLaterForecast {full(later)};")


if __name__ == "__main__":
    main()
