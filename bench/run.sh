#!/bin/sh
# Runs the bench/progs pairs side by side: each benchmark built for native
# i386 Linux and as a 32-bit Windows program under wow64run, a warm-up of
# each, then native and wow64run alternately BENCH_RUNS times; prints the
# medians as a table and writes them to BINDIR/results.json.
#
# usage: run.sh BINDIR WOW64RUN [BENCH_TRANSITION TRANSITION_DLL]
#   BINDIR holds NAME.exe and native/NAME for each benchmark.
# environment: BENCH_RUNS (5), BENCH_IO_MIB (512), BENCH_CALLS (2000000),
#   BENCH_HEAP_PAIRS (5000000), BENCH_THREADS (1000), BENCH_STARTS (20),
#   WOW64_PREFIX (default BINDIR/prefix, a throw-away prefix).
set -eu

if [ $# -lt 2 ]; then
    echo "usage: run.sh BINDIR WOW64RUN [BENCH_TRANSITION TRANSITION_DLL]" >&2
    exit 2
fi
bindir=$(cd "$1" && pwd)
wow64run=$2
transition=${3:-}
transition_dll=${4:-}
runs=${BENCH_RUNS:-5}
io_mib=${BENCH_IO_MIB:-512}
calls=${BENCH_CALLS:-2000000}
heap_pairs=${BENCH_HEAP_PAIRS:-5000000}
threads=${BENCH_THREADS:-1000}
starts=${BENCH_STARTS:-20}
export WOW64_PREFIX="${WOW64_PREFIX:-$bindir/prefix}"

# Temp files live under the build directory, never /tmp: the page cache
# and file system of the build tree are what the numbers describe.
work=$bindir/tmp.$$
raw=$work/raw
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
trap 'exit 130' INT TERM
: >"$raw"

# The arguments each benchmark runs with.
args_of() {
    case $1 in
    file_call) echo "$calls $1.tmp" ;;
    file_io) echo "$io_mib $1.tmp" ;;
    heap) echo "$heap_pairs" ;;
    threads) echo "$threads" ;;
    esac
}

# run SIDE PROG RECORD: one run; with RECORD=1 appends its result lines
# as "SIDE NAME VALUE UNIT" to $raw (RECORD=0 is the warm-up). A program
# that cannot measure prints "NAME skipped REASON", recorded as such.
run() {
    side=$1 prog=$2 record=$3
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
    if ! printf '%s\n' "$out" | awk '($2 == "skipped" && NF >= 3) { next }
            NF != 3 || $2 !~ /^[0-9.]+$/ { bad = 1 } END { exit bad || !NR }'; then
        echo "bench: $side $prog printed no \"<name> <value> <unit>\" lines:" >&2
        printf '%s\n' "$out" >&2
        exit 1
    fi
    if [ "$record" = 1 ]; then
        printf '%s\n' "$out" | sed "s/^/$side /" >>"$raw"
    fi
}

# median SIDE NAME: the median of the recorded values, or "-".
median() {
    awk -v s="$1" -v n="$2" '$1 == s && $2 == n && $3 != "skipped" { print $3 }' "$raw" | sort -n |
        awk '{ v[NR] = $1 } END {
            if (!NR) print "-";
            else if (NR % 2) print v[(NR + 1) / 2];
            else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# values SIDE NAME: the recorded values as a JSON array, in run order.
values() {
    awk -v s="$1" -v n="$2" '$1 == s && $2 == n && $3 != "skipped" { printf "%s%s", sep, $3; sep = ", " }' "$raw"
}

# skipped SIDE NAME: why a side could not measure NAME (empty if it could).
skipped() {
    awk -v s="$1" -v n="$2" '$1 == s && $2 == n && $3 == "skipped" {
        $1 = $2 = $3 = ""; sub(/^ +/, ""); print; exit }' "$raw"
}

# now_ns: the clock for whole-process timings (GNU date).
now_ns() {
    date +%s%N
}

# startup SIDE RECORD: $starts runs of the start-up program, one after the
# other; records the mean milliseconds per run.
startup() {
    side=$1 record=$2
    if [ "$side" = native ]; then
        set -- "$bindir/native/startup"
    else
        set -- "$wow64run" "$bindir/startup.exe"
    fi
    t0=$(now_ns)
    i=0
    while [ "$i" -lt "$starts" ]; do
        if ! "$@" >/dev/null; then
            echo "bench: $side startup failed" >&2
            exit 1
        fi
        i=$((i + 1))
    done
    t1=$(now_ns)
    if [ "$record" = 1 ]; then
        echo "$side startup $(awk -v a="$t0" -v b="$t1" -v n="$starts" \
            'BEGIN { printf "%.2f", (b - a) / n / 1e6 }') ms/run" >>"$raw"
    fi
}

# Which pairs have a native side; without gcc -m32 the column stays empty.
progs="file_call file_io heap threads"
native_ok=
for prog in $progs startup; do
    if [ -x "$bindir/native/$prog" ]; then
        native_ok="$native_ok $prog"
    else
        echo "bench: native i386 $prog missing, native column skipped" \
             "(gcc -m32 cannot link: install gcc-multilib)" >&2
        [ -s "$bindir/native/$prog.log" ] && sed -n '1,3s/^/  /p' "$bindir/native/$prog.log" >&2
    fi
done

# The transition benchmark first: its own table, and the bare round trip
# that the file_call limit row adds to a native lseek.
roundtrip=-
if [ -n "$transition" ]; then
    tout=$("$transition" "$transition_dll")
    printf '%s\n\n' "$tout"
    roundtrip=$(printf '%s\n' "$tout" | awk '/^bare 64->32->64 round trip/ { print $NF }')
    [ -n "$roundtrip" ] || roundtrip=-
