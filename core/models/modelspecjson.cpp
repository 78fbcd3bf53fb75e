#include "models/modelspecjson.h"

#include "common/dataerror.h"
#include "common/jsonfields.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace deepterra {

namespace {

const QStringList kActivations { QStringLiteral("none"),       QStringLiteral("relu"),
                                 QStringLiteral("leaky-relu"), QStringLiteral("elu"),
                                 QStringLiteral("gelu"),       QStringLiteral("tanh"),
                                 QStringLiteral("sigmoid") };

Activation readActivation(const JsonFields &f, const QString &key, Activation fallback)
{
    return *activationFromName(f.choice(key, activationName(fallback), kActivations));
}

QJsonArray toArray(const std::vector<int> &values)
{
    QJsonArray array;
    for (int v : values)
        array.append(v);
    return array;
}

QJsonObject blockToJson(const ConvBlockSpec &b)
{
    return { { QStringLiteral("filters"), b.filters },
             { QStringLiteral("kernel"), b.kernel },
             { QStringLiteral("stride"), b.stride },
             { QStringLiteral("padding"), b.samePadding ? QStringLiteral("same") : QStringLiteral("valid") },
             { QStringLiteral("pool"), b.pool },
             { QStringLiteral("batchNorm"), b.batchNorm },
             { QStringLiteral("dropout"), b.dropout },
             { QStringLiteral("activation"), activationName(b.activation) } };
}

ConvBlockSpec blockFromJson(const JsonFields &f)
{
    ConvBlockSpec b;
    b.filters = f.integer(QStringLiteral("filters"), b.filters, 1, 4096);
    b.kernel = f.integer(QStringLiteral("kernel"), b.kernel, 1, 31);
    b.stride = f.integer(QStringLiteral("stride"), b.stride, 1, 16);
    b.samePadding = f.choice(QStringLiteral("padding"), QStringLiteral("valid"),
                             { QStringLiteral("valid"), QStringLiteral("same") })
        == QLatin1String("same");
    b.pool = f.integer(QStringLiteral("pool"), b.pool, 0, 16);
    b.batchNorm = f.boolean(QStringLiteral("batchNorm"), b.batchNorm);
    b.dropout = f.number(QStringLiteral("dropout"), b.dropout, 0.0, 0.99);
    b.activation = readActivation(f, QStringLiteral("activation"), b.activation);
    return b;
}

QJsonObject parametersToJson(const CnnSpec &s)
{
    QJsonArray blocks;
    for (const ConvBlockSpec &b : s.blocks)
        blocks.append(blockToJson(b));
    return { { QStringLiteral("inputChannels"), s.inputChannels },
             { QStringLiteral("inputHeight"), s.inputHeight },
             { QStringLiteral("inputWidth"), s.inputWidth },
             { QStringLiteral("blocks"), blocks },
             { QStringLiteral("denseUnits"), toArray(s.denseUnits) },
             { QStringLiteral("denseDropout"), s.denseDropout },
             { QStringLiteral("denseActivation"), activationName(s.denseActivation) },
             { QStringLiteral("classes"), s.classes } };
}

QString upsamplingName(Upsampling upsampling)
{
    return upsampling == Upsampling::Transpose ? QStringLiteral("transpose")
        : upsampling == Upsampling::Bilinear   ? QStringLiteral("bilinear")
                                               : QStringLiteral("nearest");
}

Upsampling readUpsampling(const JsonFields &f, Upsampling fallback)
{
    const QString up
        = f.choice(QStringLiteral("upsampling"), upsamplingName(fallback),
                   { QStringLiteral("transpose"), QStringLiteral("bilinear"), QStringLiteral("nearest") });
    return up == QLatin1String("transpose") ? Upsampling::Transpose
        : up == QLatin1String("bilinear")   ? Upsampling::Bilinear
                                            : Upsampling::Nearest;
}

// The fields the U-Net and the ResUNet share.
template<typename Segmenter> QJsonObject segmenterToJson(const Segmenter &s)
{
    return { { QStringLiteral("inputChannels"), s.inputChannels },
             { QStringLiteral("classes"), s.classes },
             { QStringLiteral("depth"), s.depth },
             { QStringLiteral("baseFilters"), s.baseFilters },
             { QStringLiteral("dropout"), s.dropout },
             { QStringLiteral("upsampling"), upsamplingName(s.upsampling) } };
}

template<typename Segmenter> Segmenter segmenterFromJson(const JsonFields &f)
{
    Segmenter s;
    s.inputChannels = f.integer(QStringLiteral("inputChannels"), s.inputChannels, 1, 1024);
    s.classes = f.integer(QStringLiteral("classes"), s.classes, 1, 100000);
    s.depth = f.integer(QStringLiteral("depth"), s.depth, 1, 6);
    s.baseFilters = f.integer(QStringLiteral("baseFilters"), s.baseFilters, 1, 1024);
    s.dropout = f.number(QStringLiteral("dropout"), s.dropout, 0.0, 0.99);
    s.upsampling = readUpsampling(f, s.upsampling);
    return s;
}

QJsonObject parametersToJson(const UNetSpec &s)
{
    QJsonObject json = segmenterToJson(s);
    json.insert(QStringLiteral("batchNorm"), s.batchNorm);
    return json;
}

QJsonObject parametersToJson(const ResUNetSpec &s)
{
    QJsonObject json = segmenterToJson(s);
    json.insert(QStringLiteral("blocksPerLevel"), s.blocksPerLevel);
    return json;
}

QJsonObject parametersToJson(const RecurrentSpec &s)
{
    return { { QStringLiteral("cell"),
               s.cell == RecurrentCell::Lstm ? QStringLiteral("lstm") : QStringLiteral("gru") },
             { QStringLiteral("inputs"), s.inputs },
             { QStringLiteral("hiddenSize"), s.hiddenSize },
             { QStringLiteral("layers"), s.layers },
             { QStringLiteral("dropout"), s.dropout },
             { QStringLiteral("lookback"), s.lookback },
             { QStringLiteral("horizon"), s.horizon },
             { QStringLiteral("targets"), s.targets } };
}

QJsonObject parametersToJson(const DenseAutoencoderSpec &s)
{
    return { { QStringLiteral("inputSize"), s.inputSize },
             { QStringLiteral("encoderLayers"), toArray(s.encoderLayers) },
             { QStringLiteral("latent"), s.latent },
             { QStringLiteral("activation"), activationName(s.activation) },
             { QStringLiteral("output"),
               s.sigmoidOutput ? QStringLiteral("sigmoid") : QStringLiteral("linear") } };
}

QJsonObject parametersToJson(const ConvAutoencoderSpec &s)
{
    return { { QStringLiteral("inputChannels"), s.inputChannels },
             { QStringLiteral("inputSize"), s.inputSize },
             { QStringLiteral("depth"), s.depth },
             { QStringLiteral("baseFilters"), s.baseFilters },
             { QStringLiteral("latent"), s.latent } };
}

CnnSpec cnnFromJson(const JsonFields &f)
{
    CnnSpec s;
    s.inputChannels = f.integer(QStringLiteral("inputChannels"), s.inputChannels, 1, 1024);
    s.inputHeight = f.integer(QStringLiteral("inputHeight"), s.inputHeight, 1, 8192);
    s.inputWidth = f.integer(QStringLiteral("inputWidth"), s.inputWidth, 1, 8192);
    if (f.has(QStringLiteral("blocks"))) {
        s.blocks.clear();
        for (const JsonFields &b : f.objects(QStringLiteral("blocks")))
            s.blocks.push_back(blockFromJson(b));
    }
    s.denseUnits = f.integers(QStringLiteral("denseUnits"), s.denseUnits, 1, 100000);
    s.denseDropout = f.number(QStringLiteral("denseDropout"), s.denseDropout, 0.0, 0.99);
    s.denseActivation = readActivation(f, QStringLiteral("denseActivation"), s.denseActivation);
    s.classes = f.integer(QStringLiteral("classes"), s.classes, 1, 100000);
    return s;
}

UNetSpec unetFromJson(const JsonFields &f)
{
    UNetSpec s = segmenterFromJson<UNetSpec>(f);
    s.batchNorm = f.boolean(QStringLiteral("batchNorm"), s.batchNorm);
    return s;
}

ResUNetSpec resUNetFromJson(const JsonFields &f)
{
    ResUNetSpec s = segmenterFromJson<ResUNetSpec>(f);
    s.blocksPerLevel = f.integer(QStringLiteral("blocksPerLevel"), s.blocksPerLevel, 1, 16);
    return s;
}

RecurrentSpec recurrentFromJson(const JsonFields &f)
{
    RecurrentSpec s;
    s.cell = f.choice(QStringLiteral("cell"), QStringLiteral("lstm"),
                      { QStringLiteral("lstm"), QStringLiteral("gru") })
            == QLatin1String("gru")
        ? RecurrentCell::Gru
        : RecurrentCell::Lstm;
    s.inputs = f.integer(QStringLiteral("inputs"), s.inputs, 1, 10000);
    s.hiddenSize = f.integer(QStringLiteral("hiddenSize"), s.hiddenSize, 1, 100000);
    s.layers = f.integer(QStringLiteral("layers"), s.layers, 1, 64);
    s.dropout = f.number(QStringLiteral("dropout"), s.dropout, 0.0, 0.99);
    s.lookback = f.integer(QStringLiteral("lookback"), s.lookback, 1, 1000000);
    s.horizon = f.integer(QStringLiteral("horizon"), s.horizon, 1, 1000000);
    s.targets = f.integer(QStringLiteral("targets"), s.targets, 1, 10000);
    return s;
}

DenseAutoencoderSpec denseFromJson(const JsonFields &f)
{
    DenseAutoencoderSpec s;
    s.inputSize = f.integer(QStringLiteral("inputSize"), s.inputSize, 1, 100000000);
    s.encoderLayers = f.integers(QStringLiteral("encoderLayers"), s.encoderLayers, 1, 100000);
    s.latent = f.integer(QStringLiteral("latent"), s.latent, 1, 1000000);
    s.activation = readActivation(f, QStringLiteral("activation"), s.activation);
    s.sigmoidOutput = f.choice(QStringLiteral("output"), QStringLiteral("sigmoid"),
                               { QStringLiteral("sigmoid"), QStringLiteral("linear") })
        == QLatin1String("sigmoid");
    return s;
}

ConvAutoencoderSpec convAutoencoderFromJson(const JsonFields &f)
{
    ConvAutoencoderSpec s;
    s.inputChannels = f.integer(QStringLiteral("inputChannels"), s.inputChannels, 1, 1024);
    s.inputSize = f.integer(QStringLiteral("inputSize"), s.inputSize, 1, 8192);
    s.depth = f.integer(QStringLiteral("depth"), s.depth, 1, 8);
    s.baseFilters = f.integer(QStringLiteral("baseFilters"), s.baseFilters, 1, 1024);
    s.latent = f.integer(QStringLiteral("latent"), s.latent, 1, 1000000);
    return s;
}

} // namespace

