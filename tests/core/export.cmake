deepterra_add_test(TestModelExporter SOURCES testmodelexporter.cpp LIBRARIES deepterra_core LABELS unit TIMEOUT 600 HEAVY)
deepterra_add_test(TestExportedModel SOURCES testexportedmodel.cpp LIBRARIES deepterra_core LABELS unit)
deepterra_add_test(TestOnnxWriter SOURCES testonnxwriter.cpp onnxreference.cpp onnxreference.h LIBRARIES deepterra_core ${DEEPTERRA_ONNX_TARGET} LABELS unit)
