#!/usr/bin/env bash
# Seeds the fuzz corpora from the project's own SQL: every fixture and migration file.
# The corpora (fuzz/corpus/) are not committed; crashes found become regression tests.
set -euo pipefail
cd "$(dirname "$0")"
for target in split pipeline; do
  mkdir -p "corpus/$target"
  find ../tests/fixtures ../migrations -name '*.sql' -print0 |
    while IFS= read -r -d '' f; do
      cp "$f" "corpus/$target/$(sha1sum "$f" | cut -c1-16).sql"
    done
done
echo "corpora: $(ls corpus/split | wc -l) files per target"
