deepterra_add_test(TestRasterPredictor SOURCES testrasterpredictor.cpp LIBRARIES deepterra_core LABELS unit TIMEOUT 600 HEAVY)
deepterra_add_test(TestSeriesForecaster SOURCES testseriesforecaster.cpp LIBRARIES deepterra_core LABELS unit TIMEOUT 600 HEAVY)
