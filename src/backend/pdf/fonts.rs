//! The faces of a PDF: each face the layout placed glyphs in, cut to exactly those glyphs
//! ([`crate::subset`]) and embedded as a Type 0 font with Identity-H encoding and a ToUnicode CMap, so the
//! text layer gives back the characters.
//!
//! The writer (see `vendor`) could embed fonts itself, but its subsetting reads every glyph record of a 15 MB face for each
//! document (two thirds of the render time); here the glyph ids are renumbered up front, so the pages can be
//! painted while the faces are being cut.

use crate::diag::Error;
use crate::fonts::{Face, FontBook, FontFile};
use crate::layout::paragraph::Glyph;
use crate::layout::Layout;
use crate::subset::{Cuts, FontPlan, GlyphOrder, SharedFace};
use lopdf::{Dictionary, Object, ObjectId, Stream};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The `/DW` of every font: a full em, the advance of nearly every CJK glyph.
const DEFAULT_WIDTH: f32 = 1000.0;

/// What one face of the document needs: the glyph order of the document's font plan, and the glyphs the
/// pages show.
struct FacePlan<'a> {
    file: &'a FontFile,
    /// The face's glyphs in the document's font plan; a glyph's code in the content streams is its new id.
    order: &'a GlyphOrder,
    /// Indexed by code: (character it shows, advance in thousandths of an em as `/W` gives it) for every
    /// glyph the pages show (the plan may hold a few more, which other outputs of the document set in this
    /// face). Index 0 (`.notdef`) is never set here.
    glyphs: Vec<Option<(char, f32)>>,
    /// Characters no face covers (already reported by layout), each drawn as `.notdef` under a code of its
    /// own after the glyphs' codes, so that the text layer keeps every one of them: character → (code,
    /// advance).
    missing: BTreeMap<char, (u16, f32)>,
    /// Once the two-byte codes run out (tens of thousands of such characters), the rest share code 0; the
    /// first of them is what code 0 shows.
    notdef: Option<(char, f32)>,
}

impl FacePlan<'_> {
    /// The glyphs the pages show, by code: (code, (character, advance)); then the missing characters.
    fn painted(&self) -> impl Iterator<Item = (u16, (char, f32))> + '_ {
        let glyphs = (0u16..).zip(&self.glyphs).filter_map(|(code, glyph)| Some((code, (*glyph)?)));
        let mut missing: Vec<(u16, (char, f32))> =
            self.missing.iter().map(|(&ch, &(code, width))| (code, (ch, width))).collect();
        missing.sort_by_key(|m| m.0);
        glyphs.chain(missing)
    }

    /// The first code after the glyphs' own: where the missing characters' codes start. A font program
    /// has no glyph there, so these codes draw `.notdef`.
    fn first_missing_code(&self) -> usize {
        self.glyphs.len()
    }
}

/// The faces of one document with their codes; the font programs come from the plan's cuts.
pub(super) struct PdfFonts<'a> {
    faces: BTreeMap<Face, FacePlan<'a>>,
}

/// The characters `layout` sets in each face (a face whose glyphs are all `.notdef` is there, empty): what
/// the PDF asks of the document's [`FontPlan`].
pub(super) fn usage(layout: &Layout) -> BTreeMap<Face, BTreeSet<char>> {
    // Pushed, then sorted once: a set insert per glyph painted costs more.
    let mut usage: BTreeMap<Face, Vec<char>> = BTreeMap::new();
    for glyph in layout.pages.iter().flat_map(|p| &p.lines).flat_map(|l| &l.line.glyphs) {
        let chars = usage.entry(glyph.face).or_default();
        if glyph.gid.is_some_and(|g| g != 0) {
            chars.push(glyph.ch);
        }
    }
    usage.into_iter().map(|(face, chars)| (face, chars.into_iter().collect())).collect()
}

