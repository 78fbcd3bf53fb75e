list(APPEND DEEPTERRA_UI_SOURCES
    results/resultsworkbench.cpp
    results/resultsworkbench.h
)
