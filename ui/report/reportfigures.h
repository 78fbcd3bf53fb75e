#pragma once

#include "report/reportfigure.h"

#include <vector>

namespace deepterra {

struct RunReportData;

// The report's plots, drawn with QCustomPlot in the look of the app's dashboard: the training
// curves, a forecast's observed and predicted values with the horizon, an autoencoder's error
// histogram with its threshold; and the map figure as it was rendered. QCustomPlot is a widget:
// call on the GUI thread (each plot takes milliseconds).
class ReportFigures
{
public:
    static std::vector<ReportFigure> draw(const RunReportData &data);
};

} // namespace deepterra
