//! The faces of a PDF: each face the layout placed glyphs in, cut to exactly those glyphs
//! ([`crate::subset`]) and embedded as a Type 0 font with Identity-H encoding and a ToUnicode CMap, so the
//! text layer gives back the characters.
//!
//! printpdf can embed fonts itself, but its subsetting reads every glyph record of a 15 MB face for each
//! document (two thirds of the render time); here the glyph ids are renumbered up front, so the pages can be
//! painted while the faces are being cut.

use crate::diag::Error;
use crate::fonts::{Face, FontBook, FontFile};
use crate::layout::Layout;
use crate::subset::{self, Subset};
use lopdf::{Dictionary, Object, ObjectId, Stream};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// The `/DW` of every font: a full em, the advance of nearly every CJK glyph.
const DEFAULT_WIDTH: f32 = 1000.0;

/// What one face of the document needs: its glyphs, and what each shows.
struct FacePlan<'a> {
    file: &'a FontFile,
    /// Original glyph id → (character it shows, advance in thousandths of an em as `/W` gives it).
    glyphs: BTreeMap<u16, (char, f32)>,
    /// A character no face covers, drawn as `.notdef` (already reported by layout) — kept in the text layer.
    notdef: Option<(char, f32)>,
    /// Original glyph id → code in the content stream (the id in the subset: 1…n in original order).
    codes: BTreeMap<u16, u16>,
}

/// The faces of one document, renumbered; the subsets themselves are made by [`PdfFonts::embed`].
pub(super) struct PdfFonts<'a> {
    faces: BTreeMap<Face, FacePlan<'a>>,
}

impl<'a> PdfFonts<'a> {
    /// Collects the glyphs of every face placed in `layout`. `width` gives the advance a viewer applies
    /// before TJ adjustments, so `/W` and the adjustments are computed from the same numbers.
    pub fn plan(layout: &Layout, fonts: &'a FontBook, width: impl Fn(f32) -> f32) -> Result<Self, Error> {
        let mut faces: BTreeMap<Face, FacePlan<'a>> = BTreeMap::new();
        for glyph in layout.pages.iter().flat_map(|p| &p.lines).flat_map(|l| &l.line.glyphs) {
            let plan = match faces.entry(glyph.face) {
                std::collections::btree_map::Entry::Occupied(entry) => entry.into_mut(),
                std::collections::btree_map::Entry::Vacant(entry) => entry.insert(FacePlan {
                    file: fonts.get(glyph.face)?,
                    glyphs: BTreeMap::new(),
                    notdef: None,
                    codes: BTreeMap::new(),
                }),
            };
            let entry = (glyph.ch, width(glyph.width_em));
            match glyph.gid.filter(|&g| g != 0) {
                Some(gid) => {
                    plan.glyphs.entry(gid).or_insert(entry);
                }
                None => {
                    plan.notdef.get_or_insert(entry);
                }
            }
        }
        for plan in faces.values_mut() {
            plan.codes = plan.glyphs.keys().zip(1u16..).map(|(&gid, code)| (gid, code)).collect();
        }
        Ok(PdfFonts { faces })
    }

    /// The content-stream code of glyph `gid` of `face` (`.notdef` when it has none).
    pub fn code(&self, face: Face, gid: Option<u16>) -> u16 {
        gid.and_then(|g| self.faces.get(&face)?.codes.get(&g).copied()).unwrap_or(0)
    }

