#include "cli/assesscommand.h"

#include "accuracy/accuracyassessment.h"
#include "cli/consolefeedback.h"
#include "common/atomicfile.h"
#include "common/dataerror.h"
#include "common/outputpathcheck.h"
#include "jobs/functionjob.h"
#include "jobs/jobrunner.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QTextStream>

#include <cmath>
#include <optional>

namespace deepterra::cli {

namespace {

QString figure(double value, int decimals)
{
    return std::isfinite(value) ? QString::number(value, 'f', decimals) : QStringLiteral("n/a");
}

QString withInterval(double value, double halfWidth, int decimals)
{
    return figure(value, decimals) + QStringLiteral(" +/- ") + figure(halfWidth, decimals);
}

} // namespace

int AssessCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Estimates the accuracy of a class map and the area of each class from reference points drawn by "
        "'deepterra-cli sample-points' and labelled in their 'reference' field, with the stratified "
        "estimators of Olofsson et al. (2014): the error matrix in area proportions, user's, producer's "
        "and overall accuracy and the error-adjusted area of each class, each with its 95 % confidence "
        "interval. Points not yet labelled are left out (and counted). Kappa is printed as a legacy "
        "figure only."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("MAP"),
                                 QStringLiteral("The class map the points were drawn from."));
    const QCommandLineOption reference(QStringLiteral("reference"), QStringLiteral("The labelled points."),
                                       QStringLiteral("POINTS.gpkg"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Also write every figure as JSON."),
                                  QStringLiteral("F.json"));
    parser.addOptions({ reference, json });
    parser.process(arguments);

    QTextStream err(stderr);
    if (parser.positionalArguments().size() != 1 || !parser.isSet(reference)) {
        err << "deepterra-cli assess: expected MAP --reference POINTS.gpkg [--json F.json]\n"
            << parser.helpText();
        return 2;
    }
    const QString map = parser.positionalArguments().constFirst();
    const QString points = parser.value(reference);
    const QString jsonPath = parser.value(json);
    try {
        OutputPathCheck::check({ map, points },
                               jsonPath.isEmpty() ? QStringList() : QStringList { jsonPath });
    } catch (const DataError &e) {
        err << "deepterra-cli: " << e.message() << "\n";
        return 1;
    }
    ConsoleFeedback feedback;
    std::optional<AccuracyAssessment> assessment;
    FunctionJob job(QStringLiteral("Assessing the map"), [&](Feedback &f) {
        assessment.emplace(AccuracyAssessment::assess(map, points, &f));
        if (!jsonPath.isEmpty())
            AtomicFile::write(jsonPath, QJsonDocument(assessment->toJson()).toJson(QJsonDocument::Indented));
    });
    const JobResult result = JobRunner::runBlocking(job, feedback);
    if (result.status != JobResult::Status::Succeeded)
        return result.status == JobResult::Status::Canceled ? 130 : 1;

    const AreaAdjustedAccuracy &e = assessment->estimate();
    const QString unit = assessment->areaUnit();
    QTextStream out(stdout);
    out << "Stratified estimates (Olofsson et al. 2014) from " << assessment->labelledPoints()
        << " labelled points";
    if (assessment->unlabelledPoints() > 0)
        out << " (" << assessment->unlabelledPoints() << " not labelled yet, left out)";
    out << "; intervals are 95 %\n";
    out << "Overall accuracy: " << withInterval(e.overallAccuracy(), e.overallHalfWidth(), 3) << "\n";
    out << "value,class,points,mapped_" << unit
        << ",users_accuracy,users_ci95,producers_accuracy,producers_ci95,"
        << "estimated_" << unit << ",estimated_ci95\n";
    const int areaDecimals = unit == QLatin1String("ha") ? 1 : 0;
    for (int i = 0; i < e.classCount(); ++i) {
        const MappedClass &c = assessment->areas().classes()[std::size_t(i)];
        out << c.entry.value << ',' << c.entry.name << ',' << e.samplesOf(i) << ','
            << figure(e.mappedArea(i), areaDecimals) << ',' << figure(e.usersAccuracy(i), 3) << ','
            << figure(e.usersHalfWidth(i), 3) << ',' << figure(e.producersAccuracy(i), 3) << ','
            << figure(e.producersHalfWidth(i), 3) << ',' << figure(e.area(i), areaDecimals) << ','
            << figure(e.areaHalfWidth(i), areaDecimals) << "\n";
    }
    out << "Kappa (legacy figure; Pontius and Millones 2011 advise against judging maps by it): "
        << figure(e.kappa(), 3) << "\n";
    if (!jsonPath.isEmpty())
        out << "Wrote " << jsonPath << "\n";
    return 0;
}

} // namespace deepterra::cli
