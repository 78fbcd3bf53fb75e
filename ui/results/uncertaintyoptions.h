#pragma once

#include "inference/uncertaintysettings.h"

#include <QWidget>

class QComboBox;
class QLineEdit;
class QSpinBox;

namespace deepterra {

// The prediction form's uncertainty row: none, Monte Carlo dropout with its number of passes, or
// test-time augmentation, and the file the uncertainty bands go to.
class UncertaintyOptions : public QWidget
{
    Q_OBJECT

public:
    explicit UncertaintyOptions(QWidget *parent = nullptr);

    UncertaintySettings settings() const;
    QString outputPath() const; // empty without a method
    void setOutputPath(const QString &path);

    QComboBox *methodCombo() const { return m_method; }
    QSpinBox *passesSpin() const { return m_passes; }
    QLineEdit *outputEdit() const { return m_output; }

Q_SIGNALS:
    void changed();
    void outputEdited();

private:
    void update();

    QComboBox *m_method;
    QSpinBox *m_passes;
    QLineEdit *m_output;
};

} // namespace deepterra
