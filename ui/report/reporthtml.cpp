#include "report/reporthtml.h"

#include "report/runreportdata.h"

#include <QDateTime>
#include <QJsonArray>
#include <QLocale>

#include <algorithm>
#include <cmath>

namespace deepterra {

namespace {

QString esc(const QString &text)
{
    return text.toHtmlEscaped();
}

const char *kTable
    = "<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\" style=\"border-collapse: collapse; "
      "border-color: #999; margin-bottom: 8px;\">";

QString row(const QStringList &cells, bool header = false)
{
    QString html = QStringLiteral("<tr>");
    for (const QString &cell : cells)
        html += header ? QStringLiteral("<th align=\"left\" bgcolor=\"#e8e8e8\">%1</th>").arg(cell)
                       : QStringLiteral("<td>%1</td>").arg(cell);
    return html + QStringLiteral("</tr>");
}

QString heading(const QString &text, bool newPage)
{
    return newPage ? QStringLiteral("<h2 style=\"page-break-before: always;\">%1</h2>").arg(esc(text))
                   : QStringLiteral("<h2>%1</h2>").arg(esc(text));
}

QString jsonText(const QJsonValue &value)
{
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 6);
    if (value.isBool())
        return value.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
    if (value.isString())
        return value.toString();
    if (value.isNull())
        return QStringLiteral("n/a");
    QStringList parts;
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            parts << jsonText(item);
        return parts.join(QStringLiteral(", "));
    }
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it)
        parts << it.key() + QStringLiteral(" ") + jsonText(it.value());
    return parts.join(QStringLiteral("; "));
}

QString settingsTable(const QJsonObject &settings)
{
    QString html = QLatin1String(kTable) + row({ QStringLiteral("setting"), QStringLiteral("value") }, true);
    for (auto it = settings.begin(); it != settings.end(); ++it)
        html += row({ esc(it.key()), esc(jsonText(it.value())) });
    return html + QStringLiteral("</table>");
}

QString figureHtml(const ReportFigure &figure)
{
    return QStringLiteral(
               "<p align=\"center\"><img src=\"%1\" width=\"%2\" height=\"%3\" /><br/><i>%4</i></p>")
        .arg(ReportHtml::figureUrl(figure.id))
        .arg(int(figure.size.width()))
        .arg(int(figure.size.height()))
        .arg(esc(figure.caption));
}

QString figuresWithId(const std::vector<ReportFigure> &figures, const QStringList &ids)
{
    QString html;
    for (const ReportFigure &figure : figures)
        if (ids.contains(figure.id))
            html += figureHtml(figure);
    return html;
}

// White to the app's heat-map blue by a share in 0..1.
QString heatColour(double share)
{
    const double t = std::isfinite(share) ? std::clamp(share, 0.0, 1.0) : 0.0;
    const int r = int(255 - t * (255 - 31));
    const int g = int(255 - t * (255 - 119));
    const int b = int(255 - t * (255 - 180));
    return QStringLiteral("#%1%2%3")
        .arg(r, 2, 16, QLatin1Char('0'))
        .arg(g, 2, 16, QLatin1Char('0'))
        .arg(b, 2, 16, QLatin1Char('0'));
}

QString overview(const RunReportData &data)
{
    const QJsonObject &m = data.metrics;
    QString html = QLatin1String(kTable);
    html += row({ QStringLiteral("run"), esc(data.request.runFolder) });
    html += row({ QStringLiteral("project"), esc(data.projectPath) });
    html += row({ QStringLiteral("task"), esc(data.task) });
    html += row({ QStringLiteral("model"), esc(data.modelName) });
    html += row({ QStringLiteral("started"), esc(data.started) });
    html += row({ QStringLiteral("training time"),
                  QStringLiteral("%1 s over %2 epoch(s)")
                      .arg(m.value(QStringLiteral("trainingSeconds")).toDouble(), 0, 'f', 1)
                      .arg(m.value(QStringLiteral("epochsCompleted")).toInt()) });
    html += row({ QStringLiteral("device"), esc(data.device) });
    html += row({ QStringLiteral("software"), esc(data.software) });
    return html + QStringLiteral("</table>");
}

