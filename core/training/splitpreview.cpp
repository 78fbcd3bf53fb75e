#include "training/splitpreview.h"

#include "common/dataerror.h"
#include "jobs/feedback.h"
#include "training/patchdataset.h"
#include "training/rastertrainingdatabuilder.h"
#include "training/splitlayerbuilder.h"
#include "training/trainingsetup.h"

namespace deepterra {

namespace {

QStringList warningsFor(const SplitPreviewResult &result, const SplitConfig &split)
{
    QStringList warnings;
    for (int c = 0; c < result.classNames.size(); ++c) {
        const QString name = result.classNames.at(c);
        const std::int64_t training = result.trainCounts[std::size_t(c)];
        const std::int64_t validation = result.validationCounts[std::size_t(c)];
        if (training == 0 && validation == 0)
            warnings << QStringLiteral("class %1 has no samples in the patches: the model never sees it; "
                                       "label more of it or lower the patch size")
                            .arg(name);
        else if (training == 0)
            warnings << QStringLiteral("class %1 has no training samples: the model cannot learn it; label "
                                       "more areas of it")
                            .arg(name);
        else if (validation == 0 && split.kind == SplitKind::SpatialBlocks && !split.stratified)
            warnings << QStringLiteral(
                            "class %1 has no validation samples: with few polygons, spatial blocks "
                            "can leave a class out — try the class-stratified block split")
                            .arg(name);
        else if (validation == 0)
            warnings << QStringLiteral("class %1 has no validation samples: its areas lie in too few blocks; "
                                       "lower the block size or label more areas of it")
                            .arg(name);
    }
    return warnings;
}

} // namespace

SplitPreviewJob::SplitPreviewJob(SplitPreviewRequest request)
    : m_request(std::move(request))
{ }

QString SplitPreviewJob::name() const
{
    return QStringLiteral("Previewing the training/validation split");
}

void SplitPreviewJob::run(Feedback &feedback)
{
    const Project &project = m_request.project;
    const TrainingSetup setup = TrainingSetup::fromProject(project);
    const TaskConfig &task = setup.task;
    if (task.kind != TaskKind::Segmentation && task.kind != TaskKind::PatchClassification)
        throw DataError(project.filePath,
                        QStringLiteral("the split preview shows how labelled patches divide between training "
                                       "and validation: it applies to segmentation and patch classification, "
                                       "not to a %1 task")
                            .arg(TaskConfig::kindName(task.kind)));

    // The very data the trainer would prepare, with the same seed...
    const TrainingData data = RasterTrainingDataBuilder::build(project, task, setup.training.seed, &feedback);
    const auto &train = static_cast<const PatchDataset &>(*data.train);
    const auto &validation = static_cast<const PatchDataset &>(*data.validation);

    // ...and its patches and split once more, to see those it dropped next to validation.
    feedback.checkpoint();
    const SplitLayout layout = task.split.folds >= 2
        ? SplitLayerBuilder::buildFolds(data, task, setup.training.seed, project.filePath)
        : SplitLayerBuilder::build(data, task, setup.training.seed, project.filePath);

    m_result = SplitPreviewResult();
    for (const ClassEntry &entry : data.classes.entries)
        m_result.classNames << entry.name;
    m_result.trainCounts = data.trainClassCounts;
    m_result.validationCounts
        = RasterTrainingDataBuilder::classCounts(train.source(), validation.sites(), data.classes.size());
    m_result.countUnit
        = task.kind == TaskKind::Segmentation ? QStringLiteral("pixels") : QStringLiteral("patches");
    m_result.warnings = warningsFor(m_result, task.split);
    m_result.folds = task.split.folds >= 2 ? task.split.folds : 0;

    feedback.checkpoint();
    layout.layer.write(m_request.outputPath, data.grid);
    m_result.layerPath = m_request.outputPath;

    if (m_result.folds > 0)
        feedback.info(
            QStringLiteral("%1 cross-validation folds; fold 1 trains on %2 and validates on %3 patches")
                .arg(m_result.folds)
                .arg(train.size())
                .arg(validation.size()));
    else
        feedback.info(
            QStringLiteral("%1 training and %2 validation patches in %3 training and %4 validation areas; "
                           "%5 dropped next to validation")
                .arg(train.size())
                .arg(validation.size())
                .arg(layout.layer.count(QStringLiteral("training")))
                .arg(layout.layer.count(QStringLiteral("validation")))
                .arg(layout.droppedByBuffer));
    for (const QString &warning : std::as_const(m_result.warnings))
        feedback.warning(warning);
    feedback.setProgress(100.0);
}

} // namespace deepterra
