#pragma once

// Fixtures shared by the whole-raster prediction tests (TestRasterPredictorTasks,
// TestRasterPredictorDem): rasters on one UTM grid, project files and seeded training.

#include "geodata/rasterdataset.h"
#include "jobs/feedback.h"
#include "jobs/jobrunner.h"
#include "testdata.h"
#include "training/trainingjob.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPoint>
#include <QRect>
#include <QSize>

#include <cmath>
#include <functional>
#include <vector>

namespace deepterra::test {

inline constexpr double kPi = 3.14159265358979323846;
inline constexpr double kNoData = -9999.0;
inline constexpr double kOriginX = 500000.0;
inline constexpr double kOriginY = 9120000.0;
inline constexpr double kPixel = 30.0;

// A Float32 GeoTIFF (UTM 25S, 30 m pixels, origin kOriginX/kOriginY moved by `offset` pixels)
// whose band b (0-based) holds value(b, x, y); the pixels of `hole` are NoData in band `holeBand`.
inline QString writeImage(const QString &path, QSize size, int bands,
                          const std::function<double(int, int, int)> &value, const QRect &hole = {},
                          int holeBand = 0, QPoint offset = {})
{
    test::RasterSpec spec;
    spec.width = size.width();
    spec.height = size.height();
    spec.bands = bands;
    spec.originX = kOriginX + offset.x() * kPixel;
    spec.originY = kOriginY - offset.y() * kPixel;
    spec.pixelSize = kPixel;
    spec.hasNoData = !hole.isEmpty();
    spec.noData = kNoData;
    std::vector<double> values;
    for (int b = 0; b < bands; ++b)
        for (int y = 0; y < size.height(); ++y)
            for (int x = 0; x < size.width(); ++x)
                values.push_back(b == holeBand && hole.contains(x, y) ? kNoData : value(b, x, y));
    return test::writeRaster(path, spec, values);
}

// A Byte class raster on the image grid (NoData 0).
inline QString writeClasses(const QString &path, QSize size, const std::function<int(int, int)> &classAt)
{
    test::RasterSpec spec;
    spec.width = size.width();
    spec.height = size.height();
    spec.dataType = QStringLiteral("Byte");
    spec.originX = kOriginX;
    spec.originY = kOriginY;
    spec.pixelSize = kPixel;
    spec.hasNoData = true;
    spec.noData = 0;
    std::vector<double> values;
    for (int y = 0; y < size.height(); ++y)
        for (int x = 0; x < size.width(); ++x)
            values.push_back(classAt(x, y));
    return test::writeRaster(path, spec, values);
}

inline QJsonObject layer(const QString &id, const QString &kind, const QString &path)
{
    return { { QStringLiteral("id"), id },
             { QStringLiteral("kind"), kind },
             { QStringLiteral("path"), path } };
}

inline QJsonObject randomSplit()
{
    return { { QStringLiteral("method"), QStringLiteral("random") } };
}

// Writes a project with the given layers and training sections; returns its path.
inline QString writeProject(const QString &path, const QJsonArray &layers, const QJsonObject &task,
                            const QJsonObject &model, int epochs, double learningRate)
{
    const QJsonObject project {
        { QStringLiteral("format"), QStringLiteral("deepterra-project") },
        { QStringLiteral("version"), 1 },
        { QStringLiteral("name"), QStringLiteral("fixture") },
        { QStringLiteral("layers"), layers },
        { QStringLiteral("task"), task },
        { QStringLiteral("model"), model },
        { QStringLiteral("training"),
          QJsonObject { { QStringLiteral("epochs"), epochs },
                        { QStringLiteral("batchSize"), 16 },
                        { QStringLiteral("learningRate"), learningRate },
                        { QStringLiteral("seed"), 11 },
                        // The best epoch by the loss, whatever the task: the
                        // fixtures' models were chosen so.
                        { QStringLiteral("earlyStopping"),
                          QJsonObject { { QStringLiteral("metric"), QStringLiteral("val_loss") } } },
                        { QStringLiteral("device"), QStringLiteral("cpu") } } }
    };
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(QJsonDocument(project).toJson());
    return path;
}

// A patch classifier (one convolution block of 8 filters, same padding, pool 2) trained on an image
// and its class raster, patches of `patch` pixels without overlap; returns the project's path.
inline QString writePatchClassifierProject(const QString &path, const QString &image, const QString &labels,
                                           int patch, int epochs)
{
    return writeProject(path,
                        { layer(QStringLiteral("image"), QStringLiteral("imagery"), image),
                          layer(QStringLiteral("labels"), QStringLiteral("class-raster"), labels) },
                        { { QStringLiteral("type"), QStringLiteral("patch-classification") },
                          { QStringLiteral("image"), QStringLiteral("image") },
                          { QStringLiteral("labels"), QStringLiteral("labels") },
                          { QStringLiteral("patchSize"), patch },
                          { QStringLiteral("stride"), patch },
                          { QStringLiteral("split"), randomSplit() } },
                        { { QStringLiteral("type"), QStringLiteral("cnn") },
                          { QStringLiteral("blocks"),
                            QJsonArray { QJsonObject { { QStringLiteral("filters"), 8 },
                                                       { QStringLiteral("padding"), QStringLiteral("same") },
                                                       { QStringLiteral("pool"), 2 } } } } },
                        epochs, 1e-2);
}

// Trains the project into `runFolder` (seeded, two threads); returns the job's error, empty on success.
inline QString train(const QString &projectPath, const QString &runFolder)
{
    TrainingRequest request;
    request.projectPath = projectPath;
    request.outputFolder = runFolder;
    request.threads = 2;
    TrainingJob job(request);
    Feedback feedback;
    const JobResult result = JobRunner::runBlocking(job, feedback);
    return result.succeeded() ? QString()
                              : (result.error.isEmpty() ? QStringLiteral("failed") : result.error);
}

// A smooth three-band image whose classes follow the bands' sum (a model learns something, with
// boundaries), written into `folder` with NoData over `hole` in band 1, and a small U-Net with
// dropout trained on it for one seeded epoch into folder/run (Monte Carlo dropout can run with it).
// Sets *image to the image's path; returns the training's error, empty on success.
inline QString trainSmoothDropoutUNet(const QString &folder, QSize size, const QRect &hole, QString *image)
{
    const auto value = [](int b, int x, int y) {
        return 50.0 + 40.0 * std::sin(0.02 * x * (b + 1)) + 30.0 * std::cos(0.015 * y * (2 - b % 2));
    };
    *image = writeImage(folder + QStringLiteral("/image.tif"), size, 3, value, hole, 1);
    const QString labels = writeClasses(folder + QStringLiteral("/labels.tif"), size, [&](int x, int y) {
        const double sum = value(0, x, y) + value(1, x, y) + value(2, x, y);
        return sum < 140.0 ? 1 : (sum < 160.0 ? 2 : 3);
    });
    if (image->isEmpty() || labels.isEmpty())
        return QStringLiteral("the fixture rasters were not written");
    const QJsonArray layers { layer(QStringLiteral("image"), QStringLiteral("imagery"), *image),
                              layer(QStringLiteral("labels"), QStringLiteral("class-raster"), labels) };
    const QJsonObject task { { QStringLiteral("type"), QStringLiteral("segmentation") },
                             { QStringLiteral("image"), QStringLiteral("image") },
                             { QStringLiteral("labels"), QStringLiteral("labels") },
                             { QStringLiteral("patchSize"), 32 },
                             { QStringLiteral("stride"), 32 },
                             { QStringLiteral("split"), randomSplit() } };
    const QJsonObject model { { QStringLiteral("type"), QStringLiteral("unet") },
                              { QStringLiteral("depth"), 2 },
                              { QStringLiteral("baseFilters"), 8 },
                              { QStringLiteral("dropout"), 0.3 } };
    return train(writeProject(folder + QStringLiteral("/fixture.deepterra"), layers, task, model, 1, 1e-2),
                 folder + QStringLiteral("/run"));
}

// Output and input lie on the same grid: size, geotransform and CRS.
inline bool sameGrid(const QString &output, const QString &input)
{
    const RasterGrid a = RasterGrid::of(RasterDataset::open(output).info());
    const RasterGrid b = RasterGrid::of(RasterDataset::open(input).info());
    return a.width == b.width && a.height == b.height
        && a.geoTransform.coefficients() == b.geoTransform.coefficients() && a.crs.isSameAs(b.crs);
}

inline RasterBuffer readAll(const QString &path)
{
    const RasterDataset dataset = RasterDataset::open(path);
    return dataset.readWindow(QRect(0, 0, dataset.width(), dataset.height()));
}

// The mean of band `band` over the valid pixels where `where` holds; NaN when there are none.
inline double meanWhere(const RasterBuffer &map, const std::function<bool(int, int)> &where, int band = 0)
{
    double sum = 0.0;
    std::size_t count = 0;
    for (int y = 0; y < map.height; ++y)
        for (int x = 0; x < map.width; ++x)
            if (map.isValid(band, x, y) && where(x, y)) {
                sum += map.value(band, x, y);
                ++count;
            }
    return count ? sum / double(count) : std::nan("");
}

} // namespace deepterra::test
