#pragma once

#include "accuracy/mappedclassareas.h"
#include "metrics/areaadjustedaccuracy.h"

#include <QJsonObject>
#include <QString>

#include <memory>

namespace deepterra {

class Feedback;

// The accuracy of a class map and its error-adjusted class areas, from reference points drawn
// from it (StratifiedPointSampler) and labelled by a person: the strata are the map's classes,
// their weights its class areas (hectares, or pixels for a map without a CRS).
class AccuracyAssessment
{
public:
    // Throws DataError naming the file: an unreadable map or points file, a point that lies
    // outside the map or on another class than the one it was drawn from (points of another
    // map), no labelled point, or a class mapped but without labelled points.
    static AccuracyAssessment assess(const QString &mapPath, const QString &pointsPath,
                                     Feedback *feedback = nullptr);

    const MappedClassAreas &areas() const { return m_areas; }
    const AreaAdjustedAccuracy &estimate() const { return *m_estimate; }
    // "ha", or "pixels" for a map without a coordinate reference system.
    QString areaUnit() const;
    int labelledPoints() const { return m_labelled; }
    int unlabelledPoints() const { return m_unlabelled; }

    // AreaAdjustedAccuracy::toJson with, per class, its value and name, and the map, the points
    // file, the area unit and the count of points left unlabelled.
    QJsonObject toJson() const;

private:
    AccuracyAssessment() = default;

    MappedClassAreas m_areas;
    std::shared_ptr<const AreaAdjustedAccuracy> m_estimate;
    QString m_pointsPath;
    int m_labelled = 0;
    int m_unlabelled = 0;
};

} // namespace deepterra
