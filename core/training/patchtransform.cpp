#include "training/patchtransform.h"

namespace deepterra {

PatchTransform::PatchTransform(int transform, int size)
    : m_transform(((transform % kCount) + kCount) % kCount)
    , m_size(size)
{ }

std::pair<int, int> PatchTransform::source(int x, int y) const
{
    const int last = m_size - 1;
    // Undo the rotations one quarter turn at a time: output (x, y) of a counter-clockwise quarter
    // turn shows input column last - y of row x.
    for (int turn = 0; turn < m_transform % 4; ++turn) {
        const int column = last - y;
        y = x;
        x = column;
    }
    if (m_transform >= 4)
        x = last - x;
    return { x, y };
}

} // namespace deepterra
