// The results view of a class run, driven through the main window: a short seeded segmentation
// run on the Olinda sample, opened with Model ▸ Results of the Run; the matrix, the per-class and
// the overall scores must be those of the run's metrics.json.

#include "workspacetest.h"

#include "geodata/rasterdataset.h"
#include "jobs/feedback.h"
#include "jobs/jobrunner.h"
#include "project/project.h"
#include "results/classresultsview.h"
#include "results/confusionheatmap.h"
// The workbench's QPointer members need their classes complete wherever its header is read.
#include "results/exportdialog.h"
#include "results/predictiondialog.h"
#include "results/reliabilitydiagram.h"
#include "results/resultsworkbench.h"
#include "series/qcustomplotinclude.h"
#include "testdata.h"
#include "training/runfolder.h"
#include "training/runspanel.h"
#include "training/trainingjob.h"
#include "training/trainingworkbench.h"
#include "workspace/projectcontroller.h"

#include <QAction>
#include <QCheckBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
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

void writeJson(const QString &path, const QJsonObject &json)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(QJsonDocument(json).toJson());
}

QJsonObject layer(const QString &id, const QString &kind, const QString &path, QJsonObject extra = {})
{
    extra.insert(QStringLiteral("id"), id);
    extra.insert(QStringLiteral("kind"), kind);
    extra.insert(QStringLiteral("path"), path);
    return extra;
}

// A metrics.json score: null is undefined, as NaN.
double score(const QJsonValue &value)
{
    return value.isDouble() ? value.toDouble() : std::nan("");
}

bool sameScore(double shown, double written)
{
    return (std::isnan(shown) && std::isnan(written)) || std::abs(shown - written) <= 1e-12;
}

} // namespace

class TestClassResultsView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void matrixAndScoresEqualMetricsJson();
    void calibrationEqualsMetricsJson();
    void rowSharesSumToOne();
    void clickOnACellShowsItsCount();
    void clickedCellIsHighlightedOnTheMap();
    void followsTheRunsPanelSelection();
    void scoresMissingFromMetricsJsonAreComputed();
    void patchClassificationCountsPatches();
    void otherTasksAreToldTheirViews();
    void runWithoutMatrixSaysWhy();
    void calibrationOfAHandWrittenRun();
    void runTrainedBeforeCalibrationSaysSo();
    void cleanupTestCase();

private:
    // A run folder with config.json for `task` and, when given, metrics.json.
    QString writeFakeRun(const QString &name, const QString &task, const QJsonObject &metrics);
    // Shows the run in a bare view and waits until it is read.
    bool showInView(ClassResultsView &view, const QString &run);

    QTemporaryDir m_dir;
    QString m_projectPath;
    QString m_run;
    MainWindow *m_window = nullptr;
    ClassResultsView *m_view = nullptr;
};

