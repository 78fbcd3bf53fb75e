#include "render/coordinatetransformer.h"

#include "common/dataerror.h"
#include "geodata/gdalenvironment.h"
#include "geodata/gdalerrorscope.h"

#include <ogr_srs_api.h>

#include <cmath>
#include <limits>

namespace deepterra {

namespace {

void destroyTransform(void *transform)
{
    if (transform)
        OCTDestroyCoordinateTransformation(static_cast<OGRCoordinateTransformationH>(transform));
}

struct SrsDeleter
{
    void operator()(void *srs) const { OSRDestroySpatialReference(static_cast<OGRSpatialReferenceH>(srs)); }
};
using SrsPtr = std::unique_ptr<void, SrsDeleter>;

SrsPtr spatialReference(const CrsInfo &crs)
{
    SrsPtr srs(OSRNewSpatialReference(nullptr));
    auto *handle = static_cast<OGRSpatialReferenceH>(srs.get());
    if (OSRSetFromUserInput(handle, crs.wkt.toUtf8().constData()) != OGRERR_NONE)
        throw DataError(QString(), QStringLiteral("the CRS \"%1\" cannot be read by PROJ").arg(crs.name));
    OSRSetAxisMappingStrategy(handle, OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

} // namespace

CoordinateTransformer::CoordinateTransformer(const CrsInfo &source, const CrsInfo &target)
    : m_transform(nullptr, &destroyTransform)
{
    if (!source.isValid() || !target.isValid() || source.isSameAs(target))
        return;
    GdalEnvironment::ensureInitialized();
    GdalErrorScope errors;
    const SrsPtr from = spatialReference(source);
    const SrsPtr to = spatialReference(target);
    OGRCoordinateTransformationH transform = OCTNewCoordinateTransformation(
        static_cast<OGRSpatialReferenceH>(from.get()), static_cast<OGRSpatialReferenceH>(to.get()));
    if (!transform)
        throw DataError(QString(),
                        QStringLiteral("no transformation from %1 to %2: %3")
                            .arg(source.identifier().left(80), target.identifier().left(80),
                                 errors.lastError(QStringLiteral("PROJ knows none"))));
    m_transform.reset(transform);
}

CoordinateTransformer::CoordinateTransformer(CoordinateTransformer &&other) noexcept = default;
CoordinateTransformer &CoordinateTransformer::operator=(CoordinateTransformer &&other) noexcept = default;
CoordinateTransformer::~CoordinateTransformer() = default;

CrsInfo CoordinateTransformer::lonLat()
{
    static const CrsInfo wgs84 = CrsInfo::fromUserInput(QStringLiteral("EPSG:4326"));
    return wgs84;
}

std::optional<QPointF> CoordinateTransformer::transform(const QPointF &point) const
{
    std::vector<double> x { point.x() };
    std::vector<double> y { point.y() };
    if (!transform(x, y))
        return std::nullopt;
    return QPointF(x[0], y[0]);
}

bool CoordinateTransformer::transform(std::vector<double> &x, std::vector<double> &y) const
{
    if (!m_transform)
        return true;
    if (x.empty())
        return true;
    GdalErrorScope errors; // failed points are reported through the flags, not on stderr
    std::vector<int> success(x.size(), 0);
    OCTTransformEx(static_cast<OGRCoordinateTransformationH>(m_transform.get()), int(x.size()), x.data(),
                   y.data(), nullptr, success.data());
    bool all = true;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!success[i] || !std::isfinite(x[i]) || !std::isfinite(y[i])) {
            x[i] = y[i] = std::numeric_limits<double>::infinity();
            all = false;
        }
    }
    return all;
}

std::optional<QRectF> CoordinateTransformer::transformBounds(const QRectF &rect) const
{
    if (!m_transform)
        return rect.normalized();
    constexpr int kSteps = 20;
    std::vector<double> x, y;
    const QRectF r = rect.normalized();
    for (int i = 0; i <= kSteps; ++i) {
        const double t = double(i) / kSteps;
        const double px = r.left() + t * r.width();
        const double py = r.top() + t * r.height();
        x.insert(x.end(), { px, px, r.left(), r.right() });
        y.insert(y.end(), { r.top(), r.bottom(), py, py });
    }
    transform(x, y);
    double minX = std::numeric_limits<double>::infinity(), minY = minX;
    double maxX = -minX, maxY = -minX;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (!std::isfinite(x[i]))
            continue;
        minX = std::min(minX, x[i]);
        maxX = std::max(maxX, x[i]);
        minY = std::min(minY, y[i]);
        maxY = std::max(maxY, y[i]);
    }
    if (!std::isfinite(minX))
        return std::nullopt;
    return QRectF(QPointF(minX, minY), QPointF(maxX, maxY));
}

} // namespace deepterra
