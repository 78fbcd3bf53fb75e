deepterra_add_test(TestAutoencoderResultsView SOURCES testautoencoderresultsview.cpp resultsruntest.h workspacetest.h
    LIBRARIES deepterra_ui LABELS gui TIMEOUT 300 HEAVY)
target_compile_definitions(TestAutoencoderResultsView PRIVATE DEEPTERRA_CLI_PATH="$<TARGET_FILE:deepterra-cli>")
add_dependencies(TestAutoencoderResultsView deepterra-cli)
deepterra_add_test(TestSeriesAnomalyPlot SOURCES testseriesanomalyplot.cpp resultsruntest.h workspacetest.h
    LIBRARIES deepterra_ui LABELS gui TIMEOUT 300 HEAVY)
target_compile_definitions(TestSeriesAnomalyPlot PRIVATE DEEPTERRA_CLI_PATH="$<TARGET_FILE:deepterra-cli>")
