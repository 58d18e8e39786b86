#!/bin/sh
# The benchmark runner (docs/performance.md): every pair built from one C
# source for native i386 Linux and as a 32-bit Windows program under
# wow64run. Per benchmark: one warm-up of each side, then native and
# wow64run alternately BENCH_RUNS times. Prints one table (median native,
# median wow64run, median of the per-run ratios, the goal, met or not, and
# the physical-limit rows of the service-call benchmarks) and writes the
# same to BINDIR/results.json with every run's value.
#
# usage: run.sh BINDIR WOW64RUN BENCH_TRANSITION TRANSITION_DLL BENCH_SPAWN
#   BINDIR holds NAME.exe and native/NAME for each benchmark program.
# environment (defaults in brackets; BENCH_SMOKE=1 makes all of them small):
#   BENCH_RUNS [7]             measured runs per side after the warm-up
#   BENCH_TRANSITION_CALLS [1000000]  calls per transition round (7 rounds)
#   BENCH_CALLS [2000000]      file_call: SetFilePointer / lseek calls
#   BENCH_IO_MIB [512]         file_io: MiB written, then read, in 64 KiB
#   BENCH_CPU_SCALE [2]        cpu: scale of the three kernels
#   BENCH_BZIP2_MIB [4]        bzip2_mem: MiB compressed and decompressed
#   BENCH_HEAP_PAIRS [5000000] heap: alloc/free steps per pattern
#   BENCH_THREADS [1000]       threads: create+join
#   BENCH_REG_PAIRS [20000]    reg: set+query pairs
#   BENCH_STARTS [20]          startup: hello-world runs per measurement
#   BENCH_ONLY                 space-separated subset of: transition
#                              file_call file_io cpu bzip2_mem heap threads
#                              reg startup
#   WOW64_PREFIX               default BINDIR/prefix, a throw-away prefix
set -eu

