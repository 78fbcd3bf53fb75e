#include "models/activation.h"

#include <array>
#include <utility>

namespace deepterra {

namespace {
const std::array<std::pair<Activation, const char *>, 7> kNames { {
    { Activation::None, "none" },
    { Activation::ReLU, "relu" },
    { Activation::LeakyReLU, "leaky-relu" },
    { Activation::ELU, "elu" },
    { Activation::GELU, "gelu" },
    { Activation::Tanh, "tanh" },
    { Activation::Sigmoid, "sigmoid" },
} };
} // namespace

QString activationName(Activation activation)
{
    for (const auto &[a, name] : kNames)
        if (a == activation)
            return QString::fromLatin1(name);
    return {};
}

std::optional<Activation> activationFromName(const QString &name)
{
    for (const auto &[a, n] : kNames)
        if (name.compare(QLatin1String(n), Qt::CaseInsensitive) == 0)
            return a;
    return std::nullopt;
}

} // namespace deepterra
