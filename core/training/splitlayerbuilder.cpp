#include "training/splitlayerbuilder.h"

#include "training/patchdataset.h"
#include "training/patchsampler.h"
#include "training/patchsplitter.h"
#include "training/trainingdata.h"

#include <algorithm>
#include <map>

namespace deepterra {

namespace {

enum class Side { Training, Validation, Test, Buffer };
constexpr int kSides = 4;

const QString &roleOf(Side side)
{
    static const QString roles[kSides] = { QStringLiteral("training"), QStringLiteral("validation"),
                                           QStringLiteral("test"), QStringLiteral("buffer") };
    return roles[int(side)];
}

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

// Spatial blocks: each block where it holds patches, as a test, validation or training block (a
// block holds one held-out side at most: the splitter hands out whole blocks); where training
// patches were dropped next to another side, the buffer, cut out of its training block.
void addBlocks(SplitPreviewLayer &layer, const std::vector<PatchSite> &sites, const std::vector<Side> &sides,
               const PatchSplit &split, int patchSize, int stride, const QRect &window)
{
    struct Block
    {
        int patches[kSides] = { 0, 0, 0, 0 };
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
        if (block.patches[int(Side::Test)] > 0) {
            layer.add(roleOf(Side::Test), { square }, {}, block.patches[int(Side::Test)]);
        } else if (block.patches[int(Side::Validation)] > 0) {
            layer.add(roleOf(Side::Validation), { square }, {}, block.patches[int(Side::Validation)]);
        } else if (training == 0) {
            layer.add(roleOf(Side::Buffer), { square }, {}, buffer);
        } else {
            const std::vector<QRect> dropped = clipped(block.dropped, square);
            layer.add(roleOf(Side::Training), { square }, dropped, training);
            layer.add(roleOf(Side::Buffer), dropped, {}, buffer);
        }
    }
}

// A random split has no blocks: the area around each side's patches.
void addCells(SplitPreviewLayer &layer, const std::vector<PatchSite> &sites, const std::vector<Side> &sides,
              int patchSize, int stride, const QRect &window)
{
    std::vector<QRect> cells[kSides];
    for (std::size_t i = 0; i < sites.size(); ++i)
        cells[int(sides[i])].push_back(centreCell(sites[i], patchSize, stride));
    for (Side side : { Side::Training, Side::Validation, Side::Test }) {
        const std::vector<QRect> &mine = cells[int(side)];
        if (side != Side::Test || !mine.empty())
            layer.add(roleOf(side), clipped(mine, window), {}, int(mine.size()));
    }
}

} // namespace

SplitLayout SplitLayerBuilder::build(const TrainingData &data, const TaskConfig &task, std::uint64_t seed,
                                     const QString &errorPath)
{
    const auto &train = static_cast<const PatchDataset &>(*data.train);
    const PatchSource &source = train.source();
    PatchSamplingOptions sampling;
    sampling.patchSize = task.raster.patchSize;
    sampling.stride = task.raster.stride;
    sampling.maxNoDataFraction = task.raster.maxNoDataFraction;
    sampling.rule = ruleFor(task);
    sampling.classCount = data.classes.size();
    const std::vector<PatchSite> sites = PatchSampler::sample(source.stack, source.labels, sampling).sites;
    const QRect window = source.stack.window;
    const PatchSplit split
        = PatchSplitter::split(sites, task.raster.patchSize, window, task.split, seed, errorPath);
    std::vector<Side> sides(sites.size(), Side::Buffer);
    for (std::size_t i : split.train)
        sides[i] = Side::Training;
    for (std::size_t i : split.validation)
        sides[i] = Side::Validation;
    for (std::size_t i : split.test)
        sides[i] = Side::Test;

    SplitLayout layout;
    layout.patches = sites.size();
    layout.droppedByBuffer = split.droppedByBuffer;
    if (task.split.kind == SplitKind::SpatialBlocks)
        addBlocks(layout.layer, sites, sides, split, task.raster.patchSize, task.raster.stride, window);
    else
        addCells(layout.layer, sites, sides, task.raster.patchSize, task.raster.stride, window);
    return layout;
}

} // namespace deepterra
