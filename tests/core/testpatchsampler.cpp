#include "training/patchsampler.h"

#include <QtTest>

#include <algorithm>

using namespace deepterra;

namespace {

RasterStack stackOf(int channels, int width, int height, const QPoint &corner = {})
{
    RasterStack stack;
    stack.window = QRect(corner, QSize(width, height));
    for (int c = 0; c < channels; ++c)
        stack.channels << QStringLiteral("c%1").arg(c);
    stack.values.assign(std::size_t(channels) * stack.planeSize(), 1.0f);
    stack.valid.assign(stack.values.size(), 1);
    return stack;
}

// Labels over an 8x8 window cut in four 4x4 patches, row-major. Top-left: 10 pixels of class 0,
// 6 of class 1, centre (2, 2) class 1. Top-right: all unlabelled but its centre (6, 2) = class 2.
// Bottom-left: 8 of class 2 and 8 unlabelled, centre (2, 6) unlabelled. Bottom-right: unlabelled.
std::vector<std::int32_t> quadrantLabels()
{
    std::vector<std::int32_t> labels(64, -1);
    const auto set = [&](int x, int y, int c) { labels[std::size_t(y * 8 + x)] = c; };
    for (int i = 0; i < 16; ++i)
        set(i % 4, i / 4, i < 10 ? 0 : 1); // rows 0-1 and (0..1, 2) class 0, the rest class 1
    set(6, 2, 2);
    for (int y = 4; y < 6; ++y)
        for (int x = 0; x < 4; ++x)
            set(x, y, 2);
    return labels;
}

std::vector<QPoint> originsOf(const PatchSampling &s)
{
    std::vector<QPoint> points;
    for (const PatchSite &site : s.sites)
        points.emplace_back(site.x, site.y);
    return points;
}

} // namespace

class TestPatchSampler : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void originsCoverTheWindow();
    void noDataFractionCountsAllChannels();
    void segmentationNeedsALabelledPixel();
    void sceneLabelByMajority();
    void sceneLabelAtCentre();
    void autoencoderTakesEveryPatch();
};

void TestPatchSampler::originsCoverTheWindow()
{
    QCOMPARE(PatchSampler::origins(0, 10, 4, 3), (std::vector<int> { 0, 3, 6 }));
    // 6 + 4 leaves column 10 out: one more patch flush with the end.
    QCOMPARE(PatchSampler::origins(0, 11, 4, 3), (std::vector<int> { 0, 3, 6, 7 }));
    QCOMPARE(PatchSampler::origins(5, 4, 4, 2), (std::vector<int> { 5 }));
    QVERIFY(PatchSampler::origins(0, 3, 4, 1).empty());
}

void TestPatchSampler::noDataFractionCountsAllChannels()
{
    RasterStack stack = stackOf(2, 8, 8, QPoint(100, 50));
    // Top-left patch: 3 of 32 values invalid (9.4 %), in channel 0. Top-right: 4 of 32 (12.5 %),
    // in channel 1 only. Bottom-left: 1 invalid (3.1 %).
    stack.valid[stack.offset(0, 0, 0)] = 0;
    stack.valid[stack.offset(0, 1, 0)] = 0;
    stack.valid[stack.offset(0, 2, 3)] = 0;
    for (int x = 4; x < 8; ++x)
        stack.valid[stack.offset(1, x, 1)] = 0;
    stack.valid[stack.offset(1, 0, 7)] = 0;
    PatchSamplingOptions options;
    options.patchSize = 4;
    options.stride = 4;
    options.rule = PatchLabelRule::Any;

    options.maxNoDataFraction = 0.1;
    PatchSampling s = PatchSampler::sample(stack, {}, options);
    QCOMPARE(s.candidates, 4);
    QCOMPARE(s.rejectedForNoData, 1);
    QCOMPARE(originsOf(s), (std::vector<QPoint> { { 100, 50 }, { 100, 54 }, { 104, 54 } }));

    options.maxNoDataFraction = 0.05;
    s = PatchSampler::sample(stack, {}, options);
    QCOMPARE(originsOf(s), (std::vector<QPoint> { { 100, 54 }, { 104, 54 } }));

    options.maxNoDataFraction = 0.0;
    s = PatchSampler::sample(stack, {}, options);
    QCOMPARE(originsOf(s), (std::vector<QPoint> { { 104, 54 } }));
    QCOMPARE(s.rejectedForNoData, 3);
}

