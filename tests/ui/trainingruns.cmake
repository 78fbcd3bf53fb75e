deepterra_add_test(TestRunsPanel SOURCES testrunspanel.cpp LIBRARIES deepterra_ui LABELS gui)
