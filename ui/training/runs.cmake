list(APPEND DEEPTERRA_UI_SOURCES
    training/runspanel.cpp
    training/runspanel.h
)
