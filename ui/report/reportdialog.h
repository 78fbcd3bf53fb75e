#pragma once

#include "report/reportfigure.h"
#include "report/reportrequest.h"

#include <QDialog>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace deepterra {

class JobRunner;
struct JobResult;
struct RunReportData;

// Model ▸ Export Report: a run's evaluation report as PDF or self-contained HTML, with a predicted
// map and reference points for the area-adjusted accuracy when the user gives them. The run is
// read and the file written on worker threads; only the plots are drawn on the GUI thread (each
// takes milliseconds). Once written, the report can be opened from the dialog.
class ReportDialog : public QDialog
{
    Q_OBJECT

public:
    // `defaultOutput`: the report's file unless the user picks another; `map`: a class map the run
    // predicted, when the project has one.
    ReportDialog(const QString &runFolder, const QString &defaultOutput, const QString &map,
                 QWidget *parent = nullptr);
    ~ReportDialog() override;

    bool isValid() const { return m_problem.isEmpty(); }
    QString problem() const { return m_problem; }
    bool isRunning() const;
    ReportRequest request() const;
    // How "Open" shows the report; tests record it instead of starting a viewer.
    void setOpener(std::function<void(const QString &)> opener) { m_open = std::move(opener); }

    QLineEdit *outputEdit() const { return m_output; }
    QComboBox *pageCombo() const { return m_page; }
    QLineEdit *mapEdit() const { return m_map; }
    QLineEdit *referenceEdit() const { return m_reference; }
    QLineEdit *confidenceEdit() const { return m_confidence; }
    QLabel *problemLabel() const { return m_problemLabel; }
    QLabel *summaryLabel() const { return m_summary; }
    QProgressBar *progressBar() const { return m_progress; }
    QPushButton *writeButton() const { return m_write; }
    QPushButton *openButton() const { return m_openButton; }

Q_SIGNALS:
    void written(const QString &file);
    void failed(const QString &message);

protected:
    void reject() override;

private:
    void validate();
    void start();
    void onLoaded(const JobResult &result);
    void onWritten(const JobResult &result);
    void finish(const QString &summary);
    void browse(QLineEdit *edit, const QString &title, const QString &filter, bool save);

    QString m_runFolder;
    JobRunner *m_runner;
    std::shared_ptr<RunReportData> m_data;
    std::shared_ptr<int> m_pages;
    std::vector<ReportFigure> m_figures;
    ReportRequest m_running;
    bool m_writing = false;
    QString m_problem;
    bool m_closeWhenDone = false;
    std::function<void(const QString &)> m_open;

    QLineEdit *m_output;
    QComboBox *m_page;
    QLineEdit *m_map;
    QLineEdit *m_confidence;
    bool m_confidenceEdited = false;
    QLineEdit *m_reference;
    QLabel *m_problemLabel;
    QProgressBar *m_progress;
    QLabel *m_summary;
    QPushButton *m_write;
    QPushButton *m_openButton;
    QPushButton *m_close;
};

} // namespace deepterra
