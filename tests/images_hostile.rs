//! Hostile and broken images through the real binary: one file under many spellings, damaged and oversized
//! rasters, SVG with active content or entity bombs, missing files. Each batch finishes, each bad image is
//! named in exactly one warning line, every other file converts, no temporary file is left, and every
//! output passes qpdf --check, EPUBCheck and xmllint (each skipped with one line when it is absent).

mod common;

use common::{batch_folder, convert, files_below, stderr, validate_outputs, GOOD};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A PNG written by the `png` crate: `width` × `height`, RGB, noisy (incompressible, so the file is about
/// as large as its pixels) or a smooth gradient.
fn png(width: u32, height: u32, noisy: bool) -> Vec<u8> {
    let mut state = 0x2545_F491_u32;
    let mut pixels = Vec::with_capacity((width * height * 3) as usize);
    for y in 0..height {
        for x in 0..width {
            if noisy {
                for _ in 0..3 {
                    state ^= state << 13;
                    state ^= state >> 17;
                    state ^= state << 5;
                    pixels.push(state as u8);
                }
            } else {
                pixels.extend_from_slice(&[(x % 256) as u8, (y % 256) as u8, 128]);
            }
        }
    }
    paiban::testing::png(width, height, png::ColorType::Rgb, &pixels)
}

/// A PNG signature and IHDR of the given size, and nothing after.
fn png_header(width: u32, height: u32) -> Vec<u8> {
    let mut data = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    data.extend_from_slice(&width.to_be_bytes());
    data.extend_from_slice(&height.to_be_bytes());
    data.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    data
}

fn jpeg() -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny.jpg")).expect("tiny.jpg")
}

/// A complete 1 × 1 GIF: header, two-colour table, one image of three bytes of LZW data, trailer.
const GIF: &[u8] =
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\0\0\0\xff\xff\xff,\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0;";

/// A batch folder `in/` with `good.txt` and the given files; returns (temp dir, input, output).
fn batch(files: &[(&str, Vec<u8>)]) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let files: Vec<(&str, &[u8])> = files.iter().map(|(name, bytes)| (*name, bytes.as_slice())).collect();
    let (dir, input) = batch_folder(&files);
    let output = dir.path().join("out");
    (dir, input, output)
}

/// A run that must succeed.
fn converted(input: &Path, output: &Path) -> Output {
    let result = convert(input, output, &[]);
    assert_eq!(result.status.code(), Some(0), "{}", stderr(&result));
    result
}

/// The warning lines of a run.
fn warnings(result: &Output) -> Vec<String> {
    String::from_utf8_lossy(&result.stderr)
        .lines()
        .filter(|l| l.contains("warning"))
        .map(str::to_owned)
        .collect()
}

/// Exactly one warning line names image `name` (between backquotes), and it contains each of `needles`.
fn assert_named_once(lines: &[String], name: &str, needles: &[&str]) {
    let naming: Vec<&String> = lines.iter().filter(|l| l.contains(&format!("`{name}`"))).collect();
    assert_eq!(naming.len(), 1, "one line for {name}: {lines:#?}");
    for needle in needles {
        assert!(naming[0].contains(needle), "{needle:?} missing for {name}: {}", naming[0]);
    }
}

/// Every input has its three outputs, and nothing else is there (no temporary file).
fn assert_all_outputs(output: &Path, stems: &[&str]) {
    let mut expected: Vec<PathBuf> = stems
        .iter()
        .flat_map(|stem| ["docx", "epub", "pdf"].map(|ext| PathBuf::from(format!("{stem}.{ext}"))))
        .collect();
    expected.sort();
    assert_eq!(files_below(output), expected);
}

/// The entries of a zip container.
fn zip_entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let bytes = std::fs::read(path).expect("read");
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).expect("entry");
            let mut data = Vec::new();
            entry.read_to_end(&mut data).expect("inflate");
            (entry.name().to_owned(), data)
        })
        .collect()
}

/// Image XObjects of a PDF (soft masks included).
fn pdf_images(path: &Path) -> usize {
    let pdf = lopdf::Document::load(path).expect("parses");
    pdf.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"Subtype").and_then(|t| t.as_name()).is_ok_and(|n| n == b"Image"))
        .count()
}

fn epub_images(path: &Path) -> Vec<(String, Vec<u8>)> {
    zip_entries(path).into_iter().filter(|(n, _)| n.starts_with("OEBPS/images/")).collect()
}

fn docx_media(path: &Path) -> Vec<String> {
    zip_entries(path).into_iter().map(|(n, _)| n).filter(|n| n.starts_with("word/media/")).collect()
}

fn markdown(images: &[&str]) -> Vec<u8> {
    let mut text = String::from("# 插图\n\n正文一段。\n\n");
    for (i, src) in images.iter().enumerate() {
        text.push_str(&format!("![图{i}]({src})\n\n"));
    }
    text.into_bytes()
}

