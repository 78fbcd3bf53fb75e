#pragma once

#include "report/reportfigure.h"

#include <QString>

#include <vector>

namespace deepterra {

struct RunReportData;

// The report as HTML in the subset that both browsers and QTextDocument (the PDF) lay out: tables
// with cell colours, headings that start pages, images by reference (figure:<id>), inline styles.
// Pure text work: safe off the GUI thread.
class ReportHtml
{
public:
    static QString build(const RunReportData &data, const std::vector<ReportFigure> &figures);
    // The figure:<id> URL the document gives a figure.
    static QString figureUrl(const QString &id);
    // A number as every table of the report writes it: 4 decimals, or "n/a" when undefined.
    static QString number(double value, int decimals = 4);
};

} // namespace deepterra
