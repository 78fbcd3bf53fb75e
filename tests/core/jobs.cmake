deepterra_add_test(TestJobRunner SOURCES testjobrunner.cpp LIBRARIES deepterra_core LABELS unit)
