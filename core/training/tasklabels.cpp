#include "training/tasklabels.h"

#include "common/dataerror.h"
#include "jobs/feedback.h"
#include "labels/classrasterlabelsource.h"
#include "labels/vectorlabelsource.h"
#include "project/project.h"
#include "training/rasterstackreader.h"

#include <algorithm>
#include <limits>

namespace deepterra {

namespace {

// Bytes a strip of labels costs per pixel while it is placed: the source's warped values and
// validity, and the indices.
constexpr std::uint64_t kPlacingBytesPerPixel = sizeof(float) + 1 + sizeof(std::int32_t);

// Grows `bounds` by the labelled pixels of `labels`, whose first row is image row `top`.
std::int64_t addLabelled(const LabelGrid &labels, int top, QRect &bounds)
{
    int left = std::numeric_limits<int>::max(), right = -1, first = -1, last = -1;
    std::int64_t count = 0;
    for (int y = 0; y < labels.grid.height; ++y)
        for (int x = 0; x < labels.grid.width; ++x)
            if (labels.at(x, y) >= 0) {
                ++count;
                left = std::min(left, x);
                right = std::max(right, x);
                if (first < 0)
                    first = y;
                last = y;
            }
    if (count > 0) {
        const QRect found(QPoint(left, top + first), QPoint(right, top + last));
        bounds = bounds.isNull() ? found : bounds.united(found);
    }
    return count;
}

} // namespace

TaskLabels TaskLabels::place(const Project &project, const ProjectLayer &layer, const RasterGrid &grid,
                             std::uint64_t memoryLimit, Feedback *feedback)
{
    TaskLabels labels;
    labels.m_layer = layer;
    labels.m_path = project.absolutePath(layer);
    labels.m_imageGrid = grid;
    if (layer.kind == LayerKind::VectorLabels
        && layer.properties.value(QStringLiteral("classField")).toString().isEmpty())
        throw DataError(project.filePath,
                        QStringLiteral("the labels layer \"%1\" has no \"classField\": say which "
                                       "attribute holds the classes")
                            .arg(layer.id));

    const std::uint64_t pixels = std::uint64_t(grid.width) * std::uint64_t(grid.height);
    if (pixels * kPlacingBytesPerPixel <= memoryLimit) {
        labels.m_grid = labels.placeOn(grid, LabelOverlap::Required, feedback);
        labels.m_classes = labels.m_grid.classes;
        labels.m_labelledCount = addLabelled(labels.m_grid, 0, labels.m_labelled);
        labels.check();
        return labels;
    }

    const std::uint64_t rowBytes = kPlacingBytesPerPixel * std::uint64_t(grid.width);
    const int stripRows = int(std::min<std::uint64_t>(std::max<std::uint64_t>(memoryLimit / 2 / rowBytes, 1),
                                                      std::uint64_t(grid.height)));
    for (int top = 0; top < grid.height; top += stripRows) {
        if (feedback) {
            feedback->checkpoint();
            feedback->setProgress(100.0 * double(top) / double(grid.height));
        }
        const QRect strip(0, top, grid.width, std::min(stripRows, grid.height - top));
        const LabelGrid part
            = labels.placeOn(RasterStackReader::windowGrid(grid, strip), LabelOverlap::Optional, nullptr,
                             top == 0 ? nullptr : &labels.m_classes);
        if (top == 0)
            labels.m_classes = part.classes;
        labels.m_labelledCount += addLabelled(part, top, labels.m_labelled);
    }
    labels.check();
    return labels;
}

LabelGrid TaskLabels::placeOn(const RasterGrid &target, LabelOverlap overlap, Feedback *feedback,
                              const ClassTable *classes) const
{
    if (m_layer.kind == LayerKind::VectorLabels)
        return VectorLabelSource::rasterize(
            m_path, m_layer.properties.value(QStringLiteral("classField")).toString(), target,
            m_layer.properties.value(QStringLiteral("layer")).toString(), feedback, overlap, classes);
    return ClassRasterLabelSource::load(m_path, target,
                                        m_layer.properties.value(QStringLiteral("band")).toInt(1), feedback,
                                        overlap, classes);
}

void TaskLabels::check() const
{
    if (m_labelledCount == 0)
        throw DataError(m_path, QStringLiteral("no labelled pixel falls on the image"));
    if (m_classes.size() < 2)
        throw DataError(
            m_path,
            QStringLiteral("the labels hold a single class (%1): a classifier needs at least two")
                .arg(m_classes.isEmpty() ? QStringLiteral("none") : m_classes.entries.front().name));
}

QRect TaskLabels::labelledWindow(int margin) const
{
    const QRect image(0, 0, m_imageGrid.width, m_imageGrid.height);
    return m_labelled.adjusted(-margin, -margin, margin, margin).intersected(image);
}

std::vector<std::int32_t> TaskLabels::read(const QRect &rect) const
{
    if (!inMemory())
        return placeOn(RasterStackReader::windowGrid(m_imageGrid, rect), LabelOverlap::Optional, nullptr,
                       &m_classes)
            .indices;
    std::vector<std::int32_t> result;
    result.reserve(std::size_t(rect.width()) * std::size_t(rect.height()));
    for (int y = rect.top(); y <= rect.bottom(); ++y) {
        const auto line = m_grid.indices.begin()
            + std::ptrdiff_t(std::size_t(y) * std::size_t(m_grid.grid.width) + std::size_t(rect.x()));
        result.insert(result.end(), line, line + rect.width());
    }
    return result;
}

void TaskLabels::release()
{
    m_grid = LabelGrid();
}

} // namespace deepterra
