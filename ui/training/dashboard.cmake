list(APPEND DEEPTERRA_UI_SOURCES
    training/confusionmatrixview.cpp
    training/confusionmatrixview.h
    training/curveoptionsbar.cpp
    training/curveoptionsbar.h
    training/curvesmoothing.cpp
    training/curvesmoothing.h
    training/dashboardbatchseries.cpp
    training/dashboardbatchseries.h
    training/dashboardplots.cpp
    training/dashboardplots.h
    training/forecastpreviewplot.cpp
    training/forecastpreviewplot.h
    training/trainingcurves.cpp
    training/trainingcurves.h
    training/trainingdashboard.cpp
    training/trainingdashboard.h
)
