#include "cli/infocommand.h"

#include "cli/consolefeedback.h"
#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "inspect/fileinspector.h"
#include "inspect/infotextformatter.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace deepterra::cli {

namespace {

// Exact statistics read every pixel twice: 5-6 s for 10^8 pixels (10000 x 10000 Float32, 2 cores).
// Above this, all bands together, --stats samples the raster unless --exact asks for every pixel;
// a header declaring 10^6 x 10^6 pixels would otherwise keep the command reading for hours.
constexpr qint64 kExactPixelLimit = 100'000'000;

// The pixels per band that the statistics of `report` looked at.
qint64 sampledPixels(const QJsonObject &report)
{
    const QJsonArray bands
        = report.value(QStringLiteral("raster")).toObject().value(QStringLiteral("bands")).toArray();
    if (bands.isEmpty())
        return 0;
    const QJsonObject statistics = bands.first().toObject().value(QStringLiteral("statistics")).toObject();
    return qint64(statistics.value(QStringLiteral("pixelCount")).toDouble());
}

// Pixels of a raster file, all bands together, or 0 when the file is no raster.
qint64 rasterPixels(const QString &path)
{
    if (FileInspector::detectKind(path) != FileInspector::Kind::Raster)
        return 0;
    const RasterDataset raster = RasterDataset::open(path);
    return qint64(raster.width()) * qint64(raster.height()) * qint64(raster.bandCount());
}

} // namespace

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
    const QCommandLineOption exact(
        QStringLiteral("exact"),
        QStringLiteral("With --stats: read every pixel even of a raster above 10^8 pixels (all bands "
                       "together), which otherwise gets approximate statistics from a sample (may take "
                       "long)."));
    parser.addOptions({ json, stats, approx, exact });
    parser.process(arguments);

    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        QTextStream(stderr) << "deepterra-cli info: expected one file\n" << parser.helpText();
        return 2;
    }
    if (parser.isSet(approx) && parser.isSet(exact)) {
        QTextStream(stderr) << "deepterra-cli info: --approx and --exact exclude each other\n";
        return 2;
    }
    InspectOptions options;
    options.statistics = parser.isSet(stats);
    options.approximate = parser.isSet(approx);
    const QString path = positional.constFirst();
    try {
        bool sampled = false;
        if (options.statistics && !options.approximate && !parser.isSet(exact)
            && rasterPixels(path) > kExactPixelLimit) {
            options.approximate = true;
            sampled = true;
        }
        ConsoleFeedback feedback;
        const QJsonObject report = FileInspector::inspect(path, options, &feedback);
        QTextStream out(stdout);
        if (parser.isSet(json))
            out << QJsonDocument(report).toJson(QJsonDocument::Indented);
        else
            out << InfoTextFormatter::format(report);
        if (sampled) {
            // On stderr in JSON mode, where stdout is for the document alone.
            out.flush();
            QTextStream note(parser.isSet(json) ? stderr : stdout);
            note << "Statistics are approximate, from a sample of " << sampledPixels(report)
                 << " pixels per band: the raster has more than " << kExactPixelLimit
                 << " pixels, all bands together (--exact reads every pixel)\n";
        }
        return 0;
    } catch (const DataError &e) {
        QTextStream(stderr) << "deepterra-cli: " << e.message() << "\n";
        return 1;
    }
}

} // namespace deepterra::cli