QString dataSection(const RunReportData &data, const std::vector<ReportFigure> &figures)
{
    QString html = heading(QStringLiteral("Data"), false);
    html += QLatin1String(kTable)
        + row({ QStringLiteral("input"), QStringLiteral("file"), QStringLiteral("what it is") }, true);
    for (const ReportInput &input : data.inputs)
        html += row({ esc(input.role), esc(input.path), esc(input.description) });
    html += QStringLiteral("</table>");
    const QJsonObject d = data.config.value(QStringLiteral("data")).toObject();
    const QJsonArray classes = data.config.value(QStringLiteral("classes")).toArray();
    if (!classes.isEmpty()) {
        const QJsonObject labelled = d.value(QStringLiteral("labelledPixelsPerClass")).toObject();
        const QJsonObject training = d.value(QStringLiteral("trainingPixelsPerClass")).toObject();
        const QJsonObject validation = d.value(QStringLiteral("validationPixelsPerClass")).toObject();
        // Runs with a held-out test split count its pixels too.
        const bool tested = d.contains(QStringLiteral("testPixelsPerClass"));
        const QJsonObject test = d.value(QStringLiteral("testPixelsPerClass")).toObject();
        html += QStringLiteral(
            "<p>Classes of the labels, with their labelled pixels and how the split shared them:</p>");
        QStringList header { QString(),
                             QStringLiteral("value"),
                             QStringLiteral("class"),
                             QStringLiteral("labelled"),
                             QStringLiteral("training"),
                             QStringLiteral("validation") };
        if (tested)
            header << QStringLiteral("test");
        html += QLatin1String(kTable) + row(header, true);
        for (const QJsonValue &value : classes) {
            const QJsonObject c = value.toObject();
            const QString name = c.value(QStringLiteral("name")).toString();
            html += QStringLiteral("<tr><td bgcolor=\"%1\">&nbsp;&nbsp;&nbsp;</td>")
                        .arg(c.value(QStringLiteral("color")).toString())
                + QStringLiteral("<td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td>")
                      .arg(c.value(QStringLiteral("value")).toInt())
                      .arg(esc(name), jsonText(labelled.value(name)), jsonText(training.value(name)),
                           jsonText(validation.value(name)))
                + (tested ? QStringLiteral("<td>%1</td>").arg(jsonText(test.value(name))) : QString())
                + QStringLiteral("</tr>");
        }
        html += QStringLiteral("</table>");
    }
    if (d.contains(QStringLiteral("series"))) {
        // The series as training read it: variables, frequency, gaps filled, and the chronological cut.
        QJsonObject series;
        for (const char *key : { "inputs", "targets", "frequency", "rows", "gapFill", "lookback", "horizon",
                                 "trainingPeriod", "trainingWindows", "validationPeriod", "validationWindows",
                                 "testPeriod", "testWindows", "windowsWithMissingValues" })
            if (d.contains(QLatin1String(key)))
                series.insert(QLatin1String(key), d.value(QLatin1String(key)));
        html += QStringLiteral("<p>Series:</p>") + settingsTable(series);
    }
    const QJsonObject split = d.value(QStringLiteral("split")).toObject();
    if (!split.isEmpty())
        html += QStringLiteral("<p>Split:</p>") + settingsTable(split);
    return html + figuresWithId(figures, { QStringLiteral("split") });
}

