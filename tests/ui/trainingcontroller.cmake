deepterra_add_test(TestTrainingWorkflow SOURCES testtrainingworkflow.cpp trainingworkflowtest.h workspacetest.h LIBRARIES deepterra_ui
    LABELS gui slow threads TIMEOUT 1200 HEAVY)
target_compile_definitions(TestTrainingWorkflow PRIVATE DEEPTERRA_CLI_PATH="$<TARGET_FILE:deepterra-cli>")
add_dependencies(TestTrainingWorkflow deepterra-cli)
deepterra_add_test(TestTrainingProcesses SOURCES testtrainingprocesses.cpp trainingworkflowtest.h workspacetest.h
    LIBRARIES deepterra_ui LABELS gui slow threads TIMEOUT 600 HEAVY)
target_compile_definitions(TestTrainingProcesses PRIVATE DEEPTERRA_CLI_PATH="$<TARGET_FILE:deepterra-cli>")
add_dependencies(TestTrainingProcesses deepterra-cli)
