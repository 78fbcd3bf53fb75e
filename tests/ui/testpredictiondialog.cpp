// Model ▸ Predict Whole Raster, driven through the dialog's widgets on a tiny run of the demo:
// the class map is written and added as a layer in the run's class names, bad outputs are refused
// as they are typed, Cancel and closing stop the job without leaving a map behind.

#include "resultsruntest.h"

#include "common/outputpathcheck.h"
#include "inference/predictionresumestate.h"
#include "inference/rasterpredictor.h"
#include "inference/trainedmodel.h"
#include "jobs/feedback.h"
#include "jobs/jobcanceled.h"
#include "map/layerstyle.h"
#include "map/legend.h"
#include "render/maplayerdata.h"
#include "results/predictiondialog.h"
#include "results/uncertaintyoptions.h"
#include "training/devicecombo.h"
#include "workspace/mapworkspace.h"
#include "workspace/projectcontroller.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>

#include <cmath>
#include <iterator>
#include <memory>
#include <set>

using namespace deepterra;

class TestPredictionDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void predictsTheRunsClassMapIntoALayer();
    void uncertaintyBecomesALayer();
    void monteCarloDropoutWithoutDropoutSaysWhy();
    void outputThatIsTheInputIsRefused();
    void cancelStopsWithoutAMap();
    void theChosenDeviceRunsThePrediction();
    void closingWhileRunningStopsCleanly();
    void interruptedPredictionIsResumed();

private:
    PredictionDialog *openDialog();

    QTemporaryDir m_dir;
    QString m_run;
    std::unique_ptr<MainWindow> m_window;
};

void TestPredictionDialog::initTestCase()
{
    test::isolateSettings(QStringLiteral("TestPredictionDialog"));
    QVERIFY(m_dir.isValid());
    if (!test::samplesAvailable(QStringLiteral("tif/L7_ETMs.tif")))
        QSKIP("scripts/fetch-samples.sh has not fetched the demo image");
    QString error;
    const QString project = test::writeTinyRun(m_dir.path(), &error);
    QVERIFY2(!project.isEmpty(), qPrintable(error));
    m_window = std::make_unique<MainWindow>();
    QVERIFY(test::openWithRun(*m_window, project));
    m_run = m_window->results()->currentRun();
}

void TestPredictionDialog::cleanupTestCase()
{
    m_window.reset();
}

PredictionDialog *TestPredictionDialog::openDialog()
{
    QAction *action = m_window->results()->predictAction();
    if (!action || !action->isEnabled()) {
        qWarning("the predict action is %s", action ? "disabled" : "missing");
        return nullptr;
    }
    action->trigger();
    PredictionDialog *dialog = m_window->results()->predictionDialog();
    if (dialog)
        dialog->setStopPrompt([] { return true; });
    return dialog;
}

