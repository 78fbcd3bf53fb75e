#include "workspace/projectcontroller.h"

#include "common/dataerror.h"
#include "jobs/jobpool.h"
#include "project/projectfile.h"

#include <QFileInfo>

namespace deepterra {

ProjectController::ProjectController(QObject *parent)
    : QObject(parent)
    , m_jobs(new JobPool(WorkerThreadPriority::kInteractiveNice, this))
{ }

ProjectController::~ProjectController() = default;

QString ProjectController::displayName() const
{
    if (!m_project)
        return {};
    if (!m_project->name.isEmpty())
        return m_project->name;
    if (!m_project->filePath.isEmpty())
        return QFileInfo(m_project->filePath).completeBaseName();
    return tr("Untitled project");
}

void ProjectController::newProject()
{
    auto project = std::make_unique<Project>();
    setProject(std::move(project));
}

void ProjectController::open(const QString &path)
{
    ++m_opening;
    m_jobs->call<Project>(
        tr("Opening %1").arg(path), [path](Feedback &) { return ProjectFile::load(path); },
        [this](std::optional<Project> project, const JobResult &result) {
            --m_opening;
            if (!project) {
                Q_EMIT openFailed(result.error);
                return;
            }
            setProject(std::make_unique<Project>(std::move(*project)));
        });
}

bool ProjectController::save(const QString &path)
{
    if (!m_project)
        newProject();
    try {
        ProjectFile::save(*m_project, path);
    } catch (const DataError &e) {
        Q_EMIT saveFailed(e.message());
        return false;
    }
    setModified(false);
    Q_EMIT saved(m_project->filePath);
    return true;
}

QString ProjectController::addLayer(ProjectLayer layer)
{
    if (!m_project)
        newProject();
    layer.id = m_project->uniqueLayerId(layer.id.isEmpty() ? layer.name : layer.id);
    if (layer.name.isEmpty())
        layer.name = QFileInfo(layer.path).completeBaseName();
    const QString id = layer.id;
    m_project->layers.insert(m_project->layers.begin(), std::move(layer));
    setModified(true);
    Q_EMIT layersChanged();
    return id;
}

void ProjectController::removeLayer(const QString &id)
{
    if (!m_project)
        return;
    auto &layers = m_project->layers;
    const auto it
        = std::find_if(layers.begin(), layers.end(), [&](const ProjectLayer &l) { return l.id == id; });
    if (it == layers.end())
        return;
    layers.erase(it);
    setModified(true);
    Q_EMIT layersChanged();
}

void ProjectController::moveLayer(const QString &id, int delta)
{
    if (!m_project)
        return;
    auto &layers = m_project->layers;
    const auto it
        = std::find_if(layers.begin(), layers.end(), [&](const ProjectLayer &l) { return l.id == id; });
    if (it == layers.end())
        return;
    const int from = int(it - layers.begin());
    const int to = std::clamp(from + delta, 0, int(layers.size()) - 1);
    if (to == from)
        return;
    ProjectLayer moved = std::move(layers[std::size_t(from)]);
    layers.erase(layers.begin() + from);
    layers.insert(layers.begin() + to, std::move(moved));
    setModified(true);
    Q_EMIT layersChanged();
}

void ProjectController::setVisible(const QString &id, bool visible)
{
    ProjectLayer *layer = editable(id);
    if (!layer || layer->visible == visible)
        return;
    layer->visible = visible;
    setModified(true);
    Q_EMIT layerChanged(id);
}

void ProjectController::setOpacity(const QString &id, double opacity)
{
    ProjectLayer *layer = editable(id);
    opacity = std::clamp(opacity, 0.0, 1.0);
    if (!layer || qFuzzyCompare(layer->opacity, opacity))
        return;
    layer->opacity = opacity;
    setModified(true);
    Q_EMIT layerChanged(id);
}

void ProjectController::setStyle(const QString &id, const QJsonObject &style)
{
    ProjectLayer *layer = editable(id);
    if (!layer || layer->style == style)
        return;
    layer->style = style;
    setModified(true);
    Q_EMIT layerChanged(id);
}

void ProjectController::setLayerPath(const QString &id, const QString &path)
{
    ProjectLayer *layer = editable(id);
    if (!layer || layer->path == path)
        return;
    layer->path = path;
    setModified(true);
    Q_EMIT layersChanged();
}

void ProjectController::setLayerProperty(const QString &id, const QString &key, const QJsonValue &value)
{
    ProjectLayer *layer = editable(id);
    if (!layer || layer->properties.value(key) == value)
        return;
    layer->properties.insert(key, value);
    setModified(true);
    Q_EMIT layersChanged();
}

void ProjectController::setSections(const QJsonObject &sections)
{
    if (!m_project)
        return;
    QJsonObject merged = m_project->sections;
    for (auto it = sections.begin(); it != sections.end(); ++it)
        merged.insert(it.key(), it.value());
    if (merged == m_project->sections)
        return;
    m_project->sections = merged;
    setModified(true);
    Q_EMIT sectionsChanged();
}

void ProjectController::setProject(std::unique_ptr<Project> project)
{
    m_project = std::move(project);
    m_modified = false;
    Q_EMIT projectChanged();
    Q_EMIT modifiedChanged(false);
}

void ProjectController::setModified(bool modified)
{
    if (m_modified == modified)
        return;
    m_modified = modified;
    Q_EMIT modifiedChanged(modified);
}

ProjectLayer *ProjectController::editable(const QString &id)
{
    return m_project ? m_project->layer(id) : nullptr;
}

} // namespace deepterra
