#!/bin/sh
# zlib.sh WOW64RUN example|minigzip BINDIR SRCDIR WORKDIR
# example: zlib's test/example.c, which checks itself (exit 0, no "error").
# minigzip: compress several files with minigzip.exe, check the host's gzip
# reads them, decompress them again and compare with the originals.
set -eu
run=$1 what=$2 bin=$3 src=$4 work=$5
rm -rf "$work"
mkdir -p "$work"
cd "$work"
case $what in
example)
    "$run" "$bin/example.exe" >out.txt 2>&1 || { cat out.txt; echo "example.exe failed"; exit 1; }
    cat out.txt
    if grep -qi "error\|bad\|fail" out.txt; then echo "example.exe reported an error"; exit 1; fi
    grep -q "inflate with dictionary" out.txt || { echo "example.exe stopped early"; exit 1; }
    ;;
minigzip)
    cp "$src/zlib.h" "$src/ChangeLog" "$src/deflate.c" "$bin/minigzip.exe" .
    mv minigzip.exe binary.exe
    : >empty
    head -c 300000 /dev/zero >zeros
    files="zlib.h ChangeLog deflate.c binary.exe empty zeros"
    mkdir orig
    for f in $files; do cp "$f" orig/; done
    for f in $files; do
        "$run" "$bin/minigzip.exe" "$f" || { echo "minigzip $f failed"; exit 1; }
        [ -f "$f.gz" ] && [ ! -e "$f" ] || { echo "minigzip $f: no $f.gz, or $f left behind"; exit 1; }
        if command -v gzip >/dev/null 2>&1; then
            gzip -dc "$f.gz" | cmp - "orig/$f" || { echo "host gzip disagrees on $f.gz"; exit 1; }
        fi
    done
    # -9 through stdin and stdout, then -d back through files.
    "$run" "$bin/minigzip.exe" -9 <orig/deflate.c >deflate9.gz
    "$run" "$bin/minigzip.exe" -d <deflate9.gz >deflate9.out
    cmp deflate9.out orig/deflate.c
    for f in $files; do
        "$run" "$bin/minigzip.exe" -d "$f.gz" || { echo "minigzip -d $f.gz failed"; exit 1; }
        cmp "$f" "orig/$f" || { echo "round trip of $f differs"; exit 1; }
    done
    echo "minigzip round trip of $files: ok"
    ;;
*)
    echo "zlib.sh: unknown check $what"; exit 2 ;;
esac
