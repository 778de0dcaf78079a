#!/usr/bin/env bash
# Whole-process benchmark: `cchc generate` on batches of N copies of the sample (N = 1, 100,
# 1000), timed with /usr/bin/time -v (wall, CPU, peak memory), against the same work in
# Python (bench/python_equivalent.py, openpyxl + python-docx) when Python has them. Writes
# the figures between the bench.sh markers of docs/performance.md.
#
#   scripts/bench.sh                 # the whole run
#   PYTHON_1000=1 scripts/bench.sh   # also time Python on 1,000 inputs (about 10 minutes)
#   SIZES="1 100" scripts/bench.sh   # other batch sizes
#   MODE=pdf scripts/bench.sh        # only the PDF figures (generate --pdf, issue 16)
#   PDF=0 scripts/bench.sh           # all but the PDF figures
#   PDF_BEFORE=OLD_CCHC scripts/bench.sh   # also time an older cchc binary with --pdf
#
# The PDF figures (when LibreOffice is installed) go between the bench.sh:pdf markers. The
# floor is one `soffice --convert-to pdf` call converting one input's eight documents with a
# profile that already exists, measured in the same run as `generate --pdf` on 1 input and on
# PDF_N inputs (default 100) with 2 workers (`--jobs 2`).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
sizes=${SIZES:-1 100 1000}
mode=${MODE:-all}
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

# Replaces the lines of $doc from the marker `bench.sh:$1` to the marker `bench.sh:$2` with
# the file $3.
write_block() {
    awk -v block="$3" -v b="bench.sh:$1" -v e="bench.sh:$2" '
        index($0, b) { while ((getline line < block) > 0) print line; skip = 1; next }
        index($0, e) { skip = 0; next }
        !skip { print }' "$doc" >"$work/doc.md"
    cp "$work/doc.md" "$doc"
}

if [ "$mode" != pdf ]; then
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
    write_block begin end "$work/block.md"
else
    mkdir -p docs
    printf '# Performance\n\n%s\n' "$generated" >"$doc"
fi
echo "$generated"
fi

# PDF (issue 16): the floor, one warm LibreOffice call over one input's documents, then
# `generate --pdf` on 1 input and on PDF_N inputs, all in this run.
if [ "${PDF:-1}" = 1 ] && command -v soffice >/dev/null; then
    pdf_n=${PDF_N:-100}
    runs_pdf=${RUNS_PDF:-3}
    median() { sort -n | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }
    seconds() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }'; }
    one=$(make_batch 1)
    "$bin" generate "$one" --out "$work/pdf-docs" >/dev/null
    docs=$work/pdf-docs/tg-1
    mapfile -t documents < <(cd "$docs" && find . -name '*.docx' -o -name '*.xlsx' | sort)
    profile=$work/pdf-profile
    floor_call() {
        rm -rf "$work/pdf-floor"
        (cd "$docs" && soffice "-env:UserInstallation=file://$profile" --headless --norestore \
            --convert-to pdf --outdir "$work/pdf-floor" "${documents[@]}" >/dev/null 2>&1)
    }
    floor_call # makes the profile: the floor is a warm call
    floors=() ones=()
    for r in $(seq 1 "$runs_pdf"); do
        start=$EPOCHREALTIME
        floor_call
        floors+=("$(seconds "$start")")
        start=$EPOCHREALTIME
        "$bin" generate "$one" --out "$work/pdf-1-$r" --pdf >/dev/null
        ones+=("$(seconds "$start")")
    done
    floor=$(printf '%s\n' "${floors[@]}" | median)
    one_pdf=$(printf '%s\n' "${ones[@]}" | median)
    many=$(make_batch "$pdf_n")
    start=$EPOCHREALTIME
    "$bin" generate "$many" --out "$work/pdf-$pdf_n" --pdf --jobs 2 >/dev/null
    many_pdf=$(seconds "$start")
    n_docs=${#documents[@]}
    ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
    per_doc_floor=$(awk -v f="$floor" -v d="$n_docs" 'BEGIN { printf "%.3f", f / d }')
    per_doc_many=$(awk -v w="$many_pdf" -v n="$pdf_n" -v d="$n_docs" 'BEGIN { printf "%.3f", w / (n * d) }')
    pdf_rows=(
        "| Floor: one \`soffice --convert-to pdf\` call, warm profile | 1 | $n_docs | $floor (median of $runs_pdf: ${floors[*]}) | $per_doc_floor | 1.00 |"
        "| \`cchc generate --pdf\` | 1 | $n_docs | $one_pdf (median of $runs_pdf: ${ones[*]}) | $(awk -v w="$one_pdf" -v d="$n_docs" 'BEGIN { printf "%.3f", w / d }') | $(ratio "$one_pdf" "$floor") |"
        "| \`cchc generate --pdf --jobs 2\` | $pdf_n | $((pdf_n * n_docs)) | $many_pdf | $per_doc_many | $(ratio "$per_doc_many" "$per_doc_floor") |"
    )
    if [ -n "${PDF_BEFORE:-}" ]; then
        before_n=${PDF_BEFORE_N:-10}
        start=$EPOCHREALTIME
        "$PDF_BEFORE" generate "$one" --out "$work/pdf-before-1" --pdf >/dev/null
        before_one=$(seconds "$start")
        before_dir=$(make_batch "$before_n")
        start=$EPOCHREALTIME
        "$PDF_BEFORE" generate "$before_dir" --out "$work/pdf-before-$before_n" --pdf --jobs 2 >/dev/null
        before_many=$(seconds "$start")
        per_doc_before=$(awk -v w="$before_many" -v n="$before_n" -v d="$n_docs" 'BEGIN { printf "%.3f", w / (n * d) }')
        pdf_rows+=(
            "| Before (\`$(basename "$PDF_BEFORE")\`, a LibreOffice and a fresh profile per document) | 1 | $n_docs | $before_one | $(awk -v w="$before_one" -v d="$n_docs" 'BEGIN { printf "%.3f", w / d }') | $(ratio "$before_one" "$floor") |"
            "| Before, \`--jobs 2\` | $before_n | $((before_n * n_docs)) | $before_many | $per_doc_before | $(ratio "$per_doc_before" "$per_doc_floor") |"
        )
    fi
    pdf_block=$(cat <<MD
<!-- bench.sh:pdf:begin (generated by scripts/bench.sh; edits here are overwritten) -->
LibreOffice: $(soffice --version 2>/dev/null | head -1); $(nproc) logical CPUs; load when
measured $(cut -d' ' -f1-3 /proc/loadavg); $(date -u +"%Y-%m-%d %H:%M UTC").

| Run | Inputs | Documents | Wall (s) | Wall per document (s) | Over the floor |
|---|---:|---:|---:|---:|---:|
$(printf '%s\n' "${pdf_rows[@]}")
<!-- bench.sh:pdf:end -->
MD
)
    if grep -q 'bench.sh:pdf:begin' "$doc"; then
        printf '%s\n' "$pdf_block" >"$work/pdf-block.md"
        write_block pdf:begin pdf:end "$work/pdf-block.md"
    fi
    echo "$pdf_block"
fi
