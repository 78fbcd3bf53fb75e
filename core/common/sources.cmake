list(APPEND DEEPTERRA_CORE_SOURCES
    common/dataerror.cpp
    common/dataerror.h
    common/handoverqueue.h
    common/happensbefore.h
)
list(APPEND DEEPTERRA_CORE_SOURCES
    common/jsonfields.cpp
    common/jsonfields.h
)
list(APPEND DEEPTERRA_CORE_SOURCES
    common/qtcompat.h
)
list(APPEND DEEPTERRA_CORE_SOURCES
    common/outputpathcheck.cpp
    common/outputpathcheck.h
)
list(APPEND DEEPTERRA_CORE_SOURCES
    common/atomicfile.cpp
    common/atomicfile.h
)
list(APPEND DEEPTERRA_CORE_SOURCES
    common/systemwritefailure.cpp
    common/systemwritefailure.h
)
