// The one place where Deepterra bridges the Qt versions it supports (Debian 12: Qt 6.4,
// Debian 13: Qt 6.8). Everything else uses APIs that exist, undeprecated, in both.
#pragma once

#include <QDateTime>
#include <QtGlobal>
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
#include <QTimeZone>
#endif

namespace deepterra {

// A date-time in UTC (timeSpec() == Qt::UTC, ISO text ending in "Z"). Qt 6.5 added QTimeZone::UTC
// and deprecates the Qt::TimeSpec constructor; Qt 6.4 has only that constructor (its
// QTimeZone::utc() makes a named zone instead, printed "+00:00").
inline QDateTime utcDateTime(QDate date, QTime time)
{
#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0)
    return QDateTime(date, time, QTimeZone::UTC);
#else
    return QDateTime(date, time, Qt::UTC);
#endif
}

} // namespace deepterra
