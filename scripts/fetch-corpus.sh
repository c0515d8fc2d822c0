#!/usr/bin/env bash
# Fetches the real-world migration histories the corpus tests replay, each from its public
# repository at the commit and folder listed in tests/corpus/manifest.tsv, into DEST
# (default: target/corpus). Then run the tests with SCHEMAGEN_CORPUS=DEST.
#
#   bash scripts/fetch-corpus.sh [DEST]
#
# Only the files a migration runner reads are kept: `*.sql` files and Prisma's
# `migration_lock.toml`, at their paths inside the folder. A history already in DEST is
# left as it is. Each clone is treeless and sparse (commits first, then only the folder's
# files at the pinned commit), so a large repository costs little.
#
# SCHEMAGEN_CORPUS_GIT_BASE (default https://github.com) is where the repositories are
# looked up: `$SCHEMAGEN_CORPUS_GIT_BASE/<owner>/<name>`; a test points it at local
# repositories. SCHEMAGEN_CORPUS_MANIFEST names another manifest.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dest="${1:-$root/target/corpus}"
manifest="${SCHEMAGEN_CORPUS_MANIFEST:-$root/tests/corpus/manifest.tsv}"
base="${SCHEMAGEN_CORPUS_GIT_BASE:-https://github.com}"

mkdir -p "$dest"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

failed=0
while IFS=$'\t' read -r name repository commit folder _setup; do
  case "$name" in '' | '#'* | name) continue ;; esac
  if [ -d "$dest/$name" ]; then
    echo "$name: already in $dest"
    continue
  fi
  clone="$scratch/$name"
  echo "$name: $repository @ $commit, $folder"
  if ! git clone --quiet --filter=tree:0 --no-checkout "$base/$repository" "$clone" ||
    ! git -C "$clone" sparse-checkout set --no-cone "/$folder/" ||
    ! git -C "$clone" -c advice.detachedHead=false checkout --quiet "$commit"; then
    echo "$name: could not fetch $repository at $commit" >&2
    failed=1
    continue
  fi
  if [ ! -d "$clone/$folder" ]; then
    echo "$name: $repository at $commit has no folder $folder" >&2
    failed=1
    continue
  fi
  # Into a folder of its own first, so an interrupted copy never looks complete.
  partial="$dest/.$name.partial"
  rm -rf "$partial"
  (cd "$clone/$folder" && find . -type f \( -name '*.sql' -o -name migration_lock.toml \) -print0) |
    while IFS= read -r -d '' file; do
      mkdir -p "$partial/$(dirname "$file")"
      cp "$clone/$folder/$file" "$partial/$file"
    done
  mv "$partial" "$dest/$name"
  rm -rf "$clone"
done <"$manifest"

if [ "$failed" -ne 0 ]; then
  echo "some histories could not be fetched; the corpus tests name the ones they miss" >&2
  exit 1
fi
echo "corpus ready: SCHEMAGEN_CORPUS=$dest"
