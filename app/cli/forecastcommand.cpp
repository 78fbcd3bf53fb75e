#include "cli/forecastcommand.h"

#include "cli/consolefeedback.h"
#include "cli/modelargument.h"
#include "common/dataerror.h"
#include "common/outputpathcheck.h"
#include "inference/forecastjob.h"
#include "jobs/jobrunner.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace deepterra::cli {

int ForecastCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Forecasts a series with the forecaster of a training run, or with one exported as TorchScript "
        "(export --format torchscript) and its card, and writes a CSV with the columns time, "
        "origin, horizon, column, value and observed (empty where the series does not know the value). "
        "By default one forecast from the last complete lookback window; --rolling forecasts from every "
        "complete window."));
    parser.addHelpOption();
    const QCommandLineOption card = addModelArguments(parser);
    const QCommandLineOption series(QStringLiteral("series"), QStringLiteral("The series CSV."),
                                    QStringLiteral("CSV"));
    const QCommandLineOption dateColumn(QStringLiteral("date-column"),
                                        QStringLiteral("The CSV's date column (default: detected)."),
                                        QStringLiteral("NAME"));
    const QCommandLineOption output(QStringLiteral("output"), QStringLiteral("The forecast CSV to write."),
                                    QStringLiteral("F.csv"));
    const QCommandLineOption rolling(QStringLiteral("rolling"),
                                     QStringLiteral("Forecast from every complete window of the series."));
    parser.addOptions({ series, dateColumn, output, rolling });
    parser.process(arguments);

    QTextStream err(stderr);
    if (parser.positionalArguments().size() != 1 || !parser.isSet(series) || !parser.isSet(output)) {
        err << "deepterra-cli forecast: expected RUN|MODEL.pt [--card CARD.json] --series CSV --output "
               "F.csv\n"
            << parser.helpText();
        return 2;
    }
    ForecastRequest request;
    request.series = parser.value(series);
    request.dateColumn = parser.value(dateColumn);
    request.output = parser.value(output);
    request.rolling = parser.isSet(rolling);
    std::shared_ptr<const InferenceModel> model;
    try {
        // Refused at once, before the model is loaded (ForecastJob checks again for the app). An
        // exported model and its card are inputs too.
        OutputPathCheck::check(
            { request.series, parser.positionalArguments().constFirst(), parser.value(card) },
            { request.output });
        model = loadModelArgument(parser.positionalArguments().constFirst(), parser.value(card));
    } catch (const DataError &e) {
        err << "deepterra-cli: " << e.message() << "\n";
        return 1;
    }
    ConsoleFeedback feedback;
    ForecastJob job(model, request);
    const JobResult result = JobRunner::runBlocking(job, feedback);
    if (result.status == JobResult::Status::Succeeded) {
        QTextStream(stdout) << "Wrote " << job.rowsWritten() << " forecast values to " << request.output
                            << "\n";
        return 0;
    }
    return result.status == JobResult::Status::Canceled ? 130 : 1;
}

} // namespace deepterra::cli
