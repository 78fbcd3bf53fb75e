#include "results/predictiondialog.h"

#include "common/dataerror.h"
#include "common/outputpathcheck.h"
#include "inference/predictionresumestate.h"
#include "jobs/jobrunner.h"
#include "project/layersource.h"
#include "results/modelpredictionjob.h"
#include "results/predictionoutputs.h"
#include "results/uncertaintyoptions.h"
#include "training/devicecombo.h"
#include "workspace/projectcontroller.h"

#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace deepterra {

namespace {

bool isRasterTask(const QString &task)
{
    return task == QLatin1String("segmentation") || task == QLatin1String("patch-classification")
        || task == QLatin1String("raster-autoencoder");
}

QLabel *problemLabel()
{
    auto *label = new QLabel;
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("color: #c92a2a;"));
    label->hide();
    return label;
}

void showProblem(QLabel *label, const QString &text)
{
    label->setText(text);
    label->setVisible(!text.isEmpty());
}

QString timeText(double seconds)
{
    if (seconds < 60.0)
        return QObject::tr("%1 s").arg(qMax(1, qRound(seconds)));
    return QObject::tr("%1 min %2 s").arg(int(seconds) / 60).arg(int(seconds) % 60);
}

} // namespace

PredictionDialog::PredictionDialog(ProjectController *project, const std::vector<RunSummary> &runs,
                                   const QString &currentRun, QWidget *parent)
    : QDialog(parent)
    , m_project(project)
    , m_runner(new JobRunner(this))
{
    setWindowTitle(tr("Predict Whole Raster"));
    for (const RunSummary &run : runs)
        if (isRasterTask(run.task)
            && (run.state == RunSummary::State::Finished || run.state == RunSummary::State::EarlyStopped
                || run.state == RunSummary::State::Stopped))
            m_runs.push_back(run);
    buildForm();
    connect(m_runner, &JobRunner::finished, this, &PredictionDialog::onFinished);
    connect(m_runner->feedback(), &Feedback::progressChanged, this, &PredictionDialog::onProgress);
    connect(m_runner->feedback(), &Feedback::messageLogged, this,
            [this](Feedback::Level, const QString &text) {
                if (isRunning())
                    m_status->setText(text);
            });
    if (!currentRun.isEmpty())
        setModel(currentRun);
    else
        modelChanged();
}

PredictionDialog::~PredictionDialog()
{
    m_runner->cancelAndWait();
}

