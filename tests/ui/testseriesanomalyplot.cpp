// The anomalous periods of a series-autoencoder run on its series, driven through the main window: a
// small seeded run of a seasonal series with a level shift over known dates
// (tests/support/seriesanomalyfixture.h), opened with Model ▸ Results of the Run. The autoencoder
// view must score the series off the GUI thread and shade a period over the shift.

#include "resultsruntest.h"

#include "common/qtcompat.h"
#include "inference/seriesanomalies.h"
#include "results/autoencoderresultsview.h"
// The workbench's QPointer members need their classes complete wherever its header is read.
#include "results/classresultsview.h"
#include "results/exportdialog.h"
#include "results/predictiondialog.h"
#include "results/seriesanomalyplot.h"
#include "series/qcustomplotinclude.h"
#include "seriesanomalyfixture.h"

#include <QAction>
#include <QDockWidget>
#include <QLabel>
#include <QTemporaryDir>

using namespace deepterra;

class TestSeriesAnomalyPlot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void shadesThePeriodOfTheShift();
    void scoresEveryStepWithTheThreshold();
    void listsThePeriods();
    void cleanupTestCase();

private:
    QTemporaryDir m_dir;
    MainWindow *m_window = nullptr;
    AutoencoderResultsView *m_view = nullptr;
    SeriesAnomalyPlot *m_plot = nullptr;
};

void TestSeriesAnomalyPlot::initTestCase()
{
    test::isolateSettings(QStringLiteral("TestSeriesAnomalyPlot"));
    QVERIFY(m_dir.isValid());
    QString error;
    const QString run = test::trainSeriesAnomalyRun(m_dir.path(), &error);
    QVERIFY2(!run.isEmpty(), qPrintable(error));

    m_window = new MainWindow;
    QVERIFY(test::openWithRun(*m_window, m_dir.filePath(QStringLiteral("level-anomalies.deepterra"))));
    auto *action = m_window->findChild<QAction *>(QStringLiteral("resultsAction"));
    QVERIFY(action);
    QTRY_VERIFY(action->isEnabled());
    action->trigger();
    auto *dock = m_window->findChild<QDockWidget *>(QStringLiteral("autoencoderResultsDock"));
    QVERIFY(dock);
    QVERIFY(dock->isVisible());
    m_view = qobject_cast<AutoencoderResultsView *>(dock->widget());
    QVERIFY(m_view);
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->isLoading(), 20000);
    QVERIFY2(m_view->hasResults(), qPrintable(m_view->message()->text()));
    m_plot = m_view->seriesAnomalyPlot();
    QVERIFY(m_plot->isVisible());
    // A raster run has nothing to do with it.
    QVERIFY(!m_view->mapButton()->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!m_view->isScoringSeries(), 30000);
    QVERIFY2(m_plot->scoreGraph()->data()->size() > 0, qPrintable(m_plot->periodsLabel()->text()));
}

void TestSeriesAnomalyPlot::shadesThePeriodOfTheShift()
{
    const double shiftStart = QCPAxisTickerDateTime::dateTimeToKey(
        utcDateTime(test::anomalySeriesDate(test::kAnomalyFirstRow), QTime(0, 0)));
    const double shiftEnd = QCPAxisTickerDateTime::dateTimeToKey(
        utcDateTime(test::anomalySeriesDate(test::kAnomalyLastRow), QTime(0, 0)));
    QVERIFY(!m_plot->periodRects().isEmpty());
    int overlapping = 0;
    for (const QCPItemRect *rect : m_plot->periodRects()) {
        QVERIFY(rect->visible());
        // Full height of the plot, semi-transparent.
        QCOMPARE(rect->topLeft->coords().y(), 0.0);
        QCOMPARE(rect->bottomRight->coords().y(), 1.0);
        QCOMPARE(rect->topLeft->typeY(), QCPItemPosition::ptAxisRectRatio);
        QVERIFY(rect->brush().color().alpha() < 255);
        if (rect->bottomRight->coords().x() >= shiftStart && rect->topLeft->coords().x() <= shiftEnd)
            ++overlapping;
    }
    QCOMPARE(overlapping, 1);
    // The series itself is plotted, every row, on the time axis.
    QCOMPARE(m_plot->seriesGraph()->data()->size(), test::kAnomalySeriesRows);
    test::shoot(*m_window, QStringLiteral("results-series-anomalies"));
}

void TestSeriesAnomalyPlot::scoresEveryStepWithTheThreshold()
{
    QCOMPARE(m_plot->scoreGraph()->data()->size(), test::kAnomalySeriesRows);
    QVERIFY(m_plot->thresholdLine()->visible());
    const double threshold = m_view->results().threshold;
    QCOMPARE(m_plot->thresholdLine()->point1->coords().y(), threshold);
    QVERIFY(m_plot->scorePlot()->yAxis->range().contains(threshold));
    // The time axes move together.
    m_plot->seriesPlot()->xAxis->setRange(m_plot->seriesPlot()->xAxis->range().lower,
                                          m_plot->seriesPlot()->xAxis->range().center());
    QVERIFY(m_plot->scorePlot()->xAxis->range() == m_plot->seriesPlot()->xAxis->range());
    m_plot->seriesPlot()->rescaleAxes(true);
}

void TestSeriesAnomalyPlot::listsThePeriods()
{
    const QString text = m_plot->periodsLabel()->text();
    QVERIFY2(text.contains(QStringLiteral("anomalous period")), qPrintable(text));
    // The period over the shift is listed with its dates: it starts within the shift's lookback.
    bool listed = false;
    for (int row = test::kAnomalyFirstRow - test::kAnomalyLookback; row <= test::kAnomalyLastRow; ++row)
        listed = listed
            || text.contains(test::anomalySeriesDate(row).toString(Qt::ISODate) + QStringLiteral(" – "));
    QVERIFY2(listed, qPrintable(text));
}

void TestSeriesAnomalyPlot::cleanupTestCase()
{
    delete m_window;
}

QTEST_MAIN(TestSeriesAnomalyPlot)
#include "testseriesanomalyplot.moc"
