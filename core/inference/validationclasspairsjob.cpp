#include "inference/validationclasspairsjob.h"

#include "common/dataerror.h"
#include "geodata/gdalerrorscope.h"
#include "geodata/windowgeotiff.h"
#include "inference/trainedmodel.h"
#include "jobs/feedback.h"
#include "models/private/modelprivate.h"
#include "project/projectfile.h"
#include "training/batchloader.h"
#include "training/patchdataset.h"
#include "training/runfolder.h"
#include "training/trainingdatabuilder.h"
#include "training/trainingsetup.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>

#include <gdal.h>

#include <torch/torch.h>

#include <algorithm>
#include <array>
#include <climits>
#include <memory>
#include <vector>

namespace deepterra {

namespace {

using DatasetHandle = std::unique_ptr<void, void (*)(void *)>;

DatasetHandle handle(GDALDatasetH dataset)
{
    return DatasetHandle(dataset, [](void *d) {
        if (d)
            GDALClose(d);
    });
}

} // namespace

ValidationClassPairsJob::ValidationClassPairsJob(QString runFolder)
    : m_runFolder(std::move(runFolder))
{ }

QString ValidationClassPairsJob::outputPath(const QString &runFolder)
{
    return QDir(runFolder).filePath(QStringLiteral("validation-class-pairs.tif"));
}

void ValidationClassPairsJob::run(Feedback &feedback)
{
    const RunFolder run(m_runFolder);
    const QJsonObject config = run.readConfig();
    const QString configPath = run.filePath(QStringLiteral("config.json"));
    const TrainingSetup setup
        = TrainingSetup::fromJson(config.value(QStringLiteral("setup")).toObject(), configPath);
    const bool segmentation = setup.task.kind == TaskKind::Segmentation;
    if (!segmentation && setup.task.kind != TaskKind::PatchClassification)
        throw DataError(configPath,
                        QStringLiteral("only class runs (segmentation, patch classification) map "
                                       "their validation pixels"));
    const QString best = run.checkpointPath(QStringLiteral("best.pt"));
    if (!QFileInfo::exists(best))
        throw DataError(best, QStringLiteral("the run has no best checkpoint yet"));
    m_output = outputPath(m_runFolder);

    const QFileInfo existing(m_output);
    // A patch's cell can be covered by its neighbours' where patches overlap, so only a
    // segmentation raster gives its counts back; patches are quick to predict again.
    if (segmentation && existing.exists() && existing.lastModified() >= QFileInfo(best).lastModified()) {
        m_reused = true;
        readBack(int(config.value(QStringLiteral("classes")).toArray().size()));
        return;
    }

    feedback.info(QStringLiteral("Rebuilding the run's validation patches"));
    const Project project = ProjectFile::load(config.value(QStringLiteral("projectPath")).toString());
    const TrainingData data = TrainingDataBuilder::build(project, setup.task, setup.training.seed, &feedback);
    const auto *validation = dynamic_cast<const PatchDataset *>(data.validation.get());
    if (!validation || validation->size() == 0)
        throw DataError(configPath, QStringLiteral("the run's data has no validation patches"));
    const int classCount = data.classes.size();
    if (pairValue(classCount - 1, classCount - 1, classCount) > 65535)
        throw DataError(configPath, QStringLiteral("too many classes to map their pairs"));
    const std::vector<PatchSite> &sites = validation->sites();
    const int size = data.patchSize;
    // A patch's class stands for the cell of the stride grid at its centre: neighbouring patches
    // on the grid then tile the map instead of covering each other.
    const int cell = segmentation ? size : std::clamp(setup.task.raster.stride, 1, size);
    const int cellOffset = (size - cell) / 2;

    // The bounding box of the validation patches, on the image's grid.
    int minX = INT_MAX, minY = INT_MAX, maxX = INT_MIN, maxY = INT_MIN;
    for (const PatchSite &site : sites) {
        minX = std::min(minX, site.x);
        minY = std::min(minY, site.y);
        maxX = std::max(maxX, site.x + size);
        maxY = std::max(maxY, site.y + size);
    }
    const int width = maxX - minX;
    const int height = maxY - minY;
    std::vector<std::uint16_t> pairs(std::size_t(width) * std::size_t(height), 0);
    m_counts = ConfusionMatrix(classCount);

    feedback.info(QStringLiteral("Predicting %1 validation patches with best.pt").arg(sites.size()));
    const TrainedModel model = TrainedModel::loadRun(m_runFolder, QStringLiteral("best.pt"));
    Network net = model.model().privateData().network;
    net->eval();
    torch::NoGradGuard noGrad;
    // The trainer's validation pass: same batches in the same order, without augmentation.
    BatchLoaderOptions loading;
    loading.batchSize = setup.training.batchSize;
    loading.shuffle = false;
    loading.seed = setup.training.seed;
    BatchLoader loader(*validation, loading);
    const std::size_t plane = std::size_t(size) * std::size_t(size);
    SampleBatch batch;
    std::size_t done = 0;
    while (loader.next(batch)) {
        feedback.checkpoint();
        const torch::Tensor inputs
            = torch::from_blob(batch.inputs.data(), batch.inputShape, torch::kFloat32).clone();
        const torch::Tensor predicted = net->forward(inputs).argmax(1).to(torch::kInt64).contiguous();
        const std::int64_t *p = predicted.data_ptr<std::int64_t>();
        for (std::size_t b = 0; b < batch.size; ++b) {
            const PatchSite &site = sites.at(batch.indices[b]);
            if (!segmentation) {
                const std::int64_t truth = batch.classes[b];
                if (truth < 0)
                    continue;
                m_counts.add(int(truth), int(p[b]));
                const auto value = std::uint16_t(pairValue(int(truth), int(p[b]), classCount));
                for (int row = cellOffset; row < cellOffset + cell; ++row)
                    std::fill_n(pairs.begin()
                                    + std::ptrdiff_t(std::size_t(site.y + row - minY) * std::size_t(width)
                                                     + std::size_t(site.x + cellOffset - minX)),
                                cell, value);
                continue;
            }
            for (int row = 0; row < size; ++row)
                for (int column = 0; column < size; ++column) {
                    const std::size_t at
                        = b * plane + std::size_t(row) * std::size_t(size) + std::size_t(column);
                    const std::int64_t truth = batch.classes[at];
                    if (truth < 0)
                        continue;
                    m_counts.add(int(truth), int(p[at]));
                    pairs[std::size_t(site.y + row - minY) * std::size_t(width)
                          + std::size_t(site.x + column - minX)]
                        = std::uint16_t(pairValue(int(truth), int(p[at]), classCount));
                }
        }
        done += batch.size;
        feedback.setProgress(100.0 * double(done) / double(sites.size()));
    }

    // On the image's grid, over the box; NoData 0 where no validation pixel lies.
    WindowGeoTiff::writeUnsigned(m_output, data.grid, QRect(minX, minY, width, height), pairs,
                                 { 0.0, QStringLiteral("validation pixel (truth, prediction)") });
}

void ValidationClassPairsJob::readBack(int classCount)
{
    GdalErrorScope errors;
    DatasetHandle dataset = handle(GDALOpen(m_output.toUtf8().constData(), GA_ReadOnly));
    if (!dataset)
        throw DataError(m_output, errors.lastError(QStringLiteral("cannot open the raster")));
    const int width = GDALGetRasterXSize(dataset.get());
    const int height = GDALGetRasterYSize(dataset.get());
    std::vector<std::uint16_t> pairs(std::size_t(width) * std::size_t(height));
    if (GDALRasterIO(GDALGetRasterBand(dataset.get(), 1), GF_Read, 0, 0, width, height, pairs.data(), width,
                     height, GDT_UInt16, 0, 0)
        != CE_None)
        throw DataError(m_output, errors.lastError(QStringLiteral("cannot read the raster")));
    m_counts = ConfusionMatrix(classCount);
    for (std::uint16_t value : pairs)
        if (value > 0 && classCount > 0)
            m_counts.add((value - 1) / classCount, (value - 1) % classCount);
}

} // namespace deepterra