void PredictionDialog::buildForm()
{
    m_modelCombo = new QComboBox;
    for (const RunSummary &run : m_runs)
        m_modelCombo->addItem(tr("Run %1 (%2)").arg(run.name, run.task), run.path);
    m_modelCombo->addItem(tr("Exported model (.pt) with its card…"), QString());
    m_modelPath = new QLineEdit;
    m_modelPath->setPlaceholderText(tr("model.pt, written by Model ▸ Export Model"));
    m_browseModel = new QPushButton(tr("Browse…"));
    m_cardPath = new QLineEdit;
    m_cardPath->setPlaceholderText(tr("optional: the card inside the .pt is used"));
    m_browseCard = new QPushButton(tr("Browse…"));
    m_modelProblem = problemLabel();

    m_inputLayers = new QComboBox;
    if (const Project *p = m_project->project())
        for (const ProjectLayer &layer : p->layers)
            if (layer.kind == LayerKind::Imagery || layer.kind == LayerKind::Cube)
                m_inputLayers->addItem(layer.name, LayerSource::raster(*p, layer));
    m_inputLayers->addItem(tr("Other file…"), QString());
    m_input = new QLineEdit;
    auto *browseInput = new QPushButton(tr("Browse…"));
    m_inputProblem = problemLabel();

    m_tile = new QSpinBox;
    m_tile->setRange(0, 8192);
    m_tile->setSpecialValueText(tr("automatic (about 256)"));
    m_tile->setToolTip(tr("Tile edge in pixels: a multiple of the training patch size"));
    m_overlap = new QSpinBox;
    m_overlap->setRange(-1, 4096);
    m_overlap->setValue(-1);
    m_overlap->setSpecialValueText(tr("automatic (a quarter of the tile)"));
    m_overlap->setToolTip(tr("Pixels shared by neighbouring tiles, blended so that no seams show"));
    m_batch = new QSpinBox;
    m_batch->setRange(0, 4096);
    m_batch->setSpecialValueText(tr("automatic"));
    m_batch->setToolTip(tr("Tiles per forward pass: larger batches take more memory"));
    m_device = new DeviceCombo;
    m_device->setToolTip(tr("Where the network runs. The tiles are read, blended and written on the CPU "
                            "either way; a GPU runs the network many times faster."));

    m_outputLabel = new QLabel(tr("Class map"));
    m_output = new QLineEdit;
    m_outputProblem = problemLabel();
    m_probabilitiesCheck = new QCheckBox(tr("Probabilities"));
    m_probabilities = new QLineEdit;
    m_probabilitiesProblem = problemLabel();
    m_confidenceCheck = new QCheckBox(tr("Confidence"));
    m_confidence = new QLineEdit;
    m_confidenceKind = new QComboBox;
    m_confidenceKind->addItem(tr("winning class's probability"));
    m_confidenceKind->addItem(tr("entropy (0 = certain)"));
    m_confidenceProblem = problemLabel();
    m_uncertainty = new UncertaintyOptions;
    m_uncertaintyProblem = problemLabel();
    m_resume = new QCheckBox;
    m_resume->setToolTip(tr("An earlier prediction of this map was interrupted (the app closed, the computer "
                            "crashed or lost power). Go on from where its files end, if the model, raster "
                            "and settings are the same; otherwise it starts from the beginning."));
    m_resume->setVisible(false);

    auto *form = new QFormLayout;
    auto row = [](QWidget *field, QWidget *button) {
        auto *box = new QHBoxLayout;
        box->addWidget(field, 1);
        if (button)
            box->addWidget(button);
        return box;
    };
    form->addRow(tr("Model"), m_modelCombo);
    form->addRow(tr("Exported model"), row(m_modelPath, m_browseModel));
    form->addRow(tr("Model card"), row(m_cardPath, m_browseCard));
    form->addRow(QString(), m_modelProblem);
    form->addRow(tr("Raster"), m_inputLayers);
    form->addRow(QString(), row(m_input, browseInput));
    form->addRow(QString(), m_inputProblem);
    form->addRow(tr("Tile"), m_tile);
    form->addRow(tr("Overlap"), m_overlap);
    form->addRow(tr("Batch"), m_batch);
    form->addRow(tr("Device"), m_device);
    form->addRow(m_outputLabel, m_output);
    form->addRow(QString(), m_outputProblem);
    form->addRow(m_probabilitiesCheck, m_probabilities);
    form->addRow(QString(), m_probabilitiesProblem);
    form->addRow(m_confidenceCheck, row(m_confidence, m_confidenceKind));
    form->addRow(QString(), m_confidenceProblem);
    form->addRow(tr("Uncertainty"), m_uncertainty);
    form->addRow(QString(), m_uncertaintyProblem);
    form->addRow(QString(), m_resume);

    m_progress = new QProgressBar;
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    m_status = new QLabel;
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *buttons = new QDialogButtonBox;
    m_run = buttons->addButton(tr("Run"), QDialogButtonBox::AcceptRole);
    m_cancel = buttons->addButton(tr("Cancel Prediction"), QDialogButtonBox::ActionRole);
    m_close = buttons->addButton(QDialogButtonBox::Close);
    m_cancel->setEnabled(false);
    m_run->setDefault(true);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_progress);
    layout->addWidget(m_status);
    layout->addWidget(buttons);

    connect(m_modelCombo, &QComboBox::currentIndexChanged, this, &PredictionDialog::modelChanged);
    connect(m_modelPath, &QLineEdit::textChanged, this, [this] {
        fillDefaultOutputs();
        validate();
    });
    connect(m_cardPath, &QLineEdit::textChanged, this, &PredictionDialog::validate);
    connect(m_browseModel, &QPushButton::clicked, this, &PredictionDialog::chooseModelFile);
    connect(m_browseCard, &QPushButton::clicked, this, &PredictionDialog::chooseCardFile);
    connect(m_inputLayers, &QComboBox::currentIndexChanged, this, &PredictionDialog::inputLayerChosen);
    connect(m_input, &QLineEdit::textChanged, this, &PredictionDialog::validate);
    connect(browseInput, &QPushButton::clicked, this, &PredictionDialog::chooseInputFile);
    for (QLineEdit *edit : { m_output, m_probabilities, m_confidence })
        connect(edit, &QLineEdit::textEdited, this, [this] { m_outputsEdited = true; });
    for (QLineEdit *edit : { m_output, m_probabilities, m_confidence })
        connect(edit, &QLineEdit::textChanged, this, &PredictionDialog::validate);
    for (QCheckBox *check : { m_probabilitiesCheck, m_confidenceCheck })
        connect(check, &QCheckBox::toggled, this, &PredictionDialog::validate);
    connect(m_uncertainty, &UncertaintyOptions::outputEdited, this, [this] { m_outputsEdited = true; });
    connect(m_uncertainty, &UncertaintyOptions::changed, this, &PredictionDialog::validate);
    connect(m_run, &QPushButton::clicked, this, &PredictionDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_runner->cancel();
        m_cancel->setEnabled(false);
        m_status->setText(tr("Stopping after the current tiles…"));
    });
    connect(m_close, &QPushButton::clicked, this, &PredictionDialog::reject);
}

