#include "report/reportfigures.h"

#include "report/runreportdata.h"
#include "series/qcustomplotinclude.h"
#include "training/dashboardplots.h"

#include <QDateTime>

#include <cmath>
#include <memory>

namespace deepterra {

namespace {

constexpr int kPlotWidth = 680; // CSS pixels: the text width of an A4 page with 2 cm margins
constexpr int kPlotHeight = 300;

std::unique_ptr<QCustomPlot> newPlot(const QString &yLabel, const QString &xLabel)
{
    std::unique_ptr<QCustomPlot> plot(
        DashboardPlots::createPlot(nullptr, QStringLiteral("reportPlot"), yLabel));
    plot->xAxis->setLabel(xLabel);
    // Printed, not docked: the plot's own font size.
    QFont font = plot->font();
    for (QCPAxis *axis : { plot->xAxis, plot->yAxis, plot->yAxis2 }) {
        axis->setTickLabelFont(font);
        axis->setLabelFont(font);
    }
    plot->legend->setFont(font);
    plot->legend->setVisible(true);
    plot->resize(kPlotWidth, kPlotHeight);
    return plot;
}

ReportFigure capture(QCustomPlot &plot, const QString &id, const QString &caption)
{
    ReportFigure figure;
    figure.id = id;
    figure.caption = caption;
    figure.size = QSizeF(kPlotWidth, kPlotHeight);
    QCPPainter painter(&figure.picture);
    plot.toPainter(&painter, kPlotWidth, kPlotHeight);
    painter.end();
    figure.image = plot.toPixmap(kPlotWidth, kPlotHeight, 2.0).toImage();
    return figure;
}

QVector<double> keysOf(const std::vector<EpochRecord> &history)
{
    QVector<double> keys;
    for (const EpochRecord &record : history)
        keys << record.epoch;
    return keys;
}

ReportFigure lossCurves(const RunReportData &data)
{
    auto plot = newPlot(QStringLiteral("loss"), QStringLiteral("epoch"));
    QVector<double> train;
    QVector<double> validation;
    for (const EpochRecord &record : data.history) {
        train << record.trainLoss;
        validation << record.validationLoss;
    }
    const QVector<double> keys = keysOf(data.history);
    DashboardPlots::addGraph(plot.get(), QStringLiteral("training loss"), QPen(DashboardPlots::color(0), 2))
        ->setData(keys, train);
    DashboardPlots::addGraph(plot.get(), QStringLiteral("validation loss"), QPen(DashboardPlots::color(1), 2))
        ->setData(keys, validation);
    const int best = data.metrics.value(QStringLiteral("bestEpoch")).toInt();
    if (best > 0 && best <= int(data.history.size())) {
        QCPGraph *star = DashboardPlots::addGraph(plot.get(), QStringLiteral("best epoch"), QPen(Qt::black));
        star->setLineStyle(QCPGraph::lsNone);
        star->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssStar, 14));
        star->setData({ double(best) }, { data.history[std::size_t(best - 1)].validationLoss });
    }
    plot->rescaleAxes();
    DashboardPlots::padRange(plot->xAxis);
    DashboardPlots::padRange(plot->yAxis);
    return capture(*plot, QStringLiteral("loss"),
                   QStringLiteral("Training and validation loss per epoch; the star marks the best epoch."));
}

ReportFigure metricAndRate(const RunReportData &data)
{
    const QString metric = data.monitoredMetric;
    auto plot = newPlot(metric, QStringLiteral("epoch"));
    QVector<double> values;
    QVector<double> rates;
    for (const EpochRecord &record : data.history) {
        values << record.metrics.value(metric, std::nan(""));
        rates << record.learningRate;
    }
    const QVector<double> keys = keysOf(data.history);
    DashboardPlots::addGraph(plot.get(), metric, QPen(DashboardPlots::color(2), 2))->setData(keys, values);
    plot->yAxis2->setVisible(true);
    plot->yAxis2->setLabel(QStringLiteral("learning rate"));
    QCPGraph *rate = plot->addGraph(plot->xAxis, plot->yAxis2);
    rate->setName(QStringLiteral("learning rate"));
    rate->setPen(QPen(DashboardPlots::color(3), 1.5, Qt::DashLine));
    rate->setData(keys, rates);
    DashboardPlots::setLogarithmic(plot->yAxis2, true);
    plot->rescaleAxes();
    DashboardPlots::padRange(plot->xAxis);
    DashboardPlots::padRange(plot->yAxis);
    return capture(*plot, QStringLiteral("metric"),
                   QStringLiteral("The monitored metric (%1) and the learning rate per epoch.").arg(metric));
}

