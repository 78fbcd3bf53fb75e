#include "training/runfolder.h"
#include "training/runspanel.h"

#include <QDir>
#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>

#include <memory>

using namespace deepterra;

// The runs panel on a fake runs folder, driven through its widgets.
class TestRunsPanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void listsRunsNewestFirstWithTheirStates();
    void compareEmitsTheRunsAndListsOnlyTheSettingsThatDiffer();
    void resumeOnlyForAResumableRun();
    void openAndDoubleClickOpenTheRun();
    void refreshFindsANewRun();
    void curvesComeFromHistory();
    void textsAreReadable();

private:
    QString writeRun(const QString &name, const QString &started, double learningRate, int historyEpochs,
                     const QString &stop, bool lastCheckpoint);
    void showPanel();
    void click(QTreeWidgetItem *item, Qt::KeyboardModifiers modifiers = Qt::NoModifier);
    QTreeWidgetItem *item(const QString &name) const;

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<RunsPanel> m_panel;
    QString m_finished, m_crashed, m_stopped;
};

QString TestRunsPanel::writeRun(const QString &name, const QString &started, double learningRate,
                                int historyEpochs, const QString &stop, bool lastCheckpoint)
{
    const RunFolder run(m_dir->filePath(QStringLiteral("runs/") + name));
    QDir().mkpath(run.filePath(QStringLiteral("checkpoints")));
    const QJsonObject training { { QStringLiteral("epochs"), 5 },
                                 { QStringLiteral("learningRate"), learningRate },
                                 { QStringLiteral("batchSize"), 8 },
                                 { QStringLiteral("device"), QStringLiteral("cpu") },
                                 { QStringLiteral("earlyStopping"),
                                   QJsonObject {
                                       { QStringLiteral("metric"), QStringLiteral("val_mean_iou") } } } };
    run.writeConfig(
        { { QStringLiteral("format"), QStringLiteral("deepterra-run") },
          { QStringLiteral("started"), started },
          { QStringLiteral("setup"),
            QJsonObject { { QStringLiteral("task"),
                            QJsonObject { { QStringLiteral("type"), QStringLiteral("segmentation") } } },
                          { QStringLiteral("model"),
                            QJsonObject { { QStringLiteral("type"), QStringLiteral("unet") } } },
                          { QStringLiteral("training"), training } } } });
    std::vector<EpochRecord> history;
    for (int e = 1; e <= historyEpochs; ++e) {
        EpochRecord r;
        r.epoch = e;
        r.trainLoss = 1.0 / e;
        r.validationLoss = 1.1 / e;
        r.seconds = 40.0;
        r.metrics.insert(QStringLiteral("val_mean_iou"), e == 4 ? 0.71 : 0.1 * e);
        history.push_back(r);
    }
    if (historyEpochs > 0)
        run.writeHistory(history);
    if (!stop.isEmpty())
        run.writeMetrics({ { QStringLiteral("stop"), stop },
                           { QStringLiteral("device"), QStringLiteral("cpu") },
                           { QStringLiteral("epochsCompleted"), historyEpochs },
                           { QStringLiteral("monitoredMetric"), QStringLiteral("val_mean_iou") },
                           { QStringLiteral("bestEpoch"), 4 },
                           { QStringLiteral("bestValue"), 0.71 },
                           { QStringLiteral("trainingSeconds"), 192.0 } });
    if (lastCheckpoint) {
        QFile file(run.checkpointPath(QStringLiteral("last.pt")));
        file.open(QIODevice::WriteOnly);
        file.write("checkpoint");
    }
    return run.path();
}

void TestRunsPanel::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_finished = writeRun(QStringLiteral("20240501-finished"), QStringLiteral("2024-05-01T10:00:00Z"), 0.001,
                          5, QStringLiteral("completed"), true);
    m_crashed = writeRun(QStringLiteral("20240502-crashed"), QStringLiteral("2024-05-02T10:00:00Z"), 0.01, 2,
                         QString(), true);
    // Stopped before its first epoch ended: no checkpoint, nothing to resume.
    m_stopped = writeRun(QStringLiteral("20240503-stopped"), QStringLiteral("2024-05-03T10:00:00Z"), 0.001, 0,
                         QStringLiteral("stopped"), false);
    showPanel();
}

void TestRunsPanel::showPanel()
{
    m_panel = std::make_unique<RunsPanel>();
    m_panel->resize(900, 500);
    QSignalSpy refreshed(m_panel.get(), &RunsPanel::refreshed);
    m_panel->setRunsFolder(m_dir->filePath(QStringLiteral("runs")));
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel.get()));
    QVERIFY(refreshed.count() > 0 || refreshed.wait(10000));
}

