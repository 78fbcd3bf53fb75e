#pragma once

#include "accuracy/referencepoint.h"

#include <QString>
#include <QtGlobal>

#include <cstdint>
#include <vector>

namespace deepterra {

class Feedback;
class MappedClassAreas;

// Draws a stratified random sample of pixels from a class map: for each class, exactly the
// number of pixels the plan asks for, every pixel of the class equally likely and none twice
// (selection sampling, Knuth's Algorithm S, in one pass over the map). The same map, plan and
// seed give the same points on every machine.
class StratifiedPointSampler
{
public:
    // perClass[i]: points wanted from areas.classes()[i] (at most its pixels). Points come out in
    // the map's row order, numbered from 1. Throws DataError for an unreadable map and JobCanceled.
    static std::vector<ReferencePoint> draw(const MappedClassAreas &areas,
                                            const std::vector<qint64> &perClass, std::uint64_t seed,
                                            Feedback *feedback = nullptr);
};

} // namespace deepterra
