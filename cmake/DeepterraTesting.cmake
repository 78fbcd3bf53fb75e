# One Qt Test executable per class under test, registered with CTest and labelled.
#   deepterra_add_test(TestRasterDataset SOURCES core/testrasterdataset.cpp
#                      LIBRARIES deepterra_core LABELS unit [TIMEOUT 120] [HEAVY])
# Labels: unit, gui, slow, gpu, package; threads marks the tests of the threaded parts (jobs, training,
# prediction streams, the overview cache, the map renderer) that the tsan preset runs.

function(deepterra_add_test name)
    cmake_parse_arguments(ARG "HEAVY" "TIMEOUT" "SOURCES;LIBRARIES;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    deepterra_set_target_defaults(${name})
    target_link_libraries(${name} PRIVATE Qt6::Test deepterra_test_support ${ARG_LIBRARIES})
    add_test(NAME ${name} COMMAND ${name})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 120)
    endif()
    # Sanitizer builds run several times slower (DEEPTERRA_TEST_TIMEOUT_FACTOR in their presets).
    math(EXPR ARG_TIMEOUT "${ARG_TIMEOUT} * ${DEEPTERRA_TEST_TIMEOUT_FACTOR}")
    # OpenMP and OpenBLAS threads that spin while waiting make LibTorch tests running beside other
    # work (ctest -j) crawl: wait passively, and leave the parallelism to LibTorch's own threads.
    set(env "QT_QPA_PLATFORM=offscreen" "DEEPTERRA_SAMPLES_DIR=${DEEPTERRA_SAMPLES_DIR}" "OMP_WAIT_POLICY=PASSIVE" "OPENBLAS_NUM_THREADS=1"
        "QTEST_FUNCTION_TIMEOUT=${ARG_TIMEOUT}000")
    set_tests_properties(${name} PROPERTIES
        LABELS "${ARG_LABELS}"
        TIMEOUT ${ARG_TIMEOUT}
        ENVIRONMENT "${env}")
    if(ARG_HEAVY)
        # Tests that train networks use every core: never two of them at once under ctest -j.
        set_tests_properties(${name} PROPERTIES RESOURCE_LOCK deepterra_cores)
    endif()
endfunction()
