#include "metrics/confusionmatrix.h"

#include "common/dataerror.h"

#include <QJsonValue>

#include <algorithm>
#include <cmath>

namespace deepterra {

ConfusionMatrix::ConfusionMatrix(int classes)
    : m_classes(std::max(classes, 0))
    , m_counts(std::size_t(m_classes) * std::size_t(m_classes), 0)
{ }

void ConfusionMatrix::add(int truth, int predicted, qint64 count)
{
    if (count <= 0)
        return;
    if (truth < 0 || truth >= m_classes || predicted < 0 || predicted >= m_classes) {
        m_discarded += count;
        return;
    }
    m_counts[std::size_t(truth) * std::size_t(m_classes) + std::size_t(predicted)] += count;
    m_total += count;
}

void ConfusionMatrix::addBatch(const std::int32_t *truth, const std::int64_t *predicted, std::size_t n,
                               std::int32_t ignoreIndex)
{
    const auto classes = std::uint64_t(m_classes);
    qint64 *counts = m_counts.data();
    qint64 added = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::int32_t t = truth[i];
        if (t == ignoreIndex)
            continue;
        const std::int64_t p = predicted[i];
        // Negative indices wrap to huge unsigned values, so one comparison checks both ends.
        if (std::uint64_t(std::int64_t(t)) >= classes || std::uint64_t(p) >= classes) {
            ++m_discarded;
            continue;
        }
        ++counts[std::uint64_t(t) * classes + std::uint64_t(p)];
        ++added;
    }
    m_total += added;
}

void ConfusionMatrix::merge(const ConfusionMatrix &other)
{
    if (other.m_classes > m_classes) {
        ConfusionMatrix grown(other.m_classes);
        for (int t = 0; t < m_classes; ++t)
            for (int p = 0; p < m_classes; ++p)
                grown.m_counts[std::size_t(t) * std::size_t(grown.m_classes) + std::size_t(p)] = at(t, p);
        grown.m_total = m_total;
        grown.m_discarded = m_discarded;
        *this = std::move(grown);
    }
    for (int t = 0; t < other.m_classes; ++t)
        for (int p = 0; p < other.m_classes; ++p)
            m_counts[std::size_t(t) * std::size_t(m_classes) + std::size_t(p)] += other.at(t, p);
    m_total += other.m_total;
    m_discarded += other.m_discarded;
}

void ConfusionMatrix::clear()
{
    std::fill(m_counts.begin(), m_counts.end(), 0);
    m_total = 0;
    m_discarded = 0;
}

qint64 ConfusionMatrix::at(int truth, int predicted) const
{
    if (truth < 0 || truth >= m_classes || predicted < 0 || predicted >= m_classes)
        return 0;
    return m_counts[std::size_t(truth) * std::size_t(m_classes) + std::size_t(predicted)];
}

qint64 ConfusionMatrix::correct() const
{
    qint64 sum = 0;
    for (int c = 0; c < m_classes; ++c)
        sum += at(c, c);
    return sum;
}

qint64 ConfusionMatrix::truthCount(int cls) const
{
    qint64 sum = 0;
    for (int p = 0; p < m_classes; ++p)
        sum += at(cls, p);
    return sum;
}

qint64 ConfusionMatrix::predictedCount(int cls) const
{
    qint64 sum = 0;
    for (int t = 0; t < m_classes; ++t)
        sum += at(t, cls);
    return sum;
}

QJsonArray ConfusionMatrix::toJson() const
{
    QJsonArray rows;
    for (int t = 0; t < m_classes; ++t) {
        QJsonArray row;
        for (int p = 0; p < m_classes; ++p)
            row.append(QJsonValue(at(t, p)));
        rows.append(row);
    }
    return rows;
}

ConfusionMatrix ConfusionMatrix::fromJson(const QJsonArray &rows, const QString &path)
{
    const int classes = int(rows.size());
    ConfusionMatrix matrix(classes);
    for (int t = 0; t < classes; ++t) {
        const QJsonValue rowValue = rows.at(t);
        if (!rowValue.isArray())
            throw DataError(path, QStringLiteral("confusion matrix row %1 is not an array").arg(t));
        const QJsonArray row = rowValue.toArray();
        if (row.size() != classes)
            throw DataError(path,
                            QStringLiteral("confusion matrix row %1 has %2 counts instead of %3")
                                .arg(t)
                                .arg(row.size())
                                .arg(classes));
        for (int p = 0; p < classes; ++p) {
            const double count = row.at(p).toDouble(-1.0);
            // 2^53: the largest count a JSON double still holds exactly.
            if (!row.at(p).isDouble() || count < 0 || count != std::floor(count)
                || count > 9007199254740992.0)
                throw DataError(
                    path, QStringLiteral("confusion matrix cell (%1, %2) is not a count >= 0").arg(t).arg(p));
            matrix.add(t, p, qint64(count));
        }
    }
    return matrix;
}

} // namespace deepterra
