#include "results/saliencytool.h"

#include "inference/saliencyjob.h"
#include "jobs/jobrunner.h"
#include "map/mapcanvas.h"
#include "workspace/projectcontroller.h"

#include <QAction>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>

#include <algorithm>
#include <numeric>

namespace deepterra {

SaliencyTool::SaliencyTool(MapCanvas *canvas, ProjectController *project, std::function<QString()> currentRun,
                           QObject *parent)
    : QObject(parent)
    , m_canvas(canvas)
    , m_project(project)
    , m_currentRun(std::move(currentRun))
    , m_action(new QAction(tr("&Where Does the Model Look?"), this))
    , m_runner(new JobRunner(this))
{
    m_action->setObjectName(QStringLiteral("saliencyAction"));
    m_action->setCheckable(true);
    m_action->setToolTip(tr("Click a pixel on the map: the run's class there, and the pixels and bands the "
                            "model based it on (integrated gradients)"));
    connect(m_action, &QAction::toggled, this, [this](bool on) {
        if (on)
            m_canvas->setTool(MapCanvas::Tool::Explain);
        else if (m_canvas->tool() == MapCanvas::Tool::Explain)
            m_canvas->setTool(MapCanvas::Tool::Pan);
    });
    connect(m_canvas, &MapCanvas::toolChanged, this,
            [this](MapCanvas::Tool tool) { m_action->setChecked(tool == MapCanvas::Tool::Explain); });
    connect(m_canvas, &MapCanvas::explainRequested, this, &SaliencyTool::explainAt);
    connect(m_runner, &JobRunner::finished, this, &SaliencyTool::onFinished);
}

SaliencyTool::~SaliencyTool()
{
    m_runner->cancelAndWait();
}

bool SaliencyTool::isRunning() const
{
    return m_runner->isRunning();
}

void SaliencyTool::explainAt(const QPointF &mapPoint)
{
    const QString run = m_currentRun();
    if (run.isEmpty()) {
        Q_EMIT failed(tr("Choose a finished class run in the runs panel to explain its predictions."));
        return;
    }
    if (isRunning()) {
        Q_EMIT message(tr("Still explaining the previous pixel…"));
        return;
    }
    SaliencyRequest request;
    request.runFolder = run;
    request.point = mapPoint;
    request.pointCrs = m_canvas->mapCrs();
    // A file per click: the layer switches to it, and the map never reads one being replaced.
    const QString folder = m_project->filePath().isEmpty()
        ? QDir(run).filePath(QStringLiteral("saliency"))
        : QFileInfo(m_project->filePath()).absoluteDir().filePath(QStringLiteral("predictions"));
    QDir().mkpath(folder);
    request.output = QDir(folder).filePath(QStringLiteral("%1-saliency-%2_%3.tif")
                                               .arg(QFileInfo(run).fileName())
                                               .arg(mapPoint.x(), 0, 'f', 0)
                                               .arg(mapPoint.y(), 0, 'f', 0));
    m_job = std::make_shared<SaliencyJob>(request);
    if (m_runner->startShared(m_job))
        Q_EMIT message(tr("Explaining the run's class at %1, %2…")
                           .arg(mapPoint.x(), 0, 'f', 1)
                           .arg(mapPoint.y(), 0, 'f', 1));
}

void SaliencyTool::onFinished(const JobResult &result)
{
    const std::shared_ptr<SaliencyJob> job = std::move(m_job);
    if (!job || result.status == JobResult::Status::Canceled)
        return;
    if (result.status == JobResult::Status::Failed) {
        Q_EMIT failed(tr("No explanation: %1").arg(result.error));
        return;
    }
    const SaliencyJob::Result &r = job->result();
    const QString path = job->request().output;
    const Project *project = m_project->project();
    const ProjectLayer *existing = project && !m_layerId.isEmpty() ? project->layer(m_layerId) : nullptr;
    const QString previous = existing ? project->absolutePath(*existing) : QString();
    if (existing) {
        m_project->setLayerPath(m_layerId, path);
    } else {
        ProjectLayer layer;
        layer.id = QStringLiteral("saliency");
        layer.name = tr("%1 · where the model looks").arg(QFileInfo(job->request().runFolder).fileName());
        layer.kind = LayerKind::Prediction;
        layer.path = path;
        // The attributions have a sharp peak at the pixel and a long tail around it: a percentile
        // stretch shows the tail (min-max shows only the peak), and the image shows through.
        layer.opacity = 0.7;
        layer.style = { { QStringLiteral("renderer"), QStringLiteral("singleband") },
                        { QStringLiteral("band"), 1 },
                        { QStringLiteral("ramp"), QStringLiteral("magma") },
                        { QStringLiteral("stretch"), QStringLiteral("percentile") },
                        { QStringLiteral("low"), 2 },
                        { QStringLiteral("high"), 98 } };
        m_layerId = m_project->addLayer(layer);
    }
    if (!previous.isEmpty() && previous != path)
        QFile::remove(previous);

    // The channels the model relied on most, strongest first.
    std::vector<int> order(r.channelShares.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](int a, int b) { return r.channelShares[a] > r.channelShares[b]; });
    QStringList strongest;
    for (int i = 0; i < std::min<int>(3, int(order.size())); ++i)
        strongest
            << tr("%1 %2 %").arg(r.channels.value(order[i])).arg(qRound(100.0 * r.channelShares[order[i]]));
    Q_EMIT message(tr("Pixel %1, %2: %3 (p %4); the model looked mostly at %5")
                       .arg(r.pixel.x())
                       .arg(r.pixel.y())
                       .arg(r.className)
                       .arg(r.probability, 0, 'f', 2)
                       .arg(strongest.join(QStringLiteral(", "))));
    Q_EMIT explained(m_layerId);
}

} // namespace deepterra
