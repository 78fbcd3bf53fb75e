#include "accuracy/accuracyassessment.h"

#include "accuracy/referencepointsfile.h"
#include "common/dataerror.h"
#include "geodata/rasterdataset.h"

#include <QJsonArray>
#include <QPointF>

#include <cmath>
#include <stdexcept>

namespace deepterra {

namespace {

std::vector<ClassEntry> entriesOf(const MappedClassAreas &areas)
{
    std::vector<ClassEntry> entries;
    for (const MappedClass &c : areas.classes())
        entries.push_back(c.entry);
    return entries;
}

// The map's class under each point, checked against the class it was drawn from.
void checkPointsLieOnTheirClass(const QString &pointsPath, const MappedClassAreas &areas,
                                const std::vector<ReferencePoint> &points)
{
    const RasterDataset map = RasterDataset::open(areas.path());
    const auto &c = map.info().geoTransform.coefficients();
    const double determinant = c[1] * c[5] - c[2] * c[4];
    for (const ReferencePoint &point : points) {
        const double dx = point.x - c[0];
        const double dy = point.y - c[3];
        const int column = int(std::floor((c[5] * dx - c[2] * dy) / determinant));
        const int row = int(std::floor((c[1] * dy - c[4] * dx) / determinant));
        if (column < 0 || row < 0 || column >= map.width() || row >= map.height())
            throw DataError(pointsPath,
                            QStringLiteral("point %1 lies outside the map %2: these points were "
                                           "drawn from another map")
                                .arg(point.id)
                                .arg(areas.path()));
        const RasterBuffer pixel = map.readWindow(QRect(column, row, 1, 1), { 1 });
        const bool same = pixel.isValid(0, 0, 0) && int(pixel.value(0, 0, 0)) == point.mapValue;
        if (!same)
            throw DataError(pointsPath,
                            QStringLiteral("point %1 was drawn from class %2, but the map %3 has %4 "
                                           "there: these points were drawn from another map")
                                .arg(point.id)
                                .arg(point.mapValue)
                                .arg(areas.path(),
                                     pixel.isValid(0, 0, 0)
                                         ? QStringLiteral("class %1").arg(int(pixel.value(0, 0, 0)))
                                         : QStringLiteral("NoData")));
    }
}

} // namespace

AccuracyAssessment AccuracyAssessment::assess(const QString &mapPath, const QString &pointsPath,
                                              Feedback *feedback)
{
    AccuracyAssessment assessment;
    assessment.m_areas = MappedClassAreas::measure(mapPath, feedback);
    assessment.m_pointsPath = pointsPath;
    const std::vector<ClassEntry> entries = entriesOf(assessment.m_areas);
    const std::vector<ReferencePoint> points = ReferencePointsFile::read(pointsPath, entries);
    checkPointsLieOnTheirClass(pointsPath, assessment.m_areas, points);

    const std::size_t classes = entries.size();
    std::vector<std::vector<qint64>> counts(classes, std::vector<qint64>(classes, 0));
    for (const ReferencePoint &point : points) {
        if (!point.reference) {
            ++assessment.m_unlabelled;
            continue;
        }
        ++assessment.m_labelled;
        const int row = assessment.m_areas.indexOfValue(point.mapValue);
        const int column = assessment.m_areas.indexOfValue(*point.reference);
        ++counts[std::size_t(row)][std::size_t(column)];
    }
    if (assessment.m_labelled == 0)
        throw DataError(pointsPath,
                        QStringLiteral("none of the %1 points has a reference label yet: enter the "
                                       "class seen at each point in its 'reference' field")
                            .arg(points.size()));
    std::vector<double> mapped;
    for (const MappedClass &c : assessment.m_areas.classes())
        mapped.push_back(assessment.m_areas.hasArea() ? c.hectares : double(c.pixels));
    for (std::size_t i = 0; i < classes; ++i) {
        qint64 labelled = 0;
        for (qint64 count : counts[i])
            labelled += count;
        if (mapped[i] > 0.0 && labelled == 0)
            throw DataError(pointsPath,
                            QStringLiteral("class %1 (%2) is mapped, but none of its points has a "
                                           "reference label: each class of the map is a stratum "
                                           "and needs labelled points")
                                .arg(entries[i].value)
                                .arg(entries[i].name));
    }
    try {
        assessment.m_estimate = std::make_shared<const AreaAdjustedAccuracy>(counts, mapped);
    } catch (const std::invalid_argument &e) {
        throw DataError(pointsPath, QString::fromUtf8(e.what()));
    }
    return assessment;
}

QString AccuracyAssessment::areaUnit() const
{
    return m_areas.hasArea() ? QStringLiteral("ha") : QStringLiteral("pixels");
}

QJsonObject AccuracyAssessment::toJson() const
{
    QJsonObject json = m_estimate->toJson();
    QJsonArray classes = json.value(QStringLiteral("classes")).toArray();
    for (int i = 0; i < classes.size(); ++i) {
        QJsonObject entry = classes.at(i).toObject();
        const MappedClass &mapped = m_areas.classes()[std::size_t(i)];
        entry.insert(QStringLiteral("value"), mapped.entry.value);
        entry.insert(QStringLiteral("name"), mapped.entry.name);
        entry.insert(QStringLiteral("mappedPixels"), mapped.pixels);
        classes.replace(i, entry);
    }
    json.insert(QStringLiteral("classes"), classes);
    json.insert(QStringLiteral("map"), m_areas.path());
    json.insert(QStringLiteral("referencePoints"), m_pointsPath);
    json.insert(QStringLiteral("areaUnit"), areaUnit());
    json.insert(QStringLiteral("unlabelledPoints"), m_unlabelled);
    json.insert(QStringLiteral("estimator"),
                QStringLiteral("stratified (Olofsson et al. 2014), strata = map classes"));
    return json;
}

} // namespace deepterra
