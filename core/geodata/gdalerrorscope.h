#pragma once

#include <QString>
#include <QStringList>

#include <cpl_error.h>

namespace deepterra {

// Collects GDAL's error messages for the lifetime of the scope instead of letting GDAL print them
// on stderr, so that failures can be reported to the user with GDAL's own explanation. Private to
// core: it is meant for the .cpp files that call GDAL. GDAL keeps handlers per thread, so
// a scope only sees the errors of its own thread.
class GdalErrorScope
{
public:
    GdalErrorScope();
    ~GdalErrorScope();
    GdalErrorScope(const GdalErrorScope &) = delete;
    GdalErrorScope &operator=(const GdalErrorScope &) = delete;

    // The most recent failure message, or `fallback` when GDAL said nothing.
    QString lastError(const QString &fallback = QString()) const;
    const QStringList &errors() const { return m_errors; }
    const QStringList &warnings() const { return m_warnings; }
    void clear();

private:
    static void CPL_STDCALL handler(CPLErr errorClass, CPLErrorNum errorNumber, const char *message);

    QStringList m_errors;
    QStringList m_warnings;
};

} // namespace deepterra
