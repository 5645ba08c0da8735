//! Font subsetting, shared by the PDF and EPUB backends: a bundled CJK face is 7–15 MB, the glyphs one
//! document uses are a few hundred kilobytes.
//!
//! The outlines are cut by typst's `subsetter` (TrueType and CFF; it reads only the glyphs it keeps, so a
//! seed-sized subset of Noto Serif SC takes about half a millisecond). Its output is meant for PDF: glyphs are
//! renumbered 1…n, a CFF face becomes CID-keyed with CID = glyph id, and `cmap` and `OS/2` are gone, since a
//! PDF addresses glyphs by id. An EPUB font is looked up by character, so [`for_web`] puts back a Unicode
//! `cmap` for exactly the characters kept and the original `OS/2` (vertical metrics and licensing bits
//! browsers check), and rebuilds the table directory.

use crate::fonts::FontFile;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

/// A face cut down to some glyphs, with the renumbering.
#[derive(Debug, Clone)]
pub struct Subset {
    /// The font program (sfnt, no `cmap`).
    pub data: Vec<u8>,
    /// Original glyph id → glyph id in `data`.
    new_ids: BTreeMap<u16, u16>,
}

impl Subset {
    /// The glyph id in the subset of `original`, if it was kept (`.notdef`, 0, always is).
    pub fn new_id(&self, original: u16) -> Option<u16> {
        if original == 0 {
            return Some(0);
        }
        self.new_ids.get(&original).copied()
    }

    /// Whether the outlines are CFF (embedded in PDF as a bare CID-keyed `CFF ` table).
    pub fn is_cff(&self) -> bool {
        self.data.starts_with(b"OTTO")
    }

    /// The bytes of one table of the subset.
    pub fn table(&self, tag: &[u8; 4]) -> Option<&[u8]> {
        table_records(&self.data)?.into_iter().find(|r| &r.tag == tag).and_then(|r| self.data.get(r.range()))
    }
}

/// The tables a TrueType program embedded for a `CIDFontType2` needs (ISO 32000-1 §9.9, Table 126, and the
/// note on `FontFile2`): outlines, their index and metrics, and the hinting programs when the face has them.
/// `name` and `post` (glyph names and PostScript hints a PDF never consults) are left out; `cmap` and `OS/2`
/// are already gone.
const PDF_TRUETYPE_TABLES: [&[u8; 4]; 9] =
    [b"cvt ", b"fpgm", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"prep"];

/// `file` reduced to `glyphs` (original ids, in any order), renumbered in ascending order of original id. A
/// TrueType subset keeps only the tables a PDF reads ([`PDF_TRUETYPE_TABLES`]); a CFF subset is embedded as
/// its bare `CFF ` table anyway.
pub fn for_pdf(file: &FontFile, glyphs: &BTreeSet<u16>) -> Result<Subset, String> {
    let mut subset = cut(file, glyphs.iter().copied())?;
    if !subset.is_cff() {
        let records = table_records(&subset.data).ok_or("the subsetter wrote an unreadable font")?;
        let tables: BTreeMap<[u8; 4], Vec<u8>> = records
            .into_iter()
            .filter(|r| PDF_TRUETYPE_TABLES.contains(&&r.tag))
            .filter_map(|r| Some((r.tag, subset.data.get(r.range())?.to_vec())))
            .collect();
        subset.data = assemble(&subset.data[..4], &tables);
    }
    Ok(subset)
}

/// `file` reduced to the glyphs of `chars`, as a standalone font with a Unicode `cmap` for exactly those
/// characters (characters the face lacks are left out). Glyphs are numbered in character order, so runs of
/// consecutive characters become single `cmap` segments.
pub fn for_web(file: &FontFile, chars: &BTreeSet<char>) -> Result<Vec<u8>, String> {
    let face = file.parsed();
    let mapped: Vec<(char, u16)> = chars
        .iter()
        .filter_map(|&ch| face.glyph_index(ch).map(|g| (ch, g.0)))
        .filter(|&(_, g)| g != 0)
        .collect();
    let subset = cut(file, mapped.iter().map(|&(_, g)| g))?;
    let cmap_pairs: Vec<(u32, u16)> =
        mapped.iter().filter_map(|&(ch, g)| subset.new_id(g).map(|n| (u32::from(ch), n))).collect();
    // Borrowed, not copied: the glyf table alone is most of a 200 KB subset.
    let mut tables: BTreeMap<[u8; 4], Cow<[u8]>> = table_records(&subset.data)
        .ok_or("the subsetter wrote an unreadable font")?
        .into_iter()
        .filter_map(|r| Some((r.tag, Cow::Borrowed(subset.data.get(r.range())?))))
        .collect();
    tables.insert(*b"cmap", Cow::Owned(cmap_table(&cmap_pairs)));
    if let Some(os2) = face.raw_face().table(ttf_parser::Tag::from_bytes(b"OS/2")) {
        tables.insert(*b"OS/2", Cow::Borrowed(os2));
    }
    Ok(assemble(&subset.data[..4], &tables))
}

