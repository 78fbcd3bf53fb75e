#include "training/splitpreview.h"

#include "common/dataerror.h"
#include "jobs/feedback.h"
#include "training/patchdataset.h"
#include "training/patchsampler.h"
#include "training/patchsplitter.h"
#include "training/rastertrainingdatabuilder.h"
#include "training/splitpreviewlayer.h"
#include "training/trainingsetup.h"

#include <algorithm>
#include <map>

namespace deepterra {

namespace {

enum class Side { Training, Validation, Buffer };

const QString kTraining = QStringLiteral("training");
const QString kValidation = QStringLiteral("validation");
const QString kBuffer = QStringLiteral("buffer");

// As RasterTrainingDataBuilder samples: the data it prepared tells the rest.
PatchLabelRule ruleFor(const TaskConfig &task)
{
    if (task.kind == TaskKind::PatchClassification)
        return task.raster.sceneLabel == SceneLabelRule::Center ? PatchLabelRule::SceneCenter
                                                                : PatchLabelRule::SceneMajority;
    return PatchLabelRule::AnyLabelled;
}

// The stride-wide square around a patch's centre: the patches of a side, side by side, cover
// the area they were cut from without the overlap of their full footprints.
QRect centreCell(const PatchSite &site, int patchSize, int stride)
{
    const int cell = std::max(1, std::min(stride, patchSize));
    return QRect(site.x + patchSize / 2 - cell / 2, site.y + patchSize / 2 - cell / 2, cell, cell);
}

std::vector<QRect> clipped(const std::vector<QRect> &cells, const QRect &to)
{
    std::vector<QRect> result;
    for (const QRect &cell : cells)
        if (const QRect part = cell.intersected(to); !part.isEmpty())
            result.push_back(part);
    return result;
}

// Spatial blocks: each block where it holds patches, as a validation or training block; where
// training patches were dropped next to validation, the buffer, cut out of its training block.
void addBlocks(SplitPreviewLayer &layer, const std::vector<PatchSite> &sites, const std::vector<Side> &sides,
               const PatchSplit &split, int patchSize, int stride, const QRect &window)
{
    struct Block
    {
        int patches[3] = { 0, 0, 0 };
        std::vector<QRect> dropped;
    };
    std::map<std::pair<int, int>, Block> blocks;
    const int size = split.blockSize;
    for (std::size_t i = 0; i < sites.size(); ++i) {
        // As PatchSplitter places a patch: by its centre.
        const int bx = (sites[i].x + patchSize / 2 - window.x()) / size;
        const int by = (sites[i].y + patchSize / 2 - window.y()) / size;
        Block &block = blocks[{ by, bx }];
        ++block.patches[int(sides[i])];
        if (sides[i] == Side::Buffer)
            block.dropped.push_back(centreCell(sites[i], patchSize, stride));
    }
    for (const auto &[key, block] : blocks) {
        const QRect square = QRect(window.x() + key.second * size, window.y() + key.first * size, size, size)
                                 .intersected(window);
        const int training = block.patches[int(Side::Training)];
        const int buffer = block.patches[int(Side::Buffer)];
        if (block.patches[int(Side::Validation)] > 0) {
            layer.add(kValidation, { square }, {}, block.patches[int(Side::Validation)]);
        } else if (training == 0) {
            layer.add(kBuffer, { square }, {}, buffer);
        } else {
            const std::vector<QRect> dropped = clipped(block.dropped, square);
            layer.add(kTraining, { square }, dropped, training);
            layer.add(kBuffer, dropped, {}, buffer);
        }
    }
}

// A random split has no blocks: the area around each side's patches.
void addCells(SplitPreviewLayer &layer, const std::vector<PatchSite> &sites, const std::vector<Side> &sides,
              int patchSize, int stride, const QRect &window)
{
    std::vector<QRect> cells[3];
    for (std::size_t i = 0; i < sites.size(); ++i)
        cells[int(sides[i])].push_back(centreCell(sites[i], patchSize, stride));
    layer.add(kTraining, clipped(cells[int(Side::Training)], window), {},
              int(cells[int(Side::Training)].size()));
    layer.add(kValidation, clipped(cells[int(Side::Validation)], window), {},
              int(cells[int(Side::Validation)].size()));
}

QStringList warningsFor(const SplitPreviewResult &result, const SplitConfig &split)
{
    QStringList warnings;
    for (int c = 0; c < result.classNames.size(); ++c) {
        const QString name = result.classNames.at(c);
        const std::int64_t training = result.trainCounts[std::size_t(c)];
        const std::int64_t validation = result.validationCounts[std::size_t(c)];
        if (training == 0 && validation == 0)
            warnings << QStringLiteral("class %1 has no samples in the patches: the model never sees it; "
                                       "label more of it or lower the patch size")
                            .arg(name);
        else if (training == 0)
            warnings << QStringLiteral("class %1 has no training samples: the model cannot learn it; label "
                                       "more areas of it")
                            .arg(name);
        else if (validation == 0 && split.kind == SplitKind::SpatialBlocks && !split.stratified)
            warnings << QStringLiteral(
                            "class %1 has no validation samples: with few polygons, spatial blocks "
                            "can leave a class out — try the class-stratified block split")
                            .arg(name);
        else if (validation == 0)
            warnings << QStringLiteral("class %1 has no validation samples: its areas lie in too few blocks; "
                                       "lower the block size or label more areas of it")
                            .arg(name);
    }
    return warnings;
}

} // namespace

SplitPreviewJob::SplitPreviewJob(SplitPreviewRequest request)
    : m_request(std::move(request))
{ }

QString SplitPreviewJob::name() const
{
    return QStringLiteral("Previewing the training/validation split");
}

void SplitPreviewJob::run(Feedback &feedback)
{
    const Project &project = m_request.project;
    const TrainingSetup setup = TrainingSetup::fromProject(project);
    const TaskConfig &task = setup.task;
    if (task.kind != TaskKind::Segmentation && task.kind != TaskKind::PatchClassification)
        throw DataError(project.filePath,
                        QStringLiteral("the split preview shows how labelled patches divide between training "
                                       "and validation: it applies to segmentation and patch classification, "
                                       "not to a %1 task")
                            .arg(TaskConfig::kindName(task.kind)));

    // The very data the trainer would prepare, with the same seed...
    const TrainingData data = RasterTrainingDataBuilder::build(project, task, setup.training.seed, &feedback);
    const auto &train = static_cast<const PatchDataset &>(*data.train);
    const auto &validation = static_cast<const PatchDataset &>(*data.validation);
    const PatchSource &source = train.source();

    // ...and its patches and split once more, to see those it dropped next to validation.
    feedback.checkpoint();
    PatchSamplingOptions sampling;
    sampling.patchSize = task.raster.patchSize;
    sampling.stride = task.raster.stride;
    sampling.maxNoDataFraction = task.raster.maxNoDataFraction;
    sampling.rule = ruleFor(task);
    sampling.classCount = data.classes.size();
    const std::vector<PatchSite> sites = PatchSampler::sample(source.stack, source.labels, sampling).sites;
    const QRect window = source.stack.window;
    const PatchSplit split = PatchSplitter::split(sites, task.raster.patchSize, window, task.split,
                                                  setup.training.seed, project.filePath);
    std::vector<Side> sides(sites.size(), Side::Buffer);
    for (std::size_t i : split.train)
        sides[i] = Side::Training;
    for (std::size_t i : split.validation)
        sides[i] = Side::Validation;

    m_result = SplitPreviewResult();
    for (const ClassEntry &entry : data.classes.entries)
        m_result.classNames << entry.name;
    m_result.trainCounts = data.trainClassCounts;
    m_result.validationCounts
        = RasterTrainingDataBuilder::classCounts(source, validation.sites(), data.classes.size());
    m_result.countUnit
        = task.kind == TaskKind::Segmentation ? QStringLiteral("pixels") : QStringLiteral("patches");
    m_result.warnings = warningsFor(m_result, task.split);

    SplitPreviewLayer layer;
    if (task.split.kind == SplitKind::SpatialBlocks)
        addBlocks(layer, sites, sides, split, task.raster.patchSize, task.raster.stride, window);
    else
        addCells(layer, sites, sides, task.raster.patchSize, task.raster.stride, window);
    feedback.checkpoint();
    layer.write(m_request.outputPath, data.grid);
    m_result.layerPath = m_request.outputPath;

    feedback.info(
        QStringLiteral("%1 training and %2 validation patches in %3 training and %4 validation areas; "
                       "%5 dropped next to validation")
            .arg(train.size())
            .arg(validation.size())
            .arg(layer.count(kTraining))
            .arg(layer.count(kValidation))
            .arg(split.droppedByBuffer));
    for (const QString &warning : std::as_const(m_result.warnings))
        feedback.warning(warning);
    feedback.setProgress(100.0);
}

} // namespace deepterra
