#pragma once

#include <QString>

#include <optional>

namespace deepterra {

enum class Activation { None, ReLU, LeakyReLU, ELU, GELU, Tanh, Sigmoid };

QString activationName(Activation activation);
std::optional<Activation> activationFromName(const QString &name);

} // namespace deepterra