void PredictionDialog::setModel(const QString &path, const QString &cardPath)
{
    for (int i = 0; i < m_modelCombo->count() - 1; ++i)
        if (OutputPathCheck::sameFile(m_modelCombo->itemData(i).toString(), path)) {
            m_modelCombo->setCurrentIndex(i);
            modelChanged();
            return;
        }
    m_modelCombo->setCurrentIndex(m_modelCombo->count() - 1);
    m_modelPath->setText(path);
    m_cardPath->setText(cardPath);
    modelChanged();
}

QString PredictionDialog::selectedRun() const
{
    return m_modelCombo->currentData().toString();
}

QString PredictionDialog::modelPath() const
{
    const QString run = selectedRun();
    return run.isEmpty() ? m_modelPath->text().trimmed() : run;
}

QString PredictionDialog::modelName() const
{
    const QString path = modelPath();
    return QFileInfo(path).isDir() ? QFileInfo(path).fileName() : QFileInfo(path).completeBaseName();
}

QString PredictionDialog::knownTask() const
{
    const QString run = selectedRun();
    for (const RunSummary &summary : m_runs)
        if (summary.path == run)
            return summary.task;
    return {}; // an exported model's task is known once it is loaded
}

void PredictionDialog::modelChanged()
{
    const bool exported = selectedRun().isEmpty();
    for (QWidget *widget :
         std::initializer_list<QWidget *> { m_modelPath, m_cardPath, m_browseModel, m_browseCard })
        widget->setEnabled(exported);
    const QString task = knownTask();
    const bool anomaly = task == QLatin1String("raster-autoencoder");
    m_outputLabel->setText(anomaly              ? tr("Anomaly map")
                               : task.isEmpty() ? tr("Class or anomaly map")
                                                : tr("Class map"));
    // Probabilities and confidence come from class scores: autoencoders have none.
    m_probabilitiesCheck->setEnabled(!anomaly);
    m_confidenceCheck->setEnabled(!anomaly);
    if (anomaly) {
        m_probabilitiesCheck->setChecked(false);
        m_confidenceCheck->setChecked(false);
    }
    if (!exported && m_input->text().isEmpty()) {
        QString image;
        for (const RunSummary &summary : m_runs)
            if (summary.path == selectedRun())
                image = summary.image;
        const int layer = m_inputLayers->findData(image);
        if (layer >= 0)
            m_inputLayers->setCurrentIndex(layer);
        m_input->setText(image);
    } else if (m_input->text().isEmpty()) {
        inputLayerChosen();
    }
    fillDefaultOutputs();
    validate();
}

void PredictionDialog::inputLayerChosen()
{
    const QString path = m_inputLayers->currentData().toString();
    if (!path.isEmpty())
        m_input->setText(path);
}

void PredictionDialog::chooseModelFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Exported Model"), m_modelPath->text(),
                                                      tr("TorchScript models (*.pt);;All files (*)"));
    if (!path.isEmpty())
        m_modelPath->setText(path);
}

void PredictionDialog::chooseCardFile()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Model Card"), m_cardPath->text(),
                                                      tr("Model cards (*.json);;All files (*)"));
    if (!path.isEmpty())
        m_cardPath->setText(path);
}

void PredictionDialog::chooseInputFile()
{
    const QString path
        = QFileDialog::getOpenFileName(this, tr("Raster to Predict"), m_input->text(),
                                       tr("Rasters (*.tif *.tiff *.img *.vrt *.jp2);;All files (*)"));
    if (path.isEmpty())
        return;
    m_inputLayers->setCurrentIndex(m_inputLayers->count() - 1);
    m_input->setText(path);
}

void PredictionDialog::fillDefaultOutputs()
{
    if (m_outputsEdited)
        return;
    // Next to the project (its "predictions" folder), else next to the model.
    QString folder;
    if (m_project->project() && !m_project->filePath().isEmpty())
        folder = QFileInfo(m_project->filePath()).absoluteDir().filePath(QStringLiteral("predictions"));
    else if (!modelPath().isEmpty())
        folder = QFileInfo(modelPath()).absoluteDir().filePath(QStringLiteral("predictions"));
    else
        folder = QDir::home().filePath(QStringLiteral("predictions"));
    const PredictionRequest defaults = PredictionOutputs::defaults(
        folder, modelName(), knownTask() == QLatin1String("raster-autoencoder"));
    m_output->setText(defaults.output);
    m_probabilities->setText(defaults.probabilities);
    m_confidence->setText(defaults.confidence);
    m_uncertainty->setOutputPath(defaults.uncertaintyOutput);
}

