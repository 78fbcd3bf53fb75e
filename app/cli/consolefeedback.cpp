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

void ConsoleFeedback::printProgress(double percent)
{
    // Piped output (logs, scripts) gets messages only: a progress line is for a person watching.
    if (!m_interactive)
        return;
    QTextStream(stderr) << "\r" << QString::number(percent, 'f', 1) << " %" << Qt::flush;
    m_progressLineOpen = true;
}

void ConsoleFeedback::printMessage(Feedback::Level level, const QString &text)
{
    QTextStream err(stderr);
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
