list(APPEND DEEPTERRA_CORE_TORCH_SOURCES
    runtime/onednncheck.cpp
    runtime/private/convolutioncheck.cpp
    runtime/torchruntime.cpp
)
list(APPEND DEEPTERRA_CORE_SOURCES
    runtime/gpuinventory.cpp
    runtime/gpuinventory.h
    runtime/private/cudadriverprobe.cpp
    runtime/private/cudadriverprobe.h
    runtime/memorypolicy.cpp
    runtime/memorypolicy.h
    runtime/onednncheck.h
    runtime/private/convolutioncheck.h
    runtime/torchruntime.h
)
