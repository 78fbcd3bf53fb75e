#include "project/projectfile.h"
#include "runtime/torchruntime.h"
#include "series/seriesorigin.h"
#include "testdata.h"
#include "training/devicepage.h"
#include "training/modelpage.h"
#include "training/samplingpage.h"
#include "training/taskinputspage.h"
#include "training/trainingsettingspage.h"
#include "training/trainingsetuppanel.h"
#include "trainingsetuppaneltest.h"
#include "workspacetest.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileInfo>
#include <QHash>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QProcess>
#include <QPushButton>
#include <QScopeGuard>
#include <QScrollArea>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace deepterra;

// The set-up forms on the demo project and the CO2 series, with the layers loaded by core as the
// workspace loads them, driven through the widgets.
class TestTrainingSetupPanel : public QObject, private test::TrainingSetupPanelFixture
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void segmentationOnTheDemoIsValidInAFewClicks();
    void withoutALabelLayerTheLabelFieldSaysSo();
    void aClassRasterShowsItsPixelsPerClass();
    void aPatchLargerThanTheImageIsRefused();
    void aLookbackLongerThanTheSeriesIsRefused();
    void aClassFieldThatDoesNotExistIsRefused();
    void aPresetChangeUpdatesTheLayerTable();
    void aResUNetShowsEveryArchitectureField();
    void trainingDisablesEditingAndTrain();
    void everyVisibleFieldHasATooltip();
    void aTestShareIsWrittenAndCheckedWithValidation();
    void theMemoryLimitIsTypedIntoTheSetup();
    void netCdfVariablesAreInputsToo();
};

void TestTrainingSetupPanel::initTestCase()
{
    if (!samplesPresent())
        QSKIP("samples missing: run scripts/fetch-samples.sh");
    loadLayers();
}

void TestTrainingSetupPanel::init()
{
    showPanel();
}

void TestTrainingSetupPanel::cleanup()
{
    m_panel.reset();
}

void TestTrainingSetupPanel::segmentationOnTheDemoIsValidInAFewClicks()
{
    openDemo();
    // The demo holds no set-up yet: the task comes first.
    QVERIFY(!m_panel->isValid());
    QVERIFY(!m_panel->trainButton()->isEnabled());
    QVERIFY(!m_panel->problemText(QStringLiteral("task.type")).isEmpty());

    chooseTask(TaskKind::Segmentation);
    QTRY_VERIFY2(m_panel->trainButton()->isEnabled(), qPrintable(problemsText()));
    QVERIFY2(m_panel->isValid(), qPrintable(m_panel->problems().value(0).message));
    QCOMPARE(m_panel->taskPage()->imageCombo()->currentData().toString(), QStringLiteral("landsat"));
    QCOMPARE(m_panel->taskPage()->labelCombo()->currentData().toString(), QStringLiteral("training"));
    QCOMPARE(m_panel->taskPage()->classFieldCombo()->currentText(), QStringLiteral("landcover"));
    const QJsonObject task = m_panel->sections().value(QStringLiteral("task")).toObject();
    QCOMPARE(task.value(QStringLiteral("type")).toString(), QStringLiteral("segmentation"));
    QCOMPARE(task.value(QStringLiteral("image")).toString(), QStringLiteral("landsat"));
    QCOMPARE(task.value(QStringLiteral("labels")).toString(), QStringLiteral("training"));
    QCOMPARE(m_panel->sections().value(QStringLiteral("model")).toObject().value(QStringLiteral("type")),
             QJsonValue(QStringLiteral("unet")));
    // The band names of the project file and the classes with their polygons.
    QCOMPARE(m_panel->taskPage()->bandList()->count(), 6);
    QVERIFY(m_panel->taskPage()->bandList()->item(3)->text().contains(QLatin1String("nir")));
    QTableWidget *classes = m_panel->taskPage()->classTable();
    QCOMPARE(classes->rowCount(), 4);
    for (int row = 0; row < classes->rowCount(); ++row)
        QVERIFY(classes->item(row, 2)->text().toInt() > 0);

    QSignalSpy train(m_panel.get(), &TrainingSetupPanel::trainRequested);
    QTest::mouseClick(m_panel->trainButton(), Qt::LeftButton);
    QCOMPARE(train.count(), 1);
}

