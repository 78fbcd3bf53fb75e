#include "cli/consolefeedback.h"

#include <QTextStream>

#include <cstdio>
#include <unistd.h>

namespace deepterra::cli {

ConsoleFeedback::ConsoleFeedback(QObject *parent)
    : Feedback(parent)
    , m_interactive(isatty(fileno(stderr)) != 0)
{
    connect(this, &Feedback::progressChanged, this, &ConsoleFeedback::printProgress, Qt::DirectConnection);
    connect(this, &Feedback::messageLogged, this, &ConsoleFeedback::printMessage, Qt::DirectConnection);
}

ConsoleFeedback::~ConsoleFeedback()
{
    if (m_progressLineOpen)
        QTextStream(stderr) << "\n";
}

void ConsoleFeedback::showOnlyProblems(const QString &prefix)
{
    m_onlyProblems = true;
    m_prefix = prefix;
}

void ConsoleFeedback::printProgress(double percent)
{
    if (m_onlyProblems)
        return;
    // Piped output (logs, batch jobs) gets one line per tenth of the work: a long prediction on a
    // cluster node must show it is alive without filling the log with carriage returns.
    if (!m_interactive) {
        const int tenth = int(percent / 10.0);
        if (tenth != m_loggedTenth && tenth > 0)
            QTextStream(stderr) << QString::number(10 * tenth) << " %\n" << Qt::flush;
        m_loggedTenth = tenth;
        return;
    }
    QTextStream(stderr) << "\r" << QString::number(percent, 'f', 1) << " %" << Qt::flush;
    m_progressLineOpen = true;
}

void ConsoleFeedback::printMessage(Feedback::Level level, const QString &text)
{
    if (m_onlyProblems && level == Feedback::Level::Info)
        return;
    QTextStream err(stderr);
    err << m_prefix;
    if (m_progressLineOpen) {
        err << "\n";
        m_progressLineOpen = false;
    }
    switch (level) {
    case Feedback::Level::Warning:
        err << "warning: ";
        break;
    case Feedback::Level::Error:
        err << "error: ";
        break;
    case Feedback::Level::Info:
        break;
    }
    err << text << "\n";
}

} // namespace deepterra::cli
