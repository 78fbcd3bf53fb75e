#pragma once

#include <QJsonArray>
#include <QString>
#include <QtGlobal>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace deepterra {

// Counts of (true class, predicted class) pairs; rows are the truth, columns the prediction.
// Pixels carrying the ignore label are left out entirely, so that unlabelled pixels never count
// as errors (nor as successes).
class ConfusionMatrix
{
public:
    explicit ConfusionMatrix(int classes = 0);

    int classes() const { return m_classes; }

    // A pair with an index outside 0..classes()-1 is not counted (see discarded()); nor is a
    // non-positive count.
    void add(int truth, int predicted, qint64 count = 1);
    // The training loop's hot path: one call per batch of labels and argmax predictions.
    void addBatch(const std::int32_t *truth, const std::int64_t *predicted, std::size_t n,
                  std::int32_t ignoreIndex = -1);
    // Sums the counts; the result has the larger of the two class counts, so that an empty
    // matrix can collect the matrices of several batches or workers.
    void merge(const ConfusionMatrix &other);
    void clear();

    qint64 at(int truth, int predicted) const; // 0 outside the matrix
    qint64 total() const { return m_total; }
    qint64 correct() const; // the diagonal
    qint64 truthCount(int cls) const; // row sum: the class's support
    qint64 predictedCount(int cls) const; // column sum
    // Pairs dropped because an index was out of range (not the ignored ones): a non-zero value
    // points to a mismatch between the class table and the labels or the model's output.
    qint64 discarded() const { return m_discarded; }

    // An array of rows (truth), each an array of counts per predicted class.
    QJsonArray toJson() const;
    // Throws DataError(path, ...) for anything but a square array of arrays of counts >= 0.
    static ConfusionMatrix fromJson(const QJsonArray &rows, const QString &path = {});

    bool operator==(const ConfusionMatrix &other) const
    {
        return m_classes == other.m_classes && m_counts == other.m_counts;
    }
    bool operator!=(const ConfusionMatrix &other) const { return !(*this == other); }

private:
    int m_classes = 0;
    std::vector<qint64> m_counts; // row-major, m_classes x m_classes
    qint64 m_total = 0;
    qint64 m_discarded = 0;
};

} // namespace deepterra
