#include "common/dataerror.h"
#include "testdata.h"
#include "training/patchsplitter.h"

#include <QtTest>

#include <algorithm>
#include <map>
#include <set>

using namespace deepterra;

namespace {

// Patches every `stride` pixels over a window, as the sampler lays them.
std::vector<PatchSite> grid(const QRect &window, int patchSize, int stride)
{
    std::vector<PatchSite> sites;
    for (int y = window.top(); y + patchSize <= window.top() + window.height(); y += stride)
        for (int x = window.left(); x + patchSize <= window.left() + window.width(); x += stride) {
            PatchSite site;
            site.x = x;
            site.y = y;
            sites.push_back(site);
        }
    return sites;
}

// The gap in pixels between two footprints (negative: they overlap), as the larger of the gaps
// along x and y: the Chebyshev distance between the squares.
int gap(const PatchSite &a, const PatchSite &b, int size)
{
    const int gx = std::max(a.x, b.x) - (std::min(a.x, b.x) + size);
    const int gy = std::max(a.y, b.y) - (std::min(a.y, b.y) + size);
    return std::max(gx, gy);
}

} // namespace

class TestPatchSplitter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void randomSplitIsSeededAndComplete();
    void spatialBlocksNeverOverlap();
    void bufferKeepsAGap();
    void emptySidesAreErrors();
    void testSideHoldsWholeBlocksKeptApart();
    void testSideDoesNotMoveWithTheValidationFraction();
    void randomTestSideIsDisjoint();
    void foldsValidateEveryPatchOnceAndKeepTheirBuffers();
    void randomFoldsAndTooManyFolds();
};

void TestPatchSplitter::randomSplitIsSeededAndComplete()
{
    const std::vector<PatchSite> sites = grid(QRect(0, 0, 100, 100), 10, 10); // 100 patches
    SplitConfig config;
    config.kind = SplitKind::Random;
    config.validationFraction = 0.2;
    const PatchSplit a = PatchSplitter::split(sites, 10, QRect(0, 0, 100, 100), config, 7, QString());
    QCOMPARE(a.validation.size(), std::size_t(20));
    QCOMPARE(a.train.size(), std::size_t(80));
    std::set<std::size_t> all(a.train.begin(), a.train.end());
    all.insert(a.validation.begin(), a.validation.end());
    QCOMPARE(all.size(), std::size_t(100));
    const PatchSplit again = PatchSplitter::split(sites, 10, QRect(0, 0, 100, 100), config, 7, QString());
    QCOMPARE(again.validation, a.validation);
    const PatchSplit other = PatchSplitter::split(sites, 10, QRect(0, 0, 100, 100), config, 8, QString());
    QVERIFY(other.validation != a.validation);
}

void TestPatchSplitter::spatialBlocksNeverOverlap()
{
    const QRect window(30, 20, 300, 240);
    const int size = 32;
    const std::vector<PatchSite> sites = grid(window, size, 16);
    SplitConfig config;
    config.kind = SplitKind::SpatialBlocks;
    config.validationFraction = 0.25;
    for (std::uint64_t seed : { 1u, 2u, 3u }) {
        const PatchSplit split = PatchSplitter::split(sites, size, window, config, seed, QString());
        QVERIFY(!split.train.empty());
        QVERIFY(split.validation.size() >= std::size_t(0.25 * double(sites.size())));
        QCOMPARE(split.blockSize, 64);
        // Every pair: no training footprint shares a pixel with a validation footprint.
        for (std::size_t t : split.train)
            for (std::size_t v : split.validation)
                QVERIFY(!sites[t].footprint(size).intersects(sites[v].footprint(size)));
        // Only the dropped ones are missing.
        QCOMPARE(split.train.size() + split.validation.size() + split.droppedByBuffer, sites.size());
        QVERIFY(split.droppedByBuffer > 0); // overlapping patches straddle the block edges
    }
}