if [ $# -lt 5 ]; then
    echo "usage: run.sh BINDIR WOW64RUN BENCH_TRANSITION TRANSITION_DLL BENCH_SPAWN" >&2
    exit 2
fi
bindir=$(cd "$1" && pwd)
# Absolute paths: the programs run from a temporary directory.
abs() {
    case $1 in /*) echo "$1" ;; *) echo "$(pwd)/$1" ;; esac
}
wow64run=$(abs "$2") transition=$(abs "$3") transition_dll=$(abs "$4") spawn=$(abs "$5")
if [ "${BENCH_SMOKE:-0}" = 1 ]; then
    d_runs=1 d_tcalls=100000 d_calls=20000 d_io=16 d_cpu=0.05 d_bz=1 d_heap=50000
    d_threads=20 d_reg=200 d_starts=3
else
    d_runs=7 d_tcalls=1000000 d_calls=2000000 d_io=512 d_cpu=2 d_bz=4 d_heap=5000000
    d_threads=1000 d_reg=20000 d_starts=20
fi
runs=${BENCH_RUNS:-$d_runs}
tcalls=${BENCH_TRANSITION_CALLS:-$d_tcalls}
calls=${BENCH_CALLS:-$d_calls}
io_mib=${BENCH_IO_MIB:-$d_io}
cpu_scale=${BENCH_CPU_SCALE:-$d_cpu}
bz_mib=${BENCH_BZIP2_MIB:-$d_bz}
heap_pairs=${BENCH_HEAP_PAIRS:-$d_heap}
threads=${BENCH_THREADS:-$d_threads}
reg_pairs=${BENCH_REG_PAIRS:-$d_reg}
starts=${BENCH_STARTS:-$d_starts}
only=${BENCH_ONLY:-transition file_call file_io cpu bzip2_mem heap threads reg startup}
export WOW64_PREFIX="${WOW64_PREFIX:-$bindir/prefix}"

# Temp files live under the build directory, never /tmp: the page cache
# and file system of the build tree are what the numbers describe.
work=$bindir/tmp.$$
raw=$work/raw
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
: >"$raw"
started=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# The arguments each program runs with, and the result names it prints.
args_of() {
    case $1 in
    file_call) echo "$calls $1.tmp" ;;
    file_io) echo "$io_mib $1.tmp" ;;
    cpu) echo "$cpu_scale" ;;
    bzip2_mem) echo "$bz_mib" ;;
    heap) echo "$heap_pairs" ;;
    threads) echo "$threads" ;;
    reg) echo "$reg_pairs ." ;;
    esac
}
names_of() {
    case $1 in
    file_io) echo "file_io_write file_io_read" ;;
    cpu) echo "cpu_sha256 cpu_nbody cpu_sort" ;;
    bzip2_mem) echo "bzip2_compress bzip2_decompress" ;;
    heap) echo "heap_pair heap_window" ;;
    threads) echo "threads" ;;
    reg) echo "reg_pair reg_open" ;;
    startup) echo "startup startup_cpu startup_rss" ;;
    transition) echo "null_service" ;;
    *) echo "$1" ;;
    esac
}

# check_lines SIDE PROG OUT: OUT must be "<name> <value> <unit>" lines
# (or "<name> skipped <reason>").
check_lines() {
    if ! printf '%s\n' "$3" | awk '($2 == "skipped" && NF >= 3) { next }
            NF != 3 || $2 !~ /^[0-9.]+$/ { bad = 1 } END { exit bad || !NR }'; then
        echo "bench: $1 $2 printed no \"<name> <value> <unit>\" lines:" >&2
        printf '%s\n' "$3" >&2
        exit 1
    fi
}

# record SIDE RECORD OUT: appends OUT's lines as "SIDE NAME VALUE UNIT"
# (RECORD=0 is a warm-up and records nothing).
record() {
    if [ "$2" = 1 ]; then
        printf '%s\n' "$3" | sed "s/^/$1 /" >>"$raw"
    fi
}

# run SIDE PROG RECORD: one run of a program that times itself.
run() {
    side=$1 prog=$2 rec=$3
    if [ "$side" = native ]; then
        set -- "$bindir/native/$prog"
    else
        set -- "$wow64run" "$bindir/$prog.exe"
    fi
    # Word splitting of the arguments is wanted here.
    # shellcheck disable=SC2046
    if ! out=$(cd "$work" && "$@" $(args_of "$prog")); then
        echo "bench: $side $prog failed:" >&2
        printf '%s\n' "$out" >&2
        exit 1
    fi
    out=$(printf '%s\n' "$out" | tr -d '\r')
    check_lines "$side" "$prog" "$out"
    record "$side" "$rec" "$out"
}

# startup SIDE PROG RECORD: $starts whole runs of hello-world (PROG is
# startup), timed from outside by bench_spawn, with the largest peak
# resident set of a run.
startup() {
    side=$1 rec=$3
    if [ "$side" = native ]; then
        set -- "$bindir/native/startup"
    else
        set -- "$wow64run" "$bindir/startup.exe"
    fi
    if ! out=$(cd "$work" && "$spawn" startup "$starts" "$@"); then
        echo "bench: $side startup failed" >&2
        exit 1
    fi
    check_lines "$side" startup "$out"
    record "$side" "$rec" "$out"
}

# transition RECORD: bench_transition measures both sides in one process
# (7 alternating rounds); the bare round trip is the "native" column of
# the null service row, the limit of any service call.
transition() {
    if ! out=$("$transition" "$transition_dll" "$tcalls"); then
        echo "bench: bench_transition failed" >&2
        exit 1
    fi
    check_lines native transition "$out"
    if [ "$1" = 1 ]; then
        printf '%s\n' "$out" | awk '
            $1 == "roundtrip" { print "native null_service", $2, $3 }
            $1 == "null_service" { print "wow64 null_service", $2, $3 }
            $1 == "host_call" { print "wow64 host_call", $2, $3 }
            $1 == "roundtrip_lseek" { print "wow64 file_call_limit", $2, $3 }' >>"$raw"
    fi
}

# skip_prog SIDE PROG REASON: records every result of PROG as skipped.
skip_prog() {
    for name in $(names_of "$2"); do
        echo "$1 $name skipped $3" >>"$raw"
    done
}

# The reason a program is missing on one side, from its build log.
missing_reason() {
    if [ -s "$bindir/native/$1.log" ]; then
        head -n 1 "$bindir/native/$1.log"
    elif [ "$2" = native ]; then
        echo "gcc -m32 cannot link (install gcc-multilib)"
    else
        echo "$1.exe not built"
    fi
}

echo "bench: $runs alternating run(s) per pair after a warm-up; load average $load_before"
echo "  transition $tcalls calls x 7 rounds, file_call $calls calls, file_io $io_mib MiB," \
     "cpu scale $cpu_scale, bzip2 $bz_mib MiB, heap $heap_pairs pairs, threads $threads," \
     "reg $reg_pairs pairs, startup $starts runs"
for prog in $only; do
    printf '  %s ...' "$prog" >&2
    case $prog in
    transition)
        transition 0
        i=0
        while [ "$i" -lt "$runs" ]; do transition 1; i=$((i + 1)); done
        echo " done" >&2
        continue ;;
    startup) how=startup ;;
    *) how=run ;;
    esac
    has_native=1 has_wow64=1
    [ -x "$bindir/native/$prog" ] || { has_native=0; skip_prog native "$prog" "$(missing_reason "$prog" native)"; }
    [ -f "$bindir/$prog.exe" ] || { has_wow64=0; skip_prog wow64 "$prog" "$(missing_reason "$prog" wow64)"; }
    i=-1
    while [ "$i" -lt "$runs" ]; do
        rec=1
        [ "$i" -ge 0 ] || rec=0
        if [ "$has_native" = 1 ]; then $how native "$prog" "$rec"; fi
        if [ "$has_wow64" = 1 ]; then $how wow64 "$prog" "$rec"; fi
        i=$((i + 1))
    done
    echo " done" >&2
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)

# median SIDE NAME: the median of the recorded values, or "-".
median() {
    awk -v s="$1" -v n="$2" '$1 == s && $2 == n && $3 != "skipped" { print $3 }' "$raw" | sort -g |
        awk '{ v[NR] = $1 } END {
            if (!NR) print "-";
            else if (NR % 2) print v[(NR + 1) / 2];
            else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# ratios NAME UNIT: the per-run ratios wow64run/native (run k of one side
# against run k of the other; for throughputs native/wow64run), one a line.
ratios() {
    awk -v n="$1" -v u="$2" '$2 == n && $3 != "skipped" {
            if ($1 == "native") nv[++nn] = $3; else if ($1 == "wow64") wv[++nw] = $3 }
        END { for (k = 1; k <= nn && k <= nw; k++)
                if (nv[k] > 0 && wv[k] > 0) printf "%.4f\n", u == "MiB/s" ? nv[k] / wv[k] : wv[k] / nv[k] }' "$raw"
}

median_of_lines() {
    sort -g | awk '{ v[NR] = $1 } END {
        if (!NR) print "-";
        else if (NR % 2) print v[(NR + 1) / 2];
        else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# values SIDE NAME: the recorded values as a JSON array, in run order.
values() {
    awk -v s="$1" -v n="$2" '$1 == s && $2 == n && $3 != "skipped" { printf "%s%s", sep, $3; sep = ", " }' "$raw"
}

# skipped NAME: why a side could not measure NAME (empty if both could).
skipped() {
    awk -v n="$1" '$2 == n && $3 == "skipped" {
        side = $1; $1 = $2 = $3 = ""; sub(/^ +/, ""); print side ": " $0; exit }' "$raw"
}

goal_of() {
    case $1 in
    null_service) echo 1.2 ;;
    file_call | heap_pair | heap_window) echo 1.5 ;;
    file_io_*) echo 1.1 ;;
    cpu_* | bzip2_*) echo 1.05 ;;
    threads) echo 3 ;;
    startup) echo 2 ;;
    *) echo - ;;
    esac
}

# One row per result: name unit native wow64run ratio goal result [why].
rows=$work/rows
roundtrip=$(median native null_service)
seek_limit=$(median wow64 file_call_limit)
{
    for prog in $only; do
        for name in $(names_of "$prog"); do
            goal=$(goal_of "$name")
            why=$(skipped "$name")
            unit=$(awk -v n="$name" '$2 == n && $3 != "skipped" { print $4; exit }' "$raw")
            [ -n "$unit" ] || unit=-
            n=$(median native "$name") w=$(median wow64 "$name")
            r=$(ratios "$name" "$unit" | median_of_lines)
            if [ -n "$why" ] || [ "$r" = - ]; then
                res=skipped
            elif [ "$goal" = - ]; then
                res=report
            else
                res=$(awk -v r="$r" -v g="$goal" 'BEGIN { print r + 0 <= g + 0 ? "met" : "NOT_met" }')
            fi
            echo "$name $unit $n $w $r $goal $res $(printf '%s' "$why" | tr ' ' '_')"
            # The physical limit of a service-call row: for the null
            # service the round trip itself (its native column); for
            # file_call one bare round trip plus the host's own lseek
            # system call, measured together by bench_transition.
            if [ "$name" = file_call ] && [ "$seek_limit" != - ] && [ "$n" != - ]; then
                echo "file_call_limit ns/call $n $seek_limit" \
                     "$(awk -v a="$seek_limit" -v b="$n" 'BEGIN { printf "%.4f", a / b }') - limit"
            fi
            if [ "$name" = null_service ]; then
                echo "host_call ns/call - $(median wow64 host_call) - - report"
            fi
        done
    done
} >"$rows"

table=$(awk '
    BEGIN {
        printf "%-40s %11s %11s %7s %6s  %s\n", "benchmark (unit)", "native", "wow64run", "ratio", "goal", "result";
    }
    {
        label = $1 " (" $2 ")";
        if ($1 == "null_service") label = "null service vs bare round trip (ns/call)";
        if ($1 == "host_call") label = "  host->guest call, wow64_call (ns/call)";
        if ($1 == "file_call_limit") label = "  limit: round trip + host lseek (ns)";
        if ($1 == "startup_rss") label = "startup peak RSS (KiB)";
        if ($1 == "startup_cpu") label = "  startup CPU time, user+sys (ms/run)";
        res = $7;
        if (res == "NOT_met") res = "NOT met";
        if (res == "limit") res = "(physical limit)";
        if (res == "skipped") { why = $8; gsub(/_/, " ", why); res = "skipped: " why; }
        printf "%-40s %11s %11s %7s %6s  %s\n", label, $3, $4,
               $5 == "-" ? "-" : sprintf("%.2f", $5), $6 == "-" ? "-" : "<=" $6, res;
    }' "$rows")
echo
printf '%s\n' "$table"
elapsed=$(($(date +%s) - started))
echo "load average before/after: $load_before / $load_after; $elapsed s"

# The same as JSON; numbers stay numbers, missing ones become null.
json=$bindir/results.json
{
    cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null | sed 's/["\\]//g')
    printf '{\n  "machine": {"cpu": "%s", "cores": %s, "kernel": "%s", "load_before": "%s", "load_after": "%s"},\n' \
        "$cpu" "$(getconf _NPROCESSORS_ONLN)" "$(uname -r)" "$load_before" "$load_after"
    printf '  "date": "%s", "seconds": %s,\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$elapsed"
    printf '  "sizes": {"runs": %s, "transition_calls": %s, "calls": %s, "io_mib": %s, "cpu_scale": %s,' \
        "$runs" "$tcalls" "$calls" "$io_mib" "$cpu_scale"
    printf ' "bzip2_mib": %s, "heap_pairs": %s, "threads": %s, "reg_pairs": %s, "starts": %s},\n' \
        "$bz_mib" "$heap_pairs" "$threads" "$reg_pairs" "$starts"
    printf '  "results": [\n'
    sep=
    while read -r name unit n w r goal res why; do
        printf '%s' "$sep"
        awk -v name="$name" -v unit="$unit" -v n="$n" -v w="$w" -v r="$r" -v goal="$goal" \
            -v res="$res" -v why="$why" -v nr="$(values native "$name")" \
            -v wr="$(values wow64 "$name")" -v rr="$(ratios "$name" "$unit" | paste -sd, - | sed 's/,/, /g')" 'BEGIN {
            gsub(/_/, " ", why); gsub(/"/, "", why);
            printf "    {\"benchmark\": \"%s\", \"unit\": \"%s\", \"native\": %s, \"wow64run\": %s, ",
                   name, unit, n == "-" ? "null" : n, w == "-" ? "null" : w;
            printf "\"ratio\": %s, \"goal\": %s, \"result\": \"%s\"", r == "-" ? "null" : sprintf("%.3f", r),
                   goal == "-" ? "null" : goal, res == "NOT_met" ? "not met" : res;
            if (why != "") printf ", \"skipped\": \"%s\"", why;
            if (res != "limit" && name != "host_call")
                printf ", \"native_runs\": [%s], \"wow64run_runs\": [%s], \"ratios\": [%s]", nr, wr, rr;
            printf "}";
        }'
        sep=',
'
    done <"$rows"
    printf '\n  ]\n}\n'
} >"$json"
echo "results: $json"
