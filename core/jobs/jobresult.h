#pragma once

#include <QString>

namespace deepterra {

struct JobResult
{
    enum class Status { Succeeded, Failed, Canceled };
    Status status = Status::Succeeded;
    QString error;

    bool succeeded() const { return status == Status::Succeeded; }
};

} // namespace deepterra
