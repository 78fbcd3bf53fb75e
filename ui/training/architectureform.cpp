#include "training/architectureform.h"

#include "models/activation.h"
#include "models/modelspec.h"
#include "models/modelspecjson.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace deepterra {

namespace {

// The settings of each family in the order a form shows them, data sizes last.
QStringList keysOf(const QString &type)
{
    if (type == QLatin1String("unet"))
        return { QStringLiteral("depth"),   QStringLiteral("baseFilters"), QStringLiteral("batchNorm"),
                 QStringLiteral("dropout"), QStringLiteral("upsampling"),  QStringLiteral("inputChannels"),
                 QStringLiteral("classes") };
    if (type == QLatin1String("resunet"))
        return { QStringLiteral("depth"),   QStringLiteral("baseFilters"), QStringLiteral("blocksPerLevel"),
                 QStringLiteral("dropout"), QStringLiteral("upsampling"),  QStringLiteral("inputChannels"),
                 QStringLiteral("classes") };
    if (type == QLatin1String("cnn"))
        return { QStringLiteral("blocks"),        QStringLiteral("denseUnits"),
                 QStringLiteral("denseDropout"),  QStringLiteral("denseActivation"),
                 QStringLiteral("inputChannels"), QStringLiteral("inputHeight"),
                 QStringLiteral("inputWidth"),    QStringLiteral("classes") };
    if (type == QLatin1String("recurrent"))
        return { QStringLiteral("cell"),    QStringLiteral("hiddenSize"), QStringLiteral("layers"),
                 QStringLiteral("dropout"), QStringLiteral("inputs"),     QStringLiteral("lookback"),
                 QStringLiteral("horizon"), QStringLiteral("targets") };
    if (type == QLatin1String("dense-autoencoder"))
        return { QStringLiteral("encoderLayers"), QStringLiteral("latent"), QStringLiteral("activation"),
                 QStringLiteral("output"), QStringLiteral("inputSize") };
    return { QStringLiteral("depth"), QStringLiteral("baseFilters"), QStringLiteral("latent"),
             QStringLiteral("inputChannels"), QStringLiteral("inputSize") };
}

QString labelOf(const QString &key)
{
    static const QHash<QString, QString> labels {
        { QStringLiteral("depth"), QStringLiteral("Depth") },
        { QStringLiteral("baseFilters"), QStringLiteral("Base filters") },
        { QStringLiteral("batchNorm"), QStringLiteral("Batch normalisation") },
        { QStringLiteral("blocksPerLevel"), QStringLiteral("Residual blocks per level") },
        { QStringLiteral("dropout"), QStringLiteral("Dropout") },
        { QStringLiteral("upsampling"), QStringLiteral("Up-sampling") },
        { QStringLiteral("inputChannels"), QStringLiteral("Input channels") },
        { QStringLiteral("classes"), QStringLiteral("Classes") },
        { QStringLiteral("blocks"), QStringLiteral("Convolution blocks") },
        { QStringLiteral("denseUnits"), QStringLiteral("Dense layers") },
        { QStringLiteral("denseDropout"), QStringLiteral("Dense dropout") },
        { QStringLiteral("denseActivation"), QStringLiteral("Dense activation") },
        { QStringLiteral("inputHeight"), QStringLiteral("Input height") },
        { QStringLiteral("inputWidth"), QStringLiteral("Input width") },
        { QStringLiteral("cell"), QStringLiteral("Cell") },
        { QStringLiteral("hiddenSize"), QStringLiteral("Hidden units") },
        { QStringLiteral("layers"), QStringLiteral("Layers") },
        { QStringLiteral("inputs"), QStringLiteral("Input variables") },
        { QStringLiteral("lookback"), QStringLiteral("Lookback") },
        { QStringLiteral("horizon"), QStringLiteral("Horizon") },
        { QStringLiteral("targets"), QStringLiteral("Target variables") },
        { QStringLiteral("encoderLayers"), QStringLiteral("Encoder layers") },
        { QStringLiteral("latent"), QStringLiteral("Code size") },
        { QStringLiteral("activation"), QStringLiteral("Activation") },
        { QStringLiteral("output"), QStringLiteral("Output") },
        { QStringLiteral("inputSize"), QStringLiteral("Input size") },
    };
    return labels.value(key, key);
}

QStringList activationNames()
{
    QStringList names;
    for (Activation a : { Activation::None, Activation::ReLU, Activation::LeakyReLU, Activation::ELU,
                          Activation::GELU, Activation::Tanh, Activation::Sigmoid })
        names << activationName(a);
    return names;
}

QStringList choicesOf(const QString &key)
{
    if (key == QLatin1String("upsampling"))
        return { QStringLiteral("transpose"), QStringLiteral("bilinear"), QStringLiteral("nearest") };
    if (key == QLatin1String("cell"))
        return { QStringLiteral("lstm"), QStringLiteral("gru") };
    if (key == QLatin1String("output"))
        return { QStringLiteral("sigmoid"), QStringLiteral("linear") };
    return activationNames();
}

std::pair<int, int> rangeOf(const QString &type, const QString &key)
{
    if (key == QLatin1String("depth"))
        return { 1, type == QLatin1String("conv-autoencoder") ? 8 : 6 };
    if (key == QLatin1String("baseFilters"))
        return { 1, 1024 };
    if (key == QLatin1String("blocksPerLevel"))
        return { 1, 16 };
    if (key == QLatin1String("layers"))
        return { 1, 64 };
    return { 1, 1000000 };
}

QString intListText(const QJsonArray &array)
{
    QStringList parts;
    for (const QJsonValue &v : array)
        parts << QString::number(v.toInt());
    return parts.join(QStringLiteral(", "));
}

const QStringList kBlockKeys { QStringLiteral("filters"), QStringLiteral("kernel"),
                               QStringLiteral("stride"),  QStringLiteral("padding"),
                               QStringLiteral("pool"),    QStringLiteral("batchNorm"),
                               QStringLiteral("dropout"), QStringLiteral("activation") };

} // namespace

