#!/bin/bash
# The registry crash test: regtool.exe writes numbered values, flushing
# (NtFlushKey) after each and printing the number once the flush has
# returned; it is killed with SIGKILL at a random moment, ROUNDS times.
# Afterwards every number printed is in the store, and the store loads
# whole after every kill (no "incomplete"/"last good copy" message).
#   crash.sh WOW64RUN REGTOOL WORKDIR [ROUNDS]
set -u
run=$1 tool=$2 work=$3 rounds=${4:-50}
fail() { echo "FAIL: $*"; exit 1; }

rm -rf "$work" && mkdir -p "$work" && cd "$work" || fail "cannot make $work"
export WOW64_PREFIX="$work/prefix"
: > flushed.txt
for ((i = 1; i <= rounds; i++)); do
    "$run" "$tool" crash $((i * 1000000)) > "out.$i" 2> "err.$i" &
    pid=$!
    # 20 to 399 ms: before the store is read, while values are written
    # and flushed.
    sleep "0.$(printf '%03d' $((20 + RANDOM % 380)))"
    kill -9 "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
    # Only whole lines count: a line is printed by one write.
    [ -n "$(tail -c1 "out.$i")" ] && sed -i '$d' "out.$i"
    grep -aE '^[0-9]+'$'\r''?$' "out.$i" >> flushed.txt
    "$run" --reg export 'HKCU\Software' - > /dev/null 2> export.err ||
        fail "round $i: the store does not load: $(cat export.err)"
    [ -s export.err ] && fail "round $i: the store was damaged: $(cat export.err)"
done
n=$(wc -l < flushed.txt)
echo "$rounds kills, $n flushed values"
[ "$n" -gt 0 ] || fail "no value was flushed before a kill (start-up too slow?)"
"$run" "$tool" check flushed.txt || fail "flushed values are missing"
echo PASS
