//! The image checks, one hostile class at a time: truncated and header-only rasters, impossible sizes,
//! and SVG with active content, entity bombs and references outside the file.

use super::*;

/// A real PNG of `width` × `height` grey pixels, written by the `png` crate.
fn png(width: u32, height: u32) -> Vec<u8> {
    let pixels: Vec<u8> = (0..width * height).map(|i| (i * 7 % 251) as u8).collect();
    crate::testing::png(width, height, png::ColorType::Grayscale, &pixels)
}

/// A PNG signature and IHDR of the given size, with no image data.
fn png_header_only(width: u32, height: u32) -> Vec<u8> {
    let mut data = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    data.extend_from_slice(&width.to_be_bytes());
    data.extend_from_slice(&height.to_be_bytes());
    data.extend_from_slice(&[8, 0, 0, 0, 0, 0, 0, 0, 0]);
    data
}

fn jpeg() -> Vec<u8> {
    std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tiny.jpg")).expect("tiny.jpg")
}

/// A minimal GIF89a: 1 × 1, a two-colour global table, one image with three bytes of LZW data, trailer.
fn gif() -> Vec<u8> {
    let mut data = b"GIF89a\x01\x00\x01\x00\x80\x00\x00".to_vec();
    data.extend_from_slice(&[0, 0, 0, 255, 255, 255]);
    data.extend_from_slice(&[0x2C, 0, 0, 0, 0, 1, 0, 1, 0, 0]);
    data.extend_from_slice(&[2, 2, 0x44, 0x01, 0, 0x3B]);
    data
}

fn refused(data: &[u8]) -> String {
    check(data.to_vec(), MAX_DOCUMENT_PIXELS).expect_err("refused")
}

fn accepted(data: &[u8]) -> Checked {
    check(data.to_vec(), MAX_DOCUMENT_PIXELS).expect("accepted")
}

#[test]
fn sound_images_are_accepted_with_their_kind_and_size() {
    let checked = accepted(&png(30, 20));
    assert_eq!(checked.resource.media_type, "image/png");
    assert_eq!((checked.resource.width_px, checked.resource.height_px), (30, 20));
    assert_eq!(checked.decoded_pixels, 600);
    let checked = accepted(&jpeg());
    assert_eq!(checked.resource.media_type, "image/jpeg");
    assert!(checked.resource.width_px > 0 && checked.resource.height_px > 0);
    assert_eq!(checked.decoded_pixels, 0, "JPEG is never decoded by a backend");
    let checked = accepted(&gif());
    assert_eq!((checked.resource.media_type.as_str(), checked.resource.width_px), ("image/gif", 1));
}

#[test]
fn kinds_are_sniffed_from_bytes_not_names() {
    assert_eq!(Kind::sniff(b"\x89PNG\r\n\x1a\nrest"), Some(Kind::Png));
    assert_eq!(Kind::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]), Some(Kind::Jpeg));
    assert_eq!(Kind::sniff(b"GIF89a...."), Some(Kind::Gif));
    assert_eq!(Kind::sniff(b"<?xml version=\"1.0\"?>\n<svg xmlns=\"\"/>"), Some(Kind::Svg));
    assert_eq!(Kind::sniff(b"\xEF\xBB\xBF <svg/>"), Some(Kind::Svg));
    assert_eq!(Kind::sniff(b"BM\x00\x00"), None);
    assert_eq!(Kind::sniff(b"<html></html>"), None);
    assert!(refused(b"<html>not an image</html>").contains("not a PNG"));
}

#[test]
fn truncated_and_header_only_pngs_are_refused() {
    let whole = png(40, 40);
    for cut in [whole.len() - 12, whole.len() / 2, 60, 33] {
        let reason = refused(&whole[..cut]);
        assert!(reason.contains("PNG"), "cut at {cut}: {reason}");
    }
    assert!(refused(&png_header_only(10, 10)).contains("damaged PNG"));
    assert!(refused(&whole[..20]).contains("cut short"));
    // One flipped byte in the compressed data: its checksum no longer matches.
    let mut flipped = whole.clone();
    let at = flipped.len() - 20;
    flipped[at] ^= 0x55;
    assert!(refused(&flipped).contains("damaged PNG"));
}

#[test]
fn zero_and_huge_sizes_are_refused_from_the_header_before_decoding() {
    assert!(refused(&png_header_only(0, 10)).contains("no pixels"));
    assert!(refused(&png_header_only(10, 0)).contains("no pixels"));
    // 100 000 × 100 000 would be 40 GB decoded: refused from 33 bytes.
    let reason = refused(&png_header_only(100_000, 100_000));
    assert!(reason.contains("100000 × 100000") && reason.contains("million"), "{reason}");
    let huge_gif = [b"GIF89a".as_slice(), &[0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0]].concat();
    assert!(refused(&huge_gif).contains("million"));
}

