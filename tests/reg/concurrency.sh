#!/bin/bash
# The registry concurrency test: PROCS wow64run processes write COUNT
# distinct values each into one key of one prefix at the same time (half
# flush every 100 values, half only at exit); afterwards all are there.
#   concurrency.sh WOW64RUN REGTOOL WORKDIR [PROCS] [COUNT]
set -u
run=$1 tool=$2 work=$3 procs=${4:-4} count=${5:-1000}
fail() { echo "FAIL: $*"; exit 1; }

rm -rf "$work" && mkdir -p "$work" && cd "$work" || fail "cannot make $work"
export WOW64_PREFIX="$work/prefix"
pids=()
for ((id = 1; id <= procs; id++)); do
    "$run" "$tool" write "$id" "$count" $(( id % 2 ? 100 : 0 )) > "out.$id" 2>&1 &
    pids+=($!)
done
for ((id = 1; id <= procs; id++)); do
    wait "${pids[id - 1]}" || fail "writer $id: $(cat "out.$id")"
done
"$run" "$tool" count "$procs" "$count" || fail "values are missing"
echo PASS
