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
endfunction()
