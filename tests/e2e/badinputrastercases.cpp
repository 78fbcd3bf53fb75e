#include "badinputcase.h"

#include "testdata.h"

#include <QCryptographicHash>
#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <gdal.h>
#include <ogr_srs_api.h>

#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <unistd.h>

namespace deepterra::test {

void addRasterCases(std::vector<BadInputCase> &cases, const QString &fixtures)
{
    const QString nan = QStringLiteral("nan");
    auto constant = [](double v) { return [v](int, int) { return v; }; };
    Raster nanPixels;
    nanPixels.value = [](int b, int i) { return i % 3 ? double(b + i % 50) : std::nan(""); };
    Raster infPixels;
    infPixels.value
        = [](int b, int i) { return i % 5 ? double(b + i % 50) : std::numeric_limits<double>::infinity(); };
    Raster allNan;
    allNan.value = constant(std::nan(""));
    Raster allNoData;
    allNoData.hasNoData = true;
    allNoData.value = constant(-9999.0);
    Raster noCrs;
    noCrs.crs = false;
    Raster noGeoTransform;
    noGeoTransform.geoTransform = false;
    Raster rotated;
    rotated.rotated = true;
    Raster oneBand;
    oneBand.bands = 1;
    Raster manyBands;
    manyBands.bands = 200;
    manyBands.width = manyBands.height = 4;
    auto typed = [](GDALDataType type, bool signedByte = false) {
        Raster r;
        r.type = type;
        r.signedByte = signedByte;
        return r;
    };
    const QByteArray huge = R"(<VRTDataset rasterXSize="1000000" rasterYSize="1000000">
  <VRTRasterBand dataType="Float32" band="1"><NoDataValue>-9999</NoDataValue></VRTRasterBand>
</VRTDataset>
)";
    auto truncated = [](const QString &name, int keep) {
        return [=](const QDir &dir) {
            Raster r;
            r.width = r.height = 64;
            if (!makeRaster(dir.filePath(name), r))
                return false;
            return writeFile(dir.filePath(name), readFile(dir.filePath(name)).left(keep));
        };
    };
    const QString corrupt
        = QStringLiteral("unsupported|corrupt|cannot read|cannot open|not a raster|truncat");
    const QString predict = QStringLiteral("predict");
    auto trainOn = [](const QString &image) {
        return QStringList { "init",
                             "p.deepterra",
                             "--task",
                             "segmentation",
                             "--image",
                             image,
                             "--labels",
                             "@/labels.geojson",
                             "--patch",
                             "8",
                             "--epochs",
                             "1",
                             "--split",
                             "random",
                             "&&",
                             "train",
                             "p.deepterra",
                             "--out",
                             "run",
                             "--threads",
                             "2" };
    };
    auto predictOn = [&](const QString &input) {
        return QStringList { predict,
                             QStringLiteral("@/segrun"),
                             QStringLiteral("--input"),
                             input,
                             QStringLiteral("--output"),
                             QStringLiteral("map.tif"),
                             QStringLiteral("--threads"),
                             QStringLiteral("2") };
    };
    cases.push_back(
        { "zero-byte raster: info", file("zero.tif", {}), { "info", "zero.tif" }, 1, "zero.tif", corrupt });
    cases.push_back({ "zero-byte raster: predict", file("zero.tif", {}), predictOn("zero.tif"), 1, "zero.tif",
                      corrupt, "map.tif" });
    cases.push_back({ "truncated raster: info --stats",
                      truncated("cut.tif", 4000),
                      { "info", "--stats", "cut.tif" },
                      1,
                      "cut.tif",
                      corrupt });
    cases.push_back({ "truncated raster header: info",
                      truncated("cut.tif", 100),
                      { "info", "cut.tif" },
                      1,
                      "cut.tif",
                      corrupt });
    cases.push_back({ "truncated raster: predict", truncated("cut.tif", 4000), predictOn("cut.tif"), 1,
                      "cut.tif", corrupt, "map.tif" });
    cases.push_back({ "wrong magic number: info",
                      file("magic.tif", "MM\x01\x02 this is no TIFF at all"),
                      { "info", "magic.tif" },
                      1,
                      "magic.tif",
                      corrupt });
    cases.push_back({ "10^6 x 10^6 header: info --stats (valid, sampled)",
                      file("huge.vrt", huge),
                      { "info", "--stats", "huge.vrt" },
                      0 });
    cases.push_back({ "10^6 x 10^6 header: predict", file("huge.vrt", huge), predictOn("huge.vrt"), 1,
                      "huge.vrt", "band|large|size|pixels", "map.tif" });
    cases.push_back({ "NaN pixels: info --stats (valid)",
                      raster("nan.tif", nanPixels),
                      { "info", "--stats", "nan.tif" },
                      0 });
    cases.push_back({ "NaN pixels: predict (valid)", raster("nan.tif", nanPixels), predictOn("nan.tif"), 0 });
    cases.push_back({ "infinite pixels: info --stats (valid)",
                      raster("inf.tif", infPixels),
                      { "info", "--stats", "inf.tif" },
                      0 });
    cases.push_back(
        { "infinite pixels: predict (valid)", raster("inf.tif", infPixels), predictOn("inf.tif"), 0 });
    cases.push_back({ "all-NaN raster: info --stats (valid)",
                      raster("allnan.tif", allNan),
                      { "info", "--stats", "allnan.tif" },
                      0 });
    cases.push_back({ "all-NoData raster: info --stats (valid)",
                      raster("nodata.tif", allNoData),
                      { "info", "--stats", "nodata.tif" },
                      0 });
    cases.push_back({ "all-NoData raster: predict (valid, a NoData map)", raster("nodata.tif", allNoData),
                      predictOn("nodata.tif"), 0 });
    cases.push_back({ "all-NoData raster: init + train",
                      raster("nodata.tif", allNoData),
                      { "init",
                        "p.deepterra",
                        "--task",
                        "segmentation",
                        "--image",
                        "nodata.tif",
                        "--labels",
                        "@/labels.geojson",
                        "--patch",
                        "8",
                        "--epochs",
                        "1",
                        "--split",
                        "random",
                        "&&",
                        "train",
                        "p.deepterra",
                        "--out",
                        "run",
                        "--threads",
                        "2" },
                      1,
                      "nodata.tif",
                      "nodata|no valid|empty",
                      "" });
    cases.push_back({ "no CRS: info (valid)", raster("nocrs.tif", noCrs), { "info", "nocrs.tif" }, 0 });
    cases.push_back({ "no CRS: predict (valid, pixels need no CRS)", raster("nocrs.tif", noCrs),
                      predictOn("nocrs.tif"), 0 });
    cases.push_back(
        { "no CRS: init + train with vector labels", raster("nocrs.tif", noCrs), trainOn("nocrs.tif"), 1,
          "nocrs.tif", "crs", "",
          "the message names the labels, not the image: 'labels.geojson: the image has no CRS, so a layer "
          "'labels' in EPSG:32725 cannot be placed on it'" });
    cases.push_back(
        { "no geotransform: info (valid)", raster("nogt.tif", noGeoTransform), { "info", "nogt.tif" }, 0 });
    cases.push_back(
        { "no geotransform: init + train with vector labels", raster("nogt.tif", noGeoTransform),
          trainOn("nogt.tif"), 1, "nogt.tif", "geotransform|georeferenc", "",
          "the message names the labels and says they do not overlap the image (which covers x 0 to 16 in "
          "pixels), not that the image has no geotransform" });
    cases.push_back(
        { "rotated geotransform: info (valid)", raster("rot.tif", rotated), { "info", "rot.tif" }, 0 });
    cases.push_back({ "rotated geotransform: predict (valid, on the input's grid)",
                      raster("rot.tif", rotated), predictOn("rot.tif"), 0 });
    cases.push_back({ "rotated geotransform: init + train with vector labels (valid, GDAL rasterises through "
                      "the full affine transform)",
                      raster("rot.tif", rotated), trainOn("rot.tif"), 0 });
    cases.push_back({ "1 band: info (valid)", raster("one.tif", oneBand), { "info", "one.tif" }, 0 });
    cases.push_back({ "1 band: predict with a 4-band model", raster("one.tif", oneBand), predictOn("one.tif"),
                      1, "one.tif", "band", "map.tif" });
    cases.push_back({ "200 bands: info --stats (valid)",
                      raster("many.tif", manyBands),
                      { "info", "--stats", "many.tif" },
                      0 });
    cases.push_back({ "200 bands: predict with a 4-band model", raster("many.tif", manyBands),
                      predictOn("many.tif"), 1, "many.tif", "band", "map.tif" });
    cases.push_back({ "Int8: info --stats (valid)",
                      raster("i8.tif", typed(GDT_Byte, true)),
                      { "info", "--stats", "i8.tif" },
                      0 });
    cases.push_back({ "UInt32: info --stats (valid)",
                      raster("u32.tif", typed(GDT_UInt32)),
                      { "info", "--stats", "u32.tif" },
                      0 });
    cases.push_back(
        { "Float64: predict (valid)", raster("f64.tif", typed(GDT_Float64)), predictOn("f64.tif"), 0 });
    cases.push_back({ "complex CFloat32: info --stats (valid)",
                      raster("c.tif", typed(GDT_CFloat32)),
                      { "info", "--stats", "c.tif" },
                      0 });
    cases.push_back({ "complex CFloat32: predict", raster("c.tif", typed(GDT_CFloat32)), predictOn("c.tif"),
                      1, "c.tif", "complex", "map.tif",
                      "predict reads the real part of complex bands and exits 0; the imaginary part is "
                      "silently dropped" });
    (void)nan;
}

