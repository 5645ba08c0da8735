//! Font subsetting, shared by the PDF and EPUB backends: a bundled CJK face is 7–15 MB, the glyphs one
//! document uses are a few hundred kilobytes.
//!
//! A document's faces are planned once for all its outputs ([`FontPlan`]), numbering glyphs 1…n in character
//! order, and each face is cut once into both forms ([`SharedFace`]): the PDF's font program (addressed by
//! glyph id: no `cmap`, no `OS/2`; a CFF face CID-keyed with CID = glyph id), and the EPUB's font, which is
//! looked up by character and so gets a Unicode `cmap` for exactly the characters kept and the original
//! `OS/2` (vertical metrics and licensing bits browsers check) back. TrueType faces are cut here
//! (`subset/truetype.rs`); CFF faces by typst's `subsetter`, which reads only the glyphs it keeps.

use crate::fonts::{Face, FontBook, FontFile};
use crate::zh::chars::may_be_latin_quote;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

mod truetype;

/// A CFF face cut down to some glyphs by `subsetter`, with the renumbering.
#[derive(Debug, Clone)]
struct Subset {
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
}

/// The tables a TrueType program embedded for a `CIDFontType2` needs (ISO 32000-1 §9.9, Table 126, and the
/// note on `FontFile2`): outlines, their index and metrics, and the hinting programs when the face has them.
/// `name` and `post` (glyph names and PostScript hints a PDF never consults) are left out; `cmap` and `OS/2`
/// are already gone.
const PDF_TRUETYPE_TABLES: [&[u8; 4]; 9] =
    [b"cvt ", b"fpgm", b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"prep"];

/// The glyphs of one face a document needs, numbered as both embedded forms number them: 1…n in the order
/// of the characters that show them (so a run of consecutive characters is a run of consecutive glyph ids,
/// one `cmap` segment and one ToUnicode range), then the proportional forms of the quotes among them.
/// Characters the face lacks are left out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlyphOrder {
    /// (character, original glyph id), by character.
    chars: Vec<(char, u16)>,
    /// Original glyph ids in their new order (a glyph two characters share appears once).
    glyphs: Vec<u16>,
    /// Original glyph id → new id, 0 for a glyph not in the order: indexed by glyph id, as the PDF looks a
    /// code up for every glyph it paints.
    new_ids: Vec<u16>,
}

impl GlyphOrder {
    /// The order of `chars` in `file`.
    pub fn new(file: &FontFile, chars: &BTreeSet<char>) -> GlyphOrder {
        // `glyph` never answers `.notdef`: a character mapped to it is one the face lacks.
        let chars: Vec<(char, u16)> = chars.iter().filter_map(|&ch| Some((ch, file.glyph(ch)?.id))).collect();
        let highest = chars.iter().map(|&(_, g)| usize::from(g)).max().unwrap_or(0);
        let mut glyphs = Vec::with_capacity(chars.len());
        // A quote's proportional form goes with it: layout draws it for the quote set as Latin punctuation.
        let forms = chars.iter().filter(|&&(ch, _)| may_be_latin_quote(ch));
        let forms: Vec<u16> = forms.filter_map(|&(_, gid)| Some(file.proportional(gid)?.id)).collect();
        let highest = forms.iter().map(|&g| usize::from(g)).max().unwrap_or(0).max(highest);
        let mut new_ids = vec![0u16; highest + 1];
        for gid in chars.iter().map(|&(_, gid)| gid).chain(forms) {
            if let Some(slot) = new_ids.get_mut(usize::from(gid)).filter(|slot| **slot == 0) {
                glyphs.push(gid);
                // At most 65,535 glyphs in a face, so at most that many distinct ids.
                *slot = u16::try_from(glyphs.len()).unwrap_or(u16::MAX);
            }
        }
        GlyphOrder { chars, glyphs, new_ids }
    }

    /// The new id of original glyph `gid` (`.notdef` stays 0); `None` if it is not in the order.
    pub fn new_id(&self, gid: u16) -> Option<u16> {
        if gid == 0 {
            return Some(0);
        }
        self.new_ids.get(usize::from(gid)).copied().filter(|&id| id != 0)
    }

