//! Code in a monospace face: the Latin of code blocks and inline code is set in DejaVu Sans Mono, so columns
//! line up; its Chinese falls back to Noto Sans SC (黑体 beside a sans mono), never to the Serif default. Checked
//! in the layout, in the PDF (the mono subset is embedded, and `pdffonts` agrees when installed), in the EPUB
//! (a mono subset, the stylesheet, EPUBCheck when installed) and in the DOCX font table.

mod common;

use common::{epubcheck_jar, have};
use paiban::backend::Output;
use paiban::fonts::{Face, FontBook};
use paiban::layout::{lay_out, page::PlacedLine};
use paiban::model::Document;
use paiban::read::markdown::read_markdown;
use paiban::style::{Style, StyleName};
use paiban::{Format, RenderOptions, Timestamp};

/// A fenced block whose columns line up in a monospace face, with a Chinese comment and a box-drawing tree,
/// and inline code in a paragraph.
const MARKDOWN: &str = concat!(
    "# 代码示例\n\n用 `cargo run` 运行下面的程序：\n\n",
    "```rust\n",
    "fn main() {\n",
    "    let width  = 80;   // 宽度，单位：列\n",
    "    let height = 24;   // 高度\n",
    "    println!(\"{width}x{height}\");\n",
    "}\n",
    "```\n\n",
    "```\n",
    "src/\n",
    "├── main.rs\n",
    "└── lib.rs\n",
    "```\n",
);

fn document() -> Document {
    let (doc, diagnostics) = read_markdown(MARKDOWN);
    assert!(diagnostics.is_empty(), "{diagnostics:?}");
    doc
}

/// The sample rendered to `format` in the report style, with embedded fonts.
fn rendered(format: Format) -> Output {
    let fonts = FontBook::new(&[]);
    let style = Style::preset(StyleName::Report);
    let options =
        RenderOptions { style: &style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: true };
    paiban::render(format, &document(), &options).expect("renders")
}

