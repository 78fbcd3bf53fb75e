#include "labels/classrasterlabelsource.h"

#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "labels/labelplacement.h"
#include "labels/rasterwarper.h"

#include <cmath>
#include <optional>
#include <set>

namespace deepterra {

namespace {

QString listValues(const std::set<int> &values)
{
    QStringList texts;
    for (int value : values)
        texts.append(QString::number(value));
    return texts.join(QStringLiteral(", "));
}

} // namespace

LabelGrid ClassRasterLabelSource::load(const QString &path, const RasterGrid &target, int band,
                                       Feedback *feedback, LabelOverlap overlap, const ClassTable *classes)
{
    const bool required = overlap == LabelOverlap::Required;
    std::optional<QRectF> footprint;
    {
        // Cheap checks first: a class table scan and a warp are wasted on labels that lie elsewhere.
        const RasterDataset dataset = RasterDataset::open(path);
        const RasterInfo &info = dataset.info();
        LabelPlacement::requireComparableCrs(path, info.crs, target, QStringLiteral("class raster"),
                                             QStringLiteral("gdal_edit.py -a_srs"));
        footprint = LabelPlacement::extentInGridCrs(info.extent(), info.crs, target);
        // An extent that cannot be transformed as a whole may still overlap in part: the warp decides.
        if (footprint && required)
            LabelPlacement::requireOverlap(path, footprint, target);
    }

    LabelGrid labels;
    labels.grid = target;
    labels.classes = classes ? *classes : ClassTable::fromRasterBand(path, band);
    if (!required && footprint && !LabelPlacement::overlaps(*footprint, target.extent())) {
        labels.indices.assign(std::size_t(target.width) * std::size_t(target.height), LabelGrid::kIgnore);
        return labels;
    }
    const RasterBuffer warped
        = RasterWarper::warpToGrid(path, target, { band }, Resampling::Nearest, feedback);

    labels.indices.assign(warped.pixelCount(), LabelGrid::kIgnore);
    std::set<int> valuesWithoutClass;
    bool haveLast = false;
    float lastValue = 0.0f;
    std::int32_t lastIndex = LabelGrid::kIgnore;
    for (std::size_t i = 0; i < warped.pixelCount(); ++i) {
        if (!warped.valid[i])
            continue;
        const float value = warped.values[i];
        if (!haveLast || value != lastValue) {
            lastValue = value;
            haveLast = true;
            // A fractional value (a float raster whose attribute table names classes) has no class.
            lastIndex
                = value == std::floor(value) ? labels.classes.indexOfValue(int(value)) : LabelGrid::kIgnore;
            if (lastIndex < 0 && valuesWithoutClass.size() < 10)
                valuesWithoutClass.insert(int(std::floor(value)));
        }
        labels.indices[i] = lastIndex;
    }

    if (required && labels.labelledCount() == 0) {
        if (warped.validCount(0) == 0) {
            if (!footprint)
                LabelPlacement::requireOverlap(path, footprint, target);
            throw DataError(path, QStringLiteral("the labels overlap the image only where they hold NoData"));
        }
        throw DataError(path,
                        QStringLiteral("none of the values where the labels overlap the image has a class "
                                       "(found: %1)")
                            .arg(listValues(valuesWithoutClass)));
    }
    return labels;
}

} // namespace deepterra
