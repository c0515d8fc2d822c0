#!/usr/bin/env bash
# Build cost of schemagen, measured as a ratio against sqlparser's bare parse of the same
# text in the same run (benches/pipeline.rs). Runs twice:
#   dev      - unoptimised, as a plain `cargo build` runs build scripts by default;
#   release  - optimised, as with the `[profile.dev.build-override] opt-level = 3` the
#              README recommends.
# Not part of CI (it takes minutes); results go to target/criterion.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -m), $(rustc --version)"
for profile in dev release; do
  echo "== profile: $profile"
  cargo bench -p schemagen --bench pipeline --profile "$profile" -- --noplot 2>&1 \
    | grep -E "^(synthetic|corpus)|time:|thrpt:"
done