    /// The original glyph ids in their new order.
    pub fn glyphs(&self) -> &[u16] {
        &self.glyphs
    }
}

/// What one document embeds: for each face, the glyphs of every character any of its outputs sets in it.
/// PDF and EPUB made in one run plan together, so each face is cut and deflated once for both; the cost is
/// a few glyphs one of them never shows (page numbers in the e-book, navigation labels in the PDF).
#[derive(Debug, Clone, Default)]
pub struct FontPlan<'a> {
    faces: BTreeMap<Face, (&'a FontFile, GlyphOrder)>,
}

/// The faces of a [`FontPlan`], cut: a face that could not be cut has the subsetter's message.
pub type Cuts = BTreeMap<Face, Result<Arc<SharedFace>, String>>;

/// How many glyphs a face may gain from sharing with another output: a sixteenth of its own, and at least
/// 16 (about 2 KB of outlines). Past that, a face the two outputs use differently (Noto Serif SC Bold for
/// a few PDF headings, for every run-in lead sentence of the EPUB) is cut for each on its own.
fn sharing_allowance(own: usize) -> usize {
    (own / 16).max(16)
}

/// The usages of two outputs of one document, with each face both use unified when neither gains more
/// than `sharing_allowance` glyphs by it (a sixteenth of its own, at least 16); then the face is cut once,
/// for both ([`cut_pair`]).
pub fn unify(
    a: BTreeMap<Face, BTreeSet<char>>,
    b: BTreeMap<Face, BTreeSet<char>>,
) -> (BTreeMap<Face, BTreeSet<char>>, BTreeMap<Face, BTreeSet<char>>) {
    let (mut a, mut b) = (a, b);
    for (face, chars_a) in a.iter_mut() {
        let Some(chars_b) = b.get_mut(face) else { continue };
        let gains_a = chars_b.difference(chars_a).count();
        let gains_b = chars_a.difference(chars_b).count();
        if gains_a <= sharing_allowance(chars_a.len()) && gains_b <= sharing_allowance(chars_b.len()) {
            chars_a.extend(chars_b.iter().copied());
            chars_b.clone_from(chars_a);
        }
    }
    (a, b)
}

/// The cuts of two plans of one document, each face cut once when both plan it alike.
pub fn cut_pair(a: &FontPlan<'_>, b: &FontPlan<'_>) -> (Cuts, Cuts) {
    use rayon::prelude::*;
    let alike = |face: &Face, order: &GlyphOrder| a.faces.get(face).is_some_and(|(_, o)| o == order);
    let tasks: Vec<(bool, Face, &FontFile, &GlyphOrder)> = a
        .faces
        .iter()
        .map(|(&face, (file, order))| (true, face, *file, order))
        .chain(
            b.faces
                .iter()
                .filter(|(face, (_, order))| !alike(face, order))
                .map(|(&face, (file, order))| (false, face, *file, order)),
        )
        .collect();
    let cut: Vec<(bool, Face, Result<Arc<SharedFace>, String>)> = tasks
        .into_par_iter()
        .map(|(first, face, file, order)| (first, face, shared(file, order).map(Arc::new)))
        .collect();
    let (mut cuts_a, mut cuts_b) = (Cuts::new(), Cuts::new());
    for (first, face, result) in cut {
        if first {
            if b.faces.get(&face).is_some_and(|(_, order)| alike(&face, order)) {
                cuts_b.insert(face, result.clone());
            }
            cuts_a.insert(face, result);
        } else {
            cuts_b.insert(face, result);
        }
    }
    (cuts_a, cuts_b)
}

