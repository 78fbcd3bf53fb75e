#pragma once

#include "jobs/job.h"
#include "metrics/confusionmatrix.h"

#include <QString>

namespace deepterra {

// Where on the map a class run's validation pixels are, and what the best checkpoint made of each: rebuilds
// the run's validation patches exactly as training did (config.json's project, setup and seed), predicts them
// with checkpoints/best.pt as the trainer's validation pass did, and writes RUN/validation-class-pairs.tif on
// the training image's grid (covering the validation patches' bounding box): pairValue(truth, predicted) for
// every labelled validation pixel, 0 (NoData) elsewhere. One raster of every (truth, predicted) pair rather
// than one mask per confusion-matrix cell: predicting is the slow part, so it is done once and every later
// cell the user picks is only a re-style of the same file. Validation patches of a segmentation run never
// overlap (RasterTrainingDataBuilder), so each pixel has one pair and the raster's count of a pair is the
// confusion matrix's cell in metrics.json. A patch-classification run has one class per patch: the pair fills
// the cell of the stride grid at the patch's centre (stride x stride pixels), and counts() counts patches. A
// segmentation raster written after best.pt was saved is reused (its counts are read back) instead of being
// predicted again.
class ValidationClassPairsJob : public Job
{
public:
    explicit ValidationClassPairsJob(QString runFolder);
    QString name() const override { return QStringLiteral("Mapping the validation pixels"); }
    // Throws DataError for a run that is not a segmentation run, or whose data or checkpoint
    // cannot be read.
    void run(Feedback &feedback) override;

    static QString outputPath(const QString &runFolder);
    // The raster's value of a (truth, predicted) pair of class indices: 1 + truth * classes + predicted.
    static int pairValue(int truth, int predicted, int classCount)
    {
        return 1 + truth * classCount + predicted;
    }

    const QString &output() const { return m_output; }
    // The pixels of each pair in the written (or reused) raster.
    const ConfusionMatrix &counts() const { return m_counts; }
    bool reused() const { return m_reused; }

private:
    void readBack(int classCount);

    QString m_runFolder;
    QString m_output;
    ConfusionMatrix m_counts;
    bool m_reused = false;
};

} // namespace deepterra