QString modelSection(const RunReportData &data)
{
    QString html = heading(QStringLiteral("Model"), true);
    if (!data.layers.rows.empty()) {
        html += QStringLiteral("<p>%1: %2 parameters (%3 trainable), input %4.</p>")
                    .arg(esc(data.modelName), QLocale::c().toString(qlonglong(data.layers.totalParameters)),
                         QLocale::c().toString(qlonglong(data.layers.trainableParameters)),
                         ModelSummary::shapeText(data.layers.inputShape));
        html += QLatin1String(kTable)
            + row({ QStringLiteral("layer"), QStringLiteral("type"), QStringLiteral("output shape"),
                    QStringLiteral("parameters") },
                  true);
        for (const ModelSummaryRow &layer : data.layers.rows)
            html += row({ esc(layer.name), esc(layer.type), ModelSummary::shapeText(layer.outputShape),
                          QLocale::c().toString(qlonglong(layer.parameters)) });
        html += QStringLiteral("</table>");
    }
    const QJsonObject setup = data.config.value(QStringLiteral("setup")).toObject();
    html += QStringLiteral("<h3>Training settings</h3>")
        + settingsTable(setup.value(QStringLiteral("training")).toObject());
    html += QStringLiteral("<h3>Task settings</h3>")
        + settingsTable(setup.value(QStringLiteral("task")).toObject());
    return html;
}

QString trainingSection(const RunReportData &data, const std::vector<ReportFigure> &figures)
{
    QString html = heading(QStringLiteral("Training"), true);
    const QJsonObject &m = data.metrics;
    html += QStringLiteral("<p>Best epoch %1 of %2 by %3 (%4). Training ended: %5%6.</p>")
                .arg(m.value(QStringLiteral("bestEpoch")).toInt())
                .arg(m.value(QStringLiteral("epochsCompleted")).toInt())
                .arg(esc(data.monitoredMetric),
                     ReportHtml::number(m.value(QStringLiteral("bestValue")).toDouble()),
                     esc(m.value(QStringLiteral("stop")).toString()),
                     m.value(QStringLiteral("message")).toString().isEmpty()
                         ? QString()
                         : QStringLiteral(" (%1)").arg(esc(m.value(QStringLiteral("message")).toString())));
    return html + figuresWithId(figures, { QStringLiteral("loss"), QStringLiteral("metric") });
}

QString metricsTable(const QJsonObject &metrics)
{
    QString html = QLatin1String(kTable) + row({ QStringLiteral("metric"), QStringLiteral("value") }, true);
    for (auto it = metrics.begin(); it != metrics.end(); ++it)
        html += row(
            { esc(it.key()),
              it.value().isDouble() ? ReportHtml::number(it.value().toDouble()) : jsonText(it.value()) });
    return html + QStringLiteral("</table>");
}

QString confusionTable(const ClassRunResults &classes, bool shares)
{
    const ConfusionMatrix &matrix = classes.metrics.confusion;
    const int n = classes.classes.size();
    QString html
        = QLatin1String(kTable) + QStringLiteral("<tr><th bgcolor=\"#e8e8e8\">truth \\ predicted</th>");
    for (int j = 0; j < n; ++j)
        html += QStringLiteral("<th bgcolor=\"#e8e8e8\">%1</th>")
                    .arg(esc(classes.classes.entries[std::size_t(j)].name));
    html += QStringLiteral("</tr>");
    for (int i = 0; i < n; ++i) {
        html += QStringLiteral("<tr><th align=\"left\" bgcolor=\"#e8e8e8\">%1</th>")
                    .arg(esc(classes.classes.entries[std::size_t(i)].name));
        const qint64 rowTotal = matrix.truthCount(i);
        for (int j = 0; j < n; ++j) {
            const qint64 count = matrix.at(i, j);
            const double share = rowTotal > 0 ? double(count) / double(rowTotal) : std::nan("");
            const QString text = shares
                ? (std::isfinite(share) ? QString::number(share, 'f', 3) : QStringLiteral("n/a"))
                : QString::number(count);
            // White type on the darker cells, as in the app's heat map.
            const bool dark = std::isfinite(share) && share > 0.6;
            html += QStringLiteral("<td align=\"right\" bgcolor=\"%1\"%2>%3</td>")
                        .arg(heatColour(share), dark ? QStringLiteral(" style=\"color: white;\"") : QString(),
                             text);
        }
        html += QStringLiteral("</tr>");
    }
    return html + QStringLiteral("</table>");
}

