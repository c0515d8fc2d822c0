#!/usr/bin/env bash
# Compile cost of schemagen for its users, each figure measured side by side with its
# alternative in the same run (same machine, same moment), so the report is a ratio:
#
#   1. cold build of schemagen as a build dependency (its whole dependency tree, and its
#      build script run on a one-table migration folder) vs sqlx's `sqlx-macros` with the
#      `postgres` feature, the version the workspace's Cargo.lock holds; plain `cargo
#      build` (dev profile), `-j 2`, each in a fresh target folder; top 5 crates of each
#      tree from `cargo build --timings`. schemagen is measured unoptimised (cargo's
#      default for build dependencies) and with `[profile.dev.build-override] opt-level =
#      3` plus `[profile.dev.package.schemagen] opt-level = 3` (or OPT_LEVEL), since
#      optimised build dependencies take longer to compile.
#   2. compile of the module schemagen generates for the synthetic 500-table / 10,000-
#      column history vs the `diesel::table!` schema `diesel print-schema` (diesel_cli 2.3)
#      would print for the same tables (scripts/diesel_schema.py), dependencies built
#      beforehand; the crate alone, compiled whole (CARGO_INCREMENTAL=0), with `cargo
#      build` and with `cargo check` (what an IDE runs). print-schema's default puts every
#      table in one `allow_tables_to_appear_in_same_query!`, whose impls grow with the
#      square of the table count (1.25 million here): that schema is compiled once, `cargo
#      check` only, under a time limit, and the repeated comparison is against
#      print-schema's `allow_tables_to_appear_in_same_query_config = "none"` (every
#      `table!` and `joinable!`, no pairs).
#
# NOT FOR CI: it takes over an hour (three cold dependency trees per round, one of them
# optimised, and the default diesel schema's half-hour time limit). Run it by hand:
#
#     bash scripts/compile-cost.sh                # RUNS=2 rounds of each figure
#     RUNS=3 PARTS=2 DIESEL_ALL=0 bash scripts/compile-cost.sh
#     PARTS=1 OPT_LEVEL=1 bash scripts/compile-cost.sh   # optimised variant at opt-level 1
#     PARTS=1 OPT_LEVEL=none bash scripts/compile-cost.sh  # no optimised variant
#
# PARTS=1, PARTS=2 or PARTS="1 2" (the default) picks the parts. Scratch crates, target
# folders and logs live under target/compile-cost/ (out of git); the dependency builds of
# part 2 are kept there between runs, everything timed cold is rebuilt from nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
WORKSPACE=$(pwd)
ROOT="$WORKSPACE/target/compile-cost"
RUNS=${RUNS:-2}
PARTS=${PARTS:-"1 2"}
JOBS=${JOBS:-2}
# opt-level of the optimised schemagen variant in part 1 (README's recommendation is 3);
# OPT_LEVEL=none leaves that variant out.
OPT_LEVEL=${OPT_LEVEL:-3}
mkdir -p "$ROOT"
LOG="$ROOT/log"
mkdir -p "$LOG"

