# Applied to every Deepterra target (never to the dependencies' headers, which are system includes).
function(deepterra_set_target_defaults target)
    target_compile_definitions(${target} PRIVATE
        QT_NO_KEYWORDS                      # torch defines `slots`
        QT_NO_CAST_FROM_BYTEARRAY
        QT_NO_URL_CAST_FROM_STRING
        QT_USE_QSTRINGBUILDER
        QT_DISABLE_DEPRECATED_BEFORE=0x060400)
    if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
        target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wno-unused-parameter)
    endif()
    # GCC 13+ (Debian 13 has 14) guesses that a reference returned by a function taking temporaries
    # dangles; it flags lookups such as `const ProjectLayer &l = TaskLayers::require(project, id, ...)`
    # that return into `project` (GCC bug 107532). Debian 12's GCC 12 has no such check.
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 13)
        target_compile_options(${target} PRIVATE -Wno-dangling-reference)
    endif()
endfunction()
