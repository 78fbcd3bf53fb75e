#include "series/seriesview.h"

#include "series/qcustomplotinclude.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace deepterra {

namespace {

// matplotlib's tab10: distinct and readable on white.
const QColor kPalette[] = { QColor(0x1f, 0x77, 0xb4), QColor(0xff, 0x7f, 0x0e), QColor(0x2c, 0xa0, 0x2c),
                            QColor(0xd6, 0x27, 0x28), QColor(0x94, 0x67, 0xbd), QColor(0x8c, 0x56, 0x4b),
                            QColor(0xe3, 0x77, 0xc2), QColor(0x7f, 0x7f, 0x7f), QColor(0xbc, 0xbd, 0x22),
                            QColor(0x17, 0xbe, 0xcf) };
constexpr int kMaxMissingBands = 2000; // shaded runs per graph; beyond this the gaps speak alone

QString dateFormatFor(double spanSeconds)
{
    if (spanSeconds > 3 * 365 * 86400.0)
        return QStringLiteral("yyyy");
    if (spanSeconds > 60 * 86400.0)
        return QStringLiteral("MMM yyyy");
    if (spanSeconds > 2 * 86400.0)
        return QStringLiteral("d MMM\nyyyy");
    return QStringLiteral("d MMM\nhh:mm");
}

} // namespace

SeriesView::SeriesView(QWidget *parent)
    : QWidget(parent)
    , m_plot(new QCustomPlot(this))
    , m_list(new QListWidget(this))
    , m_title(new QLabel(this))
    , m_cubeBar(new QWidget(this))
    , m_cubeLabel(new QLabel(m_cubeBar))
    , m_variables(new QComboBox(m_cubeBar))
{
    setObjectName(QStringLiteral("seriesView"));
    m_plot->setObjectName(QStringLiteral("seriesPlot"));
    m_list->setObjectName(QStringLiteral("seriesVariables"));
    m_variables->setObjectName(QStringLiteral("cubeVariables"));
    m_title->setObjectName(QStringLiteral("seriesTitle"));
    m_title->setWordWrap(true);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    auto *pickPoint = new QToolButton(m_cubeBar);
    pickPoint->setObjectName(QStringLiteral("pickPointButton"));
    pickPoint->setText(tr("Series at a point"));
    pickPoint->setToolTip(tr("Click a cell on the map to plot its series"));
    auto *pickArea = new QToolButton(m_cubeBar);
    pickArea->setObjectName(QStringLiteral("pickAreaButton"));
    pickArea->setText(tr("Mean over an area"));
    pickArea->setToolTip(tr("Drag a rectangle on the map to plot the mean of its cells"));
    auto *clearButton = new QToolButton(m_cubeBar);
    clearButton->setText(tr("Clear"));
    m_addLayer = new QToolButton(m_cubeBar);
    m_addLayer->setObjectName(QStringLiteral("addSeriesLayerButton"));
    m_addLayer->setText(tr("Add as Series Layer"));
    m_addLayer->setEnabled(false);
    m_addLayer->setToolTip(tr("Plot a series at a point or over an area first"));
    auto *cubeLayout = new QHBoxLayout(m_cubeBar);
    cubeLayout->setContentsMargins(0, 0, 0, 0);
    cubeLayout->addWidget(m_cubeLabel);
    cubeLayout->addWidget(new QLabel(tr("Variable:"), m_cubeBar));
    cubeLayout->addWidget(m_variables, 1);
    cubeLayout->addWidget(pickPoint);
    cubeLayout->addWidget(pickArea);
    cubeLayout->addWidget(clearButton);
    cubeLayout->addWidget(m_addLayer);
    m_cubeBar->hide();

    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->axisRect()->setRangeDrag(Qt::Horizontal | Qt::Vertical);
    m_plot->axisRect()->setRangeZoom(Qt::Horizontal | Qt::Vertical);
    auto ticker = QSharedPointer<QCPAxisTickerDateTime>::create();
    ticker->setDateTimeSpec(Qt::UTC);
    m_plot->xAxis->setTicker(ticker);
    // The list beside the plot is the legend: colours, names, missing counts, and ticks to hide.
    m_plot->legend->setVisible(false);
    for (QCPAxis *axis : { m_plot->xAxis, m_plot->yAxis }) {
        axis->grid()->setPen(QPen(QColor(225, 225, 225)));
        axis->setBasePen(QPen(QColor(120, 120, 120)));
    }
    m_plot->setMinimumHeight(160);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this](QMouseEvent *) { rescale(); });
    connect(m_plot->xAxis, qOverload<const QCPRange &>(&QCPAxis::rangeChanged), this,
            [this](const QCPRange &range) {
                static_cast<QCPAxisTickerDateTime *>(m_plot->xAxis->ticker().data())
                    ->setDateTimeFormat(dateFormatFor(range.size()));
            });

    m_list->setMaximumWidth(300);
    m_list->setMinimumWidth(180);
    m_list->setToolTip(tr("Variables: tick to show, untick to hide"));
    connect(m_list, &QListWidget::itemChanged, this, &SeriesView::onItemChanged);

    auto *body = new QHBoxLayout;
    body->addWidget(m_plot, 1);
    body->addWidget(m_list);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_cubeBar);
    layout->addWidget(m_title);
    layout->addLayout(body, 1);

    connect(pickPoint, &QToolButton::clicked, this, &SeriesView::pickPointRequested);
    connect(pickArea, &QToolButton::clicked, this, &SeriesView::pickAreaRequested);
    connect(clearButton, &QToolButton::clicked, this, &SeriesView::clear);
    connect(m_addLayer, &QToolButton::clicked, this, &SeriesView::addLayerRequested);
    connect(m_variables, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_populating)
            Q_EMIT variableChanged(currentVariable());
    });
    showMessage(tr("Select a series layer, or a NetCDF cube and a point or area on the map."));
}

