#include "training/taskinputspage.h"

#include "render/maplayerdata.h"
#include "training/trainingsetup.h"

#include <QColor>
#include <QComboBox>
#include <QHash>
#include <QHeaderView>
#include <QJsonArray>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QSpinBox>
#include <QTableWidget>

namespace deepterra {

namespace {

const QStringList kDemChannels { QStringLiteral("elevation"), QStringLiteral("slope"),
                                 QStringLiteral("aspect"),    QStringLiteral("hillshade"),
                                 QStringLiteral("roughness"), QStringLiteral("tri"),
                                 QStringLiteral("tpi") };

QListWidget *checkList(int rows)
{
    auto *list = new QListWidget;
    list->setMaximumHeight(list->fontMetrics().height() * rows + 12);
    return list;
}

void addCheckItem(QListWidget *list, const QString &text, const QVariant &data, bool checked)
{
    auto *item = new QListWidgetItem(text, list);
    item->setData(Qt::UserRole, data);
    item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
    item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
}

QVariantList checkedData(const QListWidget *list)
{
    QVariantList data;
    for (int i = 0; i < list->count(); ++i)
        if (list->item(i)->checkState() == Qt::Checked)
            data << list->item(i)->data(Qt::UserRole);
    return data;
}

void selectData(QComboBox *combo, const QString &data)
{
    combo->setCurrentIndex(std::max(0, combo->findData(data)));
}

QTableWidgetItem *countItem(const QString &text, const QString &toolTip)
{
    auto *item = new QTableWidgetItem(text);
    item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    item->setToolTip(toolTip);
    return item;
}

QTableWidgetItem *polygonCountItem(int polygons)
{
    return countItem(QLocale().toString(polygons),
                     TaskInputsPage::tr("Training polygons of this class in the label layer"));
}

// The pixels of class `row` of a class raster, counted when the layer was loaded: exact, or "≈"
// an estimate for a large raster.
QTableWidgetItem *pixelCountItem(const ClassPixelCounts &counts, int row, const RasterInfo &raster)
{
    if (row >= int(counts.perClass.size()))
        return countItem(QStringLiteral("–"),
                         TaskInputsPage::tr("The pixels of this class were not counted"));
    const QLocale locale;
    const QString pixels = locale.toString(counts.perClass[std::size_t(row)]);
    if (counts.exact)
        return countItem(pixels,
                         TaskInputsPage::tr("Pixels of this class in the label raster: an exact "
                                            "count (NoData pixels are not counted)"));
    return countItem(
        TaskInputsPage::tr("≈ %1").arg(pixels),
        TaskInputsPage::tr("Pixels of this class in the label raster, estimated from a sample of its "
                           "blocks (the raster has %1 pixels, too many to count them all when it is "
                           "loaded; NoData pixels are not counted)")
            .arg(locale.toString(qint64(raster.width) * raster.height)));
}

} // namespace

TaskInputsPage::TaskInputsPage(TrainingSetup *setup, QWidget *parent)
    : SetupForm(parent)
    , m_setup(setup)
    , m_task(new QComboBox)
    , m_image(new QComboBox)
    , m_bands(checkList(6))
    , m_dem(new QComboBox)
    , m_demChannels(checkList(4))
    , m_labels(new QComboBox)
    , m_classField(new QComboBox)
    , m_classes(new QTableWidget(0, 3))
    , m_series(new QComboBox)
    , m_targets(checkList(4))
    , m_inputs(checkList(4))
    , m_lookback(new QSpinBox)
    , m_horizon(new QSpinBox)
{
    m_task->addItem(tr("Choose a task…"), QString());
    const std::pair<TaskKind, QString> tasks[] = {
        { TaskKind::Segmentation, tr("Segmentation: a class for every pixel") },
        { TaskKind::PatchClassification, tr("Patch classification: a class per image patch") },
        { TaskKind::RasterAutoencoder, tr("Raster autoencoder: anomaly maps") },
        { TaskKind::Forecasting, tr("Forecasting: future values of a series") },
        { TaskKind::SeriesAutoencoder, tr("Series autoencoder: unusual periods") },
    };
    for (const auto &[kind, text] : tasks)
        m_task->addItem(text, TaskConfig::kindName(kind));
    m_classField->setEditable(true);
    m_classField->setInsertPolicy(QComboBox::NoInsert);
    m_classes->setHorizontalHeaderLabels({ tr("Class"), tr("Value"), tr("Polygons") });
    m_classes->verticalHeader()->hide();
    m_classes->horizontalHeader()->setStretchLastSection(true);
    m_classes->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_classes->setSelectionMode(QAbstractItemView::NoSelection);
    m_classes->verticalHeader()->setDefaultSectionSize(m_classes->fontMetrics().height() + 6);
    m_classes->setMaximumHeight(m_classes->fontMetrics().height() * 8);
    for (QSpinBox *spin : { m_lookback, m_horizon })
        spin->setRange(1, 1000000);
    m_lookback->setSuffix(tr(" steps"));
    m_horizon->setSuffix(tr(" steps"));

    addHeading(tr("Task"));
    addField(QStringLiteral("task.type"), tr("Task"), m_task);
    addHeading(tr("Inputs"));
    addField(QStringLiteral("task.imageLayer"), tr("Image"), m_image);
    addField(QStringLiteral("task.bands"), tr("Bands"), m_bands);
    addField(QStringLiteral("task.demLayer"), tr("DEM"), m_dem);
    addField(QStringLiteral("task.demChannels"), tr("DEM channels"), m_demChannels);
    addField(QStringLiteral("task.labelLayer"), tr("Labels"), m_labels);
    addField(QStringLiteral("task.classField"), tr("Class field"), m_classField);
    addField(QStringLiteral("task.classes"), tr("Classes"), m_classes);
    addField(QStringLiteral("task.seriesLayer"), tr("Series"), m_series);
    addField(QStringLiteral("task.targets"), tr("Targets"), m_targets);
    addField(QStringLiteral("task.inputs"), tr("Inputs"), m_inputs);
    addField(QStringLiteral("task.lookback"), tr("Lookback"), m_lookback);
    addField(QStringLiteral("task.horizon"), tr("Horizon"), m_horizon);

    connect(m_task, qOverload<int>(&QComboBox::activated), this, &TaskInputsPage::onTaskActivated);
    connect(m_image, qOverload<int>(&QComboBox::currentIndexChanged), this, &TaskInputsPage::onImageChosen);
    connect(m_bands, &QListWidget::itemChanged, this, &TaskInputsPage::onBandsEdited);
    connect(m_dem, qOverload<int>(&QComboBox::currentIndexChanged), this, &TaskInputsPage::onDemChosen);
    connect(m_demChannels, &QListWidget::itemChanged, this, &TaskInputsPage::onDemChannelsEdited);
    connect(m_labels, qOverload<int>(&QComboBox::currentIndexChanged), this, &TaskInputsPage::onLabelsChosen);
    connect(m_classField, qOverload<int>(&QComboBox::activated), this, &TaskInputsPage::onClassFieldPicked);
    connect(m_classField->lineEdit(), &QLineEdit::editingFinished, this, &TaskInputsPage::onClassFieldPicked);
    connect(m_series, qOverload<int>(&QComboBox::currentIndexChanged), this, &TaskInputsPage::onSeriesChosen);
    connect(m_targets, &QListWidget::itemChanged, this, &TaskInputsPage::onColumnsEdited);
    connect(m_inputs, &QListWidget::itemChanged, this, &TaskInputsPage::onColumnsEdited);
    connect(m_lookback, qOverload<int>(&QSpinBox::valueChanged), this, [this](int value) {
        if (isLoading())
            return;
        m_setup->task.series.lookback = value;
        noteEdit();
    });
    connect(m_horizon, qOverload<int>(&QSpinBox::valueChanged), this, [this](int value) {
        if (isLoading())
            return;
        m_setup->task.series.horizon = value;
        noteEdit();
    });
    load(false);
}

std::shared_ptr<const MapLayerData> TaskInputsPage::facts(const QString &layerId) const
{
    return m_layers && !layerId.isEmpty() ? m_layers(layerId) : nullptr;
}

void TaskInputsPage::setContext(const Project &project, const LayerLookup &layers)
{
    m_project = project;
    m_layers = layers;
    load(m_taskChosen);
}

void TaskInputsPage::preselectLayers()
{
    const auto first = [this](std::initializer_list<LayerKind> kinds) {
        for (LayerKind kind : kinds)
            for (const ProjectLayer &layer : m_project.layers)
                if (layer.kind == kind)
                    return layer.id;
        return QString();
    };
    RasterTaskConfig &raster = m_setup->task.raster;
    if (m_setup->task.isRasterTask()) {
        if (raster.imageLayer.isEmpty())
            raster.imageLayer = first({ LayerKind::Imagery, LayerKind::Dem, LayerKind::Cube });
        if (raster.labelLayer.isEmpty() && m_setup->task.kind != TaskKind::RasterAutoencoder)
            raster.labelLayer = first({ LayerKind::VectorLabels, LayerKind::ClassRaster });
    } else if (m_setup->task.series.seriesLayer.isEmpty()) {
        m_setup->task.series.seriesLayer = first({ LayerKind::Series });
    }
}

void TaskInputsPage::fillLayerCombo(QComboBox *combo, std::initializer_list<LayerKind> kinds,
                                    const QString &noneText, const QString &current)
{
    combo->clear();
    combo->addItem(noneText, QString());
    for (const ProjectLayer &layer : m_project.layers)
        for (LayerKind kind : kinds)
            if (layer.kind == kind)
                combo->addItem(layer.name.isEmpty() ? layer.id : layer.name, layer.id);
    // A layer the set-up names but the project lacks stays shown, so that the validator's message
    // about it has a field to sit by and the set-up is not silently changed.
    if (!current.isEmpty() && combo->findData(current) < 0)
        combo->addItem(tr("%1 (not in the project)").arg(current), current);
    selectData(combo, current);
}

void TaskInputsPage::load(bool taskChosen)
{
    const LoadingGuard guard(this);
    m_taskChosen = taskChosen;
    const TaskConfig &task = m_setup->task;
    selectData(m_task, taskChosen ? TaskConfig::kindName(task.kind) : QString());
    fillLayerCombo(m_image, { LayerKind::Imagery, LayerKind::Dem, LayerKind::Cube }, tr("Choose an image…"),
                   task.raster.imageLayer);
    fillBands();
    fillLayerCombo(m_dem, { LayerKind::Dem }, tr("None"), task.raster.demLayer);
    fillDemChannels();
    fillLayerCombo(m_labels, { LayerKind::VectorLabels, LayerKind::ClassRaster }, tr("Choose labels…"),
                   task.raster.labelLayer);
    fillClassField();
    fillClasses();
    fillLayerCombo(m_series, { LayerKind::Series }, tr("Choose a series…"), task.series.seriesLayer);
    fillColumns();
    m_lookback->setValue(task.series.lookback);
    m_horizon->setValue(task.series.horizon);
    updateVisibility(taskChosen);
}

void TaskInputsPage::updateVisibility(bool taskChosen)
{
    const TaskConfig &task = m_setup->task;
    const bool raster = taskChosen && task.isRasterTask();
    const bool series = taskChosen && !task.isRasterTask();
    const bool labels = raster && task.kind != TaskKind::RasterAutoencoder;
    const ProjectLayer *labelLayer = m_project.layer(task.raster.labelLayer);
    const bool vector = labels && labelLayer && labelLayer->kind == LayerKind::VectorLabels;
    for (const char *field : { "task.imageLayer", "task.bands", "task.demLayer" })
        setFieldVisible(QLatin1String(field), raster);
    setFieldVisible(QStringLiteral("task.demChannels"), raster && !task.raster.demLayer.isEmpty());
    setFieldVisible(QStringLiteral("task.labelLayer"), labels);
    setFieldVisible(QStringLiteral("task.classField"), vector);
    setFieldVisible(QStringLiteral("task.classes"), labels && m_classes->rowCount() > 0);
    for (const char *field : { "task.seriesLayer", "task.targets", "task.inputs", "task.lookback" })
        setFieldVisible(QLatin1String(field), series);
    setFieldVisible(QStringLiteral("task.horizon"), series && task.kind == TaskKind::Forecasting);
}

void TaskInputsPage::fillBands()
{
    m_bands->clear();
    const QString id = m_setup->task.raster.imageLayer;
    const ProjectLayer *layer = m_project.layer(id);
    const auto data = facts(id);
    const QJsonArray names
        = layer ? layer->properties.value(QStringLiteral("bandNames")).toArray() : QJsonArray();
    int count = data && data->isRaster ? data->raster.bandCount() : int(names.size());
    for (int band : m_setup->task.raster.bands)
        count = std::max(count, band);
    const std::vector<int> &chosen = m_setup->task.raster.bands;
    for (int band = 1; band <= count; ++band) {
        QString name = names.at(band - 1).toString();
        if (name.isEmpty() && data && data->isRaster && band <= data->raster.bandCount())
            name = data->raster.bands[std::size_t(band - 1)].description;
        const QString text = name.isEmpty() ? tr("Band %1").arg(band) : tr("%1: %2").arg(band).arg(name);
        const bool checked = chosen.empty() || std::find(chosen.begin(), chosen.end(), band) != chosen.end();
        addCheckItem(m_bands, text, band, checked);
    }
}

void TaskInputsPage::fillDemChannels()
{
    m_demChannels->clear();
    for (const QString &channel : kDemChannels)
        addCheckItem(m_demChannels, channel, channel, m_setup->task.raster.demChannels.contains(channel));
}

QString TaskInputsPage::currentClassField() const
{
    const ProjectLayer *layer = m_project.layer(m_setup->task.raster.labelLayer);
    return layer ? layer->properties.value(QStringLiteral("classField")).toString() : QString();
}

void TaskInputsPage::fillClassField()
{
    m_classField->clear();
    const auto data = facts(m_setup->task.raster.labelLayer);
    if (data)
        m_classField->addItems(data->polygons.fields);
    const QString current = currentClassField();
    if (!current.isEmpty() && m_classField->findText(current) < 0)
        m_classField->addItem(current);
    m_classField->setCurrentIndex(m_classField->findText(current));
    m_classField->setEditText(current);
}

void TaskInputsPage::fillClasses()
{
    m_classes->setRowCount(0);
    const ProjectLayer *layer = m_project.layer(m_setup->task.raster.labelLayer);
    const auto data = facts(m_setup->task.raster.labelLayer);
    if (!layer || !data)
        return;
    const bool vector = layer->kind == LayerKind::VectorLabels;
    // Classes loaded for another field say nothing about the one chosen.
    if (vector && data->polygons.classField != currentClassField())
        return;
    std::vector<int> polygons(std::size_t(data->classes.size()), 0);
    for (const ClassPolygon &polygon : data->polygons.polygons)
        if (polygon.classIndex >= 0 && polygon.classIndex < int(polygons.size()))
            ++polygons[std::size_t(polygon.classIndex)];
    m_classes->setHorizontalHeaderItem(2, new QTableWidgetItem(vector ? tr("Polygons") : tr("Pixels")));
    // The colours the map draws the classes in: the layer's style where it names them.
    QHash<int, QColor> styled;
    for (const QJsonValue &entry : layer->style.value(QStringLiteral("classes")).toArray())
        styled.insert(entry[QStringLiteral("value")].toInt(),
                      QColor::fromString(entry[QStringLiteral("color")].toString()));
    m_classes->setRowCount(data->classes.size());
    for (int row = 0; row < data->classes.size(); ++row) {
        const ClassEntry &entry = data->classes.entries[std::size_t(row)];
        auto *name = new QTableWidgetItem(entry.name);
        name->setData(
            Qt::DecorationRole,
            styled.value(entry.value, QColor(entry.color.red, entry.color.green, entry.color.blue)));
        m_classes->setItem(row, 0, name);
        m_classes->setItem(row, 1, new QTableWidgetItem(QString::number(entry.value)));
        m_classes->setItem(row, 2,
                           vector ? polygonCountItem(polygons[std::size_t(row)])
                                  : pixelCountItem(data->classPixels, row, data->raster));
    }
}

void TaskInputsPage::fillColumns()
{
    m_targets->clear();
    m_inputs->clear();
    const SeriesTaskConfig &series = m_setup->task.series;
    const auto data = facts(series.seriesLayer);
    QStringList columns = data ? data->series.columnNames() : QStringList();
    for (const QString &column : series.targets + series.inputs)
        if (!columns.contains(column))
            columns << column;
    // Empty lists mean the first column (targets) and the targets (inputs): shown as such.
    const QStringList targets
        = series.targets.isEmpty() && !columns.isEmpty() ? QStringList { columns.first() } : series.targets;
    const QStringList inputs = series.inputs.isEmpty() ? targets : series.inputs;
    for (const QString &column : std::as_const(columns)) {
        addCheckItem(m_targets, column, column, targets.contains(column));
        addCheckItem(m_inputs, column, column, inputs.contains(column));
    }
}

void TaskInputsPage::onTaskActivated(int index)
{
    const QString name = m_task->itemData(index).toString();
    const int kind = TaskConfig::kindNames().indexOf(name);
    if (kind < 0 || isLoading())
        return;
    Q_EMIT taskChosen(TaskKind(kind));
}

void TaskInputsPage::onImageChosen()
{
    if (isLoading())
        return;
    m_setup->task.raster.imageLayer = m_image->currentData().toString();
    // Band numbers of another image mean other bands.
    m_setup->task.raster.bands.clear();
    {
        const LoadingGuard guard(this);
        fillBands();
    }
    noteEdit();
}

void TaskInputsPage::onBandsEdited()
{
    if (isLoading())
        return;
    std::vector<int> bands;
    for (const QVariant &band : checkedData(m_bands))
        bands.push_back(band.toInt());
    // All bands checked is written as "all" ([]), as deepterra-cli init does.
    if (int(bands.size()) == m_bands->count())
        bands.clear();
    else if (bands.empty())
        bands.push_back(0); // no band: the validator says band numbers start at 1
    m_setup->task.raster.bands = bands;
    noteEdit();
}

void TaskInputsPage::onDemChosen()
{
    if (isLoading())
        return;
    RasterTaskConfig &raster = m_setup->task.raster;
    raster.demLayer = m_dem->currentData().toString();
    if (raster.demLayer.isEmpty())
        raster.demChannels.clear();
    else if (raster.demChannels.isEmpty())
        raster.demChannels = QStringList { QStringLiteral("elevation"), QStringLiteral("slope") };
    {
        const LoadingGuard guard(this);
        fillDemChannels();
        updateVisibility(m_taskChosen);
    }
    noteEdit();
}

void TaskInputsPage::onDemChannelsEdited()
{
    if (isLoading())
        return;
    QStringList channels;
    for (const QVariant &channel : checkedData(m_demChannels))
        channels << channel.toString();
    m_setup->task.raster.demChannels = channels;
    noteEdit();
}

void TaskInputsPage::onLabelsChosen()
{
    if (isLoading())
        return;
    m_setup->task.raster.labelLayer = m_labels->currentData().toString();
    {
        const LoadingGuard guard(this);
        fillClassField();
        fillClasses();
        updateVisibility(m_taskChosen);
    }
    noteEdit();
}

void TaskInputsPage::onClassFieldPicked()
{
    if (isLoading())
        return;
    const QString layerId = m_setup->task.raster.labelLayer;
    ProjectLayer *layer = m_project.layer(layerId);
    const QString field = m_classField->currentText().trimmed();
    if (!layer || field == currentClassField())
        return;
    layer->properties.insert(QStringLiteral("classField"), field);
    {
        const LoadingGuard guard(this);
        fillClasses();
        updateVisibility(m_taskChosen);
    }
    Q_EMIT classFieldChosen(layerId, field);
    noteEdit();
}

void TaskInputsPage::onSeriesChosen()
{
    if (isLoading())
        return;
    SeriesTaskConfig &series = m_setup->task.series;
    series.seriesLayer = m_series->currentData().toString();
    series.targets.clear();
    series.inputs.clear();
    {
        const LoadingGuard guard(this);
        fillColumns();
    }
    noteEdit();
}

void TaskInputsPage::onColumnsEdited()
{
    if (isLoading())
        return;
    QStringList targets, inputs;
    for (const QVariant &column : checkedData(m_targets))
        targets << column.toString();
    for (const QVariant &column : checkedData(m_inputs))
        inputs << column.toString();
    SeriesTaskConfig &series = m_setup->task.series;
    series.targets = targets;
    // Inputs equal to the targets are the default: written as [] as deepterra-cli init does.
    series.inputs = inputs == targets ? QStringList() : inputs;
    noteEdit();
}

} // namespace deepterra
