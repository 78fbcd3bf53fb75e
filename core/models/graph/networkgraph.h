#pragma once

#include "models/graph/layergraph.h"
#include "models/modelspec.h"

namespace deepterra {

// Each model family's structure, written once as a LayerGraph. Everything that runs or exports a
// network starts here; docs/how-to-add-a-network.md walks through adding a family.
class NetworkGraph
{
public:
    static LayerGraph build(const ModelSpec &spec);

    static LayerGraph cnn(const CnnSpec &spec);
    static LayerGraph unet(const UNetSpec &spec);
    static LayerGraph resUNet(const ResUNetSpec &spec);
    static LayerGraph recurrent(const RecurrentSpec &spec);
    static LayerGraph denseAutoencoder(const DenseAutoencoderSpec &spec);
    static LayerGraph convAutoencoder(const ConvAutoencoderSpec &spec);
};

} // namespace deepterra
