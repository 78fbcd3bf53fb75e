list(APPEND DEEPTERRA_CORE_SOURCES
    inspect/fileinspector.cpp
    inspect/fileinspector.h
    inspect/infotextformatter.cpp
    inspect/infotextformatter.h
    inspect/rasterreport.cpp
    inspect/rasterreport.h
    inspect/seriesreport.cpp
    inspect/seriesreport.h
)
