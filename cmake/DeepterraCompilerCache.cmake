# ccache turns a rebuild of the torch translation units (20-40 s each) into seconds.
# The precompiled header needs the pch_defines/time_macros sloppiness to be cacheable.
if(DEEPTERRA_USE_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
    find_program(DEEPTERRA_CCACHE_PROGRAM ccache)
    if(DEEPTERRA_CCACHE_PROGRAM)
        set(CMAKE_CXX_COMPILER_LAUNCHER
            ${CMAKE_COMMAND} -E env CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
            ${DEEPTERRA_CCACHE_PROGRAM})
        message(STATUS "Deepterra: compiling through ${DEEPTERRA_CCACHE_PROGRAM}")
    endif()
endif()
