//! Cutting a TrueType (`glyf`) face down to a document's glyphs, table by table.
//!
//! typst's `subsetter` does this too, but it then rebuilds a whole font file (checksumming every table and
//! the whole file four bytes at a time through a `memcpy` call each), which paiban takes apart again to
//! build its two forms; here the tables come out ready for [`super::shared`]. The work is plain: the glyph
//! closure over composite glyphs, their component ids renumbered, `loca` rebuilt, `hmtx` cut with its
//! trailing run of equal advances folded, and the glyph counts patched in `maxp` and `hhea`.

use super::{be16, be32, GlyphOrder, Tables};
use crate::fonts::FontFile;
use std::borrow::Cow;

/// A table of the original face, or an error naming it.
fn original<'f>(file: &'f FontFile, tag: &[u8; 4]) -> Result<&'f [u8], String> {
    file.parsed()
        .raw_face()
        .table(ttf_parser::Tag::from_bytes(tag))
        .ok_or_else(|| format!("the font has no {} table", String::from_utf8_lossy(tag)))
}

fn malformed(what: &str) -> String {
    format!("the font's {what} is malformed")
}

/// Composite glyph flags (OpenType `glyf`, "Composite Glyph Description").
const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;

/// Where each component's glyph id sits in the description of a composite glyph (empty for a simple one).
fn component_id_offsets(glyph: &[u8]) -> Result<Vec<usize>, String> {
    let contours = be16(glyph, 0).map_or(0, |n| n as i16);
    if glyph.is_empty() || contours >= 0 {
        return Ok(Vec::new());
    }
    let mut offsets = Vec::new();
    let mut at = 10;
    loop {
        let flags = be16(glyph, at).ok_or_else(|| malformed("composite glyph"))?;
        offsets.push(at + 2);
        at += 4 + if flags & ARG_1_AND_2_ARE_WORDS != 0 { 4 } else { 2 };
        at += if flags & WE_HAVE_A_SCALE != 0 {
            2
        } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
            4
        } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE_COMPONENTS == 0 {
            return Ok(offsets);
        }
    }
}

