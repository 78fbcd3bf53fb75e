#include "training/rastertrainingdatabuilder.h"

#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "jobs/feedback.h"
#include "project/layersource.h"
#include "project/project.h"
#include "training/patchdataset.h"
#include "training/patchsampler.h"
#include "training/patchsplitter.h"
#include "training/rasterstackreader.h"
#include "training/stacknormalization.h"
#include "training/streamedtrainingwindow.h"
#include "training/tasklabels.h"
#include "training/tasklayers.h"

#include <QJsonArray>

#include <algorithm>
#include <limits>
#include <optional>
#include <unordered_map>

#include <unistd.h>

namespace deepterra {

namespace {

// Overlapping validation patches would count the pixels they share several times in the
// segmentation metrics; keep a set that covers each pixel at most once (greedy, in site order).
// Kept patches are looked up in cells of a patch's size: only those of the 3x3 cells around a
// site can overlap it, so millions of sites (a streamed window) take linear time.
std::vector<PatchSite> withoutOverlaps(std::vector<PatchSite> sites, int patchSize)
{
    std::vector<PatchSite> kept;
    std::unordered_map<std::uint64_t, std::vector<std::size_t>> cells;
    const auto cellOf = [patchSize](int x, int y) {
        const auto cx = std::uint64_t(std::uint32_t(x >= 0 ? x / patchSize : -1 - (-1 - x) / patchSize));
        const auto cy = std::uint64_t(std::uint32_t(y >= 0 ? y / patchSize : -1 - (-1 - y) / patchSize));
        return (cy << 32) | cx;
    };
    for (const PatchSite &site : sites) {
        const QRect footprint = site.footprint(patchSize);
        bool overlaps = false;
        for (int dy = -1; dy <= 1 && !overlaps; ++dy)
            for (int dx = -1; dx <= 1 && !overlaps; ++dx) {
                const auto cell = cells.find(cellOf(site.x + dx * patchSize, site.y + dy * patchSize));
                if (cell == cells.end())
                    continue;
                overlaps = std::any_of(cell->second.begin(), cell->second.end(), [&](std::size_t k) {
                    return kept[k].footprint(patchSize).intersects(footprint);
                });
            }
        if (!overlaps) {
            cells[cellOf(site.x, site.y)].push_back(kept.size());
            kept.push_back(site);
        }
    }
    return kept;
}

// Bytes of physical memory: a limit above half of it is not one the machine can keep.
std::uint64_t physicalMemory()
{
    const long pages = sysconf(_SC_PHYS_PAGES);
    const long pageSize = sysconf(_SC_PAGESIZE);
    return pages > 0 && pageSize > 0 ? std::uint64_t(pages) * std::uint64_t(pageSize)
                                     : std::numeric_limits<std::uint64_t>::max();
}

void stage(Feedback *feedback, const QString &text)
{
    if (!feedback)
        return;
    feedback->checkpoint();
    feedback->info(text);
}

void checkSettings(const Project &project, const RasterTaskConfig &config)
{
    const auto fail = [&](const QString &cause) { throw DataError(project.filePath, cause); };
    if (config.patchSize < 2)
        fail(QStringLiteral("the patch size must be at least 2 pixels (got %1)").arg(config.patchSize));
    if (config.stride < 1)
        fail(QStringLiteral("the stride must be at least 1 pixel (got %1)").arg(config.stride));
    if (!(config.maxNoDataFraction >= 0.0 && config.maxNoDataFraction <= 1.0))
        fail(QStringLiteral("the maximum NoData fraction must lie between 0 and 1 (got %1)")
                 .arg(config.maxNoDataFraction));
    if (!config.demChannels.isEmpty() && config.demLayer.isEmpty())
        fail(QStringLiteral("the task asks for DEM channels (%1) but names no DEM layer")
                 .arg(config.demChannels.join(QStringLiteral(", "))));
}

// bandNames from the layer, else the band's description, else "band N".
QStringList channelNames(const ProjectLayer &layer, const RasterInfo &info, const std::vector<int> &bands)
{
    const QJsonArray names = layer.properties.value(QStringLiteral("bandNames")).toArray();
    QStringList channels;
    for (int band : bands) {
        QString name = names.at(band - 1).toString().trimmed();
        if (name.isEmpty())
            name = info.bands[std::size_t(band - 1)].description.trimmed();
        if (name.isEmpty())
            name = QStringLiteral("band %1").arg(band);
        channels << name;
    }
    return channels;
}

PatchLabelRule ruleFor(const TaskConfig &task)
{
    switch (task.kind) {
    case TaskKind::Segmentation:
        return PatchLabelRule::AnyLabelled;
    case TaskKind::PatchClassification:
        return task.raster.sceneLabel == SceneLabelRule::Center ? PatchLabelRule::SceneCenter
                                                                : PatchLabelRule::SceneMajority;
    default:
        return PatchLabelRule::Any;
    }
}

std::vector<PatchSite> pick(const std::vector<PatchSite> &sites, const std::vector<std::size_t> &indices)
{
    std::vector<PatchSite> picked;
    picked.reserve(indices.size());
    for (std::size_t i : indices)
        picked.push_back(sites[i]);
    return picked;
}

// Draw weights that make every class as likely as any other: the inverse of its patch count.
std::vector<double> balancingWeights(const std::vector<PatchSite> &sites, int classCount)
{
    std::vector<double> perClass(std::size_t(classCount), 0.0);
    for (const PatchSite &site : sites)
        perClass[std::size_t(site.classIndex)] += 1.0;
    std::vector<double> weights;
    for (const PatchSite &site : sites)
        weights.push_back(1.0 / perClass[std::size_t(site.classIndex)]);
    return weights;
}

QJsonObject perClass(const ClassTable &classes, const std::vector<std::int64_t> &counts)
{
    QJsonObject json;
    for (int i = 0; i < classes.size(); ++i)
        json.insert(classes.entries[std::size_t(i)].name, double(counts[std::size_t(i)]));
    return json;
}

QString splitName(SplitKind kind)
{
    return kind == SplitKind::Random ? QStringLiteral("random") : QStringLiteral("spatial-blocks");
}

} // namespace

TrainingData RasterTrainingDataBuilder::build(const Project &project, const TaskConfig &task,
                                              std::uint64_t seed, Feedback *feedback)
{
    const RasterTaskConfig &config = task.raster;
    checkSettings(project, config);
    const ProjectLayer &imageLayer
        = TaskLayers::require(project, config.imageLayer, QStringLiteral("image"),
                              { LayerKind::Imagery, LayerKind::Dem, LayerKind::Cube });
    const QString imagePath = LayerSource::raster(project, imageLayer);
    const bool labelled = task.kind != TaskKind::RasterAutoencoder;

    RasterStackSource stackSource;
    stackSource.imagePath = imagePath;
    RasterGrid grid;
    {
        const RasterDataset image = RasterDataset::open(imagePath);
        const RasterInfo &info = image.info();
        grid = RasterGrid::of(info);
        stackSource.bands = config.bands;
        if (stackSource.bands.empty())
            for (int b = 1; b <= info.bandCount(); ++b)
                stackSource.bands.push_back(b);
        for (int band : stackSource.bands)
            if (band < 1 || band > info.bandCount())
                throw DataError(imagePath,
                                QStringLiteral("the task asks for band %1, but the image has %2 band(s)")
                                    .arg(band)
                                    .arg(info.bandCount()));
        stackSource.bandChannels = channelNames(imageLayer, info, stackSource.bands);
    }
    if (grid.width < config.patchSize || grid.height < config.patchSize)
        throw DataError(imagePath,
                        QStringLiteral("the image (%1x%2 pixels) is smaller than one patch of %3x%3 pixels")
                            .arg(grid.width)
                            .arg(grid.height)
                            .arg(config.patchSize));
    if (!config.demChannels.isEmpty()) {
        const ProjectLayer &demLayer = TaskLayers::require(project, config.demLayer, QStringLiteral("DEM"),
                                                           { LayerKind::Dem, LayerKind::Imagery });
        stackSource.demPath = LayerSource::raster(project, demLayer);
        stackSource.demChannels = config.demChannels;
    }

    TrainingData data;
    data.task = task.kind;
    data.grid = grid;
    data.patchSize = config.patchSize;

    const std::uint64_t memoryLimit = std::uint64_t(std::max(config.memoryLimitMiB, 0)) << 20;
    const int channelCount = int(stackSource.bands.size()) + int(stackSource.demChannels.size());
    std::optional<TaskLabels> labels;
    QRect window(0, 0, grid.width, grid.height);
    if (labelled) {
        const ProjectLayer &labelLayer
            = TaskLayers::require(project, config.labelLayer, QStringLiteral("labels"),
                                  { LayerKind::VectorLabels, LayerKind::ClassRaster });
        stage(feedback, QStringLiteral("Placing the labels of %1 on the image grid").arg(labelLayer.id));
        labels = TaskLabels::place(project, labelLayer, grid, memoryLimit, feedback);
        data.classes = labels->classes();
        // The patches that can hold a label, and no more.
        window = labels->labelledWindow(config.patchSize);
    }
    const QString labelPath = labels ? labels->path() : QString();
    // The channels decide, as before there was a limit to set (the window's labels come on top);
    // and never past half the machine's memory, whatever the limit says: a window that cannot be
    // held is streamed rather than left to the out-of-memory killer.
    const std::uint64_t windowBytes = RasterStack::bytesFor(channelCount, window);
    const bool onDisk = windowBytes > std::min(memoryLimit, physicalMemory() / 2);

    PatchSamplingOptions sampling;
    sampling.patchSize = config.patchSize;
    sampling.stride = config.stride;
    sampling.maxNoDataFraction = config.maxNoDataFraction;
    sampling.rule = ruleFor(task);
    sampling.classCount = data.classes.size();
    auto source = std::make_shared<PatchSource>();
    source->task = task.kind;
    source->patchSize = config.patchSize;
    source->stack.window = window;
    source->stack.channels = stackSource.bandChannels + stackSource.demChannels;
    PatchSampling sampled;
    std::vector<std::int64_t> labelledPerClass(std::size_t(data.classes.size()), 0);
    if (!onDisk) {
        stage(feedback,
              QStringLiteral("Reading %1 channels over a window of %2x%3 pixels")
                  .arg(channelCount)
                  .arg(window.width())
                  .arg(window.height()));
        source->stack = RasterStackReader::read(stackSource, grid, window, feedback, windowBytes);
        if (labels) {
            source->labels = labels->read(window);
            StreamedTrainingWindow::maskLabels(source->labels, source->stack);
            for (std::int32_t label : source->labels)
                if (label >= 0)
                    ++labelledPerClass[std::size_t(label)];
            labels.reset(); // the window's labels are all that is needed from here on
        }
        stage(
            feedback,
            QStringLiteral("Cutting %1x%1 patches every %2 pixels").arg(config.patchSize).arg(config.stride));
        sampled = PatchSampler::sample(source->stack, source->labels, sampling, feedback);
    } else {
        stage(
            feedback,
            QStringLiteral("The training window of %1x%2 pixels with %3 channels needs %4 MiB, more than the "
                           "limit of %5 MiB: copying it strip by strip to %6 (%7 MiB) and cutting %8x%8 "
                           "patches every %9 pixels")
                .arg(window.width())
                .arg(window.height())
                .arg(channelCount)
                .arg(windowBytes >> 20)
                .arg(config.memoryLimitMiB)
                .arg(DiskStack::parentFolder())
                .arg(DiskStack::bytesFor(channelCount, labelled, window) >> 20)
                .arg(config.patchSize)
                .arg(config.stride));
        StreamedTrainingWindow::LabelReader readLabels;
        if (labels)
            readLabels = [&labels](const QRect &rect) { return labels->read(rect); };
        StreamedTrainingWindow::Copy copy = StreamedTrainingWindow::copyAndSample(
            stackSource, grid, window, readLabels, sampling, memoryLimit, feedback);
        source->disk = std::move(copy.disk);
        sampled = std::move(copy.sampling);
        if (labelled)
            labelledPerClass = std::move(copy.labelledPerClass);
        // As RasterStackReader says for a window read at once, before the patches are blamed.
        for (int c = int(stackSource.bands.size()); c < channelCount; ++c)
            if (copy.validPerChannel[std::size_t(c)] == 0)
                throw DataError(stackSource.demPath,
                                QStringLiteral("the DEM does not cover the training window of the image "
                                               "(channel \"%1\" has no valid pixel there)")
                                    .arg(source->stack.channels.at(c)));
    }
    labels.reset(); // the window's labels are all that is needed from here on
    if (sampled.sites.empty())
        throw DataError(imagePath,
                        QStringLiteral("none of the %1 patches of %2x%2 pixels qualifies (%3 with more than "
                                       "%4% NoData, %5 without a label): lower the patch size or the stride, "
                                       "allow more NoData or label more of the image")
                            .arg(sampled.candidates)
                            .arg(config.patchSize)
                            .arg(sampled.rejectedForNoData)
                            .arg(config.maxNoDataFraction * 100.0)
                            .arg(sampled.rejectedForLabels));
    source->sites = std::move(sampled.sites);
    const std::vector<PatchSite> &sites = source->sites;

    const PatchSplit split = PatchSplitter::split(sites, config.patchSize, window, task.split, seed,
                                                  labelled ? labelPath : imagePath);
    if (feedback && task.split.kind == SplitKind::Random && config.stride < config.patchSize)
        feedback->warning(
            QStringLiteral("a random split of patches that overlap (stride %1 < patch size %2) lets "
                           "validation pixels into training: validation scores will be optimistic; "
                           "prefer spatial blocks")
                .arg(config.stride)
                .arg(config.patchSize));
    std::vector<PatchSite> trainSites = pick(sites, split.train);
    std::vector<PatchSite> validationSites = pick(sites, split.validation);
    std::vector<PatchSite> testSites = pick(sites, split.test);
    if (task.kind == TaskKind::Segmentation) {
        validationSites = withoutOverlaps(std::move(validationSites), config.patchSize);
        testSites = withoutOverlaps(std::move(testSites), config.patchSize);
    }

    stage(feedback,
          QStringLiteral("Fitting the normalisation on %1 training patches").arg(trainSites.size()));
    std::vector<std::size_t> fittedOn;
    if (!onDisk)
        data.normalizer
            = StackNormalization::fit(source->stack, trainSites, config.patchSize, config.normalization,
                                      config.percentileLow, config.percentileHigh, &fittedOn);
    else
        data.normalizer = StreamedTrainingWindow::fitNormalization(
            *source->disk, trainSites, config.patchSize, config.normalization, config.percentileLow,
            config.percentileHigh, memoryLimit, seed, &fittedOn, feedback);
    for (int c = 0; c < source->stack.channelCount(); ++c)
        if (fittedOn[std::size_t(c)] == 0)
            throw DataError(c < int(stackSource.bands.size()) ? imagePath : stackSource.demPath,
                            QStringLiteral("channel \"%1\" has no valid pixel in the training patches")
                                .arg(source->stack.channels.at(c)));
    if (!onDisk)
        StackNormalization::apply(data.normalizer, source->stack);
    source->normalizer = data.normalizer;
    data.inputChannels = source->stack.channels;

    QJsonObject summary {
        { QStringLiteral("task"), TaskConfig::kindName(task.kind) },
        { QStringLiteral("image"), imagePath },
        { QStringLiteral("channels"), QJsonArray::fromStringList(data.inputChannels) },
        { QStringLiteral("window"), QJsonArray { window.x(), window.y(), window.width(), window.height() } },
        { QStringLiteral("patchSize"), config.patchSize },
        { QStringLiteral("stride"), config.stride },
        { QStringLiteral("candidatePatches"), double(sampled.candidates) },
        { QStringLiteral("rejectedForNoData"), double(sampled.rejectedForNoData) },
        { QStringLiteral("rejectedForLabels"), double(sampled.rejectedForLabels) },
        { QStringLiteral("trainingPatches"), double(trainSites.size()) },
        { QStringLiteral("validationPatches"), double(validationSites.size()) },
        { QStringLiteral("droppedByBuffer"), double(split.droppedByBuffer) },
        { QStringLiteral("split"),
          QJsonObject { { QStringLiteral("method"), splitName(task.split.kind) },
                        { QStringLiteral("validationFraction"), task.split.validationFraction },
                        { QStringLiteral("blockSize"), split.blockSize },
                        { QStringLiteral("buffer"), split.buffer },
                        { QStringLiteral("blocks"), split.blocks },
                        { QStringLiteral("validationBlocks"), split.validationBlocks } } }
    };
    if (task.split.folds >= 2) {
        QJsonObject splitSummary = summary.value(QStringLiteral("split")).toObject();
        splitSummary.insert(QStringLiteral("folds"), task.split.folds);
        splitSummary.insert(QStringLiteral("fold"), task.split.fold + 1);
        summary.insert(QStringLiteral("split"), splitSummary);
    }
    if (!testSites.empty()) {
        summary.insert(QStringLiteral("testPatches"), double(testSites.size()));
        QJsonObject splitSummary = summary.value(QStringLiteral("split")).toObject();
        splitSummary.insert(QStringLiteral("testFraction"), task.split.testFraction);
        splitSummary.insert(QStringLiteral("testBlocks"), split.testBlocks);
        summary.insert(QStringLiteral("split"), splitSummary);
    }
    if (labelled) {
        const int classCount = data.classes.size();
        // On disk, the three splits in one pass over the copy.
        std::vector<std::vector<std::int64_t>> counts;
        if (source->onDisk() && task.kind == TaskKind::Segmentation) {
            stage(feedback, QStringLiteral("Counting the classes of each split"));
            counts = StreamedTrainingWindow::classCounts(*source->disk,
                                                         { &trainSites, &validationSites, &testSites },
                                                         config.patchSize, classCount, feedback);
        } else {
            for (const std::vector<PatchSite> *part : { &trainSites, &validationSites, &testSites })
                counts.push_back(classCounts(*source, *part, classCount));
        }
        data.trainClassCounts = counts[0];
        const QString unit
            = task.kind == TaskKind::Segmentation ? QStringLiteral("Pixels") : QStringLiteral("Patches");
        summary.insert(QStringLiteral("labels"), labelPath);
        summary.insert(QStringLiteral("classes"), data.classes.toJson());
        summary.insert(QStringLiteral("labelledPixelsPerClass"), perClass(data.classes, labelledPerClass));
        summary.insert(QStringLiteral("training") + unit + QStringLiteral("PerClass"),
                       perClass(data.classes, data.trainClassCounts));
        summary.insert(QStringLiteral("validation") + unit + QStringLiteral("PerClass"),
                       perClass(data.classes, counts[1]));
        if (!testSites.empty())
            summary.insert(QStringLiteral("test") + unit + QStringLiteral("PerClass"),
                           perClass(data.classes, counts[2]));
        for (int i = 0; i < classCount; ++i)
            if (feedback && data.trainClassCounts[std::size_t(i)] == 0)
                feedback->warning(
                    QStringLiteral("class \"%1\" has no example in the training patches: the model cannot "
                                   "learn it")
                        .arg(data.classes.entries[std::size_t(i)].name));
    }
    summary.insert(QStringLiteral("classBalanced"), config.classBalanced && labelled);
    if (onDisk)
        summary.insert(QStringLiteral("streamedFromDisk"), true);
    data.summary = summary;

    const bool augment = config.augment;
    std::vector<double> weights;
    if (config.classBalanced && labelled)
        weights = balancingWeights(trainSites, data.classes.size());
    data.train = std::make_shared<PatchDataset>(source, std::move(trainSites), augment, std::move(weights));
    data.validation = std::make_shared<PatchDataset>(source, std::move(validationSites), false);
    if (!testSites.empty())
        data.test = std::make_shared<PatchDataset>(source, std::move(testSites), false);
    if (feedback) {
        if (data.test)
            feedback->info(
                QStringLiteral("%1 test patches held out (%2 blocks): evaluated once, after training")
                    .arg(data.test->size())
                    .arg(split.testBlocks));
        feedback->info(
            QStringLiteral("%1 training and %2 validation patches (%3 candidates, %4 with too much NoData, "
                           "%5 unlabelled, %6 dropped next to validation or test)")
                .arg(data.train->size())
                .arg(data.validation->size())
                .arg(sampled.candidates)
                .arg(sampled.rejectedForNoData)
                .arg(sampled.rejectedForLabels)
                .arg(split.droppedByBuffer));
        feedback->setProgress(100.0);
    }
    return data;
}

std::vector<std::int64_t> RasterTrainingDataBuilder::classCounts(const PatchSource &source,
                                                                 const std::vector<PatchSite> &sites,
                                                                 int classCount)
{
    std::vector<std::int64_t> counts(std::size_t(classCount), 0);
    if (source.task == TaskKind::PatchClassification) {
        for (const PatchSite &site : sites)
            ++counts[std::size_t(site.classIndex)];
        return counts;
    }
    if (source.onDisk())
        return StreamedTrainingWindow::classCounts(*source.disk, { &sites }, source.patchSize, classCount)
            .front();
    const std::vector<std::uint8_t> covered
        = StackNormalization::coverage(source.stack, sites, source.patchSize);
    for (std::size_t i = 0; i < covered.size(); ++i)
        if (covered[i] && source.labels[i] >= 0)
            ++counts[std::size_t(source.labels[i])];
    return counts;
}

} // namespace deepterra
