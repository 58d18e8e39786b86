# Building 32-bit Windows code with MinGW-w64: our guest DLLs (freestanding,
# no MinGW CRT) and the test/bench programs (ordinary MinGW programs that
# import kernel32.dll and msvcrt.dll, which we then provide).
find_program(MINGW_CC i686-w64-mingw32-gcc REQUIRED)
find_program(MINGW_DLLTOOL i686-w64-mingw32-dlltool REQUIRED)

set(GUEST_LIBDIR ${CMAKE_BINARY_DIR}/guest-lib)
file(MAKE_DIRECTORY ${GUEST_LIBDIR})

# -fno-tree-loop-distribute-patterns: we *are* memcpy/memset; gcc must not
# turn their loops back into calls to themselves.
set(GUEST_CFLAGS -O2 -g -std=gnu11 -ffreestanding -fno-stack-protector
    -fno-asynchronous-unwind-tables
    -fno-tree-loop-distribute-patterns -fno-ident -mno-stack-arg-probe
    -Wall -Wno-attributes -Wno-unused-parameter
    -I${CMAKE_SOURCE_DIR}/src/guest/include -I${CMAKE_BINARY_DIR}/generated)

# The DLLs' DWARF (-g) is not linked into them unless asked for: ~0.4 MiB
# of debug sections per DLL doubled hello-world's start-up when the loader
# copied images (docs/performance.md, start-up); nor are unwind tables
# (.eh_frame: nothing unwinds our C with DWARF; SEH does it the Windows
# way).
option(WOW64_GUEST_DEBUG_INFO "keep DWARF debug sections in the guest DLLs" OFF)
set(GUEST_DLL_STRIP)
if(NOT WOW64_GUEST_DEBUG_INFO)
  set(GUEST_DLL_STRIP -Wl,--strip-debug)
endif()

# add_guest_dll(<name> BASE <hex> DEF <file> SOURCES <files...>
#               [IMPORTS <dll names...>] [ENTRY <symbol>] [CFLAGS <flags...>])
# CFLAGS: extra compiler flags for this DLL's objects (ucrtbase builds the
# msvcrt sources again with -DCRT_UCRT).
function(add_guest_dll name)
  cmake_parse_arguments(G "" "BASE;DEF;ENTRY" "SOURCES;IMPORTS;DEPENDS;CFLAGS" ${ARGN})
  set(objs)
  foreach(src ${G_SOURCES})
    if(NOT IS_ABSOLUTE ${src})
      set(src ${CMAKE_CURRENT_SOURCE_DIR}/${src})
    endif()
    get_filename_component(base ${src} NAME_WE)
    set(obj ${CMAKE_CURRENT_BINARY_DIR}/${name}-${base}.o)
    add_custom_command(OUTPUT ${obj}
      COMMAND ${MINGW_CC} ${GUEST_CFLAGS} ${G_CFLAGS} -MD -MF ${obj}.d -c ${src} -o ${obj}
      DEPENDS ${src} ${G_DEPENDS}
      DEPFILE ${obj}.d
      COMMENT "guest cc ${name}: ${base}" VERBATIM)
    list(APPEND objs ${obj})
  endforeach()
  set(libs)
  set(libdeps)
  foreach(imp ${G_IMPORTS})
    list(APPEND libs ${GUEST_LIBDIR}/lib${imp}.a)
    list(APPEND libdeps guest_implib_${imp})
  endforeach()
  if(NOT G_ENTRY)
    set(G_ENTRY DllMain@12)
  endif()
  set(dll ${WOW64_GUEST_DIR}/${name}.dll)
  set(implib ${GUEST_LIBDIR}/lib${name}.a)
  # Our system DLLs load at their fixed bases (no DYNAMIC_BASE: no
  # relocation) with sections page-aligned in the file, so the loader maps
  # them from the file copy-on-write instead of copying them, and their
  # pages are shared between processes (docs/architecture.md, Memory map).
  add_custom_command(OUTPUT ${dll}
    COMMAND ${MINGW_CC} -shared -nostdlib -o ${dll} ${objs} ${G_DEF} ${libs} -lgcc
            -Wl,--entry,_${G_ENTRY} -Wl,--image-base,${G_BASE} -Wl,--kill-at
            -Wl,--enable-stdcall-fixup -Wl,--disable-auto-import
            -Wl,--disable-dynamicbase -Wl,--file-alignment,0x1000 -Wl,--nxcompat
            -Wl,--major-subsystem-version,6
            ${GUEST_DLL_STRIP}
    DEPENDS ${objs} ${G_DEF} ${libs}
    COMMENT "guest link ${name}.dll" VERBATIM)
  add_custom_command(OUTPUT ${implib}
    COMMAND ${MINGW_DLLTOOL} -k -d ${G_DEF} -D ${name}.dll -l ${implib}
    DEPENDS ${G_DEF} ${G_DEPENDS}
    COMMENT "guest import library lib${name}.a" VERBATIM)
  add_custom_target(guest_implib_${name} DEPENDS ${implib})
  add_custom_target(guest_${name} ALL DEPENDS ${dll} ${implib})
  if(libdeps)
    add_dependencies(guest_${name} ${libdeps})
  endif()
  set_property(GLOBAL APPEND PROPERTY WOW64_GUEST_DLLS ${dll})
