#include "project/projectfile.h"
#include "testdata.h"
#include "training/modelpage.h"
#include "training/trainingsettingspage.h"
#include "training/trainingsetup.h"
#include "trainingsetuppaneltest.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QLineEdit>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QtTest>

using namespace deepterra;

// The project sections behind the set-up forms: what `deepterra-cli init` writes reads into the
// forms and back unchanged, an edit is announced as the new sections, loading is not.
class TestTrainingSetupSections : public QObject, private test::TrainingSetupPanelFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void sectionsRoundTripAProjectWrittenByInit();
    void sectionsRoundTripTheCliInitFiles();
    void editsAreEmittedButLoadingIsNot();
};

void TestTrainingSetupSections::initTestCase()
{
    if (!samplesPresent())
        QSKIP("samples missing: run scripts/fetch-samples.sh");
    loadLayers();
}

void TestTrainingSetupSections::init()
{
    showPanel();
}

void TestTrainingSetupSections::cleanup()
{
    m_panel.reset();
}

void TestTrainingSetupSections::sectionsRoundTripAProjectWrittenByInit()
{
    // The sections as `deepterra-cli init olinda.deepterra --task segmentation ... --patch 32
    // --stride 16 --epochs 15` writes them, and a forecasting one on the CO2 series.
    Project segmentation = m_demo;
    segmentation.sections = QJsonObject {
        { QStringLiteral("task"),
          QJsonObject {
              { QStringLiteral("type"), QStringLiteral("segmentation") },
              { QStringLiteral("image"), QStringLiteral("landsat") },
              { QStringLiteral("labels"), QStringLiteral("training") },
              { QStringLiteral("patchSize"), 32 },
              { QStringLiteral("stride"), 16 },
              { QStringLiteral("split"),
                QJsonObject { { QStringLiteral("method"), QStringLiteral("spatial-blocks") } } } } },
        { QStringLiteral("model"),
          QJsonObject { { QStringLiteral("preset"), QStringLiteral("unet-small") } } },
        { QStringLiteral("training"),
          QJsonObject { { QStringLiteral("epochs"), 15 },
                        { QStringLiteral("batchSize"), 16 },
                        { QStringLiteral("optimizer"), QStringLiteral("adam") },
                        { QStringLiteral("learningRate"), 0.001 },
                        { QStringLiteral("schedule"), QStringLiteral("constant") },
                        { QStringLiteral("loss"), QStringLiteral("cross-entropy") },
                        { QStringLiteral("classWeighted"), false },
                        { QStringLiteral("seed"), 42 },
                        { QStringLiteral("device"), QStringLiteral("auto") } } },
        { QStringLiteral("outputs"), QJsonObject { { QStringLiteral("runs"), QStringLiteral("runs") } } }
    };
    Project forecasting = co2Project();
    forecasting.sections = QJsonObject {
        { QStringLiteral("task"),
          QJsonObject { { QStringLiteral("type"), QStringLiteral("forecasting") },
                        { QStringLiteral("series"), QStringLiteral("co2") },
                        { QStringLiteral("targets"), QJsonArray { QStringLiteral("co2") } },
                        { QStringLiteral("lookback"), 52 },
                        { QStringLiteral("horizon"), 4 },
                        { QStringLiteral("split"),
                          QJsonObject { { QStringLiteral("method"), QStringLiteral("chronological") } } } } },
        { QStringLiteral("model"),
          QJsonObject { { QStringLiteral("preset"), QStringLiteral("seed-lstm") } } },
        { QStringLiteral("training"), QJsonObject { { QStringLiteral("epochs"), 5 } } },
        { QStringLiteral("outputs"), QJsonObject { { QStringLiteral("runs"), QStringLiteral("runs") } } }
    };
    for (const Project *project : { &segmentation, &forecasting }) {
        const QJsonObject normalised = TrainingSetup::fromJson(project->sections, QString()).toJson();
        m_panel->setProject(*project);
        m_panel->refreshLayers(*project);
        QCOMPARE(m_panel->sections(), normalised);
        QTRY_VERIFY2(m_panel->trainButton()->isEnabled(), qPrintable(problemsText()));

        // An edit and its undo give the same sections again.
        QSpinBox *epochs = m_panel->trainingPage()->epochsSpin();
        const int value = epochs->value();
        typeInto(epochs, QString::number(value + 1));
        QCOMPARE(m_panel->sections()[QStringLiteral("training")][QStringLiteral("epochs")].toInt(),
                 value + 1);
        typeInto(epochs, QString::number(value));
        QCOMPARE(m_panel->sections(), normalised);
    }
    QCOMPARE(m_panel->modelPage()->presetCombo()->currentText(), QStringLiteral("seed-lstm"));
}

