#include "cli/infocommand.h"

#include "cli/consolefeedback.h"
#include "common/dataerror.h"
#include "inspect/fileinspector.h"
#include "inspect/infotextformatter.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QTextStream>

namespace deepterra::cli {

QString InfoCommand::summary() const
{
    return QStringLiteral("Describe a raster, vector, NetCDF or CSV file");
}

int InfoCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Describes a geodata file: rasters (size, bands, data types, NoData, colour and attribute "
        "tables, CRS, geotransform, extent), vector layers (geometry, features, fields, CRS), "
        "NetCDF variables (dimensions, decoded time range) and CSV series (columns, date range, "
        "rows, missing values, frequency, gaps)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("path"), QStringLiteral("The file to describe."));
    const QCommandLineOption json(QStringLiteral("json"),
                                  QStringLiteral("Print a JSON document for scripts."));
    const QCommandLineOption stats(
        QStringLiteral("stats"),
        QStringLiteral("Add per-band statistics (min, max, mean, std, percentiles; "
                       "NoData skipped) or per-column summaries."));
    const QCommandLineOption approx(
        QStringLiteral("approx"),
        QStringLiteral("With --stats: fast approximate statistics from overviews."));
    parser.addOptions({ json, stats, approx });
    parser.process(arguments);

    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        QTextStream(stderr) << "deepterra-cli info: expected one file\n" << parser.helpText();
        return 2;
    }
    InspectOptions options;
    options.statistics = parser.isSet(stats);
    options.approximate = parser.isSet(approx);
    try {
        ConsoleFeedback feedback;
        const QJsonObject report = FileInspector::inspect(positional.constFirst(), options, &feedback);
        QTextStream out(stdout);
        if (parser.isSet(json))
            out << QJsonDocument(report).toJson(QJsonDocument::Indented);
        else
            out << InfoTextFormatter::format(report);
        return 0;
    } catch (const DataError &e) {
        QTextStream(stderr) << "deepterra-cli: " << e.message() << "\n";
        return 1;
    }
}

} // namespace deepterra::cli
