#include "workspace/mainwindow.h"

#include "geodata/gdalenvironment.h"
#include "map/mapcanvas.h"
#include "render/maplayerdata.h"
#include "results/resultsworkbench.h"
#include "runtime/onednncheck.h"
#include "runtime/torchruntime.h"
#include "series/seriesview.h"
#include "training/trainingcontroller.h"
#include "training/trainingworkbench.h"
#include "workspace/datafileimporter.h"
#include "workspace/demoproject.h"
#include "workspace/layerinspector.h"
#include "workspace/layerspanel.h"
#include "workspace/layerstyledialog.h"
#include "workspace/mainwindowactions.h"
#include "workspace/mapstatuswidget.h"
#include "workspace/mapworkspace.h"
#include "workspace/projectcontroller.h"
#include "workspace/propertiesview.h"
#include "workspace/recentfiles.h"
#include "workspace/seriescontroller.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QMessageBox>
#include <QMimeData>
#include <QSettings>
#include <QStatusBar>

namespace deepterra {

namespace {

bool isProjectFile(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == QLatin1String("deepterra") || suffix == QLatin1String("json");
}

bool isOffscreen()
{
    return QApplication::platformName() == QLatin1String("offscreen");
}

const QString kDataFilter
    = QObject::tr("Geodata (*.tif *.tiff *.vrt *.img *.jp2 *.png *.jpg *.asc *.nc *.nc4 "
                  "*.gpkg *.shp *.geojson *.json *.kml *.csv *.tsv *.txt);;All files (*)");

} // namespace

MainWindow::MainWindow(QWidget *parent)
    : QMainWindow(parent)
    , m_controller(new ProjectController(this))
    , m_canvas(new MapCanvas)
    , m_layers(new LayersPanel)
    , m_properties(new PropertiesView)
    , m_series(new SeriesView)
    , m_status(new MapStatusWidget)
    , m_recent(new RecentFiles(this))
    , m_inspector(new LayerInspector(m_properties, this))
    , m_importer(new DataFileImporter(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("Deepterra"));
    setAcceptDrops(true);
    resize(1400, 880);
    setCentralWidget(m_canvas);
    statusBar()->addPermanentWidget(m_status, 1);
    // Before the workspace selects the new project's first layer: the inspector starts afresh.
    connect(m_controller, &ProjectController::projectChanged, m_inspector, &LayerInspector::clear);
    m_workspace = new MapWorkspace(m_controller, m_layers, m_canvas, m_status, this);
    m_seriesController = new SeriesController(m_series, m_canvas, m_workspace, m_controller, this);

    m_training = new TrainingWorkbench(this, m_controller, m_workspace, m_canvas);
    m_training->setEnsureSaved([this] { return save(); });
    createDocks();
    auto *actions = new MainWindowActions(this, m_canvas, m_workspace, m_layers, m_controller, m_recent);
    actions->install();
    m_training->installActions();
    m_results = new ResultsWorkbench(this, m_controller, m_workspace, m_training, m_canvas);
    m_results->installActions();
    const auto showMessage = [this](const QString &text) { statusBar()->showMessage(text, 10000); };
    connect(m_training, &TrainingWorkbench::message, this, showMessage);
    connect(m_results, &ResultsWorkbench::message, this, showMessage);
    connect(actions, &MainWindowActions::newProjectRequested, this, [this] {
        if (m_training->controller()->confirmStop(tr("Creating a new project")) && maybeSave())
            newProject();
    });
    connect(actions, &MainWindowActions::openProjectRequested, this, [this] {
        if (m_training->controller()->confirmStop(tr("Opening another project")) && maybeSave())
            chooseProject();
    });
    connect(actions, &MainWindowActions::openDemoRequested, this, [this] {
        if (m_training->controller()->confirmStop(tr("Opening the demo project")) && maybeSave())
            openDemoProject();
    });
    connect(actions, &MainWindowActions::addDataRequested, this, &MainWindow::chooseDataFiles);
    connect(actions, &MainWindowActions::saveRequested, this, [this] { save(); });
    connect(actions, &MainWindowActions::saveAsRequested, this, [this] { chooseSavePath(); });
    connect(actions, &MainWindowActions::styleRequested, this, &MainWindow::editStyle);
    connect(actions, &MainWindowActions::aboutRequested, this, &MainWindow::showAbout);

    connect(m_controller, &ProjectController::projectChanged, this, [this] {
        updateTitle();
        if (!m_controller->filePath().isEmpty())
            m_recent->add(m_controller->filePath());
        if (const Project *p = m_controller->project(); p && !p->filePath.isEmpty())
            statusBar()->showMessage(tr("%n layer(s) in %1", nullptr, int(p->layers.size()))
                                         .arg(QDir::toNativeSeparators(p->filePath)),
                                     8000);
        Q_EMIT projectLoaded();
    });
    connect(m_controller, &ProjectController::openFailed, this, &MainWindow::reportError);
    connect(m_inspector, &LayerInspector::inspected, this, &MainWindow::layerInspected);
    connect(m_importer, &DataFileImporter::failed, this, &MainWindow::reportError);
    connect(m_importer, &DataFileImporter::detected, this,
            [this](const QString &path, const ProjectLayer &layer) {
                m_recent->add(path);
                const QString id = m_controller->addLayer(layer);
                m_layers->selectLayer(id);
                Q_EMIT layerAdded(id);
            });
    connect(m_controller, &ProjectController::saveFailed, this, &MainWindow::reportError);
    connect(m_controller, &ProjectController::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_controller, &ProjectController::saved, this, [this](const QString &path) {
        m_recent->add(path);
        updateTitle();
        statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
        Q_EMIT projectSaved(path);
    });
    connect(m_layers, &LayersPanel::currentLayerChanged, this, &MainWindow::showLayer);
    connect(m_layers, &LayersPanel::styleRequested, this, &MainWindow::editStyle);
    connect(m_layers, &LayersPanel::addDataRequested, this, &MainWindow::chooseDataFiles);
    // A layer read again, or whose file went away, may have another file under its path now.
    const auto reinspect = [this](const QString &id, bool readable) {
        const Project *project = m_controller->project();
        if (const ProjectLayer *layer = project ? project->layer(id) : nullptr)
            m_inspector->forget(project->absolutePath(*layer), readable);
        if (m_layers->currentLayerId() == id)
            showLayer(id);
    };
    connect(m_workspace, &MapWorkspace::layerFailed, this,
            [this, reinspect](const QString &id, const QString &message) {
                statusBar()->showMessage(message, 10000);
                reinspect(id, false);
                Q_EMIT loadFailed(message);
            });
    connect(m_workspace, &MapWorkspace::layerReady, this,
            [reinspect](const QString &id) { reinspect(id, true); });
    connect(m_workspace, &MapWorkspace::allLayersLoaded, this, &MainWindow::layersLoaded);
    connect(m_workspace, &MapWorkspace::overviewsFailed, this,
            [this](const QString &, const QString &message) { statusBar()->showMessage(message, 15000); });
    connect(m_seriesController, &SeriesController::extractionFailed, this, &MainWindow::reportError);
    connect(m_recent, &RecentFiles::fileChosen, this, [this](const QString &path) {
        if (!isProjectFile(path) || maybeSave())
            openFiles({ path });
    });
    restoreSettings();
    statusBar()->showMessage(tr("Open a project with File > Open Project, drop data files on the window, "
                                "or try File > Open Demo Project."));
}

MainWindow::~MainWindow() = default;

QString MainWindow::demoProjectPath()
{
    return DemoProject::shippedPath();
}

void MainWindow::openDemoProject()
{
    QString error;
    const QString path = DemoProject::openablePath(&error);
    if (path.isEmpty())
        reportError(error);
    else
        openProject(path);
}

const Project *MainWindow::project() const
{
    return m_controller->project();
}

bool MainWindow::isModified() const
{
    return m_controller->isModified();
}

void MainWindow::createDocks()
{
    auto dock = [this](const QString &title, const QString &name, QWidget *widget, Qt::DockWidgetArea area) {
        auto *d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(widget);
        addDockWidget(area, d);
        return d;
    };
    QDockWidget *layers = dock(tr("Layers"), QStringLiteral("layersDock"), m_layers, Qt::LeftDockWidgetArea);
    QDockWidget *properties
        = dock(tr("Properties"), QStringLiteral("propertiesDock"), m_properties, Qt::LeftDockWidgetArea);
    QDockWidget *series
        = dock(tr("Series"), QStringLiteral("seriesDock"), m_series, Qt::BottomDockWidgetArea);
    resizeDocks({ layers, properties }, { 330, 330 }, Qt::Horizontal);
    resizeDocks({ layers, properties }, { 480, 260 }, Qt::Vertical);
    resizeDocks({ series }, { 260 }, Qt::Vertical);
    m_training->createDocks();
    // The map gets the room until there is a series to plot: selecting a series or a cube opens it.
    series->hide();
}

void MainWindow::restoreSettings()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    m_lastDirectory = settings.value(QStringLiteral("lastDirectory"), QDir::homePath()).toString();
}