/// The face's tables cut to `order`: glyph 0 is `.notdef`, 1…n are the order's glyphs, and the components
/// of composite glyphs that are not in the order follow. Returns `cvt `, `fpgm`, `glyf`, `head`, `hhea`,
/// `hmtx`, `loca`, `maxp`, `prep` (those the face has), and `name` and `post` (version 3, no glyph names)
/// for the web form.
pub(super) fn cut<'f>(file: &'f FontFile, order: &GlyphOrder) -> Result<Tables<'f>, String> {
    let head = original(file, b"head")?;
    let maxp = original(file, b"maxp")?;
    let hhea = original(file, b"hhea")?;
    let hmtx = original(file, b"hmtx")?;
    let loca = original(file, b"loca")?;
    let glyf = original(file, b"glyf")?;
    let long_loca = be16(head, 50).ok_or_else(|| malformed("head table"))? != 0;
    let glyph_count = usize::from(be16(maxp, 4).ok_or_else(|| malformed("maxp table"))?);
    let metrics_count = usize::from(be16(hhea, 34).ok_or_else(|| malformed("hhea table"))?).max(1);
    let range = |gid: u16| -> Result<&[u8], String> {
        let i = usize::from(gid);
        let (start, end) = if long_loca {
            (be32(loca, 4 * i).map(|o| o as usize), be32(loca, 4 * i + 4).map(|o| o as usize))
        } else {
            (be16(loca, 2 * i).map(|o| 2 * usize::from(o)), be16(loca, 2 * i + 2).map(|o| 2 * usize::from(o)))
        };
        match (start, end) {
            (Some(start), Some(end)) if start <= end => {
                glyf.get(start..end).ok_or_else(|| malformed("glyf table"))
            }
            _ => Err(malformed("loca table")),
        }
    };

    // The glyph closure: the order, then every component not yet kept, in the order met.
    let mut old_ids: Vec<u16> = std::iter::once(0).chain(order.glyphs().iter().copied()).collect();
    let mut new_ids: Vec<Option<u16>> = vec![None; glyph_count];
    for (new, &old) in old_ids.iter().enumerate() {
        let slot = new_ids.get_mut(usize::from(old)).ok_or_else(|| malformed("glyph id"))?;
        *slot = Some(u16::try_from(new).map_err(|_| "more than 65,535 glyphs".to_owned())?);
    }
    let mut next = 0;
    while let Some(&old) = old_ids.get(next) {
        let glyph = range(old)?;
        for at in component_id_offsets(glyph)? {
            let component = be16(glyph, at).ok_or_else(|| malformed("composite glyph"))?;
            let slot = new_ids.get_mut(usize::from(component)).ok_or_else(|| malformed("component id"))?;
            if slot.is_none() {
                *slot = Some(u16::try_from(old_ids.len()).map_err(|_| "more than 65,535 glyphs".to_owned())?);
                old_ids.push(component);
            }
        }
        next += 1;
    }

    // glyf, components renumbered. A short `loca` (half the size) addresses even offsets up to 128 KB: when
    // the glyphs fit, each is padded to an even length.
    let padded: usize = old_ids.iter().map(|&g| range(g).map_or(0, |d| d.len().next_multiple_of(2))).sum();
    let short = padded <= 2 * usize::from(u16::MAX);
    let mut new_glyf = Vec::with_capacity(padded);
    let mut offsets = Vec::with_capacity(old_ids.len() + 1);
    for &old in &old_ids {
        offsets.push(new_glyf.len());
        let glyph = range(old)?;
        let start = new_glyf.len();
        new_glyf.extend_from_slice(glyph);
        for at in component_id_offsets(glyph)? {
            let component = be16(glyph, at).ok_or_else(|| malformed("composite glyph"))?;
            let renumbered = new_ids.get(usize::from(component)).copied().flatten().unwrap_or(0);
            new_glyf[start + at..start + at + 2].copy_from_slice(&renumbered.to_be_bytes());
        }
        if short {
            new_glyf.resize(new_glyf.len().next_multiple_of(2), 0);
        }
    }
    offsets.push(new_glyf.len());
    let mut new_loca = Vec::with_capacity(offsets.len() * if short { 2 } else { 4 });
    for &offset in &offsets {
        if short {
            new_loca.extend_from_slice(&((offset / 2) as u16).to_be_bytes());
        } else {
            new_loca.extend_from_slice(&(offset as u32).to_be_bytes());
        }
    }

    // hmtx: an advance and a left side bearing per glyph; a trailing run of equal advances is stored once.
    let metric = |gid: u16| -> Result<(u16, u16), String> {
        let i = usize::from(gid);
        let last = metrics_count - 1;
        let advance = be16(hmtx, 4 * i.min(last)).ok_or_else(|| malformed("hmtx table"))?;
        let lsb = if i < metrics_count {
            be16(hmtx, 4 * i + 2)
        } else {
            be16(hmtx, 4 * metrics_count + 2 * (i - metrics_count))
        };
        Ok((advance, lsb.ok_or_else(|| malformed("hmtx table"))?))
    };
    let metrics: Vec<(u16, u16)> = old_ids.iter().map(|&g| metric(g)).collect::<Result<_, _>>()?;
    let mut long_metrics = metrics.len();
    while long_metrics > 1 && metrics[long_metrics - 1].0 == metrics[long_metrics - 2].0 {
        long_metrics -= 1;
    }
    let mut new_hmtx = Vec::with_capacity(4 * long_metrics + 2 * (metrics.len() - long_metrics));
    for (i, &(advance, lsb)) in metrics.iter().enumerate() {
        if i < long_metrics {
            new_hmtx.extend_from_slice(&advance.to_be_bytes());
        }
        new_hmtx.extend_from_slice(&lsb.to_be_bytes());
    }

    let patched = |table: &[u8], at: usize, value: u16| -> Result<Vec<u8>, String> {
        let mut table = table.to_vec();
        table
            .get_mut(at..at + 2)
            .ok_or_else(|| malformed("table header"))?
            .copy_from_slice(&value.to_be_bytes());
        Ok(table)
    };
    // Both counts fit: the closure holds at most the face's glyphs.
    let count = old_ids.len() as u16;
    let mut tables = Tables::new();
    tables.insert(*b"head", Cow::Owned(patched(head, 50, u16::from(!short))?));
    tables.insert(*b"maxp", Cow::Owned(patched(maxp, 4, count)?));
    tables.insert(*b"hhea", Cow::Owned(patched(hhea, 34, long_metrics as u16)?));
    tables.insert(*b"hmtx", Cow::Owned(new_hmtx));
    tables.insert(*b"loca", Cow::Owned(new_loca));
    tables.insert(*b"glyf", Cow::Owned(new_glyf));
    for tag in [b"cvt ", b"fpgm", b"prep"] {
        if let Ok(table) = original(file, tag) {
            tables.insert(*tag, Cow::Borrowed(table));
        }
    }
    if let Ok(name) = original(file, b"name") {
        tables.insert(*b"name", essential_names(name).map_or(Cow::Borrowed(name), Cow::Owned));
    }
    if let Ok(post) = original(file, b"post") {
        // Version 3: the header only, since the subset's glyph names would need a table of their own.
        let mut post = post.get(..32).ok_or_else(|| malformed("post table"))?.to_vec();
        post[..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());
        tables.insert(*b"post", Cow::Owned(post));
    }
    Ok(tables)
}

/// Name IDs a subset keeps: copyright, family, style, identifier, full name, version, PostScript name,
/// trademark, manufacturer, designer, vendor and designer URLs, licence and its URL (the OFL asks that the
/// notice travel with the font); the rest (descriptions, sample text, variation and feature names) go.
const KEPT_NAME_IDS: [u16; 14] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 12, 13, 14];

