list(APPEND DEEPTERRA_CORE_SOURCES
    accuracy/accuracyassessment.cpp
    accuracy/accuracyassessment.h
    accuracy/mappedclassareas.cpp
    accuracy/mappedclassareas.h
    accuracy/referencepoint.h
    accuracy/referencepointsfile.cpp
    accuracy/referencepointsfile.h
    accuracy/samplepointsjob.cpp
    accuracy/samplepointsjob.h
    accuracy/stratifiedpointsampler.cpp
    accuracy/stratifiedpointsampler.h
)
