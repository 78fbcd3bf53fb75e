#include "training/trainingsetuppanel.h"

#include "common/dataerror.h"
#include "models/modelspecjson.h"
#include "render/maplayerdata.h"
#include "training/architectureform.h"
#include "training/devicepage.h"
#include "training/modelpage.h"
#include "training/samplingpage.h"
#include "training/taskinputspage.h"
#include "training/trainingconfigjson.h"
#include "training/trainingdefaults.h"
#include "training/trainingsettingspage.h"

#include <QLabel>
#include <QPushButton>
#include <QStyle>
#include <QTimer>
#include <QVBoxLayout>

namespace deepterra {

namespace {

std::optional<TaskKind> taskKindOf(const QJsonObject &sections)
{
    const QString type
        = sections.value(QStringLiteral("task")).toObject().value(QStringLiteral("type")).toString();
    const int index = TaskConfig::kindNames().indexOf(type);
    return index >= 0 ? std::optional<TaskKind>(TaskKind(index)) : std::nullopt;
}

bool modelFits(TaskKind task, const QJsonObject &model)
{
    const auto kind = ModelSpec::kindFromName(model.value(QStringLiteral("type")).toString());
    return kind && TrainingDefaults::modelKindsFor(task).contains(*kind);
}

} // namespace

TrainingSetupPanel::TrainingSetupPanel(QWidget *parent)
    : QWidget(parent)
    , m_setup(TrainingDefaults::forTask(TaskKind::Segmentation))
    , m_taskPage(new TaskInputsPage(&m_setup))
    , m_modelPage(new ModelPage)
    , m_samplingPage(new SamplingPage(&m_setup))
    , m_trainingPage(new TrainingSettingsPage(&m_setup))
    , m_devicePage(new DevicePage(&m_setup))
    , m_summary(new QLabel)
    , m_train(new QPushButton(tr("Train")))
    , m_validateTimer(new QTimer(this))
{
    m_summary->setObjectName(QStringLiteral("setupProblemSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextFormat(Qt::RichText);
    m_summary->setStyleSheet(QStringLiteral("QLabel#setupProblemSummary { color: #c62828; border: 1px solid "
                                            "#c62828; border-radius: 3px; padding: 4px; }"));
    m_summary->hide();
    m_train->setObjectName(QStringLiteral("setupTrainButton"));
    m_train->setIcon(style()->standardIcon(QStyle::SP_MediaPlay));
    m_train->setToolTip(tr("Train the model set up above. Disabled while the set-up has a problem (shown in "
                           "red) or a run is training."));
    m_train->setEnabled(false);
    m_validateTimer->setSingleShot(true);
    m_validateTimer->setInterval(150);

    auto *layout = new QVBoxLayout(this);
    for (QWidget *page : std::initializer_list<QWidget *> { m_taskPage, m_modelPage, m_samplingPage,
                                                            m_trainingPage, m_devicePage })
        layout->addWidget(page);
    layout->addWidget(m_summary);
    layout->addWidget(m_train);
    layout->addStretch(1);

    for (SetupForm *form : forms())
        connect(form, &SetupForm::edited, this, &TrainingSetupPanel::onEdited);
    connect(m_taskPage, &TaskInputsPage::taskChosen, this, &TrainingSetupPanel::onTaskChosen);
    connect(m_taskPage, &TaskInputsPage::classFieldChosen, this, &TrainingSetupPanel::onClassFieldChosen);
    connect(m_samplingPage, &SamplingPage::splitPreviewRequested, this,
            &TrainingSetupPanel::splitPreviewRequested);
    connect(m_validateTimer, &QTimer::timeout, this, [this] {
        showValidation();
        Q_EMIT sectionsEdited(sections());
    });
    connect(m_train, &QPushButton::clicked, this, [this] {
        // A click within the debounce of the last edit: validate that edit first.
        if (m_validateTimer->isActive()) {
            m_validateTimer->stop();
            showValidation();
            Q_EMIT sectionsEdited(sections());
        }
        if (m_shownValid && !m_trainingActive)
            Q_EMIT trainRequested();
    });
    loadPages(ModelSpecJson::toJson(m_setup.model));
    showValidation();
}

TrainingSetupPanel::~TrainingSetupPanel() = default;

QList<SetupForm *> TrainingSetupPanel::forms() const
{
    return { m_taskPage,     m_modelPage,    m_modelPage->architecture(),
             m_samplingPage, m_trainingPage, m_devicePage };
}

void TrainingSetupPanel::setLayerLookup(LayerLookup lookup)
{
    m_layers = std::move(lookup);
    refreshLayers(m_project);
}

void TrainingSetupPanel::setProject(const Project &project)
{
    m_project = project;
    m_pendingClassFields.clear();
    m_readError.clear();
    const QJsonObject &sections = project.sections;
    const std::optional<TaskKind> kind = taskKindOf(sections);
    m_taskChosen = sections.contains(QStringLiteral("task"));
    try {
        if (!m_taskChosen)
            throw DataError(QString(), QString());
        m_setup = TrainingSetup::fromJson(sections, project.filePath);
    } catch (const DataError &e) {
        // An unreadable set-up (hand-edited, or from a newer version): the task's defaults, with
        // the layers it names, and the reason in the summary.
        m_setup = TrainingDefaults::forTask(kind.value_or(TaskKind::Segmentation));
        const QJsonObject task = sections.value(QStringLiteral("task")).toObject();
        m_setup.task.raster.imageLayer = task.value(QStringLiteral("image")).toString();
        m_setup.task.raster.labelLayer = task.value(QStringLiteral("labels")).toString();
        m_setup.task.series.seriesLayer = task.value(QStringLiteral("series")).toString();
        m_taskChosen = m_taskChosen && kind.has_value();
        if (sections.contains(QStringLiteral("task")))
            m_readError = tr("The project's set-up could not be read (%1); the forms show the defaults.")
                              .arg(e.message());
    }
    loadPages(ModelSpecJson::toJson(m_setup.model));
    showValidation();
}

void TrainingSetupPanel::refreshLayers(const Project &project)
{
    m_project = project;
    for (auto it = m_pendingClassFields.begin(); it != m_pendingClassFields.end();) {
        const ProjectLayer *layer = project.layer(it.key());
        if (!layer || layer->properties.value(QStringLiteral("classField")).toString() == it.value())
            it = m_pendingClassFields.erase(it);
        else
            ++it;
    }
    m_taskPage->setContext(effectiveProject(), m_layers);
    updateDataShape();
    showValidation();
}

Project TrainingSetupPanel::effectiveProject() const
{
    Project project = m_project;
    for (auto it = m_pendingClassFields.constBegin(); it != m_pendingClassFields.constEnd(); ++it)
        if (ProjectLayer *layer = project.layer(it.key()))
            layer->properties.insert(QStringLiteral("classField"), it.value());
    return project;
}

void TrainingSetupPanel::loadPages(const QJsonObject &model)
{
    m_taskPage->setContext(effectiveProject(), m_layers);
    m_taskPage->load(m_taskChosen);
    m_modelPage->setTask(m_setup.task.kind);
    m_modelPage->setModel(model);
    m_modelPage->setVisible(m_taskChosen);
    m_samplingPage->load(m_taskChosen);
    m_trainingPage->load(m_taskChosen);
    m_devicePage->load();
    m_devicePage->setVisible(m_taskChosen);
    updateDataShape();
}

void TrainingSetupPanel::onTaskChosen(TaskKind kind)
{
    QJsonObject model = m_modelPage->model();
    if (!m_taskChosen || kind != m_setup.task.kind) {
        // The task's defaults for what depends on the task; the layers and the other settings stay
        // as the user left them.
        const TrainingSetup defaults = TrainingDefaults::forTask(kind);
        TaskConfig &task = m_setup.task;
        task.kind = kind;
        if ((task.split.kind == SplitKind::Chronological) == task.isRasterTask())
            task.split.kind = defaults.task.split.kind;
        if (!task.isRasterTask())
            task.series.normalization = defaults.task.series.normalization;
        m_setup.training.loss = defaults.training.loss;
        m_setup.training.earlyStoppingMetric = defaults.training.earlyStoppingMetric;
        if (!modelFits(kind, model))
            model = ModelSpecJson::toJson(defaults.model);
    }
    m_taskChosen = true;
    m_taskPage->setContext(effectiveProject(), m_layers);
    m_taskPage->preselectLayers();
    loadPages(model);
    onEdited();
}

void TrainingSetupPanel::onClassFieldChosen(const QString &layerId, const QString &field)
{
    m_pendingClassFields.insert(layerId, field);
    Q_EMIT classFieldChanged(layerId, field);
}

void TrainingSetupPanel::onEdited()
{
    updateDataShape();
    // Until the edit is validated, Train must not start a set-up nobody checked.
    m_shownValid = false;
    updateTrainButton();
    m_validateTimer->start();
}

void TrainingSetupPanel::updateDataShape()
{
    ModelDataShape shape;
    const TaskConfig &task = m_setup.task;
    shape.task = task.kind;
    shape.batchSize = m_setup.training.batchSize;
    shape.patchSize = task.raster.patchSize;
    shape.lookback = task.series.lookback;
    shape.horizon = task.series.horizon;
    const auto facts
        = [this](const QString &id) { return m_layers && !id.isEmpty() ? m_layers(id) : nullptr; };
    if (task.isRasterTask()) {
        int bands = int(task.raster.bands.size());
        if (bands == 0) {
            const auto image = facts(task.raster.imageLayer);
            bands = image && image->isRaster ? image->raster.bandCount() : 0;
        }
        if (bands > 0)
            shape.channels
                = bands + (task.raster.demLayer.isEmpty() ? 0 : int(task.raster.demChannels.size()));
        const Project project = effectiveProject();
        const ProjectLayer *labels = project.layer(task.raster.labelLayer);
        const auto labelFacts = facts(task.raster.labelLayer);
        if (labels && labelFacts
            && (labels->kind != LayerKind::VectorLabels
                || labelFacts->polygons.classField
                    == labels->properties.value(QStringLiteral("classField")).toString()))
            shape.classes = labelFacts->classes.size();
    } else {
        shape.targets = std::max(1, int(task.series.targets.size()));
        shape.inputs = task.series.inputs.isEmpty() ? shape.targets : int(task.series.inputs.size());
    }
    m_modelPage->setDataShape(shape);
}

QJsonObject TrainingSetupPanel::sections() const
{
    QJsonObject task = TrainingConfigJson::toJson(m_setup.task);
    if (!m_taskChosen)
        task.remove(QStringLiteral("type"));
    return { { QStringLiteral("task"), task },
             { QStringLiteral("model"), m_modelPage->model() },
             { QStringLiteral("training"), TrainingConfigJson::toJson(m_setup.training) },
             { QStringLiteral("outputs"), QJsonObject { { QStringLiteral("runs"), m_setup.runsFolder } } } };
}

QVector<SetupProblem> TrainingSetupPanel::problems() const
{
    return SetupValidator::validate(sections(), effectiveProject(), m_layers);
}

bool TrainingSetupPanel::isValid() const
{
    return problems().isEmpty();
}

void TrainingSetupPanel::showValidation()
{
    QVector<SetupProblem> remaining = problems();
    m_shownValid = remaining.isEmpty();
    // Problems with an architecture setting that is not on screen (a preset is shown) belong to
    // the model choice.
    for (SetupProblem &problem : remaining)
        if (problem.field.startsWith(QLatin1String("model."))
            && !m_modelPage->architecture()->isFieldVisible(problem.field))
            problem.field = QStringLiteral("model.preset");
    for (SetupForm *form : forms())
        remaining = form->showProblems(remaining);
    QStringList lines;
    if (!m_readError.isEmpty())
        lines << m_readError.toHtmlEscaped();
    for (const SetupProblem &problem : std::as_const(remaining))
        lines << problem.message.toHtmlEscaped();
    m_summary->setText(lines.join(QStringLiteral("<br>")));
    m_summary->setVisible(!lines.isEmpty());
    updateTrainButton();
    Q_EMIT validated();
}

void TrainingSetupPanel::updateTrainButton()
{
    m_train->setEnabled(m_shownValid && !m_trainingActive);
}

void TrainingSetupPanel::setTrainingActive(bool active)
{
    m_trainingActive = active;
    for (SetupForm *form : forms())
        form->setEnabled(!active);
    updateTrainButton();
}

QWidget *TrainingSetupPanel::fieldEditor(const QString &field) const
{
    for (SetupForm *form : forms())
        if (QWidget *editor = form->fieldEditor(field))
            return editor;
    return nullptr;
}

QString TrainingSetupPanel::problemText(const QString &field) const
{
    for (SetupForm *form : forms()) {
        const QString text = form->problemText(field);
        if (!text.isEmpty())
            return text;
    }
    return {};
}

QString TrainingSetupPanel::summaryText() const
{
    return m_summary->isHidden() ? QString() : m_summary->text();
}

} // namespace deepterra
