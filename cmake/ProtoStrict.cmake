# One INTERFACE target carrying the strictness every Proto target builds with.
add_library(proto_strict INTERFACE)
target_compile_definitions(proto_strict INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_CONTEXTLESS_CONNECT
    QT_NO_FOREACH
    QT_USE_QSTRINGBUILDER
    QT_DISABLE_DEPRECATED_UP_TO=0x060400)
if(MSVC)
    target_compile_options(proto_strict INTERFACE /W4 /permissive- /utf-8)
    if(PROTO_WERROR)
        target_compile_options(proto_strict INTERFACE /WX)
    endif()
else()
    target_compile_options(proto_strict INTERFACE -Wall -Wextra -Wpedantic
        -Wnon-virtual-dtor -Woverloaded-virtual -Wformat=2)
    if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
        target_compile_options(proto_strict INTERFACE -Wshadow=local)
    endif()
    if(PROTO_WERROR)
        target_compile_options(proto_strict INTERFACE -Werror)
    endif()
endif()

# proto_add_library(NAME [STATIC] SOURCES ... [PUBLIC_LIBS ...] [PRIVATE_LIBS ...])
# A core or UI library with its folder on the include path of everything linking it.
function(proto_add_library name)
    cmake_parse_arguments(L "" "" "SOURCES;PUBLIC_LIBS;PRIVATE_LIBS" ${ARGN})
    add_library(${name} STATIC ${L_SOURCES})
    target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR})
    target_link_libraries(${name} PUBLIC ${L_PUBLIC_LIBS} PRIVATE proto_strict ${L_PRIVATE_LIBS})
    set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()
