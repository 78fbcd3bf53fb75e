#include "metrics/classificationmetrics.h"
#include "series/qcustomplotinclude.h"
#include "training/confusionmatrixview.h"
#include "training/curvesmoothing.h"
#include "training/forecastpreviewplot.h"
#include "training/trainingcurves.h"
#include "training/trainingdashboard.h"

#include <QCheckBox>
#include <QComboBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QTabWidget>
#include <QTableWidget>
#include <QTextBlock>
#include <QToolTip>
#include <QtTest>

#include <cmath>

using namespace deepterra;

class TestTrainingDashboard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void syntheticRunFillsEveryChart();
    void bestEpochIsMarked();
    void batchLossIsSmoothedAsTensorBoardDoes();
    void logToggleSetsTheLossAxes();
    void xAxisModeSwitchesKeys();
    void hoverReadsTheNearestValues();
    void buttonsFollowTheState();
    void pauseIsOffWhileSeveralProcessesTrain();
    void progressLineShowsEpochBatchSpeedAndTimeLeft();
    void confusionMatrixShowsCountsAndScores();
    void forecastingShowsTheForecastInsteadOfTheMatrix();
    void logColoursWarningsAndErrors();
    void resumedRunReplacesRepeatedEpochs();
    void showRunsOverlaysOneSetOfGraphsPerRun();
    void manyBatchesDoNotReplotPerCall();

private:
    static RunStart segmentationStart();
    static QJsonObject segmentationDetails(int epoch);
    static EpochRecord epoch(int number, double trainLoss, double validationLoss, double iou, bool improved);
    // Two epochs of five batches, the first an improvement, the second not.
    static void feedTwoEpochs(TrainingDashboard &dashboard);
    static QVector<double> keys(const QCPGraph *graph);
    static QVector<double> values(const QCPGraph *graph);

    static const QVector<double> &batchLosses();
};

RunStart TestTrainingDashboard::segmentationStart()
{
    RunStart start;
    start.runFolder = QStringLiteral("/tmp/runs/run-1");
    start.task = QStringLiteral("segmentation");
    start.monitoredMetric = QStringLiteral("val_mean_iou");
    start.epochs = 2;
    start.classNames
        = QStringList { QStringLiteral("water"), QStringLiteral("forest"), QStringLiteral("urban") };
    start.trainingExamples = 40;
    start.validationExamples = 10;
    return start;
}

QJsonObject TestTrainingDashboard::segmentationDetails(int epoch)
{
    // The format the trainer writes: ValidationAccumulator::details() of a segmentation.
    ConfusionMatrix confusion(3);
    confusion.add(0, 0, 50 + epoch);
    confusion.add(0, 1, 10);
    confusion.add(1, 1, 30);
    confusion.add(1, 2, 30);
    confusion.add(2, 2, 20);
    QJsonObject details;
    details.insert(QStringLiteral("task"), QStringLiteral("segmentation"));
    details.insert(QStringLiteral("validationExamples"), 10);
    details.insert(QStringLiteral("loss"), 0.5);
    details.insert(QStringLiteral("classification"),
                   ClassificationMetrics::compute(confusion).toJson(
                       { QStringLiteral("water"), QStringLiteral("forest"), QStringLiteral("urban") }));
    return details;
}

EpochRecord TestTrainingDashboard::epoch(int number, double trainLoss, double validationLoss, double iou,
                                         bool improved)
{
    EpochRecord record;
    record.epoch = number;
    record.trainLoss = trainLoss;
    record.validationLoss = validationLoss;
    record.learningRate = 1e-3 / number;
    record.seconds = 8.0 + 2.0 * number; // 10 and 12 s
    record.metrics.insert(QStringLiteral("val_loss"), validationLoss);
    record.metrics.insert(QStringLiteral("val_mean_iou"), iou);
    record.metrics.insert(QStringLiteral("train_loss"), trainLoss);
    record.improved = improved;
    record.details = segmentationDetails(number);
    return record;
}

