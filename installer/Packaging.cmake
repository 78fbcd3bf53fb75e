# CPack: a .deb for the Debian release this build runs on (build the Debian 13 package in the Debian 13
# root, scripts/debian13.sh) and a .tar.gz to unpack anywhere. Included by installer/CMakeLists.txt,
# which defines the DEEPTERRA_DEB_* and DEEPTERRA_MAINTAINER_EMAIL variables.
set(CPACK_PACKAGE_NAME deepterra)
set(CPACK_PACKAGE_VENDOR "The Deepterra developers")
set(CPACK_PACKAGE_CONTACT "The Deepterra developers <${DEEPTERRA_MAINTAINER_EMAIL}>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_HOMEPAGE_URL ${PROJECT_HOMEPAGE_URL})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "deep learning on geodata without writing code")
# Debian's extended description: lines under 80 columns, no leading capitals rule for the synopsis.
set(CPACK_PACKAGE_DESCRIPTION
    "Deepterra lets geoscientists train and apply deep-learning models on their own\n"
    "geodata: DEMs, multi-band satellite imagery, label rasters or polygons, and\n"
    "climate or ocean series (GeoTIFF, NetCDF, GeoPackage, CSV and every format GDAL\n"
    "reads). Networks are configured in forms and trained with LibTorch on the CPU\n"
    "or a CUDA GPU, with live loss curves and predictions on the map: U-Net\n"
    "segmentation and patch classification, LSTM and GRU forecasters, and\n"
    "autoencoders for anomaly detection. Trained models export to TorchScript and\n"
    "ONNX with a model card; reports are written as HTML and PDF.\n"
    "\n"
    "The package holds the desktop application (deepterra), the same engine without\n"
    "a display (deepterra-cli) and a demo project of a Landsat scene.")
string(REPLACE ";" "" CPACK_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/LICENSE)
set(CPACK_STRIP_FILES ON)
set(CPACK_GENERATOR DEB TGZ)
set(CPACK_SOURCE_GENERATOR "")
set(CPACK_PACKAGE_DIRECTORY ${CMAKE_BINARY_DIR}/package)

# The tarball unpacks into one folder with bin/ and share/; the programs find the demo as ../share.
# (The .deb takes its own name, DEB-DEFAULT, below.)
set(CPACK_PACKAGE_FILE_NAME
    "deepterra-${PROJECT_VERSION}-${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}-deb${distribution_major}")
set(CPACK_INCLUDE_TOPLEVEL_DIRECTORY ON)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_RELEASE ${DEEPTERRA_DEB_RELEASE})
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "The Deepterra developers <${DEEPTERRA_MAINTAINER_EMAIL}>")
set(CPACK_DEBIAN_COMPRESSION_TYPE xz)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# The libraries the programs link (Qt, LibTorch, GDAL, QCustomPlot...) come from dpkg-shlibdeps; it
# cannot see what is loaded at run time or read as data: OpenBLAS (LibTorch's BLAS through the
# alternatives system: with the reference BLAS training is 40x slower) and the report's font.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libopenblas0-pthread, fonts-dejavu-core")
# The Wayland platform plugin: without it Qt runs through XWayland.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "qt6-wayland")

include(CPack)
