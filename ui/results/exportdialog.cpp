#include "results/exportdialog.h"

#include "common/dataerror.h"
#include "common/outputpathcheck.h"
#include "export/modelexporter.h"
#include "inference/trainedmodel.h"
#include "jobs/feedback.h"
#include "jobs/functionjob.h"
#include "jobs/jobrunner.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDesktopServices>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

#include <utility>
#include <vector>

namespace deepterra {

namespace {

// The files of the run that an export reads: none of them may be replaced.
QStringList runInputs(const QString &runFolder)
{
    const QDir run(runFolder);
    return { run.filePath(QStringLiteral("config.json")), run.filePath(QStringLiteral("checkpoints/best.pt")),
             run.filePath(QStringLiteral("checkpoints/last.pt")),
             run.filePath(QStringLiteral("metrics.json")) };
}

} // namespace

ExportDialog::ExportDialog(const QString &runFolder, const QString &defaultFolder, QWidget *parent)
    : QDialog(parent)
    , m_runFolder(runFolder)
    , m_runner(new JobRunner(this))
{
    setWindowTitle(tr("Export Model of %1").arg(QFileInfo(runFolder).fileName()));
    m_checkpoint = new QComboBox;
    for (const QString &name : { QStringLiteral("best.pt"), QStringLiteral("last.pt") })
        if (QFileInfo::exists(QDir(runFolder).filePath(QStringLiteral("checkpoints/") + name)))
            m_checkpoint->addItem(name == QLatin1String("best.pt") ? tr("best epoch (best.pt)")
                                                                   : tr("last epoch (last.pt)"),
                                  name);
    m_torchScript
        = new QCheckBox(tr("TorchScript (.pt, with its card inside): Deepterra, PyTorch, LibTorch"));
    m_onnx = new QCheckBox(tr("ONNX (.onnx, opset 13): ONNX Runtime, OpenCV, QGIS plugins"));
    m_card = new QCheckBox(tr("Model card (.card.json): classes, bands, normalisation, metrics"));
    m_torchScript->setChecked(true);
    m_card->setChecked(true);
    // Every family exports to ONNX (the forecasters' LSTM and GRU included).
    m_onnx->setChecked(true);
    m_folder = new QLineEdit(defaultFolder);
    auto *browse = new QPushButton(tr("Browse…"));
    m_baseName = new QLineEdit(QFileInfo(runFolder).fileName());
    m_problemLabel = new QLabel;
    m_problemLabel->setWordWrap(true);
    m_problemLabel->setStyleSheet(QStringLiteral("color: #c92a2a;"));
    m_progress = new QProgressBar;
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    m_summary = new QLabel;
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *formats = new QVBoxLayout;
    for (QCheckBox *check : { m_torchScript, m_onnx, m_card })
        formats->addWidget(check);
    auto *folderRow = new QHBoxLayout;
    folderRow->addWidget(m_folder, 1);
    folderRow->addWidget(browse);
    auto *form = new QFormLayout;
    form->addRow(tr("Weights"), m_checkpoint);
    form->addRow(tr("Formats"), formats);
    form->addRow(tr("Folder"), folderRow);
    form->addRow(tr("File name"), m_baseName);
    form->addRow(QString(), m_problemLabel);

    auto *buttons = new QDialogButtonBox;
    m_export = buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    m_showFolder = buttons->addButton(tr("Show Folder"), QDialogButtonBox::ActionRole);
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_showFolder->setEnabled(false);
    m_export->setDefault(true);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_summary);
    layout->addWidget(buttons);

    for (QCheckBox *check : { m_torchScript, m_onnx, m_card })
        connect(check, &QCheckBox::toggled, this, &ExportDialog::validate);
    connect(m_folder, &QLineEdit::textChanged, this, &ExportDialog::validate);
    connect(m_baseName, &QLineEdit::textChanged, this, &ExportDialog::validate);
    connect(browse, &QPushButton::clicked, this, &ExportDialog::chooseFolder);
    connect(m_export, &QPushButton::clicked, this, &ExportDialog::start);
    connect(m_close, &QPushButton::clicked, this, &ExportDialog::reject);
    connect(m_showFolder, &QPushButton::clicked, this, [this] {
        const QString folder = QDir(m_folder->text().trimmed()).absolutePath();
        if (m_openFolder)
            m_openFolder(folder);
        else
            QDesktopServices::openUrl(QUrl::fromLocalFile(folder));
    });
    connect(m_runner, &JobRunner::finished, this, &ExportDialog::onFinished);
    connect(m_runner->feedback(), &Feedback::progressChanged, this,
            [this](double percent) { m_progress->setValue(qBound(0, int(percent), 100)); });
    validate();
}

ExportDialog::~ExportDialog()
{
    m_runner->cancelAndWait();
}

bool ExportDialog::isRunning() const
{
    return m_runner->isRunning();
}

