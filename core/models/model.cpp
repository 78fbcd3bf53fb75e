#include "models/model.h"

#include "common/dataerror.h"
#include "models/graph/networkgraph.h"
#include "models/private/modelprivate.h"
#include "models/private/torchrandomguard.h"

#include <QCryptographicHash>

namespace deepterra {

namespace {

void requireValid(const ModelSpec &spec)
{
    const QStringList problems = spec.validate();
    if (!problems.isEmpty())
        throw DataError(QString(),
                        QStringLiteral("invalid %1 model: %2")
                            .arg(ModelSpec::kindName(spec.kind()), problems.join(QStringLiteral("; "))));
}

} // namespace

Network buildNetwork(const ModelSpec &spec)
{
    return std::make_shared<NetworkImpl>(NetworkGraph::build(spec));
}

Model::Model(std::unique_ptr<Private> d)
    : d(std::move(d))
{ }

Model::Model(Model &&other) noexcept = default;
Model &Model::operator=(Model &&other) noexcept = default;
Model::~Model() = default;

Model Model::create(const ModelSpec &spec, std::uint64_t seed)
{
    requireValid(spec);
    const TorchRandomGuard guard(TorchRandomGuard::Draws::Keep);
    torch::manual_seed(seed);
    auto d = std::make_unique<Private>();
    d->spec = spec;
    d->network = buildNetwork(spec);
    return Model(std::move(d));
}

Model Model::createForWeights(const ModelSpec &spec)
{
    requireValid(spec);
    const TorchRandomGuard guard(TorchRandomGuard::Draws::Undo);
    auto d = std::make_unique<Private>();
    d->spec = spec;
    d->network = buildNetwork(spec);
    return Model(std::move(d));
}

const ModelSpec &Model::spec() const
{
    return d->spec;
}

std::int64_t Model::parameterCount() const
{
    return countParameters(*d->network);
}

std::vector<std::int64_t> Model::defaultInputShape() const
{
    struct Shape
    {
        std::vector<std::int64_t> operator()(const CnnSpec &s) const
        {
            return { 1, s.inputChannels, s.inputHeight, s.inputWidth };
        }
        std::vector<std::int64_t> operator()(const UNetSpec &s) const
        {
            return { 1, s.inputChannels, 64, 64 };
        }
        std::vector<std::int64_t> operator()(const ResUNetSpec &s) const
        {
            return { 1, s.inputChannels, 64, 64 };
        }
        std::vector<std::int64_t> operator()(const RecurrentSpec &s) const
        {
            return { 1, s.lookback, s.inputs };
        }
        std::vector<std::int64_t> operator()(const DenseAutoencoderSpec &s) const
        {
            return { 1, s.inputSize };
        }
        std::vector<std::int64_t> operator()(const ConvAutoencoderSpec &s) const
        {
            return { 1, s.inputChannels, s.inputSize, s.inputSize };
        }
    };
    return std::visit(Shape {}, d->spec.parameters());
}

ModelSummary Model::summary(std::vector<std::int64_t> inputShape) const
{
    if (inputShape.empty())
        inputShape = defaultInputShape();
    return d->network->graph().summary(inputShape);
}

} // namespace deepterra

namespace deepterra {

QByteArray Model::weightsDigest() const
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const auto add = [&hash](const std::string &name, const torch::Tensor &t) {
        const torch::Tensor cpu = t.detach().to(torch::kCPU).contiguous();
        hash.addData(QByteArrayView(name.data(), qsizetype(name.size())));
        hash.addData(QByteArrayView(static_cast<const char *>(cpu.data_ptr()), qsizetype(cpu.nbytes())));
    };
    for (const auto &item : d->network->named_parameters())
        add(item.key(), item.value());
    for (const auto &item : d->network->named_buffers())
        add(item.key(), item.value());
    return hash.result().toHex();
}

} // namespace deepterra
