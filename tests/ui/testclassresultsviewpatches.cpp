// A patch-classification run's results in the app: a click on a confusion-matrix cell shows where
// its validation patches are, each as the stride-wide cell at its centre.

#include "resultsruntest.h"

#include "map/layerstyle.h"
#include "map/legend.h"
#include "project/project.h"
#include "render/maplayerdata.h"
#include "results/classresultsview.h"
#include "results/confusionheatmap.h"
#include "workspace/mapworkspace.h"
#include "workspace/projectcontroller.h"

#include <QAction>
#include <QJsonArray>
#include <QLabel>
#include <QTableWidget>
#include <QTemporaryDir>

using namespace deepterra;

namespace {
constexpr int kStride = 16;
} // namespace

class TestClassResultsViewPatches : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void clickedCellShowsItsPatchesOnTheMap();
};

void TestClassResultsViewPatches::clickedCellShowsItsPatchesOnTheMap()
{
    test::isolateSettings(QStringLiteral("TestClassResultsViewPatches"));
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    // A seeded patch CNN on the demo data, set up and trained headless: the test is about what the
    // view shows of a run.
    QString error = test::runCli(
        dir.path(),
        { QStringLiteral("init"), QStringLiteral("patches.deepterra"), QStringLiteral("--task"),
          QStringLiteral("patch-classification"), QStringLiteral("--image"),
          test::samplePath(QStringLiteral("tif/L7_ETMs.tif")), QStringLiteral("--labels"),
          QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda-training.gpkg"),
          QStringLiteral("--label-field"), QStringLiteral("landcover"), QStringLiteral("--patch"),
          QStringLiteral("32"), QStringLiteral("--stride"), QString::number(kStride),
          QStringLiteral("--epochs"), QStringLiteral("2"), QStringLiteral("--seed"), QStringLiteral("7") });
    QVERIFY2(error.isEmpty(), qPrintable(error));
    error = test::runCli(dir.path(),
                         { QStringLiteral("train"), QStringLiteral("patches.deepterra"),
                           QStringLiteral("--threads"), QStringLiteral("2") });
    QVERIFY2(error.isEmpty(), qPrintable(error));

    MainWindow window;
    QVERIFY(test::openWithRun(window, dir.filePath(QStringLiteral("patches.deepterra"))));
    auto *action = window.findChild<QAction *>(QStringLiteral("resultsAction"));
    QVERIFY(action);
    QTRY_VERIFY(action->isEnabled());
    action->trigger();
    ClassResultsView *view = window.results()->resultsView();
    QTRY_VERIFY_WITH_TIMEOUT(!view->isLoading() && view->hasResults(), 10000);
    QVERIFY2(view->mapStatus()->text().contains(QStringLiteral("validation patches")),
             qPrintable(view->mapStatus()->text()));

    // The fullest cell, clicked as a user clicks it.
    QTableWidget *table = view->heatmap()->table();
    int truth = 0, predicted = 0;
    for (int t = 0; t < table->rowCount(); ++t)
        for (int p = 0; p < table->columnCount(); ++p)
            if (table->item(t, p)->data(ConfusionHeatmap::kCountRole).toLongLong()
                > table->item(truth, predicted)->data(ConfusionHeatmap::kCountRole).toLongLong()) {
                truth = t;
                predicted = p;
            }
    QTableWidgetItem *cell = table->item(truth, predicted);
    const qint64 patches = cell->data(ConfusionHeatmap::kCountRole).toLongLong();
    QVERIFY(patches > 0);
    QSignalSpy shown(view, &ClassResultsView::validationLayerShown);
    table->scrollToItem(cell);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualItemRect(cell).center());
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 120000);
    QVERIFY2(view->mapStatus()->text().startsWith(QStringLiteral("%1 patches shown").arg(patches)),
             qPrintable(view->mapStatus()->text()));

    // The highlighted value covers the patches' cells: at most stride x stride pixels each (the
    // patch flush with the image's edge may share some with its neighbour).
    const Project *opened = window.projectController()->project();
    const ProjectLayer *highlight = opened->layer(view->validationLayerId());
    QVERIFY(highlight);
    int value = 0;
    for (const QJsonValue &entry : highlight->style.value(QStringLiteral("classes")).toArray())
        if (entry.toObject().value(QStringLiteral("color")).toString().size() == 7)
            value = entry.toObject().value(QStringLiteral("value")).toInt();
    QVERIFY(value > 0);
    const RasterBuffer pixels = RasterDataset::open(opened->absolutePath(*highlight)).readWindow(QRect());
    qint64 highlighted = 0;
    for (int y = 0; y < pixels.height; ++y)
        for (int x = 0; x < pixels.width; ++x)
            if (pixels.isValid(0, x, y) && int(pixels.value(0, x, y)) == value)
                ++highlighted;
    QVERIFY2(highlighted > 0 && highlighted <= patches * kStride * kStride,
             qPrintable(QStringLiteral("%1 pixels for %2 patches").arg(highlighted).arg(patches)));
    QVERIFY(highlighted >= (patches * kStride * kStride) / 2);
    QTRY_VERIFY_WITH_TIMEOUT(window.workspace()->data(view->validationLayerId()) != nullptr, 10000);
    // Its legend lists the one pair drawn, not the transparent rest.
    const auto data = window.workspace()->data(view->validationLayerId());
    const std::vector<LegendEntry> legend
        = Legend::entries(*data, LayerStyle::fromJson(highlight->style, highlight->kind, *data));
    QCOMPARE(legend.size(), std::size_t(1));
    QVERIFY2(legend.front().label.startsWith(QString::number(value) + QLatin1Char(' ')),
             qPrintable(legend.front().label));
    QVERIFY(test::waitForFullImage(window.mapCanvas()));
    test::shoot(window, QStringLiteral("results-validation-patches"));
}

QTEST_MAIN(TestClassResultsViewPatches)
#include "testclassresultsviewpatches.moc"