endfunction()

# UCRT-linked programs: MinGW-w64's gcc links msvcrt.dll by default; this
# specs file is its own with "-lmoldname -lmingwex -lmsvcrt" turned into
# "-lmingwex -lucrt", so the program imports ucrtbase.dll's functions
# through the api-ms-win-crt-*-l1-1-0.dll API sets (libucrt.a carries the
# POSIX aliases moldname gave). Programs built with it must define _UCRT
# (add_guest_exe(... UCRT) does) so that the headers use the UCRT's
# __stdio_common_* entry points.
execute_process(COMMAND ${MINGW_CC} -dumpspecs OUTPUT_VARIABLE GUEST_SPECS)
string(REPLACE "-lmoldname -lmingwex -lmsvcrt" "-lmingwex -lucrt" GUEST_UCRT_SPECS_TEXT "${GUEST_SPECS}")
string(REPLACE "-lmsvcrt" "-lucrt" GUEST_UCRT_SPECS_TEXT "${GUEST_UCRT_SPECS_TEXT}")
set(GUEST_UCRT_SPECS ${GUEST_LIBDIR}/ucrt.specs)
file(WRITE ${GUEST_UCRT_SPECS} "${GUEST_UCRT_SPECS_TEXT}")
set(GUEST_UCRT_FLAGS -specs=${GUEST_UCRT_SPECS} -D_UCRT)

# add_guest_exe(<name> SOURCES <files...> [FLAGS <extra flags>] [OUTDIR dir] [UCRT])
# An ordinary MinGW program (MinGW CRT, imports msvcrt/kernel32); with UCRT
# linked against the Universal CRT instead (ucrtbase.dll via the API sets).
function(add_guest_exe name)
  cmake_parse_arguments(G "UCRT" "OUTDIR" "SOURCES;FLAGS;DEPENDS" ${ARGN})
  if(G_UCRT)
    list(PREPEND G_FLAGS ${GUEST_UCRT_FLAGS})
  endif()
  if(NOT G_OUTDIR)
    set(G_OUTDIR ${CMAKE_CURRENT_BINARY_DIR})
  endif()
  set(srcs)
  foreach(src ${G_SOURCES})
    if(NOT IS_ABSOLUTE ${src})
      set(src ${CMAKE_CURRENT_SOURCE_DIR}/${src})
    endif()
    list(APPEND srcs ${src})
  endforeach()
  set(exe ${G_OUTDIR}/${name})
  add_custom_command(OUTPUT ${exe}
    COMMAND ${MINGW_CC} -O2 -Wall -o ${exe} ${srcs} ${G_FLAGS}
    DEPENDS ${srcs} ${G_DEPENDS}
    COMMENT "mingw ${name}" VERBATIM)
  get_filename_component(tgt ${name} NAME_WE)
  add_custom_target(guestexe_${tgt} ALL DEPENDS ${exe})
endfunction()
