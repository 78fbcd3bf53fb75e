#include "training/rasterstackreader.h"

#include "common/dataerror.h"
#include "geodata/rasterdataset.h"
#include "jobs/feedback.h"
#include "labels/rasterwarper.h"
#include "training/demchannelcache.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace deepterra {

namespace {

void checkpoint(Feedback *feedback)
{
    if (feedback)
        feedback->checkpoint();
}

void appendPlane(RasterStack &stack, int channel, const float *values, const std::uint8_t *valid)
{
    const std::size_t plane = stack.planeSize();
    std::memcpy(stack.values.data() + std::size_t(channel) * plane, values, plane * sizeof(float));
    std::memcpy(stack.valid.data() + std::size_t(channel) * plane, valid, plane);
}

QString gib(std::uint64_t bytes)
{
    return QString::number(double(bytes) / double(std::uint64_t(1) << 30), 'f', 1);
}

} // namespace

RasterGrid RasterStackReader::windowGrid(const RasterGrid &grid, const QRect &window)
{
    RasterGrid cut = grid;
    cut.width = window.width();
    cut.height = window.height();
    std::array<double, 6> c = grid.geoTransform.coefficients();
    const double x = window.x();
    const double y = window.y();
    c[0] += x * c[1] + y * c[2];
    c[3] += x * c[4] + y * c[5];
    cut.geoTransform = GeoTransform(c);
    return cut;
}

RasterStack RasterStackReader::read(const RasterStackSource &source, const RasterGrid &imageGrid,
                                    const QRect &window, Feedback *feedback, std::uint64_t maxBytes,
                                    RasterStack recycled)
{
    RasterStack stack;
    // Every value and validity flag is written below, so the recycled contents need no clearing.
    stack.values = std::move(recycled.values);
    stack.valid = std::move(recycled.valid);
    stack.window = window;
    stack.channels = source.bandChannels + source.demChannels;
    const std::uint64_t bytes = RasterStack::bytesFor(stack.channelCount(), window);
    if (bytes > maxBytes)
        throw DataError(
            source.imagePath,
            QStringLiteral("the training window of %1x%2 pixels with %3 channels needs %4 GiB of memory "
                           "(at most %5 GiB): crop the image or label a smaller area")
                .arg(window.width())
                .arg(window.height())
                .arg(stack.channelCount())
                .arg(gib(bytes), gib(maxBytes)));
    stack.values.resize(std::size_t(stack.channelCount()) * stack.planeSize());
    stack.valid.resize(stack.values.size());

    const int total = stack.channelCount();
    int channel = 0;
    std::shared_ptr<const RasterDataset> image = source.image;
    if (!image)
        image = std::make_shared<const RasterDataset>(RasterDataset::open(source.imagePath));
    for (int band : source.bands) {
        checkpoint(feedback);
        // One band at a time: the peak memory stays at the stack plus one plane.
        const RasterBuffer buffer = image->readWindow(window, { band });
        appendPlane(stack, channel++, buffer.values.data(), buffer.valid.data());
        if (feedback)
            feedback->setProgress(100.0 * channel / total);
    }
    if (source.demChannels.isEmpty())
        return stack;

    std::shared_ptr<const DemChannelCache> dem = source.demCache;
    if (!dem)
        dem = std::make_shared<const DemChannelCache>(source.demPath, source.demChannels, imageGrid, window,
                                                      feedback);
    else if (dem->demPath() != source.demPath || !dem->serves(imageGrid, window))
        throw std::invalid_argument("the DEM channel cache was built for another DEM, grid or area");
    const RasterGrid target = windowGrid(imageGrid, window);
    for (const QString &name : source.demChannels) {
        checkpoint(feedback);
        RasterBuffer warped;
        try {
            warped = RasterWarper::warpToGrid(dem->rasterPath(name), target, { 1 }, dem->resampling(name),
                                              feedback);
        } catch (const DataError &error) {
            // A derivative lives in a temporary file the user never heard of: name the DEM.
            throw DataError(source.demPath, error.cause());
        }
        if (warped.validCount(0) == 0 && !source.allowWindowsBeyondDem)
            throw DataError(source.demPath,
                            QStringLiteral("the DEM does not cover the training window of the image "
                                           "(channel \"%1\" has no valid pixel there)")
                                .arg(name));
        appendPlane(stack, channel++, warped.values.data(), warped.valid.data());
        if (feedback)
            feedback->setProgress(100.0 * channel / total);
    }
    return stack;
}

} // namespace deepterra
