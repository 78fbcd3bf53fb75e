#pragma once

#include "training/forecastwindow.h"
#include "training/sampledataset.h"
#include "training/seriessource.h"

#include <memory>
#include <vector>

namespace deepterra {

// One split of a series task: inputs (lookback, inputs) and targets (horizon, targets) for
// forecasting, or (lookback, inputs) as both input and target for an autoencoder. Augmentation
// adds Gaussian noise of `jitter` normalised units to the inputs only, never to the targets.
class SeriesWindowDataset : public SampleDataset
{
public:
    SeriesWindowDataset(std::shared_ptr<const SeriesSource> source, std::vector<int> starts, double jitter);

    std::size_t size() const override { return m_starts.size(); }
    std::vector<std::int64_t> inputShape() const override;
    std::vector<std::int64_t> targetShape() const override;
    void sample(std::size_t index, Sample &out, std::mt19937_64 *augment) const override;

    const std::vector<int> &starts() const { return m_starts; }
    // The times and persistence values of example `index` (forecasting).
    ForecastWindow forecastWindow(std::size_t index) const;

private:
    std::shared_ptr<const SeriesSource> m_source;
    std::vector<int> m_starts;
    double m_jitter = 0.0;
};

} // namespace deepterra