void TestPatchSplitter::bufferKeepsAGap()
{
    const QRect window(0, 0, 256, 256);
    const int size = 16;
    const std::vector<PatchSite> sites = grid(window, size, 8);
    SplitConfig config;
    config.kind = SplitKind::SpatialBlocks;
    config.blockSize = 48;
    config.buffer = 12;
    const PatchSplit split = PatchSplitter::split(sites, size, window, config, 5, QString());
    QVERIFY(!split.train.empty());
    int closest = 1 << 30;
    for (std::size_t t : split.train)
        for (std::size_t v : split.validation)
            closest = std::min(closest, gap(sites[t], sites[v], size));
    QVERIFY2(closest >= 12, qPrintable(QString::number(closest)));
    // Training patches that keep exactly the buffer survive: the buffer is not overly cautious.
    QCOMPARE(closest, 16); // the next stride step after 12 pixels of gap is 16 (stride 8 from 0)
}

void TestPatchSplitter::emptySidesAreErrors()
{
    SplitConfig config;
    config.kind = SplitKind::SpatialBlocks;
    const QString path = QStringLiteral("labels.gpkg");
    QString at;
    // All patches within one 64-pixel block.
    const std::vector<PatchSite> together = grid(QRect(0, 0, 60, 60), 32, 8);
    QString cause = test::dataErrorCause(
        [&] { PatchSplitter::split(together, 32, QRect(0, 0, 60, 60), config, 1, path); }, &at);
    QCOMPARE(at, path);
    QVERIFY2(cause.contains(QStringLiteral("one block")), qPrintable(cause));

    // Two blocks whose patches all overlap each other: the buffer removes every training patch.
    const std::vector<PatchSite> touching = grid(QRect(0, 0, 48, 32), 32, 8); // origins x 0, 8, 16
    config.blockSize = 20;
    config.validationFraction = 0.5;
    cause = test::dataErrorCause(
        [&] { PatchSplitter::split(touching, 32, QRect(0, 0, 48, 32), config, 1, path); });
    QVERIFY2(cause.contains(QStringLiteral("no training patch")), qPrintable(cause));

    const std::vector<PatchSite> single = grid(QRect(0, 0, 32, 32), 32, 8);
    cause = test::dataErrorCause(
        [&] { PatchSplitter::split(single, 32, QRect(0, 0, 32, 32), config, 1, path); });
    QVERIFY2(cause.contains(QStringLiteral("at least two")), qPrintable(cause));

    config.kind = SplitKind::Chronological;
    cause = test::dataErrorCause(
        [&] { PatchSplitter::split(together, 32, QRect(0, 0, 60, 60), config, 1, path); });
    QVERIFY2(cause.contains(QStringLiteral("series")), qPrintable(cause));
}

void TestPatchSplitter::testSideHoldsWholeBlocksKeptApart()
{
    const QRect window(0, 0, 320, 320);
    const std::vector<PatchSite> sites = grid(window, 16, 8); // 39 x 39 patches
    SplitConfig config;
    config.kind = SplitKind::SpatialBlocks;
    config.blockSize = 64;
    config.buffer = 8;
    config.validationFraction = 0.2;
    config.testFraction = 0.2;
    const PatchSplit split = PatchSplitter::split(sites, 16, window, config, 3, QString());
    QVERIFY(!split.test.empty() && !split.validation.empty() && !split.train.empty());
    QVERIFY(split.testBlocks > 0 && split.validationBlocks > 0);
    // The three sides are disjoint, and with the dropped patches they are all the patches.
    std::set<std::size_t> seen;
    for (const auto *side : { &split.train, &split.validation, &split.test })
        for (std::size_t i : *side)
            QVERIFY2(seen.insert(i).second, "a patch on two sides");
    QCOMPARE(seen.size() + split.droppedByBuffer, sites.size());
    // About the asked shares of all the patches (whole blocks make it coarse).
    const double testShare = double(split.test.size()) / double(sites.size());
    const double validationShare = double(split.validation.size()) / double(sites.size());
    QVERIFY2(testShare >= 0.15 && testShare <= 0.3, qPrintable(QString::number(testShare)));
    QVERIFY2(validationShare >= 0.12 && validationShare <= 0.3, qPrintable(QString::number(validationShare)));
    // Every other patch keeps the buffer from every test patch.
    for (std::size_t t : split.test) {
        for (std::size_t i : split.train)
            QVERIFY(gap(sites[t], sites[i], 16) >= 8);
        for (std::size_t v : split.validation)
            QVERIFY(gap(sites[t], sites[v], 16) >= 8);
    }
    // Test blocks are whole: a patch whose centre lies in a block with a test patch is a test patch
    // (none of a test block's patches is dropped: the buffer drops training candidates only).
    const auto blockOf
        = [](const PatchSite &site) { return std::make_pair((site.x + 8) / 64, (site.y + 8) / 64); };
    std::set<std::pair<int, int>> testBlocks;
    for (std::size_t t : split.test)
        testBlocks.insert(blockOf(sites[t]));
    QCOMPARE(int(testBlocks.size()), split.testBlocks);
    std::size_t inTestBlocks = 0;
    for (const PatchSite &site : sites)
        inTestBlocks += testBlocks.count(blockOf(site));
    QCOMPARE(inTestBlocks, split.test.size());
}

