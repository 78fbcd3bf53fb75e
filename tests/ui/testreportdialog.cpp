// Model ▸ Export Report, driven through the dialog's widgets on a tiny run of the demo: a PDF and
// a self-contained HTML report are written off the GUI thread, the dialog says how many pages,
// "Open" hands the file to the viewer, and a file that is no report format is refused before
// anything runs. The same action is on the runs panel's context menu.

#include "resultsruntest.h"

#include "report/reportdialog.h"

#include <QAction>
#include <QComboBox>
#include <QElapsedTimer>
#include <QFile>
#include <QLabel>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTreeWidget>

#include <memory>

using namespace deepterra;

class TestReportDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void writesAPdfAndOpensIt();
    void writesSelfContainedHtmlWithTheMap();
    void refusesWhatIsNoReport();

private:
    ReportDialog *openDialog();
    // Clicks Write Report and waits for the dialog to finish; the longest GUI-thread stall seen.
    qint64 writeAndWait(ReportDialog *dialog);

    QTemporaryDir m_dir;
    QString m_run;
    std::unique_ptr<MainWindow> m_window;
};

void TestReportDialog::initTestCase()
{
    test::isolateSettings(QStringLiteral("TestReportDialog"));
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

void TestReportDialog::cleanupTestCase()
{
    m_window.reset();
}

ReportDialog *TestReportDialog::openDialog()
{
    QAction *action = m_window->results()->reportAction();
    if (!action || !action->isEnabled())
        return nullptr;
    // The runs panel offers it on a run's context menu too.
    const QList<QAction *> onRuns = m_window->training()->runsPanel()->tree()->actions();
    if (!onRuns.contains(action))
        return nullptr;
    action->trigger();
    return m_window->results()->reportDialog();
}

qint64 TestReportDialog::writeAndWait(ReportDialog *dialog)
{
    QSignalSpy written(dialog, &ReportDialog::written);
    QSignalSpy failed(dialog, &ReportDialog::failed);
    QTest::mouseClick(dialog->writeButton(), Qt::LeftButton);
    QElapsedTimer timer;
    timer.start();
    qint64 longest = 0;
    QElapsedTimer beat;
    beat.start();
    while (written.isEmpty() && failed.isEmpty() && timer.elapsed() < 120000) {
        QTest::qWait(5);
        longest = std::max(longest, beat.restart());
    }
    return failed.isEmpty() && !written.isEmpty() ? longest : -1;
}

void TestReportDialog::writesAPdfAndOpensIt()
{
    ReportDialog *dialog = openDialog();
    QVERIFY(dialog);
    // Beside the project by default, as a PDF on A4.
    QCOMPARE(QDir::cleanPath(dialog->outputEdit()->text()),
             QDir(m_dir.path()).filePath(QStringLiteral("reports/seg.pdf")));
    QVERIFY(dialog->pageCombo()->isEnabled());
    QVERIFY(dialog->writeButton()->isEnabled());
    QVERIFY(!dialog->openButton()->isEnabled());
    const qint64 stall = writeAndWait(dialog);
    QVERIFY2(stall >= 0, qPrintable(dialog->summaryLabel()->text()));
    qInfo("longest GUI-thread stall while the report was made: %lld ms", stall);
    const QString pdf = m_dir.filePath(QStringLiteral("reports/seg.pdf"));
    QFile file(pdf);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY(file.read(5) == "%PDF-");
    QVERIFY2(dialog->summaryLabel()->text().contains(QRegularExpression(QStringLiteral("\\d+ pages"))),
             qPrintable(dialog->summaryLabel()->text()));
    QVERIFY(dialog->openButton()->isEnabled());
    QString opened;
    dialog->setOpener([&opened](const QString &f) { opened = f; });
    QTest::mouseClick(dialog->openButton(), Qt::LeftButton);
    QCOMPARE(opened, QFileInfo(pdf).absoluteFilePath());
    dialog->close();
    QTRY_VERIFY(!m_window->results()->reportDialog());
}

void TestReportDialog::writesSelfContainedHtmlWithTheMap()
{
    // The run's map of the demo scene and its confidence, predicted headless where the prediction
    // dialog writes them by default: the report dialog starts with both.
    const QString map = m_dir.filePath(QStringLiteral("predictions/seg-classes.tif"));
    const QString confidence = m_dir.filePath(QStringLiteral("predictions/seg-confidence.tif"));
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("predictions")));
    const QString error
        = test::runCli(m_dir.path(),
                       { QStringLiteral("predict"), m_run, QStringLiteral("--input"),
                         test::samplePath(QStringLiteral("tif/L7_ETMs.tif")), QStringLiteral("--output"), map,
                         QStringLiteral("--confidence"), confidence });
    QVERIFY2(error.isEmpty(), qPrintable(error));
    ReportDialog *dialog = openDialog();
    QVERIFY(dialog);
    QCOMPARE(QDir::cleanPath(dialog->mapEdit()->text()), map);
    QCOMPARE(QDir::cleanPath(dialog->confidenceEdit()->text()), confidence);
    const QString html = m_dir.filePath(QStringLiteral("out/seg.html"));
    test::replaceText(dialog->outputEdit(), html);
    QVERIFY(!dialog->pageCombo()->isEnabled()); // paper is a PDF's
    // The confidence follows the map the user chooses, until they choose one themselves.
    test::replaceText(dialog->mapEdit(), m_dir.filePath(QStringLiteral("elsewhere.tif")));
    QVERIFY(dialog->confidenceEdit()->text().isEmpty());
    test::replaceText(dialog->mapEdit(), map);
    QCOMPARE(QDir::cleanPath(dialog->confidenceEdit()->text()), confidence);
    QVERIFY(writeAndWait(dialog) >= 0);
    QFile file(html);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString text = QString::fromUtf8(file.readAll());
    QCOMPARE(text.count(QLatin1String("src=\"data:image/png;base64,")), text.count(QLatin1String("<img")));
    QVERIFY(text.contains(QLatin1String("The predicted map")));
    QVERIFY(text.contains(QLatin1String("not a probability sample")));
    QVERIFY(text.contains(QLatin1String("How sure the model is")));
    dialog->close();
    QTRY_VERIFY(!m_window->results()->reportDialog());
}

void TestReportDialog::refusesWhatIsNoReport()
{
    ReportDialog *dialog = openDialog();
    QVERIFY(dialog);
    test::replaceText(dialog->outputEdit(), m_dir.filePath(QStringLiteral("report.docx")));
    QVERIFY(!dialog->writeButton()->isEnabled());
    QVERIFY(dialog->problemLabel()->text().contains(QLatin1String(".pdf or .html")));
    test::replaceText(dialog->outputEdit(), m_dir.filePath(QStringLiteral("report.pdf")));
    // The map the test before predicted is filled in: without it, reference points mean nothing.
    test::replaceText(dialog->mapEdit(), QString());
    test::replaceText(dialog->referenceEdit(), m_dir.filePath(QStringLiteral("points.gpkg")));
    QVERIFY(!dialog->writeButton()->isEnabled());
    QVERIFY(dialog->problemLabel()->text().contains(QLatin1String("need the map")));
    test::replaceText(dialog->referenceEdit(), QString());
    QVERIFY(dialog->writeButton()->isEnabled());
    dialog->close();
}

QTEST_MAIN(TestReportDialog)
#include "testreportdialog.moc"