QJsonObject ModelSpecJson::toJson(const ModelSpec &spec)
{
    QJsonObject json = std::visit([](const auto &p) { return parametersToJson(p); }, spec.parameters());
    json.insert(QStringLiteral("type"), ModelSpec::kindName(spec.kind()));
    if (!spec.name().isEmpty())
        json.insert(QStringLiteral("name"), spec.name());
    return json;
}

ModelSpec ModelSpecJson::fromFields(const JsonFields &f)
{
    const QString type = f.choice(QStringLiteral("type"), QString(), ModelSpec::kindNames());
    ModelSpec::Parameters parameters;
    if (type == QLatin1String("cnn"))
        parameters = cnnFromJson(f);
    else if (type == QLatin1String("unet"))
        parameters = unetFromJson(f);
    else if (type == QLatin1String("recurrent"))
        parameters = recurrentFromJson(f);
    else if (type == QLatin1String("dense-autoencoder"))
        parameters = denseFromJson(f);
    else if (type == QLatin1String("resunet"))
        parameters = resUNetFromJson(f);
    else
        parameters = convAutoencoderFromJson(f);
    ModelSpec spec(parameters, f.string(QStringLiteral("name"), QString()));
    const QStringList problems = spec.validate();
    if (!problems.isEmpty())
        throw DataError(
            f.filePath(),
            QStringLiteral("%1: %2").arg(f.location().isEmpty() ? QStringLiteral("model") : f.location(),
                                         problems.join(QStringLiteral("; "))));
    return spec;
}

ModelSpec ModelSpecJson::fromJson(const QJsonObject &json, const QString &filePath, const QString &keyPath)
{
    return fromFields(JsonFields(json, filePath, keyPath));
}

ModelSpec ModelSpecJson::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw DataError(path,
                        file.exists()
                            ? QStringLiteral("cannot read the model spec: %1").arg(file.errorString())
                            : QStringLiteral("model spec file not found"));
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        throw DataError(path, QStringLiteral("not a JSON object: %1").arg(error.errorString()));
    return fromJson(doc.object(), path, QString());
}

} // namespace deepterra
