#pragma once

#include "geodata/rastergrid.h"
#include "labels/classtable.h"
#include "labels/labelgrid.h"
#include "project/projectlayer.h"

#include <QRect>
#include <QString>

#include <cstdint>
#include <vector>

namespace deepterra {

class Feedback;
class Project;

// The labels of a raster task placed on the image grid. Held in memory when placing them all at
// once (the source's warped values and the class indices, 9 bytes a pixel) fits in the task's
// memory limit; otherwise placed strip by strip (a scan for their extent
// and classes first) and placed again, a strip at a time, whenever a part of them is asked for.
class TaskLabels
{
public:
    // Throws DataError naming the project for a vector layer without "classField", and the label
    // file when no labelled pixel falls on the image or fewer than two classes exist; the label
    // sources' own DataErrors otherwise.
    static TaskLabels place(const Project &project, const ProjectLayer &layer, const RasterGrid &grid,
                            std::uint64_t memoryLimit, Feedback *feedback);

    const QString &path() const { return m_path; }
    const ClassTable &classes() const { return m_classes; }
    bool inMemory() const { return !m_grid.indices.empty(); }
    // The bounding box of the labelled pixels grown by `margin` pixels on every side, within the image.
    QRect labelledWindow(int margin) const;
    // The labels of `rect` (image pixels) row by row: class index or LabelGrid::kIgnore.
    std::vector<std::int32_t> read(const QRect &rect) const;
    // Drops what the in-memory grid holds (read() places strips from the source from then on).
    void release();

private:
    // `classes`: those of an earlier strip (null: read them from the file).
    LabelGrid placeOn(const RasterGrid &target, LabelOverlap overlap, Feedback *feedback,
                      const ClassTable *classes = nullptr) const;
    void check() const;

    ProjectLayer m_layer;
    QString m_path;
    RasterGrid m_imageGrid;
    ClassTable m_classes;
    LabelGrid m_grid; // in memory only
    QRect m_labelled; // bounding box of the labelled pixels
    std::int64_t m_labelledCount = 0;
};

} // namespace deepterra
