# Every dependency comes from distribution packages; scripts/install-deps.sh installs them.
find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets Concurrent Test PrintSupport)
qt_standard_project_setup()

# Any LibTorch from 1.13 on works through Torch_DIR: Debian's, an official (CUDA) archive, or a
# Python installation's share/cmake/Torch (README, "GPU build"). Torch's config puts its required
# flags (TORCH_CXX_FLAGS) on the torch target, which reaches every Deepterra target through
# deepterra_core. A CUDA LibTorch's config enables the CUDA language itself and so needs the CUDA
# toolkit (nvcc); a CPU-only one needs nothing beyond C++.
find_package(Torch 1.13 REQUIRED)
# Qt and GDAL come from the distribution, built with libstdc++'s C++11 ABI. A LibTorch built with
# the old ABI (pip wheels and "pre-cxx11" archives up to 2.6) cannot share std::string with them.
if(TORCH_CXX_FLAGS MATCHES "_GLIBCXX_USE_CXX11_ABI=0")
    message(FATAL_ERROR
        "The LibTorch in ${Torch_DIR} uses the pre-C++11 libstdc++ ABI (${TORCH_CXX_FLAGS}); Qt and GDAL use "
        "the C++11 ABI. Use a \"cxx11 ABI\" LibTorch archive, or a Python torch 2.7 or newer.")
endif()
if(TARGET torch_cuda)
    if(CUDAToolkit_VERSION)
        set(DEEPTERRA_TORCH_BACKEND "CUDA ${CUDAToolkit_VERSION}")
    else()
        set(DEEPTERRA_TORCH_BACKEND "CUDA")
    endif()
else()
    set(DEEPTERRA_TORCH_BACKEND "CPU")
endif()

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

# ONNX export: Debian's libonnx-dev (generated message classes, checker, shape inference). Debian's
# LibTorch links the same libonnx and libprotobuf, so nothing new reaches the user's machine. Its
# config defines protobuf::libprotobuf, which ONNX's targets name; other LibTorch builds may not.
if(NOT TARGET protobuf::libprotobuf)
    find_package(Protobuf REQUIRED)
endif()
find_package(ONNX CONFIG QUIET)
if(TARGET onnx)
    set(DEEPTERRA_ONNX_TARGET onnx)
else()
    find_path(DEEPTERRA_ONNX_INCLUDE onnx/onnx_pb.h REQUIRED)
    find_library(DEEPTERRA_ONNX_LIBRARY onnx REQUIRED)
    find_library(DEEPTERRA_ONNX_PROTO_LIBRARY onnx_proto REQUIRED)
    add_library(DeepterraOnnx INTERFACE IMPORTED)
    set_target_properties(DeepterraOnnx PROPERTIES
        INTERFACE_COMPILE_DEFINITIONS "ONNX_NAMESPACE=onnx;ONNX_ML=1"
        INTERFACE_INCLUDE_DIRECTORIES "${DEEPTERRA_ONNX_INCLUDE}"
        INTERFACE_LINK_LIBRARIES "${DEEPTERRA_ONNX_LIBRARY};${DEEPTERRA_ONNX_PROTO_LIBRARY};protobuf::libprotobuf")
    set(DEEPTERRA_ONNX_TARGET DeepterraOnnx)
    set(ONNX_VERSION "(no CMake config)")
endif()

# Data-parallel training: LibTorch's c10d runs its CPU collectives on Gloo, whose headers its
# ProcessGroupGloo.hpp includes (Debian: libgloo-dev; libgloo0 is a dependency of LibTorch already).
find_path(DEEPTERRA_GLOO_INCLUDE gloo/algorithm.h HINTS ${TORCH_INCLUDE_DIRS})
find_path(DEEPTERRA_C10D_INCLUDE torch/csrc/distributed/c10d/ProcessGroupGloo.hpp HINTS ${TORCH_INCLUDE_DIRS})
if(DEEPTERRA_GLOO_INCLUDE AND DEEPTERRA_C10D_INCLUDE)
    set(DEEPTERRA_HAS_GLOO ON)
    set(DEEPTERRA_GLOO_STATUS "Gloo")
else()
    set(DEEPTERRA_HAS_GLOO OFF)
    set(DEEPTERRA_GLOO_STATUS "no Gloo: one-process training only")
endif()

# The segmenters' inference runtime (OneDnnNetwork) calls oneDNN itself: the library LibTorch links
# (Debian: libdnnl-dev for its headers; libdnnl2 / libdnnl3.6 is a dependency of LibTorch already).
# Without it the inference form runs as TorchScript.
find_path(DEEPTERRA_ONEDNN_INCLUDE oneapi/dnnl/dnnl.hpp)
find_library(DEEPTERRA_ONEDNN_LIBRARY dnnl)
set(DEEPTERRA_ONEDNN_MAJOR 0)
if(DEEPTERRA_ONEDNN_INCLUDE AND DEEPTERRA_ONEDNN_LIBRARY)
    set(DEEPTERRA_HAS_ONEDNN ON)
    file(STRINGS ${DEEPTERRA_ONEDNN_INCLUDE}/oneapi/dnnl/dnnl_version.h _dnnl_major
         REGEX "#define DNNL_VERSION_MAJOR ")
    string(REGEX MATCH "[0-9]+" DEEPTERRA_ONEDNN_MAJOR "${_dnnl_major}")
    set(DEEPTERRA_ONEDNN_STATUS "oneDNN ${DEEPTERRA_ONEDNN_MAJOR}")
else()
    set(DEEPTERRA_HAS_ONEDNN OFF)
    set(DEEPTERRA_ONEDNN_STATUS "no oneDNN headers: segmenters run the TorchScript inference form")
endif()

message(STATUS "Deepterra: Qt ${Qt6_VERSION}, LibTorch ${Torch_VERSION} (${DEEPTERRA_TORCH_BACKEND}), GDAL ${GDAL_VERSION}, ONNX ${ONNX_VERSION}, ${DEEPTERRA_GLOO_STATUS}, ${DEEPTERRA_ONEDNN_STATUS}")
