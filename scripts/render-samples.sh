#!/usr/bin/env bash
# Regenerates the README's sample pages: one page of one bundled sample per style, as a small PNG in
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

# Which bundled sample and page show each style best: the notice is the shortest complete 公文 (page 1), the
# article is prose with headings (page 1), the story is a book in chapters (page 3: the first chapter's
# opening, after the title page and its blank back).
samples=(
    "gongwen:input/notice.txt:1"
    "report:input/article.md:1"
    "book:input/story.txt:3"
)

cargo build --release --quiet
bin="$root/target/release/paiban"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p docs/samples

for entry in "${samples[@]}"; do
    IFS=: read -r style input page <<<"$entry"
    # A fixed timestamp keeps the PDFs (and so the PNGs) identical from run to run.
    "$bin" "$input" -t pdf --style "$style" --timestamp 0 -q -o "$work/$style"
    pdf="$work/$style/$(basename "${input%.*}").pdf"
    pdftoppm -png -r 50 -f "$page" -l "$page" -singlefile "$pdf" "$work/$style-page"
    cp "$work/$style-page.png" "docs/samples/$style.png"
    size=$(wc -c <"docs/samples/$style.png")
    if [ "$size" -ge 153600 ]; then
        echo "render-samples: docs/samples/$style.png is $size bytes, over the 150 KB budget" >&2
        exit 1
    fi
    echo "docs/samples/$style.png  ($input page $page, --style $style, $size bytes)"
done

# The whole 公文 (GB/T 9704): the complete notice with a red 版头 asked for; page 1 (版头, 发文字号, title),
# an attachment's page and the last page, an even one (the 版记 at its foot, §7.4.3).
"$bin" input/official-notice.txt -t pdf --style gongwen --letterhead 某市人民政府办公室文件 --timestamp 0 -q \
    -o "$work/official"
for page in 1 4 6; do
    pdftoppm -png -r 50 -f "$page" -l "$page" -singlefile "$work/official/official-notice.pdf" \
        "docs/samples/official-$page"
    echo "docs/samples/official-$page.png  (input/official-notice.txt page $page, --letterhead)"
done

# A book spread (input/story.txt pages 4 and 5: the verso's text nearer its right, inner edge, the recto's
# nearer its left; both ending on one line), and a report page with headings of levels 2 to 4, a code
# block with a wrapped path and a table (docs/samples/report-details.md).
"$bin" input/story.txt -t pdf --style book --timestamp 0 -q -o "$work/spread"
for page in 4 5; do
    pdftoppm -png -r 50 -f "$page" -l "$page" -singlefile "$work/spread/story.pdf" "docs/samples/book-spread-$page"
    echo "docs/samples/book-spread-$page.png  (input/story.txt page $page, --style book)"
done
"$bin" docs/samples/report-details.md -t pdf --style report --timestamp 0 -q -o "$work/details"
pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$work/details/report-details.pdf" docs/samples/report-details
echo "docs/samples/report-details.png  (docs/samples/report-details.md page 1, --style report)"
