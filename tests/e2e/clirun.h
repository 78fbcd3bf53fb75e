#pragma once

#include <QProcess>
#include <QString>
#include <QStringList>

namespace deepterra::test {

// What one deepterra-cli invocation left behind. exitCode: -1 when it did not finish within five
// minutes, -2 when it crashed.
struct CliResult
{
    int exitCode = -1;
    QString out;
    QString err;
};

// Runs the deepterra-cli under test (DEEPTERRA_CLI_PATH) in `workingDirectory`, as a user would
// from a shell, without a terminal.
inline CliResult runCli(const QString &workingDirectory, const QStringList &arguments)
{
    QProcess process;
    process.setWorkingDirectory(workingDirectory);
    process.start(QStringLiteral(DEEPTERRA_CLI_PATH), arguments);
    CliResult result;
    if (!process.waitForFinished(300000))
        return result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
    result.out = QString::fromUtf8(process.readAllStandardOutput());
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

// `init PROJECT` of a segmentation of the demo's Olinda scene from its training polygons, before the
// options a test adds.
inline QStringList olindaSegmentationInit(const QString &project, const QString &image)
{
    return { QStringLiteral("init"),
             project,
             QStringLiteral("--task"),
             QStringLiteral("segmentation"),
             QStringLiteral("--image"),
             image,
             QStringLiteral("--labels"),
             QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda-training.gpkg"),
             QStringLiteral("--label-field"),
             QStringLiteral("landcover") };
}

} // namespace deepterra::test