fi

echo "bench/progs: warm-up, then $runs alternating run(s) per pair" \
     "(file_call $calls calls, file_io $io_mib MiB in 64 KiB blocks," \
     "heap $heap_pairs pairs per pattern, threads $threads, startup $starts runs)"
for prog in $progs; do
    case " $native_ok " in *" $prog "*) has_native=1 ;; *) has_native=0 ;; esac
    if [ "$has_native" = 1 ]; then run native "$prog" 0; fi
    run wow64 "$prog" 0
    i=0
    while [ "$i" -lt "$runs" ]; do
        if [ "$has_native" = 1 ]; then run native "$prog" 1; fi
        run wow64 "$prog" 1
        i=$((i + 1))
    done
done
case " $native_ok " in *" startup "*) has_native=1 ;; *) has_native=0 ;; esac
if [ "$has_native" = 1 ]; then startup native 0; fi
startup wow64 0
i=0
while [ "$i" -lt "$runs" ]; do
    if [ "$has_native" = 1 ]; then startup native 1; fi
    startup wow64 1
    i=$((i + 1))
done

# One row per result: name, unit, native median, wow64run median, goal.
# Ratios are wow64run time over native time, so bigger is worse for
# per-call costs and throughputs alike.
rows=$work/rows
{
    for name in file_call file_io_write file_io_read heap_pair heap_window threads startup; do
        unit=$(awk -v n="$name" '$2 == n && $3 != "skipped" { print $4; exit }' "$raw")
        case $name in
        file_call | heap_pair | heap_window) goal=1.5 ;;
        file_io_*) goal=1.1 ;;
        threads) goal=3 ;;
        *) goal=- ;;
        esac
        why=$(skipped wow64 "$name")
        [ -n "$unit" ] || unit=-
        if [ -n "$why" ]; then
            # The reason travels in the unit column, spaces made safe.
            echo "$name skipped:$(printf '%s' "$why" | tr ' ' '_') $(median native "$name") - $goal"
        else
            echo "$name $unit $(median native "$name") $(median wow64 "$name") $goal"
        fi
    done
    # The limit of a file_call: one bare round trip plus the native lseek.
    n=$(median native file_call)
    if [ "$roundtrip" != - ] && [ "$n" != - ]; then
        echo "file_call_limit ns/call $n $(awk -v a="$roundtrip" -v b="$n" 'BEGIN { print a + b }') -"
    fi
} >"$rows"

table=$(awk '
    function ratio(unit, n, w) {
        if (n == "-" || w == "-" || n + 0 == 0 || w + 0 == 0) return "-";
        return unit == "MiB/s" ? n / w : w / n;
    }
    BEGIN {
        printf "%-44s %12s %12s %7s %6s %s\n", "benchmark", "native", "wow64run", "ratio", "goal", "result";
    }
    {
        r = ratio($2, $3, $4);
        label = $1 " (" $2 ")";
        if ($1 == "file_call_limit") label = "  limit: round trip + native lseek (ns/call)";
        res = $5 == "-" || r == "-" ? "-" : (r <= $5 + 0 ? "met" : "NOT met");
        if ($2 ~ /^skipped:/) {
            why = substr($2, 9); gsub(/_/, " ", why);
            label = $1; res = "skipped: " why;
        }
        printf "%-44s %12s %12s %7s %6s %s\n", label, $3, $4,
               r == "-" ? "-" : sprintf("%.2f", r), $5 == "-" ? "-" : "<=" $5, res;
    }' "$rows")
echo
printf '%s\n' "$table"

# The same as JSON; numbers stay numbers, missing ones become null.
json=$bindir/results.json
{
    cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null | sed 's/["\\]//g')
    printf '{\n  "machine": {"cpu": "%s", "cores": %s, "kernel": "%s"},\n' \
        "$cpu" "$(getconf _NPROCESSORS_ONLN)" "$(uname -r)"
    printf '  "runs": %s, "calls": %s, "io_mib": %s, "heap_pairs": %s, "threads": %s, "starts": %s,\n' \
        "$runs" "$calls" "$io_mib" "$heap_pairs" "$threads" "$starts"
    printf '  "roundtrip_ns": %s,\n' "$( [ "$roundtrip" = - ] && echo null || echo "$roundtrip")"
    printf '  "results": [\n'
    sep=
    while read -r name unit n w goal; do
        case $unit in skipped:*) unit=- w=- ;; esac
        printf '%s' "$sep"
        awk -v name="$name" -v unit="$unit" -v n="$n" -v w="$w" -v goal="$goal" \
            -v nr="$(values native "$name")" -v wr="$(values wow64 "$name")" 'BEGIN {
            num = "null"; nn = n == "-" ? "null" : n; ww = w == "-" ? "null" : w;
            r = "null"; met = "null";
            if (n != "-" && w != "-" && n + 0 && w + 0) {
                r = sprintf("%.3f", unit == "MiB/s" ? n / w : w / n);
                if (goal != "-") met = r + 0 <= goal + 0 ? "true" : "false";
            }
            printf "    {\"benchmark\": \"%s\", \"unit\": \"%s\", \"native\": %s, \"wow64run\": %s, ",
                   name, unit, nn, ww;
            printf "\"ratio\": %s, \"goal\": %s, \"met\": %s", r, goal == "-" ? "null" : goal, met;
            if (name != "file_call_limit")
                printf ", \"native_runs\": [%s], \"wow64run_runs\": [%s]", nr, wr;
            printf "}";
        }'
        sep=',
'
    done <"$rows"
    printf '\n  ]\n}\n'
} >"$json"
echo
echo "results: $json"
