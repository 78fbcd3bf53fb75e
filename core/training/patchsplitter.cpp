#include "training/patchsplitter.h"

#include "common/dataerror.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <numeric>
#include <random>
#include <unordered_map>

namespace deepterra {

namespace {

std::size_t validationTarget(std::size_t count, double fraction)
{
    return std::max<std::size_t>(1, std::size_t(std::llround(double(count) * fraction)));
}

// The bits of (cx, cy) side by side; shifted as unsigned, since the cells left of a window's origin
// have negative indices (a signed left shift of a negative value is undefined before C++20).
std::int64_t cellKey(int cx, int cy)
{
    return std::int64_t((std::uint64_t(std::uint32_t(cx)) << 32) | std::uint64_t(std::uint32_t(cy)));
}

// The blocks of spatial-block splits: the patches under each block, in the blocks' row order.
std::map<std::pair<int, int>, std::vector<std::size_t>>
blocksOf(const std::vector<PatchSite> &sites, int patchSize, const QRect &window, int blockSize)
{
    std::map<std::pair<int, int>, std::vector<std::size_t>> blocks;
    for (std::size_t i = 0; i < sites.size(); ++i) {
        const int bx = (sites[i].x + patchSize / 2 - window.x()) / blockSize;
        const int by = (sites[i].y + patchSize / 2 - window.y()) / blockSize;
        blocks[{ by, bx }].push_back(i);
    }
    return blocks;
}

// Drops the training patches that come too close to a validation patch. Validation patches are
// bucketed in cells as wide as the exclusion reach, so that each training patch is compared with
// the patches of its 3x3 cells only.
void dropNearValidation(PatchSplit &split, const std::vector<PatchSite> &sites, int patchSize, int buffer)
{
    const int cell = patchSize + buffer;
    std::unordered_map<std::int64_t, std::vector<std::size_t>> buckets;
    for (std::size_t v : split.validation)
        buckets[cellKey(sites[v].x / cell, sites[v].y / cell)].push_back(v);
    std::vector<std::size_t> kept;
    for (std::size_t t : split.train) {
        const int cx = sites[t].x / cell;
        const int cy = sites[t].y / cell;
        bool conflict = false;
        for (int dy = -1; dy <= 1 && !conflict; ++dy)
            for (int dx = -1; dx <= 1 && !conflict; ++dx) {
                const auto bucket = buckets.find(cellKey(cx + dx, cy + dy));
                if (bucket == buckets.end())
                    continue;
                for (std::size_t v : bucket->second)
                    if (PatchSplitter::tooClose(sites[t], sites[v], patchSize, buffer)) {
                        conflict = true;
                        break;
                    }
            }
        if (conflict)
            ++split.droppedByBuffer;
        else
            kept.push_back(t);
    }
    split.train = std::move(kept);
}

PatchSplit randomSplit(std::size_t count, const SplitConfig &config, std::uint64_t seed)
{
    std::vector<std::size_t> order(count);
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::mt19937_64 rng(seed);
    std::shuffle(order.begin(), order.end(), rng);
    const std::size_t validation = std::min(count - 1, validationTarget(count, config.validationFraction));
    PatchSplit split;
    split.validation.assign(order.begin(), order.begin() + std::ptrdiff_t(validation));
    split.train.assign(order.begin() + std::ptrdiff_t(validation), order.end());
    std::sort(split.validation.begin(), split.validation.end());
    std::sort(split.train.begin(), split.train.end());
    return split;
}

// Class-stratified blocks: for each class, rarest first, the next blocks in the seeded order that
// hold it move to validation until it has about `fraction` of its patches there; then blocks in the
// same order fill validation up to `target`. A block stays with training when moving it would take
// the last training patch of a class, counting the training patches its move drops next to it
// (`buffer`), and at least one block always stays. Returns the number of validation blocks.
int stratifiedBlocks(const std::vector<PatchSite> &sites,
                     const std::vector<const std::vector<std::size_t> *> &order, int patchSize, int buffer,
                     double fraction, std::size_t target, std::vector<bool> &isValidation)
{
    int classCount = 0;
    for (const PatchSite &site : sites)
        classCount = std::max(classCount, int(site.classIndex) + 1);
    const auto classOf = [&](std::size_t i) { return std::size_t(std::max(0, int(sites[i].classIndex))); };
    std::vector<std::size_t> inTraining(std::size_t(std::max(1, classCount)), 0);
    std::vector<std::size_t> inValidation(inTraining.size(), 0);
    for (std::size_t i = 0; i < sites.size(); ++i)
        ++inTraining[classOf(i)];
    // Sites bucketed as dropNearValidation does, to find those a move would drop.
    const int cell = patchSize + buffer;
    std::unordered_map<std::int64_t, std::vector<std::size_t>> buckets;
    for (std::size_t i = 0; i < sites.size(); ++i)
        buckets[cellKey(sites[i].x / cell, sites[i].y / cell)].push_back(i);
    std::vector<bool> lost(sites.size(), false); // in validation, or dropped next to it
    std::vector<bool> moved(order.size(), false);
    std::size_t taken = 0;
    int blocksLeft = int(order.size());

    // The training sites that moving block `b` takes away: its own and those next to them.
    const auto takenBy = [&](std::size_t b) {
        std::vector<std::size_t> result;
        for (std::size_t v : *order[b]) {
            result.push_back(v);
            const int cx = sites[v].x / cell, cy = sites[v].y / cell;
            for (int dy = -1; dy <= 1; ++dy)
                for (int dx = -1; dx <= 1; ++dx) {
                    const auto bucket = buckets.find(cellKey(cx + dx, cy + dy));
                    if (bucket == buckets.end())
                        continue;
                    for (std::size_t t : bucket->second)
                        if (!lost[t] && PatchSplitter::tooClose(sites[t], sites[v], patchSize, buffer))
                            result.push_back(t);
                }
        }
        std::sort(result.begin(), result.end());
        result.erase(std::unique(result.begin(), result.end()), result.end());
        return result;
    };
    const auto tryMove = [&](std::size_t b) {
        if (moved[b] || blocksLeft < 2)
            return false;
        const std::vector<std::size_t> removed = takenBy(b);
        std::vector<std::size_t> perClass(inTraining.size(), 0);
        for (std::size_t i : removed)
            ++perClass[classOf(i)];
        for (std::size_t c = 0; c < perClass.size(); ++c)
            if (perClass[c] > 0 && perClass[c] >= inTraining[c])
                return false;
        moved[b] = true;
        --blocksLeft;
        for (std::size_t i : removed) {
            lost[i] = true;
            --inTraining[classOf(i)];
        }
        for (std::size_t i : *order[b]) {
            isValidation[i] = true;
            ++inValidation[classOf(i)];
        }
        taken += order[b]->size();
        return true;
    };
    const auto holds = [&](std::size_t b, int c) {
        return std::any_of(order[b]->begin(), order[b]->end(),
                           [&](std::size_t i) { return sites[i].classIndex == c; });
    };

    std::vector<int> classes(static_cast<std::size_t>(classCount));
    std::iota(classes.begin(), classes.end(), 0);
    std::stable_sort(classes.begin(), classes.end(),
                     [&](int a, int b) { return inTraining[std::size_t(a)] < inTraining[std::size_t(b)]; });
    for (int c : classes) {
        const std::size_t wanted
            = validationTarget(inTraining[std::size_t(c)] + inValidation[std::size_t(c)], fraction);
        for (std::size_t b = 0; b < order.size() && inValidation[std::size_t(c)] < wanted; ++b)
            if (!moved[b] && holds(b, c))
                tryMove(b);
    }
    for (std::size_t b = 0; b < order.size() && taken < target; ++b)
        tryMove(b);
    return int(order.size()) - blocksLeft;
}

PatchSplit blockSplit(const std::vector<PatchSite> &sites, int patchSize, const QRect &window,
                      const SplitConfig &config, std::uint64_t seed)
{
    PatchSplit split;
    split.blockSize = config.blockSize > 0 ? config.blockSize : 2 * patchSize;
    split.buffer = std::max(0, config.buffer);
    // An ordered map: the blocks' order before the shuffle must not depend on hashing.
    const auto blocks = blocksOf(sites, patchSize, window, split.blockSize);
    std::vector<const std::vector<std::size_t> *> order;
    for (const auto &block : blocks)
        order.push_back(&block.second);
    split.blocks = int(order.size());
    std::mt19937_64 rng(seed);
    std::shuffle(order.begin(), order.end(), rng);

    const std::size_t target = validationTarget(sites.size(), config.validationFraction);
    std::vector<bool> isValidation(sites.size(), false);
    if (config.stratified) {
        split.validationBlocks = stratifiedBlocks(sites, order, patchSize, split.buffer,
                                                  config.validationFraction, target, isValidation);
    } else {
        std::size_t taken = 0;
        // The last block always stays with training.
        for (std::size_t b = 0; b + 1 < order.size() && taken < target; ++b) {
            for (std::size_t i : *order[b])
                isValidation[i] = true;
            taken += order[b]->size();
            ++split.validationBlocks;
        }
    }
    for (std::size_t i = 0; i < sites.size(); ++i)
        (isValidation[i] ? split.validation : split.train).push_back(i);
    dropNearValidation(split, sites, patchSize, split.buffer);
    return split;
}

} // namespace

std::vector<int> PatchSplitter::foldsOf(const std::vector<PatchSite> &sites, int patchSize,
                                        const QRect &window, const SplitConfig &config, std::uint64_t seed)
{
    const int folds = std::max(1, config.folds);
    std::vector<int> fold(sites.size(), 0);
    std::mt19937_64 rng(seed ^ 0xf01d5ULL);
    if (config.kind == SplitKind::Random) {
        std::vector<std::size_t> order(sites.size());
        std::iota(order.begin(), order.end(), std::size_t(0));
        std::shuffle(order.begin(), order.end(), rng);
        for (std::size_t k = 0; k < order.size(); ++k)
            fold[order[k]] = int(k % std::size_t(folds));
        return fold;
    }
    const int blockSize = config.blockSize > 0 ? config.blockSize : 2 * patchSize;
    const auto blocks = blocksOf(sites, patchSize, window, blockSize);
    std::vector<const std::vector<std::size_t> *> order;
    for (const auto &block : blocks)
        order.push_back(&block.second);
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<std::size_t> size(std::size_t(folds), 0);
    for (const std::vector<std::size_t> *block : order) {
        const std::size_t smallest = std::size_t(std::min_element(size.begin(), size.end()) - size.begin());
        for (std::size_t i : *block)
            fold[i] = int(smallest);
        size[smallest] += block->size();
    }
    return fold;
}

PatchSplit PatchSplitter::foldSplit(const std::vector<PatchSite> &sites, int patchSize, const QRect &window,
                                    const SplitConfig &config, std::uint64_t seed, const QString &errorPath)
{
    if (config.kind == SplitKind::Chronological)
        throw DataError(errorPath,
                        QStringLiteral("a chronological split applies to series tasks only; use spatial "
                                       "blocks or a random split for rasters"));
    if (config.fold < 0 || config.fold >= config.folds)
        throw DataError(errorPath,
                        QStringLiteral("fold %1 does not exist: the folds are 1 to %2")
                            .arg(config.fold + 1)
                            .arg(config.folds));
    const std::vector<int> fold = foldsOf(sites, patchSize, window, config, seed);
    PatchSplit split;
    for (std::size_t i = 0; i < sites.size(); ++i)
        (fold[i] == config.fold ? split.validation : split.train).push_back(i);
    if (config.kind == SplitKind::SpatialBlocks) {
        split.blockSize = config.blockSize > 0 ? config.blockSize : 2 * patchSize;
        split.buffer = std::max(0, config.buffer);
        const auto blocks = blocksOf(sites, patchSize, window, split.blockSize);
        split.blocks = int(blocks.size());
        for (const auto &block : blocks)
            if (fold[block.second.front()] == config.fold)
                ++split.validationBlocks;
        dropNearValidation(split, sites, patchSize, split.buffer);
    }
    if (split.validation.empty())
        throw DataError(errorPath,
                        QStringLiteral("fold %1 of %2 holds no patch: there are fewer %3 than folds; use "
                                       "fewer folds or smaller blocks")
                            .arg(config.fold + 1)
                            .arg(config.folds)
                            .arg(config.kind == SplitKind::SpatialBlocks ? QStringLiteral("blocks")
                                                                         : QStringLiteral("patches")));
    if (split.train.empty())
        throw DataError(
            errorPath,
            QStringLiteral("fold %1 of %2 leaves no training patch: every other patch lies within "
                           "the %3-pixel buffer of its blocks; use more folds, smaller blocks or "
                           "a smaller buffer")
                .arg(config.fold + 1)
                .arg(config.folds)
                .arg(split.buffer));
    return split;
}

bool PatchSplitter::tooClose(const PatchSite &a, const PatchSite &b, int patchSize, int buffer)
{
    const int reach = patchSize + std::max(0, buffer);
    return std::abs(a.x - b.x) < reach && std::abs(a.y - b.y) < reach;
}

PatchSplit PatchSplitter::twoWay(const std::vector<PatchSite> &sites, int patchSize, const QRect &window,
                                 const SplitConfig &config, std::uint64_t seed, const QString &errorPath,
                                 const QString &side)
{
    if (!(config.validationFraction > 0.0 && config.validationFraction < 1.0))
        throw DataError(errorPath,
                        QStringLiteral("the %1 fraction must lie between 0 and 1 (got %2)")
                            .arg(side)
                            .arg(config.validationFraction));
    if (sites.size() < 2)
        throw DataError(errorPath,
                        QStringLiteral("only %1 usable patch: a split needs at least two; label more of the "
                                       "image, lower the patch size or the stride")
                            .arg(sites.size()));
    PatchSplit split;
    switch (config.kind) {
    case SplitKind::Random:
        split = randomSplit(sites.size(), config, seed);
        break;
    case SplitKind::SpatialBlocks:
        split = blockSplit(sites, patchSize, window, config, seed);
        if (split.blocks < 2)
            throw DataError(errorPath,
                            QStringLiteral("all %1 usable patches lie in one block of %2 pixels: lower the "
                                           "block size or label areas further apart")
                                .arg(sites.size())
                                .arg(split.blockSize));
        break;
    case SplitKind::Chronological:
        throw DataError(errorPath,
                        QStringLiteral("a chronological split applies to series tasks only; use spatial "
                                       "blocks or a random split for rasters"));
    }
    if (split.validation.empty())
        throw DataError(errorPath,
                        QStringLiteral("the split leaves no %1 patch: raise the %1 fraction or label more of "
                                       "the image")
                            .arg(side));
    if (split.train.empty())
        throw DataError(
            errorPath,
            QStringLiteral(
                "the split leaves no training patch: every one of the %1 training candidates lies "
                "within the %2-pixel buffer of a %3 patch; lower the block size, the buffer or the "
                "%3 fraction, or label areas further apart")
                .arg(split.droppedByBuffer)
                .arg(split.buffer)
                .arg(side));
    return split;
}

PatchSplit PatchSplitter::split(const std::vector<PatchSite> &sites, int patchSize, const QRect &window,
                                const SplitConfig &config, std::uint64_t seed, const QString &errorPath)
{
    const bool crossValidated = config.folds >= 2;
    if (config.testFraction <= 0.0)
        return crossValidated
            ? foldSplit(sites, patchSize, window, config, seed, errorPath)
            : twoWay(sites, patchSize, window, config, seed, errorPath, QStringLiteral("validation"));
    if (!(config.testFraction < 1.0 && config.testFraction + config.validationFraction < 1.0))
        throw DataError(
            errorPath,
            QStringLiteral("the test fraction %1 and the validation fraction %2 leave nothing for "
                           "training")
                .arg(config.testFraction)
                .arg(config.validationFraction));
    // The test side first, drawn from every patch with a seed of its own: the same seed draws the
    // same test blocks whatever the validation fraction.
    SplitConfig heldOut = config;
    heldOut.validationFraction = config.testFraction;
    const PatchSplit first
        = twoWay(sites, patchSize, window, heldOut, seed ^ 0x7e57f01dULL, errorPath, QStringLiteral("test"));
    // Then validation from what is left, the training and validation candidates next to a test patch
    // already dropped; its fraction is of all the patches, as without a test side.
    std::vector<PatchSite> rest;
    rest.reserve(first.train.size());
    for (std::size_t i : first.train)
        rest.push_back(sites[i]);
    SplitConfig inner = config;
    inner.validationFraction = std::min(0.9, config.validationFraction / (1.0 - config.testFraction));
    const PatchSplit second = crossValidated
        ? foldSplit(rest, patchSize, window, config, seed, errorPath)
        : twoWay(rest, patchSize, window, inner, seed, errorPath, QStringLiteral("validation"));
    PatchSplit split;
    for (std::size_t i : second.train)
        split.train.push_back(first.train[i]);
    for (std::size_t i : second.validation)
        split.validation.push_back(first.train[i]);
    split.test = first.validation;
    split.droppedByBuffer = first.droppedByBuffer + second.droppedByBuffer;
    split.blockSize = second.blockSize;
    split.buffer = second.buffer;
    split.blocks = first.blocks;
    split.validationBlocks = second.validationBlocks;
    split.testBlocks = first.validationBlocks;
    return split;
}

} // namespace deepterra
