#pragma once

#include "training/patchsite.h"
#include "training/patchsplit.h"
#include "training/taskconfig.h"

#include <QRect>
#include <QString>

#include <cstdint>
#include <vector>

namespace deepterra {

// Divides the patches of a raster task into training and validation.
class PatchSplitter
{
public:
    // Random: a seeded shuffle; round(validationFraction x patches) go to validation. Patches of
    // the two sides may overlap when the stride is smaller than the patch size.
    // SpatialBlocks: square blocks of blockSize pixels (0: twice the patch size) laid from the
    // window's corner; each patch belongs to the block under its centre. Blocks are drawn in a
    // seeded order into validation until it holds validationFraction of the patches; then every
    // training patch closer than `buffer` pixels to a validation patch is dropped, so that no
    // training patch shares a pixel with a validation patch (buffer -1 or 0), or keeps at least
    // `buffer` pixels of gap to all of them. With `stratified`, blocks are chosen class by class
    // (rarest first, by the patches' classIndex) so that each class gets about validationFraction
    // of its patches in validation where the blocks allow it, without taking a class's last
    // training patch; then blocks fill validation up to validationFraction as above.
    // With a test fraction, the test side is drawn first the same way (its own seeded blocks or
    // patches, testFraction of all patches, every other patch within the buffer of a test patch
    // dropped), then validation and training from the rest; validationFraction stays a fraction of
    // all the patches.
    // With folds >= 2, validation is fold `fold` of foldsOf() over the patches the test side
    // leaves, training the other folds less the patches within the buffer of a validation patch.
    // Throws DataError(errorPath) when a side would be empty, with what to change.
    static PatchSplit split(const std::vector<PatchSite> &sites, int patchSize, const QRect &window,
                            const SplitConfig &config, std::uint64_t seed, const QString &errorPath);

    // The fold (0 .. folds - 1) of each patch: spatial blocks in a seeded order, each dealt to the
    // fold holding the fewest patches so far (folds of about equal size, every block whole in one);
    // random: a seeded shuffle dealt in turn. Every patch is in exactly one fold.
    static std::vector<int> foldsOf(const std::vector<PatchSite> &sites, int patchSize, const QRect &window,
                                    const SplitConfig &config, std::uint64_t seed);

    // Whether two patches come closer than `buffer` pixels (buffer 0: whether they overlap).
    static bool tooClose(const PatchSite &a, const PatchSite &b, int patchSize, int buffer);

private:
    static PatchSplit foldSplit(const std::vector<PatchSite> &sites, int patchSize, const QRect &window,
                                const SplitConfig &config, std::uint64_t seed, const QString &errorPath);
    // Training and one other side (`side`: "validation" or "test", for the messages).
    static PatchSplit twoWay(const std::vector<PatchSite> &sites, int patchSize, const QRect &window,
                             const SplitConfig &config, std::uint64_t seed, const QString &errorPath,
                             const QString &side);
};

} // namespace deepterra