void TestClassResultsView::initTestCase()
{
    test::isolateSettings(QStringLiteral("TestClassResultsView"));
    QVERIFY(m_dir.isValid());
    QJsonObject project {
        { QStringLiteral("format"), QStringLiteral("deepterra-project") },
        { QStringLiteral("version"), 1 },
        { QStringLiteral("name"), QStringLiteral("results") },
        { QStringLiteral("layers"),
          QJsonArray { layer(QStringLiteral("landsat"), QStringLiteral("imagery"),
                             test::samplePath(QStringLiteral("tif/L7_ETMs.tif"))),
                       layer(QStringLiteral("training"), QStringLiteral("vector-labels"),
                             QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda-training.gpkg"),
                             { { QStringLiteral("classField"), QStringLiteral("landcover") } }) } },
        { QStringLiteral("task"),
          QJsonObject { { QStringLiteral("type"), QStringLiteral("segmentation") },
                        { QStringLiteral("image"), QStringLiteral("landsat") },
                        { QStringLiteral("labels"), QStringLiteral("training") },
                        { QStringLiteral("patchSize"), 32 },
                        { QStringLiteral("stride"), 32 } } },
        { QStringLiteral("model"),
          QJsonObject { { QStringLiteral("preset"), QStringLiteral("unet-small") } } },
        { QStringLiteral("training"),
          QJsonObject { { QStringLiteral("epochs"), 2 },
                        { QStringLiteral("batchSize"), 16 },
                        { QStringLiteral("learningRate"), 3e-3 },
                        { QStringLiteral("seed"), 7 },
                        { QStringLiteral("device"), QStringLiteral("cpu") } } }
    };
    m_projectPath = m_dir.filePath(QStringLiteral("results.deepterra"));
    writeJson(m_projectPath, project);

    // The run is trained headless (the app trains through the same job): the test is about what
    // the view shows of a run, not about training from the forms.
    TrainingRequest request;
    request.projectPath = m_projectPath;
    request.threads = 2;
    TrainingJob job(request);
    Feedback feedback;
    const JobResult result = JobRunner::runBlocking(job, feedback);
    QVERIFY2(result.succeeded(), qPrintable(result.error));
    m_run = job.runFolder();
    QVERIFY(QFile::exists(QDir(m_run).filePath(QStringLiteral("metrics.json"))));

    m_window = new MainWindow;
    m_window->setSavePrompt([] { return MainWindow::SaveChoice::Discard; });
    m_window->resize(1200, 800);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window));
    QSignalSpy loaded(m_window, &MainWindow::projectLoaded);
    m_window->openProject(m_projectPath);
    QVERIFY(loaded.wait(20000));
    QTRY_COMPARE_WITH_TIMEOUT(int(m_window->training()->runsPanel()->runs().size()), 1, 10000);

    auto *action = m_window->findChild<QAction *>(QStringLiteral("resultsAction"));
    QVERIFY(action);
    QTRY_VERIFY(action->isEnabled());
    action->trigger();
    m_view = m_window->results()->resultsView();
    QVERIFY(m_view);
    QVERIFY(m_window->results()->resultsDock()->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->isLoading() && m_view->hasResults(), 10000);
    QCOMPARE(m_view->runFolder(), m_run);
}

void TestClassResultsView::matrixAndScoresEqualMetricsJson()
{
    const QJsonObject metrics = readJson(QDir(m_run).filePath(QStringLiteral("metrics.json")));
    const QJsonObject classification = metrics.value(QStringLiteral("details"))
                                           .toObject()
                                           .value(QStringLiteral("classification"))
                                           .toObject();
    const QJsonArray matrix = classification.value(QStringLiteral("confusionMatrix")).toArray();
    QVERIFY(matrix.size() >= 2);

    QTableWidget *table = m_view->heatmap()->table();
    QVERIFY(!m_view->heatmap()->rowShares());
    QCOMPARE(table->rowCount(), int(matrix.size()));
    QCOMPARE(table->columnCount(), int(matrix.size()));
    for (int t = 0; t < table->rowCount(); ++t)
        for (int p = 0; p < table->columnCount(); ++p) {
            const qint64 written = qint64(matrix.at(t).toArray().at(p).toDouble());
            QCOMPARE(table->item(t, p)->data(ConfusionHeatmap::kCountRole).toLongLong(), written);
            QCOMPARE(table->item(t, p)->text(), QString::number(written));
        }

    // Class names from the run, per-class scores as metrics.json holds them.
    const QJsonArray classes = classification.value(QStringLiteral("classes")).toArray();
    QTableWidget *scores = m_view->classScores();
    QCOMPARE(scores->rowCount(), int(classes.size()));
    const std::pair<int, const char *> columns[] = { { ClassResultsView::PrecisionColumn, "precision" },
                                                     { ClassResultsView::RecallColumn, "recall" },
                                                     { ClassResultsView::F1Column, "f1" },
                                                     { ClassResultsView::IoUColumn, "iou" },
                                                     { ClassResultsView::SupportColumn, "support" } };
    for (int c = 0; c < int(classes.size()); ++c) {
        const QJsonObject entry = classes.at(c).toObject();
        QCOMPARE(scores->item(c, ClassResultsView::ClassColumn)->text(),
                 entry.value(QStringLiteral("name")).toString());
        QCOMPARE(table->verticalHeaderItem(c)->text(), entry.value(QStringLiteral("name")).toString());
        for (const auto &[column, key] : columns) {
            const double shown = scores->item(c, column)->data(ClassResultsView::kValueRole).toDouble();
            const double written = score(entry.value(QLatin1String(key)));
            QVERIFY2(sameScore(shown, written),
                     qPrintable(QStringLiteral("class %1 %2: shown %3, metrics.json %4")
                                    .arg(c)
                                    .arg(QLatin1String(key))
                                    .arg(shown)
                                    .arg(written)));
        }
    }

    // Overall scores: the view's values and its text.
    const ClassificationMetrics &shown = m_view->results().metrics;
    QVERIFY(sameScore(shown.overallAccuracy, score(classification.value(QStringLiteral("overallAccuracy")))));
    QVERIFY(sameScore(shown.meanIoU, score(classification.value(QStringLiteral("meanIoU")))));
    QVERIFY(sameScore(shown.kappa, score(classification.value(QStringLiteral("kappa")))));
    const QString overall = m_view->overall()->text();
    QVERIFY2(overall.contains(QStringLiteral("accuracy %1").arg(shown.overallAccuracy, 0, 'f', 3)),
             qPrintable(overall));
    QVERIFY2(overall.contains(QStringLiteral("mean IoU %1").arg(shown.meanIoU, 0, 'f', 3)),
             qPrintable(overall));
    // And they are the best epoch's, as the run reports them.
    QVERIFY(sameScore(shown.meanIoU,
                      metrics.value(QStringLiteral("metrics"))
                          .toObject()
                          .value(QStringLiteral("val_mean_iou"))
                          .toDouble()));
}

