#pragma once

#include "labels/vectorlayerinfo.h"

#include <QString>

#include <memory>
#include <vector>

namespace deepterra {

// A vector file (Shapefile, GeoPackage, GeoJSON, anything OGR reads) opened read-only. Private to
// the label sources: it hands out OGR handles.
class VectorDataset
{
public:
    // Throws DataError when the file is missing, not a vector format OGR reads, or holds no layer.
    static VectorDataset open(const QString &path);

    VectorDataset(VectorDataset &&other) noexcept;
    VectorDataset &operator=(VectorDataset &&other) noexcept;
    ~VectorDataset();

    const QString &path() const { return m_path; }
    QStringList layerNames() const;
    // The OGRLayerH of the named layer, or of the first one for an empty name; DataError listing
    // the layers when there is no such layer.
    void *layer(const QString &name) const;
    static VectorLayerInfo describeLayer(void *layer);
    // The layer's CRS; invalid when it has none.
    static CrsInfo layerCrs(void *layer);

private:
    VectorDataset(const QString &path, void *handle);

    QString m_path;
    std::unique_ptr<void, void (*)(void *)> m_handle;
};

} // namespace deepterra
