#pragma once

#include "training/setupform.h"

#include <functional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace deepterra {

struct TrainingSetup;

// How the model learns: epochs, batch size, optimiser, learning rate and its schedule, loss and
// class weighting, gradient clipping, early stopping (patience and the monitored metric, from the
// metrics the task reports) and the seed. Edits go straight into the set-up it is given.
class TrainingSettingsPage : public SetupForm
{
    Q_OBJECT

public:
    explicit TrainingSettingsPage(TrainingSetup *setup, QWidget *parent = nullptr);

    void load(bool taskChosen);

    QSpinBox *epochsSpin() const { return m_epochs; }
    QSpinBox *batchSizeSpin() const { return m_batchSize; }
    QLineEdit *learningRateEdit() const { return m_learningRate; }
    QComboBox *lossCombo() const { return m_loss; }
    QComboBox *metricCombo() const { return m_metric; }

private:
    void updateVisibility(bool taskChosen) override;
    QLineEdit *numberEdit(double &target);

    TrainingSetup *m_setup;
    QSpinBox *m_epochs;
    QSpinBox *m_batchSize;
    QComboBox *m_optimizer;
    QLineEdit *m_learningRate;
    QDoubleSpinBox *m_momentum;
    QLineEdit *m_weightDecay;
    QComboBox *m_schedule;
    QSpinBox *m_stepSize;
    QDoubleSpinBox *m_gamma;
    QLineEdit *m_minLearningRate;
    QLineEdit *m_maxLearningRate;
    QComboBox *m_loss;
    QCheckBox *m_classWeighted;
    QDoubleSpinBox *m_focalGamma;
    QDoubleSpinBox *m_huberDelta;
    QDoubleSpinBox *m_clipNorm;
    QComboBox *m_metric;
    QSpinBox *m_patience;
    QSpinBox *m_seed;
};

} // namespace deepterra
