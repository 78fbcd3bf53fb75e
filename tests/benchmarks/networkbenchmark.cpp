// The network alone, as whole-raster prediction runs it: milliseconds per batch of a trained run's
// optimised network on oneDNN's own primitives (OneDnnNetwork) against the frozen TorchScript
// inference form, in the same process, alternating, and the largest difference of their outputs.
// scripts/benchmark-prediction.sh times the whole prediction; this isolates the network.
//
//   networkbenchmark RUN_FOLDER [--batch 2] [--tile 256] [--batches 20] [--rounds 3] [--threads 1]
//
// With --threads 1, two of these side by side behave as predict's two network streams.

#include "inference/private/optimizednetwork.h"
#include "inference/trainedmodel.h"
#include "runtime/memorypolicy.h"
#include "runtime/torchruntime.h"

#include <QCoreApplication>
#include <QTextStream>

#include <chrono>

using namespace deepterra;

namespace {

double millisecondsPerBatch(OptimizedNetwork &network, const torch::Tensor &input, int batches)
{
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < batches; ++i)
        network.forward(input);
    const std::chrono::duration<double, std::milli> elapsed = std::chrono::steady_clock::now() - start;
    return elapsed.count() / batches;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    MemoryPolicy::reuseFreedMemory();
    QTextStream out(stdout);
    const QStringList args = app.arguments();
    const auto option = [&args](const char *name, int fallback) {
        const int at = int(args.indexOf(QLatin1String(name)));
        return at > 0 && at + 1 < args.size() ? args[at + 1].toInt() : fallback;
    };
    if (args.size() < 2 || args[1].startsWith(QLatin1String("--"))) {
        out << "usage: networkbenchmark RUN_FOLDER [--batch 2] [--tile 256] [--batches 20] [--rounds 3] "
               "[--threads 1]\n";
        return 2;
    }
    const int batch = option("--batch", 2);
    const int tile = option("--tile", 256);
    const int batches = option("--batches", 20);
    const int rounds = option("--rounds", 3);
    TorchRuntime::setThisThreadsIntraOpThreads(option("--threads", 1));

    const TrainedModel model = TrainedModel::loadRun(args[1]);
    const ModelSpec &spec = model.metadata().spec();
    if (!OptimizedNetwork::runsInferenceForm(spec.kind())) {
        out << "networkbenchmark times U-Nets and ResUNets; this run trained a "
            << ModelSpec::kindName(spec.kind()) << "\n";
        return 2;
    }
    const int channels = spec.kind() == ModelKind::UNet ? spec.as<UNetSpec>().inputChannels
                                                        : spec.as<ResUNetSpec>().inputChannels;
    c10::InferenceMode inference;
    torch::manual_seed(1);
    const torch::Tensor input = torch::randn({ batch, channels, tile, tile });
    OptimizedNetwork oneDnn(model);
    OptimizedNetwork torchScript(model, TorchScriptSource::Dropout::Identity, torch::kCPU,
                                 OptimizedNetwork::Runtime::TorchScript);
    out << "network " << ModelSpec::kindName(spec.kind()) << ", batch " << batch << " of " << tile << " x "
        << tile << ", " << option("--threads", 1)
        << " thread(s); oneDNN runtime: " << (oneDnn.runsOneDnn() ? "yes" : "no (not built with oneDNN)")
        << "\n";
    const torch::Tensor a = oneDnn.forward(input);
    const torch::Tensor b = torchScript.forward(input);
    out << "largest difference of the outputs: " << (a - b).abs().max().item<double>() << "\n";
    for (int round = 1; round <= rounds; ++round) {
        const double own = millisecondsPerBatch(oneDnn, input, batches);
        const double script = millisecondsPerBatch(torchScript, input, batches);
        out << QStringLiteral("round %1: oneDNN runtime %2 ms, TorchScript form %3 ms per batch (%4x)\n")
                   .arg(round)
                   .arg(own, 0, 'f', 1)
                   .arg(script, 0, 'f', 1)
                   .arg(script / own, 0, 'f', 3);
        out.flush();
    }
    return 0;
}
