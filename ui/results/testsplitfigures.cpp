#include "results/testsplitfigures.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QStringList>

#include <cmath>
#include <utility>

namespace deepterra {

QString TestSplitFigures::describe(const QJsonObject &test)
{
    const QJsonObject metrics = test.value(QStringLiteral("metrics")).toObject();
    if (metrics.isEmpty())
        return {};
    // The headline scores of each task, in the order a reader looks for them.
    static const std::pair<const char *, const char *> kNames[] = {
        { "test_accuracy", QT_TRANSLATE_NOOP("TestSplitFigures", "accuracy") },
        { "test_mean_iou", QT_TRANSLATE_NOOP("TestSplitFigures", "mean IoU") },
        { "test_kappa", QT_TRANSLATE_NOOP("TestSplitFigures", "kappa") },
        { "test_macro_f1", QT_TRANSLATE_NOOP("TestSplitFigures", "macro F1") },
        { "test_rmse", QT_TRANSLATE_NOOP("TestSplitFigures", "RMSE") },
        { "test_mae", QT_TRANSLATE_NOOP("TestSplitFigures", "MAE") },
        { "test_nse", QT_TRANSLATE_NOOP("TestSplitFigures", "NSE") },
        { "test_skill_persistence", QT_TRANSLATE_NOOP("TestSplitFigures", "skill vs persistence") },
        { "test_skill_climatology", QT_TRANSLATE_NOOP("TestSplitFigures", "skill vs climatology") },
        { "test_skill_seasonal_naive", QT_TRANSLATE_NOOP("TestSplitFigures", "skill vs seasonal naive") },
        { "test_skill_autoregressive", QT_TRANSLATE_NOOP("TestSplitFigures", "skill vs AR") },
        { "test_reconstruction_mean", QT_TRANSLATE_NOOP("TestSplitFigures", "mean reconstruction error") },
        { "test_loss", QT_TRANSLATE_NOOP("TestSplitFigures", "loss") },
    };
    QStringList figures;
    for (const auto &[key, name] : kNames) {
        const QJsonValue value = metrics.value(QLatin1String(key));
        if (value.isUndefined())
            continue;
        figures << QStringLiteral("%1 %2").arg(QCoreApplication::translate("TestSplitFigures", name),
                                               value.isDouble() ? QString::number(value.toDouble(), 'g', 4)
                                                                : QStringLiteral("n/a"));
    }
    return QCoreApplication::translate("TestSplitFigures",
                                       "Held-out test split (%1 examples, scored once with the weights of "
                                       "epoch %2): %3. Validation chose that epoch and flatters it a little; "
                                       "the test split chose nothing.")
        .arg(test.value(QStringLiteral("examples")).toInteger())
        .arg(test.value(QStringLiteral("evaluatedAtEpoch")).toInt())
        .arg(figures.join(QStringLiteral(" · ")));
}

QString TestSplitFigures::note(const QJsonObject &test)
{
    if (test.value(QStringLiteral("metrics")).toObject().isEmpty())
        return {};
    return QCoreApplication::translate(
               "TestSplitFigures",
               "Test: %1 examples held out, scored once with the weights of epoch %2; "
               "validation chose that epoch and flatters it a little.")
        .arg(test.value(QStringLiteral("examples")).toInteger())
        .arg(test.value(QStringLiteral("evaluatedAtEpoch")).toInt());
}

double TestSplitFigures::score(const QJsonObject &test, const QString &key)
{
    const QJsonValue value = test.value(QStringLiteral("metrics")).toObject().value(key);
    return value.isDouble() ? value.toDouble() : std::nan("");
}

QJsonObject TestSplitFigures::read(const QString &runFolder)
{
    QFile file(QDir(runFolder).filePath(QStringLiteral("metrics.json")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("test")).toObject();
}

} // namespace deepterra