void TestTrainingSetupPanel::withoutALabelLayerTheLabelFieldSaysSo()
{
    openDemo();
    chooseTask(TaskKind::Segmentation);
    QTRY_VERIFY2(m_panel->trainButton()->isEnabled(), qPrintable(problemsText()));
    chooseItem(m_panel->taskPage()->labelCombo(), 0);
    QTRY_VERIFY(!m_panel->problemText(QStringLiteral("task.labelLayer")).isEmpty());
    QVERIFY(m_panel->problemText(QStringLiteral("task.labelLayer")).contains(QLatin1String("label")));
    QVERIFY(!m_panel->trainButton()->isEnabled());
    QVERIFY(!m_panel->isValid());
    QSignalSpy train(m_panel.get(), &TrainingSetupPanel::trainRequested);
    QTest::mouseClick(m_panel->trainButton(), Qt::LeftButton);
    QCOMPARE(train.count(), 0);
}

void TestTrainingSetupPanel::aClassRasterShowsItsPixelsPerClass()
{
    // A 60 x 40 class raster: class 1 in the left 40 columns, class 2 in the other 20, the top two
    // rows NoData: 1520 and 760 pixels. Beside it the same layer as a large raster would come:
    // estimated counts.
    const QLocale previous;
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    const auto restoreLocale = qScopeGuard([&] { QLocale::setDefault(previous); });
    QTemporaryDir dir;
    test::RasterSpec spec;
    spec.width = 60;
    spec.height = 40;
    spec.dataType = QStringLiteral("Byte");
    spec.hasNoData = true;
    spec.noData = 0;
    std::vector<double> values;
    for (int y = 0; y < spec.height; ++y)
        for (int x = 0; x < spec.width; ++x)
            values.push_back(y < 2 ? 0 : (x < 40 ? 1 : 2));
    Project project = m_demo;
    for (const QString &id : { QStringLiteral("landcover"), QStringLiteral("estimated") }) {
        ProjectLayer layer;
        layer.id = id;
        layer.name = id;
        layer.kind = LayerKind::ClassRaster;
        layer.path = test::writeRaster(dir.filePath(id + QStringLiteral(".tif")), spec, values);
        QVERIFY(!layer.path.isEmpty());
        project.layers.push_back(layer);
    }
    const ProjectLayer &landcover = *project.layer(QStringLiteral("landcover"));
    auto exact = std::make_shared<MapLayerData>(MapLayerLoader::load(landcover, landcover.path, CrsInfo()));
    QCOMPARE(exact->classPixels.perClass, (std::vector<qint64> { 1520, 760 }));
    auto estimated = std::make_shared<MapLayerData>(*exact);
    estimated->classPixels.exact = false;
    estimated->classPixels.perClass = { 12300, 4100 };
    m_facts.insert(QStringLiteral("landcover"), exact);
    m_facts.insert(QStringLiteral("estimated"), estimated);
    const auto forget = qScopeGuard([&] {
        m_facts.remove(QStringLiteral("landcover"));
        m_facts.remove(QStringLiteral("estimated"));
    });
    m_panel->setProject(project);
    m_panel->refreshLayers(project);
    chooseTask(TaskKind::Segmentation);
    QComboBox *labels = m_panel->taskPage()->labelCombo();
    QTableWidget *classes = m_panel->taskPage()->classTable();

    chooseItem(labels, labels->findData(QStringLiteral("landcover")));
    QTRY_COMPARE(classes->rowCount(), 2);
    QVERIFY(classes->isVisibleTo(m_panel.get()));
    QCOMPARE(classes->horizontalHeaderItem(2)->text(), QStringLiteral("Pixels"));
    QCOMPARE(classes->item(0, 1)->text(), QStringLiteral("1"));
    QCOMPARE(classes->item(0, 2)->text(), QStringLiteral("1,520"));
    QCOMPARE(classes->item(1, 2)->text(), QStringLiteral("760"));
    QVERIFY(classes->item(0, 2)->toolTip().contains(QLatin1String("exact")));

    chooseItem(labels, labels->findData(QStringLiteral("estimated")));
    QTRY_COMPARE(classes->item(0, 2)->text(), QStringLiteral("≈ 12,300"));
    QCOMPARE(classes->item(1, 2)->text(), QStringLiteral("≈ 4,100"));
    QVERIFY(classes->item(1, 2)->toolTip().contains(QLatin1String("estimated")));

    // Vector labels still show their polygons.
    chooseItem(labels, labels->findData(QStringLiteral("training")));
    QTRY_COMPARE(classes->horizontalHeaderItem(2)->text(), QStringLiteral("Polygons"));
    QVERIFY(classes->item(0, 2)->toolTip().contains(QLatin1String("polygons")));
}

