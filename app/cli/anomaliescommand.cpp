#include "cli/anomaliescommand.h"

#include "cli/consolefeedback.h"
#include "common/dataerror.h"
#include "common/outputpathcheck.h"
#include "inference/seriesanomalyjob.h"
#include "jobs/jobrunner.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace deepterra::cli {

int AnomaliesCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Slides the window of a series-autoencoder training run over a whole series, scores every window "
        "as validation did (mean squared reconstruction error, normalised units) and prints the "
        "anomalous periods: maximal runs of steps where every window covering the step "
        "exceeds the run's threshold (metrics.json). --output writes time, value, score and anomalous "
        "(0/1) for every step."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("RUN"), QStringLiteral("The series-autoencoder run folder."));
    const QCommandLineOption series(
        QStringLiteral("series"), QStringLiteral("The series CSV (default: the one the run was trained on)."),
        QStringLiteral("CSV"));
    const QCommandLineOption dateColumn(QStringLiteral("date-column"),
                                        QStringLiteral("The CSV's date column (default: detected)."),
                                        QStringLiteral("NAME"));
    const QCommandLineOption output(QStringLiteral("output"),
                                    QStringLiteral("The per-step scores CSV to write."),
                                    QStringLiteral("F.csv"));
    parser.addOptions({ series, dateColumn, output });
    parser.process(arguments);

    QTextStream err(stderr);
    if (parser.positionalArguments().size() != 1) {
        err << "deepterra-cli anomalies: expected RUN [--series CSV] [--output F.csv]\n" << parser.helpText();
        return 2;
    }
    SeriesAnomalyRequest request;
    request.runFolder = parser.positionalArguments().constFirst();
    request.series = parser.value(series);
    request.dateColumn = parser.value(dateColumn);
    request.output = parser.value(output);
    try {
        OutputPathCheck::check({ request.series }, { request.output });
    } catch (const DataError &e) {
        err << "deepterra-cli: " << e.message() << "\n";
        return 1;
    }
    ConsoleFeedback feedback;
    SeriesAnomalyJob job(request);
    const JobResult result = JobRunner::runBlocking(job, feedback);
    if (result.status != JobResult::Status::Succeeded)
        return result.status == JobResult::Status::Canceled ? 130 : 1;

    const SeriesAnomalies &r = job.result();
    QTextStream out(stdout);
    out << "Scored " << r.windowErrors.size() << " windows of " << r.lookback << " steps of " << r.source
        << ": " << r.windowsAboveThreshold() << " above the threshold "
        << QString::number(r.threshold, 'g', 6) << ", " << r.anomalousSteps() << " anomalous steps in "
        << r.periods.size() << " periods\n";
    if (!r.periods.empty())
        out << "start,end,steps,windows,peak_error\n";
    for (const SeriesAnomalyPeriod &p : r.periods)
        out << p.start.toString(Qt::ISODate) << ',' << p.end.toString(Qt::ISODate) << ','
            << (p.lastRow - p.firstRow + 1) << ',' << p.windows << ',' << QString::number(p.peakError, 'g', 6)
            << "\n";
    if (!request.output.isEmpty())
        out << "Wrote " << r.times.size() << " scores to " << request.output << "\n";
    return 0;
}

} // namespace deepterra::cli
