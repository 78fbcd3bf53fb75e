#include "workspace/mainwindow.h"

#include "common/dataerror.h"
#include "geodata/gdalenvironment.h"
#include "inspect/fileinspector.h"
#include "project/projectfile.h"
#include "runtime/torchruntime.h"
#include "workspace/layerspanel.h"
#include "workspace/propertiesview.h"

#include <QAction>
#include <QApplication>
#include <QCoreApplication>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QtConcurrent>

namespace deepterra {

namespace {

// Either a result or the message of the DataError that prevented it: what a worker hands back.
template<typename T> struct Outcome
{
    T value;
    QString error;
};

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_layers(new LayersPanel)
    , m_properties(new PropertiesView)
{
    setWindowTitle(QStringLiteral("Deepterra"));
    setObjectName(QStringLiteral("mainWindow"));
    resize(1200, 800);
    setCentralWidget(m_properties);

    auto *dock = new QDockWidget(tr("Layers"), this);
    dock->setObjectName(QStringLiteral("layersDock"));
    dock->setWidget(m_layers);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
    addDockWidget(Qt::LeftDockWidgetArea, dock);
    resizeDocks({ dock }, { 320 }, Qt::Horizontal);

    connect(m_layers, &LayersPanel::currentLayerChanged, this, &MainWindow::showLayer);
    connect(m_layers, &LayersPanel::visibilityChanged, this, [this](const QString &id, bool visible) {
        if (ProjectLayer *layer = m_project ? m_project->layer(id) : nullptr)
            layer->visible = visible;
    });
    createMenus();
    statusBar()->showMessage(tr("Open a project with File > Open Project, or try the demo project."));
}

MainWindow::~MainWindow() = default;

QString MainWindow::demoProjectPath()
{
    // Next to the sources in a build tree; under share/ once installed.
    const QStringList candidates {
        QStringLiteral(DEEPTERRA_SOURCE_DIR "/resources/demo/olinda.deepterra"),
        QDir(QCoreApplication::applicationDirPath())
            .filePath(QStringLiteral("../share/deepterra/demo/olinda.deepterra")),
    };
    for (const QString &path : candidates)
        if (QFileInfo::exists(path))
            return QDir::cleanPath(path);
    return candidates.constFirst();
}

void MainWindow::createMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *open = file->addAction(tr("&Open Project…"), this, &MainWindow::chooseProject);
    open->setShortcut(QKeySequence::Open);
    file->addAction(tr("Open &Demo Project"), this, [this] { openProject(demoProjectPath()); });
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Deepterra"), this, &MainWindow::showAbout);
}

void MainWindow::chooseProject()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Project"), QString(), tr("Deepterra projects (*.deepterra *.json);;All files (*)"));
    if (!path.isEmpty())
        openProject(path);
}

void MainWindow::showAbout()
{
    QMessageBox::about(this, tr("About Deepterra"),
                       tr("<h3>Deepterra %1</h3><p>Deep learning on geodata without writing code.</p>"
                          "<p>Qt %2 · LibTorch %3 · GDAL %4</p><p>Compute devices: %5</p>")
                           .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion()),
                                TorchRuntime::libtorchVersion(), GdalEnvironment::gdalVersion(),
                                TorchRuntime::availableDevices().join(QStringLiteral(", "))));
}

void MainWindow::openProject(const QString &path)
{
    statusBar()->showMessage(tr("Opening %1…").arg(QDir::toNativeSeparators(path)));
    auto *watcher = new QFutureWatcher<Outcome<std::shared_ptr<Project>>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher] {
        const auto outcome = watcher->result();
        watcher->deleteLater();
        if (!outcome.error.isEmpty()) {
            reportError(outcome.error);
            return;
        }
        setProject(std::make_unique<Project>(*outcome.value));
    });
    watcher->setFuture(QtConcurrent::run([path] {
        Outcome<std::shared_ptr<Project>> outcome;
        try {
            outcome.value = std::make_shared<Project>(ProjectFile::load(path));
        } catch (const DataError &e) {
            outcome.error = e.message();
        }
        return outcome;
    }));
}

void MainWindow::setProject(std::unique_ptr<Project> project)
{
    m_project = std::move(project);
    m_reports.clear();
    m_errors.clear();
    setWindowTitle(
        QStringLiteral("%1 — Deepterra")
            .arg(m_project->name.isEmpty() ? QFileInfo(m_project->filePath).fileName() : m_project->name));
    m_layers->setProject(m_project.get());
    statusBar()->showMessage(tr("%n layer(s) in %1", nullptr, int(m_project->layers.size()))
                                 .arg(QDir::toNativeSeparators(m_project->filePath)));
    Q_EMIT projectLoaded();
}

void MainWindow::showLayer(const QString &id)
{
    const ProjectLayer *layer = m_project ? m_project->layer(id) : nullptr;
    if (!layer)
        return;
    if (m_reports.contains(id)) {
        m_properties->showReport(layer->name, m_reports.value(id));
        return;
    }
    if (m_errors.contains(id)) {
        m_properties->showError(layer->name, m_errors.value(id));
        return;
    }
    m_properties->showLoading(layer->name);
    const QString path = m_project->absolutePath(*layer);
    auto *watcher = new QFutureWatcher<Outcome<QJsonObject>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, id] {
        const auto outcome = watcher->result();
        watcher->deleteLater();
        if (outcome.error.isEmpty())
            m_reports.insert(id, outcome.value);
        else
            m_errors.insert(id, outcome.error);
        if (m_layers->currentLayerId() == id)
            showLayer(id);
        Q_EMIT layerInspected(id);
    });
    watcher->setFuture(QtConcurrent::run([path] {
        Outcome<QJsonObject> outcome;
        try {
            outcome.value = FileInspector::inspect(path);
        } catch (const DataError &e) {
            outcome.error = e.message();
        } catch (const std::exception &e) {
            outcome.error = QStringLiteral("%1: %2").arg(path, QString::fromUtf8(e.what()));
        }
        return outcome;
    }));
}

void MainWindow::reportError(const QString &message)
{
    statusBar()->showMessage(message);
    Q_EMIT loadFailed(message);
    if (m_showErrorDialogs && QApplication::platformName() != QLatin1String("offscreen"))
        QMessageBox::warning(this, tr("Deepterra"), message);
}

} // namespace deepterra
