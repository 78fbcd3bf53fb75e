#include "training/trainingconfigjson.h"

#include "common/jsonfields.h"

#include <QJsonArray>

namespace deepterra {

namespace {

template<typename E> QString nameOf(E value, const QStringList &names)
{
    return names.value(int(value));
}

template<typename E> E valueOf(const JsonFields &f, const QString &key, E fallback, const QStringList &names)
{
    return E(names.indexOf(f.choice(key, names.value(int(fallback)), names)));
}

const QStringList kOptimizers { QStringLiteral("sgd"), QStringLiteral("adam"), QStringLiteral("adamw"),
                                QStringLiteral("rmsprop") };
const QStringList kSchedules { QStringLiteral("constant"), QStringLiteral("step"), QStringLiteral("cosine"),
                               QStringLiteral("one-cycle") };
const QStringList kLosses {
    QStringLiteral("cross-entropy"), QStringLiteral("dice"),  QStringLiteral("focal"), QStringLiteral("mse"),
    QStringLiteral("mae"),           QStringLiteral("huber"), QStringLiteral("bce")
};
const QStringList kSplits { QStringLiteral("random"), QStringLiteral("spatial-blocks"),
                            QStringLiteral("chronological") };
const QStringList kNormalizations { QStringLiteral("mean-std"), QStringLiteral("percentile") };
const QStringList kSceneLabels { QStringLiteral("majority"), QStringLiteral("center") };
const QStringList kGapFills { QStringLiteral("none"), QStringLiteral("linear") };
const QStringList kDemChannels { QStringLiteral("elevation"), QStringLiteral("hillshade"),
                                 QStringLiteral("slope"),     QStringLiteral("aspect"),
                                 QStringLiteral("roughness"), QStringLiteral("tri"),
                                 QStringLiteral("tpi") };

void readPercentiles(const JsonFields &f, double &low, double &high)
{
    if (!f.has(QStringLiteral("percentiles")))
        return;
    const QJsonArray p = f.json().value(QStringLiteral("percentiles")).toArray();
    if (p.size() != 2 || !p.at(0).isDouble() || !p.at(1).isDouble() || p.at(0).toDouble() < 0
        || p.at(1).toDouble() > 100 || p.at(0).toDouble() >= p.at(1).toDouble())
        f.fail(QStringLiteral("percentiles"),
               QStringLiteral("must be [low, high] with 0 <= low < high <= 100"));
    low = p.at(0).toDouble();
    high = p.at(1).toDouble();
}

QJsonArray intArray(const std::vector<int> &values)
{
    QJsonArray a;
    for (int v : values)
        a.append(v);
    return a;
}

} // namespace

QJsonObject TrainingConfigJson::toJson(const TrainingConfig &c)
{
    QJsonObject json { { QStringLiteral("epochs"), c.epochs },
                       { QStringLiteral("batchSize"), c.batchSize },
                       { QStringLiteral("optimizer"), nameOf(c.optimizer, kOptimizers) },
                       { QStringLiteral("learningRate"), c.learningRate },
                       { QStringLiteral("momentum"), c.momentum },
                       { QStringLiteral("weightDecay"), c.weightDecay },
                       { QStringLiteral("schedule"), nameOf(c.schedule, kSchedules) },
                       { QStringLiteral("stepSize"), c.stepSize },
                       { QStringLiteral("gamma"), c.gamma },
                       { QStringLiteral("minLearningRate"), c.minLearningRate },
                       { QStringLiteral("maxLearningRate"), c.maxLearningRate },
                       { QStringLiteral("loss"), nameOf(c.loss, kLosses) },
                       { QStringLiteral("classWeighted"), c.classWeighted },
                       { QStringLiteral("focalGamma"), c.focalGamma },
                       { QStringLiteral("huberDelta"), c.huberDelta },
                       { QStringLiteral("gradientClipNorm"), c.gradientClipNorm },
                       { QStringLiteral("earlyStopping"),
                         QJsonObject { { QStringLiteral("metric"), c.earlyStoppingMetric },
                                       { QStringLiteral("patience"), c.earlyStoppingPatience } } },
                       { QStringLiteral("device"), c.device },
                       { QStringLiteral("threads"), c.threads },
                       { QStringLiteral("seed"), double(c.seed) } };
    // Written only when mixed, so that set-ups without it read and write as before.
    if (c.precision != PrecisionKind::Float32)
        json.insert(QStringLiteral("precision"), nameOf(c.precision, TrainingConfig::precisionNames()));
    if (c.processes != 1)
        json.insert(QStringLiteral("processes"), c.processes);
    return json;
}

TrainingConfig TrainingConfigJson::trainingFromFields(const JsonFields &f)
{
    TrainingConfig c;
    c.epochs = f.integer(QStringLiteral("epochs"), c.epochs, 1, 100000);
    c.batchSize = f.integer(QStringLiteral("batchSize"), c.batchSize, 1, 65536);
    c.optimizer = valueOf(f, QStringLiteral("optimizer"), c.optimizer, kOptimizers);
    c.learningRate = f.number(QStringLiteral("learningRate"), c.learningRate, 1e-12, 100.0);
    c.momentum = f.number(QStringLiteral("momentum"), c.momentum, 0.0, 1.0);
    c.weightDecay = f.number(QStringLiteral("weightDecay"), c.weightDecay, 0.0, 10.0);
    c.schedule = valueOf(f, QStringLiteral("schedule"), c.schedule, kSchedules);
    c.stepSize = f.integer(QStringLiteral("stepSize"), c.stepSize, 1, 100000);
    c.gamma = f.number(QStringLiteral("gamma"), c.gamma, 0.0, 1.0);
    c.minLearningRate = f.number(QStringLiteral("minLearningRate"), c.minLearningRate, 0.0, 100.0);
    c.maxLearningRate = f.number(QStringLiteral("maxLearningRate"), c.maxLearningRate, 0.0, 100.0);
    c.loss = valueOf(f, QStringLiteral("loss"), c.loss, kLosses);
    c.classWeighted = f.boolean(QStringLiteral("classWeighted"), c.classWeighted);
    c.focalGamma = f.number(QStringLiteral("focalGamma"), c.focalGamma, 0.0, 10.0);
    c.huberDelta = f.number(QStringLiteral("huberDelta"), c.huberDelta, 1e-9, 1e9);
    c.gradientClipNorm = f.number(QStringLiteral("gradientClipNorm"), c.gradientClipNorm, 0.0, 1e9);
    const JsonFields stopping = f.object(QStringLiteral("earlyStopping"));
    c.earlyStoppingMetric = stopping.string(QStringLiteral("metric"), c.earlyStoppingMetric);
    c.earlyStoppingPatience
        = stopping.integer(QStringLiteral("patience"), c.earlyStoppingPatience, 0, 100000);
    c.device = f.string(QStringLiteral("device"), c.device);
    c.threads = f.integer(QStringLiteral("threads"), c.threads, 0, 4096);
    c.processes = f.integer(QStringLiteral("processes"), c.processes, 1, 256);
    c.precision = valueOf(f, QStringLiteral("precision"), c.precision, TrainingConfig::precisionNames());
    c.seed = std::uint64_t(f.number(QStringLiteral("seed"), double(c.seed), 0.0, 9007199254740992.0));
    return c;
}

QJsonObject TrainingConfigJson::toJson(const TaskConfig &t)
{
    QJsonObject json { { QStringLiteral("type"), TaskConfig::kindName(t.kind) },
                       { QStringLiteral("split"),
                         QJsonObject { { QStringLiteral("method"), nameOf(t.split.kind, kSplits) },
                                       { QStringLiteral("validationFraction"), t.split.validationFraction },
                                       { QStringLiteral("blockSize"), t.split.blockSize },
                                       { QStringLiteral("buffer"), t.split.buffer } } } };
    // Written only when set, so that set-ups without them read and write as before.
    QJsonObject split = json.value(QStringLiteral("split")).toObject();
    if (t.split.stratified)
        split.insert(QStringLiteral("stratified"), true);
    if (t.split.testFraction > 0.0)
        split.insert(QStringLiteral("testFraction"), t.split.testFraction);
    if (t.split.folds >= 2) {
        split.insert(QStringLiteral("folds"), t.split.folds);
        split.insert(QStringLiteral("fold"), t.split.fold);
    }
    json.insert(QStringLiteral("split"), split);
    if (t.isRasterTask()) {
        const RasterTaskConfig &r = t.raster;
        json.insert(QStringLiteral("image"), r.imageLayer);
        json.insert(QStringLiteral("bands"), intArray(r.bands));
        if (!r.demLayer.isEmpty()) {
            json.insert(QStringLiteral("dem"), r.demLayer);
            json.insert(QStringLiteral("demChannels"), QJsonArray::fromStringList(r.demChannels));
        }
        if (!r.labelLayer.isEmpty())
            json.insert(QStringLiteral("labels"), r.labelLayer);
        json.insert(QStringLiteral("patchSize"), r.patchSize);
        json.insert(QStringLiteral("stride"), r.stride);
        json.insert(QStringLiteral("maxNoDataFraction"), r.maxNoDataFraction);
        json.insert(QStringLiteral("classBalanced"), r.classBalanced);
        json.insert(QStringLiteral("augment"), r.augment);
        json.insert(QStringLiteral("sceneLabel"), nameOf(r.sceneLabel, kSceneLabels));
        json.insert(QStringLiteral("normalization"), nameOf(r.normalization, kNormalizations));
        json.insert(QStringLiteral("percentiles"), QJsonArray { r.percentileLow, r.percentileHigh });
        // Written only when changed, so that set-ups without it read and write as before.
        if (r.memoryLimitMiB != RasterTaskConfig().memoryLimitMiB)
            json.insert(QStringLiteral("memoryLimitMiB"), r.memoryLimitMiB);
    } else {
        const SeriesTaskConfig &s = t.series;
        json.insert(QStringLiteral("series"), s.seriesLayer);
        json.insert(QStringLiteral("inputs"), QJsonArray::fromStringList(s.inputs));
        json.insert(QStringLiteral("targets"), QJsonArray::fromStringList(s.targets));
        json.insert(QStringLiteral("lookback"), s.lookback);
        json.insert(QStringLiteral("horizon"), s.horizon);
        json.insert(QStringLiteral("gapFill"), nameOf(s.gapFill, kGapFills));
        json.insert(QStringLiteral("jitter"), s.jitter);
        json.insert(QStringLiteral("relative"), s.relative);
        json.insert(QStringLiteral("normalization"), nameOf(s.normalization, kNormalizations));
        json.insert(QStringLiteral("percentiles"), QJsonArray { s.percentileLow, s.percentileHigh });
    }
    return json;
}

TaskConfig TrainingConfigJson::taskFromFields(const JsonFields &f)
{
    TaskConfig t;
    t.kind = TaskKind(TaskConfig::kindNames().indexOf(
        f.choice(QStringLiteral("type"), QString(), TaskConfig::kindNames())));
    const JsonFields split = f.object(QStringLiteral("split"));
    t.split.kind = valueOf(split, QStringLiteral("method"),
                           t.isRasterTask() ? SplitKind::SpatialBlocks : SplitKind::Chronological, kSplits);
    t.split.validationFraction
        = split.number(QStringLiteral("validationFraction"), t.split.validationFraction, 0.01, 0.9);
    t.split.blockSize = split.integer(QStringLiteral("blockSize"), t.split.blockSize, 0, 1000000);
    t.split.buffer = split.integer(QStringLiteral("buffer"), t.split.buffer, -1, 1000000);
    t.split.stratified = split.boolean(QStringLiteral("stratified"), t.split.stratified);
    t.split.testFraction = split.number(QStringLiteral("testFraction"), t.split.testFraction, 0.0, 0.5);
    if (t.split.testFraction + t.split.validationFraction > 0.9)
        split.fail(QStringLiteral("testFraction"),
                   QStringLiteral("with the validation fraction %1 leaves under a tenth for training")
                       .arg(t.split.validationFraction));
    t.split.folds = split.integer(QStringLiteral("folds"), t.split.folds, 0, 100);
    if (t.split.folds == 1)
        split.fail(QStringLiteral("folds"), QStringLiteral("cross-validation needs at least 2 folds"));
    t.split.fold = split.integer(QStringLiteral("fold"), t.split.fold, 0, std::max(0, t.split.folds - 1));
    if (t.isRasterTask()) {
        if (t.split.kind == SplitKind::Chronological)
            split.fail(QStringLiteral("method"),
                       QStringLiteral("\"chronological\" applies to series tasks only"));
        RasterTaskConfig &r = t.raster;
        r.imageLayer = f.requiredString(QStringLiteral("image"));
        r.bands = f.integers(QStringLiteral("bands"), r.bands, 1, 65535);
        r.demLayer = f.string(QStringLiteral("dem"), r.demLayer);
        r.demChannels = f.strings(QStringLiteral("demChannels"), r.demChannels);
        for (const QString &channel : std::as_const(r.demChannels))
            if (!kDemChannels.contains(channel))
                f.fail(QStringLiteral("demChannels"),
                       QStringLiteral("has \"%1\"; allowed: %2")
                           .arg(channel, kDemChannels.join(QStringLiteral(", "))));
        if (!r.demChannels.isEmpty() && r.demLayer.isEmpty())
            f.fail(QStringLiteral("demChannels"), QStringLiteral("needs a \"dem\" layer"));
        r.labelLayer = f.string(QStringLiteral("labels"), r.labelLayer);
        if (t.kind != TaskKind::RasterAutoencoder && r.labelLayer.isEmpty())
            f.fail(QStringLiteral("labels"),
                   QStringLiteral("is required for a %1 task").arg(TaskConfig::kindName(t.kind)));
        r.patchSize = f.integer(QStringLiteral("patchSize"), r.patchSize, 4, 4096);
        r.stride = f.integer(QStringLiteral("stride"), r.stride, 1, 4096);
        r.maxNoDataFraction = f.number(QStringLiteral("maxNoDataFraction"), r.maxNoDataFraction, 0.0, 1.0);
        r.classBalanced = f.boolean(QStringLiteral("classBalanced"), r.classBalanced);
        r.augment = f.boolean(QStringLiteral("augment"), r.augment);
        r.sceneLabel = valueOf(f, QStringLiteral("sceneLabel"), r.sceneLabel, kSceneLabels);
        r.normalization = valueOf(f, QStringLiteral("normalization"), r.normalization, kNormalizations);
        readPercentiles(f, r.percentileLow, r.percentileHigh);
        r.memoryLimitMiB = f.integer(QStringLiteral("memoryLimitMiB"), r.memoryLimitMiB, 64, 1048576);
    } else {
        if (t.split.kind != SplitKind::Chronological)
            split.fail(QStringLiteral("method"),
                       QStringLiteral("series tasks are split chronologically (validation "
                                      "strictly after training); use \"chronological\""));
        SeriesTaskConfig &s = t.series;
        s.seriesLayer = f.requiredString(QStringLiteral("series"));
        s.inputs = f.strings(QStringLiteral("inputs"), s.inputs);
        s.targets = f.strings(QStringLiteral("targets"), s.targets);
        s.lookback = f.integer(QStringLiteral("lookback"), s.lookback, 1, 1000000);
        s.horizon = f.integer(QStringLiteral("horizon"), s.horizon, 1, 1000000);
        s.gapFill = valueOf(f, QStringLiteral("gapFill"), s.gapFill, kGapFills);
        s.jitter = f.number(QStringLiteral("jitter"), s.jitter, 0.0, 10.0);
        s.relative = f.boolean(QStringLiteral("relative"), s.relative);
        s.normalization = valueOf(f, QStringLiteral("normalization"), s.normalization, kNormalizations);
        readPercentiles(f, s.percentileLow, s.percentileHigh);
    }
    return t;
}

} // namespace deepterra
