#include "inference/tileblender.h"

#include <QtTest>

#include <cmath>
#include <stdexcept>

using namespace deepterra;

// Hann-weighted blending of overlapping tile outputs over a band. Expected values are computed here
// from the window's definition, w(i) = max(1e-3, sin^2(pi (i + 0.5) / tile)), weight w(r) w(x).
class TestTileBlender : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hannWindowIsSymmetricAndFloored();
    void singleTileKeepsItsValues();
    void overlapIsTheWeightedMean();
    void perTileValuesFillTheTile();
    void onlyTheBandsColumnsAreKept();
    void takenRowsLeaveAndTheRestMoveUp();
    void tileBeyondTheCapacityIsRefused();
};

namespace {

double hann(int i, int tile)
{
    const double s = std::sin(3.14159265358979323846 * (i + 0.5) / tile);
    return std::max(1e-3, s * s);
}

std::vector<float> constantTile(int tile, int planes, float first)
{
    std::vector<float> values(std::size_t(planes) * std::size_t(tile) * std::size_t(tile));
    for (int p = 0; p < planes; ++p)
        std::fill(values.begin() + std::ptrdiff_t(p) * tile * tile,
                  values.begin() + std::ptrdiff_t(p + 1) * tile * tile, first + float(p));
    return values;
}

} // namespace

void TestTileBlender::hannWindowIsSymmetricAndFloored()
{
    const std::vector<float> w = TileBlender::hannWeights(8);
    QCOMPARE(int(w.size()), 8);
    for (int i = 0; i < 8; ++i) {
        QCOMPARE(w[std::size_t(i)], w[std::size_t(7 - i)]);
        QVERIFY(std::abs(w[std::size_t(i)] - hann(i, 8)) < 1e-7);
    }
    QVERIFY(w[3] > 0.95f); // sin^2(3.5 pi / 8) = 0.962
    QCOMPARE(TileBlender::hannWeights(1000).front(), 1e-3f); // sin^2(0.5 pi / 1000) = 2.5e-6, floored
}

void TestTileBlender::singleTileKeepsItsValues()
{
    // A tile with a gradient: blending one tile divides its weights out again.
    TileBlender blender(4, 2, 4, 4, 4);
    blender.startBand(0, 4);
    std::vector<float> values(32);
    for (std::size_t i = 0; i < values.size(); ++i)
        values[i] = float(i) * 0.5f;
    blender.add(values.data(), false, 0, 0);
    const auto strip = blender.take(4, std::vector<std::uint8_t>(16, 1));
    QCOMPARE(strip->firstRow, 0);
    QCOMPARE(strip->rows, 4);
    QCOMPARE(strip->planes, 2);
    for (std::size_t i = 0; i < values.size(); ++i)
        QVERIFY(std::abs(strip->values[i] - values[i]) < 1e-5);
}

void TestTileBlender::overlapIsTheWeightedMean()
{
    // Tiles of 4 at x = 0 (value 1) and x = 2 (value 3) on a 6-column band: column 2 is the first
    // tile's x = 2 and the second's x = 0.
    TileBlender blender(4, 1, 6, 4, 4);
    blender.startBand(0, 6);
    const std::vector<float> one = constantTile(4, 1, 1.0f);
    const std::vector<float> three = constantTile(4, 1, 3.0f);
    blender.add(one.data(), false, 0, 0);
    blender.add(three.data(), false, 2, 0);
    const auto strip = blender.take(4, {});
    const double wa = hann(2, 4);
    const double wb = hann(0, 4);
    const double expected = (wa * 1.0 + wb * 3.0) / (wa + wb); // rows cancel out
    QVERIFY(std::abs(strip->values[2] - expected) < 1e-5);
    QVERIFY(std::abs(strip->values[0] - 1.0) < 1e-6); // first tile only
    QVERIFY(std::abs(strip->values[5] - 3.0) < 1e-6); // second tile only
    QCOMPARE(int(strip->valid.size()), 24); // missing validity reads as NoData
    QCOMPARE(strip->valid[0], std::uint8_t(0));
}

