#include "inference/seriesanomalies.h"

#include "common/atomicfile.h"

#include <QTextStream>

#include <algorithm>
#include <cmath>

namespace deepterra {

int SeriesAnomalies::anomalousSteps() const
{
    int count = 0;
    for (std::size_t row = 0; row < scores.size(); ++row)
        count += isAnomalous(int(row)) ? 1 : 0;
    return count;
}

int SeriesAnomalies::windowsAboveThreshold() const
{
    return int(std::count_if(windowErrors.begin(), windowErrors.end(),
                             [this](double error) { return error > threshold; }));
}

void SeriesAnomalies::score()
{
    const std::size_t rows = times.size();
    scores.assign(rows, std::numeric_limits<double>::quiet_NaN());
    for (std::size_t w = 0; w < windowStarts.size(); ++w)
        for (int row = windowStarts[w]; row < windowStarts[w] + lookback; ++row) {
            double &score = scores[std::size_t(row)];
            score = std::isnan(score) ? windowErrors[w] : std::min(score, windowErrors[w]);
        }

    periods.clear();
    for (int row = 0; row < int(rows);) {
        if (!isAnomalous(row)) {
            ++row;
            continue;
        }
        SeriesAnomalyPeriod period;
        period.firstRow = row;
        while (row + 1 < int(rows) && isAnomalous(row + 1))
            ++row;
        period.lastRow = row;
        period.start = times[std::size_t(period.firstRow)];
        period.end = times[std::size_t(period.lastRow)];
        periods.push_back(period);
        ++row;
    }
    // Windows are sorted by their first row, periods by theirs: one pass would do, but a window may
    // overlap two periods and there are few periods.
    for (SeriesAnomalyPeriod &period : periods)
        for (std::size_t w = 0; w < windowStarts.size(); ++w) {
            const int first = windowStarts[w];
            if (first > period.lastRow || first + lookback - 1 < period.firstRow)
                continue;
            period.peakError = std::max(period.peakError, windowErrors[w]);
            period.windows += windowErrors[w] > threshold ? 1 : 0;
        }
}

void SeriesAnomalies::writeCsv(const QString &path) const
{
    QString text;
    QTextStream out(&text);
    out << "time,value,score,anomalous\n";
    for (std::size_t row = 0; row < times.size(); ++row)
        out << times[row].toString(Qt::ISODate) << ','
            << (std::isfinite(values[row]) ? QString::number(values[row], 'g', 10) : QString()) << ','
            << (std::isfinite(scores[row]) ? QString::number(scores[row], 'g', 8) : QString()) << ','
            << (isAnomalous(int(row)) ? '1' : '0') << '\n';
    out.flush();
    AtomicFile::write(path, text.toUtf8(), QStringLiteral("cannot write the anomaly scores"));
}

} // namespace deepterra
