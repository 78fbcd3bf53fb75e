#include "inspect/fileinspector.h"
#include "testdata.h"
#include "workspace/propertiesview.h"

#include <QDir>
#include <QHeaderView>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTreeWidget>
#include <QtTest>

using namespace deepterra;

// The Properties panel shows a layer's facts as a geoscientist writes them, from the report that
// `deepterra-cli info --json` prints for scripts: real samples, plus reports written here for what
// the samples lack (a geographic CRS, a key the panel does not know yet).
class TestPropertiesView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rasterFactsReadAsWritten();
    void vectorLayerShowsItsGeometryAndFields();
    void seriesAndNetCdfFacts();
    void geographicCoordinatesInDegrees();
    void newKeysReadAsWords();

private:
    static QTreeWidgetItem *row(QTreeWidgetItem *parent, const QString &label);
    static QTreeWidgetItem *row(PropertiesView &view, const QString &label);
    static QString value(PropertiesView &view, const QString &label);
    static QStringList rawKeys(QTreeWidgetItem *parent);
    static QJsonObject inspect(const QString &relative);
};

QTreeWidgetItem *TestPropertiesView::row(QTreeWidgetItem *parent, const QString &label)
{
    for (int i = 0; i < parent->childCount(); ++i)
        if (parent->child(i)->text(0) == label)
            return parent->child(i);
    return nullptr;
}

QTreeWidgetItem *TestPropertiesView::row(PropertiesView &view, const QString &label)
{
    return row(view.tree()->invisibleRootItem(), label);
}

QString TestPropertiesView::value(PropertiesView &view, const QString &label)
{
    QTreeWidgetItem *item = row(view, label);
    return item ? item->text(1) : QStringLiteral("<no row \"%1\">").arg(label);
}

// Labels that are the report's JSON keys (camelCase) rather than words.
QStringList TestPropertiesView::rawKeys(QTreeWidgetItem *parent)
{
    static const QRegularExpression camelCase(QStringLiteral("^[a-z]+[A-Z]"));
    QStringList keys;
    for (int i = 0; i < parent->childCount(); ++i) {
        if (camelCase.match(parent->child(i)->text(0)).hasMatch())
            keys << parent->child(i)->text(0);
        keys << rawKeys(parent->child(i));
    }
    return keys;
}

QJsonObject TestPropertiesView::inspect(const QString &relative)
{
    return FileInspector::inspect(test::samplePath(relative));
}

void TestPropertiesView::rasterFactsReadAsWritten()
{
    PropertiesView view;
    view.showReport(QStringLiteral("Landsat"), inspect(QStringLiteral("tif/L7_ETMs.tif")));
    QTreeWidget *tree = view.tree();
    // The file first, then the facts in the order they are asked about; no "raster" level.
    QStringList labels;
    for (int i = 0; i < tree->topLevelItemCount(); ++i)
        labels << tree->topLevelItem(i)->text(0);
    QCOMPARE(labels,
             QStringList({ "File", "Type", "File size", "Format", "Size", "Coordinate system", "Pixel size",
                           "Extent", "Bands", "Geotransform" }));
    QCOMPARE(value(view, QStringLiteral("File")), QStringLiteral("L7_ETMs.tif"));
    QCOMPARE(QDir::cleanPath(row(view, QStringLiteral("File"))->toolTip(1)),
             QDir::cleanPath(test::samplePath(QStringLiteral("tif/L7_ETMs.tif"))));
    QCOMPARE(value(view, QStringLiteral("Type")), QStringLiteral("Raster"));
    QCOMPARE(value(view, QStringLiteral("File size")), QStringLiteral("779.7 KiB")); // 798453 bytes
    QCOMPARE(row(view, QStringLiteral("File size"))->toolTip(1), QStringLiteral("798453 bytes"));
    QCOMPARE(value(view, QStringLiteral("Format")), QStringLiteral("GeoTIFF (GTiff)"));
    QCOMPARE(value(view, QStringLiteral("Size")), QStringLiteral("349 × 352 pixels"));
    QCOMPARE(value(view, QStringLiteral("Coordinate system")),
             QStringLiteral("SIRGAS 2000 / UTM zone 25S (EPSG:31985)"));
    QVERIFY(!row(view, QStringLiteral("Coordinate system"))->isExpanded()); // the WKT when asked for
    QVERIFY(row(row(view, QStringLiteral("Coordinate system")), QStringLiteral("WKT"))
                ->text(1)
                .startsWith(QStringLiteral("PROJCRS[\"SIRGAS 2000 / UTM zone 25S\"")));
    // 28.49999999927454 m, rounded for reading; the exact figure in the tooltip.
    QCOMPARE(value(view, QStringLiteral("Pixel size")), QStringLiteral("28.5 × 28.5 m"));
    QVERIFY(row(view, QStringLiteral("Pixel size"))->toolTip(1).startsWith(QStringLiteral("28.49999999927")));
    QCOMPARE(value(view, QStringLiteral("Extent")),
             QStringLiteral("x 288776.25 … 298722.75, y 9110728.75 … 9120760.75"));

    QTreeWidgetItem *bands = row(view, QStringLiteral("Bands"));
    QCOMPARE(bands->text(1), QStringLiteral("6"));
    QCOMPARE(bands->childCount(), 6);
    QVERIFY(bands->isExpanded());
    QCOMPARE(bands->child(0)->text(0), QStringLiteral("Band 1"));
    QCOMPARE(bands->child(0)->text(1), QStringLiteral("Byte, NoData none, Gray"));
    QCOMPARE(bands->child(5)->text(1), QStringLiteral("Byte, NoData none")); // colour "Undefined"
    QCOMPARE(row(bands->child(0), QStringLiteral("Data type"))->text(1), QStringLiteral("Byte"));
    QCOMPARE(row(bands->child(0), QStringLiteral("Overviews"))->text(1), QStringLiteral("4"));
    QCOMPARE(row(bands->child(0), QStringLiteral("Block size"))->text(1), QStringLiteral("349 × 3"));
    QCOMPARE(rawKeys(tree->invisibleRootItem()), QStringList());
}