void SeriesView::showSeries(const QString &title, const TimeSeries &series)
{
    clear();
    m_title->setText(title);
    m_plot->yAxis->setLabel(series.columns.size() == 1 ? series.columns.front().name : QString());
    for (const TimeSeriesColumn &column : series.columns)
        addColumn(column.name, series.times, column);
    rescale();
}

void SeriesView::addSeries(const QString &label, const TimeSeries &series)
{
    if (m_plot->graphCount() == 0) {
        m_title->setText(label);
        m_plot->yAxis->setLabel(m_yLabel);
    }
    for (const TimeSeriesColumn &column : series.columns)
        addColumn(series.columns.size() == 1 ? label : QStringLiteral("%1 %2").arg(label, column.name),
                  series.times, column);
    rescale();
}

void SeriesView::clear()
{
    m_plot->clearGraphs();
    m_plot->clearItems();
    m_missing.clear();
    m_populating = true;
    m_list->clear();
    m_populating = false;
    m_title->clear();
    offerLayer(QString());
    m_plot->replot();
}

void SeriesView::showMessage(const QString &message)
{
    clear();
    m_title->setText(message);
    m_plot->hide();
    m_list->hide();
}

void SeriesView::setCube(const QString &layerName, const std::vector<NetCdfVariable> &variables,
                         const QString &variable)
{
    m_populating = true;
    m_variables->clear();
    for (const NetCdfVariable &v : variables) {
        if (!v.hasTimeAxis || !v.isGridded())
            continue;
        const QString text
            = v.longName.isEmpty() ? v.name : QStringLiteral("%1 — %2").arg(v.name, v.longName);
        m_variables->addItem(v.units.isEmpty() ? text : QStringLiteral("%1 [%2]").arg(text, v.units), v.name);
    }
    m_variables->setCurrentIndex(std::max(0, m_variables->findData(variable)));
    m_populating = false;
    m_cubeLabel->setText(QStringLiteral("<b>%1</b>").arg(layerName.toHtmlEscaped()));
    m_yLabel.clear();
    for (const NetCdfVariable &v : variables)
        if (v.name == variable)
            m_yLabel = v.units.isEmpty() ? v.name : QStringLiteral("%1 [%2]").arg(v.name, v.units);
    m_cubeBar->setVisible(m_variables->count() > 0);
}

void SeriesView::offerLayer(const QString &description)
{
    m_addLayer->setEnabled(!description.isEmpty());
    m_addLayer->setToolTip(description.isEmpty()
                               ? tr("Plot a series at a point or over an area first")
                               : tr("Add %1 to the project as a series layer, to train a forecaster or "
                                    "an autoencoder on it (Model ▸ Set Up Model…)")
                                     .arg(description));
}

