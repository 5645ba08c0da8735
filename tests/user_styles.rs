//! Users' own styles, through the command line: a dumped preset converts byte for byte like the preset; a
//! style file's margins, body size and heading face reach the PDF, the DOCX and the EPUB; a bad value is
//! one line naming the file, the line and the key; `paiban.toml` sets a batch's defaults; front matter may
//! name a style file; and a font family installed on the system is found, embedded and named.

mod common;

use common::{convert, files_below, paiban, stderr};
use lopdf::Object;
use std::path::{Path, PathBuf};

const DOC: &str =
    "---\ntitle: 排版样式说明\n---\n\n# 一、总体要求\n\n各单位要按照统一的样式排版，正文用宋体，\
                   标题用黑体。This line has Latin text.\n\n## （一）页面\n\n页边距和字号都由样式决定。\n";

/// A temp folder with `in/doc.md` ([`DOC`]); returns it and `in/`.
fn folder() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("tempdir");
    let input = dir.path().join("in");
    std::fs::create_dir_all(&input).expect("mkdir");
    std::fs::write(input.join("doc.md"), DOC).expect("write");
    (dir, input)
}

fn dump(name: &str) -> String {
    let out = paiban().args(["style", "--dump", name]).output().expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    String::from_utf8(out.stdout).expect("utf-8")
}

fn run_ok(input: &Path, output: &Path, extra: &[&str]) -> String {
    let out = convert(input, output, extra);
    assert!(out.status.success(), "{}", stderr(&out));
    stderr(&out)
}

fn zip_part(path: &Path, name: &str) -> String {
    common::zip_text(&std::fs::read(path).expect("read"), name).unwrap_or_else(|| panic!("no {name}"))
}

fn zip_names(path: &Path) -> Vec<String> {
    let bytes = std::fs::read(path).expect("read");
    let archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    archive.file_names().map(str::to_owned).collect()
}

/// The `BaseFont` names of page 1 of a PDF, and the smallest x at which a line of text starts.
fn pdf_fonts_and_left_edge(path: &Path) -> (Vec<String>, f32) {
    let pdf = lopdf::Document::load(path).expect("lopdf reads it");
    let page = *pdf.get_pages().values().next().expect("a page");
    let mut fonts: Vec<String> = pdf
        .get_page_fonts(page)
        .expect("fonts")
        .values()
        .filter_map(|font| font.get(b"BaseFont").and_then(Object::as_name).ok())
        .map(|name| String::from_utf8_lossy(name).into_owned())
        .collect();
    fonts.sort();
    let content = pdf.get_and_decode_page_content(page).expect("content");
    // Lines are placed by text matrices (`Tm`) and by moves relative to the line before (`Td`, `TD`).
    let (mut line_x, mut left) = (0.0f32, f32::INFINITY);
    for op in &content.operations {
        let operand = |i: usize| op.operands.get(i).and_then(|o| o.as_float().ok()).unwrap_or(0.0);
        match op.operator.as_str() {
            "BT" => line_x = 0.0,
            "Td" | "TD" => line_x += operand(0),
            "Tm" => line_x = operand(4),
            _ => continue,
        }
        if op.operator != "BT" {
            left = left.min(line_x);
        }
    }
    (fonts, left)
}

/// The value of `attribute` in the first `<element …>` of `xml` after `after`.
fn attribute_after(xml: &str, after: &str, element: &str, attribute: &str) -> String {
    let from = xml.find(after).unwrap_or_else(|| panic!("no {after}"));
    let at = from
        + xml[from..].find(&format!("<{element} ")).unwrap_or_else(|| panic!("no {element} after {after}"));
    let key = format!("{attribute}=\"");
    let start = at + xml[at..].find(&key).expect("attribute") + key.len();
    xml[start..start + xml[start..].find('"').expect("closing quote")].to_owned()
}

