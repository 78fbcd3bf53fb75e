#include "training/splitlayerbuilder.h"

#include "training/patchdataset.h"
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

// The stride-wide square around a patch's centre: the patches of a side, side by side, cover
// the area they were cut from without the overlap of their full footprints.
QRect centreCell(const PatchSite &site, int patchSize, int stride)
{
    const int cell = std::max(1, std::min(stride, patchSize));
    return QRect(site.x + patchSize / 2 - cell / 2, site.y + patchSize / 2 - cell / 2, cell, cell);
}

// The block (row, column) under a patch's centre, as PatchSplitter places it.
std::pair<int, int> blockOf(const PatchSite &site, int patchSize, const QRect &window, int size)
{
    return { (site.y + patchSize / 2 - window.y()) / size, (site.x + patchSize / 2 - window.x()) / size };
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
        Block &block = blocks[blockOf(sites[i], patchSize, window, size)];
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

// Cross-validation: each block (or each patch's cell for a random split) as the fold that
// validates it, "fold 1" ... "fold K"; the test blocks, and the buffer where patches next to the
// test side were dropped from every fold.
void addFolds(SplitPreviewLayer &layer, const std::vector<PatchSite> &sites, const std::vector<int> &foldOf,
              const TaskConfig &task, const QRect &window)
{
    constexpr int test = -1;
    const int patchSize = task.raster.patchSize;
    const auto roleFor = [](int fold) {
        return fold == test ? roleOf(Side::Test)
            : fold < 0      ? roleOf(Side::Buffer)
                            : QStringLiteral("fold %1").arg(fold + 1);
    };
    std::map<QString, std::vector<QRect>> areas;
    if (task.split.kind == SplitKind::SpatialBlocks) {
        const int size = task.split.blockSize > 0 ? task.split.blockSize : 2 * patchSize;
        // A block's role: test when it holds test patches, else the fold of its patches (a fold
        // holds whole blocks), else buffer.
        std::map<std::pair<int, int>, std::pair<int, int>> blocks; // key -> (role, patches)
        for (std::size_t i = 0; i < sites.size(); ++i) {
            auto [it, added] = blocks.try_emplace(blockOf(sites[i], patchSize, window, size), foldOf[i], 0);
            auto &[role, patches] = it->second;
            if (foldOf[i] == test || (role != test && role < 0 && foldOf[i] >= 0))
                role = foldOf[i];
            ++patches;
        }
        std::map<QString, int> counts;
        for (const auto &[key, block] : blocks) {
            const QRect square
                = QRect(window.x() + key.second * size, window.y() + key.first * size, size, size)
                      .intersected(window);
            areas[roleFor(block.first)].push_back(square);
            counts[roleFor(block.first)] += block.second;
        }
        for (const auto &[role, squares] : areas)
            layer.add(role, squares, {}, counts[role]);
        return;
    }
    for (std::size_t i = 0; i < sites.size(); ++i)
        areas[roleFor(foldOf[i])].push_back(centreCell(sites[i], patchSize, task.raster.stride));
    for (const auto &[role, cells] : areas)
        layer.add(role, clipped(cells, window), {}, int(cells.size()));
}

// The patches the trainer sampled from the prepared data, and the window they lie in.
std::vector<PatchSite> sitesOf(const TrainingData &data, QRect &window)
{
    const PatchSource &source = static_cast<const PatchDataset &>(*data.train).source();
    window = source.stack.window;
    return source.sites;
}

} // namespace

SplitLayout SplitLayerBuilder::buildFolds(const TrainingData &data, const TaskConfig &task,
                                          std::uint64_t seed, const QString &errorPath)
{
    QRect window;
    const std::vector<PatchSite> sites = sitesOf(data, window);
    // Each fold's split, as its run makes it: the fold that validates each patch.
    std::vector<int> foldOf(sites.size(), -2);
    SplitLayout layout;
    layout.patches = sites.size();
    SplitConfig config = task.split;
    for (int fold = 0; fold < task.split.folds; ++fold) {
        config.fold = fold;
        const PatchSplit split
            = PatchSplitter::split(sites, task.raster.patchSize, window, config, seed, errorPath);
        for (std::size_t i : split.validation)
            foldOf[i] = fold;
        for (std::size_t i : split.test)
            foldOf[i] = -1;
        if (fold == 0)
            layout.droppedByBuffer = split.droppedByBuffer;
    }
    addFolds(layout.layer, sites, foldOf, task, window);
    return layout;
}

SplitLayout SplitLayerBuilder::build(const TrainingData &data, const TaskConfig &task, std::uint64_t seed,
                                     const QString &errorPath)
{
    QRect window;
    const std::vector<PatchSite> sites = sitesOf(data, window);
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
