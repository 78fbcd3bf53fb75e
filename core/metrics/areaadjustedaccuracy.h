#pragma once

#include <QJsonObject>
#include <QtGlobal>

#include <vector>

namespace deepterra {

// Accuracy and class areas of a map estimated from a stratified random sample of reference
// points, the strata being the map's classes (Olofsson et al. 2014, "Good practices for
// estimating area and assessing accuracy of land change", Remote Sensing of Environment 148,
// eqs. 2-10; Card 1982 for the producer's accuracy variance). Counting pixels of the map
// ("pixel counting") is biased by the map's errors; these estimators are not, and each figure
// comes with its 95 % confidence interval.
//
// Class i is both stratum i (rows: the map) and reference class i (columns). A class mapped
// nowhere (zero area, no points) is allowed and estimates as zero; a mapped class needs points.
class AreaAdjustedAccuracy
{
public:
    // The normal quantile the paper uses for its 95 % intervals.
    static constexpr double kZ95 = 1.96;

    // counts[i][j]: sample points the map calls i whose reference label is j. mappedAreas[i]:
    // the map's area of class i, in whatever unit the areas should come out in (hectares in a
    // report; pixels reproduce the paper's tables). Throws std::invalid_argument naming the
    // class when the counts are not square, an area is negative or not finite, a class with area
    // has no sample point, or a class mapped nowhere has points.
    AreaAdjustedAccuracy(std::vector<std::vector<qint64>> counts, std::vector<double> mappedAreas);

    int classCount() const { return int(m_counts.size()); }
    qint64 sampleSize() const;
    qint64 samplesOf(int mapClass) const;
    double totalArea() const { return m_totalArea; }
    double mappedArea(int mapClass) const { return m_mappedAreas[std::size_t(mapClass)]; }
    // W_i, the share of the map in class i.
    double weight(int mapClass) const;

    // p̂_ij: the estimated share of the area mapped as i whose reference is j.
    double proportion(int mapClass, int referenceClass) const;
    // p̂_.j, its standard error, and the class's error-adjusted area with the 95 % half-width.
    double areaProportion(int referenceClass) const;
    double areaProportionStandardError(int referenceClass) const;
    double area(int referenceClass) const { return m_totalArea * areaProportion(referenceClass); }
    double areaHalfWidth(int referenceClass) const;

    // NaN where undefined: user's accuracy of a class with no points, producer's accuracy of a
    // class with no estimated area, a half-width from a stratum of one point.
    double usersAccuracy(int mapClass) const;
    double usersHalfWidth(int mapClass) const;
    double producersAccuracy(int referenceClass) const;
    double producersHalfWidth(int referenceClass) const;
    double overallAccuracy() const;
    double overallHalfWidth() const;
    // Cohen's kappa of the estimated area proportions: reported as a legacy figure only (Pontius
    // and Millones 2011: it compares against a baseline of random allocation that no map is).
    double kappa() const;

    // {"totalArea", "sampleSize", "overallAccuracy", "overallHalfWidth95", "kappaLegacy",
    //  "proportions": [[p_ij]], "classes": [{"mappedArea", "weight", "samples", "areaProportion",
    //  "areaProportionStandardError", "area", "areaHalfWidth95", "usersAccuracy",
    //  "usersHalfWidth95", "producersAccuracy", "producersHalfWidth95"}]}; undefined values null.
    QJsonObject toJson() const;

private:
    // n_ij / n_i., the share of stratum i's points whose reference is j (0 for an empty stratum).
    double sampleShare(int mapClass, int referenceClass) const;
    // The stratum's term W_i^2 s (1 - s) / (n_i. - 1) of the variance estimators; NaN for one point.
    double varianceTerm(int mapClass, double share) const;

    std::vector<std::vector<qint64>> m_counts;
    std::vector<double> m_mappedAreas;
    std::vector<qint64> m_rowTotals;
    double m_totalArea = 0.0;
};

} // namespace deepterra
