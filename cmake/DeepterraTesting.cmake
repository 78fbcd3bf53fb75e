# One Qt Test executable per class under test, registered with CTest and labelled.
#   deepterra_add_test(TestRasterDataset SOURCES core/testrasterdataset.cpp
#                      LIBRARIES deepterra_core LABELS unit [TIMEOUT 120])
set(DEEPTERRA_SAMPLES_DIR "${PROJECT_SOURCE_DIR}/.samples" CACHE PATH
    "Real sample data fetched by scripts/fetch-samples.sh")

function(deepterra_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBRARIES;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    deepterra_set_target_defaults(${name})
    target_link_libraries(${name} PRIVATE Qt6::Test deepterra_test_support ${ARG_LIBRARIES})
    add_test(NAME ${name} COMMAND ${name})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    set(env "QT_QPA_PLATFORM=offscreen" "DEEPTERRA_SAMPLES_DIR=${DEEPTERRA_SAMPLES_DIR}")
    set_tests_properties(${name} PROPERTIES
        LABELS "${ARG_LABELS}"
        TIMEOUT ${ARG_TIMEOUT}
        ENVIRONMENT "${env}")
endfunction()
