# cmake -DNATIVE=<i386 Linux program> -DWIN=<exe> -DWOW64RUN=<wow64run>
#       -DMODE=bytes|ulp [-DULPCMP=<ulpcmp>] -DOUT=<dir> -P compare.cmake
# Runs both builds of one differential test and compares their outputs:
# byte for byte, or (MODE ulp) line by line through ulpcmp.
file(MAKE_DIRECTORY ${OUT})
execute_process(COMMAND ${NATIVE} OUTPUT_FILE ${OUT}/native.out
  ERROR_VARIABLE native_err RESULT_VARIABLE native_rc)
if(NOT native_rc EQUAL 0)
  message(FATAL_ERROR "native ${NATIVE} failed (${native_rc}): ${native_err}")
endif()
execute_process(COMMAND ${WOW64RUN} ${WIN} OUTPUT_FILE ${OUT}/windows.out
  ERROR_VARIABLE win_err RESULT_VARIABLE win_rc)
if(NOT win_rc EQUAL 0)
  message(FATAL_ERROR "wow64run ${WIN} failed (${win_rc}): ${win_err}")
endif()
if(win_err)
  message("stderr of the Windows run:\n${win_err}")
endif()
if(MODE STREQUAL "ulp")
  execute_process(COMMAND ${ULPCMP} ${OUT}/native.out ${OUT}/windows.out
    OUTPUT_VARIABLE cmp_out RESULT_VARIABLE cmp_rc)
  message("${cmp_out}")
  if(NOT cmp_rc EQUAL 0)
    message(FATAL_ERROR "results differ by more than 1 ulp (outputs in ${OUT})")
  endif()
else()
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUT}/native.out ${OUT}/windows.out
    RESULT_VARIABLE cmp_rc)
  if(NOT cmp_rc EQUAL 0)
    execute_process(COMMAND diff ${OUT}/native.out ${OUT}/windows.out OUTPUT_VARIABLE d)
    string(SUBSTRING "${d}" 0 3000 d)
    message(FATAL_ERROR "outputs differ (native <, windows >; files in ${OUT}):\n${d}")
  endif()
  file(SIZE ${OUT}/native.out n)
  message("outputs identical (${n} bytes)")
endif()