void TestTrainingSetupPanel::aPatchLargerThanTheImageIsRefused()
{
    openDemo();
    chooseTask(TaskKind::Segmentation);
    QTRY_VERIFY2(m_panel->trainButton()->isEnabled(), qPrintable(problemsText()));
    const int width = m_facts.value(QStringLiteral("landsat"))->raster.width;
    const int patch = ((width / 8) + 8) * 8; // a multiple of 8, so that only the size is wrong
    typeInto(m_panel->samplingPage()->patchSizeSpin(), QString::number(patch));
    QCOMPARE(m_panel->sections()[QStringLiteral("task")][QStringLiteral("patchSize")].toInt(), patch);
    QTRY_VERIFY(
        m_panel->problemText(QStringLiteral("task.patchSize")).contains(QLatin1String("larger than")));
    QVERIFY(!m_panel->trainButton()->isEnabled());
    QVERIFY(!m_panel->isValid());

    typeInto(m_panel->samplingPage()->patchSizeSpin(), QStringLiteral("32"));
    QTRY_VERIFY2(m_panel->trainButton()->isEnabled(), qPrintable(problemsText()));
    QVERIFY(m_panel->problemText(QStringLiteral("task.patchSize")).isEmpty());
}

void TestTrainingSetupPanel::aLookbackLongerThanTheSeriesIsRefused()
{
    openCo2();
    chooseTask(TaskKind::Forecasting);
    QTRY_VERIFY2(m_panel->trainButton()->isEnabled(), qPrintable(problemsText()));
    QCOMPARE(m_panel->taskPage()->seriesCombo()->currentData().toString(), QStringLiteral("co2"));
    QVERIFY(m_panel->taskPage()->lookbackSpin()->isVisibleTo(m_panel.get()));
    const int rows = m_facts.value(QStringLiteral("co2"))->series.rowCount();
    typeInto(m_panel->taskPage()->lookbackSpin(), QString::number(rows + 10));
    QTRY_VERIFY(!m_panel->problemText(QStringLiteral("task.lookback")).isEmpty());
    QVERIFY(m_panel->problemText(QStringLiteral("task.lookback")).contains(QString::number(rows)));
    QVERIFY(!m_panel->trainButton()->isEnabled());
    QVERIFY(!m_panel->isValid());
}

void TestTrainingSetupPanel::aClassFieldThatDoesNotExistIsRefused()
{
    openDemo();
    chooseTask(TaskKind::Segmentation);
    QTRY_VERIFY2(m_panel->trainButton()->isEnabled(), qPrintable(problemsText()));
    QSignalSpy changed(m_panel.get(), &TrainingSetupPanel::classFieldChanged);
    typeInto(m_panel->taskPage()->classFieldCombo(), QStringLiteral("nosuchfield"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), QStringLiteral("training"));
    QCOMPARE(changed.at(0).at(1).toString(), QStringLiteral("nosuchfield"));
    QTRY_VERIFY(
        m_panel->problemText(QStringLiteral("task.classField")).contains(QLatin1String("nosuchfield")));
    QVERIFY(!m_panel->trainButton()->isEnabled());
    QVERIFY(!m_panel->isValid());

    // The lead stores the field on the layer and refreshes: the problem stays until it is fixed.
    Project stored = m_demo;
    stored.layer(QStringLiteral("training"))
        ->properties.insert(QStringLiteral("classField"), QStringLiteral("nosuchfield"));
    m_panel->refreshLayers(stored);
    QVERIFY(!m_panel->isValid());
    QVERIFY(!m_panel->trainButton()->isEnabled());
}