void TestTileBlender::perTileValuesFillTheTile()
{
    TileBlender blender(4, 2, 4, 4, 4);
    blender.startBand(0, 4);
    const float probabilities[2] = { 0.25f, 0.75f };
    blender.add(probabilities, true, 0, 0);
    const auto strip = blender.take(4, std::vector<std::uint8_t>(16, 1));
    for (int i = 0; i < 16; ++i) {
        QVERIFY(std::abs(strip->values[std::size_t(i)] - 0.25f) < 1e-6);
        QVERIFY(std::abs(strip->values[std::size_t(16 + i)] - 0.75f) < 1e-6);
    }
}

void TestTileBlender::onlyTheBandsColumnsAreKept()
{
    // Band [4, 8) of the raster; a tile at x = 2 covers raster columns 2-5, band columns 0-1.
    TileBlender blender(4, 1, 4, 4, 4);
    blender.startBand(4, 8);
    std::vector<float> values(16);
    for (int r = 0; r < 4; ++r)
        for (int x = 0; x < 4; ++x)
            values[std::size_t(r * 4 + x)] = float(x);
    blender.add(values.data(), false, 2, 0);
    blender.add(constantTile(4, 1, 9.0f).data(), false, 6, 0); // columns 6-9: band columns 2-3
    const auto strip = blender.take(1, {});
    QCOMPARE(strip->firstColumn, 4);
    QCOMPARE(strip->width, 4);
    QVERIFY(std::abs(strip->values[0] - 2.0f) < 1e-6); // raster column 4 = the first tile's x = 2
    QVERIFY(std::abs(strip->values[1] - 3.0f) < 1e-6);
    QVERIFY(std::abs(strip->values[2] - 9.0f) < 1e-6);
}

void TestTileBlender::takenRowsLeaveAndTheRestMoveUp()
{
    // Tiles of 4 at rows 0 and 2 (stride 2): capacity 6 rows. Rows 0-1 are final after the first
    // tile row; rows 2-3 need the second.
    TileBlender blender(4, 1, 2, 6, 10);
    blender.startBand(0, 2);
    blender.add(constantTile(4, 1, 1.0f).data(), false, 0, 0);
    blender.add(constantTile(4, 1, 5.0f).data(), false, 0, 2);
    const auto top = blender.take(2, {});
    QCOMPARE(top->firstRow, 0);
    QCOMPARE(top->rows, 2);
    QVERIFY(std::abs(top->values[0] - 1.0f) < 1e-6);
    QCOMPARE(blender.firstRow(), 2);
    blender.add(constantTile(4, 1, 7.0f).data(), false, 0, 4); // rows 4-7: fits after the move
    const auto next = blender.take(6, {});
    QCOMPARE(next->firstRow, 2);
    QCOMPARE(next->rows, 4);
    // Row 2: first tile's r = 2 and second's r = 0; row 4: second's r = 2 and third's r = 0.
    const double row2 = (hann(2, 4) * 1.0 + hann(0, 4) * 5.0) / (hann(2, 4) + hann(0, 4));
    const double row4 = (hann(2, 4) * 5.0 + hann(0, 4) * 7.0) / (hann(2, 4) + hann(0, 4));
    QVERIFY(std::abs(next->values[0] - row2) < 1e-5);
    QVERIFY(std::abs(next->values[4] - row4) < 1e-5);
}

void TestTileBlender::tileBeyondTheCapacityIsRefused()
{
    TileBlender blender(4, 1, 2, 6, 100);
    blender.startBand(0, 2);
    const std::vector<float> values = constantTile(4, 1, 1.0f);
    blender.add(values.data(), false, 0, 2); // rows 2-5: inside
    QVERIFY_THROWS_EXCEPTION(std::logic_error, blender.add(values.data(), false, 0, 3));
    QVERIFY_THROWS_EXCEPTION(std::logic_error, blender.startBand(0, 3)); // wider than the blender
}

QTEST_GUILESS_MAIN(TestTileBlender)
#include "testtileblender.moc"
