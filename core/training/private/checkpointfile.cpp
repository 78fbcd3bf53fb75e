#include "training/private/checkpointfile.h"

#include "common/atomicfile.h"
#include "common/dataerror.h"
#include "models/private/torchrandomguard.h"

#include <QFile>
#include <QJsonDocument>

#include <ATen/CPUGeneratorImpl.h>

#include <mutex>
#include <sstream>

namespace deepterra {

namespace {

torch::serialize::InputArchive openArchive(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw DataError(path,
                        file.exists()
                            ? QStringLiteral("cannot read the checkpoint: %1").arg(file.errorString())
                            : QStringLiteral("checkpoint not found"));
    const QByteArray bytes = file.readAll();
    std::istringstream stream(std::string(bytes.constData(), std::size_t(bytes.size())));
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(stream);
    } catch (const std::exception &e) {
        throw DataError(path,
                        QStringLiteral("damaged checkpoint: %1")
                            .arg(QString::fromUtf8(e.what()).section(QLatin1Char('\n'), 0, 0)));
    }
    return archive;
}

QJsonObject stateOf(torch::serialize::InputArchive &archive, const QString &path)
{
    c10::IValue value;
    if (!archive.try_read("state", value) || !value.isString())
        throw DataError(path, QStringLiteral("not a Deepterra checkpoint (no training state)"));
    return QJsonDocument::fromJson(QByteArray::fromStdString(value.toStringRef())).object();
}

} // namespace

void CheckpointFile::save(const QString &path, torch::nn::Module &network, torch::optim::Optimizer *optimizer,
                          const QJsonObject &state)
{
    torch::serialize::OutputArchive archive;
    torch::serialize::OutputArchive model;
    network.save(model);
    archive.write("model", model);
    if (optimizer) {
        torch::serialize::OutputArchive optim;
        optimizer->save(optim);
        archive.write("optimizer", optim);
    }
    {
        const TorchRandomGuard guard(TorchRandomGuard::Draws::Keep);
        at::Generator generator = at::detail::getDefaultCPUGenerator();
        std::lock_guard<std::mutex> lock(generator.mutex());
        archive.write("rng_cpu", generator.get_state());
    }
    archive.write("state", c10::IValue(QJsonDocument(state).toJson(QJsonDocument::Compact).toStdString()));

    std::ostringstream stream;
    archive.save_to(stream);
    const std::string bytes = stream.str();
    AtomicFile::write(path, QByteArray::fromStdString(bytes), QStringLiteral("cannot write the checkpoint"));
}

QJsonObject CheckpointFile::load(const QString &path, torch::nn::Module &network,
                                 torch::optim::Optimizer *optimizer, bool restoreRandomState)
{
    torch::serialize::InputArchive archive = openArchive(path);
    const QJsonObject state = stateOf(archive, path);
    try {
        torch::serialize::InputArchive model;
        archive.read("model", model);
        network.load(model);
        if (optimizer) {
            torch::serialize::InputArchive optim;
            archive.read("optimizer", optim);
            optimizer->load(optim);
        }
        if (restoreRandomState) {
            torch::Tensor rng;
            archive.read("rng_cpu", rng);
            // The default generator is shared process-wide; const only protects the handle.
            const TorchRandomGuard guard(TorchRandomGuard::Draws::Keep);
            at::Generator generator = at::detail::getDefaultCPUGenerator();
            std::lock_guard<std::mutex> lock(generator.mutex());
            generator.set_state(rng);
        }
    } catch (const std::exception &e) {
        throw DataError(path,
                        QStringLiteral("the checkpoint does not fit this model: %1")
                            .arg(QString::fromUtf8(e.what()).section(QLatin1Char('\n'), 0, 0)));
    }
    return state;
}

QJsonObject CheckpointFile::readState(const QString &path)
{
    torch::serialize::InputArchive archive = openArchive(path);
    return stateOf(archive, path);
}

} // namespace deepterra
