#pragma once

#include "common/atomicfile.h"
#include "geodata/crsinfo.h"
#include "geodata/gdalerrorscope.h"

#include <QString>

#include <memory>

namespace deepterra {

// A vector file written in one step: a GeoPackage (.gpkg, and any other suffix) or GeoJSON
// (.geojson, .json), created under a temporary name beside the final one and renamed over it by
// commit() once complete, so that a failed or killed write leaves the previous file whole. Every
// failure throws DataError naming the final path.
class VectorFileWriter
{
public:
    explicit VectorFileWriter(QString path);
    ~VectorFileWriter();
    VectorFileWriter(const VectorFileWriter &) = delete;
    VectorFileWriter &operator=(const VectorFileWriter &) = delete;

    // A layer in `crs` (none when invalid; x then y whatever the CRS's axis order) with these
    // fields, created in the order given. `geometryType` is an OGRwkbGeometryType.
    struct Field
    {
        const char *name;
        int type; // OGRFieldType
    };
    // Returns the OGRLayerH.
    void *createLayer(const char *name, const CrsInfo &crs, int geometryType,
                      std::initializer_list<Field> fields);

    // Features are written between these two: GeoPackage writes them in one transaction.
    void beginFeatures();
    void endFeatures();

    // Closes the dataset, checks that a fresh reader finds `features` features in the first layer
    // (not every driver reports a failed write) and renames the file into place.
    void commit(long long features);

    GdalErrorScope &errors() { return m_errors; }
    const QString &path() const { return m_file.path(); }

private:
    void close();

    GdalErrorScope m_errors;
    AtomicFile m_file;
    void *m_dataset = nullptr; // GDALDatasetH
    bool m_transaction = false;
};

} // namespace deepterra
