#!/usr/bin/env bash
# Whole-process benchmark: `cchc generate` on batches of N copies of the sample (N = 1, 100,
# 1000), timed with /usr/bin/time -v (wall, CPU, peak memory), against the same work in
# Python (bench/python_equivalent.py, openpyxl + python-docx) when Python has them. Writes
# the figures between the bench.sh markers of docs/performance.md.
#
#   scripts/bench.sh                 # the whole run
#   PYTHON_1000=1 scripts/bench.sh   # also time Python on 1,000 inputs (about 10 minutes)
#   SIZES="1 100" scripts/bench.sh   # other batch sizes
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
sizes=${SIZES:-1 100 1000}
runs_one=${RUNS_ONE:-20}
doc=docs/performance.md

cargo build --release --quiet
bin=$root/target/release/cchc
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# One batch folder per size: the sample under N names, with its config.
make_batch() {
    local n=$1 dir=$work/in-$1
    mkdir -p "$dir"
    cp input/cchc.toml "$dir/"
    for i in $(seq -w 1 "$n"); do
        cp input/tuan-giao-2019.xlsx "$dir/tg-$i.xlsx"
    done
    echo "$dir"
}

# Runs a command under /usr/bin/time -v; prints "wall_s cpu_s peak_mb".
timed() {
    local log=$work/time.log
    /usr/bin/time -v "$@" >/dev/null 2>"$log"
    awk -F': ' '
        /Elapsed \(wall clock\)/ { n = split($2, p, ":"); wall = (n == 3) ? p[1] * 3600 + p[2] * 60 + p[3] : p[1] * 60 + p[2] }
        /User time/ { user = $2 }
        /System time/ { sys = $2 }
        /Maximum resident set size/ { rss = $2 }
        END { printf "%.3f %.3f %.1f\n", wall, user + sys, rss / 1024 }' "$log"
}

has_python=no
if command -v python3 >/dev/null && python3 -c 'import openpyxl, docx' 2>/dev/null; then
    has_python=yes
fi

