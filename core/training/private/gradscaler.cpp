#include "training/private/gradscaler.h"

#include <cmath>

namespace deepterra {

GradScaler::GradScaler(bool enabled, double initialScale, int growthInterval)
    : m_enabled(enabled)
    , m_scale(initialScale)
    , m_growthInterval(std::max(1, growthInterval))
{ }

bool GradScaler::unscale(const std::vector<torch::Tensor> &parameters) const
{
    if (!m_enabled)
        return true;
    const torch::NoGradGuard noGrad;
    // One flag per gradient, read back once: a read per parameter would wait for the GPU each time.
    std::vector<torch::Tensor> finite;
    for (const torch::Tensor &parameter : parameters) {
        torch::Tensor gradient = parameter.grad();
        if (!gradient.defined())
            continue;
        gradient.mul_(1.0 / m_scale);
        finite.push_back(torch::isfinite(gradient).all());
    }
    return finite.empty() || torch::stack(finite).all().item<bool>();
}

void GradScaler::update(bool gradientsFinite)
{
    if (!m_enabled)
        return;
    if (!gradientsFinite) {
        m_scale = std::max(m_scale * 0.5, 1.0 / 65536.0);
        m_finiteInARow = 0;
        ++m_skipped;
        return;
    }
    if (++m_finiteInARow >= m_growthInterval) {
        // float16's largest value is 65504: a larger scale only overflows sooner.
        m_scale = std::min(m_scale * 2.0, 16777216.0);
        m_finiteInARow = 0;
    }
}

QJsonObject GradScaler::toJson() const
{
    return { { QStringLiteral("scale"), m_scale },
             { QStringLiteral("finiteInARow"), m_finiteInARow },
             { QStringLiteral("skipped"), double(m_skipped) } };
}

void GradScaler::restore(const QJsonObject &json)
{
    const double scale = json.value(QStringLiteral("scale")).toDouble(m_scale);
    if (std::isfinite(scale) && scale > 0.0)
        m_scale = scale;
    m_finiteInARow = std::max(0, json.value(QStringLiteral("finiteInARow")).toInt(0));
    m_skipped = std::int64_t(std::max(0.0, json.value(QStringLiteral("skipped")).toDouble(0.0)));
}

} // namespace deepterra
