#include "inference/uncertaintysettings.h"

namespace deepterra {

int UncertaintySettings::passCount() const
{
    switch (method) {
    case UncertaintyMethod::None:
        return 1;
    case UncertaintyMethod::McDropout:
        return passes;
    case UncertaintyMethod::TestTimeAugmentation:
        return kAugmentations;
    }
    return 1;
}

QString UncertaintySettings::name() const
{
    switch (method) {
    case UncertaintyMethod::None:
        return QStringLiteral("none");
    case UncertaintyMethod::McDropout:
        return QStringLiteral("mc-dropout:%1").arg(passes);
    case UncertaintyMethod::TestTimeAugmentation:
        return QStringLiteral("tta");
    }
    return {};
}

bool UncertaintySettings::parse(const QString &text, UncertaintySettings *settings, QString *error)
{
    const QString value = text.trimmed().toLower();
    UncertaintySettings parsed = *settings;
    if (value == QLatin1String("none")) {
        parsed.method = UncertaintyMethod::None;
    } else if (value == QLatin1String("tta")) {
        parsed.method = UncertaintyMethod::TestTimeAugmentation;
    } else if (value == QLatin1String("mc-dropout") || value.startsWith(QLatin1String("mc-dropout:"))) {
        parsed.method = UncertaintyMethod::McDropout;
        parsed.passes = kDefaultPasses;
        if (value.contains(QLatin1Char(':'))) {
            bool ok = false;
            parsed.passes = value.section(QLatin1Char(':'), 1).toInt(&ok);
            if (!ok || parsed.passes < 2 || parsed.passes > 1000) {
                if (error)
                    *error = QStringLiteral("\"%1\": Monte Carlo dropout needs 2 to 1000 passes "
                                            "(mc-dropout:20)")
                                 .arg(text);
                return false;
            }
        }
    } else {
        if (error)
            *error = QStringLiteral("unknown uncertainty method \"%1\" (use none, mc-dropout:N or tta)")
                         .arg(text);
        return false;
    }
    *settings = parsed;
    return true;
}

QString UncertaintySettings::bandDescription(bool classify, int band)
{
    if (!classify)
        return QStringLiteral("reconstruction error standard deviation");
    switch (band) {
    case 0:
        return QStringLiteral("predictive entropy");
    case 1:
        return QStringLiteral("mutual information");
    default:
        return QStringLiteral("probability standard deviation");
    }
}

} // namespace deepterra