void TestClassResultsView::calibrationEqualsMetricsJson()
{
    const QJsonObject details = readJson(QDir(m_run).filePath(QStringLiteral("metrics.json")))
                                    .value(QStringLiteral("details"))
                                    .toObject();
    const QJsonObject calibration = details.value(QStringLiteral("calibration")).toObject();
    QVERIFY2(calibration.value(QStringLiteral("ece")).isDouble(), "metrics.json has no calibration");
    const double ece = calibration.value(QStringLiteral("ece")).toDouble();
    qint64 counted = 0;
    int nonEmptyBins = 0;
    for (const QJsonValue &bin : calibration.value(QStringLiteral("bins")).toArray()) {
        const qint64 count = qint64(bin.toObject().value(QStringLiteral("count")).toDouble());
        counted += count;
        nonEmptyBins += count > 0 ? 1 : 0;
    }
    // The same validation pixels as the confusion matrix.
    QCOMPARE(counted, m_view->results().metrics.confusion.total());
    QVERIFY(nonEmptyBins >= 1);

    // The Calibration tab, chosen as a user does.
    QTabWidget *tabs = m_view->detailTabs();
    QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(1).center());
    ReliabilityDiagram *diagram = m_view->reliabilityDiagram();
    QCOMPARE(tabs->currentWidget(), diagram);
    QVERIFY(diagram->hasCalibration());
    QVERIFY(diagram->plot()->isVisible());
    QVERIFY2(
        sameScore(diagram->expectedCalibrationError(), ece),
        qPrintable(
            QStringLiteral("shown %1, metrics.json %2").arg(diagram->expectedCalibrationError()).arg(ece)));
    const QString shownEce = QString::number(ece, 'f', 3);
    QVERIFY2(
        diagram->summary()->text().contains(QStringLiteral("Expected calibration error %1").arg(shownEce)),
        qPrintable(diagram->summary()->text()));
    QVERIFY2(m_view->overall()->text().contains(QStringLiteral("(ECE) %1").arg(shownEce)),
             qPrintable(m_view->overall()->text()));
    QCOMPARE(diagram->accuracyPoints()->data()->size(), nonEmptyBins);
    QCOMPARE(diagram->sampleShares()->data()->size(),
             calibration.value(QStringLiteral("bins")).toArray().size());

    test::shoot(*m_window, QStringLiteral("results-calibration"));

    QTest::mouseClick(tabs->tabBar(), Qt::LeftButton, {}, tabs->tabBar()->tabRect(0).center());
    QCOMPARE(tabs->currentWidget(), m_view->classScores());
}

void TestClassResultsView::rowSharesSumToOne()
{
    ConfusionHeatmap *heatmap = m_view->heatmap();
    QTableWidget *table = heatmap->table();
    const qint64 firstCount = table->item(0, 0)->data(ConfusionHeatmap::kCountRole).toLongLong();
    QCheckBox *toggle = heatmap->rowSharesToggle();
    QTest::mouseClick(toggle, Qt::LeftButton, {}, QPoint(8, toggle->height() / 2));
    QVERIFY(heatmap->rowShares());
    int rowsWithSamples = 0;
    for (int t = 0; t < table->rowCount(); ++t) {
        double sum = 0.0;
        qint64 support = 0;
        for (int p = 0; p < table->columnCount(); ++p) {
            sum += table->item(t, p)->data(ConfusionHeatmap::kValueRole).toDouble();
            support += table->item(t, p)->data(ConfusionHeatmap::kCountRole).toLongLong();
            QVERIFY2(table->item(t, p)->text().endsWith(QLatin1Char('%')) || support == 0,
                     qPrintable(table->item(t, p)->text()));
        }
        if (support == 0)
            continue;
        ++rowsWithSamples;
        QVERIFY2(std::abs(sum - 1.0) < 1e-9, qPrintable(QStringLiteral("row %1 sums to %2").arg(t).arg(sum)));
    }
    QVERIFY(rowsWithSamples >= 2);

    QTest::mouseClick(toggle, Qt::LeftButton, {}, QPoint(8, toggle->height() / 2));
    QVERIFY(!heatmap->rowShares());
    QCOMPARE(table->item(0, 0)->text(), QString::number(firstCount));
}

