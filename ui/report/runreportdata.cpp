#include "report/runreportdata.h"

#include "common/dataerror.h"
#include "geodata/gdalenvironment.h"
#include "geodata/netcdfsubdataset.h"
#include "geodata/rasterdataset.h"
#include "jobs/feedback.h"
#include "models/model.h"
#include "models/modelspecjson.h"
#include "report/confidencefigure.h"
#include "report/mapfigure.h"
#include "report/splitfigure.h"
#include "runtime/torchruntime.h"
#include "training/runfolder.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QThread>

#include <array>
#include <optional>

namespace deepterra {

namespace {

QJsonObject readMetrics(const QString &runFolder)
{
    const QString path = QDir(runFolder).filePath(QStringLiteral("metrics.json"));
    QFile file(path);
    if (!file.exists())
        throw DataError(path,
                        QStringLiteral("not found: the run has no evaluation to report yet (still training, "
                                       "or stopped before its first validation)"));
    if (!file.open(QIODevice::ReadOnly))
        throw DataError(path, QStringLiteral("cannot be read: %1").arg(file.errorString()));
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &error);
    if (document.isNull() || !document.isObject())
        throw DataError(path, QStringLiteral("is not a metrics file: %1").arg(error.errorString()));
    return document.object();
}

QString sha256Of(const QString &path, Feedback *feedback)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("(cannot be read: %1)").arg(file.errorString());
    QCryptographicHash hash(QCryptographicHash::Sha256);
    while (!file.atEnd()) {
        if (feedback)
            feedback->checkpoint();
        hash.addData(file.read(8 << 20));
    }
    return QString::fromLatin1(hash.result().toHex());
}

QString describeRaster(const QString &path)
{
    try {
        const RasterDataset dataset = RasterDataset::open(path);
        const RasterInfo &info = dataset.info();
        const QRectF extent = info.extent();
        const QString crs = info.crs.isValid()
            ? (info.crs.authorityCode.isEmpty() ? info.crs.name : info.crs.authorityCode)
            : QStringLiteral("no CRS");
        return QStringLiteral("%1 x %2 pixels, %3 band(s), %4, pixel %5 x %6, extent %7 .. %8, %9 .. %10")
            .arg(info.width)
            .arg(info.height)
            .arg(info.bandCount())
            .arg(crs)
            .arg(std::abs(info.geoTransform.pixelWidth()), 0, 'g', 6)
            .arg(std::abs(info.geoTransform.pixelHeight()), 0, 'g', 6)
            .arg(extent.left(), 0, 'f', 2)
            .arg(extent.right(), 0, 'f', 2)
            .arg(extent.top(), 0, 'f', 2)
            .arg(extent.bottom(), 0, 'f', 2);
    } catch (const DataError &) {
        return QStringLiteral("%1 bytes").arg(QLocale::c().toString(QFileInfo(path).size()));
    }
}

// The files config.json › data names: every string value that is an existing file, or a NetCDF
// variable (NETCDF:"file.nc":variable, for a series with ?lon=..&lat=.. or ?box=..) of one.
std::vector<ReportInput> inputsOf(const QJsonObject &data, Feedback *feedback)
{
    std::vector<ReportInput> inputs;
    for (auto it = data.begin(); it != data.end(); ++it) {
        if (!it.value().isString())
            continue;
        const QString path = it.value().toString();
        const QString subdataset = path.section(QLatin1Char('?'), 0, 0);
        const std::optional<NetCdfSubdataset> netCdf = NetCdfSubdataset::parse(subdataset);
        const QString file = netCdf ? netCdf->path : path;
        if (!QFileInfo(file).isFile())
            continue;
        ReportInput input;
        input.role = it.key();
        input.path = path;
        input.description = describeRaster(netCdf ? subdataset : path);
        input.sha256 = sha256Of(file, feedback);
        inputs.push_back(input);
    }
    return inputs;
}

QString processorName()
{
    QFile cpuinfo(QStringLiteral("/proc/cpuinfo"));
    if (cpuinfo.open(QIODevice::ReadOnly))
        for (const QByteArray &line : cpuinfo.readAll().split('\n'))
            if (line.startsWith("model name"))
                return QString::fromUtf8(line.mid(line.indexOf(':') + 1)).trimmed();
    return QStringLiteral("unknown processor");
}