void TestPatchSampler::segmentationNeedsALabelledPixel()
{
    const RasterStack stack = stackOf(1, 8, 8);
    PatchSamplingOptions options;
    options.patchSize = 4;
    options.stride = 4;
    options.rule = PatchLabelRule::AnyLabelled;
    options.classCount = 3;
    const PatchSampling s = PatchSampler::sample(stack, quadrantLabels(), options);
    QCOMPARE(originsOf(s), (std::vector<QPoint> { { 0, 0 }, { 4, 0 }, { 0, 4 } }));
    QCOMPARE(s.rejectedForLabels, 1);
    // The majority class of each patch, for class balancing, and its labelled pixels.
    QCOMPARE(s.sites[0].classIndex, 0);
    QCOMPARE(s.sites[0].labelledPixels, 16);
    QCOMPARE(s.sites[1].classIndex, 2);
    QCOMPARE(s.sites[1].labelledPixels, 1);
    QCOMPARE(s.sites[2].classIndex, 2);
    QCOMPARE(s.sites[2].labelledPixels, 8);
}

void TestPatchSampler::sceneLabelByMajority()
{
    // A tie goes to the lower class: 2 pixels of class 1 and 2 of class 0.
    std::vector<std::int32_t> labels = quadrantLabels();
    labels[std::size_t(5 * 8 + 4)] = 1;
    labels[std::size_t(5 * 8 + 5)] = 1;
    labels[std::size_t(6 * 8 + 4)] = 0;
    labels[std::size_t(6 * 8 + 5)] = 0;
    PatchSamplingOptions options;
    options.patchSize = 4;
    options.stride = 4;
    options.rule = PatchLabelRule::SceneMajority;
    options.classCount = 3;
    const PatchSampling s = PatchSampler::sample(stackOf(1, 8, 8), labels, options);
    QCOMPARE(s.sites.size(), std::size_t(4));
    QCOMPARE(s.sites[0].classIndex, 0); // 10 x class 0 against 6 x class 1
    QCOMPARE(s.sites[1].classIndex, 2);
    QCOMPARE(s.sites[2].classIndex, 2);
    QCOMPARE(s.sites[3].classIndex, 0);
}

void TestPatchSampler::sceneLabelAtCentre()
{
    PatchSamplingOptions options;
    options.patchSize = 4;
    options.stride = 4;
    options.rule = PatchLabelRule::SceneCenter;
    options.classCount = 3;
    const PatchSampling s = PatchSampler::sample(stackOf(1, 8, 8), quadrantLabels(), options);
    // The centre of a 4x4 patch is its pixel (2, 2): class 1 (against a majority of 0), class 2;
    // the bottom patches have an unlabelled centre and are left out.
    QCOMPARE(originsOf(s), (std::vector<QPoint> { { 0, 0 }, { 4, 0 } }));
    QCOMPARE(s.sites[0].classIndex, 1);
    QCOMPARE(s.sites[1].classIndex, 2);
    QCOMPARE(s.rejectedForLabels, 2);
}

void TestPatchSampler::autoencoderTakesEveryPatch()
{
    PatchSamplingOptions options;
    options.patchSize = 4;
    options.stride = 2;
    options.rule = PatchLabelRule::Any;
    const PatchSampling s = PatchSampler::sample(stackOf(3, 8, 6), {}, options);
    // x origins 0, 2, 4; y origins 0, 2.
    QCOMPARE(s.sites.size(), std::size_t(6));
    QVERIFY(
        std::all_of(s.sites.begin(), s.sites.end(), [](const PatchSite &p) { return p.classIndex == -1; }));
}

QTEST_GUILESS_MAIN(TestPatchSampler)
#include "testpatchsampler.moc"