void TestClassResultsView::clickOnACellShowsItsCount()
{
    ConfusionHeatmap *heatmap = m_view->heatmap();
    QTableWidget *table = heatmap->table();
    // The off-diagonal cell with the most samples: a confusion worth a look.
    int truth = 0, predicted = 1;
    for (int t = 0; t < table->rowCount(); ++t)
        for (int p = 0; p < table->columnCount(); ++p)
            if (t != p
                && table->item(t, p)->data(ConfusionHeatmap::kCountRole).toLongLong()
                    > table->item(truth, predicted)->data(ConfusionHeatmap::kCountRole).toLongLong()) {
                truth = t;
                predicted = p;
            }
    QTableWidgetItem *cell = table->item(truth, predicted);
    const qint64 count = cell->data(ConfusionHeatmap::kCountRole).toLongLong();
    table->scrollToItem(cell);
    QSignalSpy chosen(heatmap, &ConfusionHeatmap::cellChosen);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualItemRect(cell).center());
    QCOMPARE(chosen.size(), 1);
    QCOMPARE(chosen.first().at(0).toInt(), truth);
    QCOMPARE(chosen.first().at(1).toInt(), predicted);
    QCOMPARE(table->currentRow(), truth);
    QCOMPARE(table->currentColumn(), predicted);
    const QString details = heatmap->cellDetails()->text();
    QVERIFY2(details.contains(QStringLiteral(": %1 pixels").arg(count)), qPrintable(details));
    QVERIFY2(details.contains(table->verticalHeaderItem(truth)->text()), qPrintable(details));
    QVERIFY2(details.contains(table->horizontalHeaderItem(predicted)->text()), qPrintable(details));
    const qint64 rowTotal = m_view->results().metrics.confusion.truthCount(truth);
    const QString rowShare = QStringLiteral("%1 %").arg(100.0 * double(count) / double(rowTotal), 0, 'f', 1);
    QVERIFY2(details.contains(rowShare), qPrintable(details));
    test::shoot(*m_window, QStringLiteral("results-class-run"));
}

