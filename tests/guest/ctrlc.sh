#!/bin/bash
# Runs WOW64RUN EXE MODE as a job of its own (job control on, so the job
# does not start with SIGINT ignored), waits for its "ready" line, sends
# SIG (INT by default) to the job's process group as a terminal's Ctrl-C
# does, and checks the exit status (130: ended by SIGINT).
# usage: ctrlc.sh WOW64RUN EXE MODE WANT_STATUS [SIG]
set -m
wow64run=$1 exe=$2 mode=$3 want=$4 sig=${5:-INT}
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$wow64run" "$exe" "$mode" >"$out" 2>&1 &
pid=$!
for _ in $(seq 400); do
    grep -q ready "$out" && break
    sleep 0.05
done
if ! grep -q ready "$out"; then
    echo "the program never became ready:"
    cat "$out"
    kill -KILL -- -"$pid" 2>/dev/null
    exit 1
fi
kill -"$sig" -- -"$pid"
wait "$pid"
status=$?
cat "$out"
if [ "$status" != "$want" ]; then
    echo "exit status $status, want $want"
    exit 1
fi
