#include "cli/modelcommand.h"

#include "common/dataerror.h"
#include "models/model.h"
#include "models/modelpresets.h"
#include "models/modelspecjson.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTextStream>

namespace deepterra::cli {

namespace {

std::vector<std::int64_t> parseShape(const QString &text, bool *ok)
{
    std::vector<std::int64_t> shape { 1 };
    *ok = !text.isEmpty();
    for (const QString &part : text.split(QLatin1Char('x'))) {
        bool partOk = false;
        const qlonglong v = part.toLongLong(&partOk);
        *ok = *ok && partOk && v > 0;
        shape.push_back(v);
    }
    return shape;
}

} // namespace

int ModelCommand::run(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Builds a model and prints its layers, output shapes and parameter "
                       "counts.\n\nPresets:\n")
        + [] {
              QString list;
              for (const QString &name : ModelPresets::names())
                  list += QStringLiteral("  %1  %2\n")
                              .arg(name.leftJustified(18), ModelPresets::description(name));
              return list;
          }());
    parser.addHelpOption();
    const QCommandLineOption preset(QStringLiteral("preset"), QStringLiteral("A preset name (list above)."),
                                    QStringLiteral("NAME"));
    const QCommandLineOption spec(QStringLiteral("spec"),
                                  QStringLiteral("A model spec JSON file (docs/model-spec.md)."),
                                  QStringLiteral("FILE"));
    const QCommandLineOption input(
        QStringLiteral("input"),
        QStringLiteral("Input shape without the batch, e.g. 6x128x128 (default: the spec's)."),
        QStringLiteral("SHAPE"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("Print the table as JSON."));
    parser.addOptions({ preset, spec, input, json });
    parser.process(arguments);

    QTextStream err(stderr);
    if (parser.isSet(preset) == parser.isSet(spec)) {
        err << "deepterra-cli model: give exactly one of --preset NAME or --spec FILE\n";
        return 2;
    }
    try {
        ModelSpec modelSpec;
        if (parser.isSet(preset)) {
            const auto found = ModelPresets::find(parser.value(preset));
            if (!found) {
                err << "deepterra-cli: unknown preset \"" << parser.value(preset)
                    << "\" (available: " << ModelPresets::names().join(QStringLiteral(", ")) << ")\n";
                return 1;
            }
            modelSpec = *found;
        } else {
            modelSpec = ModelSpecJson::load(parser.value(spec));
        }
        std::vector<std::int64_t> shape;
        if (parser.isSet(input)) {
            bool ok = false;
            shape = parseShape(parser.value(input), &ok);
            if (!ok) {
                err << "deepterra-cli model: --input takes dimensions like 6x128x128\n";
                return 2;
            }
        }
        const Model model = Model::createForWeights(modelSpec);
        ModelSummary summary;
        try {
            summary = model.summary(shape);
        } catch (const std::exception &e) {
            err << "deepterra-cli: input shape " << ModelSummary::shapeText(shape)
                << " does not fit the model: " << QString::fromUtf8(e.what()).section(QLatin1Char('\n'), 0, 0)
                << "\n";
            return 1;
        }
        QTextStream out(stdout);
        if (parser.isSet(json)) {
            QJsonArray rows;
            for (const ModelSummaryRow &row : summary.rows) {
                QJsonArray outShape;
                for (std::int64_t d : row.outputShape)
                    outShape.append(double(d));
                rows.append(QJsonObject { { QStringLiteral("name"), row.name },
                                          { QStringLiteral("type"), row.type },
                                          { QStringLiteral("outputShape"), outShape },
                                          { QStringLiteral("parameters"), double(row.parameters) } });
            }
            out << QJsonDocument(
                       QJsonObject { { QStringLiteral("spec"), ModelSpecJson::toJson(modelSpec) },
                                     { QStringLiteral("layers"), rows },
                                     { QStringLiteral("totalParameters"), double(summary.totalParameters) } })
                       .toJson();
        } else {
            out << "Model: "
                << (modelSpec.name().isEmpty() ? ModelSpec::kindName(modelSpec.kind()) : modelSpec.name())
                << " (" << ModelSpec::kindName(modelSpec.kind()) << ")\n"
                << summary.toText();
        }
        return 0;
    } catch (const DataError &e) {
        err << "deepterra-cli: " << e.message() << "\n";
        return 1;
    }
}

} // namespace deepterra::cli
