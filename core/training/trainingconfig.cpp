#include "training/trainingconfig.h"

namespace deepterra {

bool TrainingConfig::higherIsBetter(const QString &metric)
{
    static const char *const kHigher[] = { "accuracy", "iou", "kappa", "f1", "r2", "nse", "skill" };
    for (const char *word : kHigher)
        if (metric.contains(QLatin1String(word), Qt::CaseInsensitive))
            return true;
    return false;
}

QStringList TrainingConfig::precisionNames()
{
    return { QStringLiteral("fp32"), QStringLiteral("bf16"), QStringLiteral("fp16") };
}

} // namespace deepterra
