#include "distributed/distributedsettings.h"

#include "common/dataerror.h"

#include <QRegularExpression>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace deepterra {

namespace {

int integerVariable(const QProcessEnvironment &environment, const QString &name, int minimum, int maximum)
{
    bool ok = false;
    const int value = environment.value(name).trimmed().toInt(&ok);
    if (!ok || value < minimum || value > maximum)
        throw DataError(name,
                        QStringLiteral("the environment variable is \"%1\": it must be a whole number "
                                       "from %2 to %3")
                            .arg(environment.value(name))
                            .arg(minimum)
                            .arg(maximum));
    return value;
}

} // namespace

QString DistributedSettings::firstHostOf(const QString &nodeList)
{
    // The first entry: up to the first comma outside brackets.
    int depth = 0;
    int end = int(nodeList.size());
    for (int i = 0; i < nodeList.size(); ++i) {
        if (nodeList[i] == QLatin1Char('['))
            ++depth;
        else if (nodeList[i] == QLatin1Char(']'))
            --depth;
        else if (nodeList[i] == QLatin1Char(',') && depth == 0) {
            end = i;
            break;
        }
    }
    const QString first = nodeList.left(end).trimmed();
    static const QRegularExpression range(QStringLiteral("^([^\\[]*)\\[([^\\],\\-]+)"));
    const QRegularExpressionMatch match = range.match(first);
    return match.hasMatch() ? match.captured(1) + match.captured(2) : first;
}

DistributedSettings DistributedSettings::fromEnvironment(const QProcessEnvironment &environment)
{
    DistributedSettings settings;
    const bool torchrun = environment.contains(QStringLiteral("WORLD_SIZE"));
    // Inside an srun step only: a batch script of an allocation of several tasks has SLURM_NTASKS and
    // SLURM_PROCID too, but it is one process.
    const bool slurm = !torchrun && environment.contains(QStringLiteral("SLURM_STEP_NUM_TASKS"))
        && environment.contains(QStringLiteral("SLURM_PROCID"));
    if (!torchrun && !slurm)
        return settings;
    const QString sizeName = torchrun ? QStringLiteral("WORLD_SIZE") : QStringLiteral("SLURM_STEP_NUM_TASKS");
    const QString rankName = torchrun ? QStringLiteral("RANK") : QStringLiteral("SLURM_PROCID");
    const QString localName = torchrun ? QStringLiteral("LOCAL_RANK") : QStringLiteral("SLURM_LOCALID");
    settings.worldSize = integerVariable(environment, sizeName, 1, 65536);
    if (settings.worldSize == 1)
        return settings;
    if (!environment.contains(rankName))
        throw DataError(rankName,
                        QStringLiteral("the environment variable is missing, but %1 is %2")
                            .arg(sizeName)
                            .arg(settings.worldSize));
    settings.rank = integerVariable(environment, rankName, 0, settings.worldSize - 1);
    settings.localRank = environment.contains(localName)
        ? integerVariable(environment, localName, 0, settings.worldSize - 1)
        : 0;
    if (environment.contains(QStringLiteral("MASTER_ADDR")))
        settings.masterAddress = environment.value(QStringLiteral("MASTER_ADDR")).trimmed();
    else if (slurm) {
        const QString nodes = environment.value(QStringLiteral("SLURM_JOB_NODELIST"),
                                                environment.value(QStringLiteral("SLURM_NODELIST")));
        if (nodes.isEmpty())
            throw DataError(QStringLiteral("MASTER_ADDR"),
                            QStringLiteral("the environment variable is missing and Slurm gave no node list: "
                                           "set it to the host of rank 0"));
        settings.masterAddress = firstHostOf(nodes);
    } else {
        throw DataError(QStringLiteral("MASTER_ADDR"),
                        QStringLiteral("the environment variable is missing: set it to the host of rank 0"));
    }
    if (environment.contains(QStringLiteral("MASTER_PORT")))
        settings.masterPort = integerVariable(environment, QStringLiteral("MASTER_PORT"), 1, 65535);
    else if (slurm && environment.contains(QStringLiteral("SLURM_JOB_ID")))
        // One port per job, so that two jobs sharing a node do not meet.
        settings.masterPort
            = kDefaultPort + 1 + int(environment.value(QStringLiteral("SLURM_JOB_ID")).toULongLong() % 20000);
    if (environment.contains(QStringLiteral("DEEPTERRA_DIST_TIMEOUT")))
        settings.timeoutSeconds
            = integerVariable(environment, QStringLiteral("DEEPTERRA_DIST_TIMEOUT"), 1, 7 * 24 * 3600);
    return settings;
}

int DistributedSettings::freeLoopbackPort()
{
    const int socket = ::socket(AF_INET, SOCK_STREAM, 0);
    if (socket < 0)
        return 0;
    sockaddr_in address {};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    socklen_t length = sizeof(address);
    int port = 0;
    if (::bind(socket, reinterpret_cast<sockaddr *>(&address), sizeof(address)) == 0
        && ::getsockname(socket, reinterpret_cast<sockaddr *>(&address), &length) == 0)
        port = ntohs(address.sin_port);
    ::close(socket);
    return port;
}

QProcessEnvironment DistributedSettings::workerEnvironment(QProcessEnvironment base, int workerRank) const
{
    base.insert(QStringLiteral("WORLD_SIZE"), QString::number(worldSize));
    base.insert(QStringLiteral("RANK"), QString::number(workerRank));
    base.insert(QStringLiteral("LOCAL_RANK"), QString::number(workerRank));
    base.insert(QStringLiteral("MASTER_ADDR"), masterAddress);
    base.insert(QStringLiteral("MASTER_PORT"), QString::number(masterPort));
    base.insert(QStringLiteral("DEEPTERRA_DIST_TIMEOUT"), QString::number(timeoutSeconds));
    return base;
}

} // namespace deepterra
