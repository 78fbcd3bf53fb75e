#include "series/csvseriesreader.h"
#include "series/qcustomplotinclude.h"
#include "series/seriesview.h"
#include "testdata.h"

#include <QComboBox>
#include <QListWidget>
#include <QSignalSpy>
#include <QtTest>

using namespace deepterra;

class TestSeriesView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void missingValuesAreGapsAndCounted();
    void variablesCanBeHidden();
    void extractedSeriesAddUp();
    void cubeBarListsGriddedVariables();
    void co2SampleIsPlotted();

private:
    static TimeSeries series(const std::vector<std::pair<QString, std::vector<double>>> &columns);
};

TimeSeries TestSeriesView::series(const std::vector<std::pair<QString, std::vector<double>>> &columns)
{
    TimeSeries s;
    const QDateTime start(QDate(2000, 1, 1), QTime(0, 0), Qt::UTC);
    for (std::size_t i = 0; i < columns.front().second.size(); ++i)
        s.times.push_back(start.addDays(qint64(i)));
    for (const auto &[name, values] : columns)
        s.columns.push_back(TimeSeriesColumn { name, values });
    return s;
}

void TestSeriesView::missingValuesAreGapsAndCounted()
{
    SeriesView view;
    const double nan = std::nan("");
    view.showSeries(QStringLiteral("t"), series({ { QStringLiteral("rain"), { 1, nan, nan, 4, 5 } } }));
    QCOMPARE(view.plot()->graphCount(), 1);
    QCOMPARE(view.graphNames(), QStringList { QStringLiteral("rain (2 missing)") });
    QCOMPARE(view.missingCount(0), 2);
    // NaN stays in the data: QCustomPlot breaks the line there.
    QCPGraph *graph = view.plot()->graph(0);
    QCOMPARE(graph->dataCount(), 5);
    QVERIFY(std::isnan((graph->data()->begin() + 1)->value));
    // One shaded band for the run of two missing values.
    QCOMPARE(view.plot()->itemCount(), 1);
    // Dates on the x axis: the first key is 2000-01-01 in seconds since 1970.
    QCOMPARE(graph->data()->begin()->key, 946684800.0);
}

void TestSeriesView::variablesCanBeHidden()
{
    SeriesView view;
    view.showSeries(QStringLiteral("t"),
                    series({ { QStringLiteral("a"), { 1, 2 } }, { QStringLiteral("b"), { 3, 4 } } }));
    auto *list = view.findChild<QListWidget *>(QStringLiteral("seriesVariables"));
    QCOMPARE(list->count(), 2);
    list->item(1)->setCheckState(Qt::Unchecked);
    QVERIFY(!view.plot()->graph(1)->visible());
    QVERIFY(view.plot()->graph(0)->visible());
}

void TestSeriesView::extractedSeriesAddUp()
{
    SeriesView view;
    view.addSeries(QStringLiteral("pr at 1, 2"), series({ { QStringLiteral("pr"), { 1, 2, 3 } } }));
    view.addSeries(QStringLiteral("pr at 3, 4"), series({ { QStringLiteral("pr"), { 2, 2, 2 } } }));
    QCOMPARE(view.graphNames(), (QStringList { QStringLiteral("pr at 1, 2"), QStringLiteral("pr at 3, 4") }));
    view.clear();
    QCOMPARE(view.plot()->graphCount(), 0);
}

void TestSeriesView::cubeBarListsGriddedVariables()
{
    SeriesView view;
    NetCdfVariable pr;
    pr.name = QStringLiteral("pr");
    pr.units = QStringLiteral("mm");
    pr.dimensions = { QStringLiteral("time"), QStringLiteral("lat"), QStringLiteral("lon") };
    pr.timeDimension = QStringLiteral("time");
    pr.hasTimeAxis = true;
    NetCdfVariable lat;
    lat.name = QStringLiteral("lat");
    lat.dimensions = { QStringLiteral("lat") };
    NetCdfVariable tas = pr;
    tas.name = QStringLiteral("tas");
    view.setCube(QStringLiteral("bcsd"), { pr, lat, tas }, QStringLiteral("tas"));
    auto *combo = view.findChild<QComboBox *>(QStringLiteral("cubeVariables"));
    QCOMPARE(combo->count(), 2); // the coordinate variable is no series
    QCOMPARE(view.currentVariable(), QStringLiteral("tas"));
    QSignalSpy changed(&view, &SeriesView::variableChanged);
    combo->setCurrentIndex(0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toString(), QStringLiteral("pr"));
}

void TestSeriesView::co2SampleIsPlotted()
{
    // co2.csv: 2284 weekly values, empty fields missing (deepterra-cli info reports the gaps).
    const TimeSeries co2 = CsvSeriesReader::read(test::samplePath(QStringLiteral("datasets/co2/co2.csv")));
    SeriesView view;
    view.showSeries(QStringLiteral("co2"), co2);
    QCOMPARE(view.plot()->graph(0)->dataCount(), 2284);
    QCOMPARE(view.missingCount(0), co2.columns.front().missingCount());
    // The axis spans the data: 1958 to the last week.
    QVERIFY(view.plot()->xAxis->range().lower
            <= QDateTime(QDate(1958, 3, 29), QTime(0, 0), Qt::UTC).toSecsSinceEpoch());
}

QTEST_MAIN(TestSeriesView)
#include "testseriesview.moc"
