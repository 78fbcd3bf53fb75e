#pragma once

#include <QString>

#include <cstdint>

namespace deepterra {

enum class UncertaintyMethod {
    None,
    // N stochastic passes with the network's dropout layers active (Gal and Ghahramani 2016).
    McDropout,
    // The eight flips and 90-degree rotations of each tile, each mapped back onto the tile.
    TestTimeAugmentation,
};

// How a whole-raster prediction estimates its per-pixel uncertainty. Every pass's output is
// averaged into the class probabilities (or reconstruction error) the other outputs are made of;
// the spread between passes becomes the uncertainty bands.
struct UncertaintySettings
{
    static constexpr int kAugmentations = 8;
    static constexpr int kDefaultPasses = 20;

    UncertaintyMethod method = UncertaintyMethod::None;
    int passes = kDefaultPasses; // Monte Carlo dropout's stochastic passes
    // Monte Carlo dropout's masks are drawn from this seed and each batch's position in the raster,
    // so that a prediction is the same whatever the streams or threads.
    std::uint64_t seed = 1;

    bool enabled() const { return method != UncertaintyMethod::None; }
    // Network passes per tile: N for Monte Carlo dropout, 8 for test-time augmentation, else 1.
    int passCount() const;
    // "none", "mc-dropout:20", "tta": what parse() reads back.
    QString name() const;
    // Reads "none", "tta", "mc-dropout" (kDefaultPasses) or "mc-dropout:N" with 2 <= N <= 1000;
    // on a typo, returns false and says what is accepted in `error`.
    static bool parse(const QString &text, UncertaintySettings *settings, QString *error);

    // The uncertainty raster's bands: predictive entropy, mutual information and the probabilities'
    // standard deviation for class maps; the standard deviation of the error for anomaly maps.
    static int bandCount(bool classify) { return classify ? 3 : 1; }
    static QString bandDescription(bool classify, int band);
};

} // namespace deepterra
