list(APPEND DEEPTERRA_CORE_TORCH_SOURCES
    inference/private/inferenceweights.cpp
    inference/private/networkstreams.cpp
    inference/private/onednnnetwork.cpp
    inference/private/onednnprimitives.cpp
    inference/private/optimizednetwork.cpp
    inference/private/tileevaluator.cpp
    inference/private/tilepipeline.cpp
    inference/rasterpredictor.cpp
    inference/seriesforecaster.cpp
    inference/trainedmodel.cpp
    inference/validationclasspairsjob.cpp
)
list(APPEND DEEPTERRA_CORE_SOURCES
    inference/forecastjob.cpp
    inference/forecastjob.h
    inference/forecastpreviewjob.cpp
    inference/forecastpreviewjob.h
    inference/forecastrequest.h
    inference/inferencemodel.h
    inference/modelinputreader.cpp
    inference/modelinputreader.h
    inference/predictionjob.cpp
    inference/predictionjob.h
    inference/predictionmosaicjob.cpp
    inference/predictionmosaicjob.h
    inference/predictionrequest.h
    inference/predictionresumestate.cpp
    inference/predictionresumestate.h
    inference/predictedwindow.cpp
    inference/predictedwindow.h
    inference/predictionsink.h
    inference/predictionstrip.h
    inference/previewpredictionjob.cpp
    inference/previewpredictionjob.h
    inference/predictionwriter.cpp
    inference/predictionwriter.h
    inference/private/inferencenetwork.h
    inference/private/inferenceweights.h
    inference/private/networkstreams.h
    inference/private/onednnnetwork.h
    inference/private/onednnprimitives.h
    inference/private/optimizednetwork.h
    inference/private/partialgeotiff.cpp
    inference/private/partialgeotiff.h
    inference/private/predictionparttags.cpp
    inference/private/predictionparttags.h
    inference/private/tileevaluator.h
    inference/private/tilepipeline.h
    inference/rasterpart.cpp
    inference/rasterpart.h
    inference/rasterpredictor.h
    inference/tileblender.cpp
    inference/tileblender.h
    inference/runmetadata.cpp
    inference/runmetadata.h
    inference/seriesforecaster.h
    inference/trainedmodel.h
    inference/uncertaintysettings.cpp
    inference/uncertaintysettings.h
    inference/validationclasspairsjob.h
)
# Permutation importance of a run's inputs (issue 15, explanation).
list(APPEND DEEPTERRA_CORE_TORCH_SOURCES inference/permutationimportancejob.cpp)
list(APPEND DEEPTERRA_CORE_SOURCES inference/permutationimportancejob.h)
# Saliency of one pixel's class (issue 15, explanation).
list(APPEND DEEPTERRA_CORE_TORCH_SOURCES inference/saliencyjob.cpp)
list(APPEND DEEPTERRA_CORE_SOURCES inference/saliencyjob.h)
# Anomalous periods of a series autoencoder (issue 15, results).
list(APPEND DEEPTERRA_CORE_TORCH_SOURCES inference/seriesanomalyjob.cpp)
list(APPEND DEEPTERRA_CORE_SOURCES inference/seriesanomalies.cpp inference/seriesanomalies.h inference/seriesanomalyjob.h)
