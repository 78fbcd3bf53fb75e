deepterra_add_test(TestClassResultsView SOURCES testclassresultsview.cpp workspacetest.h LIBRARIES deepterra_ui LABELS gui TIMEOUT 300)
deepterra_add_test(TestReliabilityDiagram SOURCES testreliabilitydiagram.cpp LIBRARIES deepterra_ui LABELS gui)
deepterra_add_test(TestImportancePanel SOURCES testimportancepanel.cpp LIBRARIES deepterra_ui LABELS gui TIMEOUT 300 HEAVY)
deepterra_add_test(TestClassResultsViewPatches SOURCES testclassresultsviewpatches.cpp resultsruntest.h workspacetest.h
    LIBRARIES deepterra_ui LABELS gui TIMEOUT 300)
target_compile_definitions(TestClassResultsViewPatches PRIVATE DEEPTERRA_CLI_PATH="$<TARGET_FILE:deepterra-cli>")
add_dependencies(TestClassResultsViewPatches deepterra-cli)
