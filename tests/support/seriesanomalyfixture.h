#pragma once

// A series whose anomaly is known by construction, for the series-anomaly tests (core, CLI and GUI):
// daily values from 2000-01-01, a sine of period 25 days around 10 with seeded noise, and a level
// shift of +6 over rows kAnomalyFirstRow..kAnomalyLastRow, inside the training period (the
// chronological split validates on the last fifth, so the threshold comes from normal windows). A
// small dense autoencoder (latent 2: just room for the sine's phase) trains on it in seconds.

#include "importancerunfixture.h"

#include <QDate>

#include <cmath>

namespace deepterra::test {

constexpr int kAnomalySeriesRows = 500;
constexpr int kAnomalyFirstRow = 150;
constexpr int kAnomalyLastRow = 169;
constexpr int kAnomalyLookback = 20;

inline QDate anomalySeriesDate(int row)
{
    return QDate(2000, 1, 1).addDays(row);
}

// Writes "date,level" to `path`; `shift` is the level shift over the anomalous rows (0: none).
inline bool writeAnomalySeries(const QString &path, double shift = 6.0)
{
    QFile csv(path);
    if (!csv.open(QIODevice::WriteOnly | QIODevice::Text))
        return false;
    std::mt19937 random(3);
    std::normal_distribution<double> noise(0.0, 0.15);
    csv.write("date,level\n");
    for (int row = 0; row < kAnomalySeriesRows; ++row) {
        double value = 10.0 + 3.0 * std::sin(2.0 * 3.14159265358979 * row / 25.0) + noise(random);
        if (row >= kAnomalyFirstRow && row <= kAnomalyLastRow)
            value += shift;
        csv.write(QStringLiteral("%1,%2\n")
                      .arg(anomalySeriesDate(row).toString(Qt::ISODate))
                      .arg(value, 0, 'f', 5)
                      .toUtf8());
    }
    return true;
}

// Writes <folder>/level.csv and the project <folder>/level-anomalies.deepterra and trains it into
// <folder>/runs/level-anomalies; returns the run folder, or "" and `error`.
inline QString trainSeriesAnomalyRun(const QString &folder, QString *error)
{
    const QString csvPath = QDir(folder).filePath(QStringLiteral("level.csv"));
    if (!writeAnomalySeries(csvPath)) {
        *error = QStringLiteral("cannot write ") + csvPath;
        return {};
    }
    QJsonObject training = importanceTraining(40, 32, QStringLiteral("val_loss"));
    training.insert(QStringLiteral("loss"), QStringLiteral("mse"));
    training.insert(QStringLiteral("learningRate"), 5e-3);
    const QJsonObject sections {
        { QStringLiteral("task"),
          QJsonObject { { QStringLiteral("type"), QStringLiteral("series-autoencoder") },
                        { QStringLiteral("series"), QStringLiteral("series") },
                        { QStringLiteral("lookback"), kAnomalyLookback },
                        { QStringLiteral("normalization"), QStringLiteral("mean-std") } } },
        { QStringLiteral("model"),
          QJsonObject { { QStringLiteral("type"), QStringLiteral("dense-autoencoder") },
                        { QStringLiteral("encoderLayers"), QJsonArray { 16 } },
                        { QStringLiteral("latent"), 2 },
                        { QStringLiteral("output"), QStringLiteral("linear") } } },
        { QStringLiteral("training"), training }
    };
    return trainImportanceRun(
        folder, QStringLiteral("level-anomalies"),
        { importanceLayer(QStringLiteral("series"), QStringLiteral("series"), csvPath) }, sections, error);
}

} // namespace deepterra::test
