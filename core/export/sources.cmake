list(APPEND DEEPTERRA_CORE_TORCH_SOURCES
    export/exportedmodel.cpp
    export/modelexporter.cpp
)
list(APPEND DEEPTERRA_CORE_SOURCES
    export/exportedmodel.h
    export/exportweights.h
    export/modelcard.cpp
    export/modelcard.h
    export/modelexporter.h
    export/onnxwriter.cpp
    export/onnxwriter.h
    export/private/exportedmodelprivate.h
    export/private/onnxgraphbuilder.cpp
    export/private/onnxgraphbuilder.h
)
