list(APPEND DEEPTERRA_UI_SOURCES
    results/modelpredictionjob.cpp
    results/modelpredictionjob.h
    results/predictiondialog.cpp
    results/predictiondialog.h
    results/predictionoutputs.cpp
    results/predictionoutputs.h
    results/saliencytool.cpp
    results/saliencytool.h
    results/uncertaintyoptions.cpp
    results/uncertaintyoptions.h
)
