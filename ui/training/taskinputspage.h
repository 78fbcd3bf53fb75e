#pragma once

#include "project/project.h"
#include "training/setupform.h"
#include "training/setupvalidator.h"
#include "training/taskconfig.h"

class QComboBox;
class QListWidget;
class QSpinBox;
class QTableWidget;

namespace deepterra {

struct TrainingSetup;

// The first page of the set-up: the task, then its inputs chosen from the project's layers by
// kind. Rasters: the image and its bands, an optional DEM and its derivative channels, the label
// layer with its class field and classes. Series: the CSV layer's target and input columns, the
// lookback and the horizon. Edits go straight into the set-up it is given.
class TaskInputsPage : public SetupForm
{
    Q_OBJECT

public:
    explicit TaskInputsPage(TrainingSetup *setup, QWidget *parent = nullptr);

    // The project's layers (with any class field the user picked and the lead has not stored yet)
    // and the facts of those loaded. Keeps the current choices.
    void setContext(const Project &project, const LayerLookup &layers);
    // Fills the widgets from the set-up; `taskChosen` false shows "Choose a task".
    void load(bool taskChosen);
    // Puts the project's first layer of each needed kind into empty layer choices, so that a new
    // set-up is complete in a few clicks.
    void preselectLayers();

    QComboBox *taskCombo() const { return m_task; }
    QComboBox *imageCombo() const { return m_image; }
    QComboBox *labelCombo() const { return m_labels; }
    QComboBox *classFieldCombo() const { return m_classField; }
    QComboBox *seriesCombo() const { return m_series; }
    QListWidget *bandList() const { return m_bands; }
    QTableWidget *classTable() const { return m_classes; }
    QSpinBox *lookbackSpin() const { return m_lookback; }
    QSpinBox *horizonSpin() const { return m_horizon; }

Q_SIGNALS:
    void taskChosen(deepterra::TaskKind kind);
    void classFieldChosen(const QString &layerId, const QString &field);

private:
    void fillLayerCombo(QComboBox *combo, std::initializer_list<LayerKind> kinds, const QString &noneText,
                        const QString &current);
    void fillBands();
    void fillDemChannels();
    void fillClassField();
    void fillClasses();
    void fillColumns();
    void updateVisibility(bool taskChosen) override;
    QString currentClassField() const;
    std::shared_ptr<const MapLayerData> facts(const QString &layerId) const;

    void onTaskActivated(int index);
    void onImageChosen();
    void onBandsEdited();
    void onDemChosen();
    void onDemChannelsEdited();
    void onLabelsChosen();
    void onClassFieldPicked();
    void onSeriesChosen();
    void onColumnsEdited();

    TrainingSetup *m_setup;
    Project m_project;
    LayerLookup m_layers;
    bool m_taskChosen = false;

    QComboBox *m_task;
    QComboBox *m_image;
    QListWidget *m_bands;
    QComboBox *m_dem;
    QListWidget *m_demChannels;
    QComboBox *m_labels;
    QComboBox *m_classField;
    QTableWidget *m_classes;
    QComboBox *m_series;
    QListWidget *m_targets;
    QListWidget *m_inputs;
    QSpinBox *m_lookback;
    QSpinBox *m_horizon;
};

} // namespace deepterra
