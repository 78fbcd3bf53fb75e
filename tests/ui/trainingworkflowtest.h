#pragma once

#include "training/modelpage.h"
#include "training/taskinputspage.h"
#include "training/trainingsetuppanel.h"

#include <QComboBox>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSpinBox>
#include <QtTest>

// What the training workflow tests do in the set-up forms, as a user does.
namespace deepterra::test {

inline bool choose(QComboBox *combo, const QString &text)
{
    const int index = combo->findText(text, Qt::MatchContains);
    if (index < 0)
        return false;
    combo->setCurrentIndex(index);
    Q_EMIT combo->activated(index); // what a click on the item sends
    return true;
}

inline void setSpin(TrainingSetupPanel *panel, const QString &field, int value)
{
    auto *spin = qobject_cast<QSpinBox *>(panel->fieldEditor(field));
    QVERIFY2(spin, qPrintable(field));
    spin->selectAll();
    QTest::keyClicks(spin, QString::number(value));
    QTest::keyClick(spin, Qt::Key_Enter);
    QCOMPARE(spin->value(), value);
}

// Segmentation of the demo (its image and labels preselected) with unet-small, 32-pixel patches
// every 32 pixels, two epochs of batches of 8, chosen in the forms as a user does.
inline void chooseSmallUNet(TrainingSetupPanel *panel)
{
    QVERIFY(choose(panel->taskPage()->taskCombo(), QStringLiteral("egmentation")));
    QVERIFY(choose(panel->modelPage()->presetCombo(), QStringLiteral("unet-small")));
    setSpin(panel, QStringLiteral("task.patchSize"), 32);
    setSpin(panel, QStringLiteral("task.stride"), 32);
    setSpin(panel, QStringLiteral("training.epochs"), 2);
    setSpin(panel, QStringLiteral("training.batchSize"), 8);
}

inline QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

} // namespace deepterra::test