QString perClassTable(const ClassRunResults &classes)
{
    QString html = QLatin1String(kTable)
        + row({ QStringLiteral("class"), QStringLiteral("precision (user's accuracy)"),
                QStringLiteral("recall (producer's accuracy)"), QStringLiteral("F1"), QStringLiteral("IoU"),
                QStringLiteral("validation pixels") },
              true);
    for (std::size_t i = 0; i < classes.metrics.perClass.size() && i < classes.classes.entries.size(); ++i) {
        const ClassMetrics &c = classes.metrics.perClass[i];
        html += row({ esc(classes.classes.entries[i].name), ReportHtml::number(c.precision),
                      ReportHtml::number(c.recall), ReportHtml::number(c.f1), ReportHtml::number(c.iou),
                      QString::number(c.support) });
    }
    return html + QStringLiteral("</table>");
}

QString areaTable(const AreaAdjustedAccuracy &e, const QStringList &names, const QString &unit)
{
    const int decimals = unit == QLatin1String("ha") ? 1 : 0;
    QString html = QLatin1String(kTable)
        + row({ QStringLiteral("class"), QStringLiteral("points"), QStringLiteral("mapped (%1)").arg(unit),
                QStringLiteral("user's accuracy ± 95 %"), QStringLiteral("producer's accuracy ± 95 %"),
                QStringLiteral("estimated area (%1) ± 95 %").arg(unit) },
              true);
    for (int i = 0; i < e.classCount(); ++i)
        html += row({ esc(names.value(i)), QString::number(e.samplesOf(i)),
                      ReportHtml::number(e.mappedArea(i), decimals),
                      ReportHtml::number(e.usersAccuracy(i), 3) + QStringLiteral(" ± ")
                          + ReportHtml::number(e.usersHalfWidth(i), 3),
                      ReportHtml::number(e.producersAccuracy(i), 3) + QStringLiteral(" ± ")
                          + ReportHtml::number(e.producersHalfWidth(i), 3),
                      ReportHtml::number(e.area(i), decimals) + QStringLiteral(" ± ")
                          + ReportHtml::number(e.areaHalfWidth(i), decimals) });
    html += QStringLiteral("</table>");
    html += QStringLiteral("<p>Overall accuracy %1 ± %2 (95 %). Error matrix in area proportions (rows: map, "
                           "columns: reference):</p>")
                .arg(ReportHtml::number(e.overallAccuracy(), 3), ReportHtml::number(e.overallHalfWidth(), 3));
    html += QLatin1String(kTable) + QStringLiteral("<tr><th bgcolor=\"#e8e8e8\">map \\ reference</th>");
    for (int j = 0; j < e.classCount(); ++j)
        html += QStringLiteral("<th bgcolor=\"#e8e8e8\">%1</th>").arg(esc(names.value(j)));
    html += QStringLiteral("</tr>");
    for (int i = 0; i < e.classCount(); ++i) {
        html += QStringLiteral("<tr><th align=\"left\" bgcolor=\"#e8e8e8\">%1</th>").arg(esc(names.value(i)));
        for (int j = 0; j < e.classCount(); ++j)
            html += QStringLiteral("<td align=\"right\">%1</td>")
                        .arg(ReportHtml::number(e.proportion(i, j), 4));
        html += QStringLiteral("</tr>");
    }
    html += QStringLiteral(
                "</table><p>Kappa %1 — a legacy figure only: Pontius and Millones (2011) show why maps "
                "should not be judged by it.</p>")
                .arg(ReportHtml::number(e.kappa(), 3));
    return html;
}