void PredictionDialog::validate()
{
    QString model;
    const QString path = modelPath();
    const QString card = selectedRun().isEmpty() ? m_cardPath->text().trimmed() : QString();
    if (!selectedRun().isEmpty()) {
        if (!QFileInfo::exists(QDir(path).filePath(QStringLiteral("checkpoints/best.pt"))))
            model = tr("This run has no checkpoints/best.pt to predict with.");
    } else if (path.isEmpty()) {
        model = tr("Choose an exported model (.pt).");
    } else if (!QFileInfo(path).isFile()) {
        model = tr("%1 does not exist.").arg(path);
    } else if (QFileInfo(path).suffix().compare(QLatin1String("onnx"), Qt::CaseInsensitive) == 0) {
        model = tr("ONNX models are for other tools: predict with the TorchScript export (.pt).");
    } else if (!card.isEmpty() && !QFileInfo(card).isFile()) {
        model = tr("The card %1 does not exist.").arg(card);
    }

    const QString input = m_input->text().trimmed();
    QString inputProblem;
    if (input.isEmpty())
        inputProblem = tr("Choose the raster to predict.");
    else if (!QFileInfo(input).isFile())
        inputProblem = tr("%1 does not exist.").arg(input);

    const QString output = m_output->text().trimmed();
    const QString probabilities
        = m_probabilitiesCheck->isChecked() ? m_probabilities->text().trimmed() : QString();
    const QString confidence = m_confidenceCheck->isChecked() ? m_confidence->text().trimmed() : QString();
    QString outputProblem = output.isEmpty() ? tr("Choose where to write the map.") : QString();
    QString probabilitiesProblem = m_probabilitiesCheck->isChecked() && probabilities.isEmpty()
        ? tr("Choose where to write the probabilities.")
        : QString();
    QString confidenceProblem = m_confidenceCheck->isChecked() && confidence.isEmpty()
        ? tr("Choose where to write the confidence.")
        : QString();
    const QString uncertainty = m_uncertainty->outputPath();
    QString uncertaintyProblem = m_uncertainty->settings().enabled() && uncertainty.isEmpty()
        ? tr("Choose where to write the uncertainty.")
        : QString();
    try {
        OutputPathCheck::check({ input, path, card }, { output, probabilities, confidence, uncertainty });
    } catch (const DataError &e) {
        // Beside the output it names.
        const QString text = e.cause();
        if (!uncertainty.isEmpty() && OutputPathCheck::sameFile(e.path(), uncertainty))
            uncertaintyProblem = text;
        else if (!confidence.isEmpty() && OutputPathCheck::sameFile(e.path(), confidence))
            confidenceProblem = text;
        else if (!probabilities.isEmpty() && OutputPathCheck::sameFile(e.path(), probabilities))
            probabilitiesProblem = text;
        else
            outputProblem = text;
    }
    showProblem(m_modelProblem, model);
    showProblem(m_inputProblem, inputProblem);
    showProblem(m_outputProblem, outputProblem);
    showProblem(m_probabilitiesProblem, probabilitiesProblem);
    showProblem(m_confidenceProblem, confidenceProblem);
    showProblem(m_uncertaintyProblem, uncertaintyProblem);
    m_probabilities->setEnabled(m_probabilitiesCheck->isChecked());
    m_confidence->setEnabled(m_confidenceCheck->isChecked());
    m_confidenceKind->setEnabled(m_confidenceCheck->isChecked());
    QStringList problems;
    for (const QString &problem :
         { model, inputProblem, outputProblem, probabilitiesProblem, confidenceProblem, uncertaintyProblem })
        if (!problem.isEmpty())
            problems << problem;
    m_problems = problems.join(QLatin1Char('\n'));
    m_run->setEnabled(m_problems.isEmpty() && !isRunning());
    offerResume(output);
}

void PredictionDialog::offerResume(const QString &output)
{
    PredictionResumeState state;
    QString problem;
    const bool interrupted = !output.isEmpty() && !isRunning()
        && PredictionResumeState::load(PredictionResumeState::pathFor(output), &state, &problem);
    if (interrupted)
        m_resume->setText(tr("Resume the interrupted prediction of this map (%1 % written)")
                              .arg(100.0 * state.shareDone, 0, 'f', 1));
    if (interrupted && m_resume->isHidden())
        m_resume->setChecked(true);
    m_resume->setVisible(interrupted);
}

