#include "workspace/layerstyledialog.h"

#include "map/legend.h"
#include "map/rasterstyler.h"
#include "render/colorramp.h"
#include "render/maplayerdata.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QPushButton>
#include <QSlider>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace deepterra {

namespace {

QDoubleSpinBox *spinBox(double minimum, double maximum, double step, int decimals, const QString &suffix,
                        const QString &name)
{
    auto *box = new QDoubleSpinBox;
    box->setRange(minimum, maximum);
    box->setSingleStep(step);
    box->setDecimals(decimals);
    box->setSuffix(suffix);
    box->setObjectName(name);
    return box;
}

QWidget *rows(QFormLayout *&form)
{
    auto *widget = new QWidget;
    form = new QFormLayout(widget);
    form->setContentsMargins(0, 0, 0, 0);
    return widget;
}

} // namespace

LayerStyleDialog::LayerStyleDialog(const ProjectLayer &layer, std::shared_ptr<const MapLayerData> data,
                                   QWidget *parent)
    : QDialog(parent)
    , m_layer(layer)
    , m_data(std::move(data))
{
    setObjectName(QStringLiteral("layerStyleDialog"));
    setWindowTitle(tr("Style — %1").arg(layer.name));
    for (const QJsonValue &name : layer.properties.value(QStringLiteral("bandNames")).toArray())
        m_bandNames << name.toString();
    const MapLayerData &d = *m_data;

    m_renderer = new QComboBox;
    m_renderer->setObjectName(QStringLiteral("rendererCombo"));
    if (d.isRaster) {
        if (d.raster.bandCount() >= 2)
            m_renderer->addItem(tr("Multiband colour (RGB / false colour)"), int(LayerStyle::Renderer::Rgb));
        m_renderer->addItem(tr("Single band with a colour ramp"), int(LayerStyle::Renderer::SingleBand));
        m_renderer->addItem(tr("Elevation: colour ramp over hillshade"), int(LayerStyle::Renderer::Dem));
    }
    if (!d.classes.isEmpty() || !d.isRaster)
        m_renderer->addItem(tr("Classes in their colours"), int(LayerStyle::Renderer::Classes));

    // Bands
    m_bandsBox = new QGroupBox(tr("Bands"));
    auto *bandsLayout = new QVBoxLayout(m_bandsBox);
    QFormLayout *rgbForm = nullptr;
    m_rgbRows = rows(rgbForm);
    m_red = bandCombo(QStringLiteral("redBand"));
    m_green = bandCombo(QStringLiteral("greenBand"));
    m_blue = bandCombo(QStringLiteral("blueBand"));
    rgbForm->addRow(tr("Red"), m_red);
    rgbForm->addRow(tr("Green"), m_green);
    rgbForm->addRow(tr("Blue"), m_blue);
    QFormLayout *bandForm = nullptr;
    m_bandRow = rows(bandForm);
    m_band = bandCombo(QStringLiteral("singleBand"));
    bandForm->addRow(d.kind == LayerKind::Cube ? tr("Time step") : tr("Band"), m_band);
    bandsLayout->addWidget(m_rgbRows);
    bandsLayout->addWidget(m_bandRow);

    // Stretch
    m_stretchBox = new QGroupBox(tr("Contrast stretch"));
    auto *stretchForm = new QFormLayout(m_stretchBox);
    m_stretch = new QComboBox;
    m_stretch->setObjectName(QStringLiteral("stretchCombo"));
    m_stretch->addItem(tr("Percentiles (cut the tails)"), int(LayerStyle::Stretch::Percentile));
    m_stretch->addItem(tr("Minimum to maximum"), int(LayerStyle::Stretch::MinMax));
    m_low = spinBox(0, 50, 0.5, 1, QStringLiteral(" %"), QStringLiteral("lowPercent"));
    m_high = spinBox(50, 100, 0.5, 1, QStringLiteral(" %"), QStringLiteral("highPercent"));
    stretchForm->addRow(tr("Stretch"), m_stretch);
    stretchForm->addRow(tr("Low percentile"), m_low);
    stretchForm->addRow(tr("High percentile"), m_high);

    // Ramp and hillshade
    m_rampBox = new QGroupBox(tr("Colour ramp"));
    auto *rampForm = new QFormLayout(m_rampBox);
    m_ramp = new QComboBox;
    m_ramp->setObjectName(QStringLiteral("rampCombo"));
    m_ramp->setIconSize(QSize(80, 14));
    for (const QString &name : ColorRamp::names())
        m_ramp->addItem(QIcon(QPixmap::fromImage(Legend::rampImage(name, false, QSize(80, 14)))), name, name);
    m_invert = new QCheckBox(tr("Invert"));
    m_invert->setObjectName(QStringLiteral("invertRamp"));
    rampForm->addRow(tr("Ramp"), m_ramp);
    rampForm->addRow(QString(), m_invert);
    m_hillshade = new QGroupBox(tr("Hillshade under the colours"));
    m_hillshade->setObjectName(QStringLiteral("hillshadeBox"));
    m_hillshade->setCheckable(true);
    auto *shadeForm = new QFormLayout(m_hillshade);
    m_strength = new QSlider(Qt::Horizontal);
    m_strength->setObjectName(QStringLiteral("hillshadeStrength"));
    m_strength->setRange(0, 100);
    m_azimuth = spinBox(0, 360, 15, 0, QStringLiteral("°"), QStringLiteral("azimuth"));
    m_altitude = spinBox(0, 90, 5, 0, QStringLiteral("°"), QStringLiteral("altitude"));
    m_zFactor = spinBox(0.1, 100, 0.5, 1, QStringLiteral(" ×"), QStringLiteral("zFactor"));
    shadeForm->addRow(tr("Strength"), m_strength);
    shadeForm->addRow(tr("Light from (azimuth)"), m_azimuth);
    shadeForm->addRow(tr("Light altitude"), m_altitude);
    shadeForm->addRow(tr("Vertical exaggeration"), m_zFactor);

    // Classes
    m_classesBox = new QGroupBox(tr("Classes (double-click a colour to change it)"));
    auto *classesLayout = new QVBoxLayout(m_classesBox);
    m_classes = new QTreeWidget;
    m_classes->setObjectName(QStringLiteral("classesTable"));
    m_classes->setHeaderLabels({ tr("Colour"), tr("Value"), tr("Name") });
    m_classes->setRootIsDecorated(false);
    m_classes->header()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_classes->setIconSize(QSize(Legend::kIconWidth, Legend::kIconHeight));
    connect(m_classes, &QTreeWidget::itemDoubleClicked, this,
            [this](QTreeWidgetItem *item, int) { editClassColor(m_classes->indexOfTopLevelItem(item)); });
    QFormLayout *vectorForm = nullptr;
    m_vectorRows = rows(vectorForm);
    m_fillOpacity = new QSlider(Qt::Horizontal);
    m_fillOpacity->setObjectName(QStringLiteral("fillOpacity"));
    m_fillOpacity->setRange(0, 100);
    m_outline = new QCheckBox(tr("Draw outlines"));
    vectorForm->addRow(tr("Fill opacity"), m_fillOpacity);
    vectorForm->addRow(QString(), m_outline);
    classesLayout->addWidget(m_classes);
    classesLayout->addWidget(m_vectorRows);

    // Legend preview
    auto *previewBox = new QGroupBox(tr("Legend"));
    auto *previewLayout = new QVBoxLayout(previewBox);
    m_preview = new QLabel;
    m_preview->setObjectName(QStringLiteral("legendPreview"));
    m_previewText = new QLabel;
    m_previewText->setObjectName(QStringLiteral("legendText"));
    previewLayout->addWidget(m_preview);
    previewLayout->addWidget(m_previewText);

    auto *buttons
        = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Apply | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        Q_EMIT applied(style().toJson());
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
            [this] { Q_EMIT applied(style().toJson()); });

    auto *form = new QFormLayout;
    form->addRow(tr("Render as"), m_renderer);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    for (QWidget *section : { static_cast<QWidget *>(m_bandsBox), static_cast<QWidget *>(m_stretchBox),
                              static_cast<QWidget *>(m_rampBox), static_cast<QWidget *>(m_hillshade),
                              static_cast<QWidget *>(m_classesBox), static_cast<QWidget *>(previewBox) })
        layout->addWidget(section);
    layout->addStretch(1);
    layout->addWidget(buttons);

    const auto refresh = [this] {
        updateSections();
        updatePreview();
    };
    for (QComboBox *combo : { m_renderer, m_red, m_green, m_blue, m_band, m_stretch, m_ramp })
        connect(combo, &QComboBox::currentIndexChanged, this, refresh);
    for (QDoubleSpinBox *box : { m_low, m_high })
        connect(box, &QDoubleSpinBox::valueChanged, this, refresh);
    connect(m_invert, &QCheckBox::toggled, this, refresh);
    connect(m_hillshade, &QGroupBox::toggled, this, refresh);
}

