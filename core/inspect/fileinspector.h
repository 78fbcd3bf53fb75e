#pragma once

#include <QJsonObject>
#include <QString>

namespace deepterra {

class Feedback;

struct InspectOptions
{
    bool statistics = false; // per-band statistics / per-column summaries
    bool approximate = false; // statistics from overviews or a decimated read
};

// Everything `deepterra-cli info` and the GUI's properties panel say about a file, as one JSON
// document: rasters (any GDAL driver), vector layers, NetCDF cubes and CSV series. The text view
// is rendered from the same document (InfoTextFormatter), so both always agree.
class FileInspector
{
public:
    enum class Kind { Raster, Vector, NetCdf, Table };

    // Throws DataError for a missing, corrupt or unsupported file.
    static QJsonObject inspect(const QString &path, const InspectOptions &options = {},
                               Feedback *feedback = nullptr);
    static Kind detectKind(const QString &path);
    static QString kindName(Kind kind);
};

} // namespace deepterra
