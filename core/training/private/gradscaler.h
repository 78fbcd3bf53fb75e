#pragma once

// Core-private: only core .cpp files include this.

#include <QJsonObject>

#include <torch/torch.h>

#include <cstdint>
#include <vector>

namespace deepterra {

// float16's dynamic loss scale, as PyTorch's torch.amp.GradScaler: the loss is multiplied by the
// scale before backward, so that small gradients do not flush to zero in float16, and the gradients
// are divided by it before clipping and the optimiser step. A batch whose gradients overflowed is
// not stepped on and the scale halves; after `growthInterval` finite batches in a row it doubles.
// Disabled (bfloat16 and float32 need no scale), the scale is 1 and every batch steps.
class GradScaler
{
public:
    explicit GradScaler(bool enabled, double initialScale = 65536.0, int growthInterval = 2000);

    bool enabled() const { return m_enabled; }
    double scale() const { return m_enabled ? m_scale : 1.0; }
    std::int64_t skippedSteps() const { return m_skipped; }

    // Divides the gradients of `parameters` by the scale. False when any is not finite: the
    // optimiser must then not step on this batch. Call update() with the answer after each batch.
    bool unscale(const std::vector<torch::Tensor> &parameters) const;
    void update(bool gradientsFinite);

    // For checkpoints: a resumed run goes on with the scale it had.
    QJsonObject toJson() const;
    void restore(const QJsonObject &json);

private:
    bool m_enabled = false;
    double m_scale = 65536.0;
    int m_growthInterval = 2000;
    int m_finiteInARow = 0;
    std::int64_t m_skipped = 0;
};

} // namespace deepterra
