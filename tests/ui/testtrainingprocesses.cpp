#include "distributed/processgroup.h"
#include "jobs/jobresult.h"
#include "testdata.h"
#include "training/runfolder.h"
#include "training/trainingcontroller.h"
#include "training/trainingdashboard.h"
#include "training/trainingsetuppanel.h"
#include "training/trainingworkbench.h"
#include "trainingworkflowtest.h"
#include "workspacetest.h"

#include <QAction>
#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;
using namespace deepterra::test;

// Data-parallel training from the app (issue 19), as a user starts it from the set-up forms.
class TestTrainingProcesses : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void twoProcessesFromTheDevicePage();

private:
    QTemporaryDir m_dir;
};

void TestTrainingProcesses::initTestCase()
{
    test::isolateSettings(QStringLiteral("TestTrainingProcesses"));
    QVERIFY(m_dir.isValid());
}

void TestTrainingProcesses::twoProcessesFromTheDevicePage()
{
    // Data-parallel training from the app: "Processes" 2 on the Device page, Train, and the app
    // trains as rank 0 beside a deepterra-cli it starts; Pause is off while they train together.
    if (!ProcessGroup::isAvailable())
        QSKIP("built without Gloo (libgloo-dev)");
    MainWindow window;
    window.setSavePrompt([] { return MainWindow::SaveChoice::Discard; });
    QVERIFY(test::openDemo(window));
    QVERIFY(window.saveAs(m_dir.filePath(QStringLiteral("olinda-2.deepterra"))));
    TrainingWorkbench *workbench = window.training();
    TrainingSetupPanel *panel = workbench->setupPanel();
    TrainingController *controller = workbench->controller();
    controller->setStopPrompt([](const QString &) { return true; });
    controller->setRankProgram(QStringLiteral(DEEPTERRA_CLI_PATH));
    window.findChild<QAction *>(QStringLiteral("setupModelAction"))->trigger();
    QTRY_VERIFY(panel->isVisible());
    chooseSmallUNet(panel);
    if (QTest::currentTestFailed())
        return;
    setSpin(panel, QStringLiteral("training.processes"), 2);
    QTRY_VERIFY_WITH_TIMEOUT(panel->isValid(), 5000);
    QTRY_VERIFY(panel->trainButton()->isEnabled());

    QSignalSpy finished(controller, &TrainingController::runFinished);
    QTest::mouseClick(panel->trainButton(), Qt::LeftButton);
    TrainingDashboard *dashboard = workbench->dashboard();
    QTRY_COMPARE_WITH_TIMEOUT(dashboard->state(), TrainingDashboard::State::Training, 120000);
    QVERIFY(!dashboard->pauseButton()->isEnabled());
    QVERIFY(dashboard->stopButton()->isEnabled());
    // The menu's and toolbar's Pause too; triggered anyway (a shortcut), it pauses nothing.
    auto *pauseAction = window.findChild<QAction *>(QStringLiteral("pauseAction"));
    QVERIFY(pauseAction);
    QTRY_VERIFY(!pauseAction->isEnabled());
    QVERIFY(!controller->pause());
    QVERIFY(!pauseAction->isChecked());
    QVERIFY(dashboard->state() != TrainingDashboard::State::Paused);
    if (finished.isEmpty())
        QVERIFY(finished.wait(600000));
    const JobResult result = finished.first().at(1).value<JobResult>();
    QVERIFY2(result.status == JobResult::Status::Succeeded, qPrintable(result.error));
    const QString run = finished.first().at(0).toString();
    QFile log(QDir(run).filePath(QStringLiteral("training.log")));
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(log.readAll());
    QVERIFY2(text.contains(QStringLiteral("2 processes train together")), qPrintable(text));
    QCOMPARE(RunFolder(run).readHistory().size(), std::size_t(2));
    test::shoot(window, QStringLiteral("training-processes-finished"));
    QCOMPARE(
        readJson(QDir(run).filePath(QStringLiteral("metrics.json"))).value(QStringLiteral("stop")).toString(),
        QStringLiteral("completed"));
}

QTEST_MAIN(TestTrainingProcesses)
#include "testtrainingprocesses.moc"
