#pragma once

#include "training/curvesmoothing.h"

#include <vector>

namespace deepterra {

// One batch of the live run as the batch charts draw it, with its key for each x-axis mode.
struct DashboardBatchSample
{
    double step = 0.0; // global batch index: (epoch - 1) * batches + batch
    double epochPosition = 0.0; // epochs done, fractional: (epoch - 1) + batch / batches
    double wallSeconds = 0.0; // training time since the run began
    double loss = 0.0;
    double smoothedLoss = 0.0;
    double learningRate = 0.0;
};

// The live run's batch losses, smoothed as they arrive. A long run sends up to 20 batches a
// second for hours, so the store thins itself (every other old sample) past kMaxStored, and the
// charts draw at most a few thousand of them: every recent sample, the older ones thinned.
class DashboardBatchSeries
{
public:
    static constexpr int kMaxStored = 100000;

    void clear();
    void add(DashboardBatchSample sample); // computes smoothedLoss
    // Smooths every stored sample again with `beta`.
    void setBeta(double beta);
    double beta() const { return m_smoothing.beta(); }

    int size() const { return int(m_samples.size()); }
    bool isEmpty() const { return m_samples.empty(); }
    const std::vector<DashboardBatchSample> &samples() const { return m_samples; }

    // Which samples to draw, ascending: all of the latest `recent`, and the ones before thinned
    // to at most `older` evenly spaced samples.
    std::vector<int> plottedIndices(int recent, int older) const;

private:
    std::vector<DashboardBatchSample> m_samples;
    CurveSmoothing m_smoothing;
};

} // namespace deepterra
