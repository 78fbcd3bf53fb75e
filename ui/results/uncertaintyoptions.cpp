#include "results/uncertaintyoptions.h"

#include <QComboBox>
#include <QGridLayout>
#include <QLineEdit>
#include <QSpinBox>

namespace deepterra {

UncertaintyOptions::UncertaintyOptions(QWidget *parent)
    : QWidget(parent)
    , m_method(new QComboBox)
    , m_passes(new QSpinBox)
    , m_output(new QLineEdit)
{
    m_method->addItem(tr("None"), int(UncertaintyMethod::None));
    m_method->addItem(tr("Monte Carlo dropout"), int(UncertaintyMethod::McDropout));
    m_method->addItem(tr("Test-time augmentation (8 flips and rotations)"),
                      int(UncertaintyMethod::TestTimeAugmentation));
    m_method->setToolTip(
        tr("How sure the model is, pixel by pixel. Monte Carlo dropout predicts each tile several times "
           "with the model's dropout switched on (the model must have been trained with dropout); "
           "test-time augmentation predicts the tile flipped and rotated. Where the passes disagree, "
           "the map is uncertain. The maps become the passes' average; each pass costs about one "
           "prediction."));
    m_passes->setRange(2, 1000);
    m_passes->setValue(UncertaintySettings::kDefaultPasses);
    m_passes->setSuffix(tr(" passes"));
    m_passes->setToolTip(tr("Stochastic passes per tile: 20 to 50 give stable estimates"));
    m_output->setToolTip(tr("Float32 GeoTIFF with three bands: predictive entropy, mutual information "
                            "(the passes' disagreement) and the class probabilities' standard deviation "
                            "(for anomaly maps, one band: the error's standard deviation)"));

    auto *layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_method, 0, 0);
    layout->addWidget(m_passes, 0, 1);
    layout->addWidget(m_output, 1, 0, 1, 2);
    layout->setColumnStretch(0, 1);

    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        update();
        Q_EMIT changed();
    });
    connect(m_passes, qOverload<int>(&QSpinBox::valueChanged), this, &UncertaintyOptions::changed);
    connect(m_output, &QLineEdit::textChanged, this, &UncertaintyOptions::changed);
    connect(m_output, &QLineEdit::textEdited, this, &UncertaintyOptions::outputEdited);
    update();
}

UncertaintySettings UncertaintyOptions::settings() const
{
    UncertaintySettings settings;
    settings.method = UncertaintyMethod(m_method->currentData().toInt());
    settings.passes = m_passes->value();
    return settings;
}

QString UncertaintyOptions::outputPath() const
{
    return settings().enabled() ? m_output->text().trimmed() : QString();
}

void UncertaintyOptions::setOutputPath(const QString &path)
{
    m_output->setText(path);
}

void UncertaintyOptions::update()
{
    const UncertaintyMethod method = settings().method;
    m_passes->setVisible(method == UncertaintyMethod::McDropout);
    m_output->setEnabled(method != UncertaintyMethod::None);
}

} // namespace deepterra
