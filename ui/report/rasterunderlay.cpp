#include "report/rasterunderlay.h"

#include "common/dataerror.h"
#include "geodata/rasterdataset.h"

#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace deepterra {

namespace {

// The band a colour's name or interpretation points at ("red", "Red", "B4 red"), else 0.
int bandNamed(const RasterInfo &info, const QStringList &bandNames, const QString &colour)
{
    for (int b = 1; b <= info.bandCount(); ++b) {
        const BandInfo &band = info.bands[std::size_t(b - 1)];
        const QString name = bandNames.value(b - 1);
        const auto names = [&colour](const QString &text) {
            return text.split(QRegularExpression(QStringLiteral("[^A-Za-z]+")), Qt::SkipEmptyParts)
                .contains(colour, Qt::CaseInsensitive);
        };
        if (band.colorInterpretation.compare(colour, Qt::CaseInsensitive) == 0 || names(name)
            || names(band.description))
            return b;
    }
    return 0;
}

std::vector<int> displayBands(const RasterInfo &info, const QStringList &bandNames)
{
    const int red = bandNamed(info, bandNames, QStringLiteral("red"));
    const int green = bandNamed(info, bandNames, QStringLiteral("green"));
    const int blue = bandNamed(info, bandNames, QStringLiteral("blue"));
    if (red && green && blue)
        return { red, green, blue };
    std::vector<int> first;
    for (int b = 1; b <= std::min(3, info.bandCount()); ++b)
        first.push_back(b);
    return first;
}

QString shownBands(const std::vector<int> &bands)
{
    if (bands.size() == 1)
        return QStringLiteral("band %1 in grey").arg(bands[0]);
    if (bands.size() == 2)
        return QStringLiteral("band %1 as red, band %2 as green and blue").arg(bands[0]).arg(bands[1]);
    return QStringLiteral("bands %1, %2 and %3 as red, green and blue")
        .arg(bands[0])
        .arg(bands[1])
        .arg(bands[2]);
}

} // namespace

QImage RasterUnderlay::read(const QString &path, const RasterGrid &grid, const QSize &size,
                            const QStringList &bandNames, QString *shown)
{
    if (path.isEmpty() || size.isEmpty())
        return {};
    try {
        const RasterDataset dataset = RasterDataset::open(path);
        const RasterInfo &info = dataset.info();
        if (!RasterGrid::of(info).isAlignedWith(grid))
            return {};
        RasterReadRequest request;
        request.bands = displayBands(info, bandNames);
        request.outputSize = size;
        request.resampling = Resampling::Average;
        const RasterBuffer buffer = dataset.read(request);
        if (shown)
            *shown = shownBands(request.bands);
        std::vector<std::pair<float, float>> ranges;
        for (int b = 0; b < buffer.bandCount(); ++b) {
            std::vector<float> values;
            for (int y = 0; y < buffer.height; ++y)
                for (int x = 0; x < buffer.width; ++x)
                    if (buffer.isValid(b, x, y))
                        values.push_back(buffer.value(b, x, y));
            if (values.empty())
                return {};
            const auto at = [&values](double q) {
                auto nth = values.begin() + std::ptrdiff_t(q * double(values.size() - 1));
                std::nth_element(values.begin(), nth, values.end());
                return *nth;
            };
            ranges.emplace_back(at(0.02), at(0.98));
        }
        QImage image(size, QImage::Format_RGB32);
        image.fill(Qt::white);
        for (int y = 0; y < buffer.height; ++y)
            for (int x = 0; x < buffer.width; ++x) {
                int rgb[3] = { 255, 255, 255 };
                for (int c = 0; c < 3; ++c) {
                    const int b = std::min(c, buffer.bandCount() - 1);
                    if (!buffer.isValid(b, x, y))
                        continue;
                    const auto [low, high] = ranges[std::size_t(b)];
                    const double t = high > low ? (buffer.value(b, x, y) - low) / (high - low) : 0.5;
                    rgb[c] = int(std::lround(255.0 * std::clamp(t, 0.0, 1.0)));
                }
                image.setPixel(x, y, qRgb(rgb[0], rgb[1], rgb[2]));
            }
        return image;
    } catch (const DataError &) {
        return {};
    }
}

} // namespace deepterra