void TestClassResultsView::clickedCellIsHighlightedOnTheMap()
{
    QTableWidget *table = m_view->heatmap()->table();
    int truth = 0, predicted = 1;
    for (int t = 0; t < table->rowCount(); ++t)
        for (int p = 0; p < table->columnCount(); ++p)
            if (t != p
                && table->item(t, p)->data(ConfusionHeatmap::kCountRole).toLongLong()
                    > table->item(truth, predicted)->data(ConfusionHeatmap::kCountRole).toLongLong()) {
                truth = t;
                predicted = p;
            }
    QTableWidgetItem *cell = table->item(truth, predicted);
    const qint64 count = cell->data(ConfusionHeatmap::kCountRole).toLongLong();
    QVERIFY(count > 0);
    QSignalSpy shown(m_view, &ClassResultsView::validationLayerShown);
    table->scrollToItem(cell);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualItemRect(cell).center());
    // The first choice predicts the validation patches in the background.
    QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty(), 120000);
    QVERIFY(!m_view->isMapping());

    const Project *project = m_window->projectController()->project();
    QVERIFY(project);
    const ProjectLayer *layer = project->layer(m_view->validationLayerId());
    QVERIFY(layer);
    const QString expectedName
        = QStringLiteral("Validation: %1 as %2")
              .arg(table->verticalHeaderItem(truth)->text(), table->horizontalHeaderItem(predicted)->text());
    QCOMPARE(layer->name, expectedName);
    QVERIFY2(m_view->mapStatus()->text().contains(QString::number(count)),
             qPrintable(m_view->mapStatus()->text()));

    // Exactly one value of the class-pair raster is drawn (opaque); its pixels are the cell's.
    QCOMPARE(layer->style.value(QStringLiteral("renderer")).toString(), QStringLiteral("classes"));
    QList<int> highlighted;
    for (const QJsonValue &entry : layer->style.value(QStringLiteral("classes")).toArray()) {
        const QString color = entry.toObject().value(QStringLiteral("color")).toString();
        if (color.size() == 7 || !color.endsWith(QStringLiteral("00")))
            highlighted << entry.toObject().value(QStringLiteral("value")).toInt();
    }
    QCOMPARE(highlighted.size(), 1);
    const RasterDataset raster = RasterDataset::open(project->absolutePath(*layer));
    const RasterBuffer pixels = raster.readWindow(QRect());
    qint64 highlightedPixels = 0;
    for (int y = 0; y < pixels.height; ++y)
        for (int x = 0; x < pixels.width; ++x)
            if (pixels.isValid(0, x, y) && int(pixels.value(0, x, y)) == highlighted.first())
                ++highlightedPixels;
    QCOMPARE(highlightedPixels, count);

    // Another cell: the same file, re-styled, under the new cell's name; nothing is predicted again.
    const QString path = layer->path;
    QTableWidgetItem *diagonal = table->item(truth, truth);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualItemRect(diagonal).center());
    QCOMPARE(shown.size(), 2);
    QVERIFY(!m_view->isMapping());
    layer = project->layer(m_view->validationLayerId());
    QVERIFY(layer);
    QCOMPARE(layer->path, path);
    QVERIFY(layer->name.endsWith(QStringLiteral("as %1").arg(table->horizontalHeaderItem(truth)->text())));
    int layersNamedValidation = 0;
    for (const ProjectLayer &l : project->layers)
        layersNamedValidation += l.name.startsWith(QStringLiteral("Validation: ")) ? 1 : 0;
    QCOMPARE(layersNamedValidation, 1);
    test::shoot(*m_window, QStringLiteral("results-validation-cell"));
}

void TestClassResultsView::followsTheRunsPanelSelection()
{
    RunsPanel *runs = m_window->training()->runsPanel();
    const QString forecast = writeFakeRun(QStringLiteral("runs/forecast"), QStringLiteral("forecasting"),
                                          { { QStringLiteral("stop"), QStringLiteral("completed") } });
    runs->refresh();
    QTRY_COMPARE_WITH_TIMEOUT(int(runs->runs().size()), 2, 10000);
    auto select = [runs](const QString &folder) {
        for (int i = 0; i < runs->tree()->topLevelItemCount(); ++i) {
            QTreeWidgetItem *item = runs->tree()->topLevelItem(i);
            if (QDir(item->data(RunsPanel::NameColumn, RunsPanel::kPathRole).toString()) == QDir(folder)) {
                runs->tree()->setCurrentItem(item);
                return true;
            }
        }
        return false;
    };
    QVERIFY(select(forecast));
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->isLoading() && QDir(m_view->runFolder()) == QDir(forecast), 10000);
    QTRY_VERIFY(m_view->message()->text().contains(QStringLiteral("forecasting run")));
    QVERIFY(!m_view->hasResults());

    QVERIFY(select(m_run));
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->isLoading() && m_view->hasResults(), 10000);
    QCOMPARE(QDir(m_view->runFolder()), QDir(m_run));
}

QString TestClassResultsView::writeFakeRun(const QString &name, const QString &task,
                                           const QJsonObject &metrics)
{
    const RunFolder run(m_dir.filePath(name));
    QDir().mkpath(run.path());
    const QJsonArray classes { QJsonObject { { QStringLiteral("value"), 1 },
                                             { QStringLiteral("name"), QStringLiteral("water") },
                                             { QStringLiteral("color"), QStringLiteral("#0000ff") } },
                               QJsonObject { { QStringLiteral("value"), 2 },
                                             { QStringLiteral("name"), QStringLiteral("forest") },
                                             { QStringLiteral("color"), QStringLiteral("#00ff00") } } };
    run.writeConfig(
        { { QStringLiteral("format"), QStringLiteral("deepterra-run") },
          { QStringLiteral("version"), 1 },
          { QStringLiteral("setup"),
            QJsonObject { { QStringLiteral("task"), QJsonObject { { QStringLiteral("type"), task } } } } },
          { QStringLiteral("classes"), classes } });
    if (!metrics.isEmpty())
        run.writeMetrics(metrics);
    return run.path();
}