void TestTrainingDashboard::feedTwoEpochs(TrainingDashboard &dashboard)
{
    const QVector<double> &losses = batchLosses();
    dashboard.startRun(segmentationStart());
    dashboard.setState(TrainingDashboard::State::Training);
    for (int e = 1; e <= 2; ++e) {
        for (int b = 1; b <= 5; ++b) {
            BatchProgress progress;
            progress.epoch = e;
            progress.epochs = 2;
            progress.batch = b;
            progress.batches = 5;
            progress.loss = losses[(e - 1) * 5 + b - 1];
            progress.learningRate = 1e-3 / e;
            progress.samplesPerSecond = 120.0;
            progress.etaSeconds = 75.0;
            dashboard.addBatch(progress);
        }
        dashboard.addEpoch(e == 1 ? epoch(1, 1.5, 1.1, 0.40, true) : epoch(2, 0.85, 1.2, 0.38, false));
    }
}

const QVector<double> &TestTrainingDashboard::batchLosses()
{
    static const QVector<double> losses { 2.0, 1.5, 1.8, 1.2, 1.0, 0.9, 1.1, 0.8, 0.7, 0.75 };
    return losses;
}

QVector<double> TestTrainingDashboard::keys(const QCPGraph *graph)
{
    QVector<double> k;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
        k << it->key;
    return k;
}

QVector<double> TestTrainingDashboard::values(const QCPGraph *graph)
{
    QVector<double> v;
    for (auto it = graph->data()->constBegin(); it != graph->data()->constEnd(); ++it)
        v << it->value;
    return v;
}

void TestTrainingDashboard::syntheticRunFillsEveryChart()
{
    TrainingDashboard dashboard;
    feedTwoEpochs(dashboard);
    TrainingCurves *curves = dashboard.curves();
    // Nothing is drawn per call: the redraw timer brings the points.
    QCOMPARE(curves->batchLossGraph()->dataCount(), 0);
    QTRY_COMPARE(curves->batchLossGraph()->dataCount(), 10);
    QCOMPARE(curves->smoothedLossGraph()->dataCount(), 10);
    QCOMPARE(curves->runCount(), 1);
    QCOMPARE(values(curves->trainingLossGraph()), (QVector<double> { 1.5, 0.85 }));
    QCOMPARE(values(curves->validationLossGraph()), (QVector<double> { 1.1, 1.2 }));
    QCOMPARE(values(curves->metricGraph()), (QVector<double> { 0.40, 0.38 }));
    QCOMPARE(curves->learningRateGraph()->dataCount(), 2);
    QCOMPARE(curves->metricPlot()->yAxis->label(), QStringLiteral("val_mean_iou"));
    // Both epoch curves share one chart, with a legend naming them.
    QCOMPARE(curves->trainingLossGraph()->parentPlot(), curves->validationLossGraph()->parentPlot());
    QVERIFY(curves->epochLossPlot()->legend->visible());
}

void TestTrainingDashboard::bestEpochIsMarked()
{
    TrainingDashboard dashboard;
    feedTwoEpochs(dashboard);
    TrainingCurves *curves = dashboard.curves();
    curves->redraw();
    QCOMPARE(curves->bestEpoch(), 1);
    QCOMPARE(curves->bestEpochLineKey(), 1.0);
    EpochRecord third = epoch(3, 0.7, 0.9, 0.45, true);
    dashboard.addEpoch(third);
    curves->redraw();
    QCOMPARE(curves->bestEpoch(), 3);
    QCOMPARE(curves->bestEpochLineKey(), 3.0);
}

void TestTrainingDashboard::batchLossIsSmoothedAsTensorBoardDoes()
{
    TrainingDashboard dashboard;
    feedTwoEpochs(dashboard);
    TrainingCurves *curves = dashboard.curves();
    curves->redraw();
    QCOMPARE(curves->smoothing(), 0.6);
    QCOMPARE(values(curves->batchLossGraph()), batchLosses());
    const QVector<double> smoothed = values(curves->smoothedLossGraph());
    QCOMPARE(smoothed.first(), batchLosses().first());
    const QVector<double> expected = CurveSmoothing::smooth(batchLosses(), 0.6);
    for (int i = 0; i < expected.size(); ++i)
        QVERIFY2(std::abs(smoothed[i] - expected[i]) < 1e-12, qPrintable(QString::number(i)));
    QVERIFY(smoothed.last() != batchLosses().last());

    // The slider sets the smoothing: at 0 the smoothed curve is the raw one.
    auto *slider = curves->findChild<QSlider *>(QStringLiteral("smoothingSlider"));
    QVERIFY(slider);
    slider->setValue(0);
    curves->redraw();
    QCOMPARE(values(curves->smoothedLossGraph()), batchLosses());
}