#[test]
fn the_document_budget_is_checked_before_decoding() {
    let image = png(100, 100);
    assert!(check(image.clone(), 10_000).is_ok());
    let reason = check(image, 9_999).expect_err("over budget");
    assert!(reason.contains("decoded pixels"), "{reason}");
    // JPEG costs nothing: no backend decodes it.
    assert!(check(jpeg(), 0).is_ok());
}

#[test]
fn truncated_and_header_only_jpegs_are_refused() {
    let whole = jpeg();
    let scan = whole.windows(2).position(|w| w == [0xFF, 0xDA]).expect("a scan");
    // Headers only (cut before the scan), the scan header without data, the data without its end.
    for (cut, says) in [(scan, "truncated"), (scan + 14, "image data"), (whole.len() - 2, "truncated")] {
        let reason = refused(&whole[..cut]);
        assert!(reason.contains("JPEG") && reason.contains(says), "cut at {cut}: {reason}");
    }
    let mut headers_then_end = whole[..scan].to_vec();
    headers_then_end.extend_from_slice(&[0xFF, 0xD9]);
    assert!(refused(&headers_then_end).contains("headers only"));
    assert!(refused(&[0xFF, 0xD8, 0xFF, 0xE0, 0x00]).contains("truncated"));
    // A frame header of 0 × 0, and one of 12-bit samples.
    let sof = whole.windows(2).position(|w| w == [0xFF, 0xC0]).expect("a frame header");
    let mut zero = whole.clone();
    zero[sof + 7..sof + 9].copy_from_slice(&[0, 0]);
    assert!(refused(&zero).contains("no pixels"));
    let mut deep = whole.clone();
    deep[sof + 4] = 12;
    assert!(refused(&deep).contains("12-bit"));
}

#[test]
fn truncated_and_header_only_gifs_are_refused() {
    let whole = gif();
    assert!(refused(&whole[..13]).contains("no image"));
    assert!(refused(&whole[..19]).contains("no image"), "header and colour table only");
    for cut in [22, 26, whole.len() - 3] {
        let reason = refused(&whole[..cut]);
        assert!(reason.contains("GIF"), "cut at {cut}: {reason}");
    }
    assert!(refused(&whole[..8]).contains("cut short"));
    // Without the trailer it still has a complete image, as browsers agree.
    assert!(check(whole[..whole.len() - 1].to_vec(), MAX_DOCUMENT_PIXELS).is_ok());
}

const SVG_OPEN: &str = r#"<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20" viewBox="0 0 40 20">"#;

fn svg(body: &str) -> Vec<u8> {
    format!("{SVG_OPEN}<rect width=\"40\" height=\"20\" fill=\"#c00\"/>{body}</svg>").into_bytes()
}

/// The sanitised SVG as text, and what was reported removed.
fn sanitised(data: &[u8]) -> (String, String) {
    let checked = accepted(data);
    assert_eq!(checked.resource.media_type, "image/svg+xml");
    assert!(checked.resource.raster.starts_with(b"\x89PNG"), "rendered for PDF and DOCX");
    (String::from_utf8(checked.resource.data).expect("utf-8"), checked.removed.join(", "))
}

#[test]
fn a_plain_svg_is_rendered_at_twice_its_size_and_kept_as_svg() {
    let checked = accepted(&svg(""));
    assert_eq!((checked.resource.width_px, checked.resource.height_px), (40, 20));
    assert_eq!(checked.decoded_pixels, 80 * 40);
    let raster = probe(&checked.resource.raster).expect("a PNG");
    assert_eq!((raster.width_px, raster.height_px), (80, 40));
    assert!(checked.removed.is_empty());
    let text = String::from_utf8(checked.resource.data).expect("utf-8");
    assert!(text.contains("<path") && text.contains("#cc0000"), "{text}");
}

#[test]
fn scripts_and_event_handlers_are_removed_and_reported() {
    let (text, removed) = sanitised(&svg(
        r#"<script>alert(1)</script><g onload="alert(2)"><rect width="5" height="5" onclick="x()" onmouseover="y()"/></g>"#,
    ));
    for gone in ["script", "alert", "onload", "onclick", "onmouseover"] {
        assert!(!text.contains(gone), "{gone} left in {text}");
    }
    assert!(removed.contains("1 script") && removed.contains("3 event handlers"), "{removed}");
    // Handlers on the root element too, in any case.
    let root = br#"<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4" ONLOAD="evil()"><rect width="4" height="4"/></svg>"#;
    let (text, removed) = sanitised(root);
    assert!(!text.to_lowercase().contains("onload") && removed.contains("1 event handler"), "{removed}");
}

