#!/usr/bin/env bash
# Sets one plain Chinese text with paiban (each style) and with Typst (scripts/seed.typ), renders pages 1 and 2
# of each to PNG at 80 dpi and prints PDF sizes and wall times, for a side-by-side look.
# Usage: scripts/typst-compare.sh [TEXT] [OUTDIR]   (default: ../shared/corpus/seed-speech.txt, /tmp/paiban-vs-typst)
# Needs: pdftoppm, and Typst either as the `typst` CLI or the typst-py wheel (`pip install typst`).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
text="$(realpath "${1:-$root/../shared/corpus/seed-speech.txt}")"
out="${2:-/tmp/paiban-vs-typst}"
fonts="$root/fonts"
command -v pdftoppm >/dev/null 2>&1 || { echo "typst-compare: pdftoppm not found (poppler-utils)" >&2; exit 1; }
mkdir -p "$out"

typst_pdf="$out/typst.pdf"
if command -v typst >/dev/null 2>&1; then
    /usr/bin/time -f "typst: %e s wall" typst compile --root / --font-path "$fonts" --ignore-system-fonts \
        --input text="$text" "$root/scripts/seed.typ" "$typst_pdf"
elif python3 -c "import typst" 2>/dev/null; then
    # The wall time includes Python's start-up; the in-process compile time is printed separately.
    /usr/bin/time -f "typst (python, incl. start-up): %e s wall" python3 - "$root/scripts/seed.typ" "$text" \
        "$typst_pdf" "$fonts" <<'PY'
import sys, time, typst
template, text, pdf, fonts = sys.argv[1:5]
start = time.perf_counter()
typst.compile(template, output=pdf, root="/", font_paths=[fonts], ignore_system_fonts=True,
              sys_inputs={"text": text})
print(f"typst: {time.perf_counter() - start:.3f} s compile (in process)")
PY
else
    echo "typst-compare: no typst CLI and no typst Python module (pip install typst)" >&2
    exit 1
fi
pdftoppm -png -r 80 -f 1 -l 2 "$typst_pdf" "$out/typst"

cargo build --release --quiet --manifest-path "$root/Cargo.toml"
for style in gongwen report book; do
    /usr/bin/time -f "paiban --style $style: %e s wall" "$root/target/release/paiban" "$text" -t pdf \
        --style "$style" -q -o "$out/$style"
    pdf="$out/$style/$(basename "${text%.*}").pdf"
    pdftoppm -png -r 80 -f 1 -l 2 "$pdf" "$out/$style"
done
ls -l "$typst_pdf" "$out"/*/*.pdf | awk '{print $5, $9}'
echo "pages: $out/{typst,gongwen,report,book}-{1,2}.png"
