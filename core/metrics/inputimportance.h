#pragma once

#include <QString>

namespace deepterra {

// How much one input (a band, a DEM channel, a series variable or a lag) matters to a model: the
// mean drop of the monitored metric when that input is permuted across the validation examples,
// and the standard deviation of the drop over the repeats. A bigger drop is a more important input;
// a drop near zero (or below, within its spread) is an input the model does without.
struct InputImportance
{
    QString name;
    double drop = 0.0;
    double spread = 0.0; // sample standard deviation over the repeats; 0 for one repeat
};

} // namespace deepterra
