#pragma once

#include "training/setupform.h"

#include <functional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QPushButton;
class QSpinBox;

namespace deepterra {

struct TrainingSetup;

// How examples are drawn from the data and divided: patch size, stride and NoData share, the size
// of training data held in memory, augmentation, normalisation, and the training/validation split
// (random, spatial blocks with block size and buffer, chronological for series) with its
// validation share. Edits go straight into the set-up it is given.
class SamplingPage : public SetupForm
{
    Q_OBJECT

public:
    explicit SamplingPage(TrainingSetup *setup, QWidget *parent = nullptr);

    void load(bool taskChosen);

    QSpinBox *foldsSpin() const { return m_folds; }
    QSpinBox *patchSizeSpin() const { return m_patchSize; }
    QSpinBox *memoryLimitSpin() const { return m_memoryLimit; }
    QComboBox *splitCombo() const { return m_split; }
    QCheckBox *stratifiedCheck() const { return m_stratified; }
    QPushButton *previewSplitButton() const { return m_previewSplit; }

Q_SIGNALS:
    void splitPreviewRequested();

private:
    void updateVisibility(bool taskChosen) override;

    TrainingSetup *m_setup;
    QSpinBox *m_patchSize;
    QSpinBox *m_stride;
    QDoubleSpinBox *m_maxNoData;
    QSpinBox *m_memoryLimit;
    QCheckBox *m_classBalanced;
    QComboBox *m_sceneLabel;
    QCheckBox *m_augment;
    QDoubleSpinBox *m_jitter;
    QCheckBox *m_relative;
    QComboBox *m_gapFill;
    QComboBox *m_normalization;
    QDoubleSpinBox *m_percentileLow;
    QDoubleSpinBox *m_percentileHigh;
    QComboBox *m_split;
    QSpinBox *m_blockSize;
    QSpinBox *m_buffer;
    QCheckBox *m_stratified;
    QDoubleSpinBox *m_validation;
    QDoubleSpinBox *m_test;
    QSpinBox *m_folds;
    QPushButton *m_previewSplit;
};

} // namespace deepterra