#[test]
fn a_dumped_preset_converts_byte_for_byte_like_the_preset() {
    let (dir, input) = folder();
    for name in ["gongwen", "book", "report"] {
        let file = dir.path().join(format!("{name}.toml"));
        std::fs::write(&file, dump(name)).expect("write");
        let (by_name, by_file) = (dir.path().join(format!("{name}-a")), dir.path().join(format!("{name}-b")));
        run_ok(&input, &by_name, &["--style", name]);
        run_ok(&input, &by_file, &["--style", file.to_str().expect("utf-8 path")]);
        let files = files_below(&by_name);
        assert_eq!(files.len(), 3);
        assert_eq!(files, files_below(&by_file));
        for relative in files {
            let (a, b) = (std::fs::read(by_name.join(&relative)), std::fs::read(by_file.join(&relative)));
            assert!(a.expect("read") == b.expect("read"), "{name}: {} differs", relative.display());
        }
    }
}

#[test]
fn margins_body_size_and_heading_face_of_a_style_file_reach_all_three_formats() {
    let (dir, input) = folder();
    let mine = dir.path().join("mine.toml");
    std::fs::write(
        &mine,
        "base = \"report\"\n\n[page]\nleft_mm = 40\n\n[body]\nsize_pt = 14\n\n[[headings]]\nface = \"kai\"\n",
    )
    .expect("write");
    let (plain, styled) = (dir.path().join("report"), dir.path().join("mine"));
    run_ok(&input, &plain, &["--style", "report"]);
    run_ok(&input, &styled, &["--style", mine.to_str().expect("utf-8 path")]);

    // PDF: the text starts 40 mm in (the report preset's 30.92 mm before: 35 characters a line), and the level-1 heading is set in FandolKai.
    let (plain_fonts, plain_left) = pdf_fonts_and_left_edge(&plain.join("doc.pdf"));
    let (fonts, left) = pdf_fonts_and_left_edge(&styled.join("doc.pdf"));
    let mm = |pt: f32| pt * 25.4 / 72.0;
    assert!((mm(plain_left) - 30.92).abs() < 0.2, "report's left margin: {} mm", mm(plain_left));
    assert!((mm(left) - 40.0).abs() < 0.2, "the style file's left margin: {} mm", mm(left));
    assert!(!plain_fonts.iter().any(|f| f.ends_with("FandolKai-Regular")), "{plain_fonts:?}");
    assert!(fonts.iter().any(|f| f.ends_with("FandolKai-Regular")), "{fonts:?}");

    // DOCX: the section's left margin in twips, the body style's size in half-points, the heading's face.
    let plain_xml = zip_part(&plain.join("doc.docx"), "word/document.xml");
    let xml = zip_part(&styled.join("doc.docx"), "word/document.xml");
    assert_eq!(attribute_after(&plain_xml, "<w:sectPr", "w:pgMar", "w:left"), "1753");
    assert_eq!(attribute_after(&xml, "<w:sectPr", "w:pgMar", "w:left"), "2268");
    let styles = zip_part(&styled.join("doc.docx"), "word/styles.xml");
    let plain_styles = zip_part(&plain.join("doc.docx"), "word/styles.xml");
    let normal = "<w:docDefaults";
    assert_eq!(attribute_after(&plain_styles, normal, "w:sz", "w:val"), "24");
    assert_eq!(attribute_after(&styles, normal, "w:sz", "w:val"), "28");
    let heading = "w:styleId=\"Heading1\"";
    assert_eq!(attribute_after(&plain_styles, heading, "w:rFonts", "w:eastAsia"), "黑体");
    assert_eq!(attribute_after(&styles, heading, "w:rFonts", "w:eastAsia"), "楷体");

    // EPUB: the heading's face, and its size relative to the larger body (15 pt over 14, not over 12).
    let css = zip_part(&styled.join("doc.epub"), "OEBPS/stylesheet.css");
    let plain_css = zip_part(&plain.join("doc.epub"), "OEBPS/stylesheet.css");
    let h1 = |css: &str| css.lines().find(|l| l.starts_with("h1 {")).expect("an h1 rule").to_owned();
    assert!(h1(&plain_css).contains("font-family: \"Noto Sans SC\""), "{}", h1(&plain_css));
    assert!(h1(&css).contains("font-family: FandolKai"), "{}", h1(&css));
    assert!(h1(&plain_css).contains("font-size: 1.25em"), "{}", h1(&plain_css));
    assert!(h1(&css).contains("font-size: 1.071em"), "{}", h1(&css));
}

