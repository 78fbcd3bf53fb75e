#include "models/graph/networkgraph.h"

namespace deepterra {

// Sequence forecaster: the last step's hidden state, through a dense layer, gives `horizon` steps
// of `targets` values.
LayerGraph NetworkGraph::recurrent(const RecurrentSpec &spec)
{
    LayerGraph g(3);
    const bool lstm = spec.cell == RecurrentCell::Lstm;
    // LibTorch warns on dropout between layers when there is one layer.
    const int cell = g.declareRecurrent(lstm ? "lstm" : "gru", spec.cell, spec.inputs, spec.hiddenSize,
                                        spec.layers, spec.layers > 1 ? spec.dropout : 0.0);
    const int output = g.declareDense("output", spec.hiddenSize, spec.horizon * spec.targets);

    int x = g.apply(cell, g.input());
    g.describe(lstm ? QStringLiteral("lstm") : QStringLiteral("gru"),
               QStringLiteral("%1 x%2").arg(lstm ? "LSTM" : "GRU").arg(spec.layers), x, { cell });
    x = g.apply(output, g.lastStep(x));
    g.describe(QStringLiteral("output"), QStringLiteral("Linear"), x, { output });
    g.setOutput(g.reshape(x, { spec.horizon, spec.targets }));
    return g;
}

} // namespace deepterra
