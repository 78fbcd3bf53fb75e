#include "cli/samplepointscommand.h"

#include "accuracy/samplepointsjob.h"
#include "cli/consolefeedback.h"
#include "common/dataerror.h"
#include "common/outputpathcheck.h"
#include "jobs/jobrunner.h"

#include <QCommandLineParser>
#include <QTextStream>

namespace deepterra::cli {

namespace {

// "0.9" or "0.7,0.6,0.9,0.95"; empty on a malformed list.
std::vector<double> parseAccuracies(const QString &text)
{
    std::vector<double> values;
    for (const QString &part : text.split(QLatin1Char(','))) {
        bool ok = false;
        const double v = part.trimmed().toDouble(&ok);
        if (!ok || v < 0.0 || v > 1.0)
            return {};
        values.push_back(v);
    }
    return values;
}

} // namespace

int SamplePointsCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Draws a stratified random sample of points from a class map (a predicted map, for instance) "
        "for an accuracy assessment after Olofsson et al. (2014): the strata are the map's classes, the "
        "sample size follows from the standard error wanted for the overall accuracy and the user's "
        "accuracy expected of each class, and the points are shared among the classes in proportion to "
        "their area with a floor per class. Label each point in any GIS by entering the class found on "
        "the ground or on better imagery in its 'reference' field (a class value or name), then give the "
        "file to 'deepterra-cli assess'. Training polygons are no such sample: they were not drawn at "
        "random."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("MAP"), QStringLiteral("The class map (band 1)."));
    const QCommandLineOption output(QStringLiteral("output"),
                                    QStringLiteral("The points to write (.gpkg, or .geojson)."),
                                    QStringLiteral("POINTS.gpkg"));
    const QCommandLineOption standardError(
        QStringLiteral("target-se"),
        QStringLiteral("Standard error wanted for the overall accuracy (default 0.01)."),
        QStringLiteral("SE"), QStringLiteral("0.01"));
    const QCommandLineOption expected(
        QStringLiteral("expected-accuracy"),
        QStringLiteral("User's accuracy expected of the classes: one value, or one per mapped class in "
                       "the order of their values, comma-separated (default 0.85; the run's validation "
                       "precision is a fair guess)."),
        QStringLiteral("U"), QStringLiteral("0.85"));
    const QCommandLineOption minimum(QStringLiteral("min-per-class"),
                                     QStringLiteral("Fewest points of any class (default 50)."),
                                     QStringLiteral("N"), QStringLiteral("50"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("Seed of the draw (default 1)."),
                                  QStringLiteral("N"), QStringLiteral("1"));
    parser.addOptions({ output, standardError, expected, minimum, seed });
    parser.process(arguments);

    QTextStream err(stderr);
    if (parser.positionalArguments().size() != 1 || !parser.isSet(output)) {
        err << "deepterra-cli sample-points: expected MAP --output POINTS.gpkg\n" << parser.helpText();
        return 2;
    }
    SamplePointsRequest request;
    request.map = parser.positionalArguments().constFirst();
    request.output = parser.value(output);
    bool ok = false;
    request.targetStandardError = parser.value(standardError).toDouble(&ok);
    if (!ok || request.targetStandardError <= 0.0 || request.targetStandardError >= 0.5) {
        err << "deepterra-cli sample-points: --target-se must be a number between 0 and 0.5\n";
        return 2;
    }
    request.expectedUsersAccuracy = parseAccuracies(parser.value(expected));
    if (request.expectedUsersAccuracy.empty()) {
        err << "deepterra-cli sample-points: --expected-accuracy takes values between 0 and 1, "
               "comma-separated\n";
        return 2;
    }
    request.minimumPerClass = parser.value(minimum).toLongLong(&ok);
    if (!ok || request.minimumPerClass < 0) {
        err << "deepterra-cli sample-points: --min-per-class must be a whole number >= 0\n";
        return 2;
    }
    request.seed = parser.value(seed).toULongLong(&ok);
    if (!ok) {
        err << "deepterra-cli sample-points: --seed must be a whole number >= 0\n";
        return 2;
    }
    try {
        OutputPathCheck::check({ request.map }, { request.output });
    } catch (const DataError &e) {
        err << "deepterra-cli: " << e.message() << "\n";
        return 1;
    }
    ConsoleFeedback feedback;
    SamplePointsJob job(request);
    const JobResult result = JobRunner::runBlocking(job, feedback);
    if (result.status != JobResult::Status::Succeeded)
        return result.status == JobResult::Status::Canceled ? 130 : 1;

    QTextStream out(stdout);
    qint64 drawn = 0;
    out << "Sample size for a standard error of " << request.targetStandardError << ": " << job.plannedSize()
        << " points\n";
    out << "value,class,pixels,weight,points\n";
    for (const SampledClass &c : job.plan()) {
        out << c.value << ',' << c.name << ',' << c.pixels << ',' << QString::number(c.weight, 'f', 4) << ','
            << c.points << "\n";
        drawn += c.points;
    }
    out << "Wrote " << drawn << " points to " << request.output
        << ": enter the class seen at each point in its 'reference' field\n";
    return 0;
}

} // namespace deepterra::cli
