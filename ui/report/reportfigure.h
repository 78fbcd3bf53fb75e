#pragma once

#include <QImage>
#include <QPicture>
#include <QSizeF>
#include <QString>

namespace deepterra {

// One figure of a report: drawn once as vector commands (the PDF) and once as pixels (the HTML
// file's embedded PNG). `size` is the figure's size on the page, in CSS pixels (1/96 in).
struct ReportFigure
{
    QString id; // "curves", "forecast", ...: the document refers to it as figure:<id>
    QString caption;
    QSizeF size;
    QPicture picture; // empty for a raster figure (the map), which the PDF takes as an image
    QImage image;
};

} // namespace deepterra
