// The results view of a raster-autoencoder run, driven through the main window: a tiny seeded run
// of the demo image (patch 32, one epoch) opened with Model ▸ Results of the Run. The histogram
// must hold every validation patch's error, the threshold line must be the run's threshold with
// the share above it counted, and "Map anomalies" must add a finite anomaly map as a layer.

#include "resultsruntest.h"

#include "common/outputpathcheck.h"
#include "results/autoencoderresultsview.h"
#include "results/classresultsview.h"
// The workbench's QPointer members need their classes complete wherever its header is read.
#include "results/exportdialog.h"
#include "results/predictiondialog.h"
#include "series/qcustomplotinclude.h"
#include "workspace/mapworkspace.h"

#include <QAction>
#include <QDockWidget>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>

#include <cmath>

using namespace deepterra;

namespace {

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace

class TestAutoencoderResultsView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void histogramHoldsEveryValidationPatch();
    void thresholdLineIsTheRunsThreshold();
    void shareAboveTheThresholdIsCounted();
    void mapAnomaliesAddsAFiniteLayer();
    void classViewPointsHere();
    void runWithoutErrorsSaysWhy();
    void cleanupTestCase();

private:
    QTemporaryDir m_dir;
    QString m_run;
    QJsonObject m_metrics;
    MainWindow *m_window = nullptr;
    AutoencoderResultsView *m_view = nullptr;
};

void TestAutoencoderResultsView::initTestCase()
{
    test::isolateSettings(QStringLiteral("TestAutoencoderResultsView"));
    QVERIFY(m_dir.isValid());
    QString error
        = test::runCli(m_dir.path(),
                       { QStringLiteral("init"), QStringLiteral("olinda.deepterra"), QStringLiteral("--task"),
                         QStringLiteral("raster-autoencoder"), QStringLiteral("--image"),
                         test::samplePath(QStringLiteral("tif/L7_ETMs.tif")), QStringLiteral("--patch"),
                         QStringLiteral("32"), QStringLiteral("--stride"), QStringLiteral("32"),
                         QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--batch"),
                         QStringLiteral("8"), QStringLiteral("--seed"), QStringLiteral("7") });
    QVERIFY2(error.isEmpty(), qPrintable(error));
    error = test::runCli(m_dir.path(),
                         { QStringLiteral("train"), QStringLiteral("olinda.deepterra"),
                           QStringLiteral("--threads"), QStringLiteral("2"), QStringLiteral("--out"),
                           QStringLiteral("runs/ae") });
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_run = m_dir.filePath(QStringLiteral("runs/ae"));
    m_metrics = readJson(QDir(m_run).filePath(QStringLiteral("metrics.json")));
    QVERIFY(!m_metrics.isEmpty());

    m_window = new MainWindow;
    QVERIFY(test::openWithRun(*m_window, m_dir.filePath(QStringLiteral("olinda.deepterra"))));
    auto *action = m_window->findChild<QAction *>(QStringLiteral("resultsAction"));
    QVERIFY(action);
    QTRY_VERIFY(action->isEnabled());
    action->trigger();
    auto *dock = m_window->findChild<QDockWidget *>(QStringLiteral("autoencoderResultsDock"));
    QVERIFY(dock);
    QVERIFY(dock->isVisible());
    m_view = qobject_cast<AutoencoderResultsView *>(dock->widget());
    QVERIFY(m_view);
    // An autoencoder run opens neither the class nor the forecast view.
    QVERIFY(!m_window->results()->resultsView());
    QVERIFY(!m_window->results()->forecastResultsView());
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->isLoading(), 20000);
    QVERIFY2(m_view->hasResults(), qPrintable(m_view->message()->text()));
    QVERIFY(QDir(m_view->runFolder()) == QDir(m_run));
}

void TestAutoencoderResultsView::histogramHoldsEveryValidationPatch()
{
    const QJsonObject details = m_metrics.value(QStringLiteral("details")).toObject();
    const int validationPatches = details.value(QStringLiteral("validationExamples")).toInt();
    // The demo image makes a few dozen 32-pixel patches; a fifth or so validate.
    QVERIFY2(validationPatches >= 5, qPrintable(QString::number(validationPatches)));
    double plotted = 0.0;
    const auto bars = m_view->histogram()->data();
    QVERIFY(bars->size() > 1);
    for (auto bar = bars->constBegin(); bar != bars->constEnd(); ++bar)
        plotted += bar->value;
    QCOMPARE(qint64(plotted), qint64(validationPatches));
    QCOMPARE(m_view->results().count, qint64(validationPatches));
    // The bars span the errors: the first starts at the smallest error, the last ends at the largest.
    const QJsonObject reconstruction = details.value(QStringLiteral("reconstruction")).toObject();
    const double width = m_view->histogram()->width();
    QVERIFY(std::abs(bars->constBegin()->key - width / 2
                     - reconstruction.value(QStringLiteral("minimum")).toDouble())
            < 1e-9);
    QVERIFY(std::abs((bars->constEnd() - 1)->key + width / 2
                     - reconstruction.value(QStringLiteral("maximum")).toDouble())
            < 1e-9);
}

void TestAutoencoderResultsView::thresholdLineIsTheRunsThreshold()
{
    const double threshold = m_metrics.value(QStringLiteral("metrics"))
                                 .toObject()
                                 .value(QStringLiteral("val_anomaly_threshold"))
                                 .toDouble();
    QVERIFY(threshold > 0.0);
    QVERIFY(m_view->thresholdLine()->visible());
    QCOMPARE(m_view->thresholdLine()->point1->coords().x(), threshold);
    QCOMPARE(m_view->thresholdLine()->point2->coords().x(), threshold);
    QVERIFY(m_view->plot()->xAxis->range().contains(threshold));
}

