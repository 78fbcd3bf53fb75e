#pragma once

// qcustomplot.h declares its signals with the `signals` keyword, which QT_NO_KEYWORDS removes
// (torch defines `slots`): lend it the macros for the length of the include.
#define signals Q_SIGNALS
#define slots Q_SLOTS
#define emit Q_EMIT
#define foreach Q_FOREACH
#include <qcustomplot.h>
#undef signals
#undef slots
#undef emit
#undef foreach
