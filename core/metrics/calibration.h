#pragma once

#include <QDataStream>
#include <QJsonObject>
#include <QString>
#include <QtGlobal>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace deepterra {

// One confidence interval of a reliability diagram. `confidence` is the mean top-class
// probability of the bin's samples, `accuracy` the share of them predicted right; both NaN for
// an empty bin.
struct CalibrationBin
{
    double lower = 0.0;
    double upper = 0.0;
    qint64 count = 0;
    double confidence = 0.0;
    double accuracy = 0.0;
};

// How far a classifier's confidence can be trusted: (top-class probability, was it right) pairs
// in equal-width confidence bins, [lower, upper) each, the last one closed at 1. A calibrated
// model is right 80 % of the time when it says 0.8; the expected calibration error (ECE) is the
// sample-weighted mean gap |accuracy - confidence| over the bins, the maximum calibration error
// (MCE) the largest gap of a non-empty bin (Guo et al. 2017, "On Calibration of Modern Neural
// Networks").
class Calibration
{
public:
    // 15 bins as in Guo et al. and most papers since, so that the ECE compares with theirs: fewer
    // bins average over- and under-confident samples into a smaller error, more bins leave each
    // with so few samples that sampling noise alone adds to the ECE.
    static constexpr int kDefaultBins = 15;

    explicit Calibration(int bins = kDefaultBins);

    int binCount() const { return int(m_counts.size()); }
    qint64 total() const { return m_total; }

    // A non-finite confidence is not counted (a diverged model; training stops on it anyway).
    void add(double confidence, bool correct);
    // The validation loop's hot path, with the pixels the confusion matrix counts: a negative
    // truth is unlabelled (ignored), and a truth or prediction outside 0..classes-1 is a pair the
    // confusion matrix discards, so neither is counted here either.
    void addBatch(const std::int64_t *truth, const std::int64_t *predicted, const float *confidence,
                  std::size_t n, int classes);
    // Adds the samples of another calibration of the same bin count (the validation shards of
    // a data-parallel job); a calibration of another bin count is a programming error (ignored).
    void merge(const Calibration &other);

    // NaN while no sample is counted.
    double expectedCalibrationError() const;
    double maximumCalibrationError() const;
    CalibrationBin bin(int index) const;
    std::vector<CalibrationBin> bins() const;

    // {"ece", "mce", "bins": [{"lower", "upper", "count", "confidence", "accuracy"}, ...]}, every
    // bin listed, an empty one with null confidence and accuracy.
    QJsonObject toJson() const;
    // Throws DataError(path, ...) for an object without a non-empty "bins" array of bins with
    // counts >= 0 and, for a non-empty bin, its confidence and accuracy in 0..1.
    static Calibration fromJson(const QJsonObject &json, const QString &path = {});

    // Exact transport between processes (toJson keeps means, not sums).
    friend QDataStream &operator<<(QDataStream &stream, const Calibration &calibration);
    friend QDataStream &operator>>(QDataStream &stream, Calibration &calibration);

private:
    int binOf(double confidence) const;

    std::vector<qint64> m_counts;
    std::vector<double> m_confidenceSums;
    // A double, not a count: a calibration read back from JSON has it as accuracy x count.
    std::vector<double> m_correct;
    qint64 m_total = 0;
};

} // namespace deepterra
