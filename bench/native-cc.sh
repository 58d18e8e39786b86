#!/bin/sh
# Builds one bench/progs program for native i386 Linux: native-cc.sh CC
# SRC OUT. A compiler that cannot link -m32 (no gcc-multilib) is not an
# error: OUT is removed, OUT.log keeps the reason, and run.sh reports it.
cc=$1 src=$2 out=$3
rm -f "$out" "$out.log"
# The same code model as the Windows side: no PIE (Debian's gcc makes
# PIE by default, which costs i386 code a register for the GOT).
if ! "$cc" -m32 -O2 -march=i686 -fno-pie -no-pie -Wall -pthread -o "$out" "$src" -lm >"$out.log" 2>&1; then
    rm -f "$out"
    echo "bench: cannot build native i386 $(basename "$out") with $cc -m32" \
         "(install gcc-multilib); run.sh will skip it" >&2
fi
exit 0