ArchitectureForm::ArchitectureForm(QWidget *parent)
    : SetupForm(parent)
{
    // It sits inside the model page's form: align with its fields.
    layout()->setContentsMargins(0, 0, 0, 0);
}

bool ArchitectureForm::isDataSize(const QString &key)
{
    static const QStringList keys { QStringLiteral("inputChannels"), QStringLiteral("classes"),
                                    QStringLiteral("inputHeight"),   QStringLiteral("inputWidth"),
                                    QStringLiteral("inputSize"),     QStringLiteral("inputs"),
                                    QStringLiteral("lookback"),      QStringLiteral("horizon"),
                                    QStringLiteral("targets") };
    return keys.contains(key);
}

void ArchitectureForm::setSpec(const QJsonObject &spec)
{
    const LoadingGuard guard(this);
    m_spec = spec;
    clearFields();
    m_blocks = nullptr;
    const QString type = spec.value(QStringLiteral("type")).toString();
    for (const QString &key : keysOf(type)) {
        if (key == QLatin1String("blocks"))
            addBlocksField();
        else if (spec.contains(key))
            addValueField(key);
    }
}

void ArchitectureForm::setValue(const QString &key, const QJsonValue &value)
{
    if (isLoading() || m_spec.value(key) == value)
        return;
    m_spec.insert(key, value);
    // The spec no longer is the named preset.
    m_spec.remove(QStringLiteral("name"));
    noteEdit();
}

void ArchitectureForm::addValueField(const QString &key)
{
    const QString type = m_spec.value(QStringLiteral("type")).toString();
    const QJsonValue value = m_spec.value(key);
    const QString field = QStringLiteral("model.") + key;
    QWidget *editor = nullptr;
    if (value.isBool()) {
        auto *check = new QCheckBox;
        check->setChecked(value.toBool());
        connect(check, &QCheckBox::toggled, this, [this, key](bool on) { setValue(key, on); });
        editor = check;
    } else if (value.isString()) {
        auto *combo = new QComboBox;
        combo->addItems(choicesOf(key));
        if (combo->findText(value.toString()) < 0)
            combo->addItem(value.toString());
        combo->setCurrentText(value.toString());
        connect(combo, &QComboBox::currentTextChanged, this,
                [this, key](const QString &text) { setValue(key, text); });
        editor = combo;
    } else if (value.isArray()) {
        auto *line = new QLineEdit(intListText(value.toArray()));
        line->setPlaceholderText(tr("e.g. 64, 32"));
        connect(line, &QLineEdit::textEdited, this, [this, key](const QString &text) {
            QJsonArray values;
            for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                bool ok = false;
                const int v = part.trimmed().toInt(&ok);
                // A word that is not a number stays visible as 0, which the validator rejects.
                values.append(ok ? v : 0);
            }
            setValue(key, values);
        });
        editor = line;
    } else if (key.contains(QLatin1String("ropout"))) {
        auto *spin = new QDoubleSpinBox;
        spin->setRange(0.0, 0.99);
        spin->setSingleStep(0.05);
        spin->setDecimals(2);
        spin->setValue(value.toDouble());
        connect(spin, qOverload<double>(&QDoubleSpinBox::valueChanged), this,
                [this, key](double v) { setValue(key, v); });
        editor = spin;
    } else {
        auto *spin = new QSpinBox;
        const auto [low, high] = rangeOf(type, key);
        spin->setRange(low, high);
        spin->setValue(value.toInt());
        connect(spin, qOverload<int>(&QSpinBox::valueChanged), this,
                [this, key](int v) { setValue(key, v); });
        editor = spin;
    }
    if (isDataSize(key)) {
        editor->setEnabled(false);
        addField(field, tr("%1 (from the data)").arg(labelOf(key)), editor);
        editor->setToolTip(tr("Set from the data when training starts; the layer table shows the "
                              "value the data gives."));
    } else {
        addField(field, labelOf(key), editor);
    }
}

