#include "inference/rasterpart.h"

#include "common/dataerror.h"

#include <QRegularExpression>

#include <algorithm>

namespace deepterra {

namespace {

constexpr int kBlock = 256; // PredictionWriter::kBlockSize: parts end on the outputs' blocks

} // namespace

QString RasterPart::name() const
{
    return QStringLiteral("%1/%2").arg(index).arg(count);
}

bool RasterPart::parse(const QString &text, RasterPart *part, QString *problem)
{
    static const QRegularExpression pattern(QStringLiteral("^\\s*(\\d{1,9})\\s*/\\s*(\\d{1,9})\\s*$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch()) {
        *problem = QStringLiteral("\"%1\" is not a part: write I/N, for example 2/8").arg(text);
        return false;
    }
    const int index = match.captured(1).toInt();
    const int count = match.captured(2).toInt();
    if (count < 1 || index < 1 || index > count) {
        *problem = QStringLiteral("part %1 of %2 does not exist: parts are numbered from 1 to %2")
                       .arg(index)
                       .arg(count);
        return false;
    }
    part->index = index;
    part->count = count;
    return true;
}

RasterPart::Rows RasterPart::rows(int height, const QString &raster) const
{
    const int blockRows = (height + kBlock - 1) / kBlock;
    if (count > blockRows)
        throw DataError(raster,
                        QStringLiteral("%1 rows make %2 row(s) of %3-pixel blocks: it cannot be split into "
                                       "%4 parts (at most %2)")
                            .arg(height)
                            .arg(blockRows)
                            .arg(kBlock)
                            .arg(count));
    const auto blockRowStart = [&](int part) { return int(qint64(part) * blockRows / count); };
    Rows rows;
    rows.first = blockRowStart(index - 1) * kBlock;
    rows.end = std::min(height, blockRowStart(index) * kBlock);
    return rows;
}

RasterGrid RasterPart::gridOf(const RasterGrid &grid, Rows rows)
{
    RasterGrid part = grid;
    part.height = rows.end - rows.first;
    std::array<double, 6> c = grid.geoTransform.coefficients();
    c[0] += rows.first * c[2];
    c[3] += rows.first * c[5];
    part.geoTransform = GeoTransform(c);
    return part;
}

} // namespace deepterra
