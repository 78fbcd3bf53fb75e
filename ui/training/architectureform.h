#pragma once

#include "training/setupform.h"

#include <QJsonObject>

class QTableWidget;

namespace deepterra {

// Every architecture setting of a model spec as a form field, for the "Custom" model: the fields
// follow the spec's family (U-Net, ResUNet, CNN, recurrent, dense or convolutional autoencoder)
// and edit the spec's JSON as the project file holds it (ModelSpecJson). The sizes the trainer takes from
// the data (input channels, classes, input size, lookback...) are shown but not editable.
class ArchitectureForm : public SetupForm
{
    Q_OBJECT

public:
    explicit ArchitectureForm(QWidget *parent = nullptr);

    // Builds the fields of the spec's family and fills them.
    void setSpec(const QJsonObject &spec);
    const QJsonObject &spec() const { return m_spec; }

    // Keys the trainer sets from the data, whatever the spec says.
    static bool isDataSize(const QString &key);

private:
    void addValueField(const QString &key);
    void addBlocksField();
    void setValue(const QString &key, const QJsonValue &value);
    void appendBlockRow(const QJsonObject &block);
    void readBlocks();

    QJsonObject m_spec;
    QTableWidget *m_blocks = nullptr;
};

} // namespace deepterra
