list(APPEND DEEPTERRA_UI_SOURCES
    results/forecastresultsview.cpp
    results/forecastresultsview.h
    results/forecastrunresults.cpp
    results/forecastrunresults.h
)