bool TestClassResultsView::showInView(ClassResultsView &view, const QString &run)
{
    QSignalSpy loaded(&view, &ClassResultsView::loaded);
    view.showRun(run);
    return loaded.wait(10000);
}

void TestClassResultsView::scoresMissingFromMetricsJsonAreComputed()
{
    // Only the matrix: water 3 right, 1 taken for forest; forest 4 right.
    const QJsonObject classification { { QStringLiteral("confusionMatrix"),
                                         QJsonArray { QJsonArray { 3, 1 }, QJsonArray { 0, 4 } } } };
    const QString run
        = writeFakeRun(QStringLiteral("matrix-only"), QStringLiteral("segmentation"),
                       { { QStringLiteral("stop"), QStringLiteral("completed") },
                         { QStringLiteral("bestEpoch"), 3 },
                         { QStringLiteral("details"),
                           QJsonObject { { QStringLiteral("classification"), classification } } } });
    ClassResultsView view;
    QVERIFY(showInView(view, run));
    QVERIFY(view.hasResults());
    QTableWidget *scores = view.classScores();
    QCOMPARE(scores->item(0, ClassResultsView::ClassColumn)->text(), QStringLiteral("water"));
    QCOMPARE(scores->item(0, ClassResultsView::RecallColumn)->data(ClassResultsView::kValueRole).toDouble(),
             0.75);
    QCOMPARE(
        scores->item(1, ClassResultsView::PrecisionColumn)->data(ClassResultsView::kValueRole).toDouble(),
        0.8);
    QCOMPARE(scores->item(0, ClassResultsView::IoUColumn)->data(ClassResultsView::kValueRole).toDouble(),
             0.75);
    QCOMPARE(view.results().metrics.overallAccuracy, 7.0 / 8.0);
    QVERIFY(view.title()->text().contains(QStringLiteral("best epoch (3)")));
}

void TestClassResultsView::patchClassificationCountsPatches()
{
    const QJsonObject classification { { QStringLiteral("confusionMatrix"),
                                         QJsonArray { QJsonArray { 5, 2 }, QJsonArray { 1, 6 } } } };
    const QString run
        = writeFakeRun(QStringLiteral("patches"), QStringLiteral("patch-classification"),
                       { { QStringLiteral("stop"), QStringLiteral("completed") },
                         { QStringLiteral("details"),
                           QJsonObject { { QStringLiteral("classification"), classification } } } });
    ClassResultsView view;
    QVERIFY(showInView(view, run));
    QVERIFY(view.hasResults());
    view.heatmap()->chooseCell(0, 1);
    const QString details = view.heatmap()->cellDetails()->text();
    QVERIFY2(details.contains(QStringLiteral("water predicted as forest: 2 patches")), qPrintable(details));
    QVERIFY2(details.contains(QStringLiteral("28.6 % of the true water")), qPrintable(details)); // 2 of 7
    QVERIFY2(details.contains(QStringLiteral("25.0 % of those predicted forest")),
             qPrintable(details)); // 2 of 8
    QVERIFY(view.overall()->text().contains(QStringLiteral("14 validation patches")));
}

void TestClassResultsView::otherTasksAreToldTheirViews()
{
    ClassResultsView view;
    QVERIFY(showInView(view,
                       writeFakeRun(QStringLiteral("forecast"), QStringLiteral("forecasting"),
                                    { { QStringLiteral("stop"), QStringLiteral("completed") } })));
    QVERIFY(!view.hasResults());
    QVERIFY(view.message()->isVisible() || !view.isVisible());
    QVERIFY2(view.message()->text().contains(QStringLiteral("observed against predicted")),
             qPrintable(view.message()->text()));

    QVERIFY(showInView(view,
                       writeFakeRun(QStringLiteral("autoencoder"), QStringLiteral("raster-autoencoder"),
                                    { { QStringLiteral("stop"), QStringLiteral("completed") } })));
    QVERIFY(!view.hasResults());
    QVERIFY2(view.message()->text().contains(QStringLiteral("reconstruction-error histogram")),
             qPrintable(view.message()->text()));
}

