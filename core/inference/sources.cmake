list(APPEND DEEPTERRA_CORE_TORCH_SOURCES
    inference/private/optimizednetwork.cpp
    inference/rasterpredictor.cpp
    inference/seriesforecaster.cpp
    inference/trainedmodel.cpp
)
list(APPEND DEEPTERRA_CORE_SOURCES
    inference/forecastjob.cpp
    inference/forecastjob.h
    inference/forecastrequest.h
    inference/inferencemodel.h
    inference/predictionjob.cpp
    inference/predictionjob.h
    inference/predictionrequest.h
    inference/predictionstrip.h
    inference/predictionwriter.cpp
    inference/predictionwriter.h
    inference/private/inferencenetwork.h
    inference/private/optimizednetwork.h
    inference/rasterpredictor.h
    inference/tileblender.cpp
    inference/tileblender.h
    inference/runmetadata.cpp
    inference/runmetadata.h
    inference/seriesforecaster.h
    inference/trainedmodel.h
)