QString areaSection(const RunReportData &data)
{
    if (data.assessment) {
        QStringList names;
        for (const MappedClass &c : data.assessment->areas().classes())
            names << c.entry.name;
        return QStringLiteral(
                   "<h3>Accuracy and area of the map (Olofsson et al. 2014)</h3><p>Stratified estimates "
                   "from %1 reference points labelled in %2, drawn at random within the map's classes "
                   "(%3 not labelled, left out).</p>")
                   .arg(data.assessment->labelledPoints())
                   .arg(esc(data.request.reference))
                   .arg(data.assessment->unlabelledPoints())
            + areaTable(data.assessment->estimate(), names, data.areaUnit);
    }
    if (data.indicative)
        return QStringLiteral(
                   "<h3>Accuracy and area of the map (indicative)</h3><p><b>The validation pixels are not a "
                   "probability sample</b> (they lie in the training polygons' validation blocks), so "
                   "these estimates and their intervals are indicative only. For estimates to publish, "
                   "draw reference points with <tt>deepterra-cli sample-points</tt>, label them and give "
                   "them to the report with <tt>--reference</tt>.</p>")
            + areaTable(*data.indicative, data.indicativeNames, data.areaUnit);
    if (!data.request.map.isEmpty() && data.classes)
        return QStringLiteral(
            "<p>The map's class areas could not be adjusted: validation never predicted one of "
            "the mapped classes. Draw reference points (<tt>deepterra-cli sample-points</tt>) "
            "for estimates.</p>");
    return {};
}

QString forecastSection(const ForecastRunResults &forecast, const QJsonObject &details)
{
    QString html;
    const QJsonObject variables = details.value(QStringLiteral("forecast")).toObject();
    for (auto it = variables.begin(); it != variables.end(); ++it) {
        const QJsonObject v = it.value().toObject();
        html += QStringLiteral("<h3>%1 against the baselines</h3>").arg(esc(it.key()));
        html += QLatin1String(kTable)
            + row({ QStringLiteral("forecast"), QStringLiteral("RMSE"), QStringLiteral("MAE"),
                    QStringLiteral("NSE"), QStringLiteral("values"),
                    QStringLiteral("the model's skill against it") },
                  true);
        // The skill is 1 - MSE of the model / MSE of the baseline on the same values.
        const std::pair<const char *, const char *> forecasts[]
            = { { "model", nullptr },
                { "persistence", "skillVsPersistence" },
                { "climatology", "skillVsClimatology" },
                { "seasonalNaive", "skillVsSeasonalNaive" },
                { "autoregressive", "skillVsAutoregressive" } };
        for (const auto &[name, skill] : forecasts) {
            const QJsonObject s = v.value(QLatin1String(name)).toObject();
            if (s.isEmpty())
                continue;
            html += row({ QLatin1String(name), ReportHtml::number(s.value(QStringLiteral("rmse")).toDouble()),
                          ReportHtml::number(s.value(QStringLiteral("mae")).toDouble()),
                          ReportHtml::number(s.value(QStringLiteral("nse")).toDouble()),
                          QString::number(s.value(QStringLiteral("count")).toInt()),
                          skill ? ReportHtml::number(v.value(QLatin1String(skill)).toDouble(std::nan("")))
                                : QString() });
        }
        html += QStringLiteral("</table>");
    }
    Q_UNUSED(forecast)
    return html;
}