/// The placed lines whose text starts with `prefix`.
fn lines_starting<'a>(lines: &'a [&'a PlacedLine], prefix: &str) -> Vec<&'a PlacedLine> {
    lines.iter().copied().filter(|l| l.line.text().starts_with(prefix)).collect()
}

#[test]
fn code_latin_is_mono_with_equal_advances_and_its_chinese_falls_back_to_sans() {
    let fonts = FontBook::new(&[]);
    let doc = document();
    for name in [StyleName::Report, StyleName::Book, StyleName::Gongwen] {
        let style = Style::preset(name);
        assert_eq!(style.code.face, Face::Mono, "{name:?}");
        let layout = lay_out(&doc, &style, &fonts).expect("lays out");
        let lines: Vec<&PlacedLine> = layout.pages.iter().flat_map(|p| &p.lines).collect();
        let cell = style.code.size_pt * 1233.0 / 2048.0;

        // Every ASCII glyph of the code block is DejaVu Sans Mono and one cell wide.
        let code_lines: Vec<&PlacedLine> =
            ["fn main", "    let width", "    let height", "    println!", "}"]
                .iter()
                .map(|p| {
                    *lines_starting(&lines, p).first().unwrap_or_else(|| panic!("{name:?}: no line {p:?}"))
                })
                .collect();
        for line in &code_lines {
            for g in line.line.glyphs.iter().filter(|g| g.ch.is_ascii()) {
                assert_eq!(g.face, Face::Mono, "{name:?}: {:?} in {:?}", g.ch, line.line.text());
                assert!((g.width_em - 1233.0 / 2048.0).abs() < 1e-4, "{name:?}: {:?}", g);
                assert!((g.size_pt - style.code.size_pt).abs() < 1e-4);
            }
        }
        // Columns line up: the `=` and the `//` of the two `let` lines stand at the same x.
        let x_of = |line: &PlacedLine, needle: char| {
            let g = line.line.glyphs.iter().find(|g| g.ch == needle).expect("character present");
            line.x_pt + g.x_pt
        };
        let (width, height) = (code_lines[1], code_lines[2]);
        assert!((x_of(width, '=') - x_of(height, '=')).abs() < 1e-3, "{name:?}: `=` columns differ");
        assert!((x_of(width, '/') - x_of(height, '/')).abs() < 1e-3, "{name:?}: `//` columns differ");
        // Counted from the line's first character: a code block stands indented in the measure.
        let start = width.x_pt + width.line.left_pt();
        assert!((x_of(width, '=') - start - 15.0 * cell).abs() < 1e-3, "{name:?}: `=` is column 16");
        for pair in width.line.glyphs.windows(2).take(20) {
            assert!((pair[1].x_pt - pair[0].x_pt - cell).abs() < 1e-3, "{name:?}: uneven advance {pair:?}");
        }

        // The Chinese of the comment (and its full-width punctuation) falls back to Noto Sans SC.
        let chinese: Vec<_> = width.line.glyphs.iter().filter(|g| !g.ch.is_ascii()).collect();
        assert_eq!(chinese.iter().map(|g| g.ch).collect::<String>(), "宽度，单位：列");
        assert!(chinese.iter().all(|g| g.face == Face::Sans && g.gid.is_some()), "{name:?}: {chinese:?}");

        // Box drawing is in DejaVu Sans Mono too, so trees line up with the names beside them.
        let tree = lines_starting(&lines, "├");
        assert!(tree[0].line.glyphs.iter().all(|g| g.face == Face::Mono), "{name:?}");

        // Inline code in a paragraph: mono as well.
        let para = lines_starting(&lines, "用");
        let inline: Vec<_> = para[0].line.glyphs.iter().filter(|g| g.ch.is_ascii_alphabetic()).collect();
        assert_eq!(inline.iter().map(|g| g.ch).collect::<String>(), "cargorun");
        assert!(inline.iter().all(|g| g.face == Face::Mono), "{name:?}: {inline:?}");
    }
}

#[test]
fn a_pdf_with_a_code_block_embeds_a_dejavu_sans_mono_subset() {
    let out = rendered(Format::Pdf);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let pdf = lopdf::Document::load_mem(&out.bytes).expect("a PDF");
    let base_fonts: Vec<String> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Subtype").and_then(|s| s.as_name()).ok() == Some(b"Type0".as_slice()))
        .filter_map(|d| d.get(b"BaseFont").and_then(|b| b.as_name()).ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    assert!(base_fonts.iter().any(|n| n.ends_with("+DejaVuSansMono")), "{base_fonts:?}");
    // The comment's Chinese is drawn from the Noto Sans SC subset (the layout test checks it is not Serif).
    assert!(base_fonts.iter().any(|n| n.contains("NotoSansSC")), "{base_fonts:?}");

    if !have("pdffonts") {
        paiban::skip!("skipping the pdffonts check: poppler-utils is not installed");
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("code.pdf");
    std::fs::write(&path, &out.bytes).expect("write");
    let report = std::process::Command::new("pdffonts").arg(&path).output().expect("pdffonts runs");
    let table = String::from_utf8_lossy(&report.stdout);
    let mono = table.lines().find(|l| l.contains("+DejaVuSansMono")).unwrap_or_else(|| panic!("{table}"));
    let columns: Vec<&str> = mono.split_whitespace().collect();
    // name type… encoding emb sub uni object ID
    let flags = &columns[columns.len() - 5..columns.len() - 2];
    assert_eq!(flags, ["yes", "yes", "yes"], "emb sub uni: {mono}");
    assert!(mono.contains("CID TrueType") && mono.contains("Identity-H"), "{mono}");
}

fn zip_entry(bytes: &[u8], name: &str) -> Vec<u8> {
    common::zip_bytes(bytes, name).unwrap_or_else(|| panic!("no {name}"))
}

/// The characters a standalone font's `cmap` maps.
fn mapped(font: &[u8]) -> String {
    let face = ttf_parser::Face::parse(font, 0).expect("a font");
    let mut chars = Vec::new();
    if let Some(cmap) = face.tables().cmap {
        for sub in cmap.subtables {
            sub.codepoints(|c| chars.extend(char::from_u32(c)));
        }
    }
    chars.sort_unstable();
    chars.dedup();
    chars.into_iter().collect()
}

#[test]
fn an_epub_with_code_embeds_a_mono_subset_names_it_in_css_and_validates() {
    let out = rendered(Format::Epub);
    assert!(out.diagnostics.is_empty(), "{:?}", out.diagnostics);
    let opf = String::from_utf8(zip_entry(&out.bytes, "OEBPS/content.opf")).expect("utf-8");
    assert!(opf.contains(r#"href="fonts/DejaVuSansMono-subset.ttf""#), "{opf}");

    // The mono subset holds the Latin and box drawing of code, no Chinese; the comment's Chinese is in Sans.
    let mono = mapped(&zip_entry(&out.bytes, "OEBPS/fonts/DejaVuSansMono-subset.ttf"));
    for ch in "fnmain{}=;/\"├└─cargo".chars() {
        assert!(mono.contains(ch), "{ch:?} not in the mono subset: {mono}");
    }
    assert!(!mono.chars().any(|c| c as u32 >= 0x2E80), "Chinese in the mono subset: {mono}");
    let sans = mapped(&zip_entry(&out.bytes, "OEBPS/fonts/NotoSansSC-Regular-subset.ttf"));
    assert!("宽度，单位：列高".chars().all(|c| sans.contains(c)), "{sans}");

    let css_name = opf
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|h| h.ends_with(".css"))
        .expect("a stylesheet");
    let css = String::from_utf8(zip_entry(&out.bytes, &format!("OEBPS/{css_name}"))).expect("utf-8");
    assert!(css.contains("@font-face { font-family: \"DejaVu Sans Mono\""), "{css}");
    let pre = css.lines().find(|l| l.starts_with("pre {")).expect("a pre rule");
    assert!(pre.starts_with("pre { font-family: \"DejaVu Sans Mono\","), "{pre}");
    assert!(pre.contains("\"Noto Sans SC\"") && pre.contains("monospace;"), "{pre}");
    let code = css.lines().find(|l| l.starts_with("code {")).expect("a code rule");
    assert!(code.starts_with("code { font-family: \"DejaVu Sans Mono\","), "{code}");

    let Some(jar) = epubcheck_jar() else {
        paiban::skip!("skipping EPUBCheck: java or the epubcheck jar is not installed");
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("code.epub");
    std::fs::write(&path, &out.bytes).expect("write");
    let run = std::process::Command::new("java").arg("-jar").arg(&jar).arg(&path).output().expect("runs");
    let report = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    assert!(run.status.success(), "{report}");
    assert!(!report.contains("WARNING") && !report.contains("ERROR"), "{report}");
}

#[test]
fn the_docx_names_courier_new_for_code_with_dejavu_sans_mono_as_its_alternative() {
    let out = rendered(Format::Docx);
    let table = String::from_utf8(zip_entry(&out.bytes, "word/fontTable.xml")).expect("utf-8");
    assert!(
        table.contains(r#"<w:font w:name="Courier New"><w:altName w:val="DejaVu Sans Mono"/>"#),
        "{table}"
    );
    // The Chinese of code stays 黑体, listed once.
    assert_eq!(table.matches(r#"w:name="黑体""#).count(), 1, "{table}");
    let styles = String::from_utf8(zip_entry(&out.bytes, "word/styles.xml")).expect("utf-8");
    let code = styles.split("<w:style ").find(|s| s.contains("Source Code")).expect("a code style");
    assert!(code.contains(r#"w:ascii="Courier New""#) && code.contains(r#"w:eastAsia="黑体""#), "{code}");
}
