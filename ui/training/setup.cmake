# The training set-up forms (issue 14): task and inputs, model, sampling and split, training
# settings, device, validated as the user types.
list(APPEND DEEPTERRA_UI_SOURCES
    training/architectureform.cpp
    training/architectureform.h
    training/devicecombo.cpp
    training/devicecombo.h
    training/devicepage.cpp
    training/devicepage.h
    training/fieldhelp.cpp
    training/fieldhelp.h
    training/modelpage.cpp
    training/modelpage.h
    training/samplingpage.cpp
    training/samplingpage.h
    training/setupform.cpp
    training/setupform.h
    training/taskinputspage.cpp
    training/taskinputspage.h
    training/trainingsettingspage.cpp
    training/trainingsettingspage.h
    training/trainingsetuppanel.cpp
    training/trainingsetuppanel.h
)