void TestTrainingDashboard::logToggleSetsTheLossAxes()
{
    TrainingDashboard dashboard;
    feedTwoEpochs(dashboard);
    TrainingCurves *curves = dashboard.curves();
    auto *logScale = curves->findChild<QCheckBox *>(QStringLiteral("logScaleCheck"));
    QVERIFY(logScale);
    QCOMPARE(curves->epochLossPlot()->yAxis->scaleType(), QCPAxis::stLinear);
    logScale->click();
    QVERIFY(curves->logScale());
    QCOMPARE(curves->epochLossPlot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
    QCOMPARE(curves->batchLossPlot()->yAxis->scaleType(), QCPAxis::stLogarithmic);
    QCOMPARE(curves->metricPlot()->yAxis->scaleType(), QCPAxis::stLinear);
    logScale->click();
    QCOMPARE(curves->epochLossPlot()->yAxis->scaleType(), QCPAxis::stLinear);
}

void TestTrainingDashboard::xAxisModeSwitchesKeys()
{
    TrainingDashboard dashboard;
    feedTwoEpochs(dashboard);
    TrainingCurves *curves = dashboard.curves();
    auto *axis = curves->findChild<QComboBox *>(QStringLiteral("xAxisCombo"));
    QVERIFY(axis);
    curves->redraw();
    // Epoch: batch b of 5 in epoch e sits at (e - 1) + b / 5, an epoch's point at e.
    QCOMPARE(keys(curves->batchLossGraph()).at(7), 1.6);
    QCOMPARE(keys(curves->trainingLossGraph()), (QVector<double> { 1.0, 2.0 }));

    axis->setCurrentIndex(axis->findText(QStringLiteral("Step")));
    QCOMPARE(curves->xAxis(), TrainingCurves::XAxis::Step);
    QCOMPARE(keys(curves->batchLossGraph()).at(7), 8.0);
    QCOMPARE(keys(curves->trainingLossGraph()), (QVector<double> { 5.0, 10.0 }));
    QCOMPARE(curves->bestEpochLineKey(), 5.0);
    QCOMPARE(curves->epochLossPlot()->xAxis->label(), QStringLiteral("step"));

    // Wall time: the epochs' own seconds, summed.
    axis->setCurrentIndex(axis->findText(QStringLiteral("Wall time")));
    QCOMPARE(keys(curves->trainingLossGraph()), (QVector<double> { 10.0, 22.0 }));
    QVERIFY(!curves->epochLossPlot()->xAxis->ticker().dynamicCast<QCPAxisTickerTime>().isNull());
    const QVector<double> batchKeys = keys(curves->batchLossGraph());
    QVERIFY(batchKeys.at(5) >= 10.0); // the second epoch's batches come after the first's 10 s
}

void TestTrainingDashboard::hoverReadsTheNearestValues()
{
    TrainingDashboard dashboard;
    feedTwoEpochs(dashboard);
    TrainingCurves *curves = dashboard.curves();
    curves->redraw();
    const QString text = curves->readout(curves->epochLossPlot(), 1.2);
    QVERIFY2(text.contains(QStringLiteral("epoch 1.20")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("train: 1.5")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("validation: 1.1")), qPrintable(text));
    QVERIFY(curves->readout(curves->epochLossPlot(), 1.9).contains(QStringLiteral("train: 0.85")));
    // The mouse over the chart asks for the same text (as a tool tip).
    dashboard.resize(600, 800);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    QCustomPlot *plot = curves->epochLossPlot();
    QTest::mouseMove(plot, plot->axisRect()->rect().center());
    QTRY_VERIFY(QToolTip::text().contains(QStringLiteral("train: ")));
}

void TestTrainingDashboard::pauseIsOffWhileSeveralProcessesTrain()
{
    TrainingDashboard dashboard;
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    QSignalSpy pause(&dashboard, &TrainingDashboard::pauseRequested);
    RunStart start = segmentationStart();
    start.processes = 2;
    dashboard.startRun(start);
    dashboard.setState(TrainingDashboard::State::Training);
    QVERIFY(dashboard.pauseButton()->isVisible());
    QVERIFY(!dashboard.pauseButton()->isEnabled());
    QVERIFY2(dashboard.pauseButton()->toolTip().contains(QStringLiteral("2 processes")),
             qPrintable(dashboard.pauseButton()->toolTip()));
    QVERIFY(dashboard.stopButton()->isEnabled());
    QTest::mouseClick(dashboard.pauseButton(), Qt::LeftButton);
    QCOMPARE(pause.count(), 0);
    // The next run in one process pauses again.
    dashboard.startRun(segmentationStart());
    dashboard.setState(TrainingDashboard::State::Training);
    QVERIFY(dashboard.pauseButton()->isEnabled());
    QTest::mouseClick(dashboard.pauseButton(), Qt::LeftButton);
    QCOMPARE(pause.count(), 1);
}

void TestTrainingDashboard::buttonsFollowTheState()
{
    TrainingDashboard dashboard;
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    QSignalSpy pause(&dashboard, &TrainingDashboard::pauseRequested);
    QSignalSpy resume(&dashboard, &TrainingDashboard::resumeRequested);
    QSignalSpy stop(&dashboard, &TrainingDashboard::stopRequested);

    QCOMPARE(dashboard.state(), TrainingDashboard::State::Idle);
    QVERIFY(!dashboard.pauseButton()->isEnabled());
    QVERIFY(!dashboard.stopButton()->isEnabled());

    dashboard.setState(TrainingDashboard::State::Preparing);
    QVERIFY(!dashboard.pauseButton()->isEnabled());
    QVERIFY(dashboard.stopButton()->isEnabled());

    dashboard.setState(TrainingDashboard::State::Training);
    QVERIFY(dashboard.pauseButton()->isVisible());
    QVERIFY(dashboard.pauseButton()->isEnabled());
    QVERIFY(!dashboard.resumeButton()->isVisible());
    QTest::mouseClick(dashboard.pauseButton(), Qt::LeftButton);
    QCOMPARE(pause.count(), 1);

    dashboard.setState(TrainingDashboard::State::Paused, QStringLiteral("Paused: resume when ready"));
    QCOMPARE(dashboard.state(), TrainingDashboard::State::Paused);
    QVERIFY(!dashboard.pauseButton()->isVisible());
    QVERIFY(dashboard.resumeButton()->isVisible());
    QCOMPARE(dashboard.statusLabel()->text(), QStringLiteral("Paused: resume when ready"));
    QTest::mouseClick(dashboard.resumeButton(), Qt::LeftButton);
    QCOMPARE(resume.count(), 1);
    QTest::mouseClick(dashboard.stopButton(), Qt::LeftButton);
    QCOMPARE(stop.count(), 1);

    dashboard.setState(TrainingDashboard::State::Stopping);
    QVERIFY(!dashboard.stopButton()->isEnabled());
    QVERIFY(!dashboard.pauseButton()->isEnabled());
    QTest::mouseClick(dashboard.stopButton(), Qt::LeftButton);
    QCOMPARE(stop.count(), 1);

    for (auto state : { TrainingDashboard::State::Finished, TrainingDashboard::State::Stopped,
                        TrainingDashboard::State::Failed }) {
        dashboard.setState(state);
        QVERIFY(dashboard.pauseButton()->isVisible());
        QVERIFY(!dashboard.pauseButton()->isEnabled());
        QVERIFY(!dashboard.resumeButton()->isVisible());
        QVERIFY(!dashboard.stopButton()->isEnabled());
        QCOMPARE(dashboard.statusLabel()->text(), TrainingDashboard::stateName(state));
    }
    QCOMPARE(pause.count(), 1);
}

void TestTrainingDashboard::progressLineShowsEpochBatchSpeedAndTimeLeft()
{
    TrainingDashboard dashboard;
    dashboard.startRun(segmentationStart());
    dashboard.setState(TrainingDashboard::State::Training);
    BatchProgress progress;
    progress.epoch = 2;
    progress.epochs = 2;
    progress.batch = 3;
    progress.batches = 5;
    progress.loss = 1.0;
    progress.samplesPerSecond = 120.0;
    progress.etaSeconds = 75.0;
    dashboard.addBatch(progress);
    QCOMPARE(dashboard.progressBar()->format(), QStringLiteral("Epoch 2/2 · batch 3/5"));
    QCOMPARE(dashboard.progressBar()->value(), dashboard.progressBar()->maximum() * 8 / 10);
    QCOMPARE(dashboard.speedLabel()->text(), QStringLiteral("120 samples/s · 1 min 15 s left"));

    dashboard.setPreviewStatus(QStringLiteral("Preview of epoch 2: 1.2 s (4 % of training time)"));
    QVERIFY(dashboard.previewStatusLabel()->isVisibleTo(&dashboard));
    QCOMPARE(dashboard.previewStatusLabel()->text(),
             QStringLiteral("Preview of epoch 2: 1.2 s (4 % of training time)"));
}

void TestTrainingDashboard::confusionMatrixShowsCountsAndScores()
{
    TrainingDashboard dashboard;
    feedTwoEpochs(dashboard);
    QTabWidget *tabs = dashboard.tabs();
    QVERIFY(tabs->isTabVisible(tabs->indexOf(dashboard.confusionMatrix())));
    QVERIFY(!tabs->isTabVisible(tabs->indexOf(dashboard.forecastPlot())));

    ConfusionMatrixView *view = dashboard.confusionMatrix();
    QCOMPARE(view->epochCount(), 2);
    QCOMPARE(view->shownEpoch(), 2);
    QCOMPARE(view->epochChoice()->itemText(0), QStringLiteral("Epoch 1 (best)"));
    QTableWidget *table = view->table();
    QCOMPARE(table->rowCount(), 3);
    QCOMPARE(table->columnCount(), 5); // 3 classes, recall, IoU
    QCOMPARE(table->horizontalHeaderItem(0)->text(), QStringLiteral("water"));
    QCOMPARE(table->verticalHeaderItem(2)->text(), QStringLiteral("urban"));
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("52")); // 50 + epoch
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("10"));
    QCOMPARE(table->item(1, 2)->text(), QStringLiteral("30"));
    QCOMPARE(table->item(1, 3)->text(), QStringLiteral("0.50")); // forest's recall: 30 of 60
    QCOMPARE(table->item(2, 3)->text(), QStringLiteral("1.00"));
    // Shading by the row's share: urban's diagonal (all of its row) is darker than water's 52 of 62.
    QVERIFY(table->item(2, 2)->background().color().lightness()
            < table->item(0, 0)->background().color().lightness());
    QVERIFY(table->item(0, 2)->background().color() == QColor(Qt::white));

    // The earlier epoch is one choice away.
    view->epochChoice()->setCurrentIndex(0);
    QCOMPARE(view->shownEpoch(), 1);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("51"));
}

