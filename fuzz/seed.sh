#!/usr/bin/env bash
# Seed the fuzz corpora (fuzz/corpus/TARGET, not committed) from the repo's samples.
# Usage: fuzz/seed.sh   (from anywhere)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
c="$root/fuzz/corpus"
mkdir -p "$c/mime_message" "$c/pdf_text" "$c/rules_text"
cp "$root"/samples/inbox/*.eml "$c/mime_message/"
cp "$root"/samples/pdfs/*.pdf "$c/pdf_text/"
# rules_text: the first byte picks the file name (see fuzz_targets/rules_text.rs).
seed() { # BYTE FILE
    { printf "\\x$1"; cat "$2"; } > "$c/rules_text/$1-$(basename "$(dirname "$2")")-$(basename "$2")"
}
seed 00 "$root/rules/kinds.toml"
seed 01 "$root/rules/checks.toml"
seed 02 "$root/rules/notifications.toml"
for f in "$root"/rules/documents/*.toml; do seed 03 "$f"; done
for f in "$root"/rules/emails/*.txt; do seed 04 "$f"; done
echo "seeded: $(ls "$c/mime_message" | wc -l) emails, $(ls "$c/pdf_text" | wc -l) PDFs, $(ls "$c/rules_text" | wc -l) rule files"
