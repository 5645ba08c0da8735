//! Markdown images: each confinement rule (inside, `..` outside, absolute, symlink escape, missing, remote,
//! not an image) on real files in temporary folders, read the way the pipeline reads them; and the keying
//! of images by the file they resolve to.

use paiban::diag::Kind;
use paiban::model::{Block, Document, Inline};
use paiban::read::{read_path, read_path_in, ReadOptions};
use std::path::Path;

/// A real 2 × 2 RGBA PNG.
fn png() -> Vec<u8> {
    paiban::testing::png(2, 2, png::ColorType::Rgba, &[90; 16])
}

/// A complete 1 × 1 GIF: header, two-colour table, one image of three bytes of LZW data, trailer.
const GIF: &[u8] =
    b"GIF89a\x01\x00\x01\x00\x80\x00\x00\0\0\0\xff\xff\xff,\0\0\0\0\x01\0\x01\0\0\x02\x02\x44\x01\0;";

/// Every image `src` of the document, in order.
fn image_srcs(doc: &Document) -> Vec<String> {
    let mut srcs = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Figure { image, .. } => srcs.push(image.src.clone()),
            Block::Paragraph { content, .. } => srcs.extend(content.iter().filter_map(|i| match i {
                Inline::Image(image) => Some(image.src.clone()),
                _ => None,
            })),
            _ => {}
        }
    }
    srcs
}

fn write(path: &Path, bytes: &[u8]) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, bytes).expect("write");
}

/// Reads `doc.md` under `root/sub/` with `root` as the input root and returns (loaded srcs, image warnings).
fn read_image(root: &Path, src: &str) -> (Vec<String>, Vec<String>) {
    let file = root.join("sub/doc.md");
    write(&file, format!("正文\n\n![图]({src})\n").as_bytes());
    let parsed = read_path_in(&file, root, ReadOptions::default()).expect("parses");
    let loaded = parsed.document.resources.keys().cloned().collect();
    let warnings =
        parsed.diagnostics.iter().filter(|d| d.kind == Kind::Resource).map(|d| d.message.clone()).collect();
    (loaded, warnings)
}

#[test]
fn image_inside_the_root_is_loaded_with_its_sniffed_media_type() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("sub/img/a.png"), &png());
    write(&dir.path().join("shared.gif"), GIF);
    let (loaded, warnings) = read_image(dir.path(), "img/a.png");
    // Keyed by the path below the input folder, not as written.
    assert_eq!(loaded, ["sub/img/a.png"]);
    assert!(warnings.is_empty(), "{warnings:?}");

    // `..` that stays inside the root is fine.
    let file = dir.path().join("sub/doc.md");
    let parsed = read_path_in(&file, dir.path(), ReadOptions::default()).expect("parses");
    let resource = &parsed.document.resources["sub/img/a.png"];
    assert_eq!((resource.media_type.as_str(), resource.width_px, resource.height_px), ("image/png", 2, 2));
    assert_eq!(image_srcs(&parsed.document), ["sub/img/a.png"]);
    let (loaded, warnings) = read_image(dir.path(), "../shared.gif");
    assert_eq!(loaded, ["shared.gif"]);
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn dot_dot_leaving_the_root_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("root");
    write(&dir.path().join("secret.png"), &png());
    let (loaded, warnings) = read_image(&root, "../../secret.png");
    assert!(loaded.is_empty());
    assert!(warnings.iter().any(|w| w.contains("outside the input folder")), "{warnings:?}");
}

#[test]
fn absolute_paths_are_refused_even_inside_the_root() {
    let dir = tempfile::tempdir().expect("tempdir");
    let image = dir.path().join("sub/a.png");
    write(&image, &png());
    let (loaded, warnings) = read_image(dir.path(), &image.display().to_string());
    assert!(loaded.is_empty());
    assert!(warnings.iter().any(|w| w.contains("absolute path")), "{warnings:?}");
}

#[cfg(unix)]
#[test]
fn symlink_leading_outside_the_root_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("root");
    write(&dir.path().join("outside/secret.png"), &png());
    std::fs::create_dir_all(root.join("sub")).expect("mkdir");
    std::os::unix::fs::symlink(dir.path().join("outside/secret.png"), root.join("sub/link.png"))
        .expect("symlink");
    std::os::unix::fs::symlink(dir.path().join("outside"), root.join("sub/linkdir")).expect("symlink");
    for src in ["link.png", "linkdir/secret.png"] {
        let (loaded, warnings) = read_image(&root, src);
        assert!(loaded.is_empty(), "{src}");
        assert!(warnings.iter().any(|w| w.contains("symbolic link")), "{src}: {warnings:?}");
    }
}

#[test]
fn missing_image_is_its_alt_text_with_a_warning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (loaded, warnings) = read_image(dir.path(), "nowhere.png");
    assert!(loaded.is_empty());
    assert!(warnings.iter().any(|w| w.contains("not found") && w.contains("alt text")), "{warnings:?}");
}