// The validation pixels' matrix (truth rows, predicted columns, by class index) as a sample whose
// strata are the map's classes (map rows, reference columns, by the map's classes).
std::shared_ptr<const AreaAdjustedAccuracy>
indicativeEstimate(const ClassRunResults &classes, const MappedClassAreas &areas, QStringList *names)
{
    const int n = int(areas.classes().size());
    std::vector<std::vector<qint64>> counts(std::size_t(n), std::vector<qint64>(std::size_t(n), 0));
    std::vector<double> mapped;
    for (const MappedClass &c : areas.classes()) {
        mapped.push_back(areas.hasArea() ? c.hectares : double(c.pixels));
        *names << c.entry.name;
    }
    const ConfusionMatrix &matrix = classes.metrics.confusion;
    for (int truth = 0; truth < classes.classes.size(); ++truth)
        for (int predicted = 0; predicted < classes.classes.size(); ++predicted) {
            const int row = areas.indexOfValue(classes.classes.entries[std::size_t(predicted)].value);
            const int column = areas.indexOfValue(classes.classes.entries[std::size_t(truth)].value);
            if (row >= 0 && column >= 0)
                counts[std::size_t(row)][std::size_t(column)] += matrix.at(truth, predicted);
        }
    // A mapped class that validation never predicted has no sample: the estimate cannot be made.
    try {
        return std::make_shared<const AreaAdjustedAccuracy>(counts, mapped);
    } catch (const std::invalid_argument &) {
        return {};
    }
}

// What the project calls the training image's bands, by band number: the run's input channels for
// the bands it read (all, or the task's "bands").
QStringList imageBandNames(const QJsonObject &config)
{
    const QJsonArray channels = config.value(QStringLiteral("inputChannels")).toArray();
    const QJsonArray bands = config.value(QStringLiteral("setup"))
                                 .toObject()
                                 .value(QStringLiteral("task"))
                                 .toObject()
                                 .value(QStringLiteral("bands"))
                                 .toArray();
    QStringList names;
    if (bands.isEmpty()) {
        for (const QJsonValue &channel : channels)
            names << channel.toString();
        return names;
    }
    for (int i = 0; i < bands.size() && i < channels.size(); ++i) {
        const int band = bands.at(i).toInt();
        if (band < 1 || band > 1000)
            continue;
        while (names.size() < band)
            names << QString();
        names[band - 1] = channels.at(i).toString();
    }
    return names;
}

// The training image's grid; from config.json when the image is gone or cannot be read.
RasterGrid trainingGrid(const QJsonObject &config, const QString &image)
{
    try {
        if (!image.isEmpty())
            return RasterGrid::of(RasterDataset::open(image).info());
    } catch (const DataError &) { }
    const QJsonObject json = config.value(QStringLiteral("grid")).toObject();
    const QJsonArray gt = json.value(QStringLiteral("geoTransform")).toArray();
    RasterGrid grid;
    if (gt.size() != 6)
        return grid;
    std::array<double, 6> coefficients {};
    for (int i = 0; i < 6; ++i)
        coefficients[std::size_t(i)] = gt.at(i).toDouble();
    grid.width = json.value(QStringLiteral("width")).toInt();
    grid.height = json.value(QStringLiteral("height")).toInt();
    grid.geoTransform = GeoTransform(coefficients);
    const QString crs = json.value(QStringLiteral("crs")).toString();
    if (!crs.isEmpty())
        grid.crs = CrsInfo::fromUserInput(crs);
    return grid;
}

} // namespace

QString RunReportData::confidenceBeside(const QString &map)
{
    const QString suffix = QStringLiteral("-classes.tif");
    if (!map.endsWith(suffix, Qt::CaseInsensitive))
        return {};
    const QString base = map.left(map.size() - suffix.size());
    for (const char *kind : { "-confidence.tif", "-uncertainty.tif" })
        if (QFileInfo::exists(base + QLatin1String(kind)))
            return base + QLatin1String(kind);
    return {};
}

