#pragma once

#include <cstddef>
#include <vector>

namespace deepterra {

// The examples of a series task: windows of consecutive rows, identified by their first row.
// Forecasting windows hold `lookback` input rows followed by `horizon` target rows; reconstruction
// (autoencoder) windows hold `lookback` rows that are both input and target.
class SeriesWindows
{
public:
    SeriesWindows(int lookback, int horizon, bool reconstruct);

    int lookback() const { return m_lookback; }
    int horizon() const { return m_horizon; }
    bool reconstructs() const { return m_reconstruct; }
    int span() const { return m_reconstruct ? m_lookback : m_lookback + m_horizon; }
    int firstTargetRow(int start) const { return m_reconstruct ? start : start + m_lookback; }
    int lastTargetRow(int start) const { return start + span() - 1; }
    int originRow(int start) const { return start + m_lookback - 1; } // the last input row

    // Where a window's target values must be present: a forecasting window also needs them at
    // its origin, as they are the persistence forecast it is compared with.
    int firstCheckedTargetRow(int start) const { return m_reconstruct ? start : originRow(start); }

    // First rows of the windows whose input values (over the input rows) and target values (from
    // firstCheckedTargetRow on) are all finite. `inputs` and `targets` are columns of `rows` values.
    std::vector<int> complete(const std::vector<const std::vector<double> *> &inputs,
                              const std::vector<const std::vector<double> *> &targets, int rows) const;

    struct Split
    {
        std::vector<int> train;
        std::vector<int> validation;
        std::size_t droppedAtBoundary = 0; // training windows whose targets reached the validation period
    };
    // The last round(validationFraction x windows) windows (at least one) validate; training keeps
    // the windows whose last target row lies before the first target row of every validation
    // window, so that validation is strictly later than anything training was fitted to.
    Split splitChronologically(const std::vector<int> &starts, double validationFraction) const;
    // Rolling-origin backtesting (scikit-learn's TimeSeriesSplit): the windows are cut into
    // folds + 1 consecutive periods of count / (folds + 1) windows (the first takes the remainder);
    // fold f (0-based) validates period f + 1 and trains on the windows before it whose last
    // target row lies before its first target row. Each window after the first period is
    // validated by exactly one fold.
    Split rollingOrigin(const std::vector<int> &starts, int folds, int fold) const;

private:
    int m_lookback = 1;
    int m_horizon = 1;
    bool m_reconstruct = false;
};

} // namespace deepterra