QStringList ExportDialog::outputFiles() const
{
    const QString folder = m_folder->text().trimmed();
    const QString base = m_baseName->text().trimmed();
    if (folder.isEmpty() || base.isEmpty())
        return {};
    const QDir dir(folder);
    QStringList files;
    if (m_torchScript->isChecked())
        files << dir.absoluteFilePath(base + QStringLiteral(".pt"));
    if (m_onnx->isChecked())
        files << dir.absoluteFilePath(base + QStringLiteral(".onnx"));
    if (m_card->isChecked())
        files << dir.absoluteFilePath(base + QStringLiteral(".card.json"));
    return files;
}

void ExportDialog::validate()
{
    QString problem;
    const QString base = m_baseName->text().trimmed();
    if (m_checkpoint->count() == 0)
        problem = tr("The run has no checkpoint to export.");
    else if (!m_torchScript->isChecked() && !m_onnx->isChecked() && !m_card->isChecked())
        problem = tr("Choose at least one format.");
    else if (m_folder->text().trimmed().isEmpty())
        problem = tr("Choose the folder to write to.");
    else if (base.isEmpty() || base.contains(QLatin1Char('/')) || base.contains(QLatin1Char('\\')))
        problem = tr("Give a file name without folders.");
    else if (QFileInfo(m_folder->text().trimmed()).exists() && !QFileInfo(m_folder->text().trimmed()).isDir())
        problem = tr("%1 is a file, not a folder.").arg(m_folder->text().trimmed());
    if (problem.isEmpty()) {
        try {
            OutputPathCheck::check(runInputs(m_runFolder), outputFiles());
        } catch (const DataError &e) {
            problem = e.message();
        }
    }
    m_problem = problem;
    m_problemLabel->setText(problem);
    m_problemLabel->setVisible(!problem.isEmpty());
    m_export->setEnabled(problem.isEmpty() && !isRunning());
}

void ExportDialog::chooseFolder()
{
    const QString folder = QFileDialog::getExistingDirectory(this, tr("Export To"), m_folder->text());
    if (!folder.isEmpty())
        m_folder->setText(folder);
}

void ExportDialog::start()
{
    validate();
    if (!isValid() || isRunning())
        return;
    std::vector<std::pair<ExportFormat, QString>> work;
    const QStringList files = outputFiles();
    int next = 0;
    if (m_torchScript->isChecked())
        work.emplace_back(ExportFormat::TorchScript, files.at(next++));
    if (m_onnx->isChecked())
        work.emplace_back(ExportFormat::Onnx, files.at(next++));
    if (m_card->isChecked())
        work.emplace_back(ExportFormat::Card, files.at(next++));
    auto written = std::make_shared<QStringList>();
    m_writing = written;
    const QString run = m_runFolder;
    const QString checkpoint = m_checkpoint->currentData().toString();
    const QString folder = QDir(m_folder->text().trimmed()).absolutePath();
    auto job = std::make_unique<FunctionJob>(QStringLiteral("Export"), [=](Feedback &feedback) {
        // Checked again here: the folder may have changed since the form looked.
        QStringList outputs;
        for (const auto &item : work)
            outputs << item.second;
        OutputPathCheck::check(runInputs(run), outputs);
        if (!QDir().mkpath(folder))
            throw DataError(folder, QStringLiteral("cannot be created"));
        feedback.info(QStringLiteral("Loading %1").arg(run));
        const TrainedModel model = TrainedModel::loadRun(run, checkpoint);
        for (std::size_t i = 0; i < work.size(); ++i) {
            feedback.checkpoint();
            ModelExporter::exportRun(model, work[i].first, work[i].second);
            written->append(work[i].second);
            feedback.setProgress(100.0 * double(i + 1) / double(work.size()));
        }
    });
    if (!m_runner->start(std::move(job)))
        return;
    m_written.clear();
    m_progress->setValue(0);
    m_summary->setText(tr("Exporting…"));
    m_showFolder->setEnabled(false);
    m_export->setEnabled(false);
}

void ExportDialog::onFinished(const JobResult &result)
{
    const QStringList written = m_writing ? *m_writing : QStringList();
    m_writing.reset();
    if (result.succeeded()) {
        m_written = written;
        QStringList lines;
        for (const QString &file : written)
            lines << tr("%1 (%2)").arg(QDir::toNativeSeparators(file),
                                       QLocale().formattedDataSize(QFileInfo(file).size()));
        m_summary->setText(tr("Wrote:\n%1").arg(lines.join(QLatin1Char('\n'))));
        m_showFolder->setEnabled(true);
        m_progress->setValue(100);
        Q_EMIT exported(written);
    } else if (result.status == JobResult::Status::Canceled) {
        m_summary->setText(written.isEmpty()
                               ? tr("Export stopped; nothing was written.")
                               : tr("Export stopped after %1.").arg(written.join(QStringLiteral(", "))));
    } else {
        m_summary->setText(tr("Export failed: %1").arg(result.error));
        Q_EMIT failed(result.error);
    }
    validate();
    if (m_closeWhenDone) {
        m_closeWhenDone = false;
        QDialog::reject();
    }
}

void ExportDialog::reject()
{
    // A format being written finishes (each file is replaced atomically), the rest are skipped,
    // and the dialog closes once the job has ended.
    if (isRunning()) {
        m_closeWhenDone = true;
        m_runner->cancel();
        return;
    }
    QDialog::reject();
}

} // namespace deepterra
