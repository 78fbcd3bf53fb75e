#pragma once

#include "accuracy/accuracyassessment.h"
#include "models/modelsummary.h"
#include "report/reportrequest.h"
#include "results/autoencoderrunresults.h"
#include "results/classrunresults.h"
#include "results/forecastrunresults.h"
#include "training/epochrecord.h"

#include <QImage>
#include <QJsonObject>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace deepterra {

class Feedback;

// A data file the run read, described for the report and its reproducibility section.
struct ReportInput
{
    QString role; // "image", "labels", "series", ...
    QString path;
    QString description; // size, bands, CRS, resolution, extent for a raster; bytes otherwise
    QString sha256;
};

// Everything a run's report shows, read from the run folder (and the map and reference points
// when given). Reads files and may run the network (a forecast's validation period): load it off
// the GUI thread. Holds no widget; the figures are drawn from it on the GUI thread.
struct RunReportData
{
    ReportRequest request;
    QString runName;
    QString task;
    QString projectPath;
    QString started; // ISO time the run began
    QJsonObject config;
    QJsonObject metrics;
    std::vector<EpochRecord> history;
    QString monitoredMetric;
    ModelSummary layers;
    QString modelName;
    std::vector<ReportInput> inputs;
    QString software; // "Deepterra 0.1.0, Qt 6.4.2, LibTorch 1.13.0, GDAL 3.6.2"
    QString device; // what trained it, and the machine's processor

    std::optional<ClassRunResults> classes;
    std::optional<ForecastRunResults> forecast;
    std::optional<AutoencoderRunResults> autoencoder;

    // Area-adjusted accuracy of the map: from labelled reference points (a probability sample), or,
    // without them, from the validation pixels weighted by the map's class areas (indicative only).
    std::optional<AccuracyAssessment> assessment;
    std::shared_ptr<const AreaAdjustedAccuracy> indicative;
    QStringList indicativeNames;
    QString areaUnit; // "ha" or "pixels"
    QImage mapFigure; // the predicted classes with legend, scale bar, north arrow and coordinates
    QString mapUnderlay; // the image drawn beneath the classes; empty when none
    QString mapUnderlayBands; // which of its bands show, and as which colours
    QImage confidenceFigure; // the map's confidence or uncertainty; null without one
    QString confidencePath;
    QImage splitFigure; // the training, validation and test blocks (split.gpkg); null without

    // Throws DataError naming the file: a folder that is not a run, a missing or corrupt
    // metrics.json, a map or reference points that cannot be read.
    static RunReportData load(const ReportRequest &request, Feedback *feedback = nullptr);
    // The confidence or uncertainty raster the app writes beside a map <base>-classes.tif
    // (<base>-confidence.tif, else <base>-uncertainty.tif); empty when there is none.
    static QString confidenceBeside(const QString &map);
};

} // namespace deepterra
