list(APPEND DEEPTERRA_UI_SOURCES
    results/exportdialog.cpp
    results/exportdialog.h
)