void TestTrainingSetupSections::sectionsRoundTripTheCliInitFiles()
{
    // The real `deepterra-cli init`, when it is built beside the tests.
    const QString cli = QCoreApplication::applicationDirPath() + QStringLiteral("/../../app/deepterra-cli");
    if (!QFileInfo::exists(cli))
        QSKIP("deepterra-cli is not built");
    QTemporaryDir dir;
    const QStringList segmentation {
        QStringLiteral("--task"),
        QStringLiteral("segmentation"),
        QStringLiteral("--image"),
        test::samplePath(QStringLiteral("tif/L7_ETMs.tif")),
        QStringLiteral("--labels"),
        QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda-training.gpkg"),
        QStringLiteral("--label-field"),
        QStringLiteral("landcover"),
        QStringLiteral("--dem"),
        test::samplePath(QStringLiteral("tif/olinda_dem_utm25s.tif")),
        QStringLiteral("--patch"),
        QStringLiteral("32"),
        QStringLiteral("--epochs"),
        QStringLiteral("15")
    };
    const QStringList forecasting {
        QStringLiteral("--task"),     QStringLiteral("forecasting"),
        QStringLiteral("--series"),   test::samplePath(QStringLiteral("datasets/co2/co2.csv")),
        QStringLiteral("--target"),   QStringLiteral("co2"),
        QStringLiteral("--lookback"), QStringLiteral("52"),
        QStringLiteral("--horizon"),  QStringLiteral("4"),
        QStringLiteral("--model"),    QStringLiteral("seed-lstm")
    };
    int n = 0;
    for (const QStringList &options : { segmentation, forecasting }) {
        const QString path = dir.filePath(QStringLiteral("p%1.deepterra").arg(++n));
        QProcess init;
        init.start(cli, QStringList { QStringLiteral("init"), path } + options);
        QVERIFY(init.waitForFinished(60000));
        QVERIFY2(init.exitCode() == 0, init.readAllStandardError().constData());
        const Project project = ProjectFile::load(path);
        m_panel->setProject(project);
        m_panel->refreshLayers(project);
        QCOMPARE(m_panel->sections(), TrainingSetup::fromJson(project.sections, path).toJson());
    }
}

void TestTrainingSetupSections::editsAreEmittedButLoadingIsNot()
{
    QSignalSpy edited(m_panel.get(), &TrainingSetupPanel::sectionsEdited);
    openDemo();
    QTest::qWait(400);
    QCOMPARE(edited.count(), 0);

    chooseTask(TaskKind::Segmentation);
    QTRY_COMPARE(edited.count(), 1);
    typeInto(m_panel->trainingPage()->learningRateEdit(), QStringLiteral("5"));
    QTRY_COMPARE(edited.count(), 2);
    QCOMPARE(edited.last()
                 .at(0)
                 .toJsonObject()[QStringLiteral("training")][QStringLiteral("learningRate")]
                 .toDouble(),
             5.0);
    QTRY_VERIFY(!m_panel->problemText(QStringLiteral("training.learningRate")).isEmpty());
    QVERIFY(!m_panel->trainButton()->isEnabled());
}

QTEST_MAIN(TestTrainingSetupSections)
#include "testtrainingsetupsections.moc"
