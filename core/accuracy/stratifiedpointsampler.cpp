#include "accuracy/stratifiedpointsampler.h"

#include "accuracy/mappedclassareas.h"
#include "common/dataerror.h"
#include "geodata/rasterstrips.h"

#include <QPointF>

#include <algorithm>
#include <random>
#include <unordered_map>

namespace deepterra {

namespace {

// A uniform double in [0, 1) from the generator's top 53 bits: std::uniform_real_distribution
// differs between standard libraries, and a sample must be reproducible anywhere.
double uniform(std::mt19937_64 &generator)
{
    return double(generator() >> 11) * (1.0 / 9007199254740992.0);
}

} // namespace

std::vector<ReferencePoint> StratifiedPointSampler::draw(const MappedClassAreas &areas,
                                                         const std::vector<qint64> &perClass,
                                                         std::uint64_t seed, Feedback *feedback)
{
    const std::vector<MappedClass> &classes = areas.classes();
    if (perClass.size() != classes.size())
        throw DataError(areas.path(),
                        QStringLiteral("a sampling plan for %1 classes, but the map has %2")
                            .arg(perClass.size())
                            .arg(classes.size()));
    std::vector<qint64> wanted(perClass);
    std::vector<qint64> left(classes.size());
    std::unordered_map<int, std::size_t> slotOfValue;
    for (std::size_t i = 0; i < classes.size(); ++i) {
        wanted[i] = std::clamp<qint64>(wanted[i], 0, classes[i].pixels);
        left[i] = classes[i].pixels;
        slotOfValue.emplace(classes[i].entry.value, i);
    }

    const RasterDataset dataset = RasterDataset::open(areas.path());
    const GeoTransform &transform = dataset.info().geoTransform;
    std::mt19937_64 generator(seed);
    std::vector<ReferencePoint> points;
    RasterStrips::forEach(dataset, 1, feedback, [&](const RasterBuffer &buffer, int y) {
        for (int row = 0; row < buffer.height; ++row)
            for (int x = 0; x < buffer.width; ++x) {
                if (!buffer.isValid(0, x, row))
                    continue;
                const auto slot = slotOfValue.find(int(buffer.value(0, x, row)));
                if (slot == slotOfValue.end())
                    throw DataError(areas.path(), QStringLiteral("the map changed while it was sampled"));
                const std::size_t c = slot->second;
                if (wanted[c] == 0)
                    continue;
                // Algorithm S: take this pixel with probability (still wanted) / (still unseen).
                if (uniform(generator) * double(left[c]) < double(wanted[c])) {
                    ReferencePoint point;
                    point.id = int(points.size()) + 1;
                    point.column = x;
                    point.row = y + row;
                    const QPointF centre = transform.pixelToMap(QPointF(x + 0.5, y + row + 0.5));
                    point.x = centre.x();
                    point.y = centre.y();
                    point.mapValue = classes[c].entry.value;
                    points.push_back(point);
                    --wanted[c];
                }
                --left[c];
            }
    });
    return points;
}

} // namespace deepterra
