#include "common/dataerror.h"

namespace deepterra {

namespace {
QString formatMessage(const QString &path, const QString &cause)
{
    return path.isEmpty() ? cause : path + QStringLiteral(": ") + cause;
}
} // namespace

DataError::DataError(const QString &path, const QString &cause)
    : std::runtime_error(formatMessage(path, cause).toStdString())
    , m_path(path)
    , m_cause(cause)
{ }

QString DataError::message() const
{
    return formatMessage(m_path, m_cause);
}

} // namespace deepterra