void TestPatchSplitter::testSideDoesNotMoveWithTheValidationFraction()
{
    const QRect window(0, 0, 320, 320);
    const std::vector<PatchSite> sites = grid(window, 16, 16);
    SplitConfig config;
    config.blockSize = 64;
    config.testFraction = 0.15;
    config.validationFraction = 0.1;
    const PatchSplit a = PatchSplitter::split(sites, 16, window, config, 9, QString());
    config.validationFraction = 0.3;
    const PatchSplit b = PatchSplitter::split(sites, 16, window, config, 9, QString());
    QCOMPARE(a.test, b.test);
    QVERIFY(a.validation.size() < b.validation.size());
    // Without a test fraction nothing changes from before: no test side.
    config.testFraction = 0.0;
    const PatchSplit none = PatchSplitter::split(sites, 16, window, config, 9, QString());
    QVERIFY(none.test.empty());
    QCOMPARE(none.testBlocks, 0);
}

void TestPatchSplitter::randomTestSideIsDisjoint()
{
    const std::vector<PatchSite> sites = grid(QRect(0, 0, 100, 100), 10, 10); // 100 patches
    SplitConfig config;
    config.kind = SplitKind::Random;
    config.validationFraction = 0.2;
    config.testFraction = 0.1;
    const PatchSplit split = PatchSplitter::split(sites, 10, QRect(0, 0, 100, 100), config, 7, QString());
    QCOMPARE(split.test.size(), std::size_t(10));
    QCOMPARE(split.validation.size(), std::size_t(20)); // a fifth of all, not of the rest
    QCOMPARE(split.train.size(), std::size_t(70));
    std::set<std::size_t> all(split.train.begin(), split.train.end());
    all.insert(split.validation.begin(), split.validation.end());
    all.insert(split.test.begin(), split.test.end());
    QCOMPARE(all.size(), std::size_t(100));
    config.validationFraction = 0.6;
    config.testFraction = 0.4; // nothing left for training
    QVERIFY_THROWS_EXCEPTION(DataError,
                             PatchSplitter::split(sites, 10, QRect(0, 0, 100, 100), config, 7, QString()));
}