void TestPredictionDialog::predictsTheRunsClassMapIntoALayer()
{
    PredictionDialog *dialog = openDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->isVisible());
    // The newest run and its training image are preselected; the outputs go next to the project.
    QCOMPARE(dialog->modelCombo()->currentData().toString(), m_run);
    QVERIFY(OutputPathCheck::sameFile(dialog->inputEdit()->text(),
                                      test::samplePath(QStringLiteral("tif/L7_ETMs.tif"))));
    const QString output = dialog->outputEdit()->text();
    QCOMPARE(QFileInfo(output).absolutePath(), QDir(m_dir.path()).filePath(QStringLiteral("predictions")));
    QVERIFY(output.endsWith(QStringLiteral("seg-classes.tif")));

    dialog->tileSpin()->selectAll();
    QTest::keyClicks(dialog->tileSpin(), QStringLiteral("128"));
    QCOMPARE(dialog->tileSpin()->value(), 128);
    QTest::mouseClick(dialog->confidenceCheck(), Qt::LeftButton, {}, QPoint(4, 4));
    QVERIFY(dialog->confidenceCheck()->isChecked());
    QTRY_VERIFY(dialog->runButton()->isEnabled());

    QSignalSpy predicted(dialog, &PredictionDialog::predicted);
    QSignalSpy failed(dialog, &PredictionDialog::failed);
    QTest::mouseClick(dialog->runButton(), Qt::LeftButton);
    QVERIFY(dialog->isRunning());
    QVERIFY(!dialog->runButton()->isEnabled());
    QVERIFY(dialog->cancelButton()->isEnabled());
    QVERIFY2(predicted.wait(60000), qPrintable(dialog->statusLabel()->text()));
    QVERIFY(failed.isEmpty());
    QCOMPARE(dialog->progressBar()->value(), 100);
    QVERIFY(QFile::exists(output));
    QVERIFY(QFile::exists(dialog->confidenceEdit()->text()));

    // The class map and the confidence are layers now, the class map on top in the run's classes.
    const QStringList ids = predicted.first().at(0).toStringList();
    QCOMPARE(ids.size(), 2);
    const ProjectLayer *layer = m_window->project()->layer(ids.first());
    QVERIFY(layer);
    QCOMPARE(layer->kind, LayerKind::Prediction);
    QVERIFY(OutputPathCheck::sameFile(m_window->project()->absolutePath(*layer), output));
    QCOMPARE(m_window->project()->layers.front().id, ids.first());
    QCOMPARE(layer->style.value(QStringLiteral("renderer")).toString(), QStringLiteral("classes"));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->workspace()->data(ids.first()) != nullptr, 30000);
    const auto data = m_window->workspace()->data(ids.first());
    QVERIFY(data->isRaster);
    QVERIFY2(!data->classes.isEmpty(), "the class map holds no classes");
    const LayerStyle style = LayerStyle::fromJson(layer->style, layer->kind, *data);
    QStringList labels;
    for (const LegendEntry &entry : Legend::entries(*data, style))
        labels << entry.label;
    // The demo's classes: the legend names them as the training labels do.
    QFile config(QDir(m_run).filePath(QStringLiteral("config.json")));
    QVERIFY(config.open(QIODevice::ReadOnly));
    const QJsonArray classes
        = QJsonDocument::fromJson(config.readAll()).object().value(QStringLiteral("classes")).toArray();
    QVERIFY(classes.size() >= 2);
    std::set<int> classValues;
    QStringList names;
    for (const QJsonValue &entry : classes) {
        classValues.insert(entry.toObject().value(QStringLiteral("value")).toInt());
        names << entry.toObject().value(QStringLiteral("name")).toString();
    }
    // One swatch per class the map holds, each named as the run's class of that value.
    QVERIFY(!labels.isEmpty());
    for (const QString &label : labels) {
        const int value = label.section(QLatin1Char(' '), 0, 0).toInt();
        QVERIFY2(classValues.count(value), qPrintable(label));
        QVERIFY2(label.contains(names.at(int(std::distance(classValues.begin(), classValues.find(value))))),
                 qPrintable(label + QStringLiteral(" against ") + names.join(QLatin1Char(','))));
    }
    // Every pixel of the scene is one of the classes.
    const std::vector<float> pixels = test::readBand(output);
    QCOMPARE(int(pixels.size()), data->raster.width * data->raster.height);
    std::size_t classified = 0;
    for (float value : pixels)
        classified += classValues.count(int(value));
    QCOMPARE(classified, pixels.size());
    QVERIFY(test::waitForFullImage(m_window->mapCanvas()));
    test::shoot(*m_window, QStringLiteral("prediction-class-map"));
    test::shoot(*dialog, QStringLiteral("prediction-dialog"));
    dialog->close();
    QTRY_VERIFY(!m_window->results()->predictionDialog());
}

