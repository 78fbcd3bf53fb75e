#pragma once

#include "report/reportfigure.h"
#include "report/reportrequest.h"

#include <QString>

#include <vector>

namespace deepterra {

// Writes a report's HTML as a file that survives being e-mailed (figures embedded as PNG data,
// no reference outside the file), or as a PDF: A4 or Letter pages, selectable text, the plots as
// vector drawings, page numbers. Either file appears in one step, complete, or not at all.
// Uses no widget: safe off the GUI thread once the figures are drawn.
class ReportWriter
{
public:
    // The PDF's page count (0 for HTML). Throws DataError naming the output when it cannot be written.
    static int write(const ReportRequest &request, const QString &html,
                     const std::vector<ReportFigure> &figures);

    // The HTML with each figure:<id> image replaced by its PNG as a data: URL.
    static QString selfContained(const QString &html, const std::vector<ReportFigure> &figures);
};

} // namespace deepterra
