#pragma once

// Core-private: only core .cpp files include this.

#include "training/epochrecord.h"

#include <QJsonObject>

namespace deepterra {

// An epoch's record as the checkpoints keep it (a resumed run replays the history from last.pt).
class EpochRecordJson
{
public:
    static QJsonObject toJson(const EpochRecord &record);
    static EpochRecord fromJson(const QJsonObject &json);
};

} // namespace deepterra