QComboBox *PredictionDialog::deviceCombo() const
{
    return m_device;
}

bool PredictionDialog::isRunning() const
{
    return m_runner->isRunning();
}

void PredictionDialog::start()
{
    validate();
    if (!isValid() || isRunning())
        return;
    PredictionRequest request;
    request.input = m_input->text().trimmed();
    request.output = m_output->text().trimmed();
    request.probabilities = m_probabilitiesCheck->isChecked() ? m_probabilities->text().trimmed() : QString();
    request.confidence = m_confidenceCheck->isChecked() ? m_confidence->text().trimmed() : QString();
    request.confidenceKind
        = m_confidenceKind->currentIndex() == 1 ? ConfidenceKind::Entropy : ConfidenceKind::MaxProbability;
    request.tile = m_tile->value();
    request.overlap = m_overlap->value();
    request.batch = m_batch->value();
    request.device = m_device->device();
    request.uncertainty = m_uncertainty->settings();
    request.uncertaintyOutput = m_uncertainty->outputPath();
    request.resume = !m_resume->isHidden() && m_resume->isChecked();
    for (const QString &output : request.outputs())
        if (!output.isEmpty())
            QDir().mkpath(QFileInfo(output).absolutePath());
    const QString card = selectedRun().isEmpty() ? m_cardPath->text().trimmed() : QString();
    m_job = std::make_shared<ModelPredictionJob>(modelPath(), card, request);
    if (!m_runner->startShared(m_job)) {
        m_job.reset();
        return;
    }
    m_clock.start();
    m_firstPercent = -1.0;
    m_resume->setVisible(false);
    m_progress->setValue(0);
    m_status->setText(tr("Loading the model…"));
    m_run->setEnabled(false);
    m_cancel->setEnabled(true);
}

void PredictionDialog::onProgress(double percent)
{
    if (!isRunning())
        return;
    m_progress->setValue(qBound(0, int(percent), 100));
    // A resumed prediction's first report is where it went on from, not work of this run.
    if (m_firstPercent < 0.0) {
        m_firstPercent = percent;
        m_clock.restart();
        return;
    }
    const double seconds = double(m_clock.elapsed()) / 1000.0;
    const double done = percent - m_firstPercent;
    if (done >= 1.0 && percent < 100.0)
        m_status->setText(
            tr("%1 % · about %2 left").arg(int(percent)).arg(timeText(seconds * (100.0 - percent) / done)));
}

void PredictionDialog::onFinished(const JobResult &result)
{
    m_cancel->setEnabled(false);
    switch (result.status) {
    case JobResult::Status::Succeeded:
        m_progress->setValue(100);
        addLayers();
        break;
    case JobResult::Status::Canceled:
        m_progress->setValue(0);
        m_status->setText(tr("Prediction stopped; no map was written."));
        break;
    case JobResult::Status::Failed:
        m_progress->setValue(0);
        m_status->setText(tr("Prediction failed: %1").arg(result.error));
        Q_EMIT failed(result.error);
        break;
    }
    m_job.reset();
    validate();
    if (m_closeWhenDone) {
        m_closeWhenDone = false;
        QDialog::reject();
    }
}

void PredictionDialog::addLayers()
{
    const PredictionRequest &request = m_job->request();
    const QStringList ids
        = PredictionOutputs::addLayers(m_project, request, m_job->task(), m_job->classes(), modelName());
    m_status->setText(tr("Wrote %1 in %2; added to the map.")
                          .arg(QDir::toNativeSeparators(request.output))
                          .arg(timeText(double(m_clock.elapsed()) / 1000.0)));
    Q_EMIT predicted(ids);
}

bool PredictionDialog::askToStop()
{
    if (m_stopPrompt)
        return m_stopPrompt();
    return QMessageBox::question(this, tr("Stop the Prediction?"),
                                 tr("A prediction is running. Stop it? No map will be written."))
        == QMessageBox::Yes;
}

void PredictionDialog::reject()
{
    if (!isRunning()) {
        QDialog::reject();
        return;
    }
    if (!askToStop())
        return;
    // Closes once the job has let go of its files: nothing half-written stays behind.
    m_closeWhenDone = true;
    m_runner->cancel();
    m_cancel->setEnabled(false);
    m_status->setText(tr("Stopping…"));
}

void PredictionDialog::closeEvent(QCloseEvent *event)
{
    if (isRunning()) {
        event->ignore();
        reject();
        return;
    }
    QDialog::closeEvent(event);
}

} // namespace deepterra
