
add_unit_test(test_pe test_pe.c pe_builder.c ${CMAKE_SOURCE_DIR}/src/loader/pe.c)
add_unit_test(test_vm test_vm.c ${CMAKE_SOURCE_DIR}/src/nt/vm.c ${CMAKE_SOURCE_DIR}/src/nt/vm_service.c ${CMAKE_SOURCE_DIR}/src/nt/log.c)
add_unit_test(test_cmdline test_cmdline.c ${CMAKE_SOURCE_DIR}/src/loader/cmdline.c)
add_unit_test_lib(test_thunks test_thunks.c)
# Our msvcrt's portable core (src/guest/msvcrt), built natively.
set(CRT ${CMAKE_SOURCE_DIR}/src/guest/msvcrt)
add_unit_test(test_crt_printf test_crt_printf.c test_crt_support.c ${CRT}/printf_core.c ${CRT}/fltcvt.c ${CRT}/mbcs.c ${CRT}/string.c ${CRT}/wstring.c ${CRT}/ctype.c)
add_unit_test(test_crt_parse test_crt_parse.c test_crt_support.c ${CRT}/strtol.c ${CRT}/strtod.c ${CRT}/scanf_core.c ${CRT}/fltcvt.c ${CRT}/mbcs.c ${CRT}/string.c ${CRT}/wstring.c ${CRT}/ctype.c)
add_unit_test(test_crt_cmdline test_crt_cmdline.c test_crt_support.c ${CRT}/cmdline.c ${CRT}/string.c)
add_unit_test(test_crt_string test_crt_string.c test_crt_support.c ${CRT}/string.c ${CRT}/wstring.c ${CRT}/ctype.c ${CRT}/mbcs.c ${CRT}/qsort.c ${CRT}/timeconv.c)
foreach(t test_crt_printf test_crt_parse test_crt_cmdline test_crt_string)
  target_compile_definitions(${t} PRIVATE CRT_HOST_TEST)
endforeach()
