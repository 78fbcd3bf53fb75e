#include "training/samplingpage.h"

#include "training/trainingsetup.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>

namespace deepterra {

namespace {

QDoubleSpinBox *doubleSpin(double low, double high, double step, int decimals)
{
    auto *spin = new QDoubleSpinBox;
    spin->setRange(low, high);
    spin->setSingleStep(step);
    spin->setDecimals(decimals);
    return spin;
}

void selectData(QComboBox *combo, int value)
{
    combo->setCurrentIndex(std::max(0, combo->findData(value)));
}

} // namespace

SamplingPage::SamplingPage(TrainingSetup *setup, QWidget *parent)
    : SetupForm(parent)
    , m_setup(setup)
    , m_patchSize(new QSpinBox)
    , m_stride(new QSpinBox)
    , m_maxNoData(doubleSpin(0.0, 1.0, 0.05, 2))
    , m_memoryLimit(new QSpinBox)
    , m_classBalanced(new QCheckBox(tr("Draw rare classes as often as common ones")))
    , m_sceneLabel(new QComboBox)
    , m_augment(new QCheckBox(tr("Flips and 90° rotations")))
    , m_jitter(doubleSpin(0.0, 10.0, 0.01, 3))
    , m_relative(new QCheckBox(tr("Relative to the last step")))
    , m_gapFill(new QComboBox)
    , m_normalization(new QComboBox)
    , m_percentileLow(doubleSpin(0.0, 100.0, 1.0, 1))
    , m_percentileHigh(doubleSpin(0.0, 100.0, 1.0, 1))
    , m_split(new QComboBox)
    , m_blockSize(new QSpinBox)
    , m_buffer(new QSpinBox)
    , m_stratified(new QCheckBox(tr("Class-stratified blocks")))
    , m_validation(doubleSpin(0.01, 0.9, 0.05, 2))
    , m_test(doubleSpin(0.0, 0.5, 0.05, 2))
    , m_folds(new QSpinBox)
    , m_previewSplit(new QPushButton(tr("Preview split on map")))
{
    m_test->setSpecialValueText(tr("None"));
    m_folds->setObjectName(QStringLiteral("foldsSpin"));
    m_folds->setRange(0, 20);
    m_folds->setSpecialValueText(tr("None"));
    m_patchSize->setRange(1, 100000);
    m_patchSize->setSuffix(tr(" px"));
    m_stride->setRange(1, 100000);
    m_stride->setSuffix(tr(" px"));
    m_memoryLimit->setObjectName(QStringLiteral("memoryLimitSpin"));
    m_memoryLimit->setRange(64, 1048576);
    m_memoryLimit->setSingleStep(256);
    m_memoryLimit->setSuffix(tr(" MiB"));
    m_sceneLabel->addItem(tr("Majority of its pixels"), int(SceneLabelRule::Majority));
    m_sceneLabel->addItem(tr("Centre pixel"), int(SceneLabelRule::Center));
    m_gapFill->addItem(tr("Skip windows with gaps"), int(GapFillMethod::None));
    m_gapFill->addItem(tr("Linear interpolation"), int(GapFillMethod::Linear));
    m_normalization->addItem(tr("Mean and standard deviation"), int(NormalizationKind::MeanStd));
    m_normalization->addItem(tr("Percentile min-max"), int(NormalizationKind::PercentileMinMax));
    m_split->addItem(tr("Spatial blocks"), int(SplitKind::SpatialBlocks));
    m_split->addItem(tr("Random"), int(SplitKind::Random));
    m_split->addItem(tr("Chronological"), int(SplitKind::Chronological));
    m_blockSize->setRange(0, 1000000);
    m_blockSize->setSuffix(tr(" px"));
    m_blockSize->setSpecialValueText(tr("Twice the patch size"));
    m_buffer->setRange(-1, 1000000);
    m_buffer->setSuffix(tr(" px"));
    m_buffer->setSpecialValueText(tr("The patch size"));
    m_previewSplit->setObjectName(QStringLiteral("previewSplitButton"));
    m_previewSplit->setToolTip(tr("Draws the training and validation blocks (and the buffer) over the image, "
                                  "with the examples of each class on each side, before training starts."));

    auto *percentiles = new QWidget;
    auto *percentileLayout = new QHBoxLayout(percentiles);
    percentileLayout->setContentsMargins(0, 0, 0, 0);
    percentileLayout->addWidget(m_percentileLow);
    percentileLayout->addWidget(m_percentileHigh);

    addHeading(tr("Examples"));
    addField(QStringLiteral("task.patchSize"), tr("Patch size"), m_patchSize);
    addField(QStringLiteral("task.stride"), tr("Stride"), m_stride);
    addField(QStringLiteral("task.maxNoDataFraction"), tr("Max NoData share"), m_maxNoData);
    addField(QStringLiteral("task.memoryLimitMiB"), tr("Data in memory"), m_memoryLimit);
    addField(QStringLiteral("task.sceneLabel"), tr("Patch class"), m_sceneLabel);
    addField(QStringLiteral("task.classBalanced"), tr("Class balance"), m_classBalanced);
    addField(QStringLiteral("task.augment"), tr("Augmentation"), m_augment);
    addField(QStringLiteral("task.jitter"), tr("Noise (augmentation)"), m_jitter);
    addField(QStringLiteral("task.relative"), tr("Values"), m_relative);
    addField(QStringLiteral("task.gapFill"), tr("Gaps"), m_gapFill);
    addField(QStringLiteral("task.normalization"), tr("Normalisation"), m_normalization);
    addField(QStringLiteral("task.percentiles"), tr("Percentiles"), percentiles);
    addHeading(tr("Validation and test split"));
    addField(QStringLiteral("task.split.method"), tr("Split"), m_split);
    addField(QStringLiteral("task.split.blockSize"), tr("Block size"), m_blockSize);
    addField(QStringLiteral("task.split.buffer"), tr("Buffer"), m_buffer);
    addField(QStringLiteral("task.split.stratified"), tr("Classes"), m_stratified);
    addField(QStringLiteral("task.split.validationFraction"), tr("Validation share"), m_validation);
    addField(QStringLiteral("task.split.testFraction"), tr("Test share"), m_test);
    addField(QStringLiteral("task.split.folds"), tr("Cross-validation folds"), m_folds);
    addWideRow(m_previewSplit);

    RasterTaskConfig &raster = m_setup->task.raster;
    SeriesTaskConfig &series = m_setup->task.series;
    SplitConfig &split = m_setup->task.split;
    const auto intSpin = [this](QSpinBox *spin, int &target) {
        connect(spin, qOverload<int>(&QSpinBox::valueChanged), this,
                [this, &target](int v) { edit([&target, v] { target = v; }); });
    };
    const auto doubleSpinTo = [this](QDoubleSpinBox *spin, double &target) {
        connect(spin, qOverload<double>(&QDoubleSpinBox::valueChanged), this,
                [this, &target](double v) { edit([&target, v] { target = v; }); });
    };
    const auto check = [this](QCheckBox *box, bool &target) {
        connect(box, &QCheckBox::toggled, this,
                [this, &target](bool on) { edit([&target, on] { target = on; }); });
    };
    intSpin(m_patchSize, raster.patchSize);
    intSpin(m_stride, raster.stride);
    doubleSpinTo(m_maxNoData, raster.maxNoDataFraction);
    intSpin(m_memoryLimit, raster.memoryLimitMiB);
    check(m_classBalanced, raster.classBalanced);
    check(m_augment, raster.augment);
    doubleSpinTo(m_jitter, series.jitter);
    check(m_relative, series.relative);
    intSpin(m_blockSize, split.blockSize);
    intSpin(m_buffer, split.buffer);
    check(m_stratified, split.stratified);
    doubleSpinTo(m_validation, split.validationFraction);
    doubleSpinTo(m_test, split.testFraction);
    intSpin(m_folds, split.folds);
    connect(m_sceneLabel, qOverload<int>(&QComboBox::activated), this, [this, &raster](int) {
        edit([this, &raster] { raster.sceneLabel = SceneLabelRule(m_sceneLabel->currentData().toInt()); });
    });
    connect(m_gapFill, qOverload<int>(&QComboBox::activated), this, [this, &series](int) {
        edit([this, &series] { series.gapFill = GapFillMethod(m_gapFill->currentData().toInt()); });
    });
    connect(m_split, qOverload<int>(&QComboBox::activated), this, [this, &split](int) {
        edit([this, &split] { split.kind = SplitKind(m_split->currentData().toInt()); });
    });
    // Normalisation and percentiles belong to the raster or the series settings, by task.
    connect(m_normalization, qOverload<int>(&QComboBox::activated), this, [this](int) {
        edit([this] {
            const auto kind = NormalizationKind(m_normalization->currentData().toInt());
            (m_setup->task.isRasterTask() ? m_setup->task.raster.normalization
                                          : m_setup->task.series.normalization)
                = kind;
        });
    });
    const auto percentile = [this](bool high, double v) {
        edit([this, high, v] {
            const bool raster = m_setup->task.isRasterTask();
            double &target = raster
                ? (high ? m_setup->task.raster.percentileHigh : m_setup->task.raster.percentileLow)
                : (high ? m_setup->task.series.percentileHigh : m_setup->task.series.percentileLow);
            target = v;
        });
    };
    connect(m_percentileLow, qOverload<double>(&QDoubleSpinBox::valueChanged), this,
            [percentile](double v) { percentile(false, v); });
    connect(m_percentileHigh, qOverload<double>(&QDoubleSpinBox::valueChanged), this,
            [percentile](double v) { percentile(true, v); });
    connect(m_previewSplit, &QPushButton::clicked, this, &SamplingPage::splitPreviewRequested);
    load(false);
}

void SamplingPage::load(bool taskChosen)
{
    const LoadingGuard guard(this);
    const TaskConfig &task = m_setup->task;
    const RasterTaskConfig &raster = task.raster;
    const SeriesTaskConfig &series = task.series;
    m_patchSize->setValue(raster.patchSize);
    m_stride->setValue(raster.stride);
    m_maxNoData->setValue(raster.maxNoDataFraction);
    m_memoryLimit->setValue(raster.memoryLimitMiB);
    m_classBalanced->setChecked(raster.classBalanced);
    selectData(m_sceneLabel, int(raster.sceneLabel));
    m_augment->setChecked(raster.augment);
    m_jitter->setValue(series.jitter);
    m_relative->setChecked(series.relative);
    selectData(m_gapFill, int(series.gapFill));
    const bool rasterTask = task.isRasterTask();
    selectData(m_normalization, int(rasterTask ? raster.normalization : series.normalization));
    m_percentileLow->setValue(rasterTask ? raster.percentileLow : series.percentileLow);
    m_percentileHigh->setValue(rasterTask ? raster.percentileHigh : series.percentileHigh);
    selectData(m_split, int(task.split.kind));
    m_blockSize->setValue(task.split.blockSize);
    m_buffer->setValue(task.split.buffer);
    m_stratified->setChecked(task.split.stratified);
    m_validation->setValue(task.split.validationFraction);
    m_test->setValue(task.split.testFraction);
    m_folds->setValue(task.split.folds);
    updateVisibility(taskChosen);
}

void SamplingPage::updateVisibility(bool taskChosen)
{
    const TaskConfig &task = m_setup->task;
    const bool raster = taskChosen && task.isRasterTask();
    const bool series = taskChosen && !task.isRasterTask();
    const bool classes = task.kind == TaskKind::Segmentation || task.kind == TaskKind::PatchClassification;
    const bool blocks = raster && task.split.kind == SplitKind::SpatialBlocks;
    const NormalizationKind normalization = raster ? task.raster.normalization : task.series.normalization;
    for (const char *field :
         { "task.patchSize", "task.stride", "task.maxNoDataFraction", "task.memoryLimitMiB", "task.augment" })
        setFieldVisible(QLatin1String(field), raster);
    setFieldVisible(QStringLiteral("task.sceneLabel"), raster && task.kind == TaskKind::PatchClassification);
    setFieldVisible(QStringLiteral("task.classBalanced"), raster && classes);
    setFieldVisible(QStringLiteral("task.jitter"), series);
    setFieldVisible(QStringLiteral("task.relative"), series && task.kind == TaskKind::Forecasting);
    setFieldVisible(QStringLiteral("task.gapFill"), series);
    setFieldVisible(QStringLiteral("task.normalization"), taskChosen);
    setFieldVisible(QStringLiteral("task.percentiles"),
                    taskChosen && normalization == NormalizationKind::PercentileMinMax);
    setFieldVisible(QStringLiteral("task.split.method"), taskChosen);
    setFieldVisible(QStringLiteral("task.split.blockSize"), blocks);
    setFieldVisible(QStringLiteral("task.split.buffer"), blocks);
    setFieldVisible(QStringLiteral("task.split.stratified"), blocks && classes);
    setFieldVisible(QStringLiteral("task.split.validationFraction"), taskChosen);
    setFieldVisible(QStringLiteral("task.split.testFraction"), taskChosen);
    setFieldVisible(QStringLiteral("task.split.folds"), taskChosen);
    // Series are always split chronologically, rasters never: offer only what the task accepts,
    // but keep a wrong value of the project visible for the validator's message.
    for (int i = 0; i < m_split->count(); ++i) {
        const bool chronological = SplitKind(m_split->itemData(i).toInt()) == SplitKind::Chronological;
        const bool allowed = raster ? !chronological : chronological;
        qobject_cast<QStandardItemModel *>(m_split->model())
            ->item(i)
            ->setEnabled(allowed || int(task.split.kind) == m_split->itemData(i).toInt());
    }
    m_previewSplit->setVisible(raster);
}

} // namespace deepterra