void TestTrainingSetupPanel::aPresetChangeUpdatesTheLayerTable()
{
    openDemo();
    ModelPage *model = m_panel->modelPage();
    QSignalSpy updated(model, &ModelPage::layerTableUpdated);
    chooseTask(TaskKind::Segmentation);
    QTRY_VERIFY(!model->isUpdatingTable() && updated.count() > 0);
    const int rows = model->layerTable()->rowCount();
    const qint64 parameters = model->parameterCount();
    QVERIFY(rows > 0);
    QVERIFY(parameters > 0);
    // The data's six bands and four classes, not the preset's own sizes.
    QVERIFY2(model->summaryText().contains(QLatin1String("(1, 6, 64, 64)")),
             qPrintable(model->summaryText()));
    QCOMPARE(model->layerTable()->item(rows - 1, 2)->text(), QStringLiteral("(1, 4, 64, 64)"));
    QVERIFY(model->summaryText().contains(QLatin1String("MiB")));

    QComboBox *presets = model->presetCombo();
    QCOMPARE(presets->currentText(), QStringLiteral("unet-small"));
    updated.clear();
    chooseItem(presets, presets->findData(QStringLiteral("unet-medium")));
    QTRY_VERIFY(!model->isUpdatingTable() && updated.count() > 0);
    QVERIFY(model->layerTable()->rowCount() != rows);
    QVERIFY(model->parameterCount() != parameters);
    QCOMPARE(m_panel->sections()[QStringLiteral("model")][QStringLiteral("depth")].toInt(), 4);

    // Custom shows every setting; editing one changes the table too.
    updated.clear();
    chooseItem(presets, presets->count() - 1);
    QWidget *depth = m_panel->fieldEditor(QStringLiteral("model.depth"));
    QVERIFY(depth && depth->isVisibleTo(m_panel.get()));
    const qint64 medium = model->parameterCount();
    typeInto(depth, QStringLiteral("2"));
    QTRY_COMPARE(m_panel->sections()[QStringLiteral("model")][QStringLiteral("depth")].toInt(), 2);
    QTRY_VERIFY(!model->isUpdatingTable() && model->parameterCount() != medium);
}

// The ResUNet is offered for segmentation; its layer table lists the residual blocks, and Custom
// shows each of its architecture settings as a field with a tooltip, which edits the spec.
void TestTrainingSetupPanel::aResUNetShowsEveryArchitectureField()
{
    openDemo();
    ModelPage *model = m_panel->modelPage();
    QSignalSpy updated(model, &ModelPage::layerTableUpdated);
    chooseTask(TaskKind::Segmentation);
    QTRY_VERIFY(!model->isUpdatingTable() && updated.count() > 0);
    QComboBox *presets = model->presetCombo();
    const int resunet = presets->findData(QStringLiteral("resunet-small"));
    QVERIFY(resunet >= 0);
    QVERIFY(!presets->itemData(resunet, Qt::ToolTipRole).toString().isEmpty());
    updated.clear();
    chooseItem(presets, resunet);
    QTRY_VERIFY(!model->isUpdatingTable() && updated.count() > 0);
    QCOMPARE(m_panel->sections()[QStringLiteral("model")][QStringLiteral("type")].toString(),
             QStringLiteral("resunet"));
    QTableWidget *table = model->layerTable();
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("down1.block1"));
    QCOMPARE(table->item(0, 1)->text(), QStringLiteral("ResBlock(3x3, projection)"));
    // The data's six bands and four classes at the patch's size.
    QCOMPARE(table->item(table->rowCount() - 1, 2)->text(), QStringLiteral("(1, 4, 64, 64)"));
    QVERIFY2(m_panel->isValid(), qPrintable(problemsText()));

    updated.clear();
    chooseItem(presets, presets->count() - 1);
    for (const char *key : { "model.depth", "model.baseFilters", "model.blocksPerLevel", "model.dropout",
                             "model.upsampling", "model.inputChannels", "model.classes" }) {
        QWidget *editor = m_panel->fieldEditor(QLatin1String(key));
        QVERIFY2(editor && editor->isVisibleTo(m_panel.get()), key);
        QVERIFY2(!editor->toolTip().isEmpty(), key);
    }
    QVERIFY(!m_panel->fieldEditor(QStringLiteral("model.batchNorm"))
            || !m_panel->fieldEditor(QStringLiteral("model.batchNorm"))->isVisibleTo(m_panel.get()));
    QVERIFY(m_panel->fieldEditor(QStringLiteral("model.blocksPerLevel"))
                ->toolTip()
                .contains(QLatin1String("residual blocks")));
    QTRY_VERIFY(!model->isUpdatingTable());
    const qint64 twoBlocks = model->parameterCount();
    const int rows = table->rowCount();
    typeInto(m_panel->fieldEditor(QStringLiteral("model.blocksPerLevel")), QStringLiteral("3"));
    QTRY_COMPARE(m_panel->sections()[QStringLiteral("model")][QStringLiteral("blocksPerLevel")].toInt(), 3);
    QTRY_VERIFY(!model->isUpdatingTable() && model->parameterCount() > twoBlocks);
    QCOMPARE(table->rowCount(), rows + 4); // one more block at each of the three levels and the bottleneck
}

