#pragma once

#include <onnx/onnx_pb.h>
#include <torch/torch.h>

#include <QString>

#include <string>
#include <vector>

namespace deepterra::test {

// A second opinion on ONNX models that no runtime here can run (OpenCV's DNN module lacks opset
// 13's LSTM and GRU): the few operators a recurrent forecaster's export uses, evaluated in LibTorch
// as the ONNX operator specification defines them, independently of how LibTorch lays out its
// recurrent weights.
class OnnxReference
{
public:
    // The graph's "output" for `input` (fed to "input"); an undefined tensor and `error` set for an
    // operator it does not know.
    static torch::Tensor evaluate(const onnx::ModelProto &model, const torch::Tensor &input, QString *error);
    static const onnx::AttributeProto *attribute(const onnx::NodeProto &node, const std::string &name);

private:
    static torch::Tensor recurrentCell(const onnx::NodeProto &node, const std::vector<torch::Tensor> &inputs);
};

} // namespace deepterra::test