#[test]
fn foreign_objects_remote_images_and_outside_references_are_removed() {
    let body = r#"<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>
        <image href="http://evil.example/track.png" width="5" height="5"/>
        <image xlink:href="../../secret.png" width="5" height="5"/>
        <image href="data:image/png;base64,iVBORw0KGgo=" width="5" height="5"/>
        <use xlink:href="other.svg#icon"/>
        <rect width="3" height="3" fill="url(http://evil.example/p.svg#g)"/>
        <style>@import url(http://evil.example/a.css);</style>"#;
    let (text, removed) = sanitised(&svg(body));
    for gone in ["foreignObject", "evil.example", "secret", "other.svg", "<image", "data:", "div"] {
        assert!(!text.contains(gone), "{gone} left in {text}");
    }
    assert!(removed.contains("1 foreignObject"), "{removed}");
    assert!(removed.contains("3 embedded or linked images"), "{removed}");
    assert!(removed.contains("references outside the file"), "{removed}");
}

#[test]
fn entity_bombs_and_external_entities_are_refused_before_parsing() {
    let laughs = r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "lollollollollol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><text>&c;</text></svg>"#;
    assert!(refused(laughs.as_bytes()).contains("expand other entities"));
    let quadratic = format!(
        r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "{}">]><svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><desc>{}</desc></svg>"#,
        "x".repeat(2_000),
        "&a;".repeat(2_000)
    );
    let reason = refused(quadratic.as_bytes());
    assert!(reason.contains("expand it by more than"), "{reason}");
    for external in [
        r#"<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]>"#,
        r#"<!DOCTYPE svg [<!ENTITY x PUBLIC "-//x" "http://evil.example/x.dtd">]>"#,
    ] {
        let doc = format!(
            r#"<?xml version="1.0"?>{external}<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><desc>&x;</desc></svg>"#
        );
        assert!(refused(doc.as_bytes()).contains("external entity"), "{external}");
    }
    let parameter =
        r#"<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY % p "x">]><svg xmlns="http://www.w3.org/2000/svg"/>"#;
    assert!(refused(parameter.as_bytes()).contains("parameter entity"));
    // The entities Illustrator declares are fine.
    let illustrator = r#"<?xml version="1.0"?><!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd" [<!ENTITY ns_svg "http://www.w3.org/2000/svg">]><svg xmlns="&ns_svg;" width="4" height="4"><rect width="4" height="4"/></svg>"#;
    assert!(check(illustrator.as_bytes().to_vec(), MAX_DOCUMENT_PIXELS).is_ok());
}

#[test]
fn broken_deep_empty_and_text_only_svgs_are_refused() {
    assert!(refused(b"<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'><rect>")
        .contains("well-formed"));
    let deep = format!(
        "<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'>{}{}</svg>",
        "<g>".repeat(300),
        "</g>".repeat(300)
    );
    assert!(refused(deep.as_bytes()).contains("nested"));
    let text_only = r#"<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text x="1" y="10">标签</text></svg>"#;
    let reason = refused(text_only.as_bytes());
    assert!(reason.contains("nothing to draw") && reason.contains("2 characters"), "{reason}");
    assert!(refused(b"<svg xmlns='http://www.w3.org/2000/svg' width='0' height='0'/>").contains("SVG"));
    // Text beside shapes is dropped and said so.
    let (_, removed) = sanitised(&svg(r#"<text x="1" y="10">图例</text>"#));
    assert!(removed.contains("its text (2 characters)"), "{removed}");
}

#[test]
fn svg_use_bombs_stay_bounded() {
    // Each level uses the one below ten times: 10^7 rectangles if expanded.
    let mut defs = String::from(r#"<rect id="l0" width="1" height="1"/>"#);
    for level in 1..=7 {
        defs.push_str(&format!(r#"<g id="l{level}">"#));
        for _ in 0..10 {
            defs.push_str(&format!(r##"<use xlink:href="#l{}"/>"##, level - 1));
        }
        defs.push_str("</g>");
    }
    let bomb = format!("{SVG_OPEN}<defs>{defs}</defs><use xlink:href=\"#l7\"/></svg>");
    // usvg stops at a million elements (about 200 MB at peak).
    let reason = check(bomb.into_bytes(), MAX_DOCUMENT_PIXELS).expect_err("refused");
    assert!(reason.contains("limit"), "{reason}");
    // So does a chain of uses deeper than usvg follows.
    let mut chain = String::from(r#"<rect id="c0" width="1" height="1"/>"#);
    for i in 1..1100 {
        chain.push_str(&format!(r##"<g id="c{i}"><use xlink:href="#c{}"/></g>"##, i - 1));
    }
    let deep = format!("{SVG_OPEN}<defs>{chain}</defs><use xlink:href=\"#c1099\"/></svg>");
    assert!(check(deep.into_bytes(), MAX_DOCUMENT_PIXELS).is_err());
}