void TestTrainingDashboard::forecastingShowsTheForecastInsteadOfTheMatrix()
{
    TrainingDashboard dashboard;
    RunStart start = segmentationStart();
    start.task = QStringLiteral("forecasting");
    start.monitoredMetric = QStringLiteral("val_rmse");
    start.classNames.clear();
    dashboard.startRun(start);
    QTabWidget *tabs = dashboard.tabs();
    QVERIFY(!tabs->isTabVisible(tabs->indexOf(dashboard.confusionMatrix())));
    QVERIFY(tabs->isTabVisible(tabs->indexOf(dashboard.forecastPlot())));
    // An epoch of a forecasting run has no matrix to keep.
    EpochRecord record = epoch(1, 1.0, 1.0, 0.0, true);
    record.details = QJsonObject { { QStringLiteral("task"), QStringLiteral("forecasting") } };
    dashboard.addEpoch(record);
    QCOMPARE(dashboard.confusionMatrix()->epochCount(), 0);

    const QDateTime t0(QDate(2020, 1, 1), QTime(0, 0), Qt::UTC);
    const QVector<double> times { double(t0.toMSecsSinceEpoch()), double(t0.addMonths(1).toMSecsSinceEpoch()),
                                  double(t0.addMonths(2).toMSecsSinceEpoch()) };
    dashboard.showForecast(times, { 410.0, 411.0, 412.5 }, { 409.5, 411.2, 412.0 },
                           QStringLiteral("co2: epoch 1"));
    ForecastPreviewPlot *plot = dashboard.forecastPlot();
    QCOMPARE(plot->observedGraph()->dataCount(), 3);
    QCOMPARE(values(plot->forecastGraph()), (QVector<double> { 409.5, 411.2, 412.0 }));
    QCOMPARE(keys(plot->observedGraph()).first(), 1577836800.0); // seconds for the date axis
    QCOMPARE(plot->title(), QStringLiteral("co2: epoch 1"));
}

