#include "models/model.h"
#include "models/private/modelprivate.h"

#include <QCryptographicHash>
#include <QtTest>

#include <array>
#include <cmath>
#include <cstdio>
#include <map>

using namespace deepterra;

// Networks are what they were before the layer graph replaced the hand-written modules: the same
// seeded weights under the same names in the same order, bit for bit (so old checkpoints load and
// seeded training repeats), the same layer table, and the same outputs in evaluation and in training
// mode (dropout draws included) up to the rounding of the CPU's float kernels.
// DEEPTERRA_PRINT_GOLDEN=1 prints the values of new cases instead of comparing; the values of the
// recorded cases are never to be regenerated to make a change pass.
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

// A tensor's values, read the way a reviewer would check them by hand: the mean, the mean absolute
// value, a position-weighted mean (so that values swapped between places show) and four elements.
// Float kernels round differently on different CPUs (AVX2 or AVX-512, oneDNN's choice of algorithm)
// and in different LibTorch versions, in the last bits only; a changed layer, weight or dropout draw
// moves these figures far beyond the tolerance.
using Fingerprint = std::array<double, 7>;

Fingerprint fingerprint(const torch::Tensor &t)
{
    const torch::Tensor cpu = t.detach().to(torch::kCPU).to(torch::kFloat).contiguous();
    const float *values = cpu.data_ptr<float>();
    const std::size_t n = std::size_t(cpu.numel());
    double sum = 0.0, absSum = 0.0, weighted = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
        sum += values[i];
        absSum += std::abs(values[i]);
        weighted += values[i] * (double((i * 37) % 101) / 101.0 - 0.5);
    }
    return { sum / double(n), absSum / double(n), weighted / double(n), values[0],
             values[n / 3],   values[2 * n / 3],  values[n - 1] };
}

QString describe(const Fingerprint &f)
{
    QStringList parts;
    for (double v : f)
        parts << QString::number(v, 'g', 9);
    return parts.join(QStringLiteral(", "));
}

bool matches(const Fingerprint &actual, const Fingerprint &recorded, double scale)
{
    for (std::size_t i = 0; i < actual.size(); ++i)
        if (!(std::abs(actual[i] - recorded[i]) <= 1e-4 * (scale + std::abs(recorded[i]))))
            return false;
    return true;
}

struct Recorded
{
    const char *weights; // digest of the seeded parameters and buffers, exact
    const char *layers; // digest of the layer table, exact
    Fingerprint evaluation;
    Fingerprint training; // dropout draws included
};