impl<'a> PdfFonts<'a> {
    /// Codes for every glyph placed in `layout`, from `plan` (which must hold [`usage`] of it). `width`
    /// gives the advance a viewer applies before TJ adjustments, so `/W` and the adjustments are computed
    /// from the same numbers.
    pub fn plan(
        layout: &Layout,
        fonts: &FontBook,
        plan: &'a FontPlan<'a>,
        width: impl Fn(f32) -> f32,
    ) -> Result<Self, Error> {
        let mut faces: BTreeMap<Face, FacePlan<'a>> = BTreeMap::new();
        for glyph in layout.pages.iter().flat_map(|p| &p.lines).flat_map(|l| &l.line.glyphs) {
            let face_plan = match faces.entry(glyph.face) {
                std::collections::btree_map::Entry::Occupied(entry) => entry.into_mut(),
                std::collections::btree_map::Entry::Vacant(entry) => {
                    // Loading the face reports why it is missing from the plan, if it is.
                    fonts.get(glyph.face)?;
                    let (file, order) = plan.face(glyph.face).ok_or_else(|| unplanned(glyph.face))?;
                    let glyphs = vec![None; order.glyphs().len() + 1];
                    entry.insert(FacePlan { file, order, glyphs, missing: BTreeMap::new(), notdef: None })
                }
            };
            let entry = (glyph.ch, width(glyph.width_em));
            match glyph.gid.filter(|&g| g != 0) {
                Some(gid) => {
                    let code = face_plan.order.new_id(gid).ok_or_else(|| unplanned(glyph.face))?;
                    if let Some(slot @ None) = face_plan.glyphs.get_mut(usize::from(code)) {
                        *slot = Some(entry);
                    }
                }
                None if face_plan.missing.contains_key(&glyph.ch) => {}
                None => {
                    let next = face_plan.first_missing_code() + face_plan.missing.len();
                    match u16::try_from(next) {
                        Ok(code) => {
                            face_plan.missing.insert(glyph.ch, (code, entry.1));
                        }
                        Err(_) => {
                            face_plan.notdef.get_or_insert(entry);
                        }
                    }
                }
            }
        }
        Ok(PdfFonts { faces })
    }

    /// The content-stream code of `glyph`: its glyph's new id, or for a character no face covers, the code
    /// of its own that draws `.notdef`.
    pub fn code(&self, glyph: &Glyph) -> u16 {
        let Some(plan) = self.faces.get(&glyph.face) else { return 0 };
        match glyph.gid.filter(|&g| g != 0) {
            Some(gid) => plan.order.new_id(gid).unwrap_or(0),
            None => plan.missing.get(&glyph.ch).map_or(0, |&(code, _)| code),
        }
    }

    /// The font program of every face, from the plan's `cuts`.
    pub fn programs(&self, cuts: &Cuts) -> Result<Vec<(Face, FontProgram)>, Error> {
        self.faces
            .iter()
            .map(|(&face, plan)| {
                let shared = match cuts.get(&face) {
                    Some(Ok(shared)) => shared,
                    Some(Err(message)) => {
                        return Err(Error::Font(format!("{}: {message}", plan.file.path().display())))
                    }
                    None => return Err(unplanned(face)),
                };
                Ok((face, FontProgram::new(shared, plan)?))
            })
            .collect()
    }

    /// Adds the font objects to `lo` and points every page's `/Font` resource at them, under the names
    /// `resource_name` gives the faces in the content streams.
    pub fn embed(
        &self,
        subsets: Vec<(Face, FontProgram)>,
        lo: &mut lopdf::Document,
        resource_name: impl Fn(Face) -> String,
    ) -> Result<(), Error> {
        let mut font_dict = Dictionary::new();
        for (face, program) in subsets {
            let Some(plan) = self.faces.get(&face) else { continue };
            let id = add_font(lo, plan, program);
            font_dict.set(resource_name(face), Object::Reference(id));
        }
        let font_dict_id = lo.add_object(font_dict);
        let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
        for page_id in page_ids {
            let resources = match lo.get_dictionary(page_id).and_then(|p| p.get(b"Resources")) {
                Ok(Object::Reference(id)) => *id,
                _ => continue,
            };
            if let Ok(dict) = lo.get_dictionary_mut(resources) {
                dict.set("Font", Object::Reference(font_dict_id));
            }
        }
        Ok(())
    }
}