impl<'a> FontPlan<'a> {
    /// The plan for `usage` (characters set in each face, after fallback). A face that cannot be loaded is
    /// left out: the backends report it when they look it up themselves.
    pub fn new(usage: &BTreeMap<Face, BTreeSet<char>>, fonts: &'a FontBook) -> FontPlan<'a> {
        let faces = usage
            .iter()
            .filter_map(|(&face, chars)| {
                let file = fonts.get(face).ok()?;
                Some((face, (file, GlyphOrder::new(file, chars))))
            })
            .collect();
        FontPlan { faces }
    }

    /// The file and glyph order of `face`, if the plan has it.
    pub fn face(&self, face: Face) -> Option<(&'a FontFile, &GlyphOrder)> {
        self.faces.get(&face).map(|(file, order)| (*file, order))
    }

    /// Cuts every face, in parallel. Pure: the cuts depend only on the plan, so whoever makes them, every
    /// output gets the same bytes.
    pub fn cut(&self) -> Cuts {
        cut_pair(self, &FontPlan::default()).0
    }
}

/// A font file as a compressed zip entry or PDF stream holds it: its raw deflate stream and what the two
/// containers check it with.
#[derive(Debug, Clone)]
pub struct Packed {
    /// Raw deflate (RFC 1951) of the file.
    pub deflated: Vec<u8>,
    /// Length of the file.
    pub len: usize,
    /// CRC-32 of the file (zip).
    pub crc32: u32,
    /// Adler-32 of the file (zlib).
    pub adler32: u32,
}

impl Packed {
    /// The file as a zlib stream (RFC 1950), what a PDF `FlateDecode` stream holds.
    pub fn zlib(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.deflated.len() + 6);
        // CM 8 (deflate), 32 KB window, default-level hint; FCHECK makes the pair a multiple of 31.
        out.extend_from_slice(&[0x78, 0x9C]);
        out.extend_from_slice(&self.deflated);
        out.extend_from_slice(&self.adler32.to_be_bytes());
        out
    }
}

/// One face cut once for a document, in both forms paiban embeds: the PDF's font program (a TrueType font
/// with only the tables ISO 32000-1 Table 126 names, or a bare CID-keyed `CFF ` table) and the EPUB's
/// standalone font (with a Unicode `cmap`, `OS/2`, `name` and `post`).
///
/// Both forms end with the same bytes, the outline tables (`glyf`, `loca`, `hmtx`, … or `CFF `), and those
/// are deflated once: each form is its own small head (table directory, `head`, and in the web font the
/// tables only it has) as a stored deflate block, followed by the one shared deflate stream. Cutting and
/// deflating the outlines are most of the work of embedding a font, and the two backends used to do both.
#[derive(Debug, Clone)]
pub struct SharedFace {
    /// Whether the outlines are CFF.
    pub cff: bool,
    /// The PDF font program.
    pub pdf: Packed,
    /// The web font.
    pub web: Packed,
}

/// The deflate level of the shared outline tables: 6, zlib's default (libdeflate's 7–9 take 0.2–0.5 % off a
/// 180 KB subset for 5–60 % more time).
const SHARED_LEVEL: u32 = 6;

/// A font's tables by tag, borrowed from the face where they are kept as they are.
type Tables<'f> = BTreeMap<[u8; 4], Cow<'f, [u8]>>;

