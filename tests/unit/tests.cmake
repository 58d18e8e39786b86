
add_unit_test(test_pe test_pe.c pe_builder.c ${CMAKE_SOURCE_DIR}/src/loader/pe.c)
target_sources(test_pe PRIVATE ${CMAKE_SOURCE_DIR}/src/loader/pe_dirs.c)
add_unit_test(test_pe_dirs test_pe_dirs.c pe_builder.c ${CMAKE_SOURCE_DIR}/src/loader/pe.c ${CMAKE_SOURCE_DIR}/src/loader/pe_dirs.c)
add_unit_test(test_vm test_vm.c ${CMAKE_SOURCE_DIR}/src/nt/vm.c ${CMAKE_SOURCE_DIR}/src/nt/vm_service.c ${CMAKE_SOURCE_DIR}/src/nt/log.c)
add_unit_test(test_cmdline test_cmdline.c ${CMAKE_SOURCE_DIR}/src/loader/cmdline.c)
add_unit_test_lib(test_thunks test_thunks.c)
# Our msvcrt's portable core (src/guest/msvcrt), built natively.
set(CRT ${CMAKE_SOURCE_DIR}/src/guest/msvcrt)
# The string functions it shares with ntdll (src/guest/common).
set(CRTSTR ${CMAKE_SOURCE_DIR}/src/guest/common/crtstring.c)
add_unit_test(test_crt_printf test_crt_printf.c test_crt_support.c ${CRT}/printf_core.c ${CRT}/fltcvt.c ${CRT}/mbcs.c ${CRT}/string.c ${CRTSTR} ${CRT}/wstring.c ${CRT}/ctype.c)
add_unit_test(test_crt_parse test_crt_parse.c test_crt_support.c ${CRT}/strtol.c ${CRT}/strtod.c ${CRT}/scanf_core.c ${CRT}/fltcvt.c ${CRT}/mbcs.c ${CRT}/string.c ${CRTSTR} ${CRT}/wstring.c ${CRT}/ctype.c)
add_unit_test(test_crt_cmdline test_crt_cmdline.c test_crt_support.c ${CRT}/cmdline.c ${CRT}/string.c ${CRTSTR})
add_unit_test(test_crt_string test_crt_string.c test_crt_support.c ${CRT}/string.c ${CRTSTR} ${CRT}/wstring.c ${CRT}/ctype.c ${CRT}/mbcs.c ${CRT}/qsort.c ${CRT}/timeconv.c)
# The guest part too, over an in-memory Win32 (all but the i386-only asm files).
file(GLOB CRT_ALL_SRC CONFIGURE_DEPENDS ${CRT}/*.c)
list(REMOVE_ITEM CRT_ALL_SRC ${CRT}/math.c ${CRT}/setjmp.c)
# Processes, threads, searches, renames, handles, DLLs and drives call
# kernel32 services the mock lacks.
list(REMOVE_ITEM CRT_ALL_SRC ${CRT}/spawn.c ${CRT}/thread.c ${CRT}/find.c ${CRT}/fsops.c ${CRT}/handles.c ${CRT}/dll.c ${CRT}/drive.c)
add_unit_test(test_crt_stdio test_crt_stdio.c test_crt_win32.c ${CRT_ALL_SRC} ${CRTSTR})
add_unit_test(test_crt_math test_crt_math.c test_crt_support.c ${CRT}/math.c ${CRT}/float.c ${CRT}/string.c ${CRTSTR})
target_link_libraries(test_crt_math PRIVATE m)
foreach(t test_crt_printf test_crt_parse test_crt_cmdline test_crt_string test_crt_stdio test_crt_math)
  target_compile_definitions(${t} PRIVATE CRT_HOST_TEST)
endforeach()
add_unit_test(test_guest_heap test_guest_heap.c ${CMAKE_SOURCE_DIR}/src/guest/ntdll/heap.c)
target_link_libraries(test_guest_heap PRIVATE pthread)
add_unit_test(test_guest_codepage test_guest_codepage.c ${CMAKE_SOURCE_DIR}/src/guest/ntdll/codepage.c)
add_unit_test(test_guest_status test_guest_status.c ${CMAKE_SOURCE_DIR}/src/guest/ntdll/status.c)
add_unit_test(test_guest_path test_guest_path.c ${CMAKE_SOURCE_DIR}/src/guest/kernel32/pathname.c)
# The public API through libwow64.so, on a MinGW-built DLL.
add_unit_test(test_embed test_embed.c)
target_link_libraries(test_embed PRIVATE wow64_shared)
target_include_directories(test_embed PRIVATE ${CMAKE_SOURCE_DIR}/include)
add_dependencies(test_embed guestexe_needs_missing_export)
set_tests_properties(unit.test_embed PROPERTIES
  ENVIRONMENT WOW64_PREFIX=${CMAKE_BINARY_DIR}/test-prefix
  DEPENDS guest.refuse_missing_export)
target_compile_definitions(test_embed PRIVATE EXPORTLIB="${CMAKE_BINARY_DIR}/tests/guest/exportlib.dll")
add_unit_test(test_ntpath test_ntpath.c ${CMAKE_SOURCE_DIR}/src/nt/ntpath.c)
add_unit_test(test_redirect test_redirect.c ${CMAKE_SOURCE_DIR}/src/redirect/fspath.c)
target_sources(test_redirect PRIVATE ${CMAKE_SOURCE_DIR}/src/redirect/environ.c)
add_unit_test(test_regkey test_regkey.c ${CMAKE_SOURCE_DIR}/src/redirect/regkey.c)
add_unit_test(test_regtext test_regtext.c test_regtext_write.c ${CMAKE_SOURCE_DIR}/src/nt/regtext.c ${CMAKE_SOURCE_DIR}/src/nt/regtext_write.c)
# Waits and synchronisation objects (src/nt/sync*.c and friends), driven
# from host threads.
set(NT ${CMAKE_SOURCE_DIR}/src/nt)
add_unit_test(test_sync test_sync.c ${NT}/sync.c ${NT}/sync_objects.c ${NT}/sync_timer.c
  ${NT}/keyed_event.c ${NT}/address_wait.c ${NT}/wait.c ${NT}/time.c ${NT}/handle.c ${NT}/log.c)
target_link_libraries(test_sync PRIVATE pthread)
# The handle table: values, flags, the lock-free lookup against closes.
add_unit_test(test_handle test_handle.c ${CMAKE_SOURCE_DIR}/src/nt/handle.c ${CMAKE_SOURCE_DIR}/src/nt/log.c)
target_link_libraries(test_handle PRIVATE pthread)
target_compile_definitions(test_handle PRIVATE HANDLE_TEST_HOOK)
# The registry store without a guest: tree, journal, store file, defaults.
add_unit_test(test_registry test_registry.c ${NT}/registry_store.c ${NT}/registry_journal.c ${NT}/registry_file.c
  ${NT}/registry_defaults.c ${NT}/hostid.c ${NT}/regtext.c ${NT}/regtext_write.c ${NT}/log.c)
target_compile_definitions(test_registry PRIVATE _GNU_SOURCE)
target_link_libraries(test_registry PRIVATE pthread)
