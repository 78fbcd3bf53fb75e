list(APPEND DEEPTERRA_CORE_SOURCES
    metrics/calibration.cpp
    metrics/calibration.h
    metrics/classificationmetrics.cpp
    metrics/classificationmetrics.h
    metrics/climatologybaseline.cpp
    metrics/climatologybaseline.h
    metrics/confusionmatrix.cpp
    metrics/confusionmatrix.h
    metrics/forecastevaluation.cpp
    metrics/forecastevaluation.h
    metrics/jsonnumber.cpp
    metrics/jsonnumber.h
    metrics/reconstructionerrors.cpp
    metrics/reconstructionerrors.h
    metrics/regressionmetrics.cpp
    metrics/regressionmetrics.h
    metrics/season.cpp
    metrics/season.h
)
list(APPEND DEEPTERRA_CORE_SOURCES
    metrics/inputimportance.h
    metrics/permutationimportance.cpp
    metrics/permutationimportance.h
)
