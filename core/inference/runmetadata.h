#pragma once

#include "geodata/rastergrid.h"
#include "labels/classtable.h"
#include "models/modelspec.h"
#include "training/normalizer.h"
#include "training/trainingsetup.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace deepterra {

// What a training run's config.json says about its model, as prediction, forecasting and export
// need it: the task settings, the model as trained, the normalisers, the input channels, the
// classes, the patch size and the training grid. A run folder (TrainedModel) and an exported
// model's card (ExportedModel, from its copy of config.json) give the same RunMetadata.
class RunMetadata
{
public:
    // `config`: a run's config.json; `source`: the file it came from, named in the DataError thrown
    // for a configuration that is not a run's or whose settings, model or normaliser are damaged.
    static RunMetadata fromConfig(const QJsonObject &config, const QString &source);

    const QJsonObject &config() const { return m_config; } // config.json as the run wrote it
    const TrainingSetup &setup() const { return m_setup; } // task, model as configured, training
    const ModelSpec &spec() const { return m_spec; } // the model as trained (channels, classes)
    TaskKind task() const { return m_setup.task.kind; }
    const Normalizer &normalizer() const { return m_normalizer; }
    const QStringList &inputChannels() const { return m_inputChannels; }
    const ClassTable &classes() const { return m_classes; }
    int patchSize() const { return m_patchSize; }
    const RasterGrid &trainingGrid() const { return m_grid; } // the training image's grid (CRS, resolution)
    const QStringList &targetColumns() const { return m_targetColumns; }
    const Normalizer &targetNormalizer() const { return m_targetNormalizer; }
    bool relativeTargets() const;
    // The project the run was trained from (where raster prediction finds the DEM layer).
    QString projectPath() const;

private:
    void checkConsistency(const QString &source) const;

    QJsonObject m_config;
    TrainingSetup m_setup;
    ModelSpec m_spec;
    Normalizer m_normalizer;
    QStringList m_inputChannels;
    ClassTable m_classes;
    int m_patchSize = 0;
    RasterGrid m_grid;
    QStringList m_targetColumns;
    Normalizer m_targetNormalizer;
};

} // namespace deepterra
