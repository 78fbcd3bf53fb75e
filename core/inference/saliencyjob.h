#pragma once

#include "geodata/crsinfo.h"
#include "jobs/job.h"

#include <QPoint>
#include <QPointF>
#include <QRect>
#include <QString>
#include <QStringList>

#include <vector>

namespace deepterra {

struct SaliencyRequest
{
    QString runFolder; // a segmentation or patch-classification run (its best checkpoint)
    QString input; // a raster with the run's bands; empty: the run's training image
    QPointF point; // the place to explain, in pointCrs
    CrsInfo pointCrs; // invalid: the raster's own coordinates
    int steps = 32; // integrated gradients' steps along the path from the baseline
    // Edge of the square window explained around the point; 0: 128 pixels for U-Nets (a multiple of
    // 2^depth), the patch for classifiers, whose input size is fixed.
    int window = 0;
    QString output; // Float32 GeoTIFF over the window: the attribution's magnitude per pixel
};

// Where the model looks when it classifies one pixel: integrated gradients (Sundararajan et al.
// 2017) of the winning class's logit at that pixel (for a patch classifier, of the patch around
// it), with respect to every input pixel and channel of a window around it, from a baseline of
// zeros (the training mean of every normalised channel) to the input, by the midpoint rule.
// Integrated gradients rather than Grad-CAM: its map is at the input's resolution (Grad-CAM's is a
// convolution layer's, coarse, and a U-Net's last layer is full size and local), it needs no choice of
// layer, it splits by input channel as well as by pixel, and its attributions add up to the logit's
// change from the baseline (completeness), which the result reports as a check on the steps.
// The output raster holds, per pixel, the sum over channels of |attribution|.
class SaliencyJob : public Job
{
public:
    struct Result
    {
        QPoint pixel; // the explained pixel, in the raster's pixels
        QRect window; // the explained window, in the raster's pixels
        int classValue = 0; // the class the model gives the pixel
        QString className;
        double probability = 0.0; // its softmax probability
        QStringList channels; // the model's input channels
        std::vector<double> channelShares; // each channel's share of the total |attribution|
        // |sum of attributions - (logit(input) - logit(baseline))| / |logit(input) - logit(baseline)|
        double completenessError = 0.0;
    };

    explicit SaliencyJob(SaliencyRequest request);
    QString name() const override { return QStringLiteral("Saliency"); }
    // Throws DataError for a run that is not a class run, a point outside the raster, a raster too
    // small for the network, or an output that cannot be written; JobCanceled when cancelled.
    void run(Feedback &feedback) override;

    const SaliencyRequest &request() const { return m_request; }
    const Result &result() const { return m_result; }

private:
    SaliencyRequest m_request;
    Result m_result;
};

} // namespace deepterra
