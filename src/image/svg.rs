//! SVG: parsed by usvg, never trusted as written. What goes into an output is usvg's re-serialisation of
//! the tree it drew from the file — paths, groups, gradients, clips, masks, filters — so scripts, event
//! handlers, `foreignObject`, links and every reference to another file or a URL are gone by construction.
//! The formats that cannot show SVG (PDF, DOCX) get a PNG rendered by resvg.
//!
//! usvg is told to fetch nothing: no resources folder, and an image resolver that refuses every `href`
//! (files, URLs and embedded data alike). Before usvg sees the file, the internal DTD is checked so that an
//! entity can neither load a file nor expand the text past a bound (roxmltree caps nesting, not breadth),
//! and the XML is held to a node count and a nesting depth. usvg and resvg run on a thread of their own
//! with a large stack: both recurse over the tree (usvg allows 1024 levels) and a panic in either must
//! cost one image, not the batch.

use super::{over_budget, Checked, Kind};
use crate::model::Resource;
use resvg::usvg;
use usvg::roxmltree;

/// Largest SVG file accepted, in bytes: the XML tree takes several times its size in memory.
const MAX_SVG_BYTES: usize = 8 * 1024 * 1024;

/// XML nodes (elements, text, attributes' owners) an SVG may have.
const MAX_XML_NODES: u32 = 500_000;

/// Deepest element nesting accepted in the file itself.
const MAX_XML_DEPTH: usize = 256;

/// Bytes all entity references of a file may expand to, together: the internal DTD of SVG exported by
/// Illustrator declares a few namespace URIs, far below this; an entity bomb is far above.
const MAX_ENTITY_EXPANSION: usize = 1024 * 1024;

/// Rendering for PDF and DOCX: twice the CSS pixel size (192 dpi where it is shown at its size) …
const RASTER_SCALE: f32 = 2.0;

/// … but never more pixels than this (2048 × 2048), which is sharp at the width of an A4 type area.
const MAX_RASTER_PIXELS: f32 = 4_194_304.0;

/// Stack for the thread usvg and resvg run on: their recursion over 1024 levels of `use` and groups takes a
/// few megabytes; the rest is headroom (a stack is reserved address space, not memory in use).
const STACK_BYTES: usize = 64 * 1024 * 1024;

/// Whether the first bytes are an SVG document: `<svg`, possibly after a BOM, an XML declaration, comments
/// or a doctype.
pub(super) fn looks_like_svg(data: &[u8]) -> bool {
    let head = data.get(..data.len().min(4096)).unwrap_or_default();
    let text = String::from_utf8_lossy(head);
    let text = text.trim_start_matches('\u{FEFF}').trim_start();
    let xml_like = text.starts_with("<?xml") || text.starts_with("<!--") || text.starts_with("<!DOCTYPE");
    text.starts_with("<svg") || xml_like && text.contains("<svg")
}

/// Checks an SVG file (see the module documentation); `pixels_left` bounds its rendering.
pub(super) fn check(data: &[u8], pixels_left: u64) -> Result<Checked, String> {
    if data.len() > MAX_SVG_BYTES {
        return Err(format!("is an SVG larger than {} MiB", MAX_SVG_BYTES >> 20));
    }
    let text = std::str::from_utf8(data).map_err(|_| "is an SVG that is not UTF-8".to_owned())?;
    let text = text.trim_start_matches('\u{FEFF}');
    check_entities(text)?;
    let text = text.to_owned();
    let worker = std::thread::Builder::new()
        .name("paiban-svg".to_owned())
        .stack_size(STACK_BYTES)
        .spawn(move || sanitise(&text, pixels_left))
        .map_err(|e| format!("could not be checked (no thread for it: {e})"))?;
    worker.join().unwrap_or_else(|_| Err("is an SVG that the SVG library could not handle".to_owned()))
}

/// Parses, takes stock of what will be dropped, re-serialises and renders.
fn sanitise(text: &str, pixels_left: u64) -> Result<Checked, String> {
    // No entity resolver: roxmltree then loads no external entity (and `check_entities` refused them).
    let options =
        roxmltree::ParsingOptions { allow_dtd: true, nodes_limit: MAX_XML_NODES, entity_resolver: None };
    let xml = roxmltree::Document::parse_with_options(text, options)
        .map_err(|e| format!("is an SVG that is not well-formed XML ({e})"))?;
    let depth = xml_depth(&xml);
    if depth > MAX_XML_DEPTH {
        return Err(format!("is an SVG nested {depth} elements deep (at most {MAX_XML_DEPTH} are accepted)"));
    }
    let removed = inventory(&xml);
    let usvg_options = usvg::Options {
        resources_dir: None,
        image_href_resolver: usvg::ImageHrefResolver {
            resolve_data: Box::new(|_, _, _| None),
            resolve_string: Box::new(|_, _| None),
        },
        ..usvg::Options::default()
    };
    let tree =
        usvg::Tree::from_xmltree(&xml, &usvg_options).map_err(|e| format!("is an SVG usvg rejects ({e})"))?;
    drop(xml);
    if !tree.root().has_children() {
        let mut reason = "is an SVG with nothing to draw once sanitised".to_owned();
        if let Some(note) = removed.iter().find(|n| n.contains("text")) {
            reason.push_str(&format!(" ({note})"));
        }
        return Err(reason);
    }
    let size = tree.size();
    let (width, height) = (size.width(), size.height());
    let scale = RASTER_SCALE.min((MAX_RASTER_PIXELS / (width * height)).sqrt());
    let raster_w = (width * scale).ceil().max(1.0) as u32;
    let raster_h = (height * scale).ceil().max(1.0) as u32;
    let decoded_pixels = u64::from(raster_w) * u64::from(raster_h);
    if decoded_pixels > pixels_left {
        return Err(over_budget(decoded_pixels));
    }
    let mut pixmap = resvg::tiny_skia::Pixmap::new(raster_w, raster_h)
        .ok_or_else(|| format!("is an SVG that cannot be drawn at {raster_w} × {raster_h} pixels"))?;
    let transform =
        resvg::tiny_skia::Transform::from_scale(raster_w as f32 / width, raster_h as f32 / height);
    resvg::render(&tree, transform, &mut pixmap.as_mut());
    let raster = pixmap.encode_png().map_err(|e| format!("is an SVG whose rendering failed ({e})"))?;
    let sanitised = tree.to_string(&usvg::WriteOptions::default());
    let resource = Resource {
        media_type: Kind::Svg.media_type().to_owned(),
        data: sanitised.into_bytes(),
        // CSS pixels, at least 1 each way, as layout and the DOCX size figures from them.
        width_px: (width.round() as u32).max(1),
        height_px: (height.round() as u32).max(1),
        raster,
    };
    Ok(Checked { resource, decoded_pixels, removed })
}

