#pragma once

// Runs whose answer to "which input matters" is known by construction, for the permutation
// importance tests (core, CLI and GUI). Each trains a tiny seeded model for a few seconds:
// - a patch classification of a 2-band raster where band 1 ("signal", constant over each 8x8 patch)
//   decides the class (band 1 > 0.5) and band 2 ("noise") is per-pixel noise;
// - a forecaster of y from two variables where y follows "signal" one step later and "noise" is
//   noise: y(t) = signal(t - 1).
// The project is written to <folder>/<name>.deepterra and the run to <folder>/runs/<name>, where
// the project's runs folder is, so that `explain --run <name>` finds it.

#include "jobs/feedback.h"
#include "jobs/jobrunner.h"
#include "testdata.h"
#include "training/trainingjob.h"

#include <QDate>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <random>
#include <vector>

namespace deepterra::test {

inline QJsonObject importanceLayer(const QString &id, const QString &kind, const QString &path)
{
    return { { QStringLiteral("id"), id },
             { QStringLiteral("kind"), kind },
             { QStringLiteral("path"), path } };
}

// Trains the project's run into <folder>/runs/<name>; returns the run folder, or "" and `error`.
inline QString trainImportanceRun(const QString &folder, const QString &name, const QJsonArray &layers,
                                  const QJsonObject &sections, QString *error)
{
    QJsonObject project = sections;
    project.insert(QStringLiteral("format"), QStringLiteral("deepterra-project"));
    project.insert(QStringLiteral("version"), 1);
    project.insert(QStringLiteral("name"), name);
    project.insert(QStringLiteral("layers"), layers);
    const QString projectPath = QDir(folder).filePath(name + QStringLiteral(".deepterra"));
    QFile file(projectPath);
    if (!file.open(QIODevice::WriteOnly)) {
        *error = QStringLiteral("cannot write ") + projectPath;
        return {};
    }
    file.write(QJsonDocument(project).toJson());
    file.close();

    TrainingRequest request;
    request.projectPath = projectPath;
    request.outputFolder = QDir(folder).filePath(QStringLiteral("runs/") + name);
    request.threads = 2;
    TrainingJob training(request);
    Feedback feedback;
    const JobResult trained = JobRunner::runBlocking(training, feedback);
    if (!trained.succeeded()) {
        *error = trained.error;
        return {};
    }
    return training.runFolder();
}

inline QJsonObject importanceTraining(int epochs, int batch, const QString &metric)
{
    return { { QStringLiteral("epochs"), epochs },
             { QStringLiteral("batchSize"), batch },
             { QStringLiteral("learningRate"), 1e-2 },
             { QStringLiteral("seed"), 7 },
             { QStringLiteral("device"), QStringLiteral("cpu") },
             { QStringLiteral("earlyStopping"), QJsonObject { { QStringLiteral("metric"), metric } } } };
}

inline QString trainSignalNoiseClassRun(const QString &folder, QString *error)
{
    constexpr int size = 96;
    constexpr int patch = 8;
    std::mt19937 random(11);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    std::vector<double> blocks(std::size_t((size / patch) * (size / patch)));
    for (double &b : blocks)
        b = uniform(random);
    std::vector<double> image(std::size_t(2 * size * size));
    std::vector<double> classes(std::size_t(size * size));
    for (int y = 0; y < size; ++y)
        for (int x = 0; x < size; ++x) {
            const std::size_t at = std::size_t(y * size + x);
            const double signal = blocks[std::size_t((y / patch) * (size / patch) + x / patch)];
            image[at] = signal;
            image[std::size_t(size * size) + at] = uniform(random);
            classes[at] = signal > 0.5 ? 2.0 : 1.0;
        }
    RasterSpec spec;
    spec.width = size;
    spec.height = size;
    spec.bands = 2;
    const QString imagePath
        = writeRaster(QDir(folder).filePath(QStringLiteral("signal-noise.tif")), spec, image);
    spec.bands = 1;
    spec.dataType = QStringLiteral("Byte");
    spec.hasNoData = true;
    spec.noData = 0.0;
    const QString labelsPath
        = writeRaster(QDir(folder).filePath(QStringLiteral("signal-noise-classes.tif")), spec, classes);
    if (imagePath.isEmpty() || labelsPath.isEmpty()) {
        *error = QStringLiteral("cannot write the fixture rasters");
        return {};
    }
    const QJsonObject sections {
        { QStringLiteral("task"),
          QJsonObject { { QStringLiteral("type"), QStringLiteral("patch-classification") },
                        { QStringLiteral("image"), QStringLiteral("image") },
                        { QStringLiteral("labels"), QStringLiteral("labels") },
                        { QStringLiteral("patchSize"), patch },
                        { QStringLiteral("stride"), patch },
                        { QStringLiteral("augment"), false },
                        { QStringLiteral("split"),
                          QJsonObject { { QStringLiteral("method"), QStringLiteral("random") },
                                        { QStringLiteral("validationFraction"), 0.3 } } } } },
        { QStringLiteral("model"),
          QJsonObject { { QStringLiteral("type"), QStringLiteral("cnn") },
                        { QStringLiteral("blocks"),
                          QJsonArray { QJsonObject { { QStringLiteral("filters"), 8 },
                                                     { QStringLiteral("padding"), QStringLiteral("same") },
                                                     { QStringLiteral("pool"), 2 } } } } } },
        { QStringLiteral("training"), importanceTraining(12, 16, QStringLiteral("val_accuracy")) }
    };
    return trainImportanceRun(
        folder, QStringLiteral("signal-noise"),
        { importanceLayer(QStringLiteral("image"), QStringLiteral("imagery"), imagePath),
          importanceLayer(QStringLiteral("labels"), QStringLiteral("class-raster"), labelsPath) },
        sections, error);
}

inline QString trainSignalNoiseForecastRun(const QString &folder, QString *error)
{
    constexpr int rows = 400;
    std::mt19937 random(5);
    std::normal_distribution<double> normal(0.0, 1.0);
    const QString csvPath = QDir(folder).filePath(QStringLiteral("signal-noise.csv"));
    QFile csv(csvPath);
    if (!csv.open(QIODevice::WriteOnly | QIODevice::Text)) {
        *error = QStringLiteral("cannot write ") + csvPath;
        return {};
    }
    csv.write("date,signal,noise,y\n");
    const QDate start(2000, 1, 1);
    double previousSignal = 0.0;
    for (int t = 0; t < rows; ++t) {
        const double signal = normal(random);
        const double noise = normal(random);
        csv.write(QStringLiteral("%1,%2,%3,%4\n")
                      .arg(start.addDays(t).toString(Qt::ISODate))
                      .arg(signal, 0, 'f', 5)
                      .arg(noise, 0, 'f', 5)
                      .arg(previousSignal, 0, 'f', 5)
                      .toUtf8());
        previousSignal = signal;
    }
    csv.close();
    const QJsonObject sections {
        { QStringLiteral("task"),
          QJsonObject {
              { QStringLiteral("type"), QStringLiteral("forecasting") },
              { QStringLiteral("series"), QStringLiteral("series") },
              { QStringLiteral("inputs"), QJsonArray { QStringLiteral("signal"), QStringLiteral("noise") } },
              { QStringLiteral("targets"), QJsonArray { QStringLiteral("y") } },
              { QStringLiteral("lookback"), 4 },
              { QStringLiteral("horizon"), 1 },
              { QStringLiteral("relative"), false } } },
        { QStringLiteral("model"),
          QJsonObject { { QStringLiteral("type"), QStringLiteral("recurrent") },
                        { QStringLiteral("cell"), QStringLiteral("gru") },
                        { QStringLiteral("hiddenSize"), 16 },
                        { QStringLiteral("layers"), 1 } } },
        { QStringLiteral("training"), importanceTraining(15, 32, QStringLiteral("val_rmse")) }
    };
    return trainImportanceRun(
        folder, QStringLiteral("signal-noise-forecast"),
        { importanceLayer(QStringLiteral("series"), QStringLiteral("series"), csvPath) }, sections, error);
}

} // namespace deepterra::test
