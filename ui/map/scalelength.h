#pragma once

namespace deepterra {

// A round length for a scale bar or a grid step: 1, 2 or 5 times a power of ten, at most `limit`.
double roundScaleLength(double limit);

} // namespace deepterra
