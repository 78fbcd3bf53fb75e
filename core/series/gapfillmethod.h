#pragma once

namespace deepterra {

enum class GapFillMethod {
    None, // missing timestamps become NaN rows, values stay as they are
    Linear, // and interior NaNs are interpolated linearly in time
};

} // namespace deepterra
