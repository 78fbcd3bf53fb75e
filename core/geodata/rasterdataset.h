#pragma once

#include "geodata/rasterbuffer.h"
#include "geodata/rasterinfo.h"
#include "geodata/rasterreadrequest.h"

#include <QString>

#include <memory>

namespace deepterra {

// A raster opened read-only through GDAL, any driver. Not thread-safe: each thread that reads
// opens its own RasterDataset (opening is cheap; GDAL caches blocks process-wide).
class RasterDataset
{
public:
    // Throws DataError when the file is missing, not a raster GDAL can read, or has no bands.
    static RasterDataset open(const QString &path);

    RasterDataset(RasterDataset &&other) noexcept;
    RasterDataset &operator=(RasterDataset &&other) noexcept;
    ~RasterDataset();

    const QString &path() const;
    const RasterInfo &info() const;
    int width() const { return info().width; }
    int height() const { return info().height; }
    int bandCount() const { return info().bandCount(); }

    // Reads a window into floats with a validity mask; memory is proportional to the output size.
    // Throws DataError for a window outside the raster, an unknown band, or pixel blocks that
    // cannot be read (a truncated or corrupt file): never silently zero-filled pixels.
    RasterBuffer read(const RasterReadRequest &request) const;
    RasterBuffer readWindow(const QRect &window, const std::vector<int> &bands = {}) const;

    // The GDALDatasetH, for core code that hands the dataset to GDAL's algorithms.
    void *gdalHandle() const;

private:
    struct Private;
    explicit RasterDataset(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

} // namespace deepterra
