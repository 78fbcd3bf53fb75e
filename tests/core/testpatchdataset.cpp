#include "training/patchdataset.h"

#include <QtTest>

#include <set>

using namespace deepterra;

namespace {

constexpr int kSize = 5;

// numpy.rot90(numpy.fliplr(m) if t >= 4 else m, t % 4) of a size x size plane, written from
// numpy's definitions: rot90 maps out[i][j] = in[j][n - 1 - i], fliplr out[i][j] = in[i][n - 1 - j].
template<typename T> std::vector<T> numpyTransform(const std::vector<T> &in, int t)
{
    const int n = kSize;
    std::vector<T> m = in;
    if (t >= 4)
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j)
                m[std::size_t(i * n + j)] = in[std::size_t(i * n + n - 1 - j)];
    for (int k = 0; k < t % 4; ++k) {
        std::vector<T> r(m.size());
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < n; ++j)
                r[std::size_t(i * n + j)] = m[std::size_t(j * n + n - 1 - i)];
        m = r;
    }
    return m;
}

// A window of 7x6 pixels at (100, 200) with two channels: channel 0 = 10 * row + column (every
// value distinct, so every flip and turn shows), channel 1 = -channel 0. Label = value % 3, and
// the pixel (1, 1) of the window unlabelled.
std::shared_ptr<PatchSource> source(TaskKind task)
{
    auto s = std::make_shared<PatchSource>();
    s->task = task;
    s->patchSize = kSize;
    s->stack.window = QRect(100, 200, 7, 6);
    s->stack.channels = { QStringLiteral("a"), QStringLiteral("b") };
    for (int c = 0; c < 2; ++c)
        for (int y = 0; y < 6; ++y)
            for (int x = 0; x < 7; ++x)
                s->stack.values.push_back(float((c ? -1 : 1) * (10 * y + x)));
    s->stack.valid.assign(s->stack.values.size(), 1);
    for (int y = 0; y < 6; ++y)
        for (int x = 0; x < 7; ++x)
            s->labels.push_back((10 * y + x) % 3);
    s->labels[1 * 7 + 1] = -1;
    return s;
}

PatchSite site(int x, int y, int classIndex = -1)
{
    PatchSite p;
    p.x = x;
    p.y = y;
    p.classIndex = classIndex;
    return p;
}

} // namespace

class TestPatchDataset : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void segmentationPatchAndLabels();
    void augmentationMovesInputAndLabelsTogether();
    void noAugmentationWithoutGeneratorOrFlag();
    void patchClassificationAndAutoencoderTargets();
};

void TestPatchDataset::segmentationPatchAndLabels()
{
    const PatchDataset dataset(source(TaskKind::Segmentation), { site(101, 200), site(102, 201) }, false,
                               { 0.5, 2.0 });
    QCOMPARE(dataset.size(), std::size_t(2));
    QCOMPARE(dataset.inputShape(), (std::vector<std::int64_t> { 2, kSize, kSize }));
    QCOMPARE(dataset.targetShape(), (std::vector<std::int64_t> { kSize, kSize }));
    QCOMPARE(dataset.samplingWeights(), (std::vector<double> { 0.5, 2.0 }));
    Sample s;
    dataset.sample(1, s, nullptr);
    QCOMPARE(s.input.size(), std::size_t(2 * kSize * kSize));
    // Patch at window column 2, row 1: its pixel (0, 0) is 12, its (4, 4) is 56.
    QCOMPARE(s.input[0], 12.f);
    QCOMPARE(s.input[kSize * kSize - 1], 56.f);
    QCOMPARE(s.input[kSize * kSize], -12.f);
    QCOMPARE(s.classes[0], std::int64_t(0)); // 12 % 3
    QCOMPARE(s.classes[1], std::int64_t(1)); // 13 % 3
    dataset.sample(0, s, nullptr);
    QCOMPARE(s.classes[1 * kSize + 0], std::int64_t(-1)); // window pixel (1, 1) is unlabelled
    QVERIFY(s.target.empty());
}

void TestPatchDataset::augmentationMovesInputAndLabelsTogether()
{
    const PatchDataset dataset(source(TaskKind::Segmentation), { site(102, 201) }, true);
    Sample plain;
    dataset.sample(0, plain, nullptr);
    const std::vector<float> original(plain.input.begin(), plain.input.begin() + kSize * kSize);
    const std::vector<std::int64_t> originalLabels = plain.classes;

    std::set<int> transformsSeen;
    std::mt19937_64 rng(11);
    for (int draw = 0; draw < 64; ++draw) {
        Sample s;
        dataset.sample(0, s, &rng);
        const std::vector<float> channel0(s.input.begin(), s.input.begin() + kSize * kSize);
        int matched = -1;
        for (int t = 0; t < 8; ++t)
            if (numpyTransform(original, t) == channel0)
                matched = t;
        QVERIFY2(matched >= 0, "the augmented patch is not a flip or quarter turn of the original");
        transformsSeen.insert(matched);
        // The labels and the other channel went through the same transform.
        QCOMPARE(s.classes, numpyTransform(originalLabels, matched));
        for (int i = 0; i < kSize * kSize; ++i) {
            QCOMPARE(s.input[std::size_t(kSize * kSize + i)], -s.input[std::size_t(i)]);
            QCOMPARE(s.classes[std::size_t(i)], std::int64_t(int(s.input[std::size_t(i)]) % 3));
        }
    }
    QCOMPARE(transformsSeen.size(), std::size_t(8));
}

void TestPatchDataset::noAugmentationWithoutGeneratorOrFlag()
{
    const PatchDataset off(source(TaskKind::Segmentation), { site(102, 201) }, false);
    Sample plain, drawn;
    off.sample(0, plain, nullptr);
    std::mt19937_64 rng(1);
    for (int i = 0; i < 8; ++i) {
        off.sample(0, drawn, &rng);
        QCOMPARE(drawn.input, plain.input);
    }
}

void TestPatchDataset::patchClassificationAndAutoencoderTargets()
{
    const PatchDataset classification(source(TaskKind::PatchClassification), { site(100, 200, 2) }, true);
    QVERIFY(classification.targetShape().empty());
    Sample s;
    std::mt19937_64 rng(3);
    classification.sample(0, s, &rng);
    QCOMPARE(s.classes, std::vector<std::int64_t> { 2 });

    const PatchDataset autoencoder(source(TaskKind::RasterAutoencoder), { site(100, 200) }, true);
    QCOMPARE(autoencoder.targetShape(), autoencoder.inputShape());
    for (int i = 0; i < 8; ++i) {
        autoencoder.sample(0, s, &rng);
        QCOMPARE(s.target, s.input);
        QVERIFY(s.classes.empty());
    }
}

QTEST_GUILESS_MAIN(TestPatchDataset)
#include "testpatchdataset.moc"
