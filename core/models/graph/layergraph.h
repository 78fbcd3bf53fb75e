#pragma once

#include "models/graph/layernode.h"
#include "models/graph/layerweights.h"
#include "models/modelsummary.h"

#include <QString>

#include <cstdint>
#include <string>
#include <vector>

namespace deepterra {

// A network written once: the layers with weights it declares and the nodes that compute its
// output. The training module, the TorchScript and ONNX exports, the optimised inference form
// and the layer table are all read from it, so a network's structure lives in one place (its
// family's builder, NetworkGraph).
class LayerGraph
{
public:
    // A row of the layer table: the node whose output it shows and the layers whose parameters
    // it counts.
    struct Row
    {
        QString name;
        QString type;
        int node = -1;
        std::vector<int> weights;
    };

    // `inputRank` counts the batch: 4 for images, 3 for sequences, 2 for vectors; 0 for a network
    // that flattens whatever it is given (a dense autoencoder).
    explicit LayerGraph(int inputRank);

    int input() const { return 0; }

    // Declarations, in the order the layers are created. Each returns the layer's index.
    int declareConv2d(const std::string &path, int in, int out, int kernel, int stride = 1, int padding = 0,
                      bool bias = true);
    int declareConvTranspose2d(const std::string &path, int in, int out, int kernel, int stride);
    int declareBatchNorm2d(const std::string &path, int channels);
    int declareDense(const std::string &path, int in, int out);
    int declareRecurrent(const std::string &path, RecurrentCell cell, int in, int hidden, int layers,
                         double dropout);

    // Nodes, in the order they run. Each returns the node's index.
    int apply(int weights, int x); // the declared layer's operation on x
    int activation(int x, Activation activation); // x itself for Activation::None
    int maxPool(int x, int window);
    int upsample(int x, int like, Upsampling mode);
    int concat(const std::vector<int> &inputs);
    int add(int a, int b);
    int flatten(int x);
    int dropout(int x, double rate); // x itself for a rate of 0
    int lastStep(int x);
    int reshape(int x, const std::vector<std::int64_t> &shape);
    int reshapeLike(int x, int like);
    void setOutput(int x) { m_output = x; }

    // A row of the layer table, in the order rows are added.
    void describe(const QString &name, const QString &type, int node, std::vector<int> weights = {});

    const std::vector<LayerWeights> &weights() const { return m_weights; }
    const std::vector<LayerNode> &nodes() const { return m_nodes; }
    const std::vector<Row> &rows() const { return m_rows; }
    int output() const { return m_output; }
    int inputRank() const { return m_inputRank; }
    // True for a network of images whose output follows its input's height and width: nothing
    // flattens, reshapes or runs dense or recurrent layers.
    bool fullyConvolutional() const;

    // The output shape of every node for an input shape (batch first). Throws DataError naming
    // the layer where the input is too small or of the wrong rank.
    std::vector<std::vector<std::int64_t>> shapes(const std::vector<std::int64_t> &input) const;
    ModelSummary summary(const std::vector<std::int64_t> &input) const;
    std::int64_t parameterCount() const;
    // For each node, the last node that reads its output (the output node itself: past the end),
    // so that back ends can free intermediate results early.
    std::vector<int> lastUses() const;

private:
    int declare(LayerWeights weights);
    int addNode(LayerNode node);
    QString layerName(int node) const;

    int m_inputRank;
    std::vector<LayerWeights> m_weights;
    std::vector<LayerNode> m_nodes;
    std::vector<Row> m_rows;
    int m_output = 0;
};

} // namespace deepterra