sqlx_version=$(awk '/^name = "sqlx-macros"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
[[ -n $sqlx_version ]] || { echo "no sqlx-macros in Cargo.lock" >&2; exit 1; }

echo "machine: $(nproc) cores, $(free -m | awk '/Mem:/ { printf "%.1f GiB", $2 / 1024 }') RAM, $(uname -m), $(rustc --version), $(cargo --version)"
echo "load before start: $(cut -d' ' -f1-3 /proc/loadavg)"

load() { cut -d' ' -f1 /proc/loadavg; }

# Seconds since the epoch, with fractions.
now() { date +%s.%N; }

# median of the numbers given
median() { printf '%s\n' "$@" | sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.2f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

# Top five units of the newest cargo timing report under $1, from its UNIT_DATA.
top5() {
  python3 - "$1" <<'EOF'
import json, re, sys, glob, os
reports = sorted(glob.glob(os.path.join(sys.argv[1], "cargo-timings", "cargo-timing-*.html")))
html = open(reports[-1]).read()
m = re.search(r"const UNIT_DATA = (\[.*?\]);\n", html, re.S)
units = json.loads(m.group(1))
units.sort(key=lambda u: -u["duration"])
total = len(units)
print(f"    {total} units; top 5 by duration:")
for u in units[:5]:
    what = u["target"].strip() or "lib"
    if u.get("mode") == "run-custom-build":
        what = "build script run"
    elif "build-script" in what or u.get("mode") == "build-script":
        what = "build script"
    print(f"      {u['duration']:7.2f} s  {u['name']} {u['version']} ({what})")
EOF
}

# cold_build NAME DIR: builds the crate in DIR from nothing, prints the wall time.
cold_build() {
  local name=$1 dir=$2 target="$ROOT/target-$1"
  rm -rf "$target"
  local load0 t0 t1
  load0=$(load)
  t0=$(now)
  if ! CARGO_TARGET_DIR="$target" cargo build --offline -j "$JOBS" --timings \
    --manifest-path "$dir/Cargo.toml" >"$LOG/$name.log" 2>&1; then
    cat "$LOG/$name.log" >&2
    exit 1
  fi
  t1=$(now)
  local secs
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  echo "  $name: $secs s (load average before: $load0)" >&2
  top5 "$target" >&2
  echo "$secs"
}

# write FILE CONTENT: writes the file when its bytes differ (keeps mtimes stable).
write() {
  mkdir -p "$(dirname "$1")"
  if [[ ! -f $1 ]] || [[ "$(cat "$1")" != "$2" ]]; then printf '%s\n' "$2" >"$1"; fi
}

# Lock file: the workspace's, so shared dependencies build the versions CI has.
seed_lock() { cp "$WORKSPACE/Cargo.lock" "$1/Cargo.lock"; }

part1() {
  echo
  echo "== 1. cold build of the build-time dependency tree (dev profile, -j $JOBS)"
  local a="$ROOT/crates/schemagen-dep" aopt="$ROOT/crates/schemagen-dep-opt" b="$ROOT/crates/sqlx-macros-dep"
  local manifest_a="[package]
name = \"cc-schemagen-dep\"
version = \"0.0.0\"
edition = \"2024\"
publish = false

[build-dependencies]
schemagen = { path = \"$WORKSPACE/build-support\" }

[workspace]"
  write "$a/Cargo.toml" "$manifest_a"
  write "$aopt/Cargo.toml" "${manifest_a/cc-schemagen-dep/cc-schemagen-dep-opt}

[profile.dev.package.schemagen]
opt-level = $OPT_LEVEL

[profile.dev.build-override]
opt-level = $OPT_LEVEL"
  for dir in "$a" "$aopt"; do
    write "$dir/build.rs" 'fn main() {
    if let Err(e) = schemagen::Builder::new().migrations("migrations").sqlx(false).generate() {
        eprintln!("{e}");
        std::process::exit(1);
    }
}'
    write "$dir/migrations/0001_devices.sql" 'CREATE TABLE devices (
    id BIGSERIAL PRIMARY KEY,
    model TEXT NOT NULL,
    seen INTEGER
);'
    write "$dir/src/lib.rs" '//! Compiles the generated module (sqlx off, so no other dependency).
#![allow(missing_docs)]
pub mod db {
    include!(concat!(env!("OUT_DIR"), "/schemagen/schema.rs"));
}'
  done
  # The minimal feature set that builds sqlx-macros for PostgreSQL: `postgres` alone
  # (sqlx-macros has no default features; no runtime or TLS feature is required).
  write "$b/Cargo.toml" "[package]
name = \"cc-sqlx-macros-dep\"
version = \"0.0.0\"
edition = \"2024\"
publish = false

[dependencies]
sqlx-macros = { version = \"=$sqlx_version\", default-features = false, features = [\"postgres\"] }

[workspace]"
  write "$b/src/lib.rs" '//! Nothing: the dependency is what is built.'
  for dir in "$a" "$aopt" "$b"; do
    seed_lock "$dir"
    cargo fetch --manifest-path "$dir/Cargo.toml" >"$LOG/fetch.log" 2>&1 \
      || { cat "$LOG/fetch.log" >&2; exit 1; }
  done
  echo "sqlx-macros $sqlx_version, features = [\"postgres\"]; schemagen from $WORKSPACE/build-support at $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- build-support || echo ' (+ uncommitted changes)')"

  local -a ta=() taopt=() tb=()
  for run in $(seq "$RUNS"); do
    echo "-- round $run"
    # Alternate the order so neither side always goes first.
    if ((run % 2)); then
      ta+=("$(cold_build schemagen "$a")")
      tb+=("$(cold_build sqlx-macros "$b")")
    else
      tb+=("$(cold_build sqlx-macros "$b")")
      ta+=("$(cold_build schemagen "$a")")
    fi
    if [[ $OPT_LEVEL != none ]]; then taopt+=("$(cold_build schemagen-opt "$aopt")"); fi
  done
  local ma mb maopt
  ma=$(median "${ta[@]}"); mb=$(median "${tb[@]}")
  echo "-- result (median of $RUNS; each run: schemagen ${ta[*]} / sqlx-macros ${tb[*]} / schemagen-opt ${taopt[*]:-skipped})"
  echo "  schemagen (default build-dep profile)        $ma s"
  if [[ $OPT_LEVEL != none ]]; then
    maopt=$(median "${taopt[@]}")
    echo "  schemagen (build-override opt-level = $OPT_LEVEL)     $maopt s"
  fi
  echo "  sqlx-macros $sqlx_version, features [postgres]     $mb s"
  echo "  ratio schemagen / sqlx-macros: $(ratio "$ma" "$mb") (target < 0.75)${maopt:+; optimised: $(ratio "$maopt" "$mb")}"
}

# timed NAME DIR MODE TARGET: compiles the crate in DIR alone (dependencies already built),
# whole, and prints the wall time; with TIMEOUT set, stops at that many seconds and prints
# `timeout:<seconds>`.
timed() {
  local name=$1 dir=$2 mode=$3 target=$4
  touch "$dir/src/lib.rs"
  local load0 t0 t1 status=0
  load0=$(load)
  t0=$(now)
  CARGO_INCREMENTAL=0 CARGO_TARGET_DIR="$target" timeout "${TIMEOUT:-0}" cargo "$mode" --offline \
    -j "$JOBS" --manifest-path "$dir/Cargo.toml" >"$LOG/$name-$mode.log" 2>&1 || status=$?
  t1=$(now)
  local secs
  secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')
  if ((status == 124)); then
    echo "  $name cargo $mode: stopped after $secs s (load average before: $load0)" >&2
    echo "timeout:$secs"
    return
  elif ((status != 0)); then
    cat "$LOG/$name-$mode.log" >&2
    exit 1
  fi
  echo "  $name cargo $mode: $secs s (load average before: $load0)" >&2
  echo "$secs"
}

part2() {
  echo
  echo "== 2. compile of the schema module, synthetic history (500 tables, 10,000 columns)"
  local syn="$ROOT/synthetic"
  rm -rf "$syn"
  cargo run -q --release -p schemagen --example synthetic -- "$syn" >"$LOG/synthetic.log" 2>&1 \
    || { cat "$LOG/synthetic.log" >&2; exit 1; }
  cargo build -q --release -p schemagen --features cli >"$LOG/cli.log" 2>&1 \
    || { cat "$LOG/cli.log" >&2; exit 1; }
  local cli="$WORKSPACE/target/release/schemagen"
  "$cli" generate "$syn" >"$ROOT/schema.rs"
  "$cli" dump --json "$syn" >"$ROOT/dump.json"
  python3 scripts/diesel_schema.py <"$ROOT/dump.json" >"$ROOT/diesel_schema.rs"
  echo "schemagen module: $(wc -l <"$ROOT/schema.rs") lines, $(wc -c <"$ROOT/schema.rs") bytes;" \
    "diesel schema: $(wc -l <"$ROOT/diesel_schema.rs") lines, $(wc -c <"$ROOT/diesel_schema.rs") bytes" \
    "($(grep -c '^diesel::table!' "$ROOT/diesel_schema.rs") table!, $(grep -c '^diesel::joinable!' "$ROOT/diesel_schema.rs") joinable!, one allow_tables_to_appear_in_same_query! of every table, as print-schema prints it)"

  local c="$ROOT/crates/sqlx-module" d="$ROOT/crates/diesel-module" dall="$ROOT/crates/diesel-module-all"
  # The dependencies the generated code names, with the features the compile tests give
  # them (tests/src/compile.rs, Deps::CHRONO).
  write "$c/Cargo.toml" '[package]
name = "cc-sqlx-module"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
sqlx = { version = "0.9", default-features = false, features = ["runtime-tokio", "postgres", "derive", "uuid", "chrono", "time", "json", "ipnetwork", "mac_address", "bit-vec", "rust_decimal", "bigdecimal"] }
uuid = { version = "1", features = ["serde"] }
serde_json = { version = "1" }
rust_decimal = { version = "1", features = ["serde", "serde-with-str"] }
chrono = { version = "0.4", default-features = false, features = ["clock", "std", "serde"] }

[workspace]'
  # diesel with the features for these SQL types' Rust types (Timestamptz -> chrono, Uuid,
  # Jsonb -> serde_json, Numeric -> bigdecimal); default features (32-column tables).
  local manifest_d='[package]
name = "cc-diesel-module"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
diesel = { version = "2.3", features = ["postgres", "chrono", "uuid", "serde_json", "numeric"] }

[workspace]'
  write "$d/Cargo.toml" "$manifest_d"
  write "$dall/Cargo.toml" "${manifest_d/cc-diesel-module/cc-diesel-module-all}"
  local lib_c='//! schemagen'"'"'s generated module.
#![allow(missing_docs)]
pub mod db {
    include!("../../../schema.rs");
}'
  local lib_d='//! diesel print-schema'"'"'s schema, allow_tables_to_appear_in_same_query_config = "none".
pub mod schema {
    include!("../../../diesel_schema_none.rs");
}'
  # allow_tables_to_appear_in_same_query! recurses once per table: 500 tables need more
  # than the default recursion limit of 128.
  local lib_dall='//! diesel print-schema'"'"'s schema, default settings.
#![recursion_limit = "1024"]
pub mod schema {
    include!("../../../diesel_schema.rs");
}'
  python3 scripts/diesel_schema.py none <"$ROOT/dump.json" >"$ROOT/diesel_schema_none.rs"
  # Both diesel crates share one target folder, so diesel is built once.
  local dtarget="$ROOT/crates/diesel-target"
  for dir in "$c" "$d" "$dall"; do
    local target="$dir/target"
    [[ $dir == "$c" ]] || target=$dtarget
    [[ -f $dir/Cargo.lock ]] || seed_lock "$dir"
    # Dependencies first, for both modes, with an empty crate.
    write "$dir/src/lib.rs" '//! Empty while the dependencies build.'
    for mode in build check; do
      CARGO_TARGET_DIR="$target" cargo "$mode" -j "$JOBS" --manifest-path "$dir/Cargo.toml" \
        >"$LOG/deps.log" 2>&1 || { cat "$LOG/deps.log" >&2; exit 1; }
    done
  done
  write "$c/src/lib.rs" "$lib_c"
  write "$d/src/lib.rs" "$lib_d"
  write "$dall/src/lib.rs" "$lib_dall"
  echo "sqlx $(awk '/^name = "sqlx"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$c/Cargo.lock"), diesel $(awk '/^name = "diesel"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$d/Cargo.lock")"

  # diesel's print-schema default: every table in one allow_tables_to_appear_in_same_query!
  # (`fk_related_tables` gives the same here: the parent_id chain links all 500 tables),
  # about ten impls per pair of tables, 1.25 million in all, which rustc's coherence check
  # compares pairwise: the cost grows faster than the square of the table count (`cargo
  # check` of the first 100 / 200 tables: 51 / 300 s of CPU on the 2-core machine; all 500
  # still unfinished after 57 CPU minutes and 10 GB). So it is measured once, `cargo check`
  # only, under a time limit (DIESEL_ALL_TIMEOUT, seconds): DIESEL_ALL=check (default),
  # build, "check build", or 0 to skip.
  local all_modes=${DIESEL_ALL:-check} all_timeout=${DIESEL_ALL_TIMEOUT:-1800}
  [[ $all_modes == 0 ]] && all_modes=""

  local -a cb=() db=() cc=() dc=()
  for run in $(seq "$RUNS"); do
    echo "-- round $run"
    if ((run % 2)); then
      cc+=("$(timed schemagen "$c" check "$c/target")"); dc+=("$(timed diesel-none "$d" check "$dtarget")")
      cb+=("$(timed schemagen "$c" build "$c/target")"); db+=("$(timed diesel-none "$d" build "$dtarget")")
    else
      dc+=("$(timed diesel-none "$d" check "$dtarget")"); cc+=("$(timed schemagen "$c" check "$c/target")")
      db+=("$(timed diesel-none "$d" build "$dtarget")"); cb+=("$(timed schemagen "$c" build "$c/target")")
    fi
  done
  local -A all=()
  for mode in $all_modes; do
    echo "-- diesel print-schema default (all_tables), once, cargo $mode, time limit $all_timeout s"
    all[$mode]=$(TIMEOUT=$all_timeout timed diesel-all "$dall" "$mode" "$dtarget")
  done
  local mcb mdb mcc mdc
  mcb=$(median "${cb[@]}"); mdb=$(median "${db[@]}"); mcc=$(median "${cc[@]}"); mdc=$(median "${dc[@]}")
  echo "-- result (median of $RUNS; the crate alone, compiled whole, dev profile, -j $JOBS)"
  echo "  vs diesel print-schema with allow_tables_to_appear_in_same_query_config = \"none\" (500 table! + 499 joinable!):"
  echo "    cargo build: schemagen module $mcb s, diesel schema $mdb s, ratio $(ratio "$mcb" "$mdb") (runs: ${cb[*]} / ${db[*]})"
  echo "    cargo check: schemagen module $mcc s, diesel schema $mdc s, ratio $(ratio "$mcc" "$mdc") (runs: ${cc[*]} / ${dc[*]})"
  for mode in $all_modes; do
    local m=$mcb
    [[ $mode == check ]] && m=$mcc
    local secs=${all[$mode]}
    if [[ $secs == timeout:* ]]; then
      echo "  vs diesel print-schema default (all_tables), cargo $mode: schemagen module $m s, diesel schema > ${secs#timeout:} s (stopped at the time limit), ratio < $(ratio "$m" "${secs#timeout:}")"
    else
      echo "  vs diesel print-schema default (all_tables), cargo $mode: schemagen module $m s, diesel schema $secs s, ratio $(ratio "$m" "$secs") (one run)"
    fi
  done
  echo "  (target: schemagen's module compiles faster than diesel's, ratio < 1)"
}

for part in $PARTS; do
  "part$part"
done
echo
echo "load at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