void TestPredictionDialog::uncertaintyBecomesALayer()
{
    PredictionDialog *dialog = openDialog();
    QVERIFY(dialog);
    UncertaintyOptions *uncertainty = dialog->uncertaintyOptions();
    QVERIFY(!uncertainty->outputEdit()->isEnabled()); // none by default
    // The user picks test-time augmentation from the list with the keyboard.
    uncertainty->methodCombo()->setFocus();
    QTest::keyClick(uncertainty->methodCombo(), Qt::Key_Down);
    QTest::keyClick(uncertainty->methodCombo(), Qt::Key_Down);
    QCOMPARE(uncertainty->settings().method, UncertaintyMethod::TestTimeAugmentation);
    QVERIFY(uncertainty->outputEdit()->isEnabled());
    QVERIFY(uncertainty->passesSpin()->isHidden());
    const QString bands = uncertainty->outputEdit()->text();
    QVERIFY2(bands.endsWith(QStringLiteral("seg-uncertainty.tif")), qPrintable(bands));
    QFile::remove(bands);
    QTRY_VERIFY(dialog->runButton()->isEnabled());

    QSignalSpy predicted(dialog, &PredictionDialog::predicted);
    QTest::mouseClick(dialog->runButton(), Qt::LeftButton);
    QVERIFY2(predicted.wait(120000), qPrintable(dialog->statusLabel()->text()));
    QVERIFY(QFile::exists(bands));
    const QStringList ids = predicted.first().at(0).toStringList();
    QCOMPARE(ids.size(), 2); // the class map on top, then the uncertainty
    const ProjectLayer *layer = m_window->project()->layer(ids.at(1));
    QVERIFY(layer);
    QVERIFY(OutputPathCheck::sameFile(m_window->project()->absolutePath(*layer), bands));
    QVERIFY2(layer->name.contains(QStringLiteral("test-time augmentation")), qPrintable(layer->name));
    QCOMPARE(layer->style.value(QStringLiteral("renderer")).toString(), QStringLiteral("singleband"));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->workspace()->data(ids.at(1)) != nullptr, 30000);
    const auto data = m_window->workspace()->data(ids.at(1));
    QCOMPARE(data->raster.bands.size(), std::size_t(3));
    QCOMPARE(data->raster.bands.front().description, QStringLiteral("predictive entropy"));
    // Entropy of four classes lies in [0, ln 4], and the model is not sure everywhere.
    const std::vector<float> entropy = test::readBand(bands);
    float highest = 0.0f;
    for (float value : entropy) {
        QVERIFY(value >= 0.0f && value <= float(std::log(4.0)) + 1e-4f);
        highest = std::max(highest, value);
    }
    QVERIFY(highest > 0.1f);
    // The class map above it would hide it in the screenshot.
    m_window->projectController()->setVisible(ids.first(), false);
    QVERIFY(test::waitForFullImage(m_window->mapCanvas()));
    test::shoot(*m_window, QStringLiteral("prediction-uncertainty"));
    dialog->close();
    QTRY_VERIFY(!m_window->results()->predictionDialog());
}

void TestPredictionDialog::monteCarloDropoutWithoutDropoutSaysWhy()
{
    PredictionDialog *dialog = openDialog();
    QVERIFY(dialog);
    UncertaintyOptions *uncertainty = dialog->uncertaintyOptions();
    uncertainty->methodCombo()->setFocus();
    QTest::keyClick(uncertainty->methodCombo(), Qt::Key_Down);
    QCOMPARE(uncertainty->settings().method, UncertaintyMethod::McDropout);
    QVERIFY(uncertainty->passesSpin()->isVisible());
    uncertainty->passesSpin()->selectAll();
    QTest::keyClicks(uncertainty->passesSpin(), QStringLiteral("5"));
    QCOMPARE(uncertainty->settings().passes, 5);
    QTRY_VERIFY(dialog->runButton()->isEnabled());
    QSignalSpy failed(dialog, &PredictionDialog::failed);
    QTest::mouseClick(dialog->runButton(), Qt::LeftButton);
    QVERIFY(failed.wait(60000));
    // The tiny run's U-Net has no dropout: the reason and the way out are shown.
    const QString message = dialog->statusLabel()->text();
    QVERIFY2(message.contains(QStringLiteral("no dropout")) && message.contains(QStringLiteral("tta")),
             qPrintable(message));
    QVERIFY(!QFile::exists(dialog->outputEdit()->text() + QStringLiteral(".partial")));
    dialog->close();
    QTRY_VERIFY(!m_window->results()->predictionDialog());
}