/// Cuts `file` to the glyphs of `order` and packs both forms. TrueType faces are cut here
/// (`truetype::cut`); CFF faces by typst's `subsetter`.
pub fn shared(file: &FontFile, order: &GlyphOrder) -> Result<SharedFace, String> {
    let cff = file.is_cff();
    let cut;
    let (signature, tables): ([u8; 4], Tables) = if cff {
        cut = self::cut(file, order.glyphs.iter().copied())?;
        if order.glyphs.iter().any(|&g| cut.new_id(g) != order.new_id(g)) {
            return Err("the subsetter renumbered glyphs unexpectedly".into());
        }
        let records = table_records(&cut.data).ok_or("the subsetter wrote an unreadable font")?;
        let tables = records.iter().filter_map(|r| Some((r.tag, Cow::Borrowed(cut.data.get(r.range())?))));
        (*b"OTTO", tables.collect())
    } else {
        ([0, 1, 0, 0], truetype::cut(file, order)?)
    };
    // The outline tables both forms hold, byte for byte.
    let is_common = |tag: &[u8; 4]| {
        if cff {
            tag == b"CFF "
        } else {
            PDF_TRUETYPE_TABLES.contains(&tag) && tag != b"head"
        }
    };
    let common: BTreeMap<[u8; 4], &[u8]> =
        tables.iter().filter(|(tag, _)| is_common(tag)).map(|(tag, data)| (*tag, data.as_ref())).collect();
    let common_bytes = concatenate(&common);
    let common_sum = checksum(&common_bytes);
    let mut common_deflated = Vec::new();
    crate::deflate::deflate_into(SHARED_LEVEL, &common_bytes, &mut common_deflated)?;

    let pdf = if cff {
        pack(&[], &common_bytes, &common_deflated)
    } else {
        let head = tables.get(b"head").ok_or("the subset has no head table")?;
        let own = BTreeMap::from([(*b"head", head.as_ref())]);
        pack(&head_bytes(&signature, &own, &common, common_sum), &common_bytes, &common_deflated)
    };

    let face = file.parsed();
    let cmap_pairs: Vec<(u32, u16)> =
        order.chars.iter().filter_map(|&(ch, g)| Some((u32::from(ch), order.new_id(g)?))).collect();
    let cmap = cmap_table(&cmap_pairs);
    let mut own: BTreeMap<[u8; 4], &[u8]> =
        tables.iter().filter(|(tag, _)| !is_common(tag)).map(|(tag, data)| (*tag, data.as_ref())).collect();
    own.insert(*b"cmap", &cmap);
    if let Some(os2) = face.raw_face().table(ttf_parser::Tag::from_bytes(b"OS/2")) {
        own.insert(*b"OS/2", os2);
    }
    let web = pack(&head_bytes(&signature, &own, &common, common_sum), &common_bytes, &common_deflated);
    Ok(SharedFace { cff, pdf, web })
}

/// Tables one after the other in tag order, each zero-padded to four bytes but the last, which ends the
/// file (so a lone `CFF ` table is exactly what a PDF's `FontFile3` holds).
fn concatenate(tables: &BTreeMap<[u8; 4], &[u8]>) -> Vec<u8> {
    let mut out = Vec::with_capacity(tables.values().map(|t| t.len().next_multiple_of(4)).sum());
    for data in tables.values() {
        out.resize(out.len().next_multiple_of(4), 0);
        out.extend_from_slice(data);
    }
    out
}

