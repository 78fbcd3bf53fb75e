#pragma once

#include <cstdint>
#include <vector>

namespace deepterra {

// Finished rows of one band of a prediction, on their way to the writer: blended class
// probabilities (or reconstruction errors, one plane) and which pixels had valid input.
struct PredictionStrip
{
    int firstRow = 0;
    int rows = 0;
    int firstColumn = 0;
    int width = 0; // columns of the band
    int planes = 0; // classes, or 1 for a reconstruction error; then the uncertainty bands, if any
    std::vector<float> values; // plane after plane, each rows x width
    std::vector<std::uint8_t> valid; // rows x width
};

} // namespace deepterra