/// The deepest element nesting, counted without recursion.
fn xml_depth(xml: &roxmltree::Document) -> usize {
    let mut deepest = 0;
    let mut pending = vec![(xml.root_element(), 1usize)];
    while let Some((node, depth)) = pending.pop() {
        deepest = deepest.max(depth);
        pending.extend(node.children().filter(|c| c.is_element()).map(|c| (c, depth + 1)));
    }
    deepest
}

/// What usvg will drop that a reader of the source might miss, in words for the warning: active content,
/// references outside the file, embedded images and text (paiban builds usvg without text support, so
/// text is neither drawn nor kept).
fn inventory(xml: &roxmltree::Document) -> Vec<String> {
    let mut scripts = 0;
    let mut handlers = 0;
    let mut foreign = 0;
    let mut images = 0;
    let mut links = 0;
    let mut external = 0;
    let mut text_chars = 0;
    for node in xml.descendants() {
        if node.is_text() && node.ancestors().any(|a| a.has_tag_name((SVG_NS, "text"))) {
            text_chars += node.text().map_or(0, |t| t.trim().chars().count());
        }
        if !node.is_element() {
            continue;
        }
        let name = node.tag_name().name();
        match name {
            "script" => scripts += 1,
            "foreignObject" => foreign += 1,
            "image" => images += 1,
            "a" if node.attributes().any(|a| a.name() == "href") => links += 1,
            "style" => {
                let css = node.text().unwrap_or_default();
                if css.contains("@import") || has_outside_url(css) {
                    external += 1;
                }
            }
            _ => {}
        }
        for attribute in node.attributes() {
            let attr = attribute.name();
            let value = attribute.value();
            if attr.len() > 2 && attr.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("on")) {
                handlers += 1;
            } else if attr == "href" && !matches!(name, "a" | "image") && !value.trim_start().starts_with('#')
                || has_outside_url(value)
            {
                external += 1;
            }
        }
    }
    let mut removed = Vec::new();
    let mut note = |count: usize, one: &str, many: &str| match count {
        0 => {}
        1 => removed.push(format!("1 {one}")),
        n => removed.push(format!("{n} {many}")),
    };
    note(scripts, "script", "scripts");
    note(handlers, "event handler", "event handlers");
    note(foreign, "foreignObject", "foreignObjects");
    note(images, "embedded or linked image", "embedded or linked images");
    note(links, "link", "links");
    note(external, "reference outside the file", "references outside the file");
    if text_chars > 0 {
        removed.push(format!("its text ({text_chars} characters), as text inside SVG is not supported"));
    }
    removed
}

const SVG_NS: &str = "http://www.w3.org/2000/svg";

/// Whether CSS or an attribute value has `url(…)` pointing anywhere but into the file (`url(#id)`).
fn has_outside_url(value: &str) -> bool {
    value.match_indices("url(").any(|(at, _)| {
        let target = value.get(at + 4..).unwrap_or_default().trim_start_matches([' ', '"', '\'']);
        !target.starts_with('#')
    })
}

/// Refuses what the internal DTD could do beyond naming a few strings: parameter entities, external
/// entities (SYSTEM or PUBLIC: a file or URL to load), entities that refer to other entities (the
/// exponential bomb), and references that would expand the text by more than [`MAX_ENTITY_EXPANSION`]
/// bytes together (the quadratic bomb: one long entity referenced many times).
fn check_entities(text: &str) -> Result<(), String> {
    let mut longest = 0usize;
    let mut declared = false;
    for (at, _) in text.match_indices("<!ENTITY") {
        declared = true;
        let rest = text.get(at + "<!ENTITY".len()..).unwrap_or_default().trim_start();
        if rest.starts_with('%') {
            return Err("is an SVG whose DTD declares a parameter entity".to_owned());
        }
        let after_name = rest.trim_start_matches(|c: char| !c.is_whitespace());
        let after_name = after_name.trim_start();
        let Some(quote) = after_name.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            return Err("is an SVG whose DTD declares an external entity (a file or URL to load)".to_owned());
        };
        let value = after_name.get(1..).unwrap_or_default();
        let value = value.get(..value.find(quote).unwrap_or(value.len())).unwrap_or_default();
        if value.contains('&') || value.contains('%') {
            return Err("is an SVG whose DTD declares entities that expand other entities".to_owned());
        }
        longest = longest.max(value.len());
    }
    if declared {
        let references = memchr::memchr_iter(b'&', text.as_bytes()).count();
        if references.saturating_mul(longest) > MAX_ENTITY_EXPANSION {
            return Err(format!(
                "is an SVG whose entities would expand it by more than {} KiB",
                MAX_ENTITY_EXPANSION >> 10
            ));
        }
    }
    Ok(())
}
