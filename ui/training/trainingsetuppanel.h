#pragma once

#include "project/project.h"
#include "training/setupproblem.h"
#include "training/setupvalidator.h"
#include "training/taskconfig.h"
#include "training/trainingsetup.h"

#include <QHash>
#include <QJsonObject>
#include <QVector>
#include <QWidget>

class QLabel;
class QPushButton;
class QTimer;

namespace deepterra {

class DevicePage;
class ModelPage;
class SamplingPage;
class SetupForm;
class TaskInputsPage;
class TrainingSettingsPage;

// One place to set up a model: the task and its inputs from the project's layers, the model
// (preset or every architecture setting, with its live layer table), how examples are drawn and
// split, the training settings and the device, then Train. It reads and writes the project's
// "task", "model", "training" and "outputs" sections, the JSON `deepterra-cli init` writes, so a
// set-up made here trains the same with `deepterra-cli train`.
//
// Every edit is validated (SetupValidator, 150 ms after the last keystroke): each problem shows in
// red beside its field, the others in a summary above Train, and Train stays disabled while any
// remains.
class TrainingSetupPanel : public QWidget
{
    Q_OBJECT

public:
    explicit TrainingSetupPanel(QWidget *parent = nullptr);
    ~TrainingSetupPanel() override;

    // The facts of loaded layers (MapWorkspace::data).
    void setLayerLookup(LayerLookup lookup);
    // Fills the forms from the project's sections; a project without them starts with the task to
    // choose, and choosing it brings the task's defaults (TrainingDefaults) with the project's
    // layers preselected.
    void setProject(const Project &project);
    // Layers added, removed or loaded, or a layer's class field stored: updates the choices and
    // validates again. Does not emit sectionsEdited.
    void refreshLayers(const Project &project);

    // {"task", "model", "training", "outputs"} as edited.
    QJsonObject sections() const;
    // Of the set-up as it is now (not only as last shown).
    QVector<SetupProblem> problems() const;
    bool isValid() const;
    // Disables editing and Train while a run trains.
    void setTrainingActive(bool active);

    QPushButton *trainButton() const { return m_train; }
    TaskInputsPage *taskPage() const { return m_taskPage; }
    ModelPage *modelPage() const { return m_modelPage; }
    SamplingPage *samplingPage() const { return m_samplingPage; }
    TrainingSettingsPage *trainingPage() const { return m_trainingPage; }
    DevicePage *devicePage() const { return m_devicePage; }
    // The editor of a field by its SetupProblem key, and the problem shown beside it (empty: none).
    QWidget *fieldEditor(const QString &field) const;
    QString problemText(const QString &field) const;
    // The problems shown in the summary box above Train: those without a visible field.
    QString summaryText() const;

Q_SIGNALS:
    // Every edit, valid or not, once validated: the lead merges them into the project.
    void sectionsEdited(const QJsonObject &sections);
    void trainRequested();
    void splitPreviewRequested();
    // The user picked the class field of a vector label layer; the field lives on the project layer.
    void classFieldChanged(const QString &layerId, const QString &field);
    // The problems of the latest edit are on screen.
    void validated();

private:
    void onEdited();
    void onTaskChosen(TaskKind kind);
    void onClassFieldChosen(const QString &layerId, const QString &field);
    void loadPages(const QJsonObject &model);
    void showValidation();
    void updateDataShape();
    void updateTrainButton();
    Project effectiveProject() const;
    QList<SetupForm *> forms() const;

    TrainingSetup m_setup;
    bool m_taskChosen = false;
    QString m_readError;
    Project m_project;
    // Class fields picked here that the project passed in does not hold yet.
    QHash<QString, QString> m_pendingClassFields;
    LayerLookup m_layers;
    bool m_trainingActive = false;
    bool m_shownValid = false;

    TaskInputsPage *m_taskPage;
    ModelPage *m_modelPage;
    SamplingPage *m_samplingPage;
    TrainingSettingsPage *m_trainingPage;
    DevicePage *m_devicePage;
    QLabel *m_summary;
    QPushButton *m_train;
    QTimer *m_validateTimer;
};

} // namespace deepterra
