#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <limits>
#include <vector>

namespace deepterra {

// Typed, validated reads of one JSON object of a project or spec file. Each failed read throws a
// DataError naming the file and the key's full path ("model.blocks[2].filters must be an integer
// >= 1 (got -3)"), so that a hand-edited file gets a message a user can act on.
class JsonFields
{
public:
    JsonFields(QJsonObject object, QString filePath, QString keyPath);

    bool has(const QString &key) const { return m_object.contains(key); }
    int integer(const QString &key, int fallback, int minimum = std::numeric_limits<int>::min(),
                int maximum = std::numeric_limits<int>::max()) const;
    double number(const QString &key, double fallback,
                  double minimum = -std::numeric_limits<double>::infinity(),
                  double maximum = std::numeric_limits<double>::infinity()) const;
    bool boolean(const QString &key, bool fallback) const;
    QString string(const QString &key, const QString &fallback) const;
    QString requiredString(const QString &key) const;
    // One of `allowed`, compared case-insensitively; returns the allowed spelling.
    QString choice(const QString &key, const QString &fallback, const QStringList &allowed) const;
    std::vector<int> integers(const QString &key, const std::vector<int> &fallback, int minimum,
                              int maximum) const;
    QStringList strings(const QString &key, const QStringList &fallback = {}) const;
    JsonFields object(const QString &key) const; // an absent key gives an empty object
    std::vector<JsonFields> objects(const QString &key) const;

    [[noreturn]] void fail(const QString &key, const QString &problem) const;
    QString keyPath(const QString &key) const;
    const QJsonObject &json() const { return m_object; }
    const QString &filePath() const { return m_filePath; }
    const QString &location() const { return m_keyPath; } // "model.blocks[1]"

private:
    QJsonObject m_object;
    QString m_filePath;
    QString m_keyPath;
};

} // namespace deepterra
