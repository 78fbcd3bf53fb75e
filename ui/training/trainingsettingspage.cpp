#include "training/trainingsettingspage.h"

#include "training/trainingconfigjson.h"
#include "training/trainingdefaults.h"
#include "training/trainingsetup.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLineEdit>
#include <QLocale>
#include <QSpinBox>

#include <limits>

namespace deepterra {

namespace {

// Names as the project file spells them, through its writer, so that they cannot drift apart.
template<typename E> QString fileName(E value, const char *key)
{
    TrainingConfig config;
    if constexpr (std::is_same_v<E, OptimizerKind>)
        config.optimizer = value;
    else if constexpr (std::is_same_v<E, ScheduleKind>)
        config.schedule = value;
    else
        config.loss = value;
    return TrainingConfigJson::toJson(config).value(QLatin1String(key)).toString();
}

LossKind lossNamed(const QString &name)
{
    for (int i = 0; i <= int(LossKind::Bce); ++i)
        if (fileName(LossKind(i), "loss") == name)
            return LossKind(i);
    return LossKind::CrossEntropy;
}

QDoubleSpinBox *doubleSpin(double low, double high, double step, int decimals)
{
    auto *spin = new QDoubleSpinBox;
    spin->setRange(low, high);
    spin->setSingleStep(step);
    spin->setDecimals(decimals);
    return spin;
}

QString numberText(double value)
{
    return QString::number(value, 'g', 12);
}

void selectData(QComboBox *combo, const QVariant &value)
{
    int index = combo->findData(value);
    // A value the task does not offer stays visible, for the validator's message beside it.
    if (index < 0) {
        combo->addItem(value.toString(), value);
        index = combo->count() - 1;
    }
    combo->setCurrentIndex(index);
}

} // namespace

TrainingSettingsPage::TrainingSettingsPage(TrainingSetup *setup, QWidget *parent)
    : SetupForm(parent)
    , m_setup(setup)
    , m_epochs(new QSpinBox)
    , m_batchSize(new QSpinBox)
    , m_optimizer(new QComboBox)
    , m_learningRate(numberEdit(setup->training.learningRate))
    , m_momentum(doubleSpin(0.0, 1.0, 0.05, 3))
    , m_weightDecay(numberEdit(setup->training.weightDecay))
    , m_schedule(new QComboBox)
    , m_stepSize(new QSpinBox)
    , m_gamma(doubleSpin(0.0, 1.0, 0.05, 3))
    , m_minLearningRate(numberEdit(setup->training.minLearningRate))
    , m_maxLearningRate(numberEdit(setup->training.maxLearningRate))
    , m_loss(new QComboBox)
    , m_classWeighted(new QCheckBox(tr("Weight classes by rarity")))
    , m_focalGamma(doubleSpin(0.0, 10.0, 0.5, 2))
    , m_huberDelta(doubleSpin(0.001, 1e6, 0.1, 3))
    , m_clipNorm(doubleSpin(0.0, 1e6, 0.5, 2))
    , m_metric(new QComboBox)
    , m_patience(new QSpinBox)
    , m_seed(new QSpinBox)
{
    m_epochs->setRange(1, 100000);
    m_batchSize->setRange(1, 65536);
    m_stepSize->setRange(1, 100000);
    m_stepSize->setSuffix(tr(" epochs"));
    m_patience->setRange(0, 100000);
    m_patience->setSpecialValueText(tr("Off: train every epoch"));
    m_patience->setSuffix(tr(" epochs"));
    m_seed->setRange(0, std::numeric_limits<int>::max());
    m_clipNorm->setSpecialValueText(tr("Off"));
    m_maxLearningRate->setPlaceholderText(tr("0: ten times the learning rate"));
    const std::pair<OptimizerKind, QString> optimizers[] = { { OptimizerKind::Adam, tr("Adam") },
                                                             { OptimizerKind::AdamW, tr("AdamW") },
                                                             { OptimizerKind::Sgd, tr("SGD") },
                                                             { OptimizerKind::RmsProp, tr("RMSprop") } };
    for (const auto &[kind, text] : optimizers)
        m_optimizer->addItem(text, int(kind));
    const std::pair<ScheduleKind, QString> schedules[] = { { ScheduleKind::Constant, tr("Constant") },
                                                           { ScheduleKind::Step, tr("Step decay") },
                                                           { ScheduleKind::Cosine, tr("Cosine decay") },
                                                           { ScheduleKind::OneCycle, tr("One cycle") } };
    for (const auto &[kind, text] : schedules)
        m_schedule->addItem(text, int(kind));

    addHeading(tr("Training"));
    addField(QStringLiteral("training.epochs"), tr("Epochs"), m_epochs);
    addField(QStringLiteral("training.batchSize"), tr("Batch size"), m_batchSize);
    addField(QStringLiteral("training.optimizer"), tr("Optimizer"), m_optimizer);
    addField(QStringLiteral("training.learningRate"), tr("Learning rate"), m_learningRate);
    addField(QStringLiteral("training.momentum"), tr("Momentum"), m_momentum);
    addField(QStringLiteral("training.weightDecay"), tr("Weight decay"), m_weightDecay);
    addField(QStringLiteral("training.schedule"), tr("Schedule"), m_schedule);
    addField(QStringLiteral("training.stepSize"), tr("Step every"), m_stepSize);
    addField(QStringLiteral("training.gamma"), tr("Decay factor"), m_gamma);
    addField(QStringLiteral("training.minLearningRate"), tr("Final rate"), m_minLearningRate);
    addField(QStringLiteral("training.maxLearningRate"), tr("Peak rate"), m_maxLearningRate);
    addField(QStringLiteral("training.loss"), tr("Loss"), m_loss);
    addField(QStringLiteral("training.classWeighted"), tr("Class weighting"), m_classWeighted);
    addField(QStringLiteral("training.focalGamma"), tr("Focal gamma"), m_focalGamma);
    addField(QStringLiteral("training.huberDelta"), tr("Huber delta"), m_huberDelta);
    addField(QStringLiteral("training.gradientClipNorm"), tr("Gradient clipping"), m_clipNorm);
    addHeading(tr("Best epoch and early stopping"));
    addField(QStringLiteral("training.earlyStoppingMetric"), tr("Monitored metric"), m_metric);
    addField(QStringLiteral("training.earlyStoppingPatience"), tr("Patience"), m_patience);
    addField(QStringLiteral("training.seed"), tr("Seed"), m_seed);

    TrainingConfig &t = m_setup->training;
    const auto intSpin = [this](QSpinBox *spin, int &target) {
        connect(spin, qOverload<int>(&QSpinBox::valueChanged), this,
                [this, &target](int v) { edit([&target, v] { target = v; }); });
    };
    const auto doubleSpinTo = [this](QDoubleSpinBox *spin, double &target) {
        connect(spin, qOverload<double>(&QDoubleSpinBox::valueChanged), this,
                [this, &target](double v) { edit([&target, v] { target = v; }); });
    };
    intSpin(m_epochs, t.epochs);
    intSpin(m_batchSize, t.batchSize);
    intSpin(m_stepSize, t.stepSize);
    intSpin(m_patience, t.earlyStoppingPatience);
    doubleSpinTo(m_momentum, t.momentum);
    doubleSpinTo(m_gamma, t.gamma);
    doubleSpinTo(m_focalGamma, t.focalGamma);
    doubleSpinTo(m_huberDelta, t.huberDelta);
    doubleSpinTo(m_clipNorm, t.gradientClipNorm);
    connect(m_seed, qOverload<int>(&QSpinBox::valueChanged), this,
            [this, &t](int v) { edit([&t, v] { t.seed = std::uint64_t(v); }); });
    connect(m_classWeighted, &QCheckBox::toggled, this,
            [this, &t](bool on) { edit([&t, on] { t.classWeighted = on; }); });
    connect(m_optimizer, qOverload<int>(&QComboBox::activated), this, [this, &t](int) {
        edit([this, &t] { t.optimizer = OptimizerKind(m_optimizer->currentData().toInt()); });
    });
    connect(m_schedule, qOverload<int>(&QComboBox::activated), this, [this, &t](int) {
        edit([this, &t] { t.schedule = ScheduleKind(m_schedule->currentData().toInt()); });
    });
    connect(m_loss, qOverload<int>(&QComboBox::activated), this,
            [this, &t](int) { edit([this, &t] { t.loss = lossNamed(m_loss->currentData().toString()); }); });
    connect(m_metric, qOverload<int>(&QComboBox::activated), this, [this, &t](int) {
        edit([this, &t] { t.earlyStoppingMetric = m_metric->currentData().toString(); });
    });
    load(false);
}

QLineEdit *TrainingSettingsPage::numberEdit(double &target)
{
    // A line edit rather than a spin box: rates span decades (1e-5 to 0.1), and a typo must reach
    // the validator, which says what is wrong, instead of being silently clamped.
    auto *line = new QLineEdit;
    connect(line, &QLineEdit::textEdited, this, [this, &target](const QString &text) {
        bool ok = false;
        const double value = QLocale().toDouble(text.trimmed(), &ok);
        const double parsed = ok ? value : text.trimmed().toDouble(&ok);
        edit([&target, ok, parsed] { target = ok ? parsed : -1.0; });
    });
    return line;
}

void TrainingSettingsPage::load(bool taskChosen)
{
    const LoadingGuard guard(this);
    const TrainingConfig &t = m_setup->training;
    const TaskKind kind = m_setup->task.kind;
    m_epochs->setValue(t.epochs);
    m_batchSize->setValue(t.batchSize);
    selectData(m_optimizer, int(t.optimizer));
    m_learningRate->setText(numberText(t.learningRate));
    m_momentum->setValue(t.momentum);
    m_weightDecay->setText(numberText(t.weightDecay));
    selectData(m_schedule, int(t.schedule));
    m_stepSize->setValue(t.stepSize);
    m_gamma->setValue(t.gamma);
    m_minLearningRate->setText(numberText(t.minLearningRate));
    m_maxLearningRate->setText(numberText(t.maxLearningRate));
    m_loss->clear();
    for (const QString &loss : TrainingDefaults::lossesFor(kind))
        m_loss->addItem(loss, loss);
    selectData(m_loss, fileName(t.loss, "loss"));
    m_classWeighted->setChecked(t.classWeighted);
    m_focalGamma->setValue(t.focalGamma);
    m_huberDelta->setValue(t.huberDelta);
    m_clipNorm->setValue(t.gradientClipNorm);
    m_metric->clear();
    for (const QString &metric : TrainingDefaults::metricsFor(kind))
        m_metric->addItem(metric, metric);
    selectData(m_metric, t.earlyStoppingMetric);
    m_patience->setValue(t.earlyStoppingPatience);
    m_seed->setValue(int(std::min<std::uint64_t>(t.seed, std::uint64_t(std::numeric_limits<int>::max()))));
    updateVisibility(taskChosen);
}

void TrainingSettingsPage::updateVisibility(bool taskChosen)
{
    const TrainingConfig &t = m_setup->training;
    const TaskKind kind = m_setup->task.kind;
    const bool classes = kind == TaskKind::Segmentation || kind == TaskKind::PatchClassification;
    setVisible(taskChosen);
    setFieldVisible(QStringLiteral("training.momentum"),
                    t.optimizer == OptimizerKind::Sgd || t.optimizer == OptimizerKind::RmsProp);
    setFieldVisible(QStringLiteral("training.stepSize"), t.schedule == ScheduleKind::Step);
    setFieldVisible(QStringLiteral("training.gamma"), t.schedule == ScheduleKind::Step);
    setFieldVisible(QStringLiteral("training.minLearningRate"), t.schedule == ScheduleKind::Cosine);
    setFieldVisible(QStringLiteral("training.maxLearningRate"), t.schedule == ScheduleKind::OneCycle);
    setFieldVisible(QStringLiteral("training.classWeighted"), classes);
    setFieldVisible(QStringLiteral("training.focalGamma"), t.loss == LossKind::Focal);
    setFieldVisible(QStringLiteral("training.huberDelta"), t.loss == LossKind::Huber);
}

} // namespace deepterra