QTreeWidgetItem *TestRunsPanel::item(const QString &name) const
{
    const QList<QTreeWidgetItem *> found
        = m_panel->tree()->findItems(name, Qt::MatchExactly, RunsPanel::NameColumn);
    return found.isEmpty() ? nullptr : found.first();
}

void TestRunsPanel::click(QTreeWidgetItem *item, Qt::KeyboardModifiers modifiers)
{
    QTreeWidget *tree = m_panel->tree();
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, modifiers, tree->visualItemRect(item).center());
}

void TestRunsPanel::listsRunsNewestFirstWithTheirStates()
{
    QTreeWidget *tree = m_panel->tree();
    QCOMPARE(tree->topLevelItemCount(), 3);
    QCOMPARE(tree->topLevelItem(0)->text(RunsPanel::NameColumn), QStringLiteral("20240503-stopped"));
    QCOMPARE(tree->topLevelItem(1)->text(RunsPanel::NameColumn), QStringLiteral("20240502-crashed"));
    QCOMPARE(tree->topLevelItem(2)->text(RunsPanel::NameColumn), QStringLiteral("20240501-finished"));
    QCOMPARE(item(QStringLiteral("20240503-stopped"))->text(RunsPanel::StateColumn),
             QStringLiteral("stopped"));
    QCOMPARE(item(QStringLiteral("20240502-crashed"))->text(RunsPanel::StateColumn),
             QStringLiteral("interrupted"));
    QTreeWidgetItem *finished = item(QStringLiteral("20240501-finished"));
    QCOMPARE(finished->text(RunsPanel::StateColumn), QStringLiteral("finished"));
    QVERIFY(!finished->icon(RunsPanel::StateColumn).isNull());
    QCOMPARE(finished->text(RunsPanel::TaskColumn), QStringLiteral("segmentation"));
    QCOMPARE(finished->text(RunsPanel::BestColumn), QStringLiteral("val_mean_iou 0.71 @ epoch 4"));
    QCOMPARE(finished->text(RunsPanel::EpochsColumn), QStringLiteral("5/5"));
    QCOMPARE(finished->text(RunsPanel::TimeColumn), QStringLiteral("3 min 20 s")); // 5 epochs of 40 s
    QCOMPARE(finished->text(RunsPanel::DeviceColumn), QStringLiteral("cpu"));
    QVERIFY(!finished->text(RunsPanel::StartedColumn).isEmpty());
    QCOMPARE(finished->data(RunsPanel::NameColumn, RunsPanel::kPathRole).toString(), m_finished);
    // The interrupted run's best comes from its history: epochs 1 and 2 (0.1, 0.2).
    QCOMPARE(item(QStringLiteral("20240502-crashed"))->text(RunsPanel::BestColumn),
             QStringLiteral("val_mean_iou 0.2 @ epoch 2"));
    QCOMPARE(item(QStringLiteral("20240502-crashed"))->text(RunsPanel::EpochsColumn), QStringLiteral("2/5"));
    // Nothing selected: no action applies.
    QVERIFY(!m_panel->openButton()->isEnabled());
    QVERIFY(!m_panel->compareButton()->isEnabled());
    QVERIFY(!m_panel->resumeButton()->isEnabled());
    QVERIFY(!m_panel->differencesTable()->isVisible());
}

void TestRunsPanel::compareEmitsTheRunsAndListsOnlyTheSettingsThatDiffer()
{
    QSignalSpy compared(m_panel.get(), &RunsPanel::compareRequested);
    QSignalSpy shown(m_panel.get(), &RunsPanel::differencesShown);
    click(item(QStringLiteral("20240502-crashed")));
    QVERIFY(!m_panel->compareButton()->isEnabled());
    click(item(QStringLiteral("20240501-finished")), Qt::ControlModifier);
    QCOMPARE(m_panel->selectedRuns(), QStringList({ m_crashed, m_finished }));
    QVERIFY(m_panel->compareButton()->isEnabled());
    QVERIFY(!m_panel->resumeButton()->isEnabled());
    QVERIFY(!m_panel->openButton()->isEnabled());

    QTest::mouseClick(m_panel->compareButton(), Qt::LeftButton);
    QCOMPARE(compared.count(), 1);
    QCOMPARE(compared.first().first().toStringList(), QStringList({ m_crashed, m_finished }));

    QVERIFY(shown.count() > 0 || shown.wait(10000));
    QTableWidget *table = m_panel->differencesTable();
    QVERIFY(table->isVisible());
    QCOMPARE(table->columnCount(), 3);
    QCOMPARE(table->horizontalHeaderItem(1)->text(), QStringLiteral("20240502-crashed"));
    QCOMPARE(table->horizontalHeaderItem(2)->text(), QStringLiteral("20240501-finished"));
    QCOMPARE(table->rowCount(), 1);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("training.learningRate"));
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("0.01"));
    QCOMPARE(table->item(0, 2)->text(), QStringLiteral("0.001"));
}

