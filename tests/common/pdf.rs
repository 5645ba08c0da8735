//! Reading back the text a PDF shows: each run with its font, size, position and slant, decoded through
//! the fonts' `ToUnicode` maps.

use lopdf::Object;
use std::collections::BTreeMap;

/// One `TJ`/`Tj` of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct TextRun {
    /// The font's `BaseFont` (subset tag included).
    pub font: String,
    /// The font size set with `Tf`.
    pub size: f32,
    /// Where the run starts, in PDF user space (y up).
    pub x: f32,
    /// Its baseline.
    pub y: f32,
    /// Whether the text matrix slants it.
    pub slanted: bool,
    /// What it shows.
    pub text: String,
}

/// The code → text table of a font's `ToUnicode` CMap (bfchar, and bfrange in both forms).
pub fn to_unicode(cmap: &str) -> BTreeMap<u32, String> {
    let hex = |s: &str| u32::from_str_radix(s, 16).expect("hex");
    let text = |digits: &str| {
        let units: Vec<u16> = (0..digits.len() / 4)
            .map(|i| u16::from_str_radix(&digits[4 * i..4 * i + 4], 16).expect("hex"))
            .collect();
        String::from_utf16_lossy(&units)
    };
    let mut map = BTreeMap::new();
    let mut section = "";
    for line in cmap.lines().map(str::trim) {
        if line.ends_with("beginbfchar") || line.ends_with("beginbfrange") {
            section = if line.ends_with("beginbfchar") { "char" } else { "range" };
            continue;
        }
        if line.starts_with("end") {
            section = "";
            continue;
        }
        // Every `<…>` of the line: `[<4E00><4E01>]` has no spaces between its destinations.
        let tokens: Vec<&str> = line.split('<').skip(1).filter_map(|t| t.split('>').next()).collect();
        match (section, tokens.as_slice()) {
            ("char", [code, dst]) => {
                map.insert(hex(code), text(dst));
            }
            ("range", [lo, hi, dsts @ ..]) if line.contains('[') => {
                for (code, dst) in (hex(lo)..=hex(hi)).zip(dsts) {
                    map.insert(code, text(dst));
                }
            }
            ("range", [lo, hi, dst]) => {
                let first = text(dst);
                let base = first.chars().next().map_or(0, u32::from);
                for (k, code) in (hex(lo)..=hex(hi)).enumerate() {
                    let ch = char::from_u32(base + k as u32).unwrap_or('\u{FFFD}');
                    map.insert(code, ch.to_string());
                }
            }
            _ => {}
        }
    }
    map
}

/// The text runs of page `page` (from 1) of a PDF, in content-stream order.
pub fn text_runs(bytes: &[u8], page: u32) -> Vec<TextRun> {
    let pdf = lopdf::Document::load_mem(bytes).expect("lopdf reads it");
    let page = *pdf.get_pages().get(&page).expect("the page");
    let mut fonts: BTreeMap<Vec<u8>, (String, BTreeMap<u32, String>)> = BTreeMap::new();
    for (name, font) in pdf.get_page_fonts(page).expect("fonts") {
        let base = font.get(b"BaseFont").and_then(Object::as_name).map(|n| String::from_utf8_lossy(n).into());
        // Type 0 fonts carry the ToUnicode map on the outer font.
        let cmap = font
            .get(b"ToUnicode")
            .and_then(Object::as_reference)
            .and_then(|id| pdf.get_object(id))
            .and_then(Object::as_stream)
            .map(|s| String::from_utf8_lossy(&s.decompressed_content().expect("inflate")).into_owned());
        fonts.insert(name, (base.unwrap_or_default(), cmap.as_deref().map(to_unicode).unwrap_or_default()));
    }
    let content = pdf.get_and_decode_page_content(page).expect("content");
    let (mut font, mut size, mut slanted) = (Vec::new(), 0.0f32, false);
    // The start of the current line: `Td` moves it, `Tm` sets it, `BT` resets it.
    let (mut line_x, mut line_y) = (0.0f32, 0.0f32);
    let mut runs = Vec::new();
    for op in &content.operations {
        let number = |i: usize| op.operands.get(i).and_then(|o| o.as_float().ok()).unwrap_or(0.0);
        match op.operator.as_str() {
            "BT" => (line_x, line_y) = (0.0, 0.0),
            "Tf" => {
                font = op.operands.first().and_then(|o| o.as_name().ok()).unwrap_or(b"").to_vec();
                size = number(1);
            }
            "Td" | "TD" => (line_x, line_y) = (line_x + number(0), line_y + number(1)),
            "Tm" => {
                slanted = number(2) != 0.0;
                (line_x, line_y) = (number(4), number(5));
            }
            "TJ" | "Tj" => {
                let Some((base, map)) = fonts.get(&font) else { continue };
                let strings: Vec<&Object> = match op.operands.first() {
                    Some(Object::Array(items)) => items.iter().collect(),
                    Some(other) => vec![other],
                    None => continue,
                };
                let mut text = String::new();
                for s in strings {
                    if let Object::String(bytes, _) = s {
                        for pair in bytes.chunks(2) {
                            let code = pair.iter().fold(0u32, |acc, &b| acc << 8 | u32::from(b));
                            text.push_str(map.get(&code).map_or("\u{FFFD}", String::as_str));
                        }
                    }
                }
                runs.push(TextRun { font: base.clone(), size, x: line_x, y: line_y, slanted, text });
            }
            _ => {}
        }
    }
    runs
}
