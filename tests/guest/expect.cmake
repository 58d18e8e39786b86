# Runs one command and checks its exit status, stdout and stderr.
#   cmake -DCMD="prog@@arg@@..." -DSTATUS=n [-DSTDOUT_FILE=f] [-DSTDOUT_HEX=hex]
#         [-DSTDERR_REGEX=re] [-DSTDOUT_REGEX=re] [-DPREFIX=dir] -P expect.cmake
# STDOUT_FILE compares byte for byte (CRLF included), so the file's bytes
# are exactly what Windows would write.
string(REPLACE "@@" ";" CMD "${CMD}")
if(PREFIX)
  set(ENV{WOW64_PREFIX} ${PREFIX})
endif()
execute_process(COMMAND ${CMD}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 60)
if(NOT "${rc}" STREQUAL "${STATUS}")
  message(FATAL_ERROR "exit status ${rc}, expected ${STATUS}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(DEFINED STDOUT_FILE)
  file(READ ${STDOUT_FILE} want HEX)
  string(HEX "${out}" got)
  # execute_process output is text; compare as hex to keep CR bytes exact.
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/expect-out.bin "${out}")
  file(READ ${CMAKE_CURRENT_BINARY_DIR}/expect-out.bin got HEX)
  if(NOT got STREQUAL want)
    message(FATAL_ERROR "stdout differs from ${STDOUT_FILE}\nstdout:\n${out}\nwant hex: ${want}\ngot hex:  ${got}")
  endif()
endif()
if(DEFINED STDOUT_REGEX AND NOT out MATCHES "${STDOUT_REGEX}")
  message(FATAL_ERROR "stdout does not match ${STDOUT_REGEX}\nstdout:\n${out}")
endif()
if(DEFINED STDERR_REGEX AND NOT err MATCHES "${STDERR_REGEX}")
  message(FATAL_ERROR "stderr does not match ${STDERR_REGEX}\nstderr:\n${err}")
endif()
if(DEFINED STDERR_LINES)
  string(REGEX MATCHALL "\n" nl "${err}")
  list(LENGTH nl n)
  if(NOT n EQUAL STDERR_LINES)
    message(FATAL_ERROR "stderr has ${n} lines, expected ${STDERR_LINES}:\n${err}")
  endif()
endif()
