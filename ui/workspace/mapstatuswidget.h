#pragma once

#include "geodata/crsinfo.h"

#include <QWidget>

class QLabel;
class QProgressBar;

namespace deepterra {

class MapView;
struct ProbeReport;

// The status bar's map readout, as in QGIS: the cursor in map coordinates and in lon/lat, the
// values of the layers under it, the scale, the map's CRS, a progress bar while layers load and
// one while overviews are built.
class MapStatusWidget : public QWidget
{
    Q_OBJECT

public:
    explicit MapStatusWidget(QWidget *parent = nullptr);

    void setMapCrs(const CrsInfo &crs);
    void showCursor(const QPointF &mapPoint);
    void showReport(const ProbeReport &report);
    void clearCursor();
    void showScale(const MapView &view);
    // `total` 0 hides the progress bar.
    void showProgress(int done, int total, const QString &what);
    // A second bar for work in the background that drawing does not wait for (overviews being
    // built): a short `label` on the bar, the `detail` in its tooltip; a negative percent hides it.
    void showBackgroundProgress(const QString &label, const QString &detail, double percent);
    bool isBackgroundProgressVisible() const;

    QString coordinatesText() const;
    QString lonLatText() const;
    QString valuesText() const;
    QString scaleText() const;

    // "1:25,000"; empty when the map's units are not known lengths.
    static QString scaleFor(const MapView &view, const CrsInfo &crs, double dotsPerInch);

private:
    CrsInfo m_crs;
    QLabel *m_coordinates = nullptr;
    QLabel *m_lonLat = nullptr;
    QLabel *m_values = nullptr;
    QLabel *m_scale = nullptr;
    QLabel *m_crsLabel = nullptr;
    QProgressBar *m_progress = nullptr;
    QProgressBar *m_background = nullptr;
};

} // namespace deepterra
