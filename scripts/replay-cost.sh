#!/usr/bin/env bash
# The replay's cost against sqlparser's bare parse, in instructions counted by callgrind
# (the same on a busy machine as on an idle one), for each history named (default: every
# folder of the corpus). See build-support/examples/replay_cost.rs.
#   bash scripts/replay-cost.sh [DIR...]
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build -q --release -p schemagen --example replay_cost
bin=target/release/examples/replay_cost
corpus="${SCHEMAGEN_CORPUS:-../shared/corpus}"
dirs=("$@")
[ ${#dirs[@]} -gt 0 ] || dirs=("$corpus"/*/)
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$bin" "$1" "$2" 2>&1 >/dev/null |
    awk '/Collected :/ { print $4 }'
}
printf '%-16s %14s %14s %7s\n' history replay bare ratio
for dir in "${dirs[@]}"; do
  name=$(basename "$dir")
  if ! "$bin" replay "$dir" 2>/dev/null; then
    printf '%-16s does not replay\n' "$name"
    continue
  fi
  startup=$(count startup "$dir")
  load=$(count load "$dir")
  bare=$(count bare "$dir")
  replay=$(count replay "$dir")
  awk -v n="$name" -v s="$startup" -v l="$load" -v b="$bare" -v r="$replay" \
    'BEGIN { printf "%-16s %14d %14d %6.2fx\n", n, r - s, b - l, (r - s) / (b - l) }'
done
