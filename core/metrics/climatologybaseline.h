#pragma once

#include "metrics/season.h"

#include <QDateTime>
#include <QtGlobal>

#include <map>
#include <vector>

namespace deepterra {

// The forecast "same as usual for this time of year": the mean of the training values per season
// key (per calendar month, ISO week...). Fitted on the training period only, so that the
// validation skill against it is not flattered by knowing the validation values.
class ClimatologyBaseline
{
public:
    // An empty baseline: predicts NaN, and ForecastEvaluation leaves it out.
    ClimatologyBaseline() = default;

    // NaN values and invalid times are skipped. A key never seen in training falls back to the
    // overall training mean. Throws std::invalid_argument when the vectors differ in length.
    static ClimatologyBaseline fit(const std::vector<QDateTime> &times, const std::vector<double> &values,
                                   Season season);

    // NaN for an invalid time or an empty baseline.
    double predict(const QDateTime &time) const;
    Season season() const { return m_season; }

    bool isEmpty() const { return m_count == 0; }
    qint64 trainingCount() const { return m_count; } // values the means were taken over
    double overallMean() const; // NaN when empty
    int keyCount() const { return int(m_means.size()); } // season keys seen in training

private:
    Season m_season = Season::None;
    std::map<int, double> m_means;
    double m_overallMean = 0.0;
    qint64 m_count = 0;
};

} // namespace deepterra
