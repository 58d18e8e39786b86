#!/bin/sh
# bzip2.sh WOW64RUN BINDIR SRCDIR WORKDIR
# bzip2's own `make test`: compress sample[123].ref at -1/-2/-3 and compare
# with sample[123].bz2, decompress the .bz2 files (the third with -s) and
# compare with the .ref files.
set -eu
run=$1 bin=$2 src=$3 work=$4
rm -rf "$work"
mkdir -p "$work"
cd "$work"
cp "$src"/sample1.ref "$src"/sample2.ref "$src"/sample3.ref .
cp "$src"/sample1.bz2 "$src"/sample2.bz2 "$src"/sample3.bz2 .
"$run" "$bin/bzip2.exe" -1 <sample1.ref >sample1.rb2
"$run" "$bin/bzip2.exe" -2 <sample2.ref >sample2.rb2
"$run" "$bin/bzip2.exe" -3 <sample3.ref >sample3.rb2
"$run" "$bin/bzip2.exe" -d <sample1.bz2 >sample1.tst
"$run" "$bin/bzip2.exe" -d <sample2.bz2 >sample2.tst
"$run" "$bin/bzip2.exe" -ds <sample3.bz2 >sample3.tst
cmp sample1.bz2 sample1.rb2
cmp sample2.bz2 sample2.rb2
cmp sample3.bz2 sample3.rb2
cmp sample1.tst sample1.ref
cmp sample2.tst sample2.ref
cmp sample3.tst sample3.ref
# The file interface too: bzip2 -k FILE, then -t and -d of FILE.bz2.
cp sample2.ref named
"$run" "$bin/bzip2.exe" -k named
mv named orig-named
"$run" "$bin/bzip2.exe" -t named.bz2
"$run" "$bin/bzip2.exe" -d named.bz2
cmp named orig-named
echo "bzip2 make test: ok"
