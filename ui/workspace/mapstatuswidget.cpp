#include "workspace/mapstatuswidget.h"

#include "map/mapview.h"
#include "workspace/cursorprobe.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QProgressBar>

#include <algorithm>
#include <cmath>

namespace deepterra {

namespace {

QLabel *makeLabel(const QString &name, QWidget *parent, int minimumWidth)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setMinimumWidth(minimumWidth);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QString degrees(double value, const char *positive, const char *negative)
{
    return QStringLiteral("%1° %2")
        .arg(std::abs(value), 0, 'f', 5)
        .arg(QLatin1String(value < 0 ? negative : positive));
}

} // namespace

MapStatusWidget::MapStatusWidget(QWidget *parent)
    : QWidget(parent)
    , m_coordinates(makeLabel(QStringLiteral("coordinatesLabel"), this, 190))
    , m_lonLat(makeLabel(QStringLiteral("lonLatLabel"), this, 190))
    , m_values(makeLabel(QStringLiteral("valuesLabel"), this, 120))
    , m_scale(makeLabel(QStringLiteral("scaleLabel"), this, 80))
    , m_crsLabel(makeLabel(QStringLiteral("crsLabel"), this, 80))
    , m_progress(new QProgressBar(this))
    , m_background(new QProgressBar(this))
{
    m_values->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    m_coordinates->setToolTip(tr("Cursor position in the map's coordinate reference system"));
    m_lonLat->setToolTip(tr("Cursor position in WGS 84 longitude and latitude"));
    m_values->setToolTip(tr("Values of the layers under the cursor, topmost first"));
    m_scale->setToolTip(tr("Map scale at this screen's resolution"));
    m_crsLabel->setToolTip(
        tr("The map's coordinate reference system: layers in other systems are reprojected"));
    m_progress->setObjectName(QStringLiteral("loadProgress"));
    m_progress->setMaximumWidth(160);
    m_progress->setMaximumHeight(16);
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_background->setObjectName(QStringLiteral("backgroundProgress"));
    m_background->setMinimumWidth(150);
    m_background->setMaximumWidth(200);
    m_background->setMaximumHeight(16);
    m_background->setRange(0, 100);
    m_background->setTextVisible(true);
    m_background->hide();

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(14);
    layout->addWidget(m_progress);
    layout->addWidget(m_background);
    layout->addWidget(m_values, 1);
    layout->addWidget(m_coordinates);
    layout->addWidget(m_lonLat);
    layout->addWidget(m_scale);
    layout->addWidget(m_crsLabel);
}

void MapStatusWidget::setMapCrs(const CrsInfo &crs)
{
    m_crs = crs;
    m_crsLabel->setText(!crs.isValid() ? tr("no CRS")
                                       : (crs.authorityCode.isEmpty() ? crs.name : crs.authorityCode));
    m_crsLabel->setToolTip(crs.isValid() ? crs.name : tr("The map has no coordinate reference system"));
}

void MapStatusWidget::showCursor(const QPointF &mapPoint)
{
    const int decimals = m_crs.geographic ? 5 : (m_crs.isValid() ? 1 : 2);
    const QLocale locale = QLocale::c();
    m_coordinates->setText(QStringLiteral("%1, %2").arg(locale.toString(mapPoint.x(), 'f', decimals),
                                                        locale.toString(mapPoint.y(), 'f', decimals)));
}

void MapStatusWidget::showReport(const ProbeReport &report)
{
    showCursor(report.mapPoint);
    m_lonLat->setText(report.lonLat ? QStringLiteral("%1  %2").arg(degrees(report.lonLat->y(), "N", "S"),
                                                                   degrees(report.lonLat->x(), "E", "W"))
                                    : QString());
    m_values->setText(report.values.join(QStringLiteral("   |   ")));
    m_values->setToolTip(report.values.join(QLatin1Char('\n')));
}

void MapStatusWidget::clearCursor()
{
    m_coordinates->clear();
    m_lonLat->clear();
    m_values->clear();
}

void MapStatusWidget::showScale(const MapView &view)
{
    m_scale->setText(scaleFor(view, m_crs, logicalDpiX()));
}

void MapStatusWidget::showProgress(int done, int total, const QString &what)
{
    m_progress->setVisible(total > 0);
    m_progress->setRange(0, std::max(total, 1));
    m_progress->setValue(done);
    m_progress->setFormat(what.isEmpty() ? QStringLiteral("%v / %m") : what);
}

void MapStatusWidget::showBackgroundProgress(const QString &label, const QString &detail, double percent)
{
    m_background->setVisible(percent >= 0);
    m_background->setValue(int(std::clamp(percent, 0.0, 100.0)));
    m_background->setFormat(QStringLiteral("%1 %p%").arg(label));
    m_background->setToolTip(detail);
}

bool MapStatusWidget::isBackgroundProgressVisible() const
{
    return !m_background->isHidden();
}

QString MapStatusWidget::coordinatesText() const
{
    return m_coordinates->text();
}

QString MapStatusWidget::lonLatText() const
{
    return m_lonLat->text();
}

QString MapStatusWidget::valuesText() const
{
    return m_values->text();
}

QString MapStatusWidget::scaleText() const
{
    return m_scale->text();
}

QString MapStatusWidget::scaleFor(const MapView &view, const CrsInfo &crs, double dotsPerInch)
{
    if (!view.isValid() || !crs.isValid() || dotsPerInch <= 0)
        return {};
    double metresPerUnit = 1.0;
    if (crs.geographic)
        metresPerUnit = 111320.0 * std::cos(view.center().y() * M_PI / 180.0);
    const double metresPerPixel = view.unitsPerPixel() * metresPerUnit;
    const double scale = metresPerPixel * dotsPerInch / 0.0254;
    // Three significant digits: "1:25,400" reads better than "1:25,417".
    const double magnitude = std::pow(10.0, std::floor(std::log10(std::max(scale, 1.0))) - 2);
    const double rounded = std::max(1.0, std::round(scale / magnitude) * magnitude);
    return QStringLiteral("1:%1").arg(QLocale(QLocale::English).toString(qint64(rounded)));
}

} // namespace deepterra
