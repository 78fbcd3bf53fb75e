#include "inference/modelinputreader.h"

#include "common/dataerror.h"
#include "common/outputpathcheck.h"
#include "geodata/rasterdataset.h"
#include "inference/runmetadata.h"
#include "jobs/feedback.h"
#include "labels/labelplacement.h"
#include "project/layersource.h"
#include "project/projectfile.h"
#include "training/demchannelcache.h"

#include <QFileInfo>

#include <algorithm>
#include <memory>
#include <optional>

namespace deepterra {

ModelInputReader::ModelInputReader(const RunMetadata &model, const QString &input, const QStringList &outputs,
                                   Feedback *feedback)
    : m_model(model)
{
    const RasterTaskConfig &task = m_model.setup().task.raster;
    const auto opened = std::make_shared<const RasterDataset>(RasterDataset::open(input));
    const RasterDataset &image = *opened;
    m_grid = RasterGrid::of(image.info());
    m_source.imagePath = input;
    // The strips are read one after another (each while the previous one is predicted).
    m_source.image = opened;
    m_source.demChannels = task.demChannels;
    const int bandChannels = int(m_model.inputChannels().size()) - int(task.demChannels.size());
    if (task.bands.empty()) {
        if (image.bandCount() != bandChannels)
            throw DataError(input,
                            QStringLiteral("the model needs %1 bands (%2) but the raster has %3")
                                .arg(bandChannels)
                                .arg(m_model.inputChannels().mid(0, bandChannels).join(QStringLiteral(", ")))
                                .arg(image.bandCount()));
        for (int b = 1; b <= bandChannels; ++b)
            m_source.bands.push_back(b);
    } else {
        const int highest = *std::max_element(task.bands.begin(), task.bands.end());
        if (image.bandCount() < highest)
            throw DataError(input,
                            QStringLiteral("the model reads band %1 but the raster has only %2 bands")
                                .arg(highest)
                                .arg(image.bandCount()));
        m_source.bands = task.bands;
    }
    m_source.bandChannels = m_model.inputChannels().mid(0, int(m_source.bands.size()));
    const RasterGrid &training = m_model.trainingGrid();
    if (feedback && training.crs.isValid() && !training.crs.isSameAs(m_grid.crs))
        feedback->warning(QStringLiteral("%1: the raster's CRS (%2) differs from the training image's (%3)")
                              .arg(input, m_grid.crs.identifier(), training.crs.identifier()));
    if (!task.demChannels.isEmpty()) {
        // The DEM is the project's DEM layer, warped onto the input's grid strip by strip from
        // derivatives computed once for the whole raster.
        const QString projectPath = m_model.projectPath();
        const Project project = ProjectFile::load(projectPath);
        const ProjectLayer *dem = project.layer(task.demLayer);
        if (!dem)
            throw DataError(
                projectPath,
                QStringLiteral("the project has no DEM layer \"%1\" any more").arg(task.demLayer));
        m_source.demPath = LayerSource::raster(project, *dem);
        // Before the derivatives are computed, let alone anything written.
        OutputPathCheck::check({ m_source.demPath, projectPath }, outputs);
        // Strips beyond the DEM's edge are NoData like any other gap in the input, but a DEM that
        // misses the whole raster is a mistake to report before predicting anything.
        m_source.allowWindowsBeyondDem = true;
        const RasterDataset demRaster = RasterDataset::open(m_source.demPath);
        const std::optional<QRectF> demExtent
            = LabelPlacement::extentInGridCrs(demRaster.info().extent(), demRaster.info().crs, m_grid);
        if (demExtent && !LabelPlacement::overlaps(*demExtent, m_grid.extent()))
            throw DataError(m_source.demPath,
                            QStringLiteral("the DEM does not overlap the raster to predict (%1)")
                                .arg(QFileInfo(input).fileName()));
        m_source.demCache = std::make_shared<const DemChannelCache>(
            m_source.demPath, task.demChannels, m_grid, QRect(0, 0, m_grid.width, m_grid.height), feedback);
    }
}

RasterStack ModelInputReader::read(const QRect &window, RasterStack recycled) const
{
    RasterStack stack = RasterStackReader::read(m_source, m_grid, window, nullptr,
                                                RasterStackReader::kMaxBytes, std::move(recycled));
    const Normalizer &normalizer = m_model.normalizer();
    for (int c = 0; c < stack.channelCount(); ++c) {
        float *values = stack.values.data() + stack.offset(c, 0, 0);
        const std::uint8_t *valid = stack.valid.data() + stack.offset(c, 0, 0);
        normalizer.normalize(values, c, stack.planeSize());
        // NoData enters the network as the training mean; its output is masked anyway.
        for (std::size_t i = 0; i < stack.planeSize(); ++i)
            if (!valid[i])
                values[i] = 0.0f;
    }
    return stack;
}

} // namespace deepterra