QComboBox *LayerStyleDialog::bandCombo(const QString &name)
{
    auto *combo = new QComboBox;
    combo->setObjectName(name);
    for (int band = 1; band <= m_data->raster.bandCount(); ++band)
        combo->addItem(Legend::bandLabel(*m_data, band, m_bandNames), band);
    return combo;
}

void LayerStyleDialog::setStyle(const LayerStyle &style)
{
    m_base = style;
    auto select = [](QComboBox *combo, const QVariant &value) {
        const int index = combo->findData(value);
        if (index >= 0)
            combo->setCurrentIndex(index);
    };
    select(m_renderer, int(style.renderer));
    select(m_red, style.red);
    select(m_green, style.green);
    select(m_blue, style.blue);
    select(m_band, style.band);
    select(m_stretch, int(style.stretch));
    m_low->setValue(style.low);
    m_high->setValue(style.high);
    select(m_ramp, style.ramp);
    m_invert->setChecked(style.invert);
    m_hillshade->setChecked(style.hillshade);
    m_strength->setValue(qRound(style.hillshadeStrength * 100));
    m_azimuth->setValue(style.azimuth);
    m_altitude->setValue(style.altitude);
    m_zFactor->setValue(style.zFactor);
    m_fillOpacity->setValue(qRound(style.fillOpacity * 100));
    m_outline->setChecked(style.outline);
    m_classes->clear();
    for (const ClassEntry &entry : style.classesFor(*m_data).entries) {
        auto *item = new QTreeWidgetItem(m_classes);
        const QColor color(entry.color.red, entry.color.green, entry.color.blue);
        item->setIcon(0, Legend::swatch(color));
        item->setData(0, Qt::UserRole, color);
        item->setText(1, QString::number(entry.value));
        item->setText(2, entry.name);
    }
    updateSections();
    updatePreview();
}

