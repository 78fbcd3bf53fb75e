#pragma once

#include <QDialog>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;

namespace deepterra {

class JobRunner;
struct JobResult;

// Model ▸ Export Model: writes a run's model in the formats other tools read (TorchScript with
// its card inside, ONNX, the model card as JSON) into a folder, on a worker thread. Outputs that
// would replace the run's own files are refused before anything is written; once done, the dialog
// lists the files written and can show their folder.
class ExportDialog : public QDialog
{
    Q_OBJECT

public:
    // `defaultFolder`: where the files go unless the user picks another folder.
    ExportDialog(const QString &runFolder, const QString &defaultFolder, QWidget *parent = nullptr);
    ~ExportDialog() override;

    bool isValid() const { return m_problem.isEmpty(); }
    QString problem() const { return m_problem; }
    bool isRunning() const;
    // The files the selected formats write, in the order written.
    QStringList outputFiles() const;
    // After a successful export: the files written.
    const QStringList &writtenFiles() const { return m_written; }
    // How "Show folder" opens the folder; tests record it instead of starting a file manager.
    void setFolderOpener(std::function<void(const QString &)> opener) { m_openFolder = std::move(opener); }

    QComboBox *checkpointCombo() const { return m_checkpoint; }
    QCheckBox *torchScriptCheck() const { return m_torchScript; }
    QCheckBox *onnxCheck() const { return m_onnx; }
    QCheckBox *cardCheck() const { return m_card; }
    QLineEdit *folderEdit() const { return m_folder; }
    QLineEdit *baseNameEdit() const { return m_baseName; }
    QLabel *problemLabel() const { return m_problemLabel; }
    QLabel *summaryLabel() const { return m_summary; }
    QProgressBar *progressBar() const { return m_progress; }
    QPushButton *exportButton() const { return m_export; }
    QPushButton *showFolderButton() const { return m_showFolder; }

Q_SIGNALS:
    void exported(const QStringList &files);
    void failed(const QString &message);

protected:
    void reject() override;

private:
    void validate();
    void start();
    void onFinished(const JobResult &result);
    void chooseFolder();

    QString m_runFolder;
    JobRunner *m_runner;
    std::shared_ptr<QStringList> m_writing;
    QStringList m_written;
    QString m_problem;
    bool m_closeWhenDone = false;
    std::function<void(const QString &)> m_openFolder;

    QComboBox *m_checkpoint;
    QCheckBox *m_torchScript;
    QCheckBox *m_onnx;
    QCheckBox *m_card;
    QLineEdit *m_folder;
    QLineEdit *m_baseName;
    QLabel *m_problemLabel;
    QProgressBar *m_progress;
    QLabel *m_summary;
    QPushButton *m_export;
    QPushButton *m_showFolder;
    QPushButton *m_close;
};

} // namespace deepterra
