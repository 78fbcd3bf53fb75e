#pragma once

#include "metrics/season.h"
#include "series/csvseriesoptions.h"
#include "series/seriesfrequency.h"
#include "training/trainingdata.h"

#include <cstdint>

namespace deepterra {

class Feedback;
class Project;
struct ProjectLayer;

// Prepares forecasting and series autoencoder data (see TrainingDataBuilder).
class SeriesTrainingDataBuilder
{
public:
    static TrainingData build(const Project &project, const TaskConfig &task, std::uint64_t seed,
                              Feedback *feedback = nullptr);

    // The climatology cycle of a series at `frequency`: calendar months for monthly data, ISO
    // weeks for weekly, calendar days for daily, hours of the day below a day; none for yearly or
    // irregular data.
    static Season seasonFor(const SeriesFrequency &frequency);

    // How the series layer's CSV is read: its date column and missing-value markers. Whatever reads
    // the series after training (anomaly scoring) reads it this way too.
    static CsvSeriesOptions csvOptions(const ProjectLayer &layer);
};

} // namespace deepterra
