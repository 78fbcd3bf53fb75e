#pragma once

#include "models/modelspecs.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <variant>

namespace deepterra {

enum class ModelKind { Cnn, UNet, Recurrent, DenseAutoencoder, ConvAutoencoder, ResUNet };

// A model as the user configured it: the family and its parameters. Serialisable, so that forms,
// project files and run folders hold it; the LibTorch network is built from it (ModelFactory).
class ModelSpec
{
public:
    using Parameters = std::variant<CnnSpec, UNetSpec, RecurrentSpec, DenseAutoencoderSpec,
                                    ConvAutoencoderSpec, ResUNetSpec>;

    ModelSpec() = default;
    explicit ModelSpec(Parameters parameters, QString name = {});

    ModelKind kind() const;
    const QString &name() const { return m_name; }
    void setName(const QString &name) { m_name = name; }
    const Parameters &parameters() const { return m_parameters; }
    Parameters &parameters() { return m_parameters; }

    template<typename T> const T &as() const { return std::get<T>(m_parameters); }
    template<typename T> T &as() { return std::get<T>(m_parameters); }

    // Problems that would make the network impossible to build ("U-Net depth 6 needs patches of at
    // least 64 pixels"); empty when the spec is valid.
    QStringList validate() const;

    // The depth of a fully convolutional segmenter (U-Net, ResUNet): it halves its input that many
    // times, so the input's height and width must be multiples of 2^depth, and any such size
    // runs. 0 for the other families, whose input size is fixed.
    int segmenterDepth() const;

    static QString kindName(ModelKind kind);
    static std::optional<ModelKind> kindFromName(const QString &name); // as the JSON's "type"
    static QStringList kindNames();

private:
    Parameters m_parameters;
    QString m_name;
};

} // namespace deepterra
