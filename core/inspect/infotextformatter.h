#pragma once

#include <QJsonObject>
#include <QString>

namespace deepterra {

// Renders FileInspector's JSON document as the human-readable text of `deepterra-cli info`.
class InfoTextFormatter
{
public:
    static QString format(const QJsonObject &report);
};

} // namespace deepterra
