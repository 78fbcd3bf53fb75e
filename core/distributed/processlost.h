#pragma once

#include "common/dataerror.h"

namespace deepterra {

// A collective of a data-parallel job failed: another rank died, or did not answer within the
// timeout. The run is interrupted, not failed: it resumes from its last checkpoint once every
// rank can run again (TrainingJob leaves it resumable).
class ProcessLost : public DataError
{
public:
    using DataError::DataError;
};

} // namespace deepterra
