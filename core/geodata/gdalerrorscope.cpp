#include "geodata/gdalerrorscope.h"

namespace deepterra {

GdalErrorScope::GdalErrorScope()
{
    CPLPushErrorHandlerEx(&GdalErrorScope::handler, this);
    CPLErrorReset();
}

GdalErrorScope::~GdalErrorScope()
{
    CPLPopErrorHandler();
}

void CPL_STDCALL GdalErrorScope::handler(CPLErr errorClass, CPLErrorNum, const char *message)
{
    auto *self = static_cast<GdalErrorScope *>(CPLGetErrorHandlerUserData());
    if (!self)
        return;
    const QString text = QString::fromUtf8(message).trimmed();
    if (errorClass >= CE_Failure)
        self->m_errors.append(text);
    else if (errorClass == CE_Warning)
        self->m_warnings.append(text);
}

QString GdalErrorScope::lastError(const QString &fallback) const
{
    return m_errors.isEmpty() ? fallback : m_errors.constLast();
}

void GdalErrorScope::clear()
{
    m_errors.clear();
    m_warnings.clear();
}

} // namespace deepterra