// Recorded from networks whose outputs were checked bit for bit against the hand-written modules that
// the layer graph replaced.
const std::map<QString, Recorded> &recorded()
{
    static const std::map<QString, Recorded> all {
        { QStringLiteral("cnn"),
          { "672ff479fd8acb352b4765e7",
            "8ac113f1d8435abd74eac408",
            { -0.0351767465, 0.145022266, -0.00359717763, -0.0874906629, -0.218748987, 0.151542857,
              -0.108320624 },
            { 0.00353981555, 0.122689048, 0.0096637452, -0.231169447, -0.126278251, 0.0690681785,
              0.0636232495 } } },
        { QStringLiteral("cnn strided"),
          { "4df9df2d68a5ad244834f2a1",
            "a97b62c09b2d5e5a7099cef8",
            { 0.119464718, 0.292567842, 0.00459096758, -0.346206248, 0.209609494, 0.188851818, 0.425603807 },
            { 0.119464718, 0.292567842, 0.00459096758, -0.346206248, 0.209609494, 0.188851818,
              0.425603807 } } },
        { QStringLiteral("unet transpose"),
          { "549024b09edf010eb55e2400",
            "fd86e99cdd5ee104e6f2bd06",
            { -0.0337266901, 0.228181268, 6.75677298e-05, -0.0687547699, -0.129160404, -0.32643196,
              0.385448247 },
            { 0.113503786, 0.294292803, -0.00273189142, 0.141724497, -0.268370837, -0.280973822,
              0.299822301 } } },
        { QStringLiteral("unet bilinear"),
          { "f8a9ae9a5f66a541102573bf",
            "932fbb338ffcff5a9157307c",
            { 0.20153757, 0.371571371, -0.00136655258, 0.41794911, -0.340139389, 0.409999043, 0.314900786 },
            { 0.213072645, 0.439962051, 0.0024686304, 0.0855336785, -0.284308612, -0.123317957,
              1.40104795 } } },
        { QStringLiteral("unet nearest"),
          { "c74eadd6c050694c2973437e",
            "220801a63d24dbf6f24707c8",
            { 0.112237341, 0.21531869, -0.000567564522, 0.635069668, -0.214206368, 0.00171331316,
              0.00630019605 },
            { 0.11223122, 0.215315114, -0.00056744681, 0.635120571, -0.214387059, 0.00135396421,
              0.00629691593 } } },
        { QStringLiteral("lstm"),
          { "ec94828a51f6fb80219c53a1",
            "14844e5edec55fb1bc24ccfe",
            { -0.0471749473, 0.185090925, 0.0229678802, 0.112293795, 0.117447384, 0.118992493, -0.325792521 },
            { -0.0469760144, 0.188945237, 0.0230672841, 0.11286816, 0.130646139, 0.121476106,
              -0.325830996 } } },
        { QStringLiteral("gru"),
          { "4022063022a56954bdbab39a",
            "425abc123cc90f649e570c05",
            { -0.0348779724, 0.168671797, 0.00126255226, -0.179705501, -0.0227027871, -0.0671209767,
              0.121423423 },
            { -0.0355780205, 0.17661707, 0.000941931608, -0.219755158, -0.0777768716, -0.0731063262,
              0.157464921 } } },
        { QStringLiteral("dense autoencoder"),
          { "0c6bd663ba233f62268bd2a7",
            "258c6f3beb57ea1fe4cffc43",
            { 0.490062969, 0.490062969, -0.0118908281, 0.557810009, 0.437584639, 0.447913021, 0.54232794 },
            { 0.490062969, 0.490062969, -0.0118908281, 0.557810009, 0.437584639, 0.447913021,
              0.54232794 } } },
        { QStringLiteral("conv autoencoder"),
          { "e9b7b682428a0f013c564478",
            "3d7624a2c5e5443dc270dfc8",
            { 0.149387476, 0.149393828, -0.000642056597, 0.259798557, 0.0374519601, 0.259709358,
              0.0452237055 },
            { 0.149387476, 0.149393828, -0.000642056597, 0.259798557, 0.0374519601, 0.259709358,
              0.0452237055 } } },
    };
    return all;
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
    // Before any forward pass: a training-mode pass moves batch normalisation's running statistics.
    const QByteArray weightsBefore = model.weightsDigest().left(24);
    const QByteArray layers
        = QCryptographicHash::hash(model.summary(golden.input).toText().toUtf8(), QCryptographicHash::Sha256)
              .toHex()
              .left(24);

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
    const Recorded actual { weightsBefore.constData(), layers.constData(), fingerprint(evalOutput),
                            fingerprint(trainOutput) };
    if (qEnvironmentVariableIsSet("DEEPTERRA_PRINT_GOLDEN")) {
        std::printf("        { QStringLiteral(\"%s\"),\n          { \"%s\", \"%s\",\n            { %s },\n"
                    "            { %s } } },\n",
                    golden.name, actual.weights, actual.layers, qPrintable(describe(actual.evaluation)),
                    qPrintable(describe(actual.training)));
        return;
    }
    const auto it = recorded().find(QString::fromLatin1(golden.name));
    QVERIFY2(it != recorded().end(), "a case without recorded values");
    const Recorded &expected = it->second;
    QCOMPARE(QByteArray(actual.weights), QByteArray(expected.weights));
    QCOMPARE(QByteArray(actual.layers), QByteArray(expected.layers));
    const double scale = expected.evaluation[1];
    QVERIFY2(matches(actual.evaluation, expected.evaluation, scale),
             qPrintable(QStringLiteral("the evaluation output changed: %1, recorded %2")
                            .arg(describe(actual.evaluation), describe(expected.evaluation))));
    QVERIFY2(matches(actual.training, expected.training, scale),
             qPrintable(QStringLiteral("the training output changed: %1, recorded %2")
                            .arg(describe(actual.training), describe(expected.training))));
}

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    TestNetworkGolden test;
    return QTest::qExec(&test, argc, argv);
}
#include "testnetworkgolden.moc"
