#pragma once

#include <QJsonObject>
#include <QString>

#include <vector>

namespace deepterra {

// One line of the Properties panel: a label a geoscientist reads ("Pixel size"), its value as text
// ("28.5 × 28.5 m"), the exact value where the text rounds it, and the lines under it.
struct ReportRow
{
    QString label;
    QString value;
    QString toolTip;
    std::vector<ReportRow> children;
    bool open = false; // shown with its children: a list of bands, layers, variables or columns
};

// Turns FileInspector's report (the JSON of `deepterra-cli info --json`, made for scripts) into
// the rows the Properties panel shows: the file first, then the facts in the order they are
// asked about (size, coordinate system, pixel size, extent, then the bands), related values on
// one line, bytes and coordinates as people write them, and every key the report gains later
// still shown under a readable label.
class ReportRows
{
public:
    static std::vector<ReportRow> from(const QJsonObject &report);
};

} // namespace deepterra
