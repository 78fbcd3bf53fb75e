#include "models/model.h"
#include "models/private/modelprivate.h"

#include <QCryptographicHash>
#include <QtTest>

#include <torch/version.h>

#include <array>
#include <cstdio>
#include <map>

using namespace deepterra;

// Networks are bit-for-bit what they were when the golden digests were recorded (before the layer
// graph replaced the hand-written modules): the same seeded weights under the same names in the
// same order (so old checkpoints load and seeded training repeats), the same outputs in evaluation
// and in training mode (dropout draws included), and the same layer table.
// DEEPTERRA_PRINT_GOLDEN=1 prints the digests of new cases instead of comparing; digests of the
// recorded cases are never to be regenerated.
class TestNetworkGolden : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void networkIsUnchanged_data();
    void networkIsUnchanged();
};

namespace {

struct GoldenCase
{
    const char *name;
    ModelSpec spec;
    std::vector<std::int64_t> input;
};

QByteArray digest(const torch::Tensor &t)
{
    const torch::Tensor cpu = t.detach().to(torch::kCPU).contiguous();
    return QCryptographicHash::hash(
               QByteArrayView(static_cast<const char *>(cpu.data_ptr()), qsizetype(cpu.nbytes())),
               QCryptographicHash::Sha256)
        .toHex()
        .left(24);
}

ConvBlockSpec block(int filters, bool batchNorm, double dropout, Activation activation, bool same)
{
    ConvBlockSpec b;
    b.filters = filters;
    b.batchNorm = batchNorm;
    b.dropout = dropout;
    b.activation = activation;
    b.samePadding = same;
    return b;
}

std::vector<GoldenCase> cases()
{
    std::vector<GoldenCase> all;
    CnnSpec cnn;
    cnn.inputChannels = 4;
    cnn.inputHeight = cnn.inputWidth = 20;
    cnn.blocks
        = { block(6, true, 0.1, Activation::ReLU, true), block(8, false, 0.0, Activation::ELU, false) };
    cnn.denseUnits = { 12 };
    cnn.denseDropout = 0.2;
    cnn.denseActivation = Activation::Tanh;
    cnn.classes = 3;
    all.push_back({ "cnn", ModelSpec(cnn), { 2, 4, 20, 20 } });
    CnnSpec plain;
    plain.inputChannels = 2;
    plain.inputHeight = 12;
    plain.inputWidth = 16;
    plain.blocks = { block(5, false, 0.0, Activation::LeakyReLU, false) };
    plain.blocks[0].stride = 2;
    plain.blocks[0].pool = 0;
    plain.classes = 2;
    all.push_back({ "cnn strided", ModelSpec(plain), { 2, 2, 12, 16 } });
    for (Upsampling up : { Upsampling::Transpose, Upsampling::Bilinear, Upsampling::Nearest }) {
        UNetSpec unet;
        unet.inputChannels = 3;
        unet.classes = 4;
        unet.depth = 2;
        unet.baseFilters = 4;
        unet.batchNorm = up != Upsampling::Nearest;
        unet.dropout = 0.25;
        unet.upsampling = up;
        const char *name = up == Upsampling::Transpose ? "unet transpose"
            : up == Upsampling::Bilinear               ? "unet bilinear"
                                                       : "unet nearest";
        all.push_back({ name, ModelSpec(unet), { 2, 3, 16, 16 } });
    }
    for (RecurrentCell cell : { RecurrentCell::Lstm, RecurrentCell::Gru }) {
        RecurrentSpec rnn;
        rnn.cell = cell;
        rnn.inputs = 3;
        rnn.hiddenSize = 7;
        rnn.layers = 2;
        rnn.dropout = 0.3;
        rnn.lookback = 6;
        rnn.horizon = 2;
        rnn.targets = 2;
        all.push_back({ cell == RecurrentCell::Lstm ? "lstm" : "gru", ModelSpec(rnn), { 3, 6, 3 } });
    }
    DenseAutoencoderSpec dense;
    dense.inputSize = 24;
    dense.encoderLayers = { 12, 6 };
    dense.latent = 3;
    dense.activation = Activation::GELU;
    all.push_back({ "dense autoencoder", ModelSpec(dense), { 2, 24 } });
    ConvAutoencoderSpec conv;
    conv.inputChannels = 2;
    conv.inputSize = 16;
    conv.depth = 2;
    conv.baseFilters = 4;
    conv.latent = 5;
    all.push_back({ "conv autoencoder", ModelSpec(conv), { 2, 2, 16, 16 } });
    return all;
}

using Digests = std::map<QString, std::array<const char *, 4>>;

// The recorded digests, by case name: weights, evaluation output, training output, layer table.
// Each LibTorch has its own kernels and so its own bits: Debian 12's 1.13 and Debian 13's 2.6.
const Digests *recorded()
{
    static const Digests torch113 {
        { QStringLiteral("cnn"),
          { "596ce66dd4b6bab122662489", "dd1934678de4c02b58239621", "09a8c2708e668bf5bcdef156",
            "8ac113f1d8435abd74eac408" } },
        { QStringLiteral("cnn strided"),
          { "4df9df2d68a5ad244834f2a1", "9cba2a753d0aa3e32cc08fac", "9cba2a753d0aa3e32cc08fac",
            "a97b62c09b2d5e5a7099cef8" } },
        { QStringLiteral("unet transpose"),
          { "672162e90d770fb71f7d00b1", "aa7c4d2780ddba7b1d87ebb0", "012e9753d5cf32f07477442d",
            "fd86e99cdd5ee104e6f2bd06" } },
        { QStringLiteral("unet bilinear"),
          { "63f83091ba4e111773ce23d0", "93ec7e00542d69d452198928", "69bf7e64bf00a13e3f31b658",
            "932fbb338ffcff5a9157307c" } },
        { QStringLiteral("unet nearest"),
          { "c74eadd6c050694c2973437e", "5506311111d3852116e123e2", "2e410921f6ef7880b931ed37",
            "220801a63d24dbf6f24707c8" } },
        { QStringLiteral("lstm"),
          { "ec94828a51f6fb80219c53a1", "873648b35cc04432b49d6f46", "6e16cd4e6687e072058e8253",
            "14844e5edec55fb1bc24ccfe" } },
        { QStringLiteral("gru"),
          { "4022063022a56954bdbab39a", "89aa8446b560d6a6b8343e0b", "994d06f1c25e9285a4b461c9",
            "425abc123cc90f649e570c05" } },
        { QStringLiteral("dense autoencoder"),
          { "0c6bd663ba233f62268bd2a7", "3ab4516c5a0640cc8ba13322", "3ab4516c5a0640cc8ba13322",
            "258c6f3beb57ea1fe4cffc43" } },
        { QStringLiteral("conv autoencoder"),
          { "e9b7b682428a0f013c564478", "b1eb506a750234c7f2920130", "b1eb506a750234c7f2920130",
            "3d7624a2c5e5443dc270dfc8" } },
    };
    static const Digests torch26 {
        { QStringLiteral("cnn"),
          { "596ce66dd4b6bab122662489", "f47f846d0ef0fc03ffda478b", "64b36c5283424c0504393b66",
            "8ac113f1d8435abd74eac408" } },
        { QStringLiteral("cnn strided"),
          { "4df9df2d68a5ad244834f2a1", "22808622172cda58663766f3", "22808622172cda58663766f3",
            "a97b62c09b2d5e5a7099cef8" } },
        { QStringLiteral("unet transpose"),
          { "c00d7e6347f1e678cfb27ffd", "6cd0636c80d1e0659f3ec02b", "534f89fb2f316f4c570a5b4a",
            "fd86e99cdd5ee104e6f2bd06" } },
        { QStringLiteral("unet bilinear"),
          { "3bf2880e665125b0fd0d9c2c", "a2409b666c39aad13d75670a", "bd4a2e219e1714b53b7c3a2a",
            "932fbb338ffcff5a9157307c" } },
        { QStringLiteral("unet nearest"),
          { "c74eadd6c050694c2973437e", "24bec2acf43bb3e83052d364", "d39ce5be8b3a4fcf513dc1bb",
            "220801a63d24dbf6f24707c8" } },
        { QStringLiteral("lstm"),
          { "ec94828a51f6fb80219c53a1", "1e449fc587c2eb200892b26b", "e90804b8ae110b539d08319f",
            "14844e5edec55fb1bc24ccfe" } },
        { QStringLiteral("gru"),
          { "4022063022a56954bdbab39a", "89aa8446b560d6a6b8343e0b", "994d06f1c25e9285a4b461c9",
            "425abc123cc90f649e570c05" } },
        { QStringLiteral("dense autoencoder"),
          { "0c6bd663ba233f62268bd2a7", "3ab4516c5a0640cc8ba13322", "3ab4516c5a0640cc8ba13322",
            "258c6f3beb57ea1fe4cffc43" } },
        { QStringLiteral("conv autoencoder"),
          { "e9b7b682428a0f013c564478", "ccaf92f7f316a0dd4a239ea2", "ccaf92f7f316a0dd4a239ea2",
            "3d7624a2c5e5443dc270dfc8" } },
    };
#if TORCH_VERSION_MAJOR == 1 && TORCH_VERSION_MINOR == 13
    return &torch113;
#elif TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR == 6
    return &torch26;
#else
    return nullptr;
#endif
}

} // namespace

