#include "metrics/areaadjustedaccuracy.h"

#include "metrics/jsonnumber.h"

#include <QJsonArray>

#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

namespace deepterra {

namespace {

constexpr double kUndefined = std::numeric_limits<double>::quiet_NaN();

std::string classLabel(std::size_t index)
{
    return "class " + std::to_string(index);
}

} // namespace

AreaAdjustedAccuracy::AreaAdjustedAccuracy(std::vector<std::vector<qint64>> counts,
                                           std::vector<double> mappedAreas)
    : m_counts(std::move(counts))
    , m_mappedAreas(std::move(mappedAreas))
{
    const std::size_t classes = m_counts.size();
    if (classes == 0)
        throw std::invalid_argument("no classes to estimate");
    if (m_mappedAreas.size() != classes)
        throw std::invalid_argument("the sample has " + std::to_string(classes) + " classes but the map "
                                    + std::to_string(m_mappedAreas.size()));
    for (std::size_t i = 0; i < classes; ++i) {
        if (m_counts[i].size() != classes)
            throw std::invalid_argument("the error matrix is not square (row of " + classLabel(i) + ")");
        qint64 total = 0;
        for (qint64 count : m_counts[i]) {
            if (count < 0)
                throw std::invalid_argument("a negative point count for " + classLabel(i));
            total += count;
        }
        m_rowTotals.push_back(total);
        const double area = m_mappedAreas[i];
        if (!std::isfinite(area) || area < 0.0)
            throw std::invalid_argument("the mapped area of " + classLabel(i)
                                        + " is not a finite, non-negative number");
        if (area > 0.0 && total == 0)
            throw std::invalid_argument(classLabel(i)
                                        + " is mapped but has no sample point: "
                                          "every mapped class is a stratum and needs points");
        if (area == 0.0 && total > 0)
            throw std::invalid_argument(classLabel(i) + " has sample points but is mapped nowhere");
        m_totalArea += area;
    }
    if (m_totalArea <= 0.0)
        throw std::invalid_argument("the map has no area in any class");
}

qint64 AreaAdjustedAccuracy::sampleSize() const
{
    return std::accumulate(m_rowTotals.begin(), m_rowTotals.end(), qint64(0));
}

qint64 AreaAdjustedAccuracy::samplesOf(int mapClass) const
{
    return m_rowTotals[std::size_t(mapClass)];
}

double AreaAdjustedAccuracy::weight(int mapClass) const
{
    return m_mappedAreas[std::size_t(mapClass)] / m_totalArea;
}

double AreaAdjustedAccuracy::sampleShare(int mapClass, int referenceClass) const
{
    const qint64 total = m_rowTotals[std::size_t(mapClass)];
    return total == 0 ? 0.0
                      : double(m_counts[std::size_t(mapClass)][std::size_t(referenceClass)]) / double(total);
}

double AreaAdjustedAccuracy::varianceTerm(int mapClass, double share) const
{
    const double w = weight(mapClass);
    if (w == 0.0)
        return 0.0;
    const qint64 n = m_rowTotals[std::size_t(mapClass)];
    if (n < 2)
        return kUndefined;
    return w * w * share * (1.0 - share) / double(n - 1);
}

double AreaAdjustedAccuracy::proportion(int mapClass, int referenceClass) const
{
    return weight(mapClass) * sampleShare(mapClass, referenceClass);
}

double AreaAdjustedAccuracy::areaProportion(int referenceClass) const
{
    double sum = 0.0;
    for (int i = 0; i < classCount(); ++i)
        sum += proportion(i, referenceClass);
    return sum;
}

double AreaAdjustedAccuracy::areaProportionStandardError(int referenceClass) const
{
    double variance = 0.0;
    for (int i = 0; i < classCount(); ++i)
        variance += varianceTerm(i, sampleShare(i, referenceClass));
    return std::sqrt(variance);
}

double AreaAdjustedAccuracy::areaHalfWidth(int referenceClass) const
{
    return kZ95 * m_totalArea * areaProportionStandardError(referenceClass);
}

double AreaAdjustedAccuracy::usersAccuracy(int mapClass) const
{
    if (m_rowTotals[std::size_t(mapClass)] == 0)
        return kUndefined;
    return sampleShare(mapClass, mapClass);
}

double AreaAdjustedAccuracy::usersHalfWidth(int mapClass) const
{
    const qint64 n = m_rowTotals[std::size_t(mapClass)];
    if (n < 2)
        return kUndefined;
    const double u = usersAccuracy(mapClass);
    return kZ95 * std::sqrt(u * (1.0 - u) / double(n - 1));
}

double AreaAdjustedAccuracy::producersAccuracy(int referenceClass) const
{
    const double estimated = areaProportion(referenceClass);
    if (estimated <= 0.0)
        return kUndefined;
    return proportion(referenceClass, referenceClass) / estimated;
}

double AreaAdjustedAccuracy::producersHalfWidth(int referenceClass) const
{
    // Olofsson et al. 2014, eq. 7, with every N_i. divided by the map's total (N_i. / N = W_i):
    // the estimated reference total N̂_.j becomes p̂_.j.
    const double p = producersAccuracy(referenceClass);
    if (std::isnan(p))
        return kUndefined;
    const double u = usersAccuracy(referenceClass);
    double variance = (1.0 - p) * (1.0 - p) * varianceTerm(referenceClass, u);
    for (int i = 0; i < classCount(); ++i)
        if (i != referenceClass)
            variance += p * p * varianceTerm(i, sampleShare(i, referenceClass));
    const double estimated = areaProportion(referenceClass);
    return kZ95 * std::sqrt(variance) / estimated;
}

double AreaAdjustedAccuracy::overallAccuracy() const
{
    double sum = 0.0;
    for (int i = 0; i < classCount(); ++i)
        sum += proportion(i, i);
    return sum;
}

double AreaAdjustedAccuracy::overallHalfWidth() const
{
    double variance = 0.0;
    for (int i = 0; i < classCount(); ++i)
        variance += varianceTerm(i, sampleShare(i, i));
    return kZ95 * std::sqrt(variance);
}

double AreaAdjustedAccuracy::kappa() const
{
    double chance = 0.0;
    for (int i = 0; i < classCount(); ++i)
        chance += weight(i) * areaProportion(i);
    if (chance >= 1.0)
        return kUndefined;
    return (overallAccuracy() - chance) / (1.0 - chance);
}

QJsonObject AreaAdjustedAccuracy::toJson() const
{
    QJsonArray proportions;
    QJsonArray classes;
    for (int i = 0; i < classCount(); ++i) {
        QJsonArray row;
        for (int j = 0; j < classCount(); ++j)
            row.append(proportion(i, j));
        proportions.append(row);
        classes.append(QJsonObject {
            { QStringLiteral("mappedArea"), mappedArea(i) },
            { QStringLiteral("weight"), weight(i) },
            { QStringLiteral("samples"), samplesOf(i) },
            { QStringLiteral("areaProportion"), areaProportion(i) },
            { QStringLiteral("areaProportionStandardError"), jsonNumber(areaProportionStandardError(i)) },
            { QStringLiteral("area"), area(i) },
            { QStringLiteral("areaHalfWidth95"), jsonNumber(areaHalfWidth(i)) },
            { QStringLiteral("usersAccuracy"), jsonNumber(usersAccuracy(i)) },
            { QStringLiteral("usersHalfWidth95"), jsonNumber(usersHalfWidth(i)) },
            { QStringLiteral("producersAccuracy"), jsonNumber(producersAccuracy(i)) },
            { QStringLiteral("producersHalfWidth95"), jsonNumber(producersHalfWidth(i)) },
        });
    }
    return QJsonObject {
        { QStringLiteral("totalArea"), m_totalArea },
        { QStringLiteral("sampleSize"), sampleSize() },
        { QStringLiteral("overallAccuracy"), overallAccuracy() },
        { QStringLiteral("overallHalfWidth95"), jsonNumber(overallHalfWidth()) },
        { QStringLiteral("kappaLegacy"), jsonNumber(kappa()) },
        { QStringLiteral("proportions"), proportions },
        { QStringLiteral("classes"), classes },
    };
}

} // namespace deepterra
