#include "training/normalizer.h"

#include "common/dataerror.h"
#include "common/jsonfields.h"
#include "statistics/percentilerank.h"
#include "statistics/runningmoments.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace deepterra {

namespace {

const QStringList kKindNames { QStringLiteral("mean-std"), QStringLiteral("percentile") };

// A scale that cannot divide by zero or poison the data with NaN: a constant or empty channel
// is only shifted.
double usableScale(double scale)
{
    return std::isfinite(scale) && scale > 0.0 ? scale : 1.0;
}

// The value at `percent` of the finite values, numpy.percentile's linear definition. Selection
// instead of a full sort: the training set may hold hundreds of millions of values per channel.
double percentileOf(std::vector<float> &finite, double percent)
{
    const PercentileRank rank = PercentileRank::of(qint64(finite.size()), percent);
    auto lower = finite.begin() + std::ptrdiff_t(rank.lower);
    std::nth_element(finite.begin(), lower, finite.end());
    const double lowerValue = *lower;
    double upperValue = lowerValue;
    if (rank.upper != rank.lower)
        upperValue = *std::min_element(lower + 1, finite.end());
    return rank.interpolate(lowerValue, upperValue);
}

QJsonArray numbers(const std::vector<double> &values)
{
    QJsonArray array;
    for (double v : values)
        array.append(v);
    return array;
}

std::vector<double> readNumbers(const JsonFields &fields, const QString &key)
{
    const QJsonValue value = fields.json().value(key);
    if (!value.isArray())
        fields.fail(key, QStringLiteral("must be an array of numbers"));
    std::vector<double> result;
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isDouble() || !std::isfinite(item.toDouble()))
            fields.fail(key, QStringLiteral("must hold finite numbers only"));
        result.push_back(item.toDouble());
    }
    return result;
}

} // namespace

void Normalizer::normalize(float *values, int channel, std::size_t count) const
{
    const double offset = offsets.at(std::size_t(channel));
    const double scale = scales.at(std::size_t(channel));
    for (std::size_t i = 0; i < count; ++i)
        values[i] = float((double(values[i]) - offset) / scale);
}

double Normalizer::normalize(double value, int channel) const
{
    return (value - offsets.at(std::size_t(channel))) / scales.at(std::size_t(channel));
}

double Normalizer::denormalize(double value, int channel) const
{
    return value * scales.at(std::size_t(channel)) + offsets.at(std::size_t(channel));
}

Normalizer Normalizer::fit(NormalizationKind kind, const QStringList &channels,
                           const std::vector<std::vector<float>> &valuesPerChannel, double percentileLow,
                           double percentileHigh)
{
    Normalizer normalizer;
    normalizer.kind = kind;
    normalizer.channels = channels;
    for (const std::vector<float> &values : valuesPerChannel) {
        double offset = 0.0;
        double scale = 1.0;
        if (kind == NormalizationKind::MeanStd) {
            RunningMoments moments;
            // The values are all candidates (NaN is skipped by RunningMoments itself), so a block of
            // "valid" flags is shared by every block of values.
            constexpr std::size_t kBlock = 65536;
            const std::vector<std::uint8_t> all(kBlock, 1);
            for (std::size_t start = 0; start < values.size(); start += kBlock)
                moments.addBlock(values.data() + start, all.data(), std::min(kBlock, values.size() - start));
            if (moments.count() > 0) {
                offset = moments.mean();
                scale = moments.stdDev();
            }
        } else {
            std::vector<float> finite;
            finite.reserve(values.size());
            std::copy_if(values.begin(), values.end(), std::back_inserter(finite),
                         [](float v) { return std::isfinite(v); });
            if (!finite.empty()) {
                offset = percentileOf(finite, percentileLow);
                scale = percentileOf(finite, percentileHigh) - offset;
            }
        }
        normalizer.offsets.push_back(offset);
        normalizer.scales.push_back(usableScale(scale));
    }
    return normalizer;
}

Normalizer Normalizer::fromMoments(const QStringList &channels, const std::vector<RunningMoments> &moments)
{
    Normalizer normalizer;
    normalizer.kind = NormalizationKind::MeanStd;
    normalizer.channels = channels;
    for (const RunningMoments &m : moments) {
        const bool any = m.count() > 0;
        normalizer.offsets.push_back(any ? m.mean() : 0.0);
        normalizer.scales.push_back(usableScale(any ? m.stdDev() : 1.0));
    }
    return normalizer;
}

QJsonObject Normalizer::toJson() const
{
    return { { QStringLiteral("kind"), kKindNames.value(int(kind)) },
             { QStringLiteral("channels"), QJsonArray::fromStringList(channels) },
             { QStringLiteral("offsets"), numbers(offsets) },
             { QStringLiteral("scales"), numbers(scales) } };
}

Normalizer Normalizer::fromJson(const QJsonObject &json, const QString &filePath)
{
    const JsonFields fields(json, filePath, QStringLiteral("normalizer"));
    Normalizer normalizer;
    normalizer.kind = NormalizationKind(
        kKindNames.indexOf(fields.choice(QStringLiteral("kind"), kKindNames.first(), kKindNames)));
    normalizer.channels = fields.strings(QStringLiteral("channels"));
    normalizer.offsets = readNumbers(fields, QStringLiteral("offsets"));
    normalizer.scales = readNumbers(fields, QStringLiteral("scales"));
    if (normalizer.scales.size() != normalizer.offsets.size())
        fields.fail(QStringLiteral("scales"),
                    QStringLiteral("must have as many entries as offsets (%1, got %2)")
                        .arg(normalizer.offsets.size())
                        .arg(normalizer.scales.size()));
    if (!normalizer.channels.isEmpty()
        && std::size_t(normalizer.channels.size()) != normalizer.offsets.size())
        fields.fail(QStringLiteral("channels"),
                    QStringLiteral("must name one channel per offset (%1, got %2)")
                        .arg(normalizer.offsets.size())
                        .arg(normalizer.channels.size()));
    for (double scale : normalizer.scales)
        if (scale <= 0.0)
            fields.fail(QStringLiteral("scales"), QStringLiteral("must be positive (got %1)").arg(scale));
    return normalizer;
}

} // namespace deepterra
