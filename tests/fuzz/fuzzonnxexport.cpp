#include "common/dataerror.h"
#include "export/modelexporter.h"
#include "export/onnxwriter.h"
#include "fuzzinput.h"
#include "models/graph/networkgraph.h"
#include "models/model.h"
#include "models/modelspecjson.h"

#include <cstdio>
#include <cstdlib>
#include <optional>

// The ONNX writer's input: model specs as users write them (a spec file or a project's model section).
// A spec that parses and builds must export as a model ONNX's checker and strict shape inference
// accept (OnnxWriter runs both before writing): a DataError from the writer is a finding.
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    using namespace deepterra;
    const auto json = fuzz::jsonObject(data, size);
    if (!json)
        return 0;
    ModelSpec spec;
    LayerGraph graph { 0 };
    try {
        spec = ModelSpecJson::fromJson(*json, QStringLiteral("/fuzz/model.json"));
        graph = NetworkGraph::build(spec);
    } catch (const DataError &) {
        return 0; // refused as a user would see it: the parsers' own fuzz targets cover this
    }
    // Small networks only: the point is the graph's structure, and each input must run in milliseconds.
    if (graph.parameterCount() > 200000)
        return 0;
    std::optional<Model> model;
    try {
        model.emplace(Model::create(spec, 1));
    } catch (const DataError &) {
        return 0;
    }
    const QString path = fuzz::asFile(data, 0, ".onnx");
    try {
        OnnxWriter::write(graph, model->defaultInputShape(), ModelExporter::weights(*model), path);
    } catch (const DataError &e) {
        std::fprintf(stderr, "a valid spec does not export: %s\n", qPrintable(e.message()));
        std::abort();
    }
    return 0;
}
