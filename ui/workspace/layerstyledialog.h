#pragma once

#include "map/layerstyle.h"
#include "project/projectlayer.h"

#include <QDialog>

#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGroupBox;
class QLabel;
class QSlider;
class QTreeWidget;
class QWidget;

namespace deepterra {

struct MapLayerData;

// Styles one layer: RGB and false-colour composites with a band per channel, a single band
// through a colour ramp, a DEM with its hillshade blended under the ramp, classes in their colours
// (double-click a class to change its colour); percentile or min-max stretch; a legend preview.
// Apply shows the style on the map at once; OK applies and closes.
class LayerStyleDialog : public QDialog
{
    Q_OBJECT

public:
    LayerStyleDialog(const ProjectLayer &layer, std::shared_ptr<const MapLayerData> data,
                     QWidget *parent = nullptr);

    LayerStyle style() const;
    void setStyle(const LayerStyle &style);

Q_SIGNALS:
    void applied(const QJsonObject &style);

private:
    QComboBox *bandCombo(const QString &name);
    void updateSections();
    void updatePreview();
    void editClassColor(int row);

    ProjectLayer m_layer;
    std::shared_ptr<const MapLayerData> m_data;
    LayerStyle m_base; // unknown keys and class overrides survive the dialog
    QStringList m_bandNames;

    QComboBox *m_renderer = nullptr;
    QGroupBox *m_bandsBox = nullptr;
    QWidget *m_rgbRows = nullptr;
    QComboBox *m_red = nullptr;
    QComboBox *m_green = nullptr;
    QComboBox *m_blue = nullptr;
    QWidget *m_bandRow = nullptr;
    QComboBox *m_band = nullptr;
    QGroupBox *m_stretchBox = nullptr;
    QComboBox *m_stretch = nullptr;
    QDoubleSpinBox *m_low = nullptr;
    QDoubleSpinBox *m_high = nullptr;
    QGroupBox *m_rampBox = nullptr;
    QComboBox *m_ramp = nullptr;
    QCheckBox *m_invert = nullptr;
    QGroupBox *m_hillshade = nullptr;
    QSlider *m_strength = nullptr;
    QDoubleSpinBox *m_azimuth = nullptr;
    QDoubleSpinBox *m_altitude = nullptr;
    QDoubleSpinBox *m_zFactor = nullptr;
    QGroupBox *m_classesBox = nullptr;
    QTreeWidget *m_classes = nullptr;
    QSlider *m_fillOpacity = nullptr;
    QCheckBox *m_outline = nullptr;
    QWidget *m_vectorRows = nullptr;
    QLabel *m_preview = nullptr;
    QLabel *m_previewText = nullptr;
};

} // namespace deepterra
