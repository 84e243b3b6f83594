# proto_add_test(NAME SOURCES ... [LIBS ...] [LABELS ...] [ENVIRONMENT ...] [TIMEOUT s] [RUN_SERIAL])
# One QtTest executable, registered with CTest under its labels. Tests run headless
# (QT_QPA_PLATFORM=offscreen unless the test sets its own), with QStandardPaths' test mode
# switched on by the test itself and PROTO_DESKTOP_HOME pointing into a temporary folder.
function(proto_add_test name)
    cmake_parse_arguments(T "RUN_SERIAL" "TIMEOUT" "SOURCES;LIBS;LABELS;ENVIRONMENT" ${ARGN})
    add_executable(${name} ${T_SOURCES})
    target_link_libraries(${name} PRIVATE Qt6::Test proto_strict ${T_LIBS})
    set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests/bin)
    add_test(NAME ${name} COMMAND ${name})
    if(NOT T_TIMEOUT)
        set(T_TIMEOUT 300)
    endif()
    set(env "QT_QPA_PLATFORM=offscreen" "PROTO_TEST_SOURCE_DIR=${PROJECT_SOURCE_DIR}"
        "PROTO_TEST_BIN_DIR=${CMAKE_BINARY_DIR}/bin" "QT_LOGGING_RULES=proto.*.debug=false"
        ${T_ENVIRONMENT})
    set_tests_properties(${name} PROPERTIES LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT} ENVIRONMENT "${env}")
    if(T_RUN_SERIAL)
        set_tests_properties(${name} PROPERTIES RUN_SERIAL TRUE)
    endif()
endfunction()

# proto_add_benchmark(NAME SOURCES ... [LIBS ...]): built with the tests, run by tools/bench only.
function(proto_add_benchmark name)
    cmake_parse_arguments(B "" "" "SOURCES;LIBS" ${ARGN})
    add_executable(${name} ${B_SOURCES})
    target_link_libraries(${name} PRIVATE proto_strict ${B_LIBS})
    set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/benchmarks)
endfunction()
