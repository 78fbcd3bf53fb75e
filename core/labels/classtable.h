#pragma once

#include "labels/classentry.h"

#include <QJsonArray>
#include <QStringList>

#include <vector>

namespace deepterra {

// The classes of a label set. The position of an entry in `entries` is the class index a model
// is trained on, so entries stay sorted by value and every factory returns them that way.
class ClassTable
{
public:
    std::vector<ClassEntry> entries; // sorted by value; index in this vector = training class index

    int size() const { return static_cast<int>(entries.size()); }
    bool isEmpty() const { return entries.empty(); }
    int indexOfValue(int value) const; // -1 if absent
    const ClassEntry *findValue(int value) const;

    // The classes of a class raster's band. With a raster attribute table that names classes, the
    // classes are its named rows (named classes that do not occur in this raster included, unnamed
    // values excluded: they become unlabelled pixels). Without names, the distinct values present in
    // the band (NoData excluded) are the classes, named "class N". Colours come from the table's
    // Red/Green/Blue columns, else the band's colour table, else defaultColor(). Throws DataError
    // for a missing or unreadable file, an unknown band, non-integer values, more than
    // kMaxDistinctValues values (not a class raster) or a band without any value.
    static ClassTable fromRasterBand(const QString &path, int band = 1);
    // Sorted and de-duplicated; named "class N", coloured by defaultColor(index).
    static ClassTable fromValues(const std::vector<int> &values);
    // Values 1..N in sorted-name order (code point order, so the same on every machine);
    // empty and repeated names are dropped.
    static ClassTable fromNames(const QStringList &names);
    // A categorical palette whose first 20 colours are Kelly's colours of maximum contrast (minus
    // black and white, which read as "no data"); later indices walk the hue circle by the golden angle.
    static ColorEntry defaultColor(int index);
    static QString defaultName(int value);

    // [{"value": 11, "name": "Open Water", "color": "#476ba1"}, ...]
    QJsonArray toJson() const;
    // Accepts what toJson() writes; a missing name or colour gets the default. Throws DataError
    // (without a path) for an entry without an integer value or a value given twice.
    static ClassTable fromJson(const QJsonArray &array);

    static constexpr int kMaxDistinctValues = 1000;
};

} // namespace deepterra
