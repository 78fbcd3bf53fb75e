deepterra_add_test(TestClassResultsView SOURCES testclassresultsview.cpp workspacetest.h LIBRARIES deepterra_ui LABELS gui TIMEOUT 300)
