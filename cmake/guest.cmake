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
    -fno-tree-loop-distribute-patterns -fno-ident -mno-stack-arg-probe
    -Wall -Wno-attributes -Wno-unused-parameter
    -I${CMAKE_SOURCE_DIR}/src/guest/include -I${CMAKE_BINARY_DIR}/generated)

# add_guest_dll(<name> BASE <hex> DEF <file> SOURCES <files...>
#               [IMPORTS <dll names...>] [ENTRY <symbol>])
function(add_guest_dll name)
  cmake_parse_arguments(G "" "BASE;DEF;ENTRY" "SOURCES;IMPORTS;DEPENDS" ${ARGN})
  set(objs)
  foreach(src ${G_SOURCES})
    if(NOT IS_ABSOLUTE ${src})
      set(src ${CMAKE_CURRENT_SOURCE_DIR}/${src})
    endif()
    get_filename_component(base ${src} NAME_WE)
    set(obj ${CMAKE_CURRENT_BINARY_DIR}/${name}-${base}.o)
    add_custom_command(OUTPUT ${obj}
      COMMAND ${MINGW_CC} ${GUEST_CFLAGS} -MD -MF ${obj}.d -c ${src} -o ${obj}
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
  add_custom_command(OUTPUT ${dll}
    COMMAND ${MINGW_CC} -shared -nostdlib -o ${dll} ${objs} ${G_DEF} ${libs} -lgcc
            -Wl,--entry,_${G_ENTRY} -Wl,--image-base,${G_BASE} -Wl,--kill-at
            -Wl,--enable-stdcall-fixup -Wl,--disable-auto-import
            -Wl,--dynamicbase -Wl,--nxcompat -Wl,--major-subsystem-version,6
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

# add_guest_exe(<name> SOURCES <files...> [FLAGS <extra flags>] [OUTDIR dir])
# An ordinary MinGW program (MinGW CRT, imports msvcrt/kernel32).
function(add_guest_exe name)
  cmake_parse_arguments(G "" "OUTDIR" "SOURCES;FLAGS;DEPENDS" ${ARGN})
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