RunReportData RunReportData::load(const ReportRequest &request, Feedback *feedback)
{
    RunReportData data;
    data.request = request;
    const RunFolder run(request.runFolder);
    data.runName = QFileInfo(request.runFolder).fileName();
    data.config = run.readConfig();
    data.metrics = readMetrics(request.runFolder);
    data.history = run.readHistory();
    const QJsonObject setup = data.config.value(QStringLiteral("setup")).toObject();
    data.task = setup.value(QStringLiteral("task")).toObject().value(QStringLiteral("type")).toString();
    data.projectPath = data.config.value(QStringLiteral("projectPath")).toString();
    data.started = data.config.value(QStringLiteral("started")).toString();
    data.monitoredMetric = data.metrics.value(QStringLiteral("monitoredMetric")).toString();

    const QJsonObject trained = data.config.value(QStringLiteral("trainedModel")).toObject();
    data.modelName = trained.value(QStringLiteral("name")).toString();
    try {
        const ModelSpec spec = ModelSpecJson::fromJson(trained, run.filePath(QStringLiteral("config.json")));
        std::vector<std::int64_t> shape;
        const int patch = data.config.value(QStringLiteral("patchSize")).toInt();
        if (spec.segmenterDepth() > 0 && patch > 0)
            shape = { 1, trained.value(QStringLiteral("inputChannels")).toInt(), patch, patch };
        data.layers = Model::createForWeights(spec).summary(shape);
    } catch (const DataError &) {
        // An older run's model this build cannot make: the report goes without the layer table.
    }

    const QJsonObject software = data.config.value(QStringLiteral("software")).toObject();
    data.software = QStringLiteral(
                        "trained with Deepterra %1, Qt %2, LibTorch %3, GDAL %4; reported with Deepterra %5, "
                        "Qt %6, LibTorch %7, GDAL %8")
                        .arg(software.value(QStringLiteral("deepterra")).toString(),
                             software.value(QStringLiteral("qt")).toString(),
                             software.value(QStringLiteral("libtorch")).toString(),
                             software.value(QStringLiteral("gdal")).toString(),
                             QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion()),
                             TorchRuntime::libtorchVersion(), GdalEnvironment::gdalVersion());
    const QString device = data.metrics.value(QStringLiteral("device")).toString(QStringLiteral("cpu"));
    const int threads
        = setup.value(QStringLiteral("training")).toObject().value(QStringLiteral("threads")).toInt();
    data.device = QStringLiteral("%1 (%2, %3 thread(s) on this machine's %4 cores)")
                      .arg(device, processorName())
                      .arg(threads > 0 ? threads : QThread::idealThreadCount())
                      .arg(QThread::idealThreadCount());

    if (feedback)
        feedback->info(QStringLiteral("Checksumming the run's inputs"));
    data.inputs = inputsOf(data.config.value(QStringLiteral("data")).toObject(), feedback);

    if (ClassRunResults::isClassTask(data.task)) {
        data.classes = ClassRunResults::load(request.runFolder);
    } else if (data.task == QLatin1String("forecasting")) {
        if (feedback)
            feedback->info(QStringLiteral("Forecasting the validation period again"));
        data.forecast = ForecastRunResults::load(request.runFolder, feedback);
    } else if (data.task.endsWith(QLatin1String("autoencoder"))) {
        data.autoencoder = AutoencoderRunResults::load(request.runFolder);
    }

    // Drawn beneath the map when the map lies on its grid (a map of the scene the run trained on).
    const QString trainingImage
        = data.config.value(QStringLiteral("data")).toObject().value(QStringLiteral("image")).toString();
    const QStringList bandNames = imageBandNames(data.config);
    if (!request.map.isEmpty()) {
        if (feedback)
            feedback->info(QStringLiteral("Measuring the classes of %1").arg(request.map));
        QString shown;
        if (!request.reference.isEmpty()) {
            data.assessment = AccuracyAssessment::assess(request.map, request.reference, feedback);
            data.areaUnit = data.assessment->areaUnit();
            data.mapFigure = MapFigure::render(data.assessment->areas(), trainingImage, bandNames, &shown);
        } else {
            const MappedClassAreas areas = MappedClassAreas::measure(request.map, feedback);
            data.areaUnit = areas.hasArea() ? QStringLiteral("ha") : QStringLiteral("pixels");
            if (data.classes && data.classes->hasMatrix)
                data.indicative = indicativeEstimate(*data.classes, areas, &data.indicativeNames);
            data.mapFigure = MapFigure::render(areas, trainingImage, bandNames, &shown);
        }
        if (!shown.isEmpty()) {
            data.mapUnderlay = trainingImage;
            data.mapUnderlayBands = shown;
        }
    } else if (!request.reference.isEmpty()) {
        throw DataError(request.reference,
                        QStringLiteral("reference points need the map they were drawn from (--map)"));
    }

    data.confidencePath = request.confidence.isEmpty() ? confidenceBeside(request.map) : request.confidence;
    if (!data.confidencePath.isEmpty()) {
        if (feedback)
            feedback->info(QStringLiteral("Drawing %1").arg(data.confidencePath));
        try {
            data.confidenceFigure = ConfidenceFigure::render(data.confidencePath);
        } catch (const DataError &error) {
            // One the user named must be right; one found beside the map only adds to the report.
            if (!request.confidence.isEmpty())
                throw;
            if (feedback)
                feedback->warning(QStringLiteral("The confidence map is left out: %1").arg(error.message()));
            data.confidencePath.clear();
        }
    }

    const QString splitLayer = run.filePath(QStringLiteral("split.gpkg"));
    if (QFileInfo::exists(splitLayer)) {
        const RasterGrid grid = trainingGrid(data.config, trainingImage);
        try {
            data.splitFigure = SplitFigure::render(splitLayer, grid, trainingImage, bandNames);
        } catch (const DataError &error) {
            // The report is whole without it: the split's settings and class counts are in the text.
            if (feedback)
                feedback->warning(QStringLiteral("The split's map is left out: %1").arg(error.message()));
        }
    }
    return data;
}

} // namespace deepterra
