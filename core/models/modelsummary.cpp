#include "models/modelsummary.h"

#include <QLocale>
#include <QStringList>
#include <QTextStream>

namespace deepterra {

QString ModelSummary::shapeText(const std::vector<std::int64_t> &shape)
{
    QStringList parts;
    for (std::int64_t d : shape)
        parts << QString::number(d);
    return QStringLiteral("(") + parts.join(QStringLiteral(", ")) + QStringLiteral(")");
}

QString ModelSummary::toText() const
{
    int nameWidth = 5, typeWidth = 4, shapeWidth = 12;
    for (const ModelSummaryRow &row : rows) {
        nameWidth = std::max(nameWidth, int(row.name.size()));
        typeWidth = std::max(typeWidth, int(row.type.size()));
        shapeWidth = std::max(shapeWidth, int(shapeText(row.outputShape).size()));
    }
    QString text;
    QTextStream out(&text);
    out << "Input: " << shapeText(inputShape) << "\n";
    out << QStringLiteral("Layer").leftJustified(nameWidth + 2)
        << QStringLiteral("Type").leftJustified(typeWidth + 2)
        << QStringLiteral("Output shape").leftJustified(shapeWidth + 2) << "Parameters\n";
    const int total = nameWidth + typeWidth + shapeWidth + 6 + 12;
    out << QString(total, QLatin1Char('-')) << "\n";
    for (const ModelSummaryRow &row : rows)
        out << row.name.leftJustified(nameWidth + 2) << row.type.leftJustified(typeWidth + 2)
            << shapeText(row.outputShape).leftJustified(shapeWidth + 2)
            << QLocale(QLocale::English).toString(qlonglong(row.parameters)) << "\n";
    out << QString(total, QLatin1Char('-')) << "\n";
    out << "Total parameters: " << QLocale(QLocale::English).toString(qlonglong(totalParameters)) << "\n";
    out << "Trainable parameters: " << QLocale(QLocale::English).toString(qlonglong(trainableParameters))
        << "\n";
    out.flush();
    return text;
}

} // namespace deepterra