#[test]
fn remote_images_are_never_fetched() {
    let dir = tempfile::tempdir().expect("tempdir");
    for src in ["https://example.org/a.png", "http://example.org/a.png", "//cdn.example.org/a.png"] {
        let (loaded, warnings) = read_image(dir.path(), src);
        assert!(loaded.is_empty(), "{src}");
        assert!(warnings.iter().any(|w| w.contains("never fetched")), "{src}: {warnings:?}");
    }
}

#[test]
fn files_that_are_not_png_jpeg_gif_or_svg_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("sub/fake.png"), b"<html>not an image</html>");
    write(
        &dir.path().join("sub/icon.svg"),
        b"<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    let (loaded, warnings) = read_image(dir.path(), "fake.png");
    assert!(loaded.is_empty());
    assert!(warnings.iter().any(|w| w.contains("not a PNG")), "{warnings:?}");
    // An SVG with nothing to draw is refused; one with a shape is kept (sanitised).
    let (loaded, warnings) = read_image(dir.path(), "icon.svg");
    assert!(loaded.is_empty());
    assert!(warnings.iter().any(|w| w.contains("nothing to draw")), "{warnings:?}");
    write(
        &dir.path().join("sub/icon.svg"),
        b"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"><rect width=\"8\" height=\"8\"/></svg>",
    );
    let (loaded, _) = read_image(dir.path(), "icon.svg");
    assert_eq!(loaded, ["sub/icon.svg"]);
}

#[test]
fn a_named_file_may_use_images_beside_it_and_bytes_alone_load_none() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("a.png"), &png());
    write(&dir.path().join("doc.md"), b"![alt](a.png)\n");
    let parsed = read_path(&dir.path().join("doc.md"), ReadOptions::default()).expect("parses");
    assert!(parsed.document.resources.contains_key("a.png"));

    let parsed = paiban::read::read_bytes(
        b"![alt](a.png)\n",
        paiban::read::InputFormat::Markdown,
        "doc.md",
        ReadOptions::default(),
    )
    .expect("parses");
    assert!(parsed.document.resources.is_empty());
    assert!(parsed.diagnostics.iter().any(|d| d.kind == Kind::Resource));
}

#[test]
fn every_spelling_of_one_file_shares_one_resource() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("sub/a.png"), &png());
    let spellings = ["a.png", "./a.png", "a.png?1", "a.png#x", "%61.png", "../sub/a.png", "./././a.png"];
    let text: String = spellings.iter().map(|s| format!("![图]({s})\n\n")).collect();
    let file = dir.path().join("sub/doc.md");
    write(&file, text.as_bytes());
    let parsed = read_path_in(&file, dir.path(), ReadOptions::default()).expect("parses");
    assert_eq!(parsed.document.resources.keys().collect::<Vec<_>>(), ["sub/a.png"]);
    assert_eq!(image_srcs(&parsed.document), vec!["sub/a.png"; spellings.len()]);
    assert!(parsed.diagnostics.iter().all(|d| d.kind != Kind::Resource), "{:?}", parsed.diagnostics);
}

#[cfg(unix)]
#[test]
fn a_symlink_inside_the_root_shares_the_resource_of_its_target() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("img/a.png"), &png());
    std::os::unix::fs::symlink(dir.path().join("img/a.png"), dir.path().join("alias.png")).expect("symlink");
    let file = dir.path().join("doc.md");
    write(&file, b"![1](img/a.png)\n\n![2](alias.png)\n");
    let parsed = read_path_in(&file, dir.path(), ReadOptions::default()).expect("parses");
    assert_eq!(parsed.document.resources.keys().collect::<Vec<_>>(), ["img/a.png"]);
    assert_eq!(image_srcs(&parsed.document), ["img/a.png", "img/a.png"]);
}

#[test]
fn a_refused_file_is_reported_once_however_it_is_spelled_and_its_src_is_emptied() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut truncated = png();
    truncated.truncate(truncated.len() / 2);
    write(&dir.path().join("bad.png"), &truncated);
    let file = dir.path().join("doc.md");
    write(&file, b"![1](bad.png)\n\n![2](./bad.png)\n\n![3](missing.png)\n\n![4](./missing.png)\n");
    let parsed = read_path_in(&file, dir.path(), ReadOptions::default()).expect("parses");
    assert!(parsed.document.resources.is_empty());
    assert_eq!(image_srcs(&parsed.document), ["", "", "", ""]);
    let warnings: Vec<&str> =
        parsed.diagnostics.iter().filter(|d| d.kind == Kind::Resource).map(|d| d.message.as_str()).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].contains("`bad.png`") && warnings[0].contains("damaged PNG"), "{warnings:?}");
    assert!(warnings[1].contains("`missing.png`") && warnings[1].contains("not found"), "{warnings:?}");
}

#[test]
fn a_front_matter_cover_is_loaded_and_keyed_like_any_image() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("pics/c.png"), &png());
    let file = dir.path().join("doc.md");
    write(&file, b"---\ntitle: T\ncover: ./pics/c.png\n---\n\n\xe6\xad\xa3\xe6\x96\x87\n");
    let parsed = read_path_in(&file, dir.path(), ReadOptions::default()).expect("parses");
    assert_eq!(parsed.document.meta.extra.get("cover").map(String::as_str), Some("pics/c.png"));
    assert!(parsed.document.resources.contains_key("pics/c.png"));
}
