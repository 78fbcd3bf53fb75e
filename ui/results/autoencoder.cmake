list(APPEND DEEPTERRA_UI_SOURCES
    results/autoencoderresultsview.cpp
    results/autoencoderresultsview.h
    results/autoencoderrunresults.cpp
    results/autoencoderrunresults.h
)
# The anomalous periods of a series autoencoder on its series (issue 15).
list(APPEND DEEPTERRA_UI_SOURCES
    results/seriesanomalyplot.cpp
    results/seriesanomalyplot.h
)