ReportFigure forecastPlot(const ForecastRunResults &forecast)
{
    auto plot = newPlot(forecast.column, QStringLiteral("time"));
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeFormat(QStringLiteral("yyyy-MM"));
    ticker->setDateTimeSpec(Qt::UTC);
    plot->xAxis->setTicker(ticker);
    QVector<double> keys;
    for (double ms : forecast.validationTimesMs)
        keys << ms / 1000.0;
    DashboardPlots::addGraph(plot.get(), QStringLiteral("observed"), QPen(Qt::black, 1.5))
        ->setData(keys, forecast.validationObserved);
    DashboardPlots::addGraph(plot.get(), QStringLiteral("forecast (one step ahead)"),
                             QPen(DashboardPlots::color(0), 1.5))
        ->setData(keys, forecast.validationForecast);
    QVector<double> future;
    for (double ms : forecast.futureTimesMs)
        future << ms / 1000.0;
    DashboardPlots::addGraph(plot.get(), QStringLiteral("forecast beyond the series"),
                             QPen(DashboardPlots::color(1), 2, Qt::DashLine))
        ->setData(future, forecast.futureForecast);
    plot->rescaleAxes();
    auto *horizon = new QCPItemStraightLine(plot.get());
    horizon->point1->setCoords(forecast.seriesEndMs / 1000.0, 0);
    horizon->point2->setCoords(forecast.seriesEndMs / 1000.0, 1);
    horizon->setPen(QPen(Qt::gray, 1, Qt::DotLine));
    DashboardPlots::padRange(plot->yAxis);
    return capture(*plot, QStringLiteral("forecast"),
                   QStringLiteral("%1 over the validation period, observed and forecast one step ahead; the "
                                  "dotted line is the series' end, after which the forecast runs %2 step(s).")
                       .arg(forecast.column)
                       .arg(forecast.horizon));
}

ReportFigure errorHistogram(const AutoencoderRunResults &autoencoder)
{
    auto plot = newPlot(QStringLiteral("windows or patches"), QStringLiteral("reconstruction error"));
    auto *bars = new QCPBars(plot->xAxis, plot->yAxis);
    bars->setName(QStringLiteral("validation errors"));
    QVector<double> centres;
    QVector<double> counts;
    for (std::size_t i = 0;
         i + 1 < autoencoder.histogramEdges.size() && i < autoencoder.histogramCounts.size(); ++i) {
        centres << (autoencoder.histogramEdges[i] + autoencoder.histogramEdges[i + 1]) / 2.0;
        counts << double(autoencoder.histogramCounts[i]);
    }
    if (autoencoder.histogramEdges.size() > 1)
        bars->setWidth(autoencoder.histogramEdges[1] - autoencoder.histogramEdges[0]);
    bars->setData(centres, counts);
    bars->setBrush(DashboardPlots::color(0));
    plot->rescaleAxes();
    auto *threshold = new QCPItemStraightLine(plot.get());
    threshold->point1->setCoords(autoencoder.threshold, 0);
    threshold->point2->setCoords(autoencoder.threshold, 1);
    threshold->setPen(QPen(Qt::red, 2, Qt::DashLine));
    DashboardPlots::padRange(plot->xAxis);
    return capture(
        *plot, QStringLiteral("errors"),
        QStringLiteral("Validation reconstruction errors; the dashed line is the anomaly threshold "
                       "(percentile %1).")
            .arg(autoencoder.thresholdPercentile));
}

} // namespace

std::vector<ReportFigure> ReportFigures::draw(const RunReportData &data)
{
    std::vector<ReportFigure> figures;
    if (!data.history.empty()) {
        figures.push_back(lossCurves(data));
        if (!data.monitoredMetric.isEmpty() && data.monitoredMetric != QLatin1String("val_loss"))
            figures.push_back(metricAndRate(data));
    }
    if (data.forecast)
        figures.push_back(forecastPlot(*data.forecast));
    if (data.autoencoder && !data.autoencoder->histogramCounts.empty())
        figures.push_back(errorHistogram(*data.autoencoder));
    const auto raster = [&figures](const QString &id, const QString &caption, const QImage &image) {
        if (image.isNull())
            return;
        ReportFigure figure;
        figure.id = id;
        figure.caption = caption;
        figure.size = QSizeF(kPlotWidth, kPlotWidth * double(image.height()) / image.width());
        figure.image = image;
        figures.push_back(figure);
    };
    const bool tested
        = data.config.value(QStringLiteral("data")).toObject().contains(QStringLiteral("testPatches"));
    raster(
        QStringLiteral("split"),
        QStringLiteral("Where the run's training and validation%1 patches lie, and the buffer between them "
                       "where patches were dropped (split.gpkg in the run folder).")
            .arg(tested ? QStringLiteral(", and its held-out test") : QString()),
        data.splitFigure);
    raster(QStringLiteral("map"),
           data.mapUnderlay.isEmpty()
               ? QStringLiteral("The predicted map %1.").arg(data.request.map)
               : QStringLiteral("The predicted map %1 over the image the run was trained on (%2, %3).")
                     .arg(data.request.map, data.mapUnderlay, data.mapUnderlayBands),
           data.mapFigure);
    raster(QStringLiteral("confidence"),
           QStringLiteral("How sure the model is, pixel by pixel: %1, band 1, stretched from its 2nd to its "
                          "98th percentile.")
               .arg(data.confidencePath),
           data.confidenceFigure);
    return figures;
}

} // namespace deepterra
