#pragma once

#include <QString>

#include <stdexcept>

namespace deepterra {

// Raised for anything wrong with a user's input: a missing, corrupt or truncated file, an
// unsupported format, a wrong CRS or band count. The message always names the file and the cause
// so that the CLI can print it as one line and the GUI can show it as is.
class DataError : public std::runtime_error
{
public:
    DataError(const QString &path, const QString &cause);

    const QString &path() const { return m_path; }
    const QString &cause() const { return m_cause; }
    QString message() const;

private:
    QString m_path;
    QString m_cause;
};

} // namespace deepterra