void addVectorCases(std::vector<BadInputCase> &cases, const QString &fixtures)
{
    // init writes the project, train meets the labels: both run, the first must succeed.
    auto trainOn = [](const QString &labels, const QString &field = QStringLiteral("class")) {
        return QStringList {
            "init",        "p.deepterra", "--task",        "segmentation", "--image", "@/img.tif",
            "--labels",    labels,        "--label-field", field,          "--patch", "8",
            "--epochs",    "1",           "--split",       "random",       "&&",      "train",
            "p.deepterra", "--out",       "run",           "--threads",    "2"
        };
    };
    const QByteArray good = box(17, 17, 31, 31);
    const QByteArray bowtie
        = R"({"type":"Polygon","coordinates":[[[500030,9119970],[500450,9119550],[500450,9119970],[500030,9119550],[500030,9119970]]]})";
    QList<QPair<QByteArray, QByteArray>> many;
    for (int c = 0; c < 300; ++c)
        many.append({ R"({"class":)" + QByteArray::number(c + 1) + "}",
                      box(c % 30, c / 30, c % 30 + 1, c / 30 + 1) });
    const QString features = QStringLiteral("feature|geometr|polygon|empty|no label|no training");
    cases.push_back(
        { "labels without geometry: init + train",
          file("l.geojson", geoJson({ { R"({"class":1})", "null" }, { R"({"class":2})", "null" } })),
          trainOn("l.geojson"), 1, "l.geojson", features, "",
          "the message blames the CRS (\"their extent cannot be expressed in the image's CRS\") instead of "
          "saying that no feature has a geometry" });
    cases.push_back(
        { "self-intersecting polygon: init + train (valid, repaired or skipped)",
          file("l.geojson", geoJson({ { R"({"class":1})", bowtie }, { R"({"class":2})", good } })),
          trainOn("l.geojson"), 0 });
    cases.push_back({ "empty layer: init + train", file("l.geojson", geoJson({})), trainOn("l.geojson"), 1,
                      "l.geojson", features });
    cases.push_back(
        { "empty layer: info (valid)", file("l.geojson", geoJson({})), { "info", "l.geojson" }, 0 });
    cases.push_back(
        { "missing class field: init + train",
          file("l.geojson", geoJson({ { R"({"kind":1})", box(1, 1, 15, 15) }, { R"({"kind":2})", good } })),
          trainOn("l.geojson"), 1, "l.geojson", "field|class" });
    cases.push_back(
        { "fractional class field: init + train",
          file("l.geojson",
               geoJson({ { R"({"class":1.5})", box(1, 1, 15, 15) }, { R"({"class":2.5})", good } })),
          trainOn("l.geojson"), 1, "l.geojson", "integer|whole" });
    cases.push_back(
        { "text class field: init + train (valid, names numbered 1..N)",
          file("l.geojson",
               geoJson({ { R"({"class":"water"})", box(1, 1, 15, 15) }, { R"({"class":"forest"})", good } })),
          trainOn("l.geojson"), 0 });
    cases.push_back(
        { "300 classes: init + train (valid)", file("l.geojson", geoJson(many)), trainOn("l.geojson"), 0 });
    cases.push_back({ "labels outside the image: init + train",
                      file("l.geojson",
                           geoJson({ { R"({"class":1})", box(100, 100, 120, 120) },
                                     { R"({"class":2})", box(130, 130, 140, 140) } })),
                      trainOn("l.geojson"), 1, "l.geojson", "outside|overlap|no label|no training|extent" });
    cases.push_back({ "truncated GeoJSON: info",
                      file("l.geojson", geoJson({ { R"({"class":1})", good } }).left(60)),
                      { "info", "l.geojson" },
                      1,
                      "l.geojson",
                      "unsupported|corrupt|json|parse" });
}

} // namespace deepterra::test
