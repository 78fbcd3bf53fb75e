#pragma once

#include "models/model.h"
#include "models/private/network.h"

namespace deepterra {

struct Model::Private
{
    ModelSpec spec;
    Network network;
};

// Builds the torch module of a spec (no seeding: callers seed).
Network buildNetwork(const ModelSpec &spec);

} // namespace deepterra
