#pragma once

#include <QJsonObject>

namespace deepterra {

class Feedback;
class RasterDataset;
struct BandStatistics;
struct CrsInfo;
struct InspectOptions;
struct RasterInfo;

// JSON views of raster facts, shared by the raster, NetCDF and label reports.
class RasterReport
{
public:
    static QJsonObject describe(const RasterInfo &info);
    static QJsonObject describe(const RasterDataset &dataset, const InspectOptions &options,
                                Feedback *feedback);
    static QJsonObject crs(const CrsInfo &crs);
    static QJsonObject statistics(const BandStatistics &stats);
};

} // namespace deepterra