void TestClassResultsView::runWithoutMatrixSaysWhy()
{
    ClassResultsView view;
    // Stopped by the user before the first validation: metrics.json without details.
    QVERIFY(showInView(view,
                       writeFakeRun(QStringLiteral("stopped"), QStringLiteral("segmentation"),
                                    { { QStringLiteral("stop"), QStringLiteral("stopped") },
                                      { QStringLiteral("epochsCompleted"), 0 } })));
    QVERIFY(!view.hasResults());
    QVERIFY2(view.message()->text().contains(QStringLiteral("no validation confusion matrix")),
             qPrintable(view.message()->text()));
    // Not a run at all: the error names the folder's file.
    QVERIFY(showInView(view, m_dir.filePath(QStringLiteral("nothing-here"))));
    QVERIFY(!view.hasResults());
    QVERIFY2(view.message()->text().startsWith(QStringLiteral("Cannot show the results")),
             qPrintable(view.message()->text()));
}

void TestClassResultsView::calibrationOfAHandWrittenRun()
{
    // Over-confident: at 0.95, 6 of 10 right (gap 0.35); at 0.65, 5 of 10 (gap 0.15): ECE 0.25.
    Calibration calibration;
    for (int i = 0; i < 10; ++i) {
        calibration.add(0.95, i < 6);
        calibration.add(0.65, i < 5);
    }
    const QJsonObject classification { { QStringLiteral("confusionMatrix"),
                                         QJsonArray { QJsonArray { 8, 2 }, QJsonArray { 7, 3 } } } };
    const auto runWith = [&](const QString &name, const QJsonObject &calibrationJson) {
        return writeFakeRun(name, QStringLiteral("segmentation"),
                            { { QStringLiteral("stop"), QStringLiteral("completed") },
                              { QStringLiteral("details"),
                                QJsonObject { { QStringLiteral("classification"), classification },
                                              { QStringLiteral("calibration"), calibrationJson } } } });
    };
    ClassResultsView view;
    QVERIFY(showInView(view, runWith(QStringLiteral("calibrated"), calibration.toJson())));
    QVERIFY(view.hasResults());
    ReliabilityDiagram *diagram = view.reliabilityDiagram();
    QVERIFY(diagram->hasCalibration());
    QVERIFY(std::abs(diagram->expectedCalibrationError() - 0.25) < 1e-12);
    QCOMPARE(diagram->accuracyPoints()->data()->size(), 2);
    QVERIFY(view.overall()->text().contains(QStringLiteral("(ECE) 0.250")));

    // A damaged calibration block costs the diagram only.
    QJsonObject damaged = calibration.toJson();
    damaged.insert(QStringLiteral("bins"), QJsonArray { QJsonObject { { QStringLiteral("count"), -1 } } });
    QVERIFY(showInView(view, runWith(QStringLiteral("calibration-damaged"), damaged)));
    QVERIFY(view.hasResults());
    QVERIFY(!diagram->hasCalibration());
    QVERIFY2(diagram->message()->text().startsWith(QStringLiteral("Calibration cannot be shown")),
             qPrintable(diagram->message()->text()));
}

void TestClassResultsView::runTrainedBeforeCalibrationSaysSo()
{
    // metrics.json as Deepterra wrote it before recording calibration: no "calibration" key.
    const QJsonObject classification { { QStringLiteral("confusionMatrix"),
                                         QJsonArray { QJsonArray { 3, 1 }, QJsonArray { 0, 4 } } } };
    const QString run
        = writeFakeRun(QStringLiteral("before-calibration"), QStringLiteral("segmentation"),
                       { { QStringLiteral("stop"), QStringLiteral("completed") },
                         { QStringLiteral("details"),
                           QJsonObject { { QStringLiteral("classification"), classification } } } });
    ClassResultsView view;
    QVERIFY(showInView(view, run));
    QVERIFY(view.hasResults());
    ReliabilityDiagram *diagram = view.reliabilityDiagram();
    QVERIFY(!diagram->hasCalibration());
    QVERIFY(std::isnan(diagram->expectedCalibrationError()));
    QVERIFY(diagram->accuracyPoints()->data()->isEmpty());
    QCOMPARE(diagram->message()->text(),
             QStringLiteral("Calibration not recorded for this run (trained before Deepterra recorded "
                            "calibration)."));
    QVERIFY(!view.overall()->text().contains(QStringLiteral("ECE")));
}

void TestClassResultsView::cleanupTestCase()
{
    delete m_window;
    m_window = nullptr;
}

QTEST_MAIN(TestClassResultsView)
#include "testclassresultsview.moc"
