#!/bin/sh
# lz4.sh WOW64RUN cli|frametest|fuzzer BINDIR SRCDIR WORKDIR
# cli: the checks of lz4's tests/Makefile test-lz4-basic that need no shell
# tricks (datagen | lz4 | lz4 -t, round trips through pipes and files).
# frametest, fuzzer: lz4's randomised self-checking suites, fewer rounds.
set -eu
run=$1 what=$2 bin=$3 src=$4 work=$5
rm -rf "$work"
mkdir -p "$work"
cd "$work"
LZ4="$run $bin/lz4.exe"
DATAGEN="$run $bin/datagen.exe"
case $what in
cli)
    $DATAGEN -g0 | $LZ4 -v | $LZ4 -t
    $DATAGEN -g16KB | $LZ4 -9 | $LZ4 -t
    $DATAGEN -g20KB >dg20k
    $LZ4 <dg20k | $LZ4 -d >dec
    cmp dg20k dec
    $LZ4 --no-frame-crc <dg20k | $LZ4 -d >dec
    cmp dg20k dec
    $LZ4 <dg20k | $LZ4 -d --no-frame-crc >dec
    cmp dg20k dec
    $LZ4 --content-size dg20k | $LZ4 -d >dec
    cmp dg20k dec
    $DATAGEN -g2MB -P50 >dg2m
    $LZ4 -BD -f dg2m dg2m.lz4
    $LZ4 -t dg2m.lz4
    $LZ4 -d -f dg2m.lz4 dg2m.out
    cmp dg2m dg2m.out
    $LZ4 -12 -B4 -f dg2m dg2m.hc.lz4
    $LZ4 -d -f dg2m.hc.lz4 dg2m.hc.out
    cmp dg2m dg2m.hc.out
    $LZ4 -l -f dg20k legacy.lz4
    $LZ4 -d -f legacy.lz4 legacy.out
    cmp dg20k legacy.out
    # Multiple files, and the golden samples shipped with lz4.
    cp dg20k a
    cp "$src/README.md" b
    $LZ4 -m a b
    rm a b
    $LZ4 -d -m a.lz4 b.lz4
    cmp a dg20k
    cmp b "$src/README.md"
    for f in "$src"/tests/goldenSamples/*.lz4; do
        [ -f "$f" ] || continue
        $LZ4 -t "$f"
    done
    # lz4 gives its output the input's modification time (stat + utime).
    cp dg20k dated
    touch -d '2020-01-02 03:04:05' dated
    $LZ4 -q -f dated dated.lz4
    $LZ4 -q -d -f dated.lz4 dated.out
    for f in dated.lz4 dated.out; do
        [ "$(stat -c %Y $f)" = "$(stat -c %Y dated)" ] || { echo "$f: modification time not copied"; exit 1; }
    done
    # A corrupted frame must be refused.
    cp dg2m.lz4 bad.lz4
    printf 'XXXX' | dd of=bad.lz4 bs=1 seek=5000 conv=notrunc 2>/dev/null
    if $LZ4 -t bad.lz4 2>/dev/null; then echo "lz4 -t accepted a corrupted frame"; exit 1; fi
    echo "lz4 cli checks: ok"
    ;;
frametest)
    "$run" "$bin/frametest.exe" -i200 -s1
    ;;
fuzzer)
    "$run" "$bin/fuzzer.exe" -i200 -s1
    ;;
*)
    echo "lz4.sh: unknown check $what"; exit 2 ;;
esac