void TestTrainingDashboard::logColoursWarningsAndErrors()
{
    TrainingDashboard dashboard;
    dashboard.appendLog(Feedback::Level::Info, QStringLiteral("epoch 1 done"));
    dashboard.appendLog(Feedback::Level::Warning, QStringLiteral("class <urban> missing"));
    dashboard.appendLog(Feedback::Level::Error, QStringLiteral("out of memory"));
    QPlainTextEdit *log = dashboard.logView();
    QVERIFY(log->isReadOnly());
    const QString text = log->toPlainText();
    QVERIFY2(text.contains(QStringLiteral("class <urban> missing")), qPrintable(text));
    auto colourOf = [log](const QString &needle) {
        for (QTextBlock block = log->document()->begin(); block.isValid(); block = block.next())
            for (auto it = block.begin(); !it.atEnd(); ++it)
                if (it.fragment().text().contains(needle))
                    return it.fragment().charFormat().foreground().color();
        return QColor();
    };
    QCOMPARE(colourOf(QStringLiteral("missing")), QColor(QStringLiteral("#b35c00")));
    QCOMPARE(colourOf(QStringLiteral("out of memory")), QColor(QStringLiteral("#c0392b")));
    QVERIFY(colourOf(QStringLiteral("epoch 1 done")) != QColor(QStringLiteral("#c0392b")));
}

