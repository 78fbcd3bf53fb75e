#pragma once

namespace deepterra {

// Parameters of DemProcessor::compute(), with gdaldem's defaults. Each one is ignored by the
// derivatives that do not use it.
struct DemDerivativeOptions
{
    // Vertical exaggeration (hillshade, slope).
    double zFactor = 1.0;
    // Direction of the light, degrees clockwise from north (hillshade).
    double azimuth = 315.0;
    // Height of the light above the horizon, degrees, 0..90 (hillshade).
    double altitude = 45.0;
    // Slope as a percentage (100 = 45 degrees) instead of degrees.
    bool slopeInPercent = false;
    // Computes the outermost pixels and the pixels next to NoData from the valid neighbours
    // (interpolated). When false, both become NoData because their 3x3 window is incomplete.
    bool computeEdges = true;
    // How many vertical units one horizontal unit spans (gdaldem -s; hillshade, slope). 0 = auto: 1 for a
    // projected CRS (or none), whose units are assumed to be those of the elevations, and 111120 for a
    // geographic CRS (metres per degree of latitude), which is only right near the equator and for elevations
    // in metres.
    double horizontalScale = 0.0;
    // Aspect of flat pixels: gdaldem's default makes them NoData (-9999), which masks whole plains
    // out of a training set; true makes them 0 instead (gdaldem -zero_for_flat).
    bool zeroForFlat = false;
};

} // namespace deepterra