void TestNetworkGolden::networkIsUnchanged_data()
{
    QTest::addColumn<int>("index");
    const auto all = cases();
    for (std::size_t i = 0; i < all.size(); ++i)
        QTest::newRow(all[i].name) << int(i);
}

void TestNetworkGolden::networkIsUnchanged()
{
    QFETCH(int, index);
    const GoldenCase golden = cases()[std::size_t(index)];
    Model model = Model::create(golden.spec, 1234);
    NetworkImpl &network = *model.privateData().network;

    torch::manual_seed(99);
    const torch::Tensor input = torch::randn(golden.input);
    torch::Tensor evalOutput, trainOutput;
    {
        torch::NoGradGuard noGrad;
        network.eval();
        evalOutput = network.forward(input);
        network.train();
        torch::manual_seed(5);
        trainOutput = network.forward(input);
    }
    const std::array<QByteArray, 4> actual {
        model.weightsDigest().left(24), digest(evalOutput), digest(trainOutput),
        QCryptographicHash::hash(model.summary(golden.input).toText().toUtf8(), QCryptographicHash::Sha256)
            .toHex()
            .left(24)
    };
    if (qEnvironmentVariableIsSet("DEEPTERRA_PRINT_GOLDEN")) {
        std::printf("        { QStringLiteral(\"%s\"), { \"%s\", \"%s\", \"%s\", \"%s\" } },\n", golden.name,
                    actual[0].constData(), actual[1].constData(), actual[2].constData(),
                    actual[3].constData());
        return;
    }
    if (!recorded())
        QSKIP("no digests recorded for this LibTorch version (Debian 12 and 13 have theirs)");
    const auto it = recorded()->find(QString::fromLatin1(golden.name));
    QVERIFY2(it != recorded()->end(), "a case without recorded digests");
    const char *what[] = { "seeded weights", "evaluation output", "training output", "layer table" };
    for (std::size_t i = 0; i < 4; ++i)
        QVERIFY2(actual[i] == QByteArray(it->second[i]),
                 qPrintable(QStringLiteral("the %1 changed: %2, recorded %3")
                                .arg(QLatin1String(what[i]), QString::fromLatin1(actual[i]),
                                     QLatin1String(it->second[i]))));
}

int main(int argc, char **argv)
{
    // The digests were recorded with LibTorch's AVX2 kernels. On a CPU with AVX-512, oneDNN's
    // convolutions and ATen's vectorised loops take other kernels that round differently (all six
    // convolutional cases differ in their last bits), so the kernels are pinned to AVX2 before
    // LibTorch dispatches anything. On an AVX2 machine this changes nothing.
    qputenv("ATEN_CPU_CAPABILITY", "avx2");
    qputenv("DNNL_MAX_CPU_ISA", "AVX2");
    QCoreApplication app(argc, argv);
    TestNetworkGolden test;
    return QTest::qExec(&test, argc, argv);
}
#include "testnetworkgolden.moc"