/// The start of an sfnt whose tables are `own` followed by `common` (laid out as [`concatenate`] does, with
/// checksum `common_sum`): the directory of all of them (sorted by tag) and the `own` tables, with the
/// `head` checksum adjustment computed over the whole font.
fn head_bytes(
    signature: &[u8],
    own: &BTreeMap<[u8; 4], &[u8]>,
    common: &BTreeMap<[u8; 4], &[u8]>,
    common_sum: u32,
) -> Vec<u8> {
    let count = own.len() + common.len();
    let mut offsets: BTreeMap<[u8; 4], (usize, &[u8])> = BTreeMap::new();
    let mut offset = 12 + 16 * count;
    for (tag, data) in own.iter().chain(common.iter()) {
        offsets.insert(*tag, (offset, data));
        offset += data.len().next_multiple_of(4);
    }
    let count = count as u16;
    let entry_selector = if count == 0 { 0 } else { 15 - count.leading_zeros() as u16 };
    let search_range = (1u16 << entry_selector) * 16;
    let mut out =
        Vec::with_capacity(12 + 16 * usize::from(count) + own.values().map(|t| t.len() + 3).sum::<usize>());
    out.extend_from_slice(signature);
    for field in [count, search_range, entry_selector, (count * 16).saturating_sub(search_range)] {
        out.extend_from_slice(&field.to_be_bytes());
    }
    let mut head_at = None;
    for (tag, &(offset, data)) in &offsets {
        let mut data = Cow::Borrowed(data);
        if tag == b"head" && data.len() >= 12 {
            data.to_mut()[8..12].fill(0);
        }
        out.extend_from_slice(tag);
        out.extend_from_slice(&checksum(&data).to_be_bytes());
        out.extend_from_slice(&(offset as u32).to_be_bytes());
        out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    }
    for (tag, data) in own {
        let start = out.len();
        out.extend_from_slice(data);
        if tag == b"head" && data.len() >= 12 {
            out[start + 8..start + 12].fill(0);
            head_at = Some(start + 8);
        }
        out.resize(out.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at {
        let whole = checksum(&out).wrapping_add(common_sum);
        out[at..at + 4].copy_from_slice(&0xB1B0_AFBAu32.wrapping_sub(whole).to_be_bytes());
    }
    out
}

/// `head ++ common` packed: `head` as stored deflate blocks (a few hundred bytes to a few kilobytes, not
/// worth a second deflate stream), then `deflated`, the raw deflate of `common`, which ends the stream.
fn pack(head: &[u8], common: &[u8], deflated: &[u8]) -> Packed {
    let mut out = Vec::with_capacity(head.len() + 5 * (head.len() / 65_535 + 1) + deflated.len());
    for block in head.chunks(65_535) {
        // BFINAL 0, BTYPE 00 (stored), padded to the byte; then LEN and its complement, little-endian.
        out.push(0);
        let len = block.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(block);
    }
    out.extend_from_slice(deflated);
    let mut crc = libdeflater::Crc::new();
    crc.update(head);
    crc.update(common);
    let mut adler = libdeflater::Adler32::new();
    adler.update(head);
    adler.update(common);
    Packed { deflated: out, len: head.len() + common.len(), crc32: crc.sum(), adler32: adler.sum() }
}

fn cut(file: &FontFile, glyphs: impl Iterator<Item = u16>) -> Result<Subset, String> {
    let mut remapper = subsetter::GlyphRemapper::new();
    let mut originals = Vec::new();
    for gid in glyphs.filter(|&g| g != 0) {
        remapper.remap(gid);
        originals.push(gid);
    }
    let data = subsetter::subset(file.data(), file.index(), &remapper)
        .map_err(|e| format!("subsetting failed ({e})"))?;
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

    fn inflate(packed: &Packed) -> Vec<u8> {
        use std::io::Read;
        let mut raw = Vec::new();
        flate2::read::DeflateDecoder::new(packed.deflated.as_slice())
            .read_to_end(&mut raw)
            .expect("inflates");
        let mut zlib = Vec::new();
        flate2::read::ZlibDecoder::new(packed.zlib().as_slice()).read_to_end(&mut zlib).expect("inflates");
        assert_eq!(raw, zlib, "the raw and zlib forms hold the same file");
        assert_eq!(raw.len(), packed.len);
        assert_eq!(libdeflater::crc32(&raw), packed.crc32);
        assert_eq!(libdeflater::adler32(&raw), packed.adler32);
        raw
    }

    fn tags(font: &[u8]) -> Vec<[u8; 4]> {
        table_records(font).expect("a table directory").iter().map(|r| r.tag).collect()
    }

    fn table<'f>(font: &'f [u8], tag: &[u8; 4]) -> &'f [u8] {
        let records = table_records(font).expect("a table directory");
        let record = records.iter().find(|r| &r.tag == tag).expect("the table is there");
        &font[record.range()]
    }

    #[test]
    fn the_web_form_maps_exactly_the_characters_kept() {
        let book = FontBook::new(&[]);
        for face in [Face::Serif, Face::Fang] {
            let file = book.get(face).expect("bundled font");
            let text = "同志们，讲话A1𠀀";
            let cut = shared(file, &GlyphOrder::new(file, &chars(text))).expect("cuts");
            let bytes = inflate(&cut.web);
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
    fn the_pdf_form_holds_only_the_tables_a_pdf_reads_with_glyphs_in_character_order() {
        let book = FontBook::new(&[]);
        for face in [Face::Serif, Face::Sans] {
            let file = book.get(face).expect("bundled font");
            // Out of character order on purpose: the order follows the characters, not the text.
            let order = GlyphOrder::new(file, &chars("讲话同志们，A1"));
            let cut = shared(file, &order).expect("cuts");
            assert!(!cut.cff);
            let bytes = inflate(&cut.pdf);
            assert!(tags(&bytes).iter().all(|t| PDF_TRUETYPE_TABLES.contains(&t)), "{face:?}");
            for tag in [b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp"] {
                assert!(tags(&bytes).contains(tag), "{face:?} lost {}", String::from_utf8_lossy(tag));
            }
            assert_eq!(checksum(&bytes), 0xB1B0_AFBA, "{face:?}: the whole-font checksum is right");
            let parsed = ttf_parser::Face::parse(&bytes, 0).expect("a valid font");
            assert_eq!(usize::from(parsed.number_of_glyphs()), order.glyphs().len() + 1);
            let mut sorted: Vec<char> = "讲话同志们，A1".chars().collect();
            sorted.sort_unstable();
            let ids: Vec<u16> = sorted
                .iter()
                .map(|&ch| order.new_id(file.parsed().glyph_index(ch).expect("covered").0).expect("kept"))
                .collect();
            assert_eq!(ids, (1..=8).collect::<Vec<u16>>(), "{face:?}: numbered in character order");
            for &(ch, gid) in &order.chars {
                let new = ttf_parser::GlyphId(order.new_id(gid).expect("kept"));
                let old = ttf_parser::GlyphId(gid);
                assert_eq!(parsed.glyph_hor_advance(new), file.parsed().glyph_hor_advance(old), "{ch}");
                assert_eq!(parsed.glyph_bounding_box(new), file.parsed().glyph_bounding_box(old), "{ch}");
            }
            let web = inflate(&cut.web);
            for tag in [b"glyf", b"loca", b"hmtx"] {
                assert_eq!(table(&bytes, tag), table(&web, tag), "{face:?}: both forms share the outlines");
            }
        }
    }

    #[test]
    fn a_cff_face_is_embedded_in_pdf_as_the_web_fonts_cff_table() {
        let book = FontBook::new(&[]);
        let file = book.get(Face::Kai).expect("bundled font");
        let cut = shared(file, &GlyphOrder::new(file, &chars("讲话人：张三"))).expect("cuts");
        assert!(cut.cff);
        let web = inflate(&cut.web);
        assert!(web.starts_with(b"OTTO"));
        assert_eq!(inflate(&cut.pdf), table(&web, b"CFF "));
    }

    #[test]
    fn outputs_share_a_face_they_use_alike_and_not_one_they_use_differently() {
        let book = FontBook::new(&[]);
        let body: BTreeSet<char> = "各位同志：今天我们召开会议，研究部署下一步工作。".chars().collect();
        let mut pdf_body = body.clone();
        pdf_body.extend("—12".chars());
        let pdf = BTreeMap::from([(Face::Serif, pdf_body), (Face::SerifBold, chars("一、"))]);
        let epub = BTreeMap::from([
            (Face::Serif, body.clone()),
            (
                Face::SerifBold,
                chars("一、总体要求：坚持问题导向，突出重点，狠抓落实，确保各项任务按期完成见效"),
            ),
        ]);
        let (pdf, epub) = unify(pdf, epub);
        assert_eq!(pdf[&Face::Serif], epub[&Face::Serif], "three page-number glyphs are worth sharing");
        assert!(epub[&Face::Serif].contains(&'—'));
        assert_eq!(
            pdf[&Face::SerifBold],
            chars("一、"),
            "the PDF does not take the EPUB's bold lead sentences"
        );
        let (pdf_plan, epub_plan) = (FontPlan::new(&pdf, &book), FontPlan::new(&epub, &book));
        let (pdf_cuts, epub_cuts) = cut_pair(&pdf_plan, &epub_plan);
        let cut = |cuts: &Cuts, face| cuts[&face].as_ref().expect("cut").clone();
        assert!(Arc::ptr_eq(&cut(&pdf_cuts, Face::Serif), &cut(&epub_cuts, Face::Serif)), "cut once");
        assert!(!Arc::ptr_eq(&cut(&pdf_cuts, Face::SerifBold), &cut(&epub_cuts, Face::SerifBold)));
        assert!(cut(&pdf_cuts, Face::SerifBold).pdf.len < cut(&epub_cuts, Face::SerifBold).pdf.len);
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
