list(APPEND DEEPTERRA_CORE_SOURCES
    terrain/aspectnodatarestorer.cpp
    terrain/aspectnodatarestorer.h
    terrain/demderivative.h
    terrain/demderivativeoptions.h
    terrain/demprocessor.cpp
    terrain/demprocessor.h
)
