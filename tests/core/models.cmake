deepterra_add_test(TestModel SOURCES testmodel.cpp LIBRARIES deepterra_core LABELS unit)
deepterra_add_test(TestModelSpecJson SOURCES testmodelspecjson.cpp LIBRARIES deepterra_core LABELS unit)