void TestPropertiesView::vectorLayerShowsItsGeometryAndFields()
{
    PropertiesView view;
    view.showReport(
        QStringLiteral("Training areas"),
        FileInspector::inspect(QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda-training.gpkg")));
    QCOMPARE(value(view, QStringLiteral("Type")), QStringLiteral("Vector"));
    QTreeWidgetItem *layers = row(view, QStringLiteral("Layers"));
    QCOMPARE(layers->text(1), QStringLiteral("1"));
    QTreeWidgetItem *layer = row(layers, QStringLiteral("training_areas"));
    QVERIFY(layer);
    QCOMPARE(layer->text(1), QStringLiteral("Polygon, 14 features"));
    QVERIFY(layer->isExpanded()); // the only layer is shown open
    QCOMPARE(row(layer, QStringLiteral("Fields"))->text(1), QStringLiteral("landcover, code"));
    QCOMPARE(row(layer, QStringLiteral("Coordinate system"))->text(1),
             QStringLiteral("SIRGAS 2000 / UTM zone 25S (EPSG:31985)"));
    QCOMPARE(row(layer, QStringLiteral("Extent"))->text(1),
             QStringLiteral("x 289089.75 … 298608.75, y 9110899.75 … 9120333.25"));
    QCOMPARE(rawKeys(view.tree()->invisibleRootItem()), QStringList());
}

void TestPropertiesView::seriesAndNetCdfFacts()
{
    PropertiesView series;
    series.showReport(QStringLiteral("CO2"), inspect(QStringLiteral("datasets/co2/co2.csv")));
    QCOMPARE(value(series, QStringLiteral("Type")), QStringLiteral("Table"));
    QCOMPARE(value(series, QStringLiteral("Dates")), QStringLiteral("1958-03-29 … 2001-12-29"));
    QCOMPARE(value(series, QStringLiteral("Rows")), QStringLiteral("2284"));
    QCOMPARE(value(series, QStringLiteral("Frequency")), QStringLiteral("weekly"));
    QCOMPARE(row(row(series, QStringLiteral("Columns")), QStringLiteral("co2"))->text(1),
             QStringLiteral("59 missing values"));
    QCOMPARE(row(row(series, QStringLiteral("Gaps")), QStringLiteral("Missing time steps"))->text(1),
             QStringLiteral("0"));
    QCOMPARE(rawKeys(series.tree()->invisibleRootItem()), QStringList());

    PropertiesView netcdf;
    netcdf.showReport(QStringLiteral("BCSD"), inspect(QStringLiteral("nc/bcsd_obs_1999.nc")));
    QCOMPARE(value(netcdf, QStringLiteral("Type")), QStringLiteral("NetCDF"));
    QTreeWidgetItem *pr = row(row(netcdf, QStringLiteral("Variables")), QStringLiteral("pr"));
    QVERIFY(pr);
    QCOMPARE(pr->text(1), QStringLiteral("monthly_sum_pr (mm/m)"));
    QCOMPARE(row(pr, QStringLiteral("Size"))->text(1), QStringLiteral("81 × 33 pixels"));
    QCOMPARE(row(pr, QStringLiteral("Time steps"))->text(1), QStringLiteral("12"));
    QCOMPARE(row(pr, QStringLiteral("Time range"))->text(1), QStringLiteral("1999-01-31 … 1999-12-31"));
    QCOMPARE(row(pr, QStringLiteral("Dimensions"))->text(1), QStringLiteral("time, latitude, longitude"));
    // Without a coordinate system the unit is not known: plain numbers.
    QCOMPARE(row(pr, QStringLiteral("Pixel size"))->text(1), QStringLiteral("0.125 × 0.125"));
    // A one-dimensional variable has a length, not pixels.
    QCOMPARE(
        row(row(row(netcdf, QStringLiteral("Variables")), QStringLiteral("latitude")), QStringLiteral("Size"))
            ->text(1),
        QStringLiteral("33 values"));
    QCOMPARE(rawKeys(netcdf.tree()->invisibleRootItem()), QStringList());

    // In a narrow panel a long variable name does not push the values out of sight.
    PropertiesView narrow;
    narrow.resize(320, 300);
    narrow.show();
    QVERIFY(QTest::qWaitForWindowExposed(&narrow));
    narrow.showReport(QStringLiteral("Stage IV"), inspect(QStringLiteral("nc/test_stageiv_xyt.nc")));
    QTreeWidget *tree = narrow.tree();
    QVERIFY(tree->columnWidth(0) <= tree->viewport()->width() * 55 / 100);
    QVERIFY(tree->columnWidth(0) >= tree->fontMetrics().horizontalAdvance(QStringLiteral("File size")));

    // A width the user drags stays while rows are opened and the panel resized; the next layer's
    // facts are fitted again.
    QHeaderView *header = tree->header();
    const int border = header->sectionViewportPosition(1);
    QTest::mousePress(header->viewport(), Qt::LeftButton, {}, QPoint(border - 1, header->height() / 2));
    QTest::mouseMove(header->viewport(), QPoint(border + 40, header->height() / 2));
    QTest::mouseRelease(header->viewport(), Qt::LeftButton, {}, QPoint(border + 40, header->height() / 2));
    const int dragged = tree->columnWidth(0);
    QVERIFY2(dragged > border, qPrintable(QStringLiteral("%1 -> %2").arg(border).arg(dragged)));
    tree->topLevelItem(tree->topLevelItemCount() - 1)->child(0)->setExpanded(true);
    narrow.resize(340, 300);
    QCOMPARE(tree->columnWidth(0), dragged);
    narrow.showReport(QStringLiteral("Stage IV"), inspect(QStringLiteral("nc/test_stageiv_xyt.nc")));
    QVERIFY(tree->columnWidth(0) <= tree->viewport()->width() * 55 / 100);
}

void TestPropertiesView::geographicCoordinatesInDegrees()
{
    const QJsonObject report = QJsonDocument::fromJson(R"({
        "kind": "raster", "path": "/data/era5.tif", "sizeBytes": 512,
        "raster": {"width": 80, "height": 40,
                   "crs": {"name": "WGS 84", "authority": "EPSG:4326", "geographic": true},
                   "pixelSize": [0.25, 0.25],
                   "extent": {"minX": -10, "maxX": 10, "minY": 40, "maxY": 50}}})")
                                   .object();
    PropertiesView view;
    view.showReport(QStringLiteral("ERA5"), report);
    QCOMPARE(value(view, QStringLiteral("File size")), QStringLiteral("512 bytes"));
    QCOMPARE(value(view, QStringLiteral("Coordinate system")), QStringLiteral("WGS 84 (EPSG:4326)"));
    QCOMPARE(value(view, QStringLiteral("Pixel size")), QStringLiteral("0.25° × 0.25°"));
    QCOMPARE(value(view, QStringLiteral("Extent")), QStringLiteral("lon -10 … 10, lat 40 … 50"));
}

void TestPropertiesView::newKeysReadAsWords()
{
    // A fact the report gains later is shown under a readable label, not dropped.
    const QJsonObject report = QJsonDocument::fromJson(R"({
        "kind": "raster", "path": "/data/x.tif",
        "raster": {"width": 2, "height": 2, "cloudCoverPercent": 12.5, "acquired": true,
                   "sensorInfo": {"platformName": "Landsat 7"}},
        "checkedBy": "gdal"})")
                                   .object();
    PropertiesView view;
    view.showReport(QStringLiteral("x"), report);
    QCOMPARE(value(view, QStringLiteral("Cloud cover percent")), QStringLiteral("12.5"));
    QCOMPARE(value(view, QStringLiteral("Acquired")), QStringLiteral("yes"));
    QCOMPARE(row(row(view, QStringLiteral("Sensor info")), QStringLiteral("Platform name"))->text(1),
             QStringLiteral("Landsat 7"));
    QCOMPARE(value(view, QStringLiteral("Checked by")), QStringLiteral("gdal"));
    QCOMPARE(rawKeys(view.tree()->invisibleRootItem()), QStringList());
}

QTEST_MAIN(TestPropertiesView)
#include "testpropertiesview.moc"
