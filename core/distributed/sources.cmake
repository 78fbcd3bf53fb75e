# Data-parallel training over processes and machines on PyTorch's c10d (issue 19).
list(APPEND DEEPTERRA_CORE_TORCH_SOURCES
    distributed/private/gradientreducer.cpp
    distributed/processgroup.cpp
)
list(APPEND DEEPTERRA_CORE_SOURCES
    distributed/distributedsettings.cpp
    distributed/distributedsettings.h
    distributed/localranks.cpp
    distributed/localranks.h
    distributed/private/gradientreducer.h
    distributed/private/processgroupprivate.h
    distributed/processgroup.h
    distributed/processlost.h
)
