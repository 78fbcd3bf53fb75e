#include "common/dataerror.h"
#include "testdata.h"
#include "training/normalizer.h"

#include <QJsonArray>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace deepterra;

namespace {
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
}

class TestNormalizer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void meanStdMatchesNumpy();
    void percentilesMatchNumpy();
    void constantAndEmptyChannelsGetUnitScale();
    void normalizeAndDenormalizeAreInverse();
    void jsonRoundTrip();
    void fromJsonRejectsBadFiles();
};

void TestNormalizer::meanStdMatchesNumpy()
{
    // numpy: np.mean([1, 2, 3, 4]) = 2.5, np.std([1, 2, 3, 4]) = 1.118033988749895 (NaN skipped).
    const Normalizer n = Normalizer::fit(NormalizationKind::MeanStd, { QStringLiteral("a") },
                                         { { 1.f, 2.f, kNaN, 3.f, 4.f } });
    QCOMPARE(n.channelCount(), 1);
    QCOMPARE(n.offsets[0], 2.5);
    QVERIFY(std::abs(n.scales[0] - 1.118033988749895) < 1e-12);
    QCOMPARE(n.channels, QStringList { QStringLiteral("a") });
}

void TestNormalizer::percentilesMatchNumpy()
{
    // numpy: np.percentile([10, 20, 30, 40], [2, 98]) = [10.6, 39.4]; order and NaN do not matter.
    const Normalizer n
        = Normalizer::fit(NormalizationKind::PercentileMinMax, { QStringLiteral("a"), QStringLiteral("b") },
                          { { 40.f, kNaN, 10.f, 30.f, 20.f }, {} }, 2.0, 98.0);
    QVERIFY(std::abs(n.offsets[0] - 10.6) < 1e-9);
    QVERIFY(std::abs(n.scales[0] - 28.8) < 1e-9);
    // np.percentile(range(101), [5, 95]) = [5, 95]
    std::vector<float> ramp;
    for (int i = 100; i >= 0; --i)
        ramp.push_back(float(i));
    const Normalizer r
        = Normalizer::fit(NormalizationKind::PercentileMinMax, { QStringLiteral("r") }, { ramp }, 5.0, 95.0);
    QCOMPARE(r.offsets[0], 5.0);
    QCOMPARE(r.scales[0], 90.0);
}

void TestNormalizer::constantAndEmptyChannelsGetUnitScale()
{
    const Normalizer n
        = Normalizer::fit(NormalizationKind::MeanStd, { QStringLiteral("c"), QStringLiteral("e") },
                          { { 5.f, 5.f, 5.f }, { kNaN } });
    QCOMPARE(n.offsets[0], 5.0);
    QCOMPARE(n.scales[0], 1.0);
    QCOMPARE(n.offsets[1], 0.0);
    QCOMPARE(n.scales[1], 1.0);
    const Normalizer p
        = Normalizer::fit(NormalizationKind::PercentileMinMax, { QStringLiteral("c") }, { { 7.f, 7.f } });
    QCOMPARE(p.offsets[0], 7.0);
    QCOMPARE(p.scales[0], 1.0);
}

void TestNormalizer::normalizeAndDenormalizeAreInverse()
{
    Normalizer n;
    n.offsets = { 10.0, -2.0 };
    n.scales = { 4.0, 0.5 };
    float values[] = { 14.f, 6.f, 10.f };
    n.normalize(values, 0, 3);
    QCOMPARE(values[0], 1.f);
    QCOMPARE(values[1], -1.f);
    QCOMPARE(values[2], 0.f);
    QCOMPARE(n.normalize(-1.0, 1), 2.0);
    QCOMPARE(n.denormalize(2.0, 1), -1.0);
    QCOMPARE(n.denormalize(n.normalize(123.25, 0), 0), 123.25);
}

void TestNormalizer::jsonRoundTrip()
{
    Normalizer n;
    n.kind = NormalizationKind::PercentileMinMax;
    n.channels = { QStringLiteral("red"), QStringLiteral("nir") };
    n.offsets = { 0.125, 3.0 };
    n.scales = { 2.5, 7.0 };
    const QJsonObject json = n.toJson();
    QCOMPARE(json.value(QStringLiteral("kind")).toString(), QStringLiteral("percentile"));
    const Normalizer back = Normalizer::fromJson(json, QStringLiteral("run.json"));
    QCOMPARE(int(back.kind), int(n.kind));
    QCOMPARE(back.channels, n.channels);
    QCOMPARE(back.offsets, n.offsets);
    QCOMPARE(back.scales, n.scales);
}

void TestNormalizer::fromJsonRejectsBadFiles()
{
    QJsonObject json = Normalizer().toJson();
    json.insert(QStringLiteral("offsets"), QJsonArray { 1.0, 2.0 });
    json.insert(QStringLiteral("scales"), QJsonArray { 1.0 });
    QString path;
    QString cause
        = test::dataErrorCause([&] { Normalizer::fromJson(json, QStringLiteral("run.json")); }, &path);
    QCOMPARE(path, QStringLiteral("run.json"));
    QVERIFY2(cause.contains(QStringLiteral("scales")), qPrintable(cause));

    json.insert(QStringLiteral("scales"), QJsonArray { 1.0, 0.0 });
    cause = test::dataErrorCause([&] { Normalizer::fromJson(json, QStringLiteral("run.json")); });
    QVERIFY2(cause.contains(QStringLiteral("positive")), qPrintable(cause));

    json.insert(QStringLiteral("scales"), QJsonArray { 1.0, 2.0 });
    json.insert(QStringLiteral("kind"), QStringLiteral("z-score"));
    cause = test::dataErrorCause([&] { Normalizer::fromJson(json, QStringLiteral("run.json")); });
    QVERIFY2(cause.contains(QStringLiteral("kind")), qPrintable(cause));
}

QTEST_GUILESS_MAIN(TestNormalizer)
#include "testnormalizer.moc"
