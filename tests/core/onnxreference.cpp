#include "onnxreference.h"

#include <QString>

#include <map>

namespace deepterra::test {

const onnx::AttributeProto *OnnxReference::attribute(const onnx::NodeProto &node, const std::string &name)
{
    for (const onnx::AttributeProto &a : node.attribute())
        if (a.name() == name)
            return &a;
    return nullptr;
}

// ONNX's LSTM (activations sigmoid, tanh, tanh) and GRU with linear_before_reset, as the operator
// specification writes them: W = [W_i, W_o, W_f, W_c] or [W_z, W_r, W_h], B = [Wb, Rb].
torch::Tensor OnnxReference::recurrentCell(const onnx::NodeProto &node,
                                           const std::vector<torch::Tensor> &inputs)
{
    const bool lstm = node.op_type() == "LSTM";
    const std::int64_t hidden = OnnxReference::attribute(node, "hidden_size")->i();
    const std::int64_t gates = lstm ? 4 : 3;
    const torch::Tensor &x = inputs[0]; // [time, batch, features]
    const torch::Tensor W = inputs[1][0], R = inputs[2][0];
    const torch::Tensor Wb = inputs[3][0].slice(0, 0, gates * hidden),
                        Rb = inputs[3][0].slice(0, gates * hidden);
    torch::Tensor h = torch::zeros({ x.size(1), hidden }), c = torch::zeros({ x.size(1), hidden });
    std::vector<torch::Tensor> steps;
    for (std::int64_t t = 0; t < x.size(0); ++t) {
        const auto xw = (x[t].matmul(W.t()) + Wb).chunk(gates, 1);
        const auto hr = (h.matmul(R.t()) + Rb).chunk(gates, 1);
        if (lstm) {
            const torch::Tensor i = torch::sigmoid(xw[0] + hr[0]), o = torch::sigmoid(xw[1] + hr[1]),
                                f = torch::sigmoid(xw[2] + hr[2]), candidate = torch::tanh(xw[3] + hr[3]);
            c = f * c + i * candidate;
            h = o * torch::tanh(c);
        } else {
            const torch::Tensor z = torch::sigmoid(xw[0] + hr[0]), r = torch::sigmoid(xw[1] + hr[1]);
            const torch::Tensor candidate = torch::tanh(xw[2] + r * hr[2]);
            h = (1 - z) * candidate + z * h;
        }
        steps.push_back(h);
    }
    return torch::stack(steps).unsqueeze(1); // [time, directions, batch, hidden]
}

// The operators a recurrent forecaster's export uses, evaluated in the order the file lists them.
torch::Tensor OnnxReference::evaluate(const onnx::ModelProto &model, const torch::Tensor &input,
                                      QString *error)
{
    std::map<std::string, torch::Tensor> values { { "input", input } };
    for (const onnx::TensorProto &tensor : model.graph().initializer()) {
        const std::vector<std::int64_t> dims(tensor.dims().begin(), tensor.dims().end());
        const auto type = tensor.data_type() == onnx::TensorProto::INT64 ? torch::kInt64 : torch::kFloat32;
        values[tensor.name()]
            = torch::from_blob(const_cast<char *>(tensor.raw_data().data()), dims, type).clone();
    }
    for (const onnx::NodeProto &node : model.graph().node()) {
        std::vector<torch::Tensor> in;
        for (const std::string &name : node.input())
            in.push_back(values.at(name));
        const std::string &op = node.op_type();
        torch::Tensor out;
        if (op == "Transpose") {
            const auto &perm = OnnxReference::attribute(node, "perm")->ints();
            out = in[0].permute(std::vector<std::int64_t>(perm.begin(), perm.end()));
        } else if (op == "LSTM" || op == "GRU") {
            if (op == "GRU" && OnnxReference::attribute(node, "linear_before_reset")->i() != 1) {
                *error = QStringLiteral("a GRU that resets before its recurrent weights");
                return {};
            }
            out = recurrentCell(node, in);
        } else if (op == "Squeeze") {
            out = in[0].squeeze(in[1].item<std::int64_t>());
        } else if (op == "Gather") {
            const std::int64_t axis = OnnxReference::attribute(node, "axis")->i(),
                               index = in[1].item<std::int64_t>();
            out = in[0].select(axis, index < 0 ? index + in[0].size(axis) : index);
        } else if (op == "Gemm") {
            out = in[0].matmul(OnnxReference::attribute(node, "transB")->i() ? in[1].t() : in[1]) + in[2];
        } else if (op == "Reshape") {
            std::vector<std::int64_t> shape(in[1].data_ptr<std::int64_t>(),
                                            in[1].data_ptr<std::int64_t>() + in[1].numel());
            for (std::size_t d = 0; d < shape.size(); ++d)
                if (shape[d] == 0)
                    shape[d] = in[0].size(std::int64_t(d));
            out = in[0].reshape(shape);
        } else if (op == "Identity") {
            out = in[0];
        } else {
            *error = QStringLiteral("no evaluation here for %1").arg(QString::fromStdString(op));
            return {};
        }
        values[node.output(0)] = out;
    }
    return values.at("output");
}

} // namespace deepterra::test
