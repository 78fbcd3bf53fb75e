#pragma once

#include "metrics/permutationimportance.h"

#include <QString>
#include <QWidget>

#include <memory>
#include <optional>

class QLabel;
class QProgressBar;
class QPushButton;

namespace deepterra {

class ImportanceChart;
class JobRunner;
class LatestJobRunner;
class PermutationImportanceJob;
struct JobResult;

// Which inputs a run's model relies on, inside a results view: "Input importance…" computes the
// permutation importance of the run's inputs (PermutationImportanceJob) on a worker thread, with
// progress and Cancel, writes it to the run's metrics.json and shows it as a bar chart (inputs; for
// forecasters a second chart of the lags). A run whose metrics.json already holds the importances
// shows them as soon as it is chosen; the button then computes them again.
class ImportancePanel : public QWidget
{
    Q_OBJECT

public:
    explicit ImportancePanel(QWidget *parent = nullptr);
    ~ImportancePanel() override;

    // A panel that shows the run of `view` (a results view with runFolder() and a loaded()
    // signal) each time the view has loaded one: the one-line hook of the results views.
    template<typename View> static ImportancePanel *following(View *view)
    {
        auto *panel = new ImportancePanel;
        connect(view, &View::loaded, panel, [panel, view] { panel->setRunFolder(view->runFolder()); });
        return panel;
    }

    // Reads the run's stored importances in the background (importanceShown() when there are).
    void setRunFolder(const QString &runFolder);
    const QString &runFolder() const { return m_runFolder; }
    // Starts the computation for the current run; false while one runs or without a run.
    bool compute();
    bool isComputing() const;
    bool isReading() const;

    QPushButton *computeButton() const { return m_compute; }
    QPushButton *cancelButton() const { return m_cancel; }
    QProgressBar *progressBar() const { return m_progress; }
    QLabel *status() const { return m_status; }
    ImportanceChart *inputsChart() const { return m_inputs; }
    ImportanceChart *lagsChart() const { return m_lags; }
    // What the charts show; empty until the run has importances.
    const std::optional<PermutationImportance> &importance() const { return m_shown; }

Q_SIGNALS:
    // The charts show the current run's importances (read or just computed).
    void importanceShown();
    // A computation ended (succeeded, failed or cancelled); status() says how.
    void computationFinished();

private:
    void onRead(const JobResult &result);
    void onComputed(const JobResult &result);
    void showImportance(const PermutationImportance &importance);
    void clearCharts();
    void setComputing(bool computing);

    QString m_runFolder;
    LatestJobRunner *m_reader;
    std::shared_ptr<std::optional<PermutationImportance>> m_read;
    JobRunner *m_computer;
    std::shared_ptr<PermutationImportanceJob> m_job;
    std::optional<PermutationImportance> m_shown;

    QPushButton *m_compute;
    QPushButton *m_cancel;
    QProgressBar *m_progress;
    QLabel *m_status;
    ImportanceChart *m_inputs;
    QLabel *m_lagsTitle;
    ImportanceChart *m_lags;
};

} // namespace deepterra
