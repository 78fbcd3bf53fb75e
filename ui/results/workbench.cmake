list(APPEND DEEPTERRA_UI_SOURCES
    results/resultsdock.cpp
    results/resultsdock.h
    results/resultsworkbench.cpp
    results/resultsworkbench.h
)
