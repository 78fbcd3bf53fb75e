# Run reports: HTML and PDF (deepterra-cli report, the app's Export Report...).
list(APPEND DEEPTERRA_UI_SOURCES
    report/mapfigure.cpp
    report/mapfigure.h
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
)