void TestRunsPanel::resumeOnlyForAResumableRun()
{
    QSignalSpy resumed(m_panel.get(), &RunsPanel::resumeRequested);
    click(item(QStringLiteral("20240501-finished")));
    QVERIFY(!m_panel->resumeButton()->isEnabled());
    click(item(QStringLiteral("20240503-stopped")));
    QVERIFY(!m_panel->resumeButton()->isEnabled()); // stopped without a checkpoint
    click(item(QStringLiteral("20240502-crashed")));
    QVERIFY(m_panel->resumeButton()->isEnabled());
    QTest::mouseClick(m_panel->resumeButton(), Qt::LeftButton);
    QCOMPARE(resumed.count(), 1);
    QCOMPARE(resumed.first().first().toString(), m_crashed);
}

void TestRunsPanel::openAndDoubleClickOpenTheRun()
{
    QSignalSpy opened(m_panel.get(), &RunsPanel::openRequested);
    click(item(QStringLiteral("20240501-finished")));
    QVERIFY(m_panel->openButton()->isEnabled());
    QVERIFY(m_panel->showFolderButton()->isEnabled());
    QTest::mouseClick(m_panel->openButton(), Qt::LeftButton);
    QCOMPARE(opened.count(), 1);
    QCOMPARE(opened.last().first().toString(), m_finished);

    QTreeWidget *tree = m_panel->tree();
    const QPoint crashed = tree->visualItemRect(item(QStringLiteral("20240502-crashed"))).center();
    // The view takes a double click on the item it was pressed on, as a user's first click does.
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, Qt::NoModifier, crashed);
    QTest::mouseDClick(tree->viewport(), Qt::LeftButton, Qt::NoModifier, crashed);
    QCOMPARE(opened.count(), 2);
    QCOMPARE(opened.last().first().toString(), m_crashed);
}

void TestRunsPanel::refreshFindsANewRun()
{
    click(item(QStringLiteral("20240501-finished")));
    writeRun(QStringLiteral("20240504-new"), QStringLiteral("2024-05-04T10:00:00Z"), 0.001, 1,
             QStringLiteral("completed"), true);
    QSignalSpy refreshed(m_panel.get(), &RunsPanel::refreshed);
    QTest::mouseClick(m_panel->refreshButton(), Qt::LeftButton);
    QVERIFY(refreshed.wait(10000));
    QTRY_COMPARE(m_panel->tree()->topLevelItemCount(), 4);
    QCOMPARE(m_panel->tree()->topLevelItem(0)->text(RunsPanel::NameColumn), QStringLiteral("20240504-new"));
    // The selection survives the refresh.
    QCOMPARE(m_panel->selectedRuns(), QStringList { m_finished });
}

void TestRunsPanel::curvesComeFromHistory()
{
    const QVector<RunCurves> curves = RunsPanel::loadCurves({ m_finished, m_crashed, m_stopped });
    QCOMPARE(curves.size(), 3);
    QCOMPARE(curves[0].label, QStringLiteral("20240501-finished"));
    QCOMPARE(curves[0].monitoredMetric, QStringLiteral("val_mean_iou"));
    QCOMPARE(int(curves[0].history.size()), 5);
    QCOMPARE(curves[0].history[3].metrics.value(QStringLiteral("val_mean_iou")), 0.71);
    QCOMPARE(int(curves[1].history.size()), 2);
    QCOMPARE(curves[1].history[1].trainLoss, 0.5);
    QVERIFY(curves[2].history.empty());
}

void TestRunsPanel::textsAreReadable()
{
    QCOMPARE(RunsPanel::durationText(45.4), QStringLiteral("45 s"));
    QCOMPARE(RunsPanel::durationText(192.0), QStringLiteral("3 min 12 s"));
    QCOMPARE(RunsPanel::durationText(3900.0), QStringLiteral("1 h 05 min"));
    RunSummary run;
    QCOMPARE(RunsPanel::bestText(run), QString(QChar(0x2014)));
    run.monitoredMetric = QStringLiteral("val_loss");
    run.bestValue = 0.123456;
    run.bestEpoch = 7;
    QCOMPARE(RunsPanel::bestText(run), QStringLiteral("val_loss 0.123 @ epoch 7"));
}

QTEST_MAIN(TestRunsPanel)
#include "testrunspanel.moc"
