#pragma once

// What the prediction and export dialogs' GUI tests share: a tiny seeded segmentation run of the
// demo data, trained headless with deepterra-cli into the project's runs folder, and the project
// opened in a main window whose runs panel lists the run.

#include "workspacetest.h"

#include "geodata/rasterdataset.h"
#include "results/resultsworkbench.h"
#include "testdata.h"
#include "training/runspanel.h"
#include "training/trainingworkbench.h"

#include <QDir>
#include <QLineEdit>
#include <QProcess>

namespace deepterra::test {

inline QString runCli(const QString &folder, const QStringList &arguments)
{
    QProcess process;
    process.setWorkingDirectory(folder);
    process.start(QStringLiteral(DEEPTERRA_CLI_PATH), arguments);
    if (!process.waitForFinished(300000))
        return QStringLiteral("deepterra-cli did not finish");
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return QString::fromUtf8(process.readAllStandardError());
    return {};
}

// Writes <folder>/olinda.deepterra (segmentation, unet-small, patch 32, one epoch) and trains it
// into <folder>/runs/seg; returns the project's path, empty with `error` set on failure.
inline QString writeTinyRun(const QString &folder, QString *error)
{
    *error = runCli(folder,
                    { QStringLiteral("init"), QStringLiteral("olinda.deepterra"), QStringLiteral("--task"),
                      QStringLiteral("segmentation"), QStringLiteral("--image"),
                      samplePath(QStringLiteral("tif/L7_ETMs.tif")), QStringLiteral("--labels"),
                      QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda-training.gpkg"),
                      QStringLiteral("--label-field"), QStringLiteral("landcover"), QStringLiteral("--patch"),
                      QStringLiteral("32"), QStringLiteral("--stride"), QStringLiteral("32"),
                      QStringLiteral("--epochs"), QStringLiteral("1"), QStringLiteral("--batch"),
                      QStringLiteral("8") });
    if (!error->isEmpty())
        return {};
    *error
        = runCli(folder,
                 { QStringLiteral("train"), QStringLiteral("olinda.deepterra"), QStringLiteral("--threads"),
                   QStringLiteral("2"), QStringLiteral("--out"), QStringLiteral("runs/seg") });
    return error->isEmpty() ? QDir(folder).filePath(QStringLiteral("olinda.deepterra")) : QString();
}

// Opens the project in `window` and waits until its layers are read and the runs panel lists the run.
inline bool openWithRun(MainWindow &window, const QString &projectPath)
{
    window.setSavePrompt([] { return MainWindow::SaveChoice::Discard; });
    window.resize(1200, 800);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return false;
    QSignalSpy loaded(&window, &MainWindow::layersLoaded);
    window.openProject(projectPath);
    if (!loaded.wait(30000))
        return false;
    QElapsedTimer timer;
    timer.start();
    while (window.results()->currentRun().isEmpty() && timer.elapsed() < 20000)
        QTest::qWait(50);
    return !window.results()->currentRun().isEmpty();
}

// Band 1 of a raster, NoData as -1.
inline std::vector<float> readBand(const QString &path)
{
    const RasterDataset dataset = RasterDataset::open(path);
    const RasterBuffer buffer = dataset.readWindow(QRect(0, 0, dataset.width(), dataset.height()));
    std::vector<float> values(buffer.pixelCount());
    for (int y = 0; y < buffer.height; ++y)
        for (int x = 0; x < buffer.width; ++x)
            values[std::size_t(y) * std::size_t(buffer.width) + std::size_t(x)]
                = buffer.isValid(0, x, y) ? buffer.value(0, x, y) : -1.0f;
    return values;
}

inline void replaceText(QLineEdit *edit, const QString &text)
{
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    QTest::keyClicks(edit, text);
}

} // namespace deepterra::test
