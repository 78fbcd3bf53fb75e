list(APPEND DEEPTERRA_UI_SOURCES
    results/autoencoderresultsview.cpp
    results/autoencoderresultsview.h
    results/autoencoderrunresults.cpp
    results/autoencoderrunresults.h
)
