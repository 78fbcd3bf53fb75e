list(APPEND DEEPTERRA_CORE_TORCH_SOURCES
    runtime/torchruntime.cpp
)
list(APPEND DEEPTERRA_CORE_SOURCES
    runtime/memorypolicy.cpp
    runtime/memorypolicy.h
    runtime/torchruntime.h
)
