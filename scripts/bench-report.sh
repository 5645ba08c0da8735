#!/usr/bin/env bash
# Prints paiban's benchmark table: per-stage wall times and CPU per document (PDF, DOCX, EPUB, all three) for
# the seed, 500 KB and 2.4 MB (红楼梦) in one run, the ratios to the peer figures of the performance issue, and
# batch throughput (wall and CPU) with -j1 and -j2 plus peak RSS for BENCH_COPIES copies of the seed (default
# 1000). CPU times are user + system of every thread; they are the target's measure (all three formats of a
# seed-sized document in ≤ 10 ms of CPU) and, unlike wall times, hardly depend on what else the machine runs.
# The load average is printed before and after: wall times from a busy machine are not comparable.
# Usage: scripts/bench-report.sh            (run from anywhere; needs ../shared/corpus for the real texts)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export BENCH_COPIES="${BENCH_COPIES:-1000}"
echo "# paiban benchmarks — $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo
cargo bench --quiet --bench stages 2>/dev/null
echo
echo "## Per backend (seed, each style)"
echo
echo '```'
cargo bench --quiet --bench pdf 2>/dev/null
cargo bench --quiet --bench epub 2>/dev/null | grep -v '^  '
cargo bench --quiet --bench docx 2>/dev/null
echo '```'
echo
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