void ArchitectureForm::addBlocksField()
{
    const QJsonArray blocks = m_spec.value(QStringLiteral("blocks")).toArray();
    auto *box = new QWidget;
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    m_blocks = new QTableWidget(0, int(kBlockKeys.size()));
    m_blocks->setObjectName(QStringLiteral("convolutionBlocks"));
    m_blocks->setHorizontalHeaderLabels({ tr("Filters"), tr("Kernel"), tr("Stride"), tr("Padding"),
                                          tr("Pool"), tr("Batch norm"), tr("Dropout"), tr("Activation") });
    m_blocks->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_blocks->setMinimumHeight(m_blocks->fontMetrics().height() * 6);
    for (const QJsonValue &block : blocks)
        appendBlockRow(block.toObject());
    connect(m_blocks, &QTableWidget::itemChanged, this, [this] { readBlocks(); });
    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add block"));
    auto *remove = new QPushButton(tr("Remove last"));
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    layout->addWidget(m_blocks);
    layout->addLayout(buttons);
    connect(add, &QPushButton::clicked, this, [this] {
        const QJsonArray blocks = m_spec.value(QStringLiteral("blocks")).toArray();
        const QJsonObject defaults = ModelSpecJson::toJson(ModelSpec(CnnSpec {}))
                                         .value(QStringLiteral("blocks"))
                                         .toArray()
                                         .first()
                                         .toObject();
        {
            const LoadingGuard guard(this);
            appendBlockRow(blocks.isEmpty() ? defaults : blocks.last().toObject());
        }
        readBlocks();
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_blocks->rowCount() == 0)
            return;
        m_blocks->removeRow(m_blocks->rowCount() - 1);
        readBlocks();
    });
    addField(QStringLiteral("model.blocks"), labelOf(QStringLiteral("blocks")), box);
}

void ArchitectureForm::appendBlockRow(const QJsonObject &block)
{
    const int row = m_blocks->rowCount();
    m_blocks->insertRow(row);
    for (int column = 0; column < kBlockKeys.size(); ++column) {
        const QJsonValue v = block.value(kBlockKeys[column]);
        auto *item = new QTableWidgetItem;
        if (v.isBool()) {
            item->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled);
            item->setCheckState(v.toBool() ? Qt::Checked : Qt::Unchecked);
        } else {
            item->setText(v.isString() ? v.toString() : QString::number(v.toDouble()));
        }
        m_blocks->setItem(row, column, item);
    }
}

void ArchitectureForm::readBlocks()
{
    if (isLoading() || !m_blocks)
        return;
    QJsonArray blocks;
    for (int row = 0; row < m_blocks->rowCount(); ++row) {
        QJsonObject block;
        for (int column = 0; column < kBlockKeys.size(); ++column) {
            const QTableWidgetItem *item = m_blocks->item(row, column);
            const QString &key = kBlockKeys[column];
            if (!item)
                continue;
            if (key == QLatin1String("batchNorm"))
                block.insert(key, item->checkState() == Qt::Checked);
            else if (key == QLatin1String("padding") || key == QLatin1String("activation"))
                block.insert(key, item->text().trimmed());
            else
                block.insert(key, item->text().trimmed().toDouble());
        }
        blocks.append(block);
    }
    setValue(QStringLiteral("blocks"), blocks);
}

} // namespace deepterra