void TestPredictionDialog::outputThatIsTheInputIsRefused()
{
    PredictionDialog *dialog = openDialog();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->runButton()->isEnabled());
    const QString output = dialog->outputEdit()->text();
    test::replaceText(dialog->outputEdit(), dialog->inputEdit()->text());
    QVERIFY(!dialog->runButton()->isEnabled());
    QVERIFY(dialog->outputProblemLabel()->isVisible());
    QVERIFY2(!dialog->outputProblemLabel()->text().isEmpty(), "no message beside the output");
    QVERIFY(!dialog->isValid());
    // A raster that is not there: the message beside the raster.
    test::replaceText(dialog->outputEdit(), output);
    QVERIFY(dialog->runButton()->isEnabled());
    const QString input = dialog->inputEdit()->text();
    test::replaceText(dialog->inputEdit(), m_dir.filePath(QStringLiteral("nowhere.tif")));
    QVERIFY(!dialog->runButton()->isEnabled());
    QVERIFY(dialog->inputProblemLabel()->text().contains(QStringLiteral("nowhere.tif")));
    test::replaceText(dialog->inputEdit(), input);
    QVERIFY(dialog->runButton()->isEnabled());
    QVERIFY(!dialog->outputProblemLabel()->isVisible());
    dialog->close();
}

void TestPredictionDialog::theChosenDeviceRunsThePrediction()
{
    PredictionDialog *dialog = openDialog();
    QVERIFY(dialog);
    auto *device = qobject_cast<DeviceCombo *>(dialog->deviceCombo());
    QVERIFY(device);
    QCOMPARE(device->device(), QStringLiteral("auto"));
    device->setFocus();
    QTest::keyClick(device, Qt::Key_Down);
    QCOMPARE(device->device(), QStringLiteral("cpu"));
    // A GPU this machine does not have (a project made elsewhere): the prediction says so, naming it,
    // and writes nothing.
    device->setDevice(QStringLiteral("cuda:7"));
    const QString output = m_dir.filePath(QStringLiteral("gpu/map.tif"));
    test::replaceText(dialog->outputEdit(), output);
    QTRY_VERIFY(dialog->runButton()->isEnabled());
    QSignalSpy failed(dialog, &PredictionDialog::failed);
    QTest::mouseClick(dialog->runButton(), Qt::LeftButton);
    QVERIFY(failed.wait(30000));
    QVERIFY2(dialog->statusLabel()->text().contains(QStringLiteral("cuda:7")),
             qPrintable(dialog->statusLabel()->text()));
    QVERIFY(!QFile::exists(output));
    dialog->close();
}

void TestPredictionDialog::cancelStopsWithoutAMap()
{
    PredictionDialog *dialog = openDialog();
    QVERIFY(dialog);
    const QString output = m_dir.filePath(QStringLiteral("cancelled/map.tif"));
    test::replaceText(dialog->outputEdit(), output);
    QTRY_VERIFY(dialog->runButton()->isEnabled());
    QSignalSpy predicted(dialog, &PredictionDialog::predicted);
    QTest::mouseClick(dialog->runButton(), Qt::LeftButton);
    QVERIFY(dialog->isRunning());
    // At once: the job stops at its first checkpoint, after the model is loaded at the latest.
    QTest::mouseClick(dialog->cancelButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isRunning(), 30000);
    QVERIFY(predicted.isEmpty());
    QVERIFY2(dialog->statusLabel()->text().contains(QStringLiteral("stopped")),
             qPrintable(dialog->statusLabel()->text()));
    QVERIFY(!QFile::exists(output));
    QVERIFY(QDir(QFileInfo(output).absolutePath()).entryList(QDir::Files).isEmpty());
    QVERIFY(dialog->runButton()->isEnabled()); // it can run again
    dialog->close();
}

