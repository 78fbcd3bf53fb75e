#pragma once

#include <optional>

namespace deepterra {

// A point of an accuracy assessment's sample: the centre of a map pixel drawn at random from its
// class (the stratum), with the class a person found there on reference data, once labelled.
struct ReferencePoint
{
    int id = 0;
    int column = 0;
    int row = 0;
    double x = 0.0; // in the map's CRS
    double y = 0.0;
    int mapValue = 0;
    std::optional<int> reference;
};

} // namespace deepterra