/// A subset as the PDF embeds it: a bare CID-keyed CFF table (the subsetter makes CID = glyph id), or the
/// whole TrueType font; deflated, and its ToUnicode CMap too.
pub(super) struct FontProgram {
    cff: bool,
    /// Uncompressed length (`/Length1` of a TrueType program).
    length: usize,
    deflated: Vec<u8>,
    /// The ToUnicode CMap, deflated.
    to_unicode: Vec<u8>,
}

/// The deflate level of the ToUnicode CMaps: a few kilobytes of hex text, where level 9 takes a tenth off
/// level 6 (−190 B on the seed) in microseconds. Font programs stay at level 6: 7 and 8 take only 0.5 %
/// off them for 10–15 % more time, and font deflating is the longest task of a render.
const TO_UNICODE_LEVEL: u32 = 9;

impl FontProgram {
    fn new(shared: &SharedFace, plan: &FacePlan<'_>) -> Result<Self, Error> {
        let to_unicode = super::deflate_at(to_unicode(plan).as_bytes(), TO_UNICODE_LEVEL)
            .ok_or_else(|| Error::Font("cannot compress a ToUnicode CMap".into()))?;
        Ok(FontProgram { cff: shared.cff, length: shared.pdf.len, deflated: shared.pdf.zlib(), to_unicode })
    }
}

/// A face the layout used that the font plan lacks: a bug, reported rather than drawn as blanks.
fn unplanned(face: Face) -> Error {
    Error::Font(format!("{} is missing from the document's font plan", face.family()))
}

/// The Type 0 font of one face: descendant CID font, descriptor, font program and ToUnicode.
fn add_font(lo: &mut lopdf::Document, plan: &FacePlan<'_>, program: FontProgram) -> ObjectId {
    let face = plan.file.parsed();
    let base_font = format!("{}+{}", subset_tag(plan), postscript_name(plan.file));
    let scale = 1000.0 / f32::from(face.units_per_em().max(1));
    let units = |v: i16| Object::Integer((f32::from(v) * scale).round() as i64);
    let bbox = face.global_bounding_box();

    let mut dict = Dictionary::from_iter(vec![("Filter", Object::Name(b"FlateDecode".to_vec()))]);
    let (cid_subtype, program_key) = if program.cff {
        // PDF 1.3's /FontFile3 /CIDFontType0C.
        dict.set("Subtype", Object::Name(b"CIDFontType0C".to_vec()));
        ("CIDFontType0", "FontFile3")
    } else {
        dict.set("Length1", Object::Integer(program.length as i64));
        ("CIDFontType2", "FontFile2")
    };
    let program_id = lo.add_object(Stream::new(dict, program.deflated).with_compression(false));

    let descriptor = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"FontDescriptor".to_vec())),
        ("FontName", Object::Name(base_font.clone().into_bytes())),
        // Symbolic: the glyphs are outside the standard Latin set.
        ("Flags", Object::Integer(4)),
        (
            "FontBBox",
            Object::Array(vec![units(bbox.x_min), units(bbox.y_min), units(bbox.x_max), units(bbox.y_max)]),
        ),
        ("ItalicAngle", Object::Integer(0)),
        ("Ascent", units(face.ascender())),
        ("Descent", units(face.descender())),
        ("CapHeight", units(face.capital_height().unwrap_or(face.ascender()))),
        ("StemV", Object::Integer(80)),
        (program_key, Object::Reference(program_id)),
    ]);
    let descriptor_id = lo.add_object(descriptor);

    let mut cid_font = Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(cid_subtype.as_bytes().to_vec())),
        ("BaseFont", Object::Name(base_font.clone().into_bytes())),
        (
            "CIDSystemInfo",
            Object::Dictionary(Dictionary::from_iter(vec![
                ("Registry", Object::string_literal("Adobe")),
                ("Ordering", Object::string_literal("Identity")),
                ("Supplement", Object::Integer(0)),
            ])),
        ),
        ("FontDescriptor", Object::Reference(descriptor_id)),
        ("DW", Object::Integer(DEFAULT_WIDTH as i64)),
        ("W", widths(plan)),
    ]);
    if cid_subtype == "CIDFontType2" {
        cid_font.set("CIDToGIDMap", cid_to_gid_map(lo, plan));
    }
    let cid_font_id = lo.add_object(cid_font);
    let to_unicode_dict = Dictionary::from_iter(vec![("Filter", Object::Name(b"FlateDecode".to_vec()))]);
    let to_unicode_id =
        lo.add_object(Stream::new(to_unicode_dict, program.to_unicode).with_compression(false));

    lo.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"Type0".to_vec())),
        ("BaseFont", Object::Name(base_font.into_bytes())),
        ("Encoding", Object::Name(b"Identity-H".to_vec())),
        ("DescendantFonts", Object::Array(vec![Object::Reference(cid_font_id)])),
        ("ToUnicode", Object::Reference(to_unicode_id)),
    ]))
}

