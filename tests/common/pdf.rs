//! Reading back what a PDF page shows: each text run with its font, size, position, slant and colour,
//! decoded through the fonts' `ToUnicode` maps, and each stroked line with its colour.

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
    /// The RGB fill colour it is shown in (components 0 to 1; black unless `rg` or `g` set another).
    pub fill: [f32; 3],
    /// What it shows.
    pub text: String,
}

/// A straight line a page strokes (`m`, `l`, `S`), in PDF user space.
#[derive(Debug, Clone, PartialEq)]
pub struct StrokedLine {
    /// Its start.
    pub from: (f32, f32),
    /// Its end.
    pub to: (f32, f32),
    /// Its width (`w`).
    pub width: f32,
    /// Its RGB stroke colour (`RG` or `G`; black by default).
    pub color: [f32; 3],
}

/// The straight lines page `page` (from 1) of a PDF strokes, in content-stream order; `q` and `Q` save and
/// restore the width and colour.
pub fn stroked_lines(bytes: &[u8], page: u32) -> Vec<StrokedLine> {
    let pdf = lopdf::Document::load_mem(bytes).expect("lopdf reads it");
    let page = *pdf.get_pages().get(&page).expect("the page");
    let content = pdf.get_and_decode_page_content(page).expect("content");
    let mut state = (1.0f32, [0.0f32; 3]);
    let mut saved = Vec::new();
    let (mut start, mut end) = ((0.0, 0.0), None);
    let mut lines = Vec::new();
    for op in &content.operations {
        let number = |i: usize| op.operands.get(i).and_then(|o| o.as_float().ok()).unwrap_or(0.0);
        match op.operator.as_str() {
            "q" => saved.push(state),
            "Q" => state = saved.pop().unwrap_or(state),
            "w" => state.0 = number(0),
            "RG" => state.1 = [number(0), number(1), number(2)],
            "G" => state.1 = [number(0); 3],
            "m" => (start, end) = ((number(0), number(1)), None),
            "l" => end = Some((number(0), number(1))),
            "S" => {
                if let Some(to) = end.take() {
                    lines.push(StrokedLine { from: start, to, width: state.0, color: state.1 });
                }
            }
            _ => {}
        }
    }
    lines
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
    let mut fill = [0.0f32; 3];
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
            "rg" => fill = [number(0), number(1), number(2)],
            "g" => fill = [number(0); 3],
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
                runs.push(TextRun { font: base.clone(), size, x: line_x, y: line_y, slanted, fill, text });
            }
            _ => {}
        }
    }
    runs
}

/// The PDF of `doc` in the preset `name`, with the bundled fonts and the default timestamp.
pub fn render_preset(doc: &paiban::model::Document, name: paiban::style::StyleName) -> Vec<u8> {
    let style = paiban::style::Style::preset(name);
    let fonts = paiban::fonts::FontBook::new(&[]);
    let options = paiban::RenderOptions {
        style: &style,
        fonts: &fonts,
        timestamp: paiban::Timestamp::DEFAULT,
        embed_fonts: true,
    };
    paiban::backend::pdf::render(doc, &options).expect("renders").bytes
}