void TestTrainingSetupPanel::trainingDisablesEditingAndTrain()
{
    openDemo();
    chooseTask(TaskKind::Segmentation);
    QTRY_VERIFY2(m_panel->trainButton()->isEnabled(), qPrintable(problemsText()));
    m_panel->setTrainingActive(true);
    QVERIFY(!m_panel->trainButton()->isEnabled());
    QVERIFY(!m_panel->taskPage()->taskCombo()->isEnabled());
    QVERIFY(!m_panel->samplingPage()->patchSizeSpin()->isEnabled());
    m_panel->setTrainingActive(false);
    QVERIFY(m_panel->trainButton()->isEnabled());
    QVERIFY(m_panel->taskPage()->taskCombo()->isEnabled());
}

void TestTrainingSetupPanel::everyVisibleFieldHasATooltip()
{
    openDemo();
    chooseTask(TaskKind::Segmentation);
    QStringList missing;
    for (SetupForm *form : m_panel->findChildren<SetupForm *>())
        for (const QString &field : form->fields())
            if (form->isFieldVisible(field) && form->fieldEditor(field)->toolTip().isEmpty())
                missing << field;
    QVERIFY2(missing.isEmpty(), qPrintable(missing.join(QStringLiteral(", "))));
    QVERIFY(
        m_panel->fieldEditor(QStringLiteral("task.patchSize"))->toolTip().contains(QLatin1String("pixels")));
}

void TestTrainingSetupPanel::aTestShareIsWrittenAndCheckedWithValidation()
{
    openDemo();
    chooseTask(TaskKind::Segmentation);
    QTRY_VERIFY2(m_panel->trainButton()->isEnabled(), qPrintable(problemsText()));
    auto *test
        = qobject_cast<QDoubleSpinBox *>(m_panel->fieldEditor(QStringLiteral("task.split.testFraction")));
    QVERIFY(test);
    QVERIFY(test->isVisibleTo(m_panel.get()));
    QCOMPARE(test->text(), QStringLiteral("None")); // 0: no test split
    QVERIFY(!m_panel->sections()
                 .value(QStringLiteral("task"))
                 .toObject()
                 .value(QStringLiteral("split"))
                 .toObject()
                 .contains(QStringLiteral("testFraction")));
    typeInto(test, QStringLiteral("0.15"));
    QTRY_COMPARE(m_panel->sections()
                     .value(QStringLiteral("task"))
                     .toObject()
                     .value(QStringLiteral("split"))
                     .toObject()
                     .value(QStringLiteral("testFraction"))
                     .toDouble(),
                 0.15);
    QTRY_VERIFY2(m_panel->trainButton()->isEnabled(), qPrintable(problemsText()));
    // With validation, more than nine tenths held back: the field says so and Train waits.
    auto *validation = qobject_cast<QDoubleSpinBox *>(
        m_panel->fieldEditor(QStringLiteral("task.split.validationFraction")));
    QVERIFY(validation);
    typeInto(validation, QStringLiteral("0.8"));
    QTRY_VERIFY2(!m_panel->problemText(QStringLiteral("task.split.testFraction")).isEmpty(),
                 qPrintable(problemsText()));
    QVERIFY(m_panel->problemText(QStringLiteral("task.split.testFraction"))
                .contains(QLatin1String("test share")));
    QVERIFY(!m_panel->trainButton()->isEnabled());
}

