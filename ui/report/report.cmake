# Run reports: HTML and PDF (deepterra-cli report, the app's Export Report...).
list(APPEND DEEPTERRA_UI_SOURCES
    report/confidencefigure.cpp
    report/confidencefigure.h
    report/mapfigure.cpp
    report/mapfigure.h
    report/mapframe.cpp
    report/mapframe.h
    report/rasterunderlay.cpp
    report/rasterunderlay.h
    report/reportdialog.cpp
    report/reportdialog.h
    report/reportfigure.h
    report/reportfigures.cpp
    report/reportfigures.h
    report/reporthtml.cpp
    report/reporthtml.h
    report/reportrequest.h
    report/reportwriter.cpp
    report/reportwriter.h
    report/runreportdata.cpp
    report/runreportdata.h
    report/splitfigure.cpp
    report/splitfigure.h
)
