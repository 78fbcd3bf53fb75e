deepterra_add_test(TestExportDialog SOURCES testexportdialog.cpp resultsruntest.h workspacetest.h
    LIBRARIES deepterra_ui LABELS gui TIMEOUT 300 HEAVY)
target_compile_definitions(TestExportDialog PRIVATE DEEPTERRA_CLI_PATH="$<TARGET_FILE:deepterra-cli>")
add_dependencies(TestExportDialog deepterra-cli)
