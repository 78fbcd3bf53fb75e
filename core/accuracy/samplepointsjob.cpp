#include "accuracy/samplepointsjob.h"

#include "accuracy/mappedclassareas.h"
#include "accuracy/referencepointsfile.h"
#include "accuracy/stratifiedpointsampler.h"
#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "jobs/feedback.h"
#include "metrics/samplingplan.h"

#include <QCoreApplication>

#include <numeric>
#include <stdexcept>

namespace deepterra {

SamplePointsJob::SamplePointsJob(SamplePointsRequest request)
    : m_request(std::move(request))
{ }

QString SamplePointsJob::name() const
{
    return QCoreApplication::translate("SamplePointsJob", "Drawing reference points");
}

void SamplePointsJob::run(Feedback &feedback)
{
    feedback.info(QStringLiteral("Measuring the classes of %1").arg(m_request.map));
    const MappedClassAreas areas = MappedClassAreas::measure(m_request.map, &feedback);
    std::vector<const MappedClass *> mapped;
    for (const MappedClass &c : areas.classes())
        if (c.pixels > 0)
            mapped.push_back(&c);
    if (mapped.empty())
        throw DataError(m_request.map, QStringLiteral("every pixel of the map is NoData"));

    const std::vector<double> &given = m_request.expectedUsersAccuracy;
    if (given.size() != 1 && given.size() != mapped.size())
        throw DataError(m_request.map,
                        QStringLiteral("%1 expected accuracies given, but the map has %2 mapped "
                                       "classes: give one for all or one per class")
                            .arg(given.size())
                            .arg(mapped.size()));
    std::vector<double> weights;
    std::vector<double> expected;
    std::vector<qint64> available;
    for (std::size_t i = 0; i < areas.classes().size(); ++i) {
        const MappedClass &c = areas.classes()[i];
        // Weights are areas where the map has them: a degree grid's rows differ in area.
        weights.push_back(areas.hasArea() ? c.hectares / areas.totalHectares()
                                          : double(c.pixels) / double(areas.totalPixels()));
        available.push_back(c.pixels);
    }
    std::size_t k = 0;
    for (const MappedClass &c : areas.classes())
        expected.push_back(c.pixels > 0 ? given[given.size() == 1 ? 0 : k++] : 1.0);
    try {
        m_plannedSize = SamplingPlan::sampleSize(weights, expected, m_request.targetStandardError);
    } catch (const std::invalid_argument &e) {
        throw DataError(m_request.map, QString::fromUtf8(e.what()));
    }
    const std::vector<qint64> perClass
        = SamplingPlan::allocate(m_plannedSize, weights, m_request.minimumPerClass, available);

    m_plan.clear();
    for (std::size_t i = 0; i < areas.classes().size(); ++i) {
        const MappedClass &c = areas.classes()[i];
        m_plan.push_back(SampledClass { c.entry.value, c.entry.name, c.pixels, weights[i], perClass[i] });
    }
    feedback.info(QStringLiteral("Drawing %1 points")
                      .arg(std::accumulate(perClass.begin(), perClass.end(), qint64(0))));
    const std::vector<ReferencePoint> points
        = StratifiedPointSampler::draw(areas, perClass, m_request.seed, &feedback);
    std::vector<ClassEntry> entries;
    for (const MappedClass &c : areas.classes())
        entries.push_back(c.entry);
    ReferencePointsFile::write(m_request.output, points, entries,
                               RasterDataset::open(m_request.map).info().crs);
}

} // namespace deepterra
