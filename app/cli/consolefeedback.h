#pragma once

#include "jobs/feedback.h"

#include <QString>

namespace deepterra::cli {

// Prints a job's messages on stderr, and its progress as one line that rewrites itself when stderr
// is a terminal, or as a line per tenth of the work when it is not.
class ConsoleFeedback : public Feedback
{
    Q_OBJECT

public:
    explicit ConsoleFeedback(QObject *parent = nullptr);
    ~ConsoleFeedback() override;

    // Only warnings and errors, each line starting with `prefix`, and no progress: for the ranks
    // of a data-parallel job other than rank 0, which reports for the job.
    void showOnlyProblems(const QString &prefix);

private:
    void printProgress(double percent);
    void printMessage(Feedback::Level level, const QString &text);

    bool m_interactive = false;
    bool m_onlyProblems = false;
    QString m_prefix;
    bool m_progressLineOpen = false;
    int m_loggedTenth = -1;
};

} // namespace deepterra::cli
