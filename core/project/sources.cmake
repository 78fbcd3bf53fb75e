list(APPEND DEEPTERRA_CORE_SOURCES
    project/layerkind.cpp
    project/layerkind.h
    project/layersource.cpp
    project/layersource.h
    project/project.cpp
    project/project.h
    project/projectfile.cpp
    project/projectfile.h
    project/projectlayer.h
)
