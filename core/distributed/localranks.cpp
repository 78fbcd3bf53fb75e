#include "distributed/localranks.h"

#include "common/dataerror.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>

#include <algorithm>

namespace deepterra {

namespace {

constexpr int kGraceMilliseconds = 30000;
constexpr int kStopMilliseconds = 3000;

QString logName(int rank)
{
    return QStringLiteral("rank-%1.log").arg(rank);
}

// The last non-empty line of a log: where a rank says why it stopped.
QString lastLine(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    if (file.size() > 4096)
        file.seek(file.size() - 4096);
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    for (auto line = lines.crbegin(); line != lines.crend(); ++line)
        if (!line->trimmed().isEmpty())
            return line->trimmed();
    return {};
}

} // namespace

LocalRanks::LocalRanks(const QString &program, const QStringList &arguments, int worldSize,
                       int timeoutSeconds)
    : m_program(program)
    , m_logs(std::make_unique<QTemporaryDir>())
{
    const QFileInfo executable(program);
    if (!executable.isFile() || !executable.isExecutable())
        throw DataError(
            program,
            QStringLiteral("cannot start the training's other processes: the program is not there "
                           "(deepterra-cli is installed beside the app)"));
    m_lead.rank = 0;
    m_lead.worldSize = worldSize;
    m_lead.masterAddress = QStringLiteral("127.0.0.1");
    m_lead.masterPort = DistributedSettings::freeLoopbackPort();
    m_lead.timeoutSeconds = timeoutSeconds;
    if (m_lead.masterPort == 0)
        throw DataError(program,
                        QStringLiteral("no free port on 127.0.0.1 for the training's processes to meet"));
    for (int rank = 1; rank < worldSize; ++rank) {
        auto process = std::make_unique<QProcess>();
        process->setProgram(program);
        process->setArguments(arguments);
        process->setProcessEnvironment(
            m_lead.workerEnvironment(QProcessEnvironment::systemEnvironment(), rank));
        process->setProcessChannelMode(QProcess::MergedChannels);
        process->setStandardOutputFile(m_logs->filePath(logName(rank)));
        process->start();
        if (!process->waitForStarted())
            throw DataError(program,
                            QStringLiteral("rank %1 of the training did not start: %2")
                                .arg(rank)
                                .arg(process->errorString()));
        m_ranks.push_back(std::move(process));
    }
}

LocalRanks::~LocalRanks()
{
    if (!m_finished)
        for (const auto &process : m_ranks)
            process->terminate();
    const QDeadlineTimer deadline(m_finished ? kGraceMilliseconds : kStopMilliseconds);
    for (const auto &process : m_ranks)
        if (!process->waitForFinished(int(std::max<qint64>(deadline.remainingTime(), 0)))) {
            process->kill();
            process->waitForFinished();
        }
}

QString LocalRanks::describe(int index) const
{
    const QProcess &process = *m_ranks[std::size_t(index)];
    const int rank = index + 1;
    const QString line = lastLine(m_logs->filePath(logName(rank)));
    const QString ending = process.exitStatus() == QProcess::CrashExit
        ? QStringLiteral("was killed or crashed")
        : QStringLiteral("ended with exit code %1").arg(process.exitCode());
    return QStringLiteral("rank %1 %2%3")
        .arg(rank)
        .arg(ending, line.isEmpty() ? QString() : QStringLiteral(": ") + line);
}

void LocalRanks::requireRunning() const
{
    for (std::size_t i = 0; i < m_ranks.size(); ++i)
        // waitForFinished(0) also notices an ending without an event loop in this thread.
        if (m_ranks[i]->state() == QProcess::NotRunning || m_ranks[i]->waitForFinished(0))
            throw DataError(m_program,
                            QStringLiteral("the training's other processes stopped before it began: %1")
                                .arg(describe(int(i))));
}

void LocalRanks::keepLogs(const QString &folder) const
{
    for (std::size_t i = 0; i < m_ranks.size(); ++i) {
        const QString name = logName(int(i) + 1);
        QFile::remove(QDir(folder).filePath(name));
        QFile::copy(m_logs->filePath(name), QDir(folder).filePath(name));
    }
}

QString LocalRanks::failures() const
{
    QStringList failed;
    for (std::size_t i = 0; i < m_ranks.size(); ++i) {
        QProcess &process = *m_ranks[i];
        const bool ended = process.state() == QProcess::NotRunning || process.waitForFinished(0);
        if (ended && (process.exitStatus() == QProcess::CrashExit || process.exitCode() != 0))
            failed << describe(int(i));
    }
    return failed.join(QStringLiteral("; "));
}

} // namespace deepterra