void TestAutoencoderResultsView::shareAboveTheThresholdIsCounted()
{
    const AutoencoderRunResults &r = m_view->results();
    // Count from the histogram: bins wholly above the threshold are anomalous, the bin holding it
    // may be in part.
    qint64 surelyAbove = 0;
    qint64 maybeAbove = 0;
    for (std::size_t i = 0; i < r.histogramCounts.size(); ++i) {
        if (r.histogramEdges[i] > r.threshold)
            surelyAbove += r.histogramCounts[i];
        else if (r.histogramEdges[i + 1] >= r.threshold)
            maybeAbove += r.histogramCounts[i];
    }
    const qint64 shown = r.anomalousCount();
    QVERIFY2(shown >= surelyAbove && shown <= surelyAbove + maybeAbove,
             qPrintable(QStringLiteral("%1 shown, %2 to %3 counted")
                            .arg(shown)
                            .arg(surelyAbove)
                            .arg(surelyAbove + maybeAbove)));
    // The 99th percentile of a few dozen errors leaves the largest one above it.
    QVERIFY(shown >= 1);
    const double fraction = m_metrics.value(QStringLiteral("details"))
                                .toObject()
                                .value(QStringLiteral("reconstruction"))
                                .toObject()
                                .value(QStringLiteral("anomalyFraction"))
                                .toDouble();
    QCOMPARE(shown, qint64(std::llround(fraction * double(r.count))));
    const QString text = m_view->summary()->text();
    QVERIFY2(text.contains(QStringLiteral("%1 of them (%2 %)").arg(shown).arg(100.0 * fraction, 0, 'f', 1)),
             qPrintable(text));
}

void TestAutoencoderResultsView::mapAnomaliesAddsAFiniteLayer()
{
    QPushButton *button = m_view->mapButton();
    QVERIFY(button->isVisible());
    QVERIFY(button->isEnabled());
    const int layersBefore = int(m_window->project()->layers.size());
    QSignalSpy mapped(m_view, &AutoencoderResultsView::mapped);
    QSignalSpy failed(m_view, &AutoencoderResultsView::mapFailed);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(m_view->isMapping());
    QVERIFY(!button->isEnabled());
    QVERIFY2(mapped.wait(60000) || !failed.isEmpty(), qPrintable(m_view->mapStatus()->text()));
    QVERIFY2(failed.isEmpty(), qPrintable(failed.value(0).value(0).toString()));
    QVERIFY(button->isEnabled());

    const QStringList ids = mapped.first().at(0).toStringList();
    QCOMPARE(ids.size(), 1);
    QCOMPARE(int(m_window->project()->layers.size()), layersBefore + 1);
    const ProjectLayer *layer = m_window->project()->layer(ids.first());
    QVERIFY(layer);
    QCOMPARE(layer->kind, LayerKind::Prediction);
    const QString output = m_window->project()->absolutePath(*layer);
    QVERIFY(output.endsWith(QStringLiteral("-anomaly.tif")));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->workspace()->data(ids.first()) != nullptr, 30000);

    // Every pixel with valid input has a finite, non-negative reconstruction error.
    const RasterDataset image = RasterDataset::open(test::samplePath(QStringLiteral("tif/L7_ETMs.tif")));
    const std::vector<float> pixels = test::readBand(output);
    QCOMPARE(qint64(pixels.size()), qint64(image.width()) * qint64(image.height()));
    std::size_t mapped_pixels = 0;
    for (float value : pixels) {
        QVERIFY(std::isfinite(value));
        if (value >= 0.0f)
            ++mapped_pixels;
    }
    QVERIFY(mapped_pixels > pixels.size() / 2);
    QVERIFY(test::waitForFullImage(m_window->mapCanvas()));
    test::shoot(*m_window, QStringLiteral("results-autoencoder-run"));
}

void TestAutoencoderResultsView::classViewPointsHere()
{
    const QString text = ClassResultsView::otherTaskViews(QStringLiteral("raster-autoencoder"));
    QVERIFY(text.contains(QStringLiteral("autoencoder results view")));
    QVERIFY(!text.contains(QStringLiteral("not in the app yet")));
}

void TestAutoencoderResultsView::runWithoutErrorsSaysWhy()
{
    // Stopped before its first validation: metrics.json names the task but holds no errors.
    const QString run = m_dir.filePath(QStringLiteral("runs/stopped"));
    QVERIFY(QDir().mkpath(run));
    QFile metrics(QDir(run).filePath(QStringLiteral("metrics.json")));
    QVERIFY(metrics.open(QIODevice::WriteOnly));
    metrics.write(QJsonDocument(QJsonObject { { QStringLiteral("details"),
                                                QJsonObject { { QStringLiteral("task"),
                                                                QStringLiteral("raster-autoencoder") } } } })
                      .toJson());
    metrics.close();
    AutoencoderResultsView view(nullptr);
    QSignalSpy loaded(&view, &AutoencoderResultsView::loaded);
    view.showRun(run);
    QVERIFY(loaded.wait(10000));
    QVERIFY(!view.hasResults());
    QVERIFY2(view.message()->text().contains(QStringLiteral("no validation reconstruction errors")),
             qPrintable(view.message()->text()));
}

void TestAutoencoderResultsView::cleanupTestCase()
{
    delete m_window;
}

QTEST_MAIN(TestAutoencoderResultsView)
#include "testautoencoderresultsview.moc"
