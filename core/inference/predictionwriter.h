#pragma once

#include "geodata/rastergrid.h"
#include "inference/predictionrequest.h"
#include "inference/predictionresumestate.h"
#include "inference/predictionsink.h"
#include "labels/classtable.h"

#include <memory>

namespace deepterra {

// Writes the GeoTIFFs of a prediction strip by strip, as tiled DEFLATE GeoTIFFs on the input's
// grid. Strips arrive band by band (columns [firstColumn, firstColumn + width), band edges on
// multiples of kBlockSize), each band in row order and in any height; the writer assembles whole
// rows of TIFF blocks of the band before handing them to GDAL, so that no compressed block is
// ever written twice and its memory follows the band's width, not the raster's.
// Files are written under "<name>.partial" and renamed by finish(): a cancelled or failed
// prediction leaves no file that looks complete (the destructor deletes the partial files). Each
// row of blocks is written to disk as soon as it is complete and every write, flush and close is
// checked, so that a full disk is an error naming the file, never a truncated map.
// With a fingerprint (PredictionResumeState), the writer also makes an interruption resumable: every
// request.checkpointSeconds and at each band's end it flushes the partial files and records how far
// they hold, and with request.resume it reopens the partial files of an interrupted prediction with
// the same fingerprint and ignores the rows they already hold.
// One thread at a time uses a writer (GDAL datasets are not thread-safe).
class PredictionWriter : public PredictionSink
{
public:
    static constexpr double kAnomalyNoData = -9999.0;
    static constexpr int kBlockSize = 256; // the outputs' TIFF blocks
    static constexpr float kProbabilityNoData = -1.0f;
    static constexpr float kUncertaintyNoData = -1.0f;

    // Classification outputs when `classes` is not empty, else the reconstruction-error map.
    // Throws DataError naming an output that cannot be created, or, before creating anything, one
    // that is the request's input or an existing special file (OutputPathCheck).
    PredictionWriter(const RasterGrid &grid, const ClassTable &classes, const PredictionRequest &request,
                     const QJsonObject &fingerprint = {});
    ~PredictionWriter() override;
    PredictionWriter(const PredictionWriter &) = delete;
    PredictionWriter &operator=(const PredictionWriter &) = delete;

    // The class map's NoData: 0 unless a class uses it, then 255, then 65535 (UInt16 map).
    static int classNoData(const ClassTable &classes);

    // Both throw DataError naming the file whose write failed ("could not write the output: No
    // space left on device"); the destructor then removes the partial files.
    void write(const PredictionStrip &strip) override;
    // Flushes, closes and renames the files to their final names, each replacing an older file of
    // that name in one step.
    void finish();

    // Records the rows written so far and leaves the partial files and the resume state in place
    // when the writer is destroyed (a cancelled prediction that can be resumed). Needs a fingerprint.
    void keepForResume();

    // Where a resumed prediction goes on from: bands left of resumeColumn() are written, and the
    // rows above resumeRow() of the band starting there. (0, 0) for a prediction from the start.
    int resumeColumn() const;
    int resumeRow() const;
    // For the log: where the prediction resumed, or why it could not and starts over; empty when
    // no resume was asked for.
    const QString &resumeNote() const;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace deepterra