/// A TrueType face's `/CIDToGIDMap`: `/Identity` (code = glyph id) unless characters no face covers were
/// given codes past the glyphs; then a stream mapping the glyphs' codes to themselves and those codes to
/// glyph 0, `.notdef` (ISO 32000-1 §9.7.4.2). A CFF face needs none: a CID its font lacks draws CID 0.
fn cid_to_gid_map(lo: &mut lopdf::Document, plan: &FacePlan<'_>) -> Object {
    let Some(last) = plan.missing.values().map(|&(code, _)| usize::from(code)).max() else {
        return Object::Name(b"Identity".to_vec());
    };
    let glyphs = plan.first_missing_code();
    let map: Vec<u8> = (0..=last)
        .flat_map(|cid| u16::try_from(cid).ok().filter(|_| cid < glyphs).unwrap_or(0).to_be_bytes())
        .collect();
    let dict = Dictionary::from_iter(vec![("Filter", Object::Name(b"FlateDecode".to_vec()))]);
    match super::deflate(&map) {
        Some(deflated) => {
            Object::Reference(lo.add_object(Stream::new(dict, deflated).with_compression(false)))
        }
        None => Object::Reference(lo.add_object(Stream::new(Dictionary::new(), map))),
    }
}

/// `/W`: the advance of every code whose advance is not the default 1000 (a CJK face's ideographs all are),
/// as runs of consecutive codes: `[c [w w …] c′ [w …]]`.
fn widths(plan: &FacePlan<'_>) -> Object {
    let number = |w: f32| if w.fract() == 0.0 { Object::Integer(w as i64) } else { Object::Real(w) };
    let codes = plan.notdef.map(|(_, w)| (0u16, w)).into_iter();
    let codes = codes.chain(plan.painted().map(|(code, (_, w))| (code, w)));
    let mut runs: Vec<(u16, Vec<Object>)> = Vec::new();
    let mut last = None;
    for (code, w) in codes.filter(|&(_, w)| w != DEFAULT_WIDTH) {
        match runs.last_mut() {
            Some((_, list)) if last.is_some_and(|l: u16| l + 1 == code) => list.push(number(w)),
            _ => runs.push((code, vec![number(w)])),
        }
        last = Some(code);
    }
    Object::Array(
        runs.into_iter()
            .flat_map(|(code, list)| [Object::Integer(i64::from(code)), Object::Array(list)])
            .collect(),
    )
}

/// Entries in one `begin…end` block of a CMap: PDF's limit (ISO 32000-1 §9.10.3, after Adobe TN 5411).
const CMAP_BLOCK: usize = 100;

/// Consecutive codes whose characters are also consecutive, fewer than this, stay inside an array range;
/// from this length on they get a `<lo> <hi> <dst>` range of their own (measured on the seed and 红楼梦:
/// shorter ones cost more, split out, than they save).
const MIN_SEQUENTIAL: usize = 8;

/// One mapping of a ToUnicode CMap; codes are two bytes (Identity-H).
#[derive(Debug, PartialEq)]
enum Mapping {
    /// `bfchar`: one code.
    Char(u16, char),
    /// `bfrange` `<lo> <hi> <dst>`: `lo + k` shows `first + k` (the last byte of `first` never overflows).
    Sequence { lo: u16, hi: u16, first: char },
    /// `bfrange` `<lo> <hi> [<dst> …]`: `lo + k` shows `chars[k]`.
    Array { lo: u16, chars: Vec<char> },
}

