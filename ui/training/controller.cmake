list(APPEND DEEPTERRA_UI_SOURCES
    training/crossvalidationdialog.cpp
    training/crossvalidationdialog.h
    training/livepreview.cpp
    training/livepreview.h
    training/overlaycontrols.cpp
    training/overlaycontrols.h
    training/runcurves.h
    training/trainingcontroller.cpp
    training/trainingcontroller.h
    training/trainingworkbench.cpp
    training/trainingworkbench.h
)