void MainWindow::saveSettings() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    settings.setValue(QStringLiteral("lastDirectory"), m_lastDirectory);
}

void MainWindow::chooseProject()
{
    const QString path
        = QFileDialog::getOpenFileName(this, tr("Open Project"), m_lastDirectory,
                                       tr("Deepterra projects (*.deepterra *.json);;All files (*)"));
    if (path.isEmpty())
        return;
    m_lastDirectory = QFileInfo(path).absolutePath();
    openProject(path);
}

void MainWindow::chooseDataFiles()
{
    const QStringList paths
        = QFileDialog::getOpenFileNames(this, tr("Add Data"), m_lastDirectory, kDataFilter);
    if (paths.isEmpty())
        return;
    m_lastDirectory = QFileInfo(paths.constFirst()).absolutePath();
    addDataFiles(paths);
}

bool MainWindow::chooseSavePath()
{
    QString path = m_savePathPrompt
        ? m_savePathPrompt()
        : QFileDialog::getSaveFileName(this, tr("Save Project As"), m_lastDirectory,
                                       tr("Deepterra projects (*.deepterra)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".deepterra");
    m_lastDirectory = QFileInfo(path).absolutePath();
    return saveAs(path);
}

void MainWindow::showAbout()
{
    // The check ran in the background at start-up (app/main.cpp).
    const QString convolutions = OneDnnCheck::finding();
    QMessageBox::about(this, tr("About Deepterra"),
                       tr("<h3>Deepterra %1</h3><p>Deep learning on geodata without writing code.</p>"
                          "<p>Qt %2 · LibTorch %3 · GDAL %4</p><p>Compute devices: %5</p>")
                               .arg(QCoreApplication::applicationVersion(), QString::fromLatin1(qVersion()),
                                    TorchRuntime::libtorchVersion(), GdalEnvironment::gdalVersion(),
                                    TorchRuntime::availableDevices().join(QStringLiteral(", ")))
                           + (convolutions.isEmpty()
                                  ? QString()
                                  : QStringLiteral("<p>%1.</p>").arg(convolutions.toHtmlEscaped())));
}

void MainWindow::openProject(const QString &path)
{
    statusBar()->showMessage(tr("Opening %1…").arg(QDir::toNativeSeparators(path)));
    m_controller->open(path);
}

void MainWindow::newProject()
{
    m_controller->newProject();
}

void MainWindow::openFiles(const QStringList &paths)
{
    QStringList data;
    for (const QString &path : paths) {
        if (isProjectFile(path) && QFileInfo(path).suffix().toLower() == QLatin1String("deepterra"))
            openProject(path);
        else
            data << path;
    }
    if (!data.isEmpty())
        addDataFiles(data);
}

void MainWindow::addDataFiles(const QStringList &paths)
{
    if (!paths.isEmpty())
        statusBar()->showMessage(tr("Reading %1…").arg(QDir::toNativeSeparators(paths.constFirst())));
    m_importer->import(paths);
}

bool MainWindow::save()
{
    if (m_controller->filePath().isEmpty())
        return chooseSavePath();
    return m_controller->save(m_controller->filePath());
}

bool MainWindow::saveAs(const QString &path)
{
    return m_controller->save(path);
}

bool MainWindow::maybeSave()
{
    if (!m_controller->isModified())
        return true;
    switch (askToSave()) {
    case SaveChoice::Save:
        return save();
    case SaveChoice::Discard:
        return true;
    case SaveChoice::Cancel:
        break;
    }
    return false;
}

MainWindow::SaveChoice MainWindow::askToSave()
{
    if (m_savePrompt)
        return m_savePrompt();
    if (isOffscreen())
        return SaveChoice::Discard; // nobody to ask
    const auto answer = QMessageBox::question(
        this, tr("Unsaved changes"),
        tr("The project “%1” has unsaved changes. Save them first?").arg(m_controller->displayName()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    return answer == QMessageBox::Save   ? SaveChoice::Save
        : answer == QMessageBox::Discard ? SaveChoice::Discard
                                         : SaveChoice::Cancel;
}

void MainWindow::updateTitle()
{
    const QString name = m_controller->displayName();
    setWindowTitle(name.isEmpty() ? QStringLiteral("Deepterra")
                                  : QStringLiteral("%1[*] — Deepterra").arg(name));
    setWindowModified(m_controller->isModified());
}

void MainWindow::editStyle(const QString &id)
{
    const Project *p = m_controller->project();
    const ProjectLayer *layer = p ? p->layer(id) : nullptr;
    const auto data = m_workspace->data(id);
    if (!layer || !data || !data->isMapLayer())
        return;
    auto *dialog = new LayerStyleDialog(*layer, data, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setStyle(m_workspace->styleOf(*layer));
    connect(dialog, &LayerStyleDialog::applied, this,
            [this, id](const QJsonObject &style) { m_controller->setStyle(id, style); });
    dialog->show();
}

void MainWindow::showLayer(const QString &id)
{
    const Project *p = m_controller->project();
    const ProjectLayer *layer = p ? p->layer(id) : nullptr;
    if (!layer) {
        m_properties->showLoading(QString());
        return;
    }
    m_seriesController->showLayer(id);
    if (layer->kind == LayerKind::Series || layer->kind == LayerKind::Cube)
        findChild<QDockWidget *>(QStringLiteral("seriesDock"))->show();
    const auto data = m_workspace->data(id);
    m_inspector->show(id, layer->name, p->absolutePath(*layer),
                      data && !data->mapProblem.isEmpty()
                          ? tr("Not drawn on the map: %1").arg(data->mapProblem)
                          : QString());
}

void MainWindow::reportError(const QString &message)
{
    statusBar()->showMessage(message, 15000);
    Q_EMIT loadFailed(message);
    if (!isOffscreen())
        QMessageBox::warning(this, tr("Deepterra"), message);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    if (!m_training->controller()->confirmStop(tr("Closing the window")) || !maybeSave()) {
        event->ignore();
        return;
    }
    saveSettings();
    event->accept();
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    if (std::any_of(urls.begin(), urls.end(), [](const QUrl &url) { return url.isLocalFile(); }))
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    QStringList paths;
    for (const QUrl &url : event->mimeData()->urls())
        if (url.isLocalFile())
            paths << url.toLocalFile();
    if (paths.isEmpty())
        return;
    event->acceptProposedAction();
    const bool project = std::any_of(paths.begin(), paths.end(), [](const QString &path) {
        return QFileInfo(path).suffix().toLower() == QLatin1String("deepterra");
    });
    if (project && !maybeSave())
        return;
    openFiles(paths);
}

} // namespace deepterra
