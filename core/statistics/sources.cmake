list(APPEND DEEPTERRA_CORE_SOURCES
    statistics/bandstatistics.cpp
    statistics/bandstatistics.h
    statistics/percentilerank.cpp
    statistics/percentilerank.h
    statistics/rasterstatistics.cpp
    statistics/rasterstatistics.h
    statistics/runningmoments.cpp
    statistics/runningmoments.h
    statistics/statisticsoptions.h
    statistics/valuehistogram.cpp
    statistics/valuehistogram.h
)
