list(APPEND DEEPTERRA_UI_SOURCES
    results/classresultsview.cpp
    results/classresultsview.h
    results/classrunresults.cpp
    results/classrunresults.h
    results/confusionheatmap.cpp
    results/confusionheatmap.h
)
