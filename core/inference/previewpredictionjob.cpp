#include "inference/previewpredictionjob.h"

#include "common/dataerror.h"
#include "geodata/gdalerrorscope.h"
#include "geodata/rasterdataset.h"
#include "inference/rasterpredictor.h"
#include "inference/trainedmodel.h"
#include "jobs/feedback.h"
#include "render/coordinatetransformer.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QUuid>

#include <gdal_utils.h>

#include <cmath>
#include <memory>

namespace deepterra {

PreviewPredictionJob::PreviewPredictionJob(PreviewRequest request)
    : m_request(std::move(request))
{ }

QRect PreviewPredictionJob::windowFor(const QString &image, const QRectF &mapExtent, const CrsInfo &mapCrs,
                                      int maxSize)
{
    const RasterInfo info = RasterDataset::open(image).info();
    const QRect whole(0, 0, info.width, info.height);
    QRect window = whole;
    if (!mapExtent.isEmpty() && info.hasGeoTransform && info.geoTransform.isInvertible()) {
        QRectF extent = mapExtent;
        if (mapCrs.isValid() && info.crs.isValid() && !mapCrs.isSameAs(info.crs)) {
            const auto inImageCrs = CoordinateTransformer(mapCrs, info.crs).transformBounds(mapExtent);
            if (!inImageCrs)
                return {};
            extent = *inImageCrs;
        }
        const GeoTransform &gt = info.geoTransform;
        double minX = INFINITY, minY = INFINITY, maxX = -INFINITY, maxY = -INFINITY;
        for (const QPointF &corner :
             { extent.topLeft(), extent.topRight(), extent.bottomLeft(), extent.bottomRight() }) {
            const QPointF p = gt.mapToPixel(corner);
            minX = std::min(minX, p.x());
            minY = std::min(minY, p.y());
            maxX = std::max(maxX, p.x());
            maxY = std::max(maxY, p.y());
        }
        const int x0 = int(std::floor(minX));
        const int y0 = int(std::floor(minY));
        window = QRect(x0, y0, int(std::ceil(maxX)) - x0, int(std::ceil(maxY)) - y0).intersected(whole);
    }
    if (window.isEmpty())
        return {};
    if (window.width() > maxSize || window.height() > maxSize) {
        const QPoint centre = window.center();
        const QRect capped(centre.x() - maxSize / 2, centre.y() - maxSize / 2, maxSize, maxSize);
        window = capped.intersected(window);
    }
    return window;
}

void PreviewPredictionJob::run(Feedback &feedback)
{
    QElapsedTimer clock;
    clock.start();
    const QString last
        = QDir(m_request.runFolder).filePath(QStringLiteral("checkpoints/") + m_request.checkpoint);
    if (!QFileInfo::exists(last))
        throw DataError(last, QStringLiteral("no checkpoint yet: the preview follows the first epoch"));
    const TrainedModel model = TrainedModel::loadRun(m_request.runFolder, m_request.checkpoint);
    feedback.checkpoint();

    m_window = windowFor(m_request.image, m_request.mapExtent, m_request.mapCrs, m_request.maxSize);
    if (m_window.isEmpty())
        throw DataError(m_request.image, QStringLiteral("the map shows no part of the image"));

    // The window as a virtual raster in memory: the predictor reads it like any file, and the
    // output lands on the window's grid with its georeferencing.
    const QString vrt = QStringLiteral("/vsimem/deepterra-preview-%1.vrt")
                            .arg(QUuid::createUuid().toString(QUuid::WithoutBraces));
    {
        const QByteArray source = m_request.image.toUtf8();
        GdalErrorScope errors;
        std::unique_ptr<void, void (*)(void *)> dataset(GDALOpen(source.constData(), GA_ReadOnly),
                                                        [](void *d) { GDALClose(d); });
        if (!dataset)
            throw DataError(m_request.image, errors.lastError(QStringLiteral("cannot open the image")));
        QList<QByteArray> args { "-of",
                                 "VRT",
                                 "-srcwin",
                                 QByteArray::number(m_window.x()),
                                 QByteArray::number(m_window.y()),
                                 QByteArray::number(m_window.width()),
                                 QByteArray::number(m_window.height()) };
        std::vector<char *> argv;
        for (QByteArray &a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        GDALTranslateOptions *options = GDALTranslateOptionsNew(argv.data(), nullptr);
        GDALDatasetH out = GDALTranslate(vrt.toUtf8().constData(), dataset.get(), options, nullptr);
        GDALTranslateOptionsFree(options);
        if (!out)
            throw DataError(m_request.image,
                            errors.lastError(QStringLiteral("cannot cut the preview window")));
        GDALClose(out);
    }
    struct RemoveVrt
    {
        QByteArray path;
        ~RemoveVrt() { VSIUnlink(path.constData()); }
    } removeVrt { vrt.toUtf8() };

    PredictionRequest request;
    request.input = vrt;
    request.threads = std::max(1, m_request.threads);
    request.streams = 1;
    RasterPredictor predictor(model, request);
    auto prediction = std::make_shared<PredictedWindow>(predictor.predictInMemory(&feedback));
    if (!m_request.output.isEmpty())
        prediction->save(m_request.output);
    m_prediction = std::move(prediction);
    m_seconds = double(clock.elapsed()) / 1000.0;
}

} // namespace deepterra
