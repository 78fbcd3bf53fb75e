#include "training/patchtransform.h"

#include <QtTest>

#include <set>
#include <vector>

using namespace deepterra;

class TestPatchTransform : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void matchesNumpy();
    void transformsAreDistinctAndReversible();
};

void TestPatchTransform::matchesNumpy()
{
    // numpy: m = np.arange(1, 10).reshape(3, 3); np.rot90(np.fliplr(m) if t >= 4 else m, t % 4).flatten()
    const std::vector<std::vector<int>> expected {
        { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, { 3, 6, 9, 2, 5, 8, 1, 4, 7 }, { 9, 8, 7, 6, 5, 4, 3, 2, 1 },
        { 7, 4, 1, 8, 5, 2, 9, 6, 3 }, { 3, 2, 1, 6, 5, 4, 9, 8, 7 }, { 1, 4, 7, 2, 5, 8, 3, 6, 9 },
        { 7, 8, 9, 4, 5, 6, 1, 2, 3 }, { 9, 6, 3, 8, 5, 2, 7, 4, 1 }
    };
    const std::vector<int> m { 1, 2, 3, 4, 5, 6, 7, 8, 9 };
    for (int t = 0; t < PatchTransform::kCount; ++t) {
        std::vector<int> out(9);
        PatchTransform(t, 3).apply(m.data(), out.data());
        QCOMPARE(out, expected[std::size_t(t)]);
    }
    QVERIFY(PatchTransform(0, 3).isIdentity());
    QVERIFY(!PatchTransform(5, 3).isIdentity());
}

void TestPatchTransform::transformsAreDistinctAndReversible()
{
    // On an even size too: every transform is a permutation of the pixels, and the eight differ.
    const int size = 4;
    std::vector<int> m(16);
    for (int i = 0; i < 16; ++i)
        m[std::size_t(i)] = i;
    std::set<std::vector<int>> seen;
    for (int t = 0; t < PatchTransform::kCount; ++t) {
        std::vector<int> out(16);
        PatchTransform(t, size).apply(m.data(), out.data());
        QCOMPARE(std::set<int>(out.begin(), out.end()).size(), std::size_t(16));
        seen.insert(out);
    }
    QCOMPARE(seen.size(), std::size_t(8));
}

QTEST_GUILESS_MAIN(TestPatchTransform)
#include "testpatchtransform.moc"