void TestTrainingDashboard::resumedRunReplacesRepeatedEpochs()
{
    TrainingDashboard dashboard;
    RunStart start = segmentationStart();
    start.resumed = true;
    dashboard.startRun(start);
    EpochRecord replayed = epoch(1, 1.5, 1.1, 0.40, true);
    replayed.replayed = true;
    replayed.details = {};
    dashboard.addEpoch(replayed);
    EpochRecord replayed2 = epoch(2, 1.2, 1.0, 0.42, true);
    replayed2.replayed = true;
    dashboard.addEpoch(replayed2);
    // Training resumes from the checkpoint of epoch 1: epoch 2 is computed again.
    dashboard.addEpoch(epoch(2, 1.1, 0.95, 0.44, true));
    TrainingCurves *curves = dashboard.curves();
    curves->redraw();
    QCOMPARE(values(curves->trainingLossGraph()), (QVector<double> { 1.5, 1.1 }));
    QCOMPARE(curves->bestEpoch(), 2);
    QCOMPARE(dashboard.confusionMatrix()->epochCount(), 1); // replayed epochs have no details
}

void TestTrainingDashboard::showRunsOverlaysOneSetOfGraphsPerRun()
{
    TrainingDashboard dashboard;
    feedTwoEpochs(dashboard);
    RunCurves a;
    a.label = QStringLiteral("run-a");
    a.monitoredMetric = QStringLiteral("val_mean_iou");
    a.history = { epoch(1, 1.5, 1.1, 0.40, true), epoch(2, 0.85, 1.2, 0.38, false) };
    RunCurves b;
    b.label = QStringLiteral("run-b");
    b.monitoredMetric = QStringLiteral("val_mean_iou");
    b.history
        = { epoch(1, 1.4, 1.0, 0.45, true), epoch(2, 1.0, 0.9, 0.5, true), epoch(3, 0.9, 0.95, 0.49, false) };

    dashboard.showRuns({ a, b });
    TrainingCurves *curves = dashboard.curves();
    QCOMPARE(curves->runCount(), 2);
    QVERIFY(!curves->batchLossGraph()); // finished runs have no batch losses
    QCOMPARE(curves->epochLossPlot()->graphCount(), 4); // train and validation per run
    QCOMPARE(curves->learningRatePlot()->graphCount(), 2);
    QCOMPARE(curves->trainingLossGraph(1)->dataCount(), 3);
    QCOMPARE(values(curves->metricGraph(0)), (QVector<double> { 0.40, 0.38 }));
    QVERIFY(curves->trainingLossGraph(0)->pen().color() != curves->trainingLossGraph(1)->pen().color());
    QVERIFY(curves->trainingLossGraph(0)->name().contains(QStringLiteral("run-a")));
    QVERIFY(curves->metricPlot()->legend->visible());
    QCOMPARE(curves->bestEpoch(1), 2);
    QVERIFY(std::isnan(curves->bestEpochLineKey())); // each run marks its best with a star
    QVERIFY(!dashboard.pauseButton()->isVisibleTo(&dashboard));
    QVERIFY(dashboard.statusLabel()->text().contains(QStringLiteral("run-b")));

    dashboard.showRuns({ b });
    QCOMPARE(curves->runCount(), 1);
    QCOMPARE(curves->epochLossPlot()->graphCount(), 2);
    QCOMPARE(curves->bestEpochLineKey(), 2.0);
}

