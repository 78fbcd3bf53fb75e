list(APPEND DEEPTERRA_CORE_TORCH_SOURCES
    inference/trainedmodel.cpp
)
list(APPEND DEEPTERRA_CORE_SOURCES
    inference/trainedmodel.h
)
