#include "models/graph/networkgraph.h"

namespace deepterra {

LayerGraph NetworkGraph::build(const ModelSpec &spec)
{
    struct Builder
    {
        LayerGraph operator()(const CnnSpec &s) const { return cnn(s); }
        LayerGraph operator()(const UNetSpec &s) const { return unet(s); }
        LayerGraph operator()(const ResUNetSpec &s) const { return resUNet(s); }
        LayerGraph operator()(const RecurrentSpec &s) const { return recurrent(s); }
        LayerGraph operator()(const DenseAutoencoderSpec &s) const { return denseAutoencoder(s); }
        LayerGraph operator()(const ConvAutoencoderSpec &s) const { return convAutoencoder(s); }
    };
    return std::visit(Builder {}, spec.parameters());
}

} // namespace deepterra
