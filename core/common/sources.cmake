list(APPEND DEEPTERRA_CORE_SOURCES
    common/dataerror.cpp
    common/dataerror.h
)