void TestPredictionDialog::closingWhileRunningStopsCleanly()
{
    PredictionDialog *dialog = openDialog();
    QVERIFY(dialog);
    int asked = 0;
    dialog->setStopPrompt([&asked] {
        ++asked;
        return asked > 1; // the first time the user keeps it running
    });
    const QString output = m_dir.filePath(QStringLiteral("closed/map.tif"));
    test::replaceText(dialog->outputEdit(), output);
    QTRY_VERIFY(dialog->runButton()->isEnabled());
    QTest::mouseClick(dialog->runButton(), Qt::LeftButton);
    QVERIFY(dialog->isRunning());
    QPointer<PredictionDialog> guard(dialog);
    dialog->close();
    QCOMPARE(asked, 1);
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->isRunning());
    dialog->close();
    QCOMPARE(asked, 2);
    QTRY_VERIFY_WITH_TIMEOUT(guard.isNull() || !guard->isVisible(), 30000);
    QVERIFY(!QFile::exists(output));
}

// The app closed or the computer lost power during a prediction: the dialog offers to go on, and
// the resumed map is the map an uninterrupted prediction gives.
void TestPredictionDialog::interruptedPredictionIsResumed()
{
    PredictionDialog *dialog = openDialog();
    QVERIFY(dialog);
    QVERIFY(dialog->resumeCheck()->isHidden());
    const QString output = m_dir.filePath(QStringLiteral("resumed/map.tif"));
    QVERIFY(QDir().mkpath(QFileInfo(output).absolutePath()));
    // Small tiles and batches: progress comes in steps of 48 rows.
    dialog->batchSpin()->selectAll();
    QTest::keyClicks(dialog->batchSpin(), QStringLiteral("2"));
    dialog->tileSpin()->selectAll();
    QTest::keyClicks(dialog->tileSpin(), QStringLiteral("64"));
    dialog->overlapSpin()->selectAll();
    QTest::keyClicks(dialog->overlapSpin(), QStringLiteral("16"));
    QCOMPARE(dialog->overlapSpin()->value(), 16);
    // What the dialog will ask for.
    PredictionRequest request;
    request.input = dialog->inputEdit()->text();
    request.output = output;
    request.tile = dialog->tileSpin()->value();
    request.overlap = dialog->overlapSpin()->value();
    request.batch = dialog->batchSpin()->value();
    request.checkpointSeconds = 0;
    const TrainedModel model = TrainedModel::loadRun(m_run);
    PredictionRequest reference = request;
    reference.output = m_dir.filePath(QStringLiteral("resumed/reference.tif"));
    RasterPredictor(model, reference).run();
    // Interrupted after its first row of blocks (256 of 352 rows), its files left as a crash leaves them.
    PredictionRequest interrupted = request;
    interrupted.keepPartialWhenCanceled = true;
    Feedback feedback;
    connect(
        &feedback, &Feedback::progressChanged, &feedback,
        [&feedback](double percent) {
            if (percent > 75.0)
                feedback.cancel();
        },
        Qt::DirectConnection);
    QVERIFY_THROWS_EXCEPTION(JobCanceled, RasterPredictor(model, interrupted).run(&feedback));
    QVERIFY(QFile::exists(PredictionResumeState::pathFor(output)));

    test::replaceText(dialog->outputEdit(), output);
    QTRY_VERIFY(dialog->runButton()->isEnabled());
    QVERIFY(!dialog->resumeCheck()->isHidden());
    QVERIFY(dialog->resumeCheck()->isChecked());
    QVERIFY2(dialog->resumeCheck()->text().contains(QStringLiteral("72.7 % written")),
             qPrintable(dialog->resumeCheck()->text()));
    test::shoot(*dialog, QStringLiteral("prediction-dialog-resume"));
    QSignalSpy predicted(dialog, &PredictionDialog::predicted);
    QTest::mouseClick(dialog->runButton(), Qt::LeftButton);
    QVERIFY(dialog->resumeCheck()->isHidden());
    QVERIFY2(predicted.wait(60000), qPrintable(dialog->statusLabel()->text()));
    QVERIFY(!QFile::exists(PredictionResumeState::pathFor(output)));
    QVERIFY(!QFile::exists(output + QStringLiteral(".partial")));
    const std::vector<float> resumed = test::readBand(output);
    QCOMPARE(resumed.size(), std::size_t(349 * 352));
    QVERIFY(resumed == test::readBand(reference.output));
    dialog->close();
}

QTEST_MAIN(TestPredictionDialog)
#include "testpredictiondialog.moc"
