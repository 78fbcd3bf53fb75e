#pragma once

#include "jobs/job.h"

#include <QString>
#include <QStringList>

namespace deepterra {

// Joins the parts of a prediction (predict --part I/N: class maps, probabilities, confidence,
// uncertainty or anomaly maps, each part one file) into one raster: a GDAL VRT that reads the parts
// where they are (MAP.vrt), or a tiled DEFLATE GeoTIFF that holds them (MAP.tif, BigTIFF when
// needed), written under a temporary name and renamed when complete. The parts may come in any
// order; each must be there exactly once, all from the same prediction (their tags name it) and
// of the same output, or run() throws DataError naming the part and what is wrong ("part 3/4 is
// missing"). Band descriptions, NoData, the class colours and names and the file's metadata (for
// example how the uncertainty was computed) are the parts'; the pixels are theirs, bit for bit.
class PredictionMosaicJob : public Job
{
public:
    PredictionMosaicJob(QStringList parts, QString output);

    QString name() const override { return QStringLiteral("Joining the prediction's parts"); }
    void run(Feedback &feedback) override;

private:
    QStringList m_parts;
    QString m_output;
};

} // namespace deepterra