#[test]
fn a_bad_value_is_one_line_naming_the_file_the_line_and_the_key() {
    let (dir, input) = folder();
    let mine = dir.path().join("mine.toml");
    std::fs::write(&mine, "base = \"gongwen\"\n\n[body]\nface = \"fang\"\nsize_pt = \"16pt\"\n")
        .expect("write");
    let out = convert(&input, &dir.path().join("out"), &["--style", mine.to_str().expect("utf-8 path")]);
    assert_eq!(out.status.code(), Some(2), "a bad style is a usage error");
    let lines: Vec<String> = stderr(&out).lines().map(str::to_owned).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert!(
        lines[0].contains("mine.toml:5: body.size_pt: invalid type: string \"16pt\", expected a number"),
        "{lines:?}"
    );
    assert!(!dir.path().join("out").exists(), "nothing is written");

    std::fs::write(&mine, "base = \"gongwen\"\n[fonts]\nkai = \"楷体\"\n[pgae]\n").expect("write");
    let out = paiban().args(["style", "--dump"]).arg(&mine).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("mine.toml:4: pgae: unknown key"), "{}", stderr(&out));
}

#[test]
fn paiban_toml_in_the_input_folder_sets_the_batch_defaults_and_options_win() {
    let (dir, input) = folder();
    std::fs::write(input.join("house.toml"), "base = \"gongwen\"\n[page]\nleft_mm = 30\n").expect("write");
    std::fs::write(
        input.join("paiban.toml"),
        "# 本文件夹的转换设置\nstyle = \"house.toml\"\nto = [\"pdf\", \"docx\"]\noutput = \"../built\"\n",
    )
    .expect("write");
    let out = paiban().arg(&input).output().expect("runs");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("settings from"), "the run says where its settings came from");
    let built = dir.path().join("built");
    assert_eq!(files_below(&built), [PathBuf::from("doc.docx"), PathBuf::from("doc.pdf")]);
    let xml = zip_part(&built.join("doc.docx"), "word/document.xml");
    assert_eq!(attribute_after(&xml, "<w:sectPr", "w:pgMar", "w:left"), "1701", "30 mm from house.toml");

    // The command line wins over the file.
    let other = dir.path().join("other");
    run_ok(&input, &other, &["-t", "epub", "--style", "report"]);
    assert_eq!(files_below(&other), [PathBuf::from("doc.epub")]);

    // A key the file may not have names itself and its line.
    std::fs::write(input.join("paiban.toml"), "style = \"book\"\nformat = [\"pdf\"]\n").expect("write");
    let out = paiban().arg(&input).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("paiban.toml:2: unknown field `format`"), "{}", stderr(&out));
}

#[test]
fn front_matter_may_name_a_style_file_beside_the_document_but_not_outside_the_input_folder() {
    let (dir, input) = folder();
    std::fs::write(input.join("a5.toml"), "base = \"book\"\n[body]\nsize_pt = 12\n").expect("write");
    std::fs::write(input.join("doc.md"), DOC.replacen("---\n", "---\nstyle: a5.toml\n", 1)).expect("write");
    let out = dir.path().join("out");
    run_ok(&input, &out, &["-t", "docx"]);
    let xml = zip_part(&out.join("doc.docx"), "word/document.xml");
    assert_eq!(attribute_after(&xml, "<w:sectPr", "w:pgSz", "w:w"), "8391", "A5 from the book base");
    let styles = zip_part(&out.join("doc.docx"), "word/styles.xml");
    assert_eq!(attribute_after(&styles, "<w:docDefaults", "w:sz", "w:val"), "24");

    std::fs::write(dir.path().join("outside.toml"), "base = \"book\"\n").expect("write");
    std::fs::write(input.join("doc.md"), DOC.replacen("---\n", "---\nstyle: ../outside.toml\n", 1))
        .expect("write");
    let failed = convert(&input, &dir.path().join("out2"), &["-t", "docx"]);
    assert_eq!(failed.status.code(), Some(1));
    assert!(stderr(&failed).contains("outside the input folder"), "{}", stderr(&failed));
}

