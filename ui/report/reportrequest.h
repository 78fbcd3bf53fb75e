#pragma once

#include <QString>

namespace deepterra {

// What `deepterra-cli report` and the app's "Export Report..." ask for.
struct ReportRequest
{
    enum class Page { A4, Letter };

    QString runFolder;
    QString output; // .html (self-contained) or .pdf
    QString map; // a class map predicted by the run: the map figure and the area-adjusted estimates
    QString reference; // labelled reference points (deepterra-cli sample-points) for those estimates
    // A confidence or uncertainty raster of the map (deepterra-cli predict --confidence or
    // --uncertainty). Empty: the one beside the map as the app names it, <base>-confidence.tif or
    // <base>-uncertainty.tif for a map <base>-classes.tif, when there is one.
    QString confidence;
    Page page = Page::A4;

    bool isPdf() const { return output.endsWith(QLatin1String(".pdf"), Qt::CaseInsensitive); }
};

} // namespace deepterra