/// A version 0 `name` table reduced to the Unicode (platform 0, and Windows Unicode) records of
/// [`KEPT_NAME_IDS`]; `None` to keep the table as it is (another version, or malformed).
fn essential_names(name: &[u8]) -> Option<Vec<u8>> {
    if be16(name, 0)? != 0 {
        return None;
    }
    let count = usize::from(be16(name, 2)?);
    let storage = usize::from(be16(name, 4)?);
    let mut records = Vec::new();
    for i in 0..count {
        let at = 6 + 12 * i;
        let (platform, encoding, name_id) = (be16(name, at)?, be16(name, at + 2)?, be16(name, at + 6)?);
        let unicode = platform == 0 || (platform == 3 && matches!(encoding, 1 | 10));
        if unicode && KEPT_NAME_IDS.contains(&name_id) {
            let (length, offset) = (usize::from(be16(name, at + 8)?), usize::from(be16(name, at + 10)?));
            let text = name.get(storage + offset..storage + offset + length)?;
            records.push((name.get(at..at + 8)?, text));
        }
    }
    let kept = u16::try_from(records.len()).ok()?;
    let storage_at = 6 + 12 * records.len();
    let mut out = Vec::with_capacity(storage_at + records.iter().map(|(_, t)| t.len()).sum::<usize>());
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&kept.to_be_bytes());
    out.extend_from_slice(&u16::try_from(storage_at).ok()?.to_be_bytes());
    let mut offset = 0usize;
    for (head, text) in &records {
        out.extend_from_slice(head);
        out.extend_from_slice(&u16::try_from(text.len()).ok()?.to_be_bytes());
        out.extend_from_slice(&u16::try_from(offset).ok()?.to_be_bytes());
        offset += text.len();
    }
    for (_, text) in &records {
        out.extend_from_slice(text);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{Face, FontBook};

    /// An outline as a list of drawing commands, to compare glyphs point for point.
    #[derive(Default, PartialEq, Debug)]
    struct Outline(Vec<(char, f32, f32, f32, f32, f32, f32)>);

    impl ttf_parser::OutlineBuilder for Outline {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0.push(('M', x, y, 0.0, 0.0, 0.0, 0.0));
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0.push(('L', x, y, 0.0, 0.0, 0.0, 0.0));
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            self.0.push(('Q', x1, y1, x, y, 0.0, 0.0));
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            self.0.push(('C', x1, y1, x2, y2, x, y));
        }
        fn close(&mut self) {
            self.0.push(('Z', 0.0, 0.0, 0.0, 0.0, 0.0, 0.0));
        }
    }

    fn outline(face: &ttf_parser::Face, gid: u16) -> Outline {
        let mut outline = Outline::default();
        face.outline_glyph(ttf_parser::GlyphId(gid), &mut outline);
        outline
    }

    /// The cut tables as one font file, all of them in the head (nothing shared).
    fn font(tables: &Tables) -> Vec<u8> {
        let own = tables.iter().map(|(tag, data)| (*tag, data.as_ref())).collect();
        super::super::head_bytes(&[0, 1, 0, 0], &own, &std::collections::BTreeMap::new(), 0)
    }

    #[test]
    fn every_glyph_keeps_its_outline_metrics_and_composite_components() {
        let book = FontBook::new(&[]);
        // DejaVu Sans Mono draws accented letters as composites of a base letter and an accent.
        for (face, text) in
            [(Face::Serif, "同志们，讲话A1"), (Face::Sans, "公文格式"), (Face::Mono, "éÅñ ij{}")]
        {
            let file = book.get(face).expect("bundled font");
            let chars = text.chars().collect();
            let order = GlyphOrder::new(file, &chars);
            let tables = cut(file, &order).expect("cuts");
            let bytes = font(&tables);
            let sub = ttf_parser::Face::parse(&bytes, 0).expect("a valid font");
            let original = file.parsed();
            for &(ch, gid) in &order.chars {
                let new = order.new_id(gid).expect("kept");
                assert_eq!(outline(&sub, new), outline(original, gid), "{face:?} {ch}: the same outline");
                assert_eq!(
                    sub.glyph_hor_advance(ttf_parser::GlyphId(new)),
                    original.glyph_hor_advance(ttf_parser::GlyphId(gid)),
                    "{face:?} {ch}"
                );
                assert_eq!(
                    sub.glyph_hor_side_bearing(ttf_parser::GlyphId(new)),
                    original.glyph_hor_side_bearing(ttf_parser::GlyphId(gid)),
                    "{face:?} {ch}"
                );
            }
            let components = usize::from(sub.number_of_glyphs()) - 1 - order.glyphs().len();
            if face == Face::Mono {
                assert!(components > 0, "the accents and base letters of the composites came along");
            }
        }
    }

    #[test]
    fn the_name_table_keeps_only_the_identifying_records() {
        let book = FontBook::new(&[]);
        let file = book.get(Face::Serif).expect("bundled font");
        let name = original(file, b"name").expect("a name table");
        let kept = essential_names(name).expect("version 0");
        assert!(kept.len() < name.len());
        let table = ttf_parser::name::Table::parse(&kept).expect("parses");
        let ids: Vec<u16> = table.names.into_iter().map(|n| n.name_id).collect();
        assert!(ids.iter().all(|id| KEPT_NAME_IDS.contains(id)), "{ids:?}");
        for id in [1, 2, 6, 13] {
            assert!(ids.contains(&id), "name ID {id} is kept");
        }
    }
}
