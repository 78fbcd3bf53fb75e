#pragma once

#include "inference/rasterpart.h"
#include "inference/uncertaintysettings.h"

#include <QString>
#include <QStringList>

namespace deepterra {

enum class ConfidenceKind {
    MaxProbability, // the winning class's probability, 0..1
    Entropy, // Shannon entropy of the class probabilities in nats: 0 = certain
};

// What a whole-raster prediction reads, writes and how it slides over the raster.
struct PredictionRequest
{
    QString input; // raster with the bands the model was trained on
    // Class map (segmentation, patch classification) or reconstruction-error map (autoencoders).
    QString output;
    QString probabilities; // optional: one Float32 band per class
    QString confidence; // optional: one Float32 band
    ConfidenceKind confidenceKind = ConfidenceKind::MaxProbability;
    // Per-pixel uncertainty (Float32 bands, UncertaintySettings::bandDescription); required when
    // `uncertainty` is enabled, which then also makes the other outputs the passes' mean.
    UncertaintySettings uncertainty;
    QString uncertaintyOutput;
    // Tile edge in pixels; 0 = about 256, a multiple of the training patch size. A U-Net's tile is
    // rounded up to a multiple of 2^depth; models with a fixed input size always use the patch size.
    int tile = 0;
    int overlap
        = -1; // pixels shared by neighbouring tiles; -1 = a quarter of the tile (half for fixed-size models)
    // Tiles per forward pass of one stream; 0 = about 128 K pixels (2 tiles of 256, 128 patches of
    // 32). Small batches keep more of each layer's activations in cache: unet-small, 2 cores,
    // 4096 x 4096, two streams: 11.4-11.5 s at batch 1 or 2, 12.2-12.5 s and 150-250 MiB more at 4
    // (docs/benchmarks.md).
    int batch = 0;
    // Output columns per vertical band (rounded up to the outputs' 256-pixel blocks); 0 = bands of
    // about 32 MiB of input strip, one band for rasters that narrow. Memory follows the band width.
    int bandWidth = 0;
    // Where the network runs: auto (a CUDA GPU when LibTorch has one), cpu, cuda or cuda:N. Tiles
    // are read, blended and written on the CPU either way. RasterPredictor resolves it ("cuda:0").
    QString device = QStringLiteral("auto");
    int threads = 0; // LibTorch intra-op threads in all; 0 = leave as is
    // Networks evaluating batches side by side, the threads shared out among them (3 over 2: 2 and
    // 1); 0 = two when there are at least two threads on the CPU, one on a GPU.
    int streams = 0;
    // The part of the raster to predict (whole rows of 256-pixel blocks); the outputs cover that part
    // only, and PredictionMosaic joins the parts. The whole raster by default.
    RasterPart part;
    // Go on from where an interrupted prediction of the same outputs stopped (a kill, a crash, a
    // power cut: its ".partial" files and PredictionResumeState), when nothing it depends on has
    // changed; otherwise start over, saying why.
    bool resume = false;
    // How often the written rows are flushed and the resume state recorded: at most this much work
    // is lost to a kill. 0 = after every row of output blocks.
    int checkpointSeconds = 30;
    // Keep the partial files and the resume state when the prediction is cancelled (the CLI's
    // Ctrl+C, or a batch system's SIGTERM at the end of a job's time), not only after a kill.
    bool keepPartialWhenCanceled = false;

    // Every file the prediction writes (empty names for outputs not asked for).
    QStringList outputs() const { return { output, probabilities, confidence, uncertaintyOutput }; }
};

} // namespace deepterra
