deepterra_add_test(TestReportDialog SOURCES testreportdialog.cpp resultsruntest.h workspacetest.h
    LIBRARIES deepterra_ui LABELS gui TIMEOUT 300 HEAVY)
target_compile_definitions(TestReportDialog PRIVATE DEEPTERRA_CLI_PATH="$<TARGET_FILE:deepterra-cli>")
add_dependencies(TestReportDialog deepterra-cli)
deepterra_add_test(TestMapFigure SOURCES testmapfigure.cpp LIBRARIES deepterra_ui deepterra_test_support LABELS gui)
deepterra_add_test(TestSplitFigure SOURCES testsplitfigure.cpp LIBRARIES deepterra_ui deepterra_test_support LABELS gui)
deepterra_add_test(TestConfidenceFigure SOURCES testconfidencefigure.cpp LIBRARIES deepterra_ui deepterra_test_support
    LABELS gui)
