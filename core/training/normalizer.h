#pragma once

#include "statistics/runningmoments.h"
#include "training/taskconfig.h"

#include <QJsonObject>
#include <QStringList>

#include <cstddef>
#include <vector>

namespace deepterra {

// Per-channel affine normalisation, (x - offset) / scale, fitted on the training split only and
// saved with the model so that prediction applies exactly the same transform.
class Normalizer
{
public:
    NormalizationKind kind = NormalizationKind::MeanStd;
    QStringList channels;
    std::vector<double> offsets;
    std::vector<double> scales;

    int channelCount() const { return int(offsets.size()); }
    void normalize(float *values, int channel, std::size_t count) const;
    double normalize(double value, int channel) const;
    double denormalize(double value, int channel) const;

    // Mean/std or percentile min-max of each channel's valid values (NaN skipped); a constant
    // channel gets scale 1 so that it never divides by zero.
    static Normalizer fit(NormalizationKind kind, const QStringList &channels,
                          const std::vector<std::vector<float>> &valuesPerChannel, double percentileLow = 2.0,
                          double percentileHigh = 98.0);

    // Mean/std from moments gathered elsewhere (one per channel), with the same guard on the scale.
    static Normalizer fromMoments(const QStringList &channels, const std::vector<RunningMoments> &moments);

    QJsonObject toJson() const;
    static Normalizer fromJson(const QJsonObject &json, const QString &filePath);
};

} // namespace deepterra
