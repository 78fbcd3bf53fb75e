#pragma once

#include <cstddef>
#include <utility>

namespace deepterra {

// The eight flips and 90-degree rotations of a square patch (the dihedral group), used to augment
// raster examples: the same transform is applied to every channel and to the labels.
class PatchTransform
{
public:
    static constexpr int kCount = 8;

    // 0 identity; 1..3 rotation by 90, 180, 270 degrees counter-clockwise (numpy.rot90 with k =
    // transform); 4..7 a left-right mirror (numpy.fliplr) followed by rotation by transform - 4.
    explicit PatchTransform(int transform, int size);

    // The input pixel that lands on output pixel (x, y).
    std::pair<int, int> source(int x, int y) const;

    // Copies a size x size plane through the transform.
    template<typename T> void apply(const T *in, T *out) const
    {
        for (int y = 0; y < m_size; ++y)
            for (int x = 0; x < m_size; ++x) {
                const auto [sx, sy] = source(x, y);
                out[std::size_t(y) * std::size_t(m_size) + std::size_t(x)]
                    = in[std::size_t(sy) * std::size_t(m_size) + std::size_t(sx)];
            }
    }

    bool isIdentity() const { return m_transform == 0; }

private:
    int m_transform = 0;
    int m_size = 0;
};

} // namespace deepterra
