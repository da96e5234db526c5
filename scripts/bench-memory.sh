#!/usr/bin/env bash
# Agent-memory benchmark, ours vs Mastra, in one command:
#   1. benches/memory.rs on our embedded libSQL store (cargo bench --features ssr --bench memory)
#   2. bench/mastra/bench.mjs: the same operations, sizes and iterations on Mastra's libSQL memory
#      (npm ci first if bench/mastra/node_modules is missing)
#   3. a comparison table from the `RESULT <key> <p50> <p95> <p99>` lines (ms) of both, with
#      ratio = Mastra p50 / ours p50 and the two targets: ours p99 < 1 ms, and >= 10x faster at p50.
#
#     scripts/bench-memory.sh            # full run
#     MASTRA_BIG=0 scripts/bench-memory.sh    # skip Mastra's 10k-thread fill (or 0.1 for 10%)
#
# Raw outputs are kept in target/bench-memory/. Timings are wall-clock on a shared machine:
# other builds running at the same time make them noisy, p99 most of all.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f scripts/env.sh ] && source scripts/env.sh
out=target/bench-memory
mkdir -p "$out"
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

if [ ! -d bench/mastra/node_modules ]; then
    step "npm ci (bench/mastra)"
    (cd bench/mastra && npm ci --no-audit --no-fund)
fi

step "ours: cargo bench --features ssr --bench memory"
cargo bench --features ssr --bench memory | tee "$out/ours.txt"

step "Mastra: node bench/mastra/bench.mjs"
(cd bench/mastra && node bench.mjs) | tee "$out/mastra.txt"

step "comparison (ms; ratio = Mastra p50 / ours p50)"
awk '
    # Operation name: the table row printed just before each RESULT line of our bench.
    FNR == NR && /^\| / { split($0, c, "|"); name = c[2]; gsub(/^ +| +$/, "", name); next }
    FNR == NR && $1 == "RESULT" {
        keys[++n] = $2; names[$2] = name; o50[$2] = $3; o99[$2] = $5; next
    }
    FNR == NR && $1 == "FLOOR" { floor50 = $3; floor99 = $5; next }
    FNR != NR && $1 == "RESULT" { have[$2] = 1; m50[$2] = $3; m99[$2] = $5; next }
    FNR != NR && $1 == "EXTRA"  { extra[++ne] = $2; e50[$2] = $3; e99[$2] = $5; next }
    FNR != NR && $1 == "NOTE"   { $1 = ""; notes[++nn] = substr($0, 2); next }
    function num(x) { return x ~ /^[0-9.]+$/ }
    function f(x)   { return num(x) ? sprintf("%.3f", x) : x }
    END {
        if (n == 0) { print "no RESULT lines from the Rust bench" > "/dev/stderr"; exit 1 }
        fmt = "| %-46s | %9s | %9s | %10s | %10s | %8s | %-11s | %-11s |\n"
        printf fmt, "operation", "ours p50", "ours p99", "Mastra p50", "Mastra p99", "ratio", "p99 < 1 ms", ">=10x p50"
        printf "|%s|%s|%s|%s|%s|%s|%s|%s|\n", "------------------------------------------------",
            "-----------", "-----------", "------------", "------------", "----------", "-------------", "-------------"
        for (i = 1; i <= n; i++) {
            k = keys[i]
            mp50 = (k in have) ? m50[k] : "missing"; mp99 = (k in have) ? m99[k] : "missing"
            fast = (o99[k] + 0 < 1) ? "yes" : "NO"; p99ok += (fast == "yes")
            if (num(mp50) && num(o50[k]) && o50[k] > 0) {
                r = mp50 / o50[k]; ratio = sprintf("%.1fx", r)
                ten = (r >= 10) ? "yes" : "NO"; tenok += (ten == "yes"); compared++
            } else {
                ratio = "n/a"; ten = "n/a"
            }
            printf fmt, names[k], f(o50[k]), f(o99[k]), f(mp50), f(mp99), ratio, fast, ten
        }
        printf "\nours p99 < 1 ms: %d of %d operations; >= 10x faster than Mastra at p50: %d of %d comparable operations\n",
            p99ok, n, tenok, compared
        if (floor50 != "")
            printf "floor (ours): one prepared one-row libSQL commit, no app code: p50 %s / p99 %s ms; each write above is at least one such commit\n",
                f(floor50), f(floor99)
        for (i = 1; i <= nn; i++) print "note (Mastra): " notes[i]
        for (i = 1; i <= ne; i++) {
            k = extra[i]; base = (k ~ /_big$/) ? "recall_big" : "recall"
            printf "info, not paired: Mastra %s (app-level keyword scan over listMessagesByResourceId) p50 %s / p99 %s ms vs our FTS %s p50 %s ms\n",
                k, f(e50[k]), f(e99[k]), base, f(o50[base])
        }
    }
' "$out/ours.txt" "$out/mastra.txt" | tee "$out/comparison.txt"
echo
echo "machine: $(nproc) cores, load average $(cut -d" " -f1-3 /proc/loadavg); other work on the machine makes these figures noisy (p99 most)"
