#pragma once

#include "inference/predictionstrip.h"

namespace deepterra {

// Where RasterPredictor's finished rows go: GeoTIFF files (PredictionWriter) or memory
// (PredictedWindow). Strips arrive band by band, each band in row order, from one thread at a time.
class PredictionSink
{
public:
    virtual ~PredictionSink() = default;
    // Throws DataError when the rows cannot be kept (a full disk).
    virtual void write(const PredictionStrip &strip) = 0;

    // The winning class of a pixel of a classification strip, and its blended probability.
    static int bestClass(const PredictionStrip &strip, std::size_t pixel, int classCount, float *probability)
    {
        const std::size_t plane = std::size_t(strip.rows) * std::size_t(strip.width);
        int best = 0;
        float bestProbability = -1.0f;
        for (int c = 0; c < classCount; ++c) {
            const float p = strip.values[std::size_t(c) * plane + pixel];
            if (p > bestProbability) {
                bestProbability = p;
                best = c;
            }
        }
        *probability = bestProbability;
        return best;
    }
};

} // namespace deepterra
