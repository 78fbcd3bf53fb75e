#pragma once

// Core-private: only core .cpp files include this.

#include "geodata/rastergrid.h"
#include "labels/classtable.h"

#include <QString>

#include <gdal.h>

namespace deepterra {

// One output of a prediction: a tiled DEFLATE GeoTIFF written under "<path>.partial" and moved
// to its final name only by commit(). Every write, flush and close is checked: a failure is a
// DataError naming the final path and the system's reason ("No space left on device"). A path in
// GDAL's memory (/vsimem/) works as a disk path does.
class PartialGeoTiff
{
public:
    static constexpr int kBlockSize = 256;

    // Creates the partial file on `grid` (an older one is replaced), or with `reopen` opens an
    // interrupted prediction's partial file for update, which must fit the grid and band count.
    PartialGeoTiff(const QString &path, const RasterGrid &grid, GDALDataType type, int bands, bool reopen);
    // Closes the file quietly and leaves it where it is (discard() removes it).
    ~PartialGeoTiff();
    PartialGeoTiff(const PartialGeoTiff &) = delete;
    PartialGeoTiff &operator=(const PartialGeoTiff &) = delete;

    static QString partialPath(const QString &path) { return path + QStringLiteral(".partial"); }

    const QString &path() const { return m_path; }
    int bandCount() const { return m_bands; }
    // For the bands' descriptions, NoData, colours and metadata.
    GDALDatasetH dataset() const { return m_dataset; }

    // Rows [firstRow, firstRow + rows) of columns [firstColumn, firstColumn + width) of band
    // `band` (1-based), written through to the file on this thread.
    void writeRows(int band, int firstColumn, int firstRow, int width, int rows, float *values);
    // The blocks written so far and the TIFF directory that finds them, in the file on disk.
    void flushToDisk();
    // Whether a reader of the file on disk (not this handle) finds block (x, y) of the first and
    // the last band.
    bool holdsBlock(int x, int y) const;
    // Asks the system to put the file's pages on the disk (a power cut, not only a kill).
    void sync() const;
    // Flushes and closes: the directory and the last blocks are written.
    void close();
    // Moves the closed partial file (and its .aux.xml) over the final name in one step.
    void commit();
    // Closes quietly and removes the partial file and its .aux.xml.
    void discard();

    // The class map's pixel type for `classes` and its NoData value.
    static GDALDataType classMapType(const ClassTable &classes, int noData);
    // Band `band` as a class map: NoData, the description "class", and each class's colour and name
    // at its value (other values transparent and unnamed), for any reader of the file.
    void describeClasses(int band, const ClassTable &classes, int noData);
    // Removes a file from the disk or from GDAL's memory; quiet when there is none.
    static void removeFile(const QString &path);

private:
    [[noreturn]] void throwWriteFailure(const class GdalErrorScope &errors, int savedErrno) const;
    void closeQuietly();

    QString m_path;
    int m_bands = 1;
    GDALDatasetH m_dataset = nullptr;
};

} // namespace deepterra
