#pragma once

#include <QString>

#include <cstdint>
#include <vector>

namespace deepterra {

struct ModelSummaryRow
{
    QString name; // "block1.conv"
    QString type; // "Conv2d(3->32, 3x3)"
    std::vector<std::int64_t> outputShape; // batch first
    std::int64_t parameters = 0;
};

// The layer table `deepterra-cli model` prints and the model form shows.
struct ModelSummary
{
    std::vector<ModelSummaryRow> rows;
    std::vector<std::int64_t> inputShape;
    std::int64_t totalParameters = 0;
    std::int64_t trainableParameters = 0;

    QString toText() const;
    static QString shapeText(const std::vector<std::int64_t> &shape);
};

} // namespace deepterra
