// The input-importance panel of the results views, driven with clicks: on a patch-classification
// run where band 1 decides the class and band 2 is noise (importancerunfixture.h), "Input
// importance…" computes in the background and the chart gets one bar per input, band 1 on top; a
// run whose metrics.json holds the importances shows them without a click; Cancel leaves
// metrics.json as it was.

#include "importancerunfixture.h"
#include "results/classresultsview.h"
#include "results/forecastresultsview.h"
#include "results/importancechart.h"
#include "results/importancepanel.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

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

class TestImportancePanel : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cancelLeavesMetricsUntouched();
    void clickingComputesOneBarPerInput();
    void storedImportanceShowsAtOnce();
    void classResultsViewCarriesThePanel();
    void forecasterShowsInputsAndLags();

private:
    QString metricsPath() const { return QDir(m_run).filePath(QStringLiteral("metrics.json")); }

    QTemporaryDir m_dir;
    QString m_run;
    QStringList m_channels;
};

void TestImportancePanel::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString error;
    m_run = test::trainSignalNoiseClassRun(m_dir.path(), &error);
    QVERIFY2(!m_run.isEmpty(), qPrintable(error));
    for (const QJsonValue &c : readJson(QDir(m_run).filePath(QStringLiteral("config.json")))
                                   .value(QStringLiteral("inputChannels"))
                                   .toArray())
        m_channels << c.toString();
    QCOMPARE(m_channels.size(), 2);
}

void TestImportancePanel::cancelLeavesMetricsUntouched()
{
    ImportancePanel panel;
    panel.show();
    panel.setRunFolder(m_run);
    QTRY_VERIFY(!panel.isReading());
    QVERIFY(!panel.importance().has_value()); // nothing stored yet
    QVERIFY(!panel.inputsChart()->isVisible());

    QSignalSpy finished(&panel, &ImportancePanel::computationFinished);
    QTest::mouseClick(panel.computeButton(), Qt::LeftButton);
    QVERIFY(panel.isComputing());
    QVERIFY(panel.progressBar()->isVisible());
    QVERIFY(!panel.computeButton()->isEnabled());
    QTest::mouseClick(panel.cancelButton(), Qt::LeftButton);
    QVERIFY(finished.wait(60000));
    QVERIFY2(panel.status()->text().contains(QStringLiteral("stopped")), qPrintable(panel.status()->text()));
    QVERIFY(!readJson(metricsPath()).contains(QStringLiteral("permutation_importance")));
    QVERIFY(panel.computeButton()->isEnabled());
    QVERIFY(!panel.progressBar()->isVisible());
}

void TestImportancePanel::clickingComputesOneBarPerInput()
{
    ImportancePanel panel;
    panel.show();
    panel.setRunFolder(m_run);
    QTRY_VERIFY(!panel.isReading());
    QSignalSpy shown(&panel, &ImportancePanel::importanceShown);
    QTest::mouseClick(panel.computeButton(), Qt::LeftButton);
    QVERIFY(shown.wait(120000));
    QVERIFY(!panel.isComputing());
    ImportanceChart *chart = panel.findChild<ImportanceChart *>(QStringLiteral("importanceInputsChart"));
    QVERIFY(chart);
    QVERIFY(chart->isVisible());
    QCOMPARE(chart->barCount(), m_channels.size());
    QCOMPARE(chart->names().constFirst(), m_channels.at(0)); // the signal band on top
    QVERIFY(!panel.lagsChart()->isVisible());
    QVERIFY(panel.status()->text().contains(QStringLiteral("val_accuracy")));
    const QJsonObject block
        = readJson(metricsPath()).value(QStringLiteral("permutation_importance")).toObject();
    QCOMPARE(block.value(QStringLiteral("inputs")).toArray().size(), m_channels.size());
}

void TestImportancePanel::storedImportanceShowsAtOnce()
{
    QVERIFY(readJson(metricsPath()).contains(QStringLiteral("permutation_importance")));
    ImportancePanel panel;
    panel.show();
    QSignalSpy shown(&panel, &ImportancePanel::importanceShown);
    panel.setRunFolder(m_run);
    QVERIFY(shown.wait(10000));
    QVERIFY(!panel.isComputing());
    QCOMPARE(panel.inputsChart()->barCount(), m_channels.size());
    QCOMPARE(panel.inputsChart()->names().constFirst(), m_channels.at(0));
}

void TestImportancePanel::classResultsViewCarriesThePanel()
{
    ClassResultsView view;
    view.resize(600, 900);
    view.show();
    view.showRun(m_run);
    ImportancePanel *panel = view.findChild<ImportancePanel *>();
    QVERIFY(panel);
    QSignalSpy shown(panel, &ImportancePanel::importanceShown);
    QVERIFY(shown.wait(30000));
    QCOMPARE(panel->runFolder(), m_run);
    QVERIFY(panel->isVisible());
    QCOMPARE(panel->inputsChart()->barCount(), m_channels.size());
}

void TestImportancePanel::forecasterShowsInputsAndLags()
{
    QString error;
    const QString run = test::trainSignalNoiseForecastRun(m_dir.path(), &error);
    QVERIFY2(!run.isEmpty(), qPrintable(error));
    ForecastResultsView view;
    view.resize(600, 900);
    view.show();
    view.showRun(run);
    ImportancePanel *panel = view.findChild<ImportancePanel *>();
    QVERIFY(panel);
    QTRY_VERIFY_WITH_TIMEOUT(panel->runFolder() == run && !panel->isReading(), 60000);
    QSignalSpy shown(panel, &ImportancePanel::importanceShown);
    QTest::mouseClick(panel->computeButton(), Qt::LeftButton);
    QVERIFY(shown.wait(120000));
    QCOMPARE(panel->inputsChart()->barCount(), 2);
    QCOMPARE(panel->inputsChart()->names().constFirst(), QStringLiteral("signal"));
    QVERIFY(panel->lagsChart()->isVisible());
    QCOMPARE(panel->lagsChart()->barCount(), 4);
    QCOMPARE(panel->lagsChart()->names().constFirst(), QStringLiteral("lag 1"));
}

QTEST_MAIN(TestImportancePanel)
#include "testimportancepanel.moc"
