deepterra_add_test(TestPredictionDialog SOURCES testpredictiondialog.cpp resultsruntest.h workspacetest.h
    LIBRARIES deepterra_ui LABELS gui TIMEOUT 300 HEAVY)
target_compile_definitions(TestPredictionDialog PRIVATE DEEPTERRA_CLI_PATH="$<TARGET_FILE:deepterra-cli>")
add_dependencies(TestPredictionDialog deepterra-cli)
deepterra_add_test(TestSaliencyTool SOURCES testsaliencytool.cpp resultsruntest.h workspacetest.h
    LIBRARIES deepterra_ui LABELS gui TIMEOUT 300 HEAVY)
target_compile_definitions(TestSaliencyTool PRIVATE DEEPTERRA_CLI_PATH="$<TARGET_FILE:deepterra-cli>")
add_dependencies(TestSaliencyTool deepterra-cli)
