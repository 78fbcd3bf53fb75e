#pragma once

#include <QtGlobal>

#include <vector>

namespace deepterra {

// How many reference points an accuracy assessment of a class map needs and how they are shared
// among the classes (the strata of a stratified random sample), after Olofsson et al. 2014,
// section 5.1: the total from the standard error wanted for the overall accuracy and the user's
// accuracies expected of each class (eq. 13), then proportional allocation with a floor per
// class, so that rare classes get enough points for their own accuracies.
class SamplingPlan
{
public:
    // n = (sum W_i S_i / S(O))^2 with S_i = sqrt(U_i (1 - U_i)), rounded up. weights: the map's
    // class shares (summing to 1); expectedUsersAccuracy: one value per class in 0..1;
    // targetStandardError > 0. Throws std::invalid_argument on sizes that differ or values out
    // of range.
    static qint64 sampleSize(const std::vector<double> &weights,
                             const std::vector<double> &expectedUsersAccuracy, double targetStandardError);

    // `total` points shared in proportion to the weights (largest remainders), every class with
    // area given at least `minimumPerClass`, the proportional classes sharing what the floors
    // leave, and no class more points than it has pixels (`available`; the surplus goes to the
    // others). A class with weight 0 gets none. The result can exceed `total` only through the
    // floors.
    static std::vector<qint64> allocate(qint64 total, const std::vector<double> &weights,
                                        qint64 minimumPerClass, const std::vector<qint64> &available);
};

} // namespace deepterra