#[test]
fn one_file_under_many_spellings_is_read_decoded_and_embedded_once() {
    let big = png(600, 600, true);
    let five = ["a.png", "./a.png", "a.png?1", "a.png#x", "%61.png"];
    let ten = [
        "big.png",
        "./big.png",
        "big.png#a",
        "%62ig.png",
        "./././big.png",
        "big.png?0",
        "big.png?1",
        "sub/../big.png",
        "big.png?2",
        "big.png?3",
    ];
    let (_dir, input, output) = batch(&[
        ("five/a.png", png(300, 200, false)),
        ("five/doc.md", markdown(&five)),
        ("ten/big.png", big.clone()),
        ("ten/sub/keep.txt", GOOD.as_bytes().to_vec()),
        ("ten/doc.md", markdown(&ten)),
    ]);
    let result = converted(&input, &output);
    assert!(warnings(&result).is_empty(), "{:?}", warnings(&result));
    assert_all_outputs(&output, &["five/doc", "good", "ten/doc", "ten/sub/keep"]);
    for folder in ["five", "ten"] {
        let epub = output.join(folder).join("doc.epub");
        assert_eq!(epub_images(&epub).len(), 1, "{folder}: one image file in the EPUB");
        assert_eq!(
            docx_media(&output.join(folder).join("doc.docx")).len(),
            1,
            "{folder}: one DOCX media part"
        );
        assert_eq!(pdf_images(&output.join(folder).join("doc.pdf")), 1, "{folder}: one PDF XObject");
    }
    // Ten uses of a 1 MB image: the EPUB holds it once (fonts and text add a little).
    let epub_size = std::fs::metadata(output.join("ten/doc.epub")).expect("epub").len();
    assert!(epub_size < big.len() as u64 * 12 / 10, "{epub_size} bytes for a {} byte image", big.len());
    let docx_size = std::fs::metadata(output.join("ten/doc.docx")).expect("docx").len();
    assert!(docx_size < big.len() as u64 * 12 / 10, "{docx_size} bytes for a {} byte image", big.len());
    validate_outputs(&output);
}

#[test]
fn damaged_and_oversized_rasters_are_left_out_with_one_warning_each() {
    let whole = png(64, 48, true);
    let jpeg = jpeg();
    let scan = jpeg.windows(2).position(|w| w == [0xFF, 0xDA]).expect("a scan");
    let bad: Vec<(&str, Vec<u8>, &str)> = vec![
        ("cut.png", whole[..whole.len() / 2].to_vec(), "PNG"),
        ("header.png", png_header(64, 48), "damaged PNG"),
        ("zero.png", png_header(0, 48), "no pixels"),
        ("huge.png", png_header(100_000, 100_000), "million"),
        ("headers.jpg", jpeg[..scan].to_vec(), "truncated JPEG"),
        ("cut.jpg", jpeg[..jpeg.len() - 10].to_vec(), "truncated JPEG"),
        ("empty-scan.jpg", [&jpeg[..scan + 14], &[0xFF, 0xD9][..]].concat(), "no image data"),
        ("header.gif", GIF[..13].to_vec(), "GIF"),
        ("cut.gif", GIF[..GIF.len() - 4].to_vec(), "truncated GIF"),
        ("fake.png", b"<html>not an image</html>".to_vec(), "not a PNG"),
    ];
    let mut files: Vec<(&str, Vec<u8>)> = bad.iter().map(|(name, bytes, _)| (*name, bytes.clone())).collect();
    files.push(("fine.png", whole.clone()));
    files.push(("fine.jpg", jpeg.clone()));
    files.push(("fine.gif", GIF.to_vec()));
    let mut srcs: Vec<&str> = bad.iter().map(|(name, _, _)| *name).collect();
    srcs.extend(["fine.png", "fine.jpg", "fine.gif"]);
    let rasters = markdown(&srcs);
    files.push(("rasters.md", rasters));
    let (_dir, input, output) = batch(&files);
    let result = converted(&input, &output);
    let lines = warnings(&result);
    for (name, _, says) in &bad {
        assert_named_once(&lines, name, &["rasters.md", says]);
    }
    assert_all_outputs(&output, &["good", "rasters"]);
    // The sound ones are embedded: all three in the EPUB; PNG and JPEG in the PDF (a GIF it shows as its
    // alt text, with the one warning that says so).
    assert_eq!(epub_images(&output.join("rasters.epub")).len(), 3);
    assert_eq!(docx_media(&output.join("rasters.docx")).len(), 3);
    assert_eq!(pdf_images(&output.join("rasters.pdf")), 2);
    assert_named_once(&lines, "fine.gif", &["PDF"]);
    validate_outputs(&output);
}

const SVG_HEAD: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="60" height="30" viewBox="0 0 60 30">"#;

fn svg(body: &str) -> Vec<u8> {
    format!("{SVG_HEAD}<rect width=\"60\" height=\"30\" fill=\"#2a6\"/>{body}</svg>").into_bytes()
}

