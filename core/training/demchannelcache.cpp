#include "training/demchannelcache.h"

#include "common/dataerror.h"
#include "geodata/gdalenvironment.h"
#include "geodata/gdalerrorscope.h"
#include "geodata/rasterdataset.h"
#include "jobs/feedback.h"
#include "labels/labelplacement.h"
#include "terrain/demprocessor.h"

#include <QDir>
#include <QFileInfo>
#include <QTemporaryDir>

#include <cpl_string.h>
#include <gdal.h>
#include <gdal_utils.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <optional>
#include <stdexcept>

namespace deepterra {

namespace {

const QLatin1String kElevation("elevation");

std::atomic<int> g_derivativesComputed { 0 };

QString unknownChannelCause(const QString &name)
{
    QStringList names;
    for (DemDerivative d : DemProcessor::all())
        names << DemProcessor::name(d);
    return QStringLiteral("unknown DEM channel \"%1\" (expected elevation, %2)")
        .arg(name, names.join(QStringLiteral(", ")));
}

// Bounding box in map units of the pixel rectangle `area` of a grid with `transform`.
QRectF mapExtent(const GeoTransform &transform, const QRect &area)
{
    const QPointF corners[]
        = { transform.pixelToMap(QPointF(area.left(), area.top())),
            transform.pixelToMap(QPointF(area.left() + area.width(), area.top())),
            transform.pixelToMap(QPointF(area.left(), area.top() + area.height())),
            transform.pixelToMap(QPointF(area.left() + area.width(), area.top() + area.height())) };
    double left = corners[0].x(), right = left, top = corners[0].y(), bottom = top;
    for (const QPointF &corner : corners) {
        left = std::min(left, corner.x());
        right = std::max(right, corner.x());
        top = std::min(top, corner.y());
        bottom = std::max(bottom, corner.y());
    }
    return QRectF(QPointF(left, top), QPointF(right, bottom));
}

// The DEM pixels that warping any window of `area` can reach, plus a margin, clipped to the DEM.
// GDAL's bilinear kernel reaches one source pixel from the sampled position, and `scale` pixels
// when the image is coarser than the DEM (the kernel widens by the ratio); the derivatives of the
// cut differ from the whole DEM's on its outermost pixel only. Twice the reach plus four pixels
// keeps both apart with room for the outline's densification and the warper's approximate
// transformer.
QRect derivativeWindow(const RasterInfo &dem, const RasterGrid &imageGrid, const QRect &area)
{
    const QRect whole(0, 0, dem.width, dem.height);
    if (area.isEmpty() || !dem.hasGeoTransform || !dem.geoTransform.isInvertible()
        || !imageGrid.geoTransform.isInvertible())
        return whole;
    const std::optional<QRectF> footprint = LabelPlacement::extentInGridCrs(
        mapExtent(imageGrid.geoTransform, area), imageGrid.crs, RasterGrid::of(dem));
    if (!footprint)
        return whole;
    double left = std::numeric_limits<double>::infinity(), right = -left, top = left, bottom = -left;
    for (const QPointF &corner :
         { footprint->topLeft(), footprint->topRight(), footprint->bottomLeft(), footprint->bottomRight() }) {
        const QPointF pixel = dem.geoTransform.mapToPixel(corner);
        left = std::min(left, pixel.x());
        right = std::max(right, pixel.x());
        top = std::min(top, pixel.y());
        bottom = std::max(bottom, pixel.y());
    }
    if (!std::isfinite(left) || !std::isfinite(right) || !std::isfinite(top) || !std::isfinite(bottom))
        return whole;
    const double scale = std::max({ 1.0, (right - left) / area.width(), (bottom - top) / area.height() });
    const double margin = 2.0 * std::ceil(scale) + 4.0;
    // Clamped as doubles: a footprint far outside the DEM must not overflow an int.
    const auto clamp = [](double value, int size) { return int(std::clamp(value, 0.0, double(size))); };
    const int x0 = clamp(std::floor(left - margin), dem.width);
    const int x1 = clamp(std::ceil(right + margin), dem.width);
    const int y0 = clamp(std::floor(top - margin), dem.height);
    const int y1 = clamp(std::ceil(bottom + margin), dem.height);
    // A DEM that misses the area keeps its old treatment: derivatives of all of it, whose warps
    // then find no valid pixel (an error in training, NoData in prediction).
    if (x1 <= x0 || y1 <= y0)
        return whole;
    return QRect(x0, y0, x1 - x0, y1 - y0);
}

// Writes a virtual raster of band 1 of the DEM over `window`: no pixel is copied, and GDAL's DEM
// processing reads it like any raster.
void writeCut(const RasterDataset &dem, const QString &demPath, const QRect &window, const QString &vrtPath)
{
    CPLStringList arguments;
    for (const char *argument : { "-of", "VRT", "-b", "1", "-srcwin" })
        arguments.AddString(argument);
    for (int value : { window.x(), window.y(), window.width(), window.height() })
        arguments.AddString(QByteArray::number(value).constData());
    GdalErrorScope errors;
    GDALTranslateOptions *options = GDALTranslateOptionsNew(arguments.List(), nullptr);
    GDALDatasetH cut = options ? GDALTranslate(vrtPath.toUtf8().constData(),
                                               static_cast<GDALDatasetH>(dem.gdalHandle()), options, nullptr)
                               : nullptr;
    GDALTranslateOptionsFree(options);
    if (!cut)
        throw DataError(demPath,
                        QStringLiteral("cannot cut the part of the DEM under the image: %1")
                            .arg(errors.lastError(QStringLiteral("GDAL could not write it"))));
    GDALClose(cut);
}

} // namespace

DemChannelCache::DemChannelCache(const QString &demPath, const QStringList &channels,
                                 const RasterGrid &imageGrid, const QRect &area, Feedback *feedback)
    : m_demPath(demPath)
    , m_channels(channels)
    , m_imageGrid(imageGrid)
    , m_area(area)
{
    std::vector<std::pair<QString, DemDerivative>> derivatives;
    for (const QString &name : channels) {
        if (name == kElevation) {
            m_entries.push_back({ name, demPath, Resampling::Bilinear });
            continue;
        }
        const std::optional<DemDerivative> derivative = DemProcessor::fromName(name);
        if (!derivative)
            throw DataError(demPath, unknownChannelCause(name));
        const bool listed = std::any_of(derivatives.begin(), derivatives.end(),
                                        [&](const auto &entry) { return entry.first == name; });
        if (!listed)
            derivatives.emplace_back(name, *derivative);
    }

    GdalEnvironment::ensureInitialized();
    // Absolute, so that the virtual cut in the temporary folder finds the DEM.
    const QFileInfo file(demPath);
    const QString absoluteDem = file.exists() ? file.absoluteFilePath() : demPath;
    const RasterDataset dem = [&] {
        try {
            return RasterDataset::open(absoluteDem);
        } catch (const DataError &error) {
            throw DataError(demPath, error.cause());
        }
    }();
    m_demWindow = derivativeWindow(dem.info(), imageGrid, area);
    if (derivatives.empty())
        return;

    m_folder = std::make_unique<QTemporaryDir>();
    if (!m_folder->isValid())
        throw DataError(QDir::tempPath(),
                        QStringLiteral("cannot create a temporary folder for the DEM derivatives: %1")
                            .arg(m_folder->errorString()));
    const QDir folder(m_folder->path());
    QString source = demPath;
    if (m_demWindow != QRect(0, 0, dem.width(), dem.height())) {
        source = folder.filePath(QStringLiteral("dem-cut.vrt"));
        writeCut(dem, demPath, m_demWindow, source);
    }
    for (const auto &[name, derivative] : derivatives) {
        if (feedback) {
            feedback->checkpoint();
            // DemProcessor reports its own 0-100 % progress: say what the bar is about.
            feedback->info(
                QStringLiteral("computing the %1 of %2").arg(DemProcessor::name(derivative), demPath));
            // The cut holds band 1 only, so DemProcessor cannot tell about the others.
            if (dem.bandCount() > 1 && source != demPath)
                feedback->info(QStringLiteral("%1 has %2 bands; the %3 is computed from band 1")
                                   .arg(demPath)
                                   .arg(dem.bandCount())
                                   .arg(DemProcessor::name(derivative)));
        }
        DemDerivativeOptions options;
        options.zeroForFlat = true;
        const QString path = folder.filePath(name + QStringLiteral(".tif"));
        try {
            DemProcessor::compute(source, derivative, path, options, feedback);
        } catch (const DataError &error) {
            // The cut and the derivative live in a folder the user never heard of: name the DEM.
            throw DataError(demPath, error.cause());
        }
        ++g_derivativesComputed;
        // Aspect is an angle: interpolating 350 and 10 degrees would give 180.
        const Resampling resampling
            = derivative == DemDerivative::Aspect ? Resampling::Nearest : Resampling::Bilinear;
        for (const QString &channel : channels)
            if (channel == name)
                m_entries.push_back({ name, path, resampling });
    }
}

DemChannelCache::~DemChannelCache() = default;

bool DemChannelCache::serves(const RasterGrid &grid, const QRect &window) const
{
    return grid.width == m_imageGrid.width && grid.height == m_imageGrid.height
        && grid.geoTransform == m_imageGrid.geoTransform && grid.crs.wkt == m_imageGrid.crs.wkt
        && m_area.contains(window);
}

const DemChannelCache::Channel &DemChannelCache::channel(const QString &name) const
{
    for (const Channel &entry : m_entries)
        if (entry.name == name)
            return entry;
    throw std::invalid_argument("the DEM channel cache holds no channel \"" + name.toStdString() + "\"");
}

QString DemChannelCache::rasterPath(const QString &channel) const
{
    return this->channel(channel).path;
}

Resampling DemChannelCache::resampling(const QString &channel) const
{
    return this->channel(channel).resampling;
}

int DemChannelCache::derivativesComputed()
{
    return g_derivativesComputed.load();
}

} // namespace deepterra
