#pragma once

#include "training/runsummary.h"

#include <QDialog>
#include <QElapsedTimer>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace deepterra {

class DeviceCombo;
class JobRunner;
class ModelPredictionJob;
class UncertaintyOptions;
class ProjectController;
struct JobResult;

// Model ▸ Predict Whole Raster: a training run's model or an exported TorchScript model with its
// card, the raster to predict, how to tile it and which maps to write. Fields are checked as they
// change (the message beside the field, Run disabled until all are valid). The model is loaded and
// the raster predicted on a worker thread, with progress, time left and Cancel; the maps written
// are added to the project as layers, the class map in the model's class names and colours.
class PredictionDialog : public QDialog
{
    Q_OBJECT

public:
    PredictionDialog(ProjectController *project, const std::vector<RunSummary> &runs,
                     const QString &currentRun, QWidget *parent = nullptr);
    ~PredictionDialog() override;

    // Selects a run of the list (by folder), or the exported model at `path` when it is no run.
    void setModel(const QString &path, const QString &cardPath = {});
    bool isValid() const { return m_problems.isEmpty(); }
    // The fields' problems, joined: empty when Run may start.
    QString problems() const { return m_problems; }
    bool isRunning() const;
    // How closing while a prediction runs asks whether to stop it; tests answer without a dialog.
    void setStopPrompt(std::function<bool()> prompt) { m_stopPrompt = std::move(prompt); }

    QComboBox *modelCombo() const { return m_modelCombo; }
    QLineEdit *modelPathEdit() const { return m_modelPath; }
    QLineEdit *cardPathEdit() const { return m_cardPath; }
    QComboBox *inputLayerCombo() const { return m_inputLayers; }
    QLineEdit *inputEdit() const { return m_input; }
    QSpinBox *tileSpin() const { return m_tile; }
    QSpinBox *overlapSpin() const { return m_overlap; }
    QSpinBox *batchSpin() const { return m_batch; }
    QComboBox *deviceCombo() const;
    QLineEdit *outputEdit() const { return m_output; }
    QCheckBox *probabilitiesCheck() const { return m_probabilitiesCheck; }
    QLineEdit *probabilitiesEdit() const { return m_probabilities; }
    QCheckBox *confidenceCheck() const { return m_confidenceCheck; }
    QLineEdit *confidenceEdit() const { return m_confidence; }
    UncertaintyOptions *uncertaintyOptions() const { return m_uncertainty; }
    QLabel *outputProblemLabel() const { return m_outputProblem; }
    QLabel *inputProblemLabel() const { return m_inputProblem; }
    QLabel *modelProblemLabel() const { return m_modelProblem; }
    QPushButton *runButton() const { return m_run; }
    QPushButton *cancelButton() const { return m_cancel; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *statusLabel() const { return m_status; }
    // Shown when the class map's interrupted prediction can be resumed (PredictionResumeState).
    QCheckBox *resumeCheck() const { return m_resume; }

Q_SIGNALS:
    // The maps are written and added as layers (ids, the class map or anomaly map first).
    void predicted(const QStringList &layerIds);
    void failed(const QString &message);

protected:
    void closeEvent(QCloseEvent *event) override;
    void reject() override;

private:
    void buildForm();
    void modelChanged();
    void inputLayerChosen();
    void chooseModelFile();
    void chooseCardFile();
    void chooseInputFile();
    void fillDefaultOutputs();
    void validate();
    void offerResume(const QString &output);
    void start();
    void onProgress(double percent);
    void onFinished(const JobResult &result);
    void addLayers();
    QString selectedRun() const;
    QString modelPath() const;
    QString modelName() const;
    QString knownTask() const;
    bool askToStop();

    ProjectController *m_project;
    std::vector<RunSummary> m_runs;
    JobRunner *m_runner;
    std::shared_ptr<ModelPredictionJob> m_job;
    QElapsedTimer m_clock;
    double m_firstPercent = -1.0; // the first progress report of a run
    std::function<bool()> m_stopPrompt;
    bool m_closeWhenDone = false;
    bool m_outputsEdited = false;
    bool m_filling = false;
    QString m_problems;

    QComboBox *m_modelCombo;
    QLineEdit *m_modelPath;
    QLineEdit *m_cardPath;
    QPushButton *m_browseModel;
    QPushButton *m_browseCard;
    QLabel *m_modelProblem;
    QComboBox *m_inputLayers;
    QLineEdit *m_input;
    QLabel *m_inputProblem;
    QSpinBox *m_tile;
    QSpinBox *m_overlap;
    QSpinBox *m_batch;
    DeviceCombo *m_device;
    QLabel *m_outputLabel;
    QLineEdit *m_output;
    QLabel *m_outputProblem;
    QCheckBox *m_probabilitiesCheck;
    QLineEdit *m_probabilities;
    QLabel *m_probabilitiesProblem;
    QCheckBox *m_confidenceCheck;
    QCheckBox *m_resume;
    QLineEdit *m_confidence;
    QComboBox *m_confidenceKind;
    QLabel *m_confidenceProblem;
    UncertaintyOptions *m_uncertainty;
    QLabel *m_uncertaintyProblem;
    QProgressBar *m_progress;
    QLabel *m_status;
    QPushButton *m_run;
    QPushButton *m_cancel;
    QPushButton *m_close;
};

} // namespace deepterra