#[test]
fn hostile_svg_is_sanitised_or_refused_never_copied() {
    let sanitised: Vec<(&str, Vec<u8>, &str)> = vec![
        ("script.svg", svg("<script>alert(document.cookie)</script>"), "1 script"),
        (
            "handlers.svg",
            svg(r#"<g onload="steal()"><rect width="5" height="5" onclick="go()"/></g>"#),
            "2 event handlers",
        ),
        (
            "foreign.svg",
            svg(
                r#"<foreignObject width="9" height="9"><p xmlns="http://www.w3.org/1999/xhtml">x</p></foreignObject>"#,
            ),
            "1 foreignObject",
        ),
        (
            "remote.svg",
            svg(r#"<image href="http://evil.example/beacon.png" width="9" height="9"/>"#),
            "1 embedded or linked image",
        ),
        (
            "outside.svg",
            svg(
                r#"<image xlink:href="../../../etc/passwd" width="9" height="9"/><use xlink:href="other.svg#x"/>"#,
            ),
            "reference outside the file",
        ),
    ];
    let refused: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "laughs.svg",
            format!(
                r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>{SVG_HEAD}<desc>&c;</desc><rect width="9" height="9"/></svg>"#
            )
            .into_bytes(),
            "entities",
        ),
        (
            "xxe.svg",
            format!(
                r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>{SVG_HEAD}<desc>&x;</desc><rect width="9" height="9"/></svg>"#
            )
            .into_bytes(),
            "external entity",
        ),
        ("broken.svg", format!("{SVG_HEAD}<rect").into_bytes(), "well-formed"),
    ];
    let mut files: Vec<(&str, Vec<u8>)> =
        sanitised.iter().chain(&refused).map(|(name, bytes, _)| (*name, bytes.clone())).collect();
    let srcs: Vec<&str> = sanitised.iter().chain(&refused).map(|(name, _, _)| *name).collect();
    files.push(("vectors.md", markdown(&srcs)));
    let (_dir, input, output) = batch(&files);
    let result = converted(&input, &output);
    let lines = warnings(&result);
    for (name, _, says) in &sanitised {
        assert_named_once(&lines, name, &["vectors.md", "sanitised", says]);
    }
    for (name, _, says) in &refused {
        assert_named_once(&lines, name, &["vectors.md", "alt text", says]);
    }
    assert_all_outputs(&output, &["good", "vectors"]);
    let images = epub_images(&output.join("vectors.epub"));
    assert_eq!(images.len(), sanitised.len(), "each sanitised SVG once");
    for (name, data) in &images {
        let text = String::from_utf8_lossy(data);
        for gone in
            ["script", "onload", "onclick", "foreignObject", "evil.example", "passwd", "other.svg", "<image"]
        {
            assert!(!text.contains(gone), "{gone} left in {name}: {text}");
        }
    }
    // PDF and DOCX show the renderings.
    assert_eq!(pdf_images(&output.join("vectors.pdf")), sanitised.len());
    // docx-rs stores identical pictures once: four renderings are the bare rectangle, one has another.
    assert_eq!(docx_media(&output.join("vectors.docx")).len(), 2);
    validate_outputs(&output);
}

#[test]
fn a_missing_image_is_reported_once_not_once_per_format() {
    let text =
        "# 缺图\n\n![图一](nowhere.png)\n\n行内![图二](./nowhere.png)再说。\n\n![图三](nowhere.png?v=2)\n";
    let (_dir, input, output) = batch(&[("missing.md", text.as_bytes().to_vec())]);
    let result = converted(&input, &output);
    let lines = warnings(&result);
    let naming: Vec<&String> = lines.iter().filter(|l| l.contains("nowhere.png")).collect();
    assert_eq!(naming.len(), 1, "{lines:#?}");
    assert!(naming[0].contains("missing.md") && naming[0].contains("not found"), "{naming:?}");
    assert_all_outputs(&output, &["good", "missing"]);
    validate_outputs(&output);
}

#[test]
fn the_document_pixel_budget_leaves_out_what_is_past_it_with_one_warning() {
    // Five 6000 × 6000 images (36 M pixels each, the most one may have; small files, as they are smooth):
    // four fit the document's budget, the fifth is its alt text.
    let big = png(6000, 6000, false);
    let files: Vec<(String, Vec<u8>)> = (1..=5).map(|i| (format!("p{i}.png"), big.clone())).collect();
    let mut batch_files: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    batch_files.push(("budget.md", markdown(&["p1.png", "p2.png", "p3.png", "p4.png", "p5.png"])));
    let (_dir, input, output) = batch(&batch_files);
    let result = converted(&input, &output);
    let lines = warnings(&result);
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert_named_once(&lines, "p5.png", &["budget.md", "decoded pixels"]);
    assert_eq!(epub_images(&output.join("budget.epub")).len(), 4);
    assert_eq!(pdf_images(&output.join("budget.pdf")), 4);
    assert_all_outputs(&output, &["budget", "good"]);
    validate_outputs(&output);
}
