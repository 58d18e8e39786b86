#!/bin/bash
# `wow64run --reg import/export`: a version 5 file in regedit's own form
# (UTF-16LE with a BOM, CRLF) imported then exported comes back byte for
# byte; a REGEDIT4 file changes, adds and deletes; malformed files are
# refused with FILE:LINE on stderr and exit status 125 and change nothing.
# The data files are kept as UTF-8 with LF line ends and converted here.
#   impexp.sh WOW64RUN DATADIR WORKDIR
set -u
run=$1 data=$2 work=$3
fail() { echo "FAIL: $*"; exit 1; }

rm -rf "$work" && mkdir -p "$work" && cd "$work" || fail "cannot make $work"
export WOW64_PREFIX="$work/prefix"
# regedit's form: CRLF, UTF-16LE, BOM.
utf16() { { printf '\xff\xfe'; sed 's/$/\r/' "$1" | iconv -f UTF-8 -t UTF-16LE; } > "$2"; }
crlf() { sed 's/$/\r/' "$1" > "$2"; }
utf16 "$data/sample_v5.reg" sample.reg
utf16 "$data/after_v4.reg" after.reg
crlf "$data/change_v4.reg" change.reg
key='HKEY_CURRENT_USER\Software\wow64test'

"$run" --reg import sample.reg || fail "import of a version 5 file"
"$run" --reg export "$key" out1.reg || fail "export"
cmp sample.reg out1.reg || fail "the exported file differs from the imported one"
# HKCU is the short spelling of the same key.
"$run" --reg export 'HKCU\Software\wow64test' out1b.reg || fail "export (HKCU)"
cmp sample.reg out1b.reg || fail "export through HKCU differs"

# The same file in UTF-8 (no BOM) gives the same registry.
crlf "$data/sample_v5.reg" sample8.reg
WOW64_PREFIX="$work/prefix8" "$run" --reg import sample8.reg || fail "import of a UTF-8 file"
WOW64_PREFIX="$work/prefix8" "$run" --reg export "$key" out8.reg || fail "export (UTF-8 import)"
cmp sample.reg out8.reg || fail "the UTF-8 file gave another registry"

"$run" --reg import change.reg || fail "import of a REGEDIT4 file"
"$run" --reg export "$key" out2.reg || fail "export after the change"
cmp after.reg out2.reg || fail "REGEDIT4 changes not applied as expected"

for bad in bad_value:5 bad_root:6; do
    name=${bad%:*} line=${bad#*:}
    crlf "$data/$name.reg" "$name.reg"
    "$run" --reg import "$name.reg" 2> err.txt
    rc=$?
    [ "$rc" -eq 125 ] || fail "$name.reg: exit status $rc, expected 125"
    grep -q "^wow64run: $name.reg:$line: " err.txt || fail "$name.reg: no line $line in: $(cat err.txt)"
    "$run" --reg export "$key" out3.reg || fail "export after $name.reg"
    cmp after.reg out3.reg || fail "$name.reg changed the store"
done

"$run" --reg export 'HKCU\Software\NoSuchKey' out4.reg 2> err.txt
[ $? -eq 125 ] || fail "export of a missing key must fail"
echo PASS
