#pragma once

#include "training/setupform.h"
#include "training/taskconfig.h"

#include <QJsonObject>

#include <memory>

class QComboBox;
class QLabel;
class QTableWidget;
class QTimer;

namespace deepterra {

class ArchitectureForm;
class JobRunner;

// The sizes the data gives the network, which the trainer sets whatever the spec says: what the
// layer table needs to show the shapes the model will really have.
struct ModelDataShape
{
    TaskKind task = TaskKind::Segmentation;
    int channels = 0; // image bands + DEM channels; 0: unknown, the spec's own
    int classes = 0; // 0: unknown
    int patchSize = 64;
    int lookback = 24;
    int horizon = 1;
    int inputs = 1;
    int targets = 1;
    int batchSize = 16;

    bool operator==(const ModelDataShape &o) const;
    bool operator!=(const ModelDataShape &o) const { return !(*this == o); }
};

// The model of the set-up: a preset that fits the task, or "Custom" with every architecture
// setting as a field; beside it the layer table `deepterra-cli model` prints (layers, output
// shapes, parameters) for the shapes the data gives, and an estimate of the memory a batch needs.
// The table is built off the GUI thread (building a network takes tens of milliseconds), 300 ms
// after the last change.
class ModelPage : public SetupForm
{
    Q_OBJECT

public:
    explicit ModelPage(QWidget *parent = nullptr);
    ~ModelPage() override;

    // Lists the presets whose family fits the task.
    void setTask(TaskKind kind);
    // A full spec as ModelSpecJson writes it: shown as its preset when it equals one, else Custom.
    void setModel(const QJsonObject &model);
    // The spec as edited (ModelSpecJson's form, named after its preset when it is one).
    QJsonObject model() const;
    void setDataShape(const ModelDataShape &shape);
    void setEditable(bool editable);

    QComboBox *presetCombo() const { return m_preset; }
    ArchitectureForm *architecture() const { return m_architecture; }
    QTableWidget *layerTable() const { return m_table; }
    // Of the last table shown; -1 before the first or when the spec cannot be built.
    qint64 parameterCount() const { return m_parameters; }
    QString summaryText() const;
    bool isUpdatingTable() const;

    static QString customName();
    static constexpr int kMaxTablePatch = 1024;

Q_SIGNALS:
    // The table shows the current spec (or why it cannot be built).
    void layerTableUpdated();

private:
    struct Summary;
    void onPresetChosen(int index);
    void showArchitecture();
    void scheduleTable();
    void buildTable();
    void showTable(const Summary &summary);
    QJsonObject fittedSpec() const;

    QComboBox *m_preset;
    ArchitectureForm *m_architecture;
    QTableWidget *m_table;
    QLabel *m_summary;
    QTimer *m_tableTimer;
    JobRunner *m_runner;
    std::shared_ptr<Summary> m_pending;
    bool m_rebuildWhenDone = false;
    TaskKind m_task = TaskKind::Segmentation;
    QJsonObject m_model;
    ModelDataShape m_shape;
    qint64 m_parameters = -1;
};

} // namespace deepterra
