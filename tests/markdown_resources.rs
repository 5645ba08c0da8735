//! Markdown images: each confinement rule (inside, `..` outside, absolute, symlink escape, missing, remote,
//! not an image) on real files in temporary folders, read the way the pipeline reads them.

use paiban::diag::Kind;
use paiban::read::{read_path, read_path_in, ReadOptions};
use std::path::Path;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";

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
    write(&dir.path().join("sub/img/a.png"), PNG);
    write(&dir.path().join("shared.gif"), b"GIF89a\x01\0\x01\0");
    let (loaded, warnings) = read_image(dir.path(), "img/a.png");
    assert_eq!(loaded, ["img/a.png"]);
    assert!(warnings.is_empty(), "{warnings:?}");

    // `..` that stays inside the root is fine.
    let file = dir.path().join("sub/doc.md");
    let parsed = read_path_in(&file, dir.path(), ReadOptions::default()).expect("parses");
    assert_eq!(parsed.document.resources["img/a.png"].media_type, "image/png");
    let (loaded, warnings) = read_image(dir.path(), "../shared.gif");
    assert_eq!(loaded, ["../shared.gif"]);
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn dot_dot_leaving_the_root_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("root");
    write(&dir.path().join("secret.png"), PNG);
    let (loaded, warnings) = read_image(&root, "../../secret.png");
    assert!(loaded.is_empty());
    assert!(warnings.iter().any(|w| w.contains("outside the input folder")), "{warnings:?}");
}

#[test]
fn absolute_paths_are_refused_even_inside_the_root() {
    let dir = tempfile::tempdir().expect("tempdir");
    let image = dir.path().join("sub/a.png");
    write(&image, PNG);
    let (loaded, warnings) = read_image(dir.path(), &image.display().to_string());
    assert!(loaded.is_empty());
    assert!(warnings.iter().any(|w| w.contains("absolute path")), "{warnings:?}");
}

#[cfg(unix)]
#[test]
fn symlink_leading_outside_the_root_is_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().join("root");
    write(&dir.path().join("outside/secret.png"), PNG);
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
    let (loaded, _) = read_image(dir.path(), "icon.svg");
    assert_eq!(loaded, ["icon.svg"]);
}

#[test]
fn a_named_file_may_use_images_beside_it_and_bytes_alone_load_none() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(&dir.path().join("a.png"), PNG);
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