    /// Cuts every face and deflates its font program, in parallel (a few hundred microseconds to cut a
    /// TrueType face, a few milliseconds for CFF; deflating is the larger part, so it happens here, beside
    /// the painting, rather than with the other streams at the end).
    pub fn subset(&self) -> Result<Vec<(Face, FontProgram)>, Error> {
        use rayon::prelude::*;
        self.faces
            .par_iter()
            .map(|(&face, plan)| {
                let ids: BTreeSet<u16> = plan.glyphs.keys().copied().collect();
                let subset = subset::for_pdf(plan.file, &ids)
                    .map_err(|e| Error::Font(format!("{}: {e}", plan.file.path().display())))?;
                // The pages were painted with the planned codes; the subset must agree.
                if plan.codes.iter().any(|(&gid, &code)| subset.new_id(gid) != Some(code)) {
                    return Err(Error::Font(format!(
                        "{}: the subsetter renumbered glyphs unexpectedly",
                        plan.file.path().display()
                    )));
                }
                Ok((face, FontProgram::new(&subset)?))
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
/// whole TrueType font; deflated.
pub(super) struct FontProgram {
    cff: bool,
    /// Uncompressed length (`/Length1` of a TrueType program).
    length: usize,
    deflated: Vec<u8>,
}

impl FontProgram {
    fn new(subset: &Subset) -> Result<Self, Error> {
        let cff = subset.is_cff();
        let bytes = if cff {
            subset.table(b"CFF ").ok_or_else(|| Error::Font("a CFF subset without its table".into()))?
        } else {
            subset.data.as_slice()
        };
        let deflated = super::deflate(bytes).ok_or_else(|| Error::Font("cannot compress a font".into()))?;
        Ok(FontProgram { cff, length: bytes.len(), deflated })
    }
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
        cid_font.set("CIDToGIDMap", Object::Name(b"Identity".to_vec()));
    }
    let cid_font_id = lo.add_object(cid_font);
    let to_unicode_id = lo.add_object(Stream::new(Dictionary::new(), to_unicode(plan).into_bytes()));

    lo.add_object(Dictionary::from_iter(vec![
        ("Type", Object::Name(b"Font".to_vec())),
        ("Subtype", Object::Name(b"Type0".to_vec())),
        ("BaseFont", Object::Name(base_font.into_bytes())),
        ("Encoding", Object::Name(b"Identity-H".to_vec())),
        ("DescendantFonts", Object::Array(vec![Object::Reference(cid_font_id)])),
        ("ToUnicode", Object::Reference(to_unicode_id)),
    ]))
}

/// `/W`: the advance of every code whose advance is not the default 1000 (a CJK face's ideographs all are),
/// as runs of consecutive codes: `[c [w w …] c′ [w …]]`.
fn widths(plan: &FacePlan<'_>) -> Object {
    let number = |w: f32| if w.fract() == 0.0 { Object::Integer(w as i64) } else { Object::Real(w) };
    let codes = plan.notdef.map(|(_, w)| (0u16, w)).into_iter();
    let codes = codes.chain(plan.glyphs.values().zip(1u16..).map(|(&(_, w), code)| (code, w)));
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

/// The ToUnicode CMap: code → the character it shows (UTF-16BE), in blocks of at most 100 (PDF's limit).
fn to_unicode(plan: &FacePlan<'_>) -> String {
    let mut pairs: Vec<(u16, char)> = Vec::with_capacity(plan.glyphs.len() + 1);
    if let Some((ch, _)) = plan.notdef {
        pairs.push((0, ch));
    }
    pairs.extend(plan.glyphs.values().zip(1u16..).map(|(&(ch, _), code)| (code, ch)));
    let mut cmap = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n\
         /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n\
         /CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n\
         1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for block in pairs.chunks(100) {
        let _ = writeln!(cmap, "{} beginbfchar", block.len());
        for &(code, ch) in block {
            let mut units = [0u16; 2];
            let hex: String = ch.encode_utf16(&mut units).iter().map(|u| format!("{u:04X}")).collect();
            let _ = writeln!(cmap, "<{code:04X}> <{hex}>");
        }
        cmap.push_str("endbfchar\n");
    }
    cmap.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    cmap
}

/// The six-letter subset tag (ISO 32000-1 §9.6.4), derived from the glyph set so it is deterministic and
/// different subsets of one face get different tags.
fn subset_tag(plan: &FacePlan<'_>) -> String {
    let mut hash = Sha256::new();
    hash.update(plan.file.face().file_name().as_bytes());
    for gid in plan.glyphs.keys() {
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
