list(APPEND DEEPTERRA_UI_SOURCES
    results/classresultsview.cpp
    results/classresultsview.h
    results/classrunresults.cpp
    results/classrunresults.h
    results/confusionheatmap.cpp
    results/confusionheatmap.h
    results/reliabilitydiagram.cpp
    results/reliabilitydiagram.h
    results/testsplitfigures.cpp
    results/testsplitfigures.h
)
# Input importance (permutation importance) in the class and forecast results views.
list(APPEND DEEPTERRA_UI_SOURCES
    results/importancechart.cpp
    results/importancechart.h
    results/importancepanel.cpp
    results/importancepanel.h
)
