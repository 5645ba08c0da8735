#!/usr/bin/env bash
# Regenerates the README's sample pages: page 1 of one bundled sample per style, as a small PNG in
# docs/samples/<style>.png. Run from anywhere: ./scripts/render-samples.sh
# Needs: cargo (builds paiban in release mode) and pdftoppm (poppler-utils).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if ! command -v pdftoppm >/dev/null 2>&1; then
    echo "render-samples: pdftoppm not found; install poppler-utils (apt-get install poppler-utils," \
        "brew install poppler) and run again" >&2
    exit 1
fi

# Which bundled sample shows each style best: the speech is an official document, the article is prose
# with headings, the notice is the shortest complete 公文.
samples=(
    "gongwen:input/notice.txt"
    "report:input/article.md"
    "book:input/speech.txt"
)

cargo build --release --quiet
bin="$root/target/release/paiban"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p docs/samples

for entry in "${samples[@]}"; do
    style="${entry%%:*}"
    input="${entry#*:}"
    # A fixed timestamp keeps the PDFs (and so the PNGs) identical from run to run.
    "$bin" "$input" -t pdf --style "$style" --timestamp 0 -q -o "$work/$style"
    pdf="$work/$style/$(basename "${input%.*}").pdf"
    pdftoppm -png -r 50 -f 1 -l 1 -singlefile "$pdf" "$work/$style-page"
    cp "$work/$style-page.png" "docs/samples/$style.png"
    size=$(wc -c <"docs/samples/$style.png")
    if [ "$size" -ge 153600 ]; then
        echo "render-samples: docs/samples/$style.png is $size bytes, over the 150 KB budget" >&2
        exit 1
    fi
    echo "docs/samples/$style.png  ($input, --style $style, $size bytes)"
done
