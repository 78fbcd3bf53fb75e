#include "cli/reportcommand.h"

#include "cli/consolefeedback.h"
#include "common/dataerror.h"
#include "common/outputpathcheck.h"
#include "jobs/functionjob.h"
#include "jobs/jobrunner.h"
#include "report/reportfigures.h"
#include "report/reporthtml.h"
#include "report/reportwriter.h"
#include "report/runreportdata.h"

#include <QCommandLineParser>
#include <QTextStream>

#include <cstring>
#include <optional>

namespace deepterra::cli {

bool ReportCommand::needsGui(int argc, char **argv)
{
    return argc > 1 && std::strcmp(argv[1], "report") == 0;
}

int ReportCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Writes an evaluation report of a training run: the data, the model's layers and settings, the "
        "training curves, the validation (and test) figures with the confusion matrix or the forecast "
        "against its baselines, and what reproduces the run (seed, checksums, command). With --map, a "
        "predicted map and the area-adjusted accuracy of Olofsson et al. (2014): from reference points "
        "(--reference, see 'deepterra-cli sample-points'), or, without them, indicative figures from the "
        "validation pixels; and the map's confidence or uncertainty (--confidence, or the one beside a map "
        "named <base>-classes.tif). A run's training, validation and test blocks are drawn from its "
        "split.gpkg. HTML files are self-contained; PDFs have selectable text and vector plots."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("RUN"), QStringLiteral("The training run folder."));
    const QCommandLineOption output(QStringLiteral("output"), QStringLiteral("report.html or report.pdf."),
                                    QStringLiteral("FILE"));
    const QCommandLineOption map(QStringLiteral("map"), QStringLiteral("A class map the run predicted."),
                                 QStringLiteral("MAP.tif"));
    const QCommandLineOption reference(QStringLiteral("reference"),
                                       QStringLiteral("Labelled reference points drawn from the map."),
                                       QStringLiteral("POINTS.gpkg"));
    const QCommandLineOption confidence(
        QStringLiteral("confidence"),
        QStringLiteral(
            "The map's confidence or uncertainty (predict --confidence or --uncertainty); by default "
            "<base>-confidence.tif or <base>-uncertainty.tif beside a map <base>-classes.tif."),
        QStringLiteral("RASTER.tif"));
    const QCommandLineOption page(QStringLiteral("page"),
                                  QStringLiteral("PDF paper: a4 (default) or letter."),
                                  QStringLiteral("SIZE"), QStringLiteral("a4"));
    parser.addOptions({ output, map, reference, confidence, page });
    parser.process(arguments);

    QTextStream err(stderr);
    if (parser.positionalArguments().size() != 1 || !parser.isSet(output)) {
        err << "deepterra-cli report: expected RUN --output report.html|report.pdf\n" << parser.helpText();
        return 2;
    }
    ReportRequest request;
    request.runFolder = parser.positionalArguments().constFirst();
    request.output = parser.value(output);
    request.map = parser.value(map);
    request.reference = parser.value(reference);
    request.confidence = parser.value(confidence);
    const QString paper = parser.value(page).toLower();
    if (paper != QLatin1String("a4") && paper != QLatin1String("letter")) {
        err << "deepterra-cli report: --page is a4 or letter\n";
        return 2;
    }
    request.page = paper == QLatin1String("letter") ? ReportRequest::Page::Letter : ReportRequest::Page::A4;
    if (!request.output.endsWith(QLatin1String(".html"), Qt::CaseInsensitive)
        && !request.output.endsWith(QLatin1String(".htm"), Qt::CaseInsensitive) && !request.isPdf()) {
        err << "deepterra-cli report: --output ends in .html or .pdf\n";
        return 2;
    }
    try {
        QStringList inputs { request.map, request.confidence, request.reference };
        inputs.removeAll(QString());
        OutputPathCheck::check(inputs, { request.output });
    } catch (const DataError &e) {
        err << "deepterra-cli: " << e.message() << "\n";
        return 1;
    }

    ConsoleFeedback feedback;
    std::optional<RunReportData> data;
    FunctionJob load(QStringLiteral("Reading the run"),
                     [&](Feedback &f) { data.emplace(RunReportData::load(request, &f)); });
    JobResult result = JobRunner::runBlocking(load, feedback);
    if (result.status != JobResult::Status::Succeeded)
        return result.status == JobResult::Status::Canceled ? 130 : 1;
    // Plots are widgets: drawn here, on the application's thread.
    const std::vector<ReportFigure> figures = ReportFigures::draw(*data);
    int pages = 0;
    FunctionJob write(QStringLiteral("Writing the report"), [&](Feedback &) {
        pages = ReportWriter::write(request, ReportHtml::build(*data, figures), figures);
    });
    feedback.reset();
    result = JobRunner::runBlocking(write, feedback);
    if (result.status != JobResult::Status::Succeeded)
        return result.status == JobResult::Status::Canceled ? 130 : 1;
    QTextStream out(stdout);
    out << "Wrote " << request.output;
    if (pages > 0)
        out << " (" << pages << " pages)";
    out << "\n";
    return 0;
}

} // namespace deepterra::cli
