# Every dependency comes from distribution packages; scripts/install-deps.sh installs them.
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets Concurrent Test PrintSupport)
qt_standard_project_setup()

# Any LibTorch works through Torch_DIR: Debian's, an official (CUDA) archive, or a Python
# installation's share/cmake/Torch.
find_package(Torch REQUIRED)

find_package(GDAL CONFIG QUIET)
if(NOT GDAL_FOUND)
    find_package(GDAL REQUIRED)
endif()

# Debian ships QCustomPlot built for Qt 6 under its own package name.
find_package(QCustomPlotQt6 CONFIG QUIET)
if(QCustomPlotQt6_FOUND)
    set(DEEPTERRA_QCUSTOMPLOT_TARGET QCustomPlotQt6::QCustomPlotQt6)
else()
    find_path(DEEPTERRA_QCUSTOMPLOT_INCLUDE qcustomplot.h REQUIRED)
    find_library(DEEPTERRA_QCUSTOMPLOT_LIBRARY NAMES QCustomPlotQt6 qcustomplotqt6 REQUIRED)
    add_library(DeepterraQCustomPlot UNKNOWN IMPORTED)
    set_target_properties(DeepterraQCustomPlot PROPERTIES
        IMPORTED_LOCATION "${DEEPTERRA_QCUSTOMPLOT_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${DEEPTERRA_QCUSTOMPLOT_INCLUDE}"
        INTERFACE_LINK_LIBRARIES "Qt6::Widgets;Qt6::PrintSupport")
    set(DEEPTERRA_QCUSTOMPLOT_TARGET DeepterraQCustomPlot)
endif()

message(STATUS "Deepterra: Qt ${Qt6_VERSION}, LibTorch ${Torch_VERSION}, GDAL ${GDAL_VERSION}")
