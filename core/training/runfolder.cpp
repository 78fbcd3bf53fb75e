#include "training/runfolder.h"

#include "common/atomicfile.h"
#include "common/dataerror.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSet>
#include <QTextStream>

#include <cmath>

namespace deepterra {

namespace {

void writeBytes(const QString &path, const QByteArray &bytes)
{
    AtomicFile::write(path, bytes, QStringLiteral("cannot write"));
}

QString csvNumber(double value)
{
    return std::isfinite(value) ? QString::number(value, 'g', 10) : QString();
}

} // namespace

RunFolder::RunFolder(QString path)
    : m_path(std::move(path))
{ }

RunFolder RunFolder::create(const QString &runsFolder, const QString &taskName)
{
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    QDir root(runsFolder);
    if (!root.mkpath(QStringLiteral(".")))
        throw DataError(runsFolder, QStringLiteral("cannot create the runs folder"));
    QString name = QStringLiteral("%1-%2").arg(stamp, taskName);
    for (int n = 2; root.exists(name); ++n)
        name = QStringLiteral("%1-%2-%3").arg(stamp, taskName).arg(n);
    if (!root.mkpath(name + QStringLiteral("/checkpoints")))
        throw DataError(root.filePath(name), QStringLiteral("cannot create the run folder"));
    return RunFolder(root.filePath(name));
}

QString RunFolder::filePath(const QString &name) const
{
    return QDir(m_path).filePath(name);
}

QString RunFolder::checkpointPath(const QString &name) const
{
    return QDir(m_path).filePath(QStringLiteral("checkpoints/") + name);
}

void RunFolder::writeJson(const QString &path, const QJsonObject &json)
{
    writeBytes(path, QJsonDocument(json).toJson(QJsonDocument::Indented));
}

void RunFolder::writeConfig(const QJsonObject &config) const
{
    if (!QDir().mkpath(m_path))
        throw DataError(m_path, QStringLiteral("cannot create the run folder"));
    writeJson(filePath(QStringLiteral("config.json")), config);
}

QJsonObject RunFolder::readConfig() const
{
    const QString path = filePath(QStringLiteral("config.json"));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw DataError(m_path, QStringLiteral("not a Deepterra run folder (no readable config.json)"));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        throw DataError(path, QStringLiteral("damaged run configuration: %1").arg(error.errorString()));
    return doc.object();
}

void RunFolder::writeHistory(const std::vector<EpochRecord> &history) const
{
    // Metric columns: the union over epochs, in a stable order.
    QStringList metricNames;
    for (const EpochRecord &r : history)
        for (auto it = r.metrics.begin(); it != r.metrics.end(); ++it)
            if (!metricNames.contains(it.key()) && it.key() != QLatin1String("val_loss")
                && it.key() != QLatin1String("train_loss"))
                metricNames << it.key();
    metricNames.sort();
    QString text;
    QTextStream out(&text);
    out << "epoch,train_loss,val_loss,"
        << (metricNames.isEmpty() ? QString() : metricNames.join(QLatin1Char(',')) + QLatin1Char(','))
        << "learning_rate,seconds,samples_per_second,data_wait_share,improved\n";
    for (const EpochRecord &r : history) {
        out << r.epoch << ',' << csvNumber(r.trainLoss) << ',' << csvNumber(r.validationLoss) << ',';
        for (const QString &name : metricNames)
            out << csvNumber(r.metrics.value(name, std::nan(""))) << ',';
        out << csvNumber(r.learningRate) << ',' << csvNumber(r.seconds) << ','
            << csvNumber(r.samplesPerSecond) << ',' << csvNumber(r.dataWaitShare) << ','
            << (r.improved ? 1 : 0) << '\n';
    }
    out.flush();
    writeBytes(filePath(QStringLiteral("history.csv")), text.toUtf8());
}

std::vector<EpochRecord> RunFolder::readHistory() const
{
    const QString path = filePath(QStringLiteral("history.csv"));
    QFile file(path);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        throw DataError(path, QStringLiteral("cannot read the run's history: %1").arg(file.errorString()));
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    if (lines.isEmpty())
        return {};
    const QStringList header = lines.first().trimmed().split(QLatin1Char(','));
    if (header.value(0) != QLatin1String("epoch") || !header.contains(QLatin1String("train_loss")))
        throw DataError(path, QStringLiteral("not a training history: the first column must be epoch"));
    std::vector<EpochRecord> history;
    for (int row = 1; row < lines.size(); ++row) {
        const QStringList cells = lines.at(row).trimmed().split(QLatin1Char(','));
        if (cells.size() != header.size())
            throw DataError(path,
                            QStringLiteral("line %1 has %2 values for %3 columns")
                                .arg(row + 1)
                                .arg(cells.size())
                                .arg(header.size()));
        EpochRecord r;
        r.replayed = true;
        for (int c = 0; c < header.size(); ++c) {
            const QString &name = header.at(c);
            bool ok = false;
            double value = cells.at(c).toDouble(&ok);
            if (!ok)
                value = std::nan("");
            if (name == QLatin1String("epoch"))
                r.epoch = int(value);
            else if (name == QLatin1String("learning_rate"))
                r.learningRate = value;
            else if (name == QLatin1String("seconds"))
                r.seconds = value;
            else if (name == QLatin1String("samples_per_second"))
                r.samplesPerSecond = value;
            else if (name == QLatin1String("data_wait_share"))
                r.dataWaitShare = value;
            else if (name == QLatin1String("improved"))
                r.improved = value == 1.0;
            else {
                if (name == QLatin1String("train_loss"))
                    r.trainLoss = value;
                else if (name == QLatin1String("val_loss"))
                    r.validationLoss = value;
                if (std::isfinite(value))
                    r.metrics.insert(name, value);
            }
        }
        history.push_back(r);
    }
    return history;
}

void RunFolder::writeMetrics(const QJsonObject &metrics) const
{
    writeJson(filePath(QStringLiteral("metrics.json")), metrics);
}

void RunFolder::appendLog(const QString &line) const
{
    QFile file(filePath(QStringLiteral("training.log")));
    if (!file.open(QIODevice::Append | QIODevice::Text))
        return; // the log is a convenience; the run's results never depend on it
    file.write(
        QStringLiteral("%1 %2\n").arg(QDateTime::currentDateTime().toString(Qt::ISODate), line).toUtf8());
}

} // namespace deepterra
