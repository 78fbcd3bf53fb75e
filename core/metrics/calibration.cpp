#include "metrics/calibration.h"

#include "common/dataerror.h"
#include "metrics/jsonnumber.h"

#include <QJsonArray>
#include <QJsonValue>
#include <QObject>

#include <algorithm>
#include <cmath>
#include <limits>

namespace deepterra {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double gap(const CalibrationBin &bin)
{
    return std::abs(bin.accuracy - bin.confidence);
}

} // namespace

Calibration::Calibration(int bins)
    : m_counts(std::size_t(std::max(bins, 1)), 0)
    , m_confidenceSums(m_counts.size(), 0.0)
    , m_correct(m_counts.size(), 0.0)
{ }

int Calibration::binOf(double confidence) const
{
    const int bins = binCount();
    // A confidence of exactly 1 belongs to the last bin, not to one past it.
    return std::clamp(int(confidence * double(bins)), 0, bins - 1);
}

void Calibration::add(double confidence, bool correct)
{
    if (!std::isfinite(confidence))
        return;
    const auto b = std::size_t(binOf(confidence));
    ++m_counts[b];
    m_confidenceSums[b] += confidence;
    m_correct[b] += correct ? 1.0 : 0.0;
    ++m_total;
}

void Calibration::merge(const Calibration &other)
{
    if (other.binCount() != binCount())
        return;
    for (std::size_t b = 0; b < m_counts.size(); ++b) {
        m_counts[b] += other.m_counts[b];
        m_confidenceSums[b] += other.m_confidenceSums[b];
        m_correct[b] += other.m_correct[b];
    }
    m_total += other.m_total;
}

QDataStream &operator<<(QDataStream &stream, const Calibration &calibration)
{
    stream << quint32(calibration.m_counts.size());
    for (std::size_t b = 0; b < calibration.m_counts.size(); ++b)
        stream << qint64(calibration.m_counts[b]) << calibration.m_confidenceSums[b]
               << calibration.m_correct[b];
    return stream << qint64(calibration.m_total);
}

QDataStream &operator>>(QDataStream &stream, Calibration &calibration)
{
    quint32 bins = 0;
    stream >> bins;
    // A damaged stream must not allocate without bound: no calibration has more bins than pixels.
    if (stream.status() != QDataStream::Ok || bins == 0 || bins > 100000) {
        stream.setStatus(QDataStream::ReadCorruptData);
        return stream;
    }
    Calibration read(static_cast<int>(bins));
    for (std::size_t b = 0; b < bins; ++b) {
        qint64 count = 0;
        stream >> count >> read.m_confidenceSums[b] >> read.m_correct[b];
        read.m_counts[b] = count;
    }
    qint64 total = 0;
    stream >> total;
    read.m_total = total;
    if (stream.status() == QDataStream::Ok)
        calibration = std::move(read);
    return stream;
}

void Calibration::addBatch(const std::int64_t *truth, const std::int64_t *predicted, const float *confidence,
                           std::size_t n, int classes)
{
    const auto range = std::uint64_t(std::max(classes, 0));
    for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t t = truth[i];
        const std::int64_t p = predicted[i];
        // Negative indices wrap to huge unsigned values, so one comparison checks both ends.
        if (t < 0 || std::uint64_t(t) >= range || std::uint64_t(p) >= range)
            continue;
        add(double(confidence[i]), t == p);
    }
}

CalibrationBin Calibration::bin(int index) const
{
    CalibrationBin bin;
    if (index < 0 || index >= binCount())
        return bin;
    const auto b = std::size_t(index);
    bin.lower = double(index) / double(binCount());
    bin.upper = double(index + 1) / double(binCount());
    bin.count = m_counts[b];
    bin.confidence = bin.count > 0 ? m_confidenceSums[b] / double(bin.count) : kNaN;
    bin.accuracy = bin.count > 0 ? m_correct[b] / double(bin.count) : kNaN;
    return bin;
}

std::vector<CalibrationBin> Calibration::bins() const
{
    std::vector<CalibrationBin> all;
    all.reserve(m_counts.size());
    for (int b = 0; b < binCount(); ++b)
        all.push_back(bin(b));
    return all;
}

double Calibration::expectedCalibrationError() const
{
    if (m_total == 0)
        return kNaN;
    double error = 0.0;
    for (const CalibrationBin &b : bins())
        if (b.count > 0)
            error += double(b.count) / double(m_total) * gap(b);
    return error;
}

double Calibration::maximumCalibrationError() const
{
    if (m_total == 0)
        return kNaN;
    double error = 0.0;
    for (const CalibrationBin &b : bins())
        if (b.count > 0)
            error = std::max(error, gap(b));
    return error;
}

QJsonObject Calibration::toJson() const
{
    QJsonArray bins;
    for (const CalibrationBin &b : this->bins())
        bins.append(QJsonObject { { QStringLiteral("lower"), b.lower },
                                  { QStringLiteral("upper"), b.upper },
                                  { QStringLiteral("count"), double(b.count) },
                                  { QStringLiteral("confidence"), jsonNumber(b.confidence) },
                                  { QStringLiteral("accuracy"), jsonNumber(b.accuracy) } });
    return { { QStringLiteral("ece"), jsonNumber(expectedCalibrationError()) },
             { QStringLiteral("mce"), jsonNumber(maximumCalibrationError()) },
             { QStringLiteral("bins"), bins } };
}

Calibration Calibration::fromJson(const QJsonObject &json, const QString &path)
{
    const QJsonArray bins = json.value(QStringLiteral("bins")).toArray();
    if (bins.isEmpty())
        throw DataError(path, QObject::tr("the calibration has no bins"));
    Calibration calibration(int(bins.size()));
    for (qsizetype i = 0; i < bins.size(); ++i) {
        const QJsonObject bin = bins.at(i).toObject();
        const double count = bin.value(QStringLiteral("count")).toDouble(-1.0);
        const double confidence = bin.value(QStringLiteral("confidence")).toDouble(kNaN);
        const double accuracy = bin.value(QStringLiteral("accuracy")).toDouble(kNaN);
        const auto inUnitRange = [](double v) { return v >= 0.0 && v <= 1.0; };
        if (count < 0.0 || count != std::floor(count)
            || (count > 0.0 && !(inUnitRange(confidence) && inUnitRange(accuracy))))
            throw DataError(path,
                            QObject::tr("calibration bin %1 is not a count with its confidence and "
                                        "accuracy in 0..1")
                                .arg(i + 1));
        const auto b = std::size_t(i);
        calibration.m_counts[b] = qint64(count);
        calibration.m_confidenceSums[b] = count > 0.0 ? confidence * count : 0.0;
        calibration.m_correct[b] = count > 0.0 ? accuracy * count : 0.0;
        calibration.m_total += qint64(count);
    }
    return calibration;
}

} // namespace deepterra