/// `pairs` (sorted by code) as the fewest CMap mappings, within the rules of ISO 32000-1 §9.10.3: a range
/// never crosses a change of the code's first byte, and a single-destination range only increments the last
/// byte of its destination, so its characters stay inside one block of 256 code points (which, for a
/// character beyond the BMP, keeps the high surrogate and the first byte of the low one fixed too). A
/// character beyond the BMP is never put in an array range (current Ghostscript misreads it there).
fn mappings(pairs: &[(u16, char)]) -> Vec<Mapping> {
    let mut out = Vec::new();
    // Runs of consecutive codes sharing their first byte.
    for run in pairs.chunk_by(|a, b| a.0.checked_add(1) == Some(b.0) && a.0 >> 8 == b.0 >> 8) {
        // Within a run, stretches of consecutive characters in one 256-block.
        let mut pending: Vec<(u16, char)> = Vec::new();
        for stretch in run.chunk_by(|a, b| {
            u32::from(a.1) + 1 == u32::from(b.1) && u32::from(a.1) >> 8 == u32::from(b.1) >> 8
        }) {
            match (stretch.first(), stretch.last()) {
                (Some(&(lo, first)), Some(&(hi, _))) if stretch.len() >= MIN_SEQUENTIAL => {
                    flush(&mut pending, &mut out);
                    out.push(Mapping::Sequence { lo, hi, first });
                }
                _ => {
                    for &(code, ch) in stretch {
                        if ch > '\u{FFFF}' {
                            // Ghostscript keys an array entry by the length of its destination, so a
                            // surrogate pair there is never found: such a character gets a bfchar.
                            flush(&mut pending, &mut out);
                            out.push(Mapping::Char(code, ch));
                        } else {
                            pending.push((code, ch));
                        }
                    }
                }
            }
        }
        flush(&mut pending, &mut out);
    }
    out
}

/// `pending` (consecutive codes) as one mapping: a `bfchar` for one code, an array range for more.
fn flush(pending: &mut Vec<(u16, char)>, out: &mut Vec<Mapping>) {
    match pending.as_slice() {
        [] => {}
        &[(code, ch)] => out.push(Mapping::Char(code, ch)),
        [(lo, _), ..] => out.push(Mapping::Array { lo: *lo, chars: pending.iter().map(|p| p.1).collect() }),
    }
    pending.clear();
}

/// `<…>`: a character as UTF-16BE hex (a surrogate pair beyond the BMP).
fn push_utf16(out: &mut String, ch: char) {
    let mut units = [0u16; 2];
    out.push('<');
    for unit in ch.encode_utf16(&mut units).iter() {
        let _ = write!(out, "{unit:04X}");
    }
    out.push('>');
}

/// The ToUnicode CMap: code → the character it shows (UTF-16BE), as `bfchar` for lone codes and `bfrange`
/// for runs of consecutive codes (ISO 32000-1 §9.10.3), in blocks of at most 100.
fn to_unicode(plan: &FacePlan<'_>) -> String {
    let mut pairs: Vec<(u16, char)> = Vec::with_capacity(plan.glyphs.len() + 1);
    if let Some((ch, _)) = plan.notdef {
        pairs.push((0, ch));
    }
    pairs.extend(plan.painted().map(|(code, (ch, _))| (code, ch)));
    cmap_text(&mappings(&pairs))
}