rows=()
declare -A cpu_cchc cpu_py wall_cchc wall_py
for n in $sizes; do
    dir=$(make_batch "$n")
    if [ "$n" = 1 ]; then
        # Process start to exit for one input: the median of several runs, each into a fresh
        # folder (an up-to-date output is skipped).
        # /usr/bin/time counts in 10 ms steps, so the wall time comes from bash's clock
        # (EPOCHREALTIME, microseconds) around the bare command.
        walls=()
        for r in $(seq 1 "$runs_one"); do
            start=$EPOCHREALTIME
            "$bin" generate "$dir" --out "$work/out-1-$r" >/dev/null
            walls+=("$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", (b - a) * 1000 }')")
        done
        median=$(printf '%s\n' "${walls[@]}" | sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')
        fastest=$(printf '%s\n' "${walls[@]}" | sort -n | head -1)
        one_line="median of $runs_one runs ${median} ms (fastest ${fastest} ms)"
        read -r wall cpu rss < <(timed "$bin" generate "$dir" --out "$work/out-1-time")
    else
        read -r wall cpu rss < <(timed "$bin" generate "$dir" --out "$work/out-$n")
        one_line=""
    fi
    cpu_cchc[$n]=$cpu
    wall_cchc[$n]=$wall
    rows+=("| cchc | $n | $wall | $cpu | $(awk -v c="$cpu" -v n="$n" 'BEGIN { printf "%.1f", c / n * 1000 }') | $rss | \`/usr/bin/time -v target/release/cchc generate IN-$n --out OUT\` |")
    [ -n "$one_line" ] && one_input=$one_line
    if [ "$has_python" = yes ] && { [ "$n" != 1000 ] || [ "${PYTHON_1000:-0}" = 1 ]; }; then
        read -r pwall pcpu prss < <(timed python3 bench/python_equivalent.py "$dir" "$work/py-$n")
        cpu_py[$n]=$pcpu
        wall_py[$n]=$pwall
        rows+=("| Python | $n | $pwall | $pcpu | $(awk -v c="$pcpu" -v n="$n" 'BEGIN { printf "%.1f", c / n * 1000 }') | $prss | \`/usr/bin/time -v python3 bench/python_equivalent.py IN-$n OUT\` |")
    fi
    # Outputs stay until the end: deleting thousands of files just before the next
    # measurement makes ext4 slower to create the next ones for a minute or more.
done

# Ratios on the largest batch each tool ran: throughput (inputs per second of wall time, each
# tool as it runs: cchc on every core, the Python script on one) and CPU per input.
ratio="not measured (Python with openpyxl and python-docx not found)"
if [ "$has_python" = yes ]; then
    py_n="" cchc_n=""
    for n in $sizes; do
        [ "$n" != 1 ] && [ -n "${cpu_py[$n]:-}" ] && py_n=$n
        [ "$n" != 1 ] && cchc_n=$n
    done
    if [ -n "$py_n" ] && [ -n "$cchc_n" ]; then
        ratio=$(awk -v pw="${wall_py[$py_n]}" -v pn="$py_n" -v cw="${wall_cchc[$cchc_n]}" -v cn="$cchc_n" \
            -v pc="${cpu_py[$py_n]}" -v cc="${cpu_cchc[$cchc_n]}" 'BEGIN {
            printf "throughput %.0f× (Python %.1f inputs/s on %d inputs, cchc %.0f inputs/s on %d inputs); CPU per input %.0f× (Python %.1f ms, cchc %.2f ms)",
                (cn / cw) / (pn / pw), pn / pw, pn, cn / cw, cn, (pc / pn) / (cc / cn), pc / pn * 1000, cc / cn * 1000 }')
    fi
    if [ -z "${cpu_py[1000]:-}" ] && [ -n "${cpu_py[100]:-}" ] && [ -n "${cpu_cchc[1000]:-}" ]; then
        extrapolated="Python on 1,000 inputs was not run (set PYTHON_1000=1); extrapolated from 100 inputs it would take $(awk -v p="${wall_py[100]}" 'BEGIN { printf "%.0f", p * 10 }') s against cchc's measured ${wall_cchc[1000]} s."
    fi
fi

machine=$(cat <<INFO
- CPU: $(lscpu | awk -F': +' '/Model name/ { print $2; exit }'), $(nproc) logical CPUs ($(lscpu | awk -F': +' '/Thread\(s\) per core/ { print $2 " thread(s) per core"; exit }'))
- Memory: $(free -h | awk '/Mem:/ { print $2 }')
- OS: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)
- Rust: $(rustc --version); Python: $(python3 --version 2>&1 | cut -d' ' -f2) (openpyxl $(python3 -c 'import openpyxl; print(openpyxl.__version__)' 2>/dev/null || echo -), python-docx $(python3 -c 'import importlib.metadata as m; print(m.version("python-docx"))' 2>/dev/null || echo -))
- Load when measured: $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min load averages)
- Date: $(date -u +"%Y-%m-%d %H:%M UTC")
INFO
)

generated=$(cat <<MD
<!-- bench.sh:begin (generated by scripts/bench.sh; edits here are overwritten) -->
### Machine

$machine

### Whole process (\`scripts/bench.sh\`)

Each batch folder holds the sample \`input/tuan-giao-2019.xlsx\` under N names and
\`input/cchc.toml\`; each input gives 8 documents (the Excel annex, the cover letter, 6 unit
letters) and a manifest. \`cchc\` uses one worker per logical CPU (\`--jobs\` default). CPU is user +
system time; memory is the peak resident set.

| Tool | Inputs | Wall (s) | CPU (s) | CPU per input (ms) | Peak memory (MB) | Command |
|---|---:|---:|---:|---:|---:|---|
$(printf '%s\n' "${rows[@]}")

- One input, process start to exit: ${one_input:-not measured}.
- cchc over Python: $ratio.
${extrapolated:+- $extrapolated}
<!-- bench.sh:end -->
MD
)

if [ -f "$doc" ] && grep -q 'bench.sh:begin' "$doc"; then
    printf '%s\n' "$generated" >"$work/block.md"
    awk -v block="$work/block.md" '
        /bench.sh:begin/ { while ((getline line < block) > 0) print line; skip = 1; next }
        /bench.sh:end/ { skip = 0; next }
        !skip { print }' "$doc" >"$work/doc.md"
    cp "$work/doc.md" "$doc"
else
    mkdir -p docs
    printf '# Performance\n\n%s\n' "$generated" >"$doc"
fi
echo "$generated"
