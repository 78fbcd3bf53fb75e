#pragma once

#include "jobs/jobresult.h"

#include <QObject>
#include <QPointF>
#include <QString>

#include <functional>
#include <memory>

class QAction;

namespace deepterra {

class JobRunner;
class MapCanvas;
class ProjectController;
class SaliencyJob;

// Model ▸ Where Does the Model Look?: a map tool. A click on the map explains the current run's
// class at that pixel of its training image (SaliencyJob: integrated gradients over a window
// around it) on a worker thread, and shows the result as a layer over the image, in a ramp from
// ignored (dark) to decisive (bright), with the class, its probability and the channels the model
// relied on in the status bar. Each click replaces the previous explanation.
class SaliencyTool : public QObject
{
    Q_OBJECT

public:
    // `currentRun` gives the run to explain (ResultsWorkbench::currentRun).
    SaliencyTool(MapCanvas *canvas, ProjectController *project, std::function<QString()> currentRun,
                 QObject *parent = nullptr);
    ~SaliencyTool() override;

    QAction *action() const { return m_action; }
    bool isRunning() const;
    // The explanation's layer; empty before the first.
    const QString &layerId() const { return m_layerId; }
    // Explains the pixel under a map point, as a click with the tool does.
    void explainAt(const QPointF &mapPoint);

Q_SIGNALS:
    void message(const QString &text);
    void explained(const QString &layerId);
    void failed(const QString &message);

private:
    void onFinished(const JobResult &result);

    MapCanvas *m_canvas;
    ProjectController *m_project;
    std::function<QString()> m_currentRun;
    QAction *m_action;
    JobRunner *m_runner;
    std::shared_ptr<SaliencyJob> m_job;
    QString m_layerId;
};

} // namespace deepterra