QString SeriesView::currentVariable() const
{
    return m_variables->currentData().toString();
}

QStringList SeriesView::graphNames() const
{
    QStringList names;
    for (int i = 0; i < m_plot->graphCount(); ++i)
        names << m_plot->graph(i)->name();
    return names;
}

int SeriesView::missingCount(int graph) const
{
    return graph >= 0 && graph < int(m_missing.size()) ? m_missing[std::size_t(graph)] : 0;
}

void SeriesView::addColumn(const QString &name, const std::vector<QDateTime> &times,
                           const TimeSeriesColumn &column)
{
    m_plot->show();
    m_list->show();
    const QColor color = kPalette[m_plot->graphCount() % std::size(kPalette)];
    QVector<double> keys, values;
    keys.reserve(qsizetype(times.size()));
    values.reserve(qsizetype(times.size()));
    int missing = 0;
    for (std::size_t i = 0; i < times.size() && i < column.values.size(); ++i) {
        keys << QCPAxisTickerDateTime::dateTimeToKey(times[i]);
        values << column.values[i]; // NaN breaks the line: a gap shows where data are missing
        missing += std::isnan(column.values[i]) ? 1 : 0;
    }
    QCPGraph *graph = m_plot->addGraph();
    graph->setData(keys, values, true);
    graph->setPen(QPen(color, 1.6));
    graph->setName(missing > 0 ? tr("%1 (%n missing)", nullptr, missing).arg(name) : name);
    if (times.size() <= 400) {
        graph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, color, Qt::white, 4));
    }
    m_missing.push_back(missing);
    if (missing > 0)
        shadeMissing(times, column, color);

    m_populating = true;
    auto *item = new QListWidgetItem(graph->name(), m_list);
    item->setToolTip(graph->name());
    item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
    item->setCheckState(Qt::Checked);
    QPixmap swatch(14, 14);
    swatch.fill(color);
    item->setIcon(QIcon(swatch));
    item->setData(Qt::UserRole, m_plot->graphCount() - 1);
    m_populating = false;
}

void SeriesView::shadeMissing(const std::vector<QDateTime> &times, const TimeSeriesColumn &column,
                              const QColor &color)
{
    QColor shade = color;
    shade.setAlpha(28);
    int bands = 0;
    const std::size_t n = std::min(times.size(), column.values.size());
    for (std::size_t i = 0; i < n && bands < kMaxMissingBands;) {
        if (!std::isnan(column.values[i])) {
            ++i;
            continue;
        }
        std::size_t end = i;
        while (end + 1 < n && std::isnan(column.values[end + 1]))
            ++end;
        // From the last value before the run to the first after it: where the line is broken.
        const double left = QCPAxisTickerDateTime::dateTimeToKey(times[i > 0 ? i - 1 : i]);
        const double right = QCPAxisTickerDateTime::dateTimeToKey(times[end + 1 < n ? end + 1 : end]);
        auto *rect = new QCPItemRect(m_plot);
        rect->topLeft->setTypeY(QCPItemPosition::ptAxisRectRatio);
        rect->bottomRight->setTypeY(QCPItemPosition::ptAxisRectRatio);
        rect->topLeft->setCoords(left, 0.0);
        rect->bottomRight->setCoords(right, 1.0);
        rect->setPen(Qt::NoPen);
        rect->setBrush(shade);
        rect->setLayer(QStringLiteral("background"));
        ++bands;
        i = end + 1;
    }
}

void SeriesView::rescale()
{
    m_plot->rescaleAxes(true);
    const QCPRange y = m_plot->yAxis->range();
    const double pad = std::max(y.size() * 0.05, 1e-9);
    m_plot->yAxis->setRange(y.lower - pad, y.upper + pad);
    m_plot->replot();
}

void SeriesView::onItemChanged(QListWidgetItem *item)
{
    if (m_populating)
        return;
    const int index = item->data(Qt::UserRole).toInt();
    if (index < 0 || index >= m_plot->graphCount())
        return;
    QCPGraph *graph = m_plot->graph(index);
    graph->setVisible(item->checkState() == Qt::Checked);
    m_plot->replot();
}

} // namespace deepterra
