# ccache turns a rebuild of the torch translation units (20-40 s each) into seconds.
# The precompiled header needs the pch_defines/time_macros sloppiness to be cacheable. Paths are
# hashed relative to the source tree, without the working directory, so that a build in another
# clone (CI clones the repository into a new folder each run) finds what this one compiled.
if(DEEPTERRA_USE_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
    find_program(DEEPTERRA_CCACHE_PROGRAM ccache)
    if(DEEPTERRA_CCACHE_PROGRAM)
        set(CMAKE_CXX_COMPILER_LAUNCHER
            ${CMAKE_COMMAND} -E env CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
            CCACHE_BASEDIR=${PROJECT_SOURCE_DIR} CCACHE_NOHASHDIR=1
            ${DEEPTERRA_CCACHE_PROGRAM})
        message(STATUS "Deepterra: compiling through ${DEEPTERRA_CCACHE_PROGRAM}")
    endif()
endif()
