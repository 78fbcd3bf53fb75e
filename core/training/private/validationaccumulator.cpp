#include "training/private/validationaccumulator.h"

#include "metrics/classificationmetrics.h"
#include "metrics/reconstructionerrors.h"

#include <QDataStream>
#include <QIODevice>
#include <QJsonArray>

#include <cmath>
#include <stdexcept>

namespace deepterra {

namespace {

// A baseline's forecast of target t at horizon step h + 1; NaN where the window has none (a
// window made without baselines, as the training benchmark's are).
double baselineAt(const std::vector<std::vector<double>> &forecasts, std::int64_t t, std::int64_t h)
{
    if (std::size_t(t) >= forecasts.size() || std::size_t(h) >= forecasts[std::size_t(t)].size())
        return std::nan("");
    return forecasts[std::size_t(t)][std::size_t(h)];
}

QDataStream &operator<<(QDataStream &stream, const ForecastSample &sample)
{
    return stream << sample.targetTime << qint32(sample.horizonStep) << sample.observed << sample.predicted
                  << sample.lastObserved << sample.seasonalNaive << sample.autoregressive;
}

QDataStream &operator>>(QDataStream &stream, ForecastSample &sample)
{
    qint32 step = 0;
    stream >> sample.targetTime >> step >> sample.observed >> sample.predicted >> sample.lastObserved
        >> sample.seasonalNaive >> sample.autoregressive;
    sample.horizonStep = step;
    return stream;
}

} // namespace

ValidationAccumulator::ValidationAccumulator(const TrainingData &data, Side side)
    : m_data(data)
    , m_windows(side == Side::Test ? data.testForecastWindow : data.forecastWindow)
    , m_prefix(side == Side::Test ? QStringLiteral("test_") : QStringLiteral("val_"))
    , m_confusion(data.classes.size())
    , m_forecasts(std::size_t(std::max<qsizetype>(1, data.targetColumns.size())))
{ }

void ValidationAccumulator::add(const SampleBatch &batch, const torch::Tensor &output, double batchLoss,
                                double lossWeight)
{
    // A batch without labelled pixels has no loss to count (its mean is 0 / 0).
    if (lossWeight > 0.0) {
        m_lossSum += batchLoss * lossWeight;
        m_lossWeight += lossWeight;
    }
    m_examples += batch.size;
    const torch::Tensor cpu = output.detach().to(torch::kCPU).contiguous();

    switch (m_data.task) {
    case TaskKind::Segmentation:
    case TaskKind::PatchClassification: {
        // The top-class probability without a softmax over every class: exp(max - logsumexp).
        const torch::Tensor logits = cpu.to(torch::kFloat32);
        const auto [maxLogit, argmax] = logits.max(1);
        const torch::Tensor predicted = argmax.contiguous();
        const torch::Tensor confidence = (maxLogit - logits.logsumexp(1)).exp().contiguous();
        const std::int64_t *p = predicted.data_ptr<std::int64_t>();
        for (std::size_t i = 0; i < batch.classes.size(); ++i)
            if (batch.classes[i] >= 0)
                m_confusion.add(int(batch.classes[i]), int(p[i]));
        m_calibration.addBatch(batch.classes.data(), p, confidence.data_ptr<float>(), batch.classes.size(),
                               m_confusion.classes());
        break;
    }
    case TaskKind::Forecasting: {
        const torch::Tensor out = cpu.to(torch::kFloat64);
        const double *o = out.data_ptr<double>();
        const std::int64_t horizon = out.size(1);
        const std::int64_t targets = out.size(2);
        for (std::size_t b = 0; b < batch.size; ++b) {
            const ForecastWindow window = m_windows(batch.indices[b]);
            for (std::int64_t h = 0; h < horizon; ++h)
                for (std::int64_t t = 0; t < targets; ++t) {
                    const std::size_t at
                        = (b * std::size_t(horizon) + std::size_t(h)) * std::size_t(targets) + std::size_t(t);
                    ForecastSample sample;
                    sample.targetTime = window.targetTimes.at(std::size_t(h));
                    sample.horizonStep = int(h) + 1;
                    const double last = window.lastObserved.at(std::size_t(t));
                    const auto toOriginalUnits = [&](double normalised) {
                        if (!m_data.relativeTargets)
                            return m_data.targetNormalizer.denormalize(normalised, int(t));
                        // A normalised change: its size in original units, added to the origin's value.
                        return last + m_data.targetNormalizer.denormalize(normalised, int(t))
                            - m_data.targetNormalizer.denormalize(0.0, int(t));
                    };
                    sample.predicted = toOriginalUnits(o[at]);
                    sample.observed = toOriginalUnits(batch.targets[at]);
                    sample.lastObserved = last;
                    sample.seasonalNaive = baselineAt(window.seasonalNaive, t, h);
                    sample.autoregressive = baselineAt(window.autoregressive, t, h);
                    m_forecasts[std::size_t(t)].push_back(sample);
                }
        }
        break;
    }
    case TaskKind::RasterAutoencoder:
    case TaskKind::SeriesAutoencoder: {
        const std::int64_t perExample = cpu.numel() / std::max<std::int64_t>(1, cpu.size(0));
        const float *o = cpu.data_ptr<float>();
        for (std::size_t b = 0; b < batch.size; ++b) {
            double sum = 0.0;
            for (std::int64_t k = 0; k < perExample; ++k) {
                const double d = double(o[b * std::size_t(perExample) + std::size_t(k)])
                    - double(batch.targets[b * std::size_t(perExample) + std::size_t(k)]);
                sum += d * d;
            }
            m_reconstructionErrors.push_back(sum / double(perExample));
        }
        break;
    }
    }
}

QByteArray ValidationAccumulator::serialized() const
{
    QByteArray bytes;
    QDataStream stream(&bytes, QIODevice::WriteOnly);
    stream << m_lossSum << m_lossWeight << quint64(m_examples) << qint32(m_confusion.classes());
    for (int t = 0; t < m_confusion.classes(); ++t)
        for (int p = 0; p < m_confusion.classes(); ++p)
            stream << qint64(m_confusion.at(t, p));
    stream << m_calibration << quint64(m_forecasts.size());
    for (const std::vector<ForecastSample> &target : m_forecasts) {
        stream << quint64(target.size());
        for (const ForecastSample &sample : target)
            stream << sample;
    }
    stream << quint64(m_reconstructionErrors.size());
    for (double error : m_reconstructionErrors)
        stream << error;
    return bytes;
}

void ValidationAccumulator::merge(const QByteArray &serialized)
{
    QDataStream stream(serialized);
    const auto damaged
        = [] { return std::runtime_error("a validation shard of another process is damaged"); };
    double lossSum = 0.0;
    double lossWeight = 0.0;
    quint64 examples = 0;
    qint32 classes = 0;
    stream >> lossSum >> lossWeight >> examples >> classes;
    if (stream.status() != QDataStream::Ok || classes != m_confusion.classes())
        throw damaged();
    ConfusionMatrix confusion(classes);
    for (int t = 0; t < classes; ++t)
        for (int p = 0; p < classes; ++p) {
            qint64 count = 0;
            stream >> count;
            confusion.add(t, p, count);
        }
    Calibration calibration;
    quint64 targets = 0;
    stream >> calibration >> targets;
    if (stream.status() != QDataStream::Ok || targets != m_forecasts.size())
        throw damaged();
    std::vector<std::vector<ForecastSample>> forecasts(m_forecasts.size());
    for (std::vector<ForecastSample> &target : forecasts) {
        quint64 count = 0;
        stream >> count;
        // Each sample takes more than 8 bytes: a larger count is a damaged stream, not an allocation.
        if (count > quint64(serialized.size()))
            throw damaged();
        target.resize(std::size_t(count));
        for (ForecastSample &sample : target)
            stream >> sample;
    }
    quint64 errors = 0;
    stream >> errors;
    if (stream.status() != QDataStream::Ok || errors > quint64(serialized.size()))
        throw damaged();
    std::vector<double> reconstructionErrors(static_cast<std::size_t>(errors));
    for (double &error : reconstructionErrors)
        stream >> error;
    if (stream.status() != QDataStream::Ok || !stream.atEnd())
        throw damaged();

    m_lossSum += lossSum;
    m_lossWeight += lossWeight;
    m_examples += std::size_t(examples);
    m_confusion.merge(confusion);
    m_calibration.merge(calibration);
    for (std::size_t t = 0; t < forecasts.size(); ++t)
        m_forecasts[t].insert(m_forecasts[t].end(), forecasts[t].begin(), forecasts[t].end());
    m_reconstructionErrors.insert(m_reconstructionErrors.end(), reconstructionErrors.begin(),
                                  reconstructionErrors.end());
}

ForecastEvaluation ValidationAccumulator::evaluate(std::size_t target) const
{
    // Data built without statistical baselines (a benchmark's) leave them out.
    const AutoregressiveModel none;
    return ForecastEvaluation::compute(
        m_forecasts.at(target), m_data.climatology.at(target), m_data.seasonalNaive,
        target < m_data.autoregressive.size() ? m_data.autoregressive[target] : none);
}

QMap<QString, double> ValidationAccumulator::metrics() const
{
    QMap<QString, double> m;
    m.insert(m_prefix + QStringLiteral("loss"), m_lossWeight > 0.0 ? m_lossSum / m_lossWeight : std::nan(""));
    switch (m_data.task) {
    case TaskKind::Segmentation:
    case TaskKind::PatchClassification: {
        const ClassificationMetrics c = ClassificationMetrics::compute(m_confusion);
        m.insert(m_prefix + QStringLiteral("accuracy"), c.overallAccuracy);
        m.insert(m_prefix + QStringLiteral("mean_iou"), c.meanIoU);
        m.insert(m_prefix + QStringLiteral("kappa"), c.kappa);
        m.insert(m_prefix + QStringLiteral("macro_f1"), c.macroF1);
        break;
    }
    case TaskKind::Forecasting: {
        const ForecastEvaluation e = evaluate(0);
        m.insert(m_prefix + QStringLiteral("rmse"), e.model.rmse);
        m.insert(m_prefix + QStringLiteral("mae"), e.model.mae);
        m.insert(m_prefix + QStringLiteral("r2"), e.model.r2);
        m.insert(m_prefix + QStringLiteral("nse"), e.model.nse);
        m.insert(m_prefix + QStringLiteral("persistence_rmse"), e.persistence.rmse);
        m.insert(m_prefix + QStringLiteral("skill_persistence"), e.skillVsPersistence);
        m.insert(m_prefix + QStringLiteral("skill_climatology"), e.skillVsClimatology);
        m.insert(m_prefix + QStringLiteral("skill_seasonal_naive"), e.skillVsSeasonalNaive);
        m.insert(m_prefix + QStringLiteral("skill_autoregressive"), e.skillVsAutoregressive);
        break;
    }
    case TaskKind::RasterAutoencoder:
    case TaskKind::SeriesAutoencoder: {
        const ReconstructionErrors r = ReconstructionErrors::summarize(m_reconstructionErrors);
        m.insert(m_prefix + QStringLiteral("reconstruction_mean"), r.mean);
        m.insert(m_prefix + QStringLiteral("anomaly_threshold"), r.threshold);
        break;
    }
    }
    return m;
}

QJsonObject ValidationAccumulator::details() const
{
    QJsonObject json;
    json.insert(QStringLiteral("task"), TaskConfig::kindName(m_data.task));
    json.insert(QStringLiteral("validationExamples"), double(m_examples));
    json.insert(QStringLiteral("loss"), m_lossWeight > 0.0 ? m_lossSum / m_lossWeight : QJsonValue());
    switch (m_data.task) {
    case TaskKind::Segmentation:
    case TaskKind::PatchClassification: {
        QStringList names;
        for (const ClassEntry &e : m_data.classes.entries)
            names << e.name;
        json.insert(QStringLiteral("classification"),
                    ClassificationMetrics::compute(m_confusion).toJson(names));
        json.insert(QStringLiteral("calibration"), m_calibration.toJson());
        break;
    }
    case TaskKind::Forecasting: {
        QJsonObject perTarget;
        for (std::size_t t = 0; t < m_forecasts.size(); ++t) {
            const QString name = t < std::size_t(m_data.targetColumns.size())
                ? m_data.targetColumns.at(qsizetype(t))
                : QStringLiteral("target%1").arg(t + 1);
            perTarget.insert(name, evaluate(t).toJson());
        }
        json.insert(QStringLiteral("forecast"), perTarget);
        break;
    }
    case TaskKind::RasterAutoencoder:
    case TaskKind::SeriesAutoencoder:
        json.insert(QStringLiteral("reconstruction"),
                    ReconstructionErrors::summarize(m_reconstructionErrors).toJson());
        break;
    }
    return json;
}

} // namespace deepterra
