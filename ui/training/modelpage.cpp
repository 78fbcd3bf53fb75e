#include "training/modelpage.h"

#include "jobs/functionjob.h"
#include "jobs/jobrunner.h"
#include "models/model.h"
#include "models/modelpresets.h"
#include "models/modelspecjson.h"
#include "training/architectureform.h"
#include "training/trainingdefaults.h"

#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QTableWidget>
#include <QTimer>

namespace deepterra {

namespace {

bool isRasterTask(TaskKind kind)
{
    return kind == TaskKind::Segmentation || kind == TaskKind::PatchClassification
        || kind == TaskKind::RasterAutoencoder;
}

QString megabytes(double bytes)
{
    return QLocale(QLocale::English)
        .toString(bytes / (1024.0 * 1024.0), 'f', bytes < 10 * 1024 * 1024 ? 1 : 0);
}

} // namespace

struct ModelPage::Summary
{
    QJsonObject spec;
    std::vector<std::int64_t> inputShape;
    ModelSummary table;
};

bool ModelDataShape::operator==(const ModelDataShape &o) const
{
    return task == o.task && channels == o.channels && classes == o.classes && patchSize == o.patchSize
        && lookback == o.lookback && horizon == o.horizon && inputs == o.inputs && targets == o.targets
        && batchSize == o.batchSize;
}

ModelPage::ModelPage(QWidget *parent)
    : SetupForm(parent)
    , m_preset(new QComboBox)
    , m_architecture(new ArchitectureForm)
    , m_table(new QTableWidget(0, 4))
    , m_summary(new QLabel)
    , m_tableTimer(new QTimer(this))
    , m_runner(new JobRunner(this))
{
    m_table->setObjectName(QStringLiteral("modelLayerTable"));
    m_table->setHorizontalHeaderLabels({ tr("Layer"), tr("Type"), tr("Output shape"), tr("Parameters") });
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setMinimumHeight(m_table->fontMetrics().height() * 12);
    m_summary->setObjectName(QStringLiteral("modelSummary"));
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_tableTimer->setSingleShot(true);
    m_tableTimer->setInterval(300);

    addHeading(tr("Model"));
    addField(QStringLiteral("model.preset"), tr("Network"), m_preset);
    addWideRow(m_architecture);
    addWideRow(m_table);
    addWideRow(m_summary);

    connect(m_preset, qOverload<int>(&QComboBox::activated), this, &ModelPage::onPresetChosen);
    connect(m_architecture, &ArchitectureForm::edited, this, [this] {
        m_model = m_architecture->spec();
        scheduleTable();
        noteEdit();
    });
    connect(m_tableTimer, &QTimer::timeout, this, &ModelPage::buildTable);
    connect(m_runner, &JobRunner::finished, this, [this](const JobResult &result) {
        const std::shared_ptr<Summary> done = std::move(m_pending);
        if (m_rebuildWhenDone) {
            m_rebuildWhenDone = false;
            buildTable();
            return;
        }
        if (result.succeeded()) {
            showTable(*done);
        } else {
            m_table->setRowCount(0);
            m_parameters = -1;
            m_summary->setText(tr("The network cannot be built: %1").arg(result.error));
        }
        Q_EMIT layerTableUpdated();
    });
    setTask(TaskKind::Segmentation);
}

ModelPage::~ModelPage()
{
    m_runner->cancelAndWait();
}

QString ModelPage::customName()
{
    return tr("Custom");
}

void ModelPage::setTask(TaskKind kind)
{
    const LoadingGuard guard(this);
    m_task = kind;
    m_preset->clear();
    for (const QString &name : ModelPresets::names())
        if (const auto spec = ModelPresets::find(name);
            spec && TrainingDefaults::modelKindsFor(kind).contains(spec->kind()))
            m_preset->addItem(name, name);
    m_preset->addItem(customName(), QString());
    for (int i = 0; i < m_preset->count(); ++i)
        m_preset->setItemData(i, ModelPresets::description(m_preset->itemData(i).toString()),
                              Qt::ToolTipRole);
    setModel(m_model);
}

void ModelPage::setModel(const QJsonObject &model)
{
    const LoadingGuard guard(this);
    m_model = model;
    const QString name = model.value(QStringLiteral("name")).toString();
    const auto preset = ModelPresets::find(name);
    const bool isPreset = preset && ModelSpecJson::toJson(*preset) == model;
    const int index = isPreset ? m_preset->findData(name) : -1;
    m_preset->setCurrentIndex(index >= 0 ? index : m_preset->count() - 1);
    showArchitecture();
    scheduleTable();
}

QJsonObject ModelPage::model() const
{
    return m_model;
}

void ModelPage::showArchitecture()
{
    m_architecture->setSpec(m_model);
    m_architecture->setVisible(m_preset->currentData().toString().isEmpty());
}

void ModelPage::onPresetChosen(int index)
{
    if (isLoading())
        return;
    const QString name = m_preset->itemData(index).toString();
    if (const auto preset = ModelPresets::find(name))
        m_model = ModelSpecJson::toJson(*preset);
    // Custom starts from the spec shown, so that its fields begin at the preset's values.
    showArchitecture();
    scheduleTable();
    noteEdit();
}

void ModelPage::setDataShape(const ModelDataShape &shape)
{
    if (shape == m_shape)
        return;
    m_shape = shape;
    scheduleTable();
}

void ModelPage::setEditable(bool editable)
{
    m_preset->setEnabled(editable);
    m_architecture->setEnabled(editable);
}

void ModelPage::scheduleTable()
{
    m_tableTimer->start();
}

bool ModelPage::isUpdatingTable() const
{
    return m_tableTimer->isActive() || m_runner->isRunning();
}

QJsonObject ModelPage::fittedSpec() const
{
    // What Trainer::fitSpecToData will do with the data's sizes.
    QJsonObject spec = m_model;
    const ModelDataShape &s = m_shape;
    const QString type = spec.value(QStringLiteral("type")).toString();
    const auto set = [&spec](const char *key, int value) {
        if (value > 0)
            spec.insert(QLatin1String(key), value);
    };
    if (type == QLatin1String("unet") || type == QLatin1String("resunet") || type == QLatin1String("cnn")
        || type == QLatin1String("conv-autoencoder")) {
        set("inputChannels", s.channels);
        set("classes", s.classes);
    }
    if (type == QLatin1String("cnn")) {
        set("inputHeight", s.patchSize);
        set("inputWidth", s.patchSize);
    } else if (type == QLatin1String("conv-autoencoder")) {
        set("inputSize", s.patchSize);
    } else if (type == QLatin1String("recurrent")) {
        set("lookback", s.lookback);
        set("horizon", s.horizon);
        set("inputs", s.inputs);
        set("targets", s.targets);
    } else if (type == QLatin1String("dense-autoencoder")) {
        if (s.task == TaskKind::SeriesAutoencoder)
            set("inputSize", s.lookback * s.inputs);
        else if (s.channels > 0)
            set("inputSize", s.channels * s.patchSize * s.patchSize);
    }
    return spec;
}

void ModelPage::buildTable()
{
    if (m_runner->isRunning()) {
        m_rebuildWhenDone = true;
        return;
    }
    // The table runs the network once on a zero input: for huge patches that alone needs
    // gigabytes.
    if (m_shape.patchSize > kMaxTablePatch && isRasterTask(m_shape.task)) {
        m_table->setRowCount(0);
        m_parameters = -1;
        m_summary->setText(tr("The layer table is shown for patches up to %1 px.").arg(kMaxTablePatch));
        Q_EMIT layerTableUpdated();
        return;
    }
    auto summary = std::make_shared<Summary>();
    summary->spec = fittedSpec();
    m_pending = summary;
    const int patch = m_shape.patchSize;
    m_runner->start(
        std::make_unique<FunctionJob>(tr("Building the model summary"), [summary, patch](Feedback &) {
            const ModelSpec spec = ModelSpecJson::fromJson(summary->spec, QString());
            // A segmenter runs on any patch its depth divides: show the data's; the others' input
            // size is in their spec.
            if (spec.segmenterDepth() > 0)
                summary->inputShape
                    = { 1, summary->spec.value(QStringLiteral("inputChannels")).toInt(), patch, patch };
            const Model model = Model::createForWeights(spec);
            summary->table = model.summary(summary->inputShape);
        }));
}

void ModelPage::showTable(const Summary &summary)
{
    const ModelSummary &table = summary.table;
    const QLocale english(QLocale::English);
    m_table->setRowCount(int(table.rows.size()));
    double activations = 0;
    for (int row = 0; row < int(table.rows.size()); ++row) {
        const ModelSummaryRow &layer = table.rows[std::size_t(row)];
        double elements = 1;
        for (std::int64_t d : layer.outputShape)
            elements *= double(d);
        activations += elements;
        m_table->setItem(row, 0, new QTableWidgetItem(layer.name));
        m_table->setItem(row, 1, new QTableWidgetItem(layer.type));
        m_table->setItem(row, 2, new QTableWidgetItem(ModelSummary::shapeText(layer.outputShape)));
        auto *parameters = new QTableWidgetItem(english.toString(qlonglong(layer.parameters)));
        parameters->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
        m_table->setItem(row, 3, parameters);
    }
    m_parameters = table.totalParameters;
    // A rule of thumb, not a measurement: each listed output is kept for the backward pass with
    // its gradient and about as much again inside the blocks (3 x 4 bytes per value); weights
    // carry a gradient and Adam's two moments (4 x 4 bytes per parameter).
    const int batch = std::max(1, m_shape.batchSize);
    const double activationBytes = activations * batch * 4.0 * 3.0;
    const double weightBytes = double(table.totalParameters) * 4.0 * 4.0;
    m_summary->setText(tr("Input %1 · %2 parameters · memory for a batch of %3: about %4 MiB "
                          "(activations %5 MiB, weights and optimiser %6 MiB)")
                           .arg(ModelSummary::shapeText(table.inputShape),
                                english.toString(qlonglong(table.totalParameters)))
                           .arg(batch)
                           .arg(megabytes(activationBytes + weightBytes), megabytes(activationBytes),
                                megabytes(weightBytes)));
}

QString ModelPage::summaryText() const
{
    return m_summary->text();
}

} // namespace deepterra