#[test]
fn a_family_not_found_falls_back_with_a_warning_and_is_still_named() {
    let (dir, input) = folder();
    let mine = dir.path().join("mine.toml");
    std::fs::write(&mine, "base = \"gongwen\"\n[fonts]\nserif_bold = \"No Such Family 无此字体\"\n")
        .expect("write");
    let out = dir.path().join("out");
    let report = run_ok(&input, &out, &["--style", mine.to_str().expect("utf-8 path")]);
    let warnings: Vec<&str> = report.lines().filter(|l| l.contains("No Such Family")).collect();
    assert_eq!(warnings.len(), 1, "one warning for the run: {report}");
    assert!(warnings[0].contains("NotoSerifSC-Bold.ttf"), "{report}");
    let (fonts, _) = pdf_fonts_and_left_edge(&out.join("doc.pdf"));
    assert!(fonts.iter().any(|f| f.ends_with("NotoSerifSC-Bold")), "the bundled face stands in: {fonts:?}");
    let table = zip_part(&out.join("doc.docx"), "word/fontTable.xml");
    assert!(table.contains("w:name=\"No Such Family 无此字体\""), "{table}");
    let css = zip_part(&out.join("doc.epub"), "OEBPS/stylesheet.css");
    assert!(css.contains("h1.title { font-family: \"No Such Family 无此字体\", \"Noto Serif SC\""), "{css}");
    assert!(
        css.contains("@font-face { font-family: \"Noto Serif SC\"; font-style: normal; font-weight: bold"),
        "{css}"
    );
}

/// A family Debian installs with `fonts-arphic-gkai00mp` (`.ci/run` installs it); its Chinese name is
/// what a user in China would type.
const SYSTEM_FAMILY: &str = "文鼎ＰＬ简中楷";
const SYSTEM_POSTSCRIPT: &str = "GBZenKai-Medium";

#[test]
fn a_family_installed_on_the_system_is_embedded_named_and_listed() {
    let (dir, input) = folder();
    let mine = dir.path().join("mine.toml");
    std::fs::write(
        &mine,
        format!("base = \"gongwen\"\n[fonts]\nkai = \"{SYSTEM_FAMILY}\"\n[[headings]]\nface = \"kai\"\n"),
    )
    .expect("write");
    let out = dir.path().join("out");
    let report = run_ok(&input, &out, &["--style", mine.to_str().expect("utf-8 path")]);
    if report.contains("is not installed") {
        paiban::skip!(
            "skipping the system-font test: {SYSTEM_FAMILY} (Debian fonts-arphic-gkai00mp) is not installed"
        );
        return;
    }
    let (fonts, _) = pdf_fonts_and_left_edge(&out.join("doc.pdf"));
    assert!(fonts.iter().any(|f| f.ends_with(SYSTEM_POSTSCRIPT)), "embedded in the PDF: {fonts:?}");
    assert!(!fonts.iter().any(|f| f.ends_with("FandolKai-Regular")), "{fonts:?}");
    let styles = zip_part(&out.join("doc.docx"), "word/styles.xml");
    assert_eq!(attribute_after(&styles, "w:styleId=\"Heading1\"", "w:rFonts", "w:eastAsia"), SYSTEM_FAMILY);
    let css = zip_part(&out.join("doc.epub"), "OEBPS/stylesheet.css");
    assert!(css.contains(&format!("@font-face {{ font-family: \"{SYSTEM_FAMILY}\"")), "{css}");
    assert!(
        zip_names(&out.join("doc.epub")).iter().any(|n| n.starts_with("OEBPS/fonts/kai-")),
        "embedded in the EPUB"
    );
    common::validate_outputs(&out);
}
