#pragma once

#include "models/modelspec.h"
#include "models/modelsummary.h"

#include <QByteArray>

#include <cstdint>
#include <memory>
#include <vector>

namespace deepterra {

// A LibTorch network built from a ModelSpec. The torch module stays behind the pimpl: code outside
// core only sees specs, summaries and parameter counts. Trainer, predictor and exporters reach the
// module through models/private/modelprivate.h.
class Model
{
public:
    // Builds the network with weights drawn from `seed` (LibTorch's default initialisations),
    // leaving LibTorch's process-wide generator where those draws end: a training run's dropout
    // continues from there. Throws DataError when the spec is invalid.
    static Model create(const ModelSpec &spec, std::uint64_t seed = 0);
    // Builds the network to load saved weights into (a run's checkpoint, a layer table): its
    // initial draws leave LibTorch's generator as they found it, so that a model built beside a
    // training run never changes that run's weights.
    static Model createForWeights(const ModelSpec &spec);

    Model(Model &&other) noexcept;
    Model &operator=(Model &&other) noexcept;
    ~Model();

    const ModelSpec &spec() const;
    std::int64_t parameterCount() const;
    // The input shape that summaries use when none is given: batch 1 and the spec's own sizes
    // (64x64 for a U-Net, whose size is set by the training patches).
    std::vector<std::int64_t> defaultInputShape() const;
    ModelSummary summary(std::vector<std::int64_t> inputShape = {}) const;
    // SHA-256 over every parameter and buffer: equal digests mean bit-identical weights. What
    // determinism and resume tests compare.
    QByteArray weightsDigest() const;

    struct Private;
    Private &privateData() const { return *d; }

private:
    explicit Model(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

} // namespace deepterra