QString evaluationSection(const RunReportData &data, const std::vector<ReportFigure> &figures)
{
    QString html = heading(QStringLiteral("Evaluation"), true);
    html += QStringLiteral("<p>Validation of the best epoch (metrics.json):</p>")
        + metricsTable(data.metrics.value(QStringLiteral("metrics")).toObject());
    const QJsonObject test = data.metrics.value(QStringLiteral("test")).toObject();
    if (!test.isEmpty())
        html += QStringLiteral(
                    "<p>Test split, held out and never seen while training (metrics.json › test):</p>")
            + metricsTable(test.value(QStringLiteral("metrics")).toObject());
    if (data.classes && data.classes->hasMatrix) {
        html += QStringLiteral("<h3>Confusion matrix of the validation pixels (counts)</h3>")
            + confusionTable(*data.classes, false);
        html += QStringLiteral("<h3>Confusion matrix, each row's shares</h3>")
            + confusionTable(*data.classes, true);
        html += QStringLiteral("<h3>Per class</h3>") + perClassTable(*data.classes);
        html += QStringLiteral("<p>Overall accuracy %1, mean IoU %2, macro F1 %3; kappa %4 (a legacy figure, "
                               "Pontius and Millones 2011).</p>")
                    .arg(ReportHtml::number(data.classes->metrics.overallAccuracy),
                         ReportHtml::number(data.classes->metrics.meanIoU),
                         ReportHtml::number(data.classes->metrics.macroF1),
                         ReportHtml::number(data.classes->metrics.kappa));
    }
    if (data.forecast) {
        html += forecastSection(*data.forecast, data.metrics.value(QStringLiteral("details")).toObject());
        html += figuresWithId(figures, { QStringLiteral("forecast") });
    }
    if (data.autoencoder) {
        html += QStringLiteral(
                    "<p>Anomaly threshold %1 (percentile %2 of the validation errors); %3 of the validation "
                    "errors lie above it; mean error %4.</p>")
                    .arg(ReportHtml::number(data.autoencoder->threshold, 6))
                    .arg(data.autoencoder->thresholdPercentile)
                    .arg(ReportHtml::number(data.autoencoder->anomalyFraction, 4),
                         ReportHtml::number(data.autoencoder->mean, 6));
        html += figuresWithId(figures, { QStringLiteral("errors") });
    }
    html += areaSection(data);
    return html;
}

QString reproducibility(const RunReportData &data)
{
    QString html = heading(QStringLiteral("Reproducibility"), true);
    const QJsonObject training
        = data.config.value(QStringLiteral("setup")).toObject().value(QStringLiteral("training")).toObject();
    html += QStringLiteral(
                "<p>Seed %1. The run's project file is %2; this command trains it again, with the same "
                "split and the same weights on the same software:</p><pre>deepterra-cli train %3</pre>")
                .arg(training.value(QStringLiteral("seed")).toInt())
                .arg(esc(data.projectPath), esc(data.projectPath));
    html += QLatin1String(kTable) + row({ QStringLiteral("file"), QStringLiteral("SHA-256") }, true);
    for (const ReportInput &input : data.inputs)
        html += row({ esc(input.path), QStringLiteral("<tt>%1</tt>").arg(input.sha256) });
    return html + QStringLiteral("</table>");
}

} // namespace

QString ReportHtml::figureUrl(const QString &id)
{
    return QStringLiteral("figure:") + id;
}

QString ReportHtml::number(double value, int decimals)
{
    return std::isfinite(value) ? QString::number(value, 'f', decimals) : QStringLiteral("n/a");
}

QString ReportHtml::build(const RunReportData &data, const std::vector<ReportFigure> &figures)
{
    QString html
        = QStringLiteral("<html><head><meta charset=\"utf-8\"/><title>Deepterra report: %1</title></head>"
                         "<body style=\"font-family: 'DejaVu Sans', sans-serif; font-size: 10pt;\">")
              .arg(esc(data.runName));
    html += QStringLiteral("<h1>Deepterra report: %1</h1><p>Generated %2.</p>")
                .arg(esc(data.runName), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    html += overview(data);
    html += dataSection(data, figures);
    html += modelSection(data);
    html += trainingSection(data, figures);
    html += evaluationSection(data, figures);
    if (!data.mapFigure.isNull() || !data.confidenceFigure.isNull())
        html += heading(QStringLiteral("Map"), true)
            + figuresWithId(figures, { QStringLiteral("map"), QStringLiteral("confidence") });
    html += reproducibility(data);
    return html + QStringLiteral("</body></html>");
}

} // namespace deepterra
