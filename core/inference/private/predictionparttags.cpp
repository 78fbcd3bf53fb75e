#include "inference/private/predictionparttags.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

namespace deepterra {

namespace {

constexpr const char *kPart = "DEEPTERRA_PART";
constexpr const char *kRows = "DEEPTERRA_PART_ROWS"; // "first end height"
constexpr const char *kPrediction = "DEEPTERRA_PREDICTION";
constexpr const char *kComplete = "DEEPTERRA_PART_COMPLETE";

} // namespace

void PredictionPartTags::write(GDALDatasetH dataset) const
{
    GDALSetMetadataItem(dataset, kPart, part.name().toUtf8().constData(), nullptr);
    GDALSetMetadataItem(
        dataset, kRows,
        QStringLiteral("%1 %2 %3").arg(firstRow).arg(endRow).arg(rasterHeight).toUtf8().constData(), nullptr);
    GDALSetMetadataItem(dataset, kPrediction, prediction.toUtf8().constData(), nullptr);
}

void PredictionPartTags::markComplete(GDALDatasetH dataset)
{
    GDALSetMetadataItem(dataset, kComplete, "yes", nullptr);
}

bool PredictionPartTags::read(GDALDatasetH dataset, PredictionPartTags *tags)
{
    const char *part = GDALGetMetadataItem(dataset, kPart, nullptr);
    const char *rows = GDALGetMetadataItem(dataset, kRows, nullptr);
    if (!part || !rows)
        return false;
    tags->prediction = QString::fromUtf8(GDALGetMetadataItem(dataset, kPrediction, nullptr));
    const char *complete = GDALGetMetadataItem(dataset, kComplete, nullptr);
    tags->complete = complete && QByteArray(complete) == "yes";
    QString problem;
    if (!RasterPart::parse(QString::fromUtf8(part), &tags->part, &problem))
        return false;
    const QStringList numbers = QString::fromUtf8(rows).split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (numbers.size() != 3)
        return false;
    bool ok[3] = { false, false, false };
    tags->firstRow = numbers[0].toInt(&ok[0]);
    tags->endRow = numbers[1].toInt(&ok[1]);
    tags->rasterHeight = numbers[2].toInt(&ok[2]);
    return ok[0] && ok[1] && ok[2] && tags->firstRow >= 0 && tags->firstRow < tags->endRow
        && tags->endRow <= tags->rasterHeight;
}

} // namespace deepterra
