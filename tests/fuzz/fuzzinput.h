#pragma once

#include "common/dataerror.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>

#include <cstddef>
#include <cstdint>
#include <optional>

// What the fuzz targets share: the input as bytes, as a JSON object, or as a file (the readers take
// paths, as users give them files).
namespace deepterra::fuzz {

inline QByteArray bytes(const std::uint8_t *data, std::size_t size)
{
    return QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
}

// The object a JSON text holds; nothing for text that is not a JSON object (the parsers under test
// start from an object: QJsonDocument is Qt's, fuzzed by Qt).
inline std::optional<QJsonObject> jsonObject(const std::uint8_t *data, std::size_t size)
{
    const QJsonDocument document = QJsonDocument::fromJson(bytes(data, size));
    if (!document.isObject())
        return std::nullopt;
    return document.object();
}

// Runs `parse` on the JSON object the input holds, if it holds one. A DataError is the parsers' refusal
// of a bad file, as users see it: expected; anything else (a crash, another exception) is a finding.
template<typename Parse> int parseJsonObject(const std::uint8_t *data, std::size_t size, Parse parse)
{
    const auto json = jsonObject(data, size);
    if (!json)
        return 0;
    try {
        parse(*json);
    } catch (const DataError &) { }
    return 0;
}

// Writes the input to one file per process in /dev/shm (memory: the fuzzer runs thousands of inputs
// a second) and returns its path.
inline QString asFile(const std::uint8_t *data, std::size_t size, const char *suffix)
{
    static const QString folder
        = QFile::exists(QStringLiteral("/dev/shm")) ? QStringLiteral("/dev/shm") : QStringLiteral("/tmp");
    const QString path = QStringLiteral("%1/deepterra-fuzz-%2%3")
                             .arg(folder)
                             .arg(QCoreApplication::applicationPid())
                             .arg(QLatin1String(suffix));
    QFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        file.write(reinterpret_cast<const char *>(data), qint64(size));
    return path;
}

} // namespace deepterra::fuzz