fn cmap_text(mappings: &[Mapping]) -> String {
    let mut cmap = String::with_capacity(400 + 8 * mappings.len());
    cmap.push_str(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    let (chars, ranges): (Vec<&Mapping>, Vec<&Mapping>) =
        mappings.iter().partition(|m| matches!(m, Mapping::Char(..)));
    for block in chars.chunks(CMAP_BLOCK) {
        let _ = writeln!(cmap, "{} beginbfchar", block.len());
        for mapping in block {
            if let Mapping::Char(code, ch) = mapping {
                let _ = write!(cmap, "<{code:04X}> ");
                push_utf16(&mut cmap, *ch);
                cmap.push('\n');
            }
        }
        cmap.push_str("endbfchar\n");
    }
    for block in ranges.chunks(CMAP_BLOCK) {
        let _ = writeln!(cmap, "{} beginbfrange", block.len());
        for mapping in block {
            match mapping {
                Mapping::Sequence { lo, hi, first } => {
                    let _ = write!(cmap, "<{lo:04X}> <{hi:04X}> ");
                    push_utf16(&mut cmap, *first);
                }
                Mapping::Array { lo, chars } => {
                    let hi = usize::from(*lo) + chars.len() - 1;
                    let _ = write!(cmap, "<{lo:04X}> <{hi:04X}> [");
                    for &ch in chars {
                        push_utf16(&mut cmap, ch);
                    }
                    cmap.push(']');
                }
                Mapping::Char(..) => {}
            }
            cmap.push('\n');
        }
        cmap.push_str("endbfrange\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap
}

/// The six-letter subset tag (ISO 32000-1 §9.6.4), derived from the glyph set so it is deterministic and
/// different subsets of one face get different tags.
fn subset_tag(plan: &FacePlan<'_>) -> String {
    let mut hash = Sha256::new();
    hash.update(plan.file.face().file_name().as_bytes());
    for gid in plan.order.glyphs() {
        hash.update(gid.to_be_bytes());
    }
    hash.finalize().iter().take(6).map(|b| char::from(b'A' + b % 26)).collect()
}

/// The face's PostScript name (name ID 6), reduced to the characters a PDF name may hold unescaped.
fn postscript_name(file: &FontFile) -> String {
    let from_table = file
        .parsed()
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string());
    let name: String = from_table
        .unwrap_or_else(|| file.face().file_name().to_owned())
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if name.is_empty() {
        "Font".to_owned()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads a ToUnicode CMap the way a viewer does: code → UTF-16 units, checking the spec's constraints.
    fn read_cmap(text: &str) -> BTreeMap<u16, Vec<u16>> {
        let hex = |s: &str| -> Vec<u16> {
            let s = s.trim_start_matches('<').trim_end_matches('>');
            assert_eq!(s.len() % 4, 0, "two-byte units: {s}");
            (0..s.len()).step_by(4).map(|i| u16::from_str_radix(&s[i..i + 4], 16).expect("hex")).collect()
        };
        let code = |s: &str| -> u16 {
            let units = hex(s);
            assert_eq!(units.len(), 1, "a two-byte code: {s}");
            units[0]
        };
        let mut map = BTreeMap::new();
        let mut insert =
            |c: u16, units: Vec<u16>| assert!(map.insert(c, units).is_none(), "code {c:04X} twice");
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            let Some((count, kind)) = line.split_once(' ') else { continue };
            let Ok(count) = count.parse::<usize>() else { continue };
            if !["begincodespacerange", "beginbfchar", "beginbfrange"].contains(&kind) {
                continue;
            }
            assert!(count <= CMAP_BLOCK, "{count} entries in one block");
            let body: Vec<&str> = lines.by_ref().take(count + 1).collect();
            assert_eq!(body.last().copied(), Some(format!("end{}", &kind[5..]).as_str()), "{count} {kind}");
            for entry in &body[..count] {
                match kind {
                    "begincodespacerange" => assert_eq!(*entry, "<0000> <FFFF>"),
                    "beginbfchar" => {
                        let (c, dst) = entry.split_once(' ').expect("two tokens");
                        insert(code(c), hex(dst));
                    }
                    "beginbfrange" => {
                        let mut parts = entry.splitn(3, ' ');
                        let lo = code(parts.next().expect("lo"));
                        let hi = code(parts.next().expect("hi"));
                        let dst = parts.next().expect("dst");
                        assert!(
                            lo <= hi && lo >> 8 == hi >> 8,
                            "range {lo:04X}–{hi:04X} crosses a first byte"
                        );
                        if let Some(list) = dst.strip_prefix('[').and_then(|d| d.strip_suffix(']')) {
                            let items: Vec<&str> =
                                list.split_inclusive('>').map(str::trim).filter(|s| !s.is_empty()).collect();
                            assert_eq!(items.len(), usize::from(hi - lo) + 1, "array length of {entry}");
                            for (c, item) in (lo..=hi).zip(items) {
                                insert(c, hex(item));
                            }
                        } else {
                            let first = hex(dst);
                            let last = *first.last().expect("a unit");
                            assert!(
                                usize::from(last & 0xFF) + usize::from(hi - lo) <= 255,
                                "{entry}: the last byte overflows"
                            );
                            for (k, c) in (lo..=hi).enumerate() {
                                let mut units = first.clone();
                                if let Some(u) = units.last_mut() {
                                    *u += k as u16;
                                }
                                insert(c, units);
                            }
                        }
                    }
                    other => panic!("unexpected block {other}"),
                }
            }
        }
        map
    }

    fn round_trip(pairs: &[(u16, char)]) -> String {
        let text = cmap_text(&mappings(pairs));
        let read = read_cmap(&text);
        let expected: BTreeMap<u16, Vec<u16>> =
            pairs.iter().map(|&(c, ch)| (c, ch.encode_utf16(&mut [0; 2]).to_vec())).collect();
        assert_eq!(read, expected);
        text
    }

    #[test]
    fn consecutive_codes_become_ranges_and_read_back_exactly() {
        // Codes 0…n as the plan numbers them; characters scattered, with a long consecutive stretch.
        let mut pairs: Vec<(u16, char)> = vec![(0, '\u{E000}')];
        let scattered =
            "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能";
        pairs.extend(scattered.chars().zip(1u16..).map(|(ch, code)| (code, ch)));
        let next = pairs.len() as u16;
        pairs.extend(('A'..='Z').zip(next..).map(|(ch, code)| (code, ch)));
        let text = round_trip(&pairs);
        assert!(text.contains(&format!("<{next:04X}> <{:04X}> <0041>", next + 25)), "{text}");
        assert!(text.contains("<0000> <"), "the .notdef code keeps its character");
        assert!(!text.contains("beginbfchar"), "{text}");
    }

    #[test]
    fn ranges_respect_the_first_byte_of_codes_and_the_last_byte_of_characters() {
        // Codes 0x00F0…0x0130: a range must break at 0x0100. Characters U+4EF0…: consecutive across U+4F00,
        // where a single-destination range would overflow its last byte.
        let pairs: Vec<(u16, char)> = (0x00F0u16..0x0130)
            .zip(0x4EF0u32..)
            .map(|(code, cp)| (code, char::from_u32(cp).expect("a character")))
            .collect();
        let text = round_trip(&pairs);
        assert!(text.contains("<00F0> <00FF> <4EF0>"), "{text}");
    }

    #[test]
    fn characters_beyond_the_bmp_are_surrogate_pairs() {
        let pairs: Vec<(u16, char)> = (1u16..)
            .zip(['𠀀', '𠀁', '𠀂', '𠀃', '𠀄', '𠀅', '𠀆', '𠀇', '𠀈', '丁', '𪚥', 'A', '𠃿', '𠄀'])
            .collect();
        let text = round_trip(&pairs);
        assert!(text.contains("<0001> <0009> <D840DC00>"), "{text}");
        // Outside a sequence, a character beyond the BMP is a bfchar, never an array element.
        assert!(text.contains("<000B> <D869DEA5>\n"), "{text}");
        assert!(!text.contains("[<4E01><D869DEA5>"), "{text}");
        assert!(text.contains("<000D> <D840DCFF>\n<000E> <D840DD00>\n"), "{text}");
    }

    #[test]
    fn more_than_a_hundred_mappings_are_split_into_blocks() {
        // Every other code: 300 lone codes → 3 bfchar blocks; then 300 codes in 2-code arrays.
        let mut pairs: Vec<(u16, char)> =
            (0..300u16).map(|i| (2 * i, char::from_u32(0x4E00 + 7 * u32::from(i)).expect("cjk"))).collect();
        pairs.extend((0..300u16).map(|i| {
            (0x1000 + 3 * (i / 2) + i % 2, char::from_u32(0x5E00 + 5 * u32::from(i)).expect("cjk"))
        }));
        let text = round_trip(&pairs);
        assert_eq!(text.matches("100 beginbfchar").count(), 3, "{text}");
        assert_eq!(text.matches("beginbfrange").count(), 2, "{text}");
        assert!(round_trip(&[]).contains("endcmap"));
    }
}