void TestPatchSplitter::foldsValidateEveryPatchOnceAndKeepTheirBuffers()
{
    // Spatial 4-fold cross-validation beside a held-out test side: the test blocks are the same in
    // every fold and in none of them; every other patch is validated by exactly one fold; a block
    // is never cut between folds; no training patch comes within the buffer of its fold's
    // validation patches.
    const QRect window(0, 0, 320, 320);
    const int size = 16;
    const std::vector<PatchSite> sites = grid(window, size, 8);
    SplitConfig config;
    config.kind = SplitKind::SpatialBlocks;
    config.blockSize = 64;
    config.buffer = 8;
    config.testFraction = 0.15;
    config.folds = 4;
    std::vector<int> validatedBy(sites.size(), 0);
    std::vector<std::size_t> test;
    std::size_t validationSizes[4] = {};
    for (int fold = 0; fold < config.folds; ++fold) {
        config.fold = fold;
        const PatchSplit split = PatchSplitter::split(sites, size, window, config, 11, QString());
        if (fold == 0)
            test = split.test;
        QCOMPARE(split.test, test);
        QVERIFY(!split.train.empty());
        validationSizes[fold] = split.validation.size();
        for (std::size_t v : split.validation) {
            ++validatedBy[v];
            QVERIFY(std::find(test.begin(), test.end(), v) == test.end());
        }
        for (std::size_t t : split.train)
            for (std::size_t v : split.validation)
                QVERIFY2(gap(sites[t], sites[v], size) >= config.buffer,
                         qPrintable(QStringLiteral("fold %1: patches %2 and %3").arg(fold).arg(t).arg(v)));
    }
    // The patches the test side leaves: those not within its buffer.
    std::size_t left = 0;
    for (std::size_t i = 0; i < sites.size(); ++i) {
        const bool isTest = std::find(test.begin(), test.end(), i) != test.end();
        bool nearTest = false;
        for (std::size_t t : test)
            nearTest = nearTest || (!isTest && gap(sites[i], sites[t], size) < config.buffer);
        if (isTest || nearTest) {
            QCOMPARE(validatedBy[i], 0);
            continue;
        }
        ++left;
        QVERIFY2(validatedBy[i] == 1,
                 qPrintable(QStringLiteral("patch %1 validated %2 times").arg(i).arg(validatedBy[i])));
    }
    QVERIFY(left > 0);
    // Whole blocks per fold: the patches of one 64-pixel block share their fold.
    config.testFraction = 0.0;
    const std::vector<int> folds = PatchSplitter::foldsOf(sites, size, window, config, 11);
    std::map<std::pair<int, int>, std::set<int>> foldsOfBlock;
    for (std::size_t i = 0; i < sites.size(); ++i)
        foldsOfBlock[{ (sites[i].x + size / 2) / 64, (sites[i].y + size / 2) / 64 }].insert(folds[i]);
    for (const auto &block : foldsOfBlock)
        QCOMPARE(block.second.size(), std::size_t(1));
    // Folds of about equal size: blocks are dealt to the smallest fold.
    const auto [smallest, largest]
        = std::minmax_element(std::begin(validationSizes), std::end(validationSizes));
    QVERIFY2(*largest - *smallest <= 2 * std::size_t(64 / 8) * std::size_t(64 / 8),
             qPrintable(QStringLiteral("%1 .. %2").arg(*smallest).arg(*largest)));
}

void TestPatchSplitter::randomFoldsAndTooManyFolds()
{
    const QRect window(0, 0, 100, 100);
    const std::vector<PatchSite> sites = grid(window, 10, 10); // 100 patches
    SplitConfig config;
    config.kind = SplitKind::Random;
    config.folds = 3;
    std::vector<int> validatedBy(sites.size(), 0);
    for (int fold = 0; fold < 3; ++fold) {
        config.fold = fold;
        const PatchSplit split = PatchSplitter::split(sites, 10, window, config, 5, QString());
        QCOMPARE(split.train.size() + split.validation.size(), sites.size());
        QVERIFY(split.validation.size() == 33 || split.validation.size() == 34);
        for (std::size_t v : split.validation)
            ++validatedBy[v];
    }
    QVERIFY(std::all_of(validatedBy.begin(), validatedBy.end(), [](int n) { return n == 1; }));

    // Four 64-pixel blocks cannot make five folds.
    const QRect small(0, 0, 128, 128);
    SplitConfig blocks;
    blocks.blockSize = 64;
    blocks.folds = 5;
    blocks.fold = 4;
    try {
        PatchSplitter::split(grid(small, 16, 16), 16, small, blocks, 5, QStringLiteral("p.deepterra"));
        QFAIL("five folds of four blocks were accepted");
    } catch (const DataError &e) {
        QCOMPARE(e.path(), QStringLiteral("p.deepterra"));
        QVERIFY2(e.cause().contains(QLatin1String("fold 5 of 5 holds no patch")), qPrintable(e.cause()));
    }
}

QTEST_GUILESS_MAIN(TestPatchSplitter)
#include "testpatchsplitter.moc"
