#!/bin/sh
# Builds the "real program" benchmark: bzip2's library from Debian's
# bzip2 source package (fetched once by tests/real/fetch-source.sh into a
# cache in the build tree) with the driver bench/progs/bzip2_mem.c, for
# both sides with the same flags as the other CPU benchmarks.
# usage: realprog.sh FETCH CACHE MINGW_CC NATIVE_CC DRIVER OUTDIR
# Writes OUTDIR/bzip2_mem.exe and OUTDIR/native/bzip2_mem. Not having the
# source (no network, no deb-src entry) is not a build error: the outputs
# are removed, OUTDIR/native/bzip2_mem.log says why, and run.sh shows the
# rows as skipped with that reason.
fetch=$1 cache=$2 mingw=$3 native=$4 driver=$5 outdir=$6
exe=$outdir/bzip2_mem.exe
nat=$outdir/native/bzip2_mem
log=$nat.log
mkdir -p "$outdir/native"
rm -f "$exe" "$nat" "$log"

skip() {
    echo "$*" >"$log"
    echo "bench: bzip2_mem not built: $* (run.sh will skip it)" >&2
    exit 0
}

src=$(sh "$fetch" bzip2 "$cache" 2>>"$log") || skip "source package bzip2 could not be fetched"
srcs=
for f in blocksort huffman crctable randtable compress decompress bzlib; do
    [ -f "$src/$f.c" ] || skip "bzip2 source has no $f.c"
    srcs="$srcs $src/$f.c"
done
# Word splitting of $srcs is wanted.
# shellcheck disable=SC2086
"$mingw" -O2 -march=i686 -w -I"$src" -o "$exe" "$driver" $srcs >>"$log" 2>&1 ||
    { rm -f "$exe"; skip "MinGW build of bzip2 failed"; }
# shellcheck disable=SC2086
"$native" -m32 -O2 -march=i686 -fno-pie -no-pie -w -I"$src" -o "$nat" "$driver" $srcs >>"$log" 2>&1 ||
    { rm -f "$exe" "$nat"; skip "native i386 build of bzip2 failed (gcc-multilib?)"; }
rm -f "$log"
exit 0