void TestTrainingDashboard::manyBatchesDoNotReplotPerCall()
{
    TrainingDashboard dashboard;
    dashboard.resize(500, 700);
    dashboard.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dashboard));
    dashboard.startRun(segmentationStart());
    dashboard.setState(TrainingDashboard::State::Training);
    QTest::qWait(2 * TrainingCurves::kRedrawIntervalMs);

    TrainingCurves *curves = dashboard.curves();
    int replots = 0;
    for (QCustomPlot *plot : { curves->batchLossPlot(), curves->epochLossPlot(), curves->metricPlot(),
                               curves->learningRatePlot() })
        connect(plot, &QCustomPlot::afterReplot, this, [&replots] { ++replots; });

    QElapsedTimer clock;
    clock.start();
    for (int i = 0; i < 10000; ++i) {
        BatchProgress progress;
        progress.epoch = 1 + i / 5000;
        progress.epochs = 2;
        progress.batch = 1 + i % 5000;
        progress.batches = 5000;
        progress.loss = 1.0 / (1.0 + i);
        dashboard.addBatch(progress);
    }
    // Buffered: neither drawn nor even handed to the charts until the redraw timer fires.
    QCOMPARE(replots, 0);
    QCOMPARE(curves->batchLossGraph()->dataCount(), 0);
    QVERIFY2(clock.elapsed() < 2000, qPrintable(QString::number(clock.elapsed())));
    QTest::qWait(3 * TrainingCurves::kRedrawIntervalMs);
    // One redraw of four charts (two if the timer fired during the loop), not one per batch.
    QVERIFY2(replots >= 1 && replots <= 12, qPrintable(QString::number(replots)));
    QCOMPARE(curves->batches().size(), 10000);
    const int drawn = curves->batchLossGraph()->dataCount();
    QVERIFY2(drawn <= TrainingCurves::kRecentBatchPoints + TrainingCurves::kOlderBatchPoints,
             qPrintable(QString::number(drawn)));
    QCOMPARE(curves->batchLossGraph()->data()->at(drawn - 1)->value, 1.0 / 10000.0);
}

QTEST_MAIN(TestTrainingDashboard)
#include "testtrainingdashboard.moc"
