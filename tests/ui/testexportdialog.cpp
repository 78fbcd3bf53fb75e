// Model ▸ Export Model, driven through the dialog's widgets on a tiny run of the demo: the
// formats are written and listed, outputs that would replace the run's checkpoint are refused, and
// the exported TorchScript model, loaded in the prediction dialog, maps the scene as the run does.

#include "resultsruntest.h"

#include "results/exportdialog.h"
#include "results/predictiondialog.h"

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>

#include <memory>

using namespace deepterra;

class TestExportDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void exportsTheChosenFormats();
    void refusesToReplaceTheCheckpoint();
    void exportedModelPredictsAsTheRun();

private:
    QString predict(const QString &model, const QString &output);

    QTemporaryDir m_dir;
    QString m_run;
    QString m_exportedModel;
    std::unique_ptr<MainWindow> m_window;
};

void TestExportDialog::initTestCase()
{
    test::isolateSettings(QStringLiteral("TestExportDialog"));
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

void TestExportDialog::cleanupTestCase()
{
    m_window.reset();
}

void TestExportDialog::exportsTheChosenFormats()
{
    QAction *action = m_window->results()->exportAction();
    QVERIFY(action && action->isEnabled());
    action->trigger();
    ExportDialog *dialog = m_window->results()->exportDialog();
    QVERIFY(dialog);
    // Next to the project by default; all three formats for a U-Net.
    QCOMPARE(QDir(dialog->folderEdit()->text()).absolutePath(),
             QDir(m_dir.path()).filePath(QStringLiteral("exports/seg")));
    QVERIFY(dialog->torchScriptCheck()->isChecked());
    QVERIFY(dialog->onnxCheck()->isChecked());
    QVERIFY(dialog->cardCheck()->isChecked());
    const QString folder = m_dir.filePath(QStringLiteral("handed-on"));
    test::replaceText(dialog->folderEdit(), folder);
    QVERIFY(dialog->exportButton()->isEnabled());
    QVERIFY(!dialog->showFolderButton()->isEnabled());

    QSignalSpy exported(dialog, &ExportDialog::exported);
    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton);
    QVERIFY2(exported.wait(60000), qPrintable(dialog->summaryLabel()->text()));
    const QStringList files = exported.first().at(0).toStringList();
    QCOMPARE(files,
             QStringList({ QDir(folder).filePath(QStringLiteral("seg.pt")),
                           QDir(folder).filePath(QStringLiteral("seg.onnx")),
                           QDir(folder).filePath(QStringLiteral("seg.card.json")) }));
    for (const QString &file : files) {
        QVERIFY2(QFileInfo(file).size() > 0, qPrintable(file));
        QVERIFY(dialog->summaryLabel()->text().contains(QDir::toNativeSeparators(file)));
    }
    m_exportedModel = files.first();

    QString opened;
    dialog->setFolderOpener([&opened](const QString &path) { opened = path; });
    QVERIFY(dialog->showFolderButton()->isEnabled());
    QTest::mouseClick(dialog->showFolderButton(), Qt::LeftButton);
    QCOMPARE(opened, folder);
    dialog->close();
    QTRY_VERIFY(!m_window->results()->exportDialog());
}

void TestExportDialog::refusesToReplaceTheCheckpoint()
{
    m_window->results()->exportAction()->trigger();
    ExportDialog *dialog = m_window->results()->exportDialog();
    QVERIFY(dialog);
    const QString checkpoint = QDir(m_run).filePath(QStringLiteral("checkpoints/best.pt"));
    const QByteArray before = [&] {
        QFile file(checkpoint);
        return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
    }();
    QVERIFY(!before.isEmpty());
    test::replaceText(dialog->folderEdit(), QDir(m_run).filePath(QStringLiteral("checkpoints")));
    test::replaceText(dialog->baseNameEdit(), QStringLiteral("best"));
    QVERIFY(!dialog->exportButton()->isEnabled());
    QVERIFY(dialog->problemLabel()->isVisible());
    QVERIFY2(dialog->problemLabel()->text().contains(QStringLiteral("best.pt")),
             qPrintable(dialog->problemLabel()->text()));
    QTest::mouseClick(dialog->exportButton(), Qt::LeftButton); // disabled: nothing happens
    QVERIFY(!dialog->isRunning());
    QFile file(checkpoint);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), before);
    // Without formats there is nothing to do either.
    test::replaceText(dialog->baseNameEdit(), QStringLiteral("other"));
    QVERIFY(dialog->exportButton()->isEnabled());
    for (QCheckBox *check : { dialog->torchScriptCheck(), dialog->onnxCheck(), dialog->cardCheck() })
        QTest::mouseClick(check, Qt::LeftButton, {}, QPoint(4, 4));
    QVERIFY(!dialog->exportButton()->isEnabled());
    dialog->close();
}

QString TestExportDialog::predict(const QString &model, const QString &output)
{
    m_window->results()->predictAction()->trigger();
    PredictionDialog *dialog = m_window->results()->predictionDialog();
    if (!dialog)
        return QStringLiteral("no dialog");
    if (model.endsWith(QStringLiteral(".pt"))) {
        // The last entry: an exported model, typed in as a user would.
        dialog->modelCombo()->setCurrentIndex(dialog->modelCombo()->count() - 1);
        test::replaceText(dialog->modelPathEdit(), model);
    }
    test::replaceText(dialog->outputEdit(), output);
    if (!dialog->runButton()->isEnabled())
        return dialog->problems();
    QSignalSpy predicted(dialog, &PredictionDialog::predicted);
    QTest::mouseClick(dialog->runButton(), Qt::LeftButton);
    if (!predicted.wait(60000))
        return dialog->statusLabel()->text();
    dialog->close();
    return {};
}

void TestExportDialog::exportedModelPredictsAsTheRun()
{
    if (m_exportedModel.isEmpty())
        QSKIP("the export failed");
    const QString fromRun = m_dir.filePath(QStringLiteral("maps/run.tif"));
    const QString fromExport = m_dir.filePath(QStringLiteral("maps/exported.tif"));
    QString problem = predict(m_run, fromRun);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QTRY_VERIFY(!m_window->results()->predictionDialog());
    problem = predict(m_exportedModel, fromExport);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const std::vector<float> run = test::readBand(fromRun);
    const std::vector<float> exported = test::readBand(fromExport);
    QVERIFY(!run.empty());
    QCOMPARE(exported.size(), run.size());
    std::size_t differing = 0;
    for (std::size_t i = 0; i < run.size(); ++i)
        differing += run[i] != exported[i];
    QCOMPARE(differing, std::size_t(0));
}

QTEST_MAIN(TestExportDialog)
#include "testexportdialog.moc"
