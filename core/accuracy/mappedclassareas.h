#pragma once

#include "labels/classtable.h"

#include <QString>
#include <QtGlobal>

#include <vector>

namespace deepterra {

class Feedback;

// One class of a class map: how many pixels the map gives it and how much ground that is.
struct MappedClass
{
    ClassEntry entry;
    qint64 pixels = 0;
    double hectares = 0.0; // NaN when the map has no coordinate reference system
};

// The classes of a class map (band 1, NoData excluded) and the area each covers: the strata of
// an accuracy assessment and the weights of its estimators. Pixel areas come from the map's
// grid: its cell size in a projected CRS, and in a geographic CRS the area of each row's cells
// on the authalic sphere, so that a degree grid's polar rows weigh what they cover.
class MappedClassAreas
{
public:
    // Reads the map in strips. Every class the map's table names is listed, mapped or not.
    // Throws DataError for an unreadable map or a band of non-integer values.
    static MappedClassAreas measure(const QString &path, Feedback *feedback = nullptr);

    const QString &path() const { return m_path; }
    const std::vector<MappedClass> &classes() const { return m_classes; }
    // The position in classes() of the class with this value, -1 for none.
    int indexOfValue(int value) const;
    bool hasArea() const { return m_hasArea; }
    qint64 totalPixels() const;
    double totalHectares() const;

private:
    QString m_path;
    std::vector<MappedClass> m_classes;
    bool m_hasArea = false;
};

} // namespace deepterra