void TestTrainingSetupPanel::theMemoryLimitIsTypedIntoTheSetup()
{
    openDemo();
    chooseTask(TaskKind::Segmentation);
    QTRY_VERIFY2(m_panel->trainButton()->isEnabled(), qPrintable(problemsText()));
    QSpinBox *limit = m_panel->samplingPage()->memoryLimitSpin();
    QCOMPARE(limit, m_panel->fieldEditor(QStringLiteral("task.memoryLimitMiB")));
    QCOMPARE(limit->objectName(), QStringLiteral("memoryLimitSpin"));
    QVERIFY(limit->isVisibleTo(m_panel.get()));
    QVERIFY(limit->toolTip().contains(QLatin1String("TMPDIR")));
    QCOMPARE(limit->value(), 2048);
    const auto task = [this] { return m_panel->sections().value(QStringLiteral("task")).toObject(); };
    QVERIFY(!task().contains(QStringLiteral("memoryLimitMiB"))); // the default is not written

    typeInto(limit, QStringLiteral("512"));
    QTRY_COMPARE(task().value(QStringLiteral("memoryLimitMiB")).toInt(), 512);
    for (QWidget *up = limit->parentWidget(); up; up = up->parentWidget())
        if (auto *scroll = qobject_cast<QScrollArea *>(up))
            scroll->ensureWidgetVisible(limit);
    test::shoot(*m_panel, QStringLiteral("setup-memory-limit"));
    // One step up with the keyboard: 256 MiB.
    limit->setFocus();
    QTest::keyClick(limit, Qt::Key_Up);
    QTRY_COMPARE(task().value(QStringLiteral("memoryLimitMiB")).toInt(), 768);
    QTRY_VERIFY2(m_panel->trainButton()->isEnabled(), qPrintable(problemsText()));
    QVERIFY(m_panel->problemText(QStringLiteral("task.memoryLimitMiB")).isEmpty());

    m_panel->setTrainingActive(true);
    QVERIFY(!limit->isEnabled());
    m_panel->setTrainingActive(false);
    QVERIFY(limit->isEnabled());

    // Series are never streamed from a raster: no such field.
    chooseTask(TaskKind::Forecasting);
    QTRY_VERIFY(!limit->isVisibleTo(m_panel.get()));
}

void TestTrainingSetupPanel::netCdfVariablesAreInputsToo()
{
    // A NetCDF cube is an image (its 12 months are the bands); a cell's series, as "Add as Series
    // Layer" saves it, is a series like a CSV file.
    Project project;
    project.name = QStringLiteral("netcdf");
    ProjectLayer cube;
    cube.id = QStringLiteral("tas");
    cube.name = QStringLiteral("BCSD tas 1999");
    cube.kind = LayerKind::Cube;
    cube.path = test::samplePath(QStringLiteral("nc/bcsd_obs_1999.nc"));
    cube.properties.insert(QStringLiteral("variable"), QStringLiteral("tas"));
    ProjectLayer cell;
    cell.id = QStringLiteral("cell");
    cell.name = QStringLiteral("tas at 35.5 N, 80.5 W");
    cell.kind = LayerKind::Series;
    cell.path = cube.path;
    cell.properties
        = SeriesOrigin::netCdfAtPoint(cube.path, QStringLiteral("tas"), { -80.5, 35.5 }).layerProperties();
    project.layers = { cube, cell };
    for (const ProjectLayer &layer : project.layers)
        m_facts.insert(layer.id,
                       std::make_shared<const MapLayerData>(
                           MapLayerLoader::load(layer, project.absolutePath(layer), CrsInfo())));
    QCOMPARE(m_facts.value(QStringLiteral("cell"))->series.rowCount(), 12);
    m_panel->setProject(project);
    m_panel->refreshLayers(project);

    chooseTask(TaskKind::RasterAutoencoder);
    QCOMPARE(m_panel->taskPage()->imageCombo()->currentData().toString(), QStringLiteral("tas"));
    // The grid is 81 x 33 cells: the default patch of 64 would not fit.
    typeInto(m_panel->samplingPage()->patchSizeSpin(), QStringLiteral("32"));
    QTRY_VERIFY2(m_panel->trainButton()->isEnabled(), qPrintable(problemsText()));

    chooseTask(TaskKind::Forecasting);
    QCOMPARE(m_panel->taskPage()->seriesCombo()->currentData().toString(), QStringLiteral("cell"));
    typeInto(m_panel->taskPage()->lookbackSpin(), QStringLiteral("3"));
    QTRY_VERIFY2(m_panel->trainButton()->isEnabled(), qPrintable(problemsText()));
}

QTEST_MAIN(TestTrainingSetupPanel)
#include "testtrainingsetuppanel.moc"