fn cut(file: &FontFile, glyphs: impl Iterator<Item = u16>) -> Result<Subset, String> {
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut originals = Vec::new();
    for gid in glyphs.filter(|&g| g != 0) {
        remapper.remap(gid);
        originals.push(gid);
    }
    let data =
        subsetter::subset(file.data(), 0, &remapper).map_err(|e| format!("subsetting failed ({e})"))?;
    let new_ids = originals.into_iter().filter_map(|g| Some((g, remapper.get(g)?))).collect();
    Ok(Subset { data, new_ids })
}

/// One entry of an sfnt table directory.
struct TableRecord {
    tag: [u8; 4],
    offset: usize,
    length: usize,
}

impl TableRecord {
    fn range(&self) -> std::ops::Range<usize> {
        self.offset..self.offset.saturating_add(self.length)
    }
}

fn be16(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn be32(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

fn table_records(font: &[u8]) -> Option<Vec<TableRecord>> {
    let count = usize::from(be16(font, 4)?);
    (0..count)
        .map(|i| {
            let at = 12 + 16 * i;
            Some(TableRecord {
                tag: font.get(at..at + 4)?.try_into().ok()?,
                offset: be32(font, at + 8)? as usize,
                length: be32(font, at + 12)? as usize,
            })
        })
        .collect()
}

/// The OpenType table checksum: the sum of the big-endian u32 words, zero-padded. Whole words are summed
/// with `chunks_exact` (a copy per word into a padded buffer cost a `memcpy` call per word: a tenth of a
/// millisecond for a seed-sized subset).
fn checksum(data: &[u8]) -> u32 {
    let words = data.chunks_exact(4);
    let rest = words.remainder();
    let sum = words.fold(0u32, |sum, w| sum.wrapping_add(u32::from_be_bytes([w[0], w[1], w[2], w[3]])));
    let mut last = [0u8; 4];
    last[..rest.len()].copy_from_slice(rest);
    sum.wrapping_add(u32::from_be_bytes(last))
}

/// An sfnt from its tables (sorted by tag, as the directory requires), with checksums and the `head`
/// checksum adjustment computed.
fn assemble<T: AsRef<[u8]>>(signature: &[u8], tables: &BTreeMap<[u8; 4], T>) -> Vec<u8> {
    let count = tables.len() as u16;
    let entry_selector = if count == 0 { 0 } else { 15 - count.leading_zeros() as u16 };
    let search_range = (1u16 << entry_selector) * 16;
    let mut out = Vec::with_capacity(
        12 + 16 * tables.len() + tables.values().map(|t| t.as_ref().len() + 3).sum::<usize>(),
    );
    out.extend_from_slice(signature);
    for field in [count, search_range, entry_selector, (count * 16).saturating_sub(search_range)] {
        out.extend_from_slice(&field.to_be_bytes());
    }
    let mut offset = 12 + 16 * tables.len();
    let mut head_at = None;
    for (tag, data) in tables {
        let mut data = Cow::Borrowed(data.as_ref());
        if tag == b"head" && data.len() >= 12 {
            data.to_mut()[8..12].fill(0);
            head_at = Some(offset + 8);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(&data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (tag, data) in tables {
        let data = data.as_ref();
        let start = out.len();
        out.extend_from_slice(data);
        if tag == b"head" && data.len() >= 12 {
            out[start + 8..start + 12].fill(0);
        }
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&out));
        out[at..at + 4].copy_from_slice(&adjustment.to_be_bytes());
    }
    out
}

/// Most segments a format 4 subtable can hold (its length is a u16).
const MAX_FORMAT4_SEGMENTS: usize = (u16::MAX as usize - 16) / 8 - 1;

/// A `cmap` with a format 4 subtable (platform 3, encoding 1: every reader knows it) for the BMP and, when
/// characters beyond the BMP are kept or the BMP needs more segments than format 4 holds, a format 12
/// subtable (3, 10) for all of them. `pairs` is sorted by character.
fn cmap_table(pairs: &[(u32, u16)]) -> Vec<u8> {
    // Runs of consecutive characters with consecutive glyph ids: one segment each, with an idDelta.
    let mut runs: Vec<(u32, u32, u16)> = Vec::new();
    for &(ch, gid) in pairs {
        match runs.last_mut() {
            Some(last) if ch == last.1 + 1 && u32::from(gid) == u32::from(last.2) + (ch - last.0) => {
                last.1 = ch
            }
            _ => runs.push((ch, ch, gid)),
        }
    }
    let bmp: Vec<(u32, u32, u16)> = runs.iter().copied().filter(|r| r.1 <= 0xFFFF).collect();
    let needs_format12 = runs.len() != bmp.len() || bmp.len() > MAX_FORMAT4_SEGMENTS;
    let format4 = format4_subtable(&bmp[..bmp.len().min(MAX_FORMAT4_SEGMENTS)]);
    let format12 = needs_format12.then(|| format12_subtable(&runs));
    let count: u16 = if format12.is_some() { 2 } else { 1 };
    let mut out = Vec::new();
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&count.to_be_bytes());
    let first_offset = 4 + 8 * u32::from(count);
    out.extend_from_slice(&[0, 3, 0, 1]);
    out.extend_from_slice(&first_offset.to_be_bytes());
    if let Some(f12) = &format12 {
        out.extend_from_slice(&[0, 3, 0, 10]);
        out.extend_from_slice(&(first_offset + format4.len() as u32).to_be_bytes());
        out.extend_from_slice(&format4);
        out.extend_from_slice(f12);
    } else {
        out.extend_from_slice(&format4);
    }
    out
}

/// Format 4 from BMP runs (start, end, first glyph); the final 0xFFFF segment is added here.
fn format4_subtable(runs: &[(u32, u32, u16)]) -> Vec<u8> {
    let segments = runs.len() + 1;
    let seg_x2 = (segments * 2) as u16;
    let entry_selector = 15 - (segments as u16).leading_zeros() as u16;
    let search_range = 2 * (1u16 << entry_selector);
    let length = (16 + 8 * segments) as u16;
    let mut out = Vec::with_capacity(usize::from(length));
    for field in [4, length, 0, seg_x2, search_range, entry_selector, seg_x2.saturating_sub(search_range)] {
        out.extend_from_slice(&field.to_be_bytes());
    }
    for &(_, end, _) in runs {
        out.extend_from_slice(&(end as u16).to_be_bytes());
    }
    out.extend_from_slice(&0xFFFFu16.to_be_bytes());
    out.extend_from_slice(&0u16.to_be_bytes());
    for &(start, _, _) in runs {
        out.extend_from_slice(&(start as u16).to_be_bytes());
    }
    out.extend_from_slice(&0xFFFFu16.to_be_bytes());
    // idDelta: glyph = (char + delta) mod 65536.
    for &(start, _, gid) in runs {
        out.extend_from_slice(&gid.wrapping_sub(start as u16).to_be_bytes());
    }
    out.extend_from_slice(&1u16.to_be_bytes());
    out.resize(out.len() + 2 * segments, 0);
    out
}

/// Format 12 (segmented coverage) from all runs.
fn format12_subtable(runs: &[(u32, u32, u16)]) -> Vec<u8> {
    let length = 16 + 12 * runs.len() as u32;
    let mut out = Vec::with_capacity(length as usize);
    out.extend_from_slice(&12u16.to_be_bytes());
    out.extend_from_slice(&0u16.to_be_bytes());
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(&0u32.to_be_bytes());
    out.extend_from_slice(&(runs.len() as u32).to_be_bytes());
    for &(start, end, gid) in runs {
        for value in [start, end, u32::from(gid)] {
            out.extend_from_slice(&value.to_be_bytes());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::{Face, FontBook};

    fn chars(text: &str) -> BTreeSet<char> {
        text.chars().collect()
    }

    #[test]
    fn a_web_subset_maps_exactly_the_characters_kept() {
        let book = FontBook::new(&[]);
        for face in [Face::Serif, Face::Fang] {
            let file = book.get(face).expect("bundled font");
            let text = "同志们，讲话A1𠀀";
            let bytes = for_web(file, &chars(text)).expect("subsets");
            assert!(bytes.len() < 60_000, "{face:?}: {} bytes", bytes.len());
            let sub = ttf_parser::Face::parse(&bytes, 0).expect("a valid font");
            for ch in text.chars().filter(|&c| file.covers(c)) {
                let gid = sub.glyph_index(ch).unwrap_or_else(|| panic!("{face:?} lost {ch}"));
                let original = file.parsed().glyph_index(ch).expect("covered");
                assert_eq!(
                    sub.glyph_hor_advance(gid),
                    file.parsed().glyph_hor_advance(original),
                    "{face:?} {ch}: the advance survives"
                );
            }
            assert!(sub.glyph_index('国').is_none(), "{face:?} kept an unused character");
            assert!(sub.number_of_glyphs() <= 12, "{face:?}: {} glyphs", sub.number_of_glyphs());
            assert!(sub.tables().os2.is_some(), "{face:?}: OS/2 is back");
            assert_eq!(checksum(&bytes), 0xB1B0_AFBA, "{face:?}: the whole-font checksum is right");
        }
    }

    #[test]
    fn a_pdf_subset_renumbers_from_one_in_original_order() {
        let book = FontBook::new(&[]);
        let file = book.get(Face::Sans).expect("bundled font");
        let ids: BTreeSet<u16> =
            "公文格式".chars().filter_map(|c| file.parsed().glyph_index(c)).map(|g| g.0).collect();
        let subset = for_pdf(file, &ids).expect("subsets");
        let renumbered: Vec<u16> = ids.iter().filter_map(|&g| subset.new_id(g)).collect();
        assert_eq!(renumbered, [1, 2, 3, 4]);
        assert_eq!(subset.new_id(0), Some(0));
        assert!(subset.table(b"glyf").is_some() && !subset.is_cff());
    }

    #[test]
    fn a_pdf_truetype_subset_holds_only_the_tables_a_pdf_reads() {
        let book = FontBook::new(&[]);
        for face in [Face::Serif, Face::Sans] {
            let file = book.get(face).expect("bundled font");
            let ids: BTreeSet<u16> =
                "同志们，讲话A1".chars().filter_map(|c| file.parsed().glyph_index(c)).map(|g| g.0).collect();
            let subset = for_pdf(file, &ids).expect("subsets");
            let tags: Vec<[u8; 4]> =
                table_records(&subset.data).expect("a table directory").iter().map(|r| r.tag).collect();
            for tag in [b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp"] {
                assert!(tags.contains(tag), "{face:?} lost {}", String::from_utf8_lossy(tag));
            }
            assert!(tags.iter().all(|t| PDF_TRUETYPE_TABLES.contains(&t)), "{face:?}: {tags:?}");
            assert_eq!(checksum(&subset.data), 0xB1B0_AFBA, "{face:?}: the whole-font checksum is right");
            let parsed = ttf_parser::Face::parse(&subset.data, 0).expect("a valid font");
            assert_eq!(usize::from(parsed.number_of_glyphs()), ids.len() + 1);
            for &gid in &ids {
                let new = ttf_parser::GlyphId(subset.new_id(gid).expect("kept"));
                let old = ttf_parser::GlyphId(gid);
                assert_eq!(parsed.glyph_hor_advance(new), file.parsed().glyph_hor_advance(old), "{face:?}");
                assert_eq!(parsed.glyph_bounding_box(new), file.parsed().glyph_bounding_box(old), "{face:?}");
            }
        }
    }

    #[test]
    fn the_checksum_sums_zero_padded_big_endian_words() {
        assert_eq!(checksum(&[]), 0);
        assert_eq!(checksum(&[1, 2, 3, 4]), 0x0102_0304);
        assert_eq!(checksum(&[1, 2, 3, 4, 5]), 0x0102_0304 + 0x0500_0000);
        assert_eq!(checksum(&[0xFF; 8]), 0xFFFF_FFFEu32);
        assert_eq!(checksum(&[0, 0, 0, 1, 0xAB, 0xCD, 0xEF]), 1 + 0xABCD_EF00);
    }

    #[test]
    fn format4_segments_follow_runs_of_consecutive_characters() {
        let table = cmap_table(&[(0x41, 1), (0x42, 2), (0x43, 3), (0x4E00, 4), (0x4E02, 5)]);
        let mut font = BTreeMap::new();
        font.insert(*b"cmap", table);
        let sub = ttf_parser::cmap::Table::parse(font[b"cmap"].as_slice()).expect("parses");
        let subtable = sub.subtables.into_iter().next().expect("one subtable");
        for (ch, gid) in [('A', 1), ('B', 2), ('C', 3), ('一', 4), ('丂', 5)] {
            assert_eq!(subtable.glyph_index(u32::from(ch)).map(|g| g.0), Some(gid), "{ch}");
        }
        assert_eq!(subtable.glyph_index(0x4E01), None);
    }
}