LayerStyle LayerStyleDialog::style() const
{
    LayerStyle style = m_base;
    style.renderer = LayerStyle::Renderer(m_renderer->currentData().toInt());
    style.red = m_red->currentData().toInt();
    style.green = m_green->currentData().toInt();
    style.blue = m_blue->currentData().toInt();
    style.band = m_band->currentData().toInt();
    if (m_data->raster.bandCount() == 0)
        style.red = style.green = style.blue = style.band = 1;
    style.stretch = LayerStyle::Stretch(m_stretch->currentData().toInt());
    style.low = m_low->value();
    style.high = std::max(m_high->value(), style.low);
    style.ramp = m_ramp->currentData().toString();
    style.invert = m_invert->isChecked();
    style.hillshade = m_hillshade->isChecked();
    style.hillshadeStrength = m_strength->value() / 100.0;
    style.azimuth = m_azimuth->value();
    style.altitude = m_altitude->value();
    style.zFactor = m_zFactor->value();
    style.fillOpacity = m_fillOpacity->value() / 100.0;
    style.outline = m_outline->isChecked();
    ClassTable colors;
    for (int i = 0; i < m_classes->topLevelItemCount(); ++i) {
        const QTreeWidgetItem *item = m_classes->topLevelItem(i);
        ClassEntry entry;
        entry.value = item->text(1).toInt();
        entry.name = item->text(2);
        const QColor color = item->data(0, Qt::UserRole).value<QColor>();
        entry.color.red = std::uint8_t(color.red());
        entry.color.green = std::uint8_t(color.green());
        entry.color.blue = std::uint8_t(color.blue());
        colors.entries.push_back(entry);
    }
    if (!colors.isEmpty())
        style.classColors = colors;
    return style;
}

void LayerStyleDialog::updateSections()
{
    const auto renderer = LayerStyle::Renderer(m_renderer->currentData().toInt());
    const bool rgb = renderer == LayerStyle::Renderer::Rgb;
    const bool single = renderer == LayerStyle::Renderer::SingleBand || renderer == LayerStyle::Renderer::Dem;
    const bool classes = renderer == LayerStyle::Renderer::Classes;
    m_bandsBox->setVisible(m_data->isRaster && !classes);
    m_rgbRows->setVisible(rgb);
    m_bandRow->setVisible(single);
    m_stretchBox->setVisible(rgb || single);
    const bool percentile
        = LayerStyle::Stretch(m_stretch->currentData().toInt()) == LayerStyle::Stretch::Percentile;
    m_low->setEnabled(percentile);
    m_high->setEnabled(percentile);
    m_rampBox->setVisible(single);
    m_hillshade->setVisible(renderer == LayerStyle::Renderer::Dem);
    m_classesBox->setVisible(classes);
    m_vectorRows->setVisible(classes && !m_data->isRaster);
}

void LayerStyleDialog::updatePreview()
{
    const LayerStyle current = style();
    QStringList lines;
    for (const LegendEntry &entry : Legend::entries(*m_data, current, m_bandNames))
        lines << entry.label;
    if (current.isSingleBand())
        m_preview->setPixmap(
            QPixmap::fromImage(Legend::rampImage(current.ramp, current.invert, QSize(260, 16))));
    else
        m_preview->clear();
    m_preview->setVisible(current.isSingleBand());
    m_previewText->setText(lines.join(QLatin1Char('\n')));
}

void LayerStyleDialog::editClassColor(int row)
{
    QTreeWidgetItem *item = m_classes->topLevelItem(row);
    if (!item)
        return;
    const QColor color = QColorDialog::getColor(item->data(0, Qt::UserRole).value<QColor>(), this,
                                                tr("Colour of %1").arg(item->text(2)));
    if (!color.isValid())
        return;
    item->setData(0, Qt::UserRole, color);
    item->setIcon(0, Legend::swatch(color));
    updatePreview();
}

} // namespace deepterra
