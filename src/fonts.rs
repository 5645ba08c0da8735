//! The font book: finds the bundled faces, loads each at most once per process, and answers coverage and
//! metric questions with per-character fallback (to Noto Serif SC; for the monospace face, to Noto Sans SC).
//!
//! Where fonts are looked for, first match wins: every `--font-dir`, then each folder in `PAIBAN_FONT_DIR`
//! (a path list), then `fonts/` beside the executable, `../share/paiban/fonts` beside it, and finally the
//! `fonts/` folder of the source tree the binary was built from. So a checkout, `cargo run` and
//! `cargo install --path .` all work without configuration, and the 66 MB of fonts stay out of the binary.
//!
//! A style may draw a face with a family of the user's choice ([`FontBook::choosing`]): it is looked for by
//! name in those folders and then among the system's installed fonts (`installed`).

mod gsub;
mod installed;

use crate::diag::{Diagnostic, Error, Kind};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

/// Environment variable holding extra font folders (a platform path list).
pub const FONT_DIR_ENV: &str = "PAIBAN_FONT_DIR";

/// A typeface role. Each is one bundled file; the GB/T 9704 name says what it stands in for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Face {
    /// 宋体: Noto Serif SC Regular. Body text, and the fallback for every other face.
    Serif,
    /// 小标宋 substitute: Noto Serif SC Bold. Titles.
    SerifBold,
    /// 黑体: Noto Sans SC Regular. Headings.
    Sans,
    /// Bold 黑体: Noto Sans SC Bold.
    SansBold,
    /// 仿宋: FandolFang. Gongwen body.
    Fang,
    /// 楷体: FandolKai. Gongwen level-2 headings, speaker lines, quotes.
    Kai,
    /// Monospace: DejaVu Sans Mono. The Latin of code; it has no Chinese, which falls back to 黑体.
    Mono,
    /// Noto Serif SC when [`Face::Serif`] is drawn by another family (one a style chose, or the
    /// Traditional face of a zh-Hant document): it draws what that family lacks (the simplified characters
    /// of a Traditional text, Extension A). Not a role a style sets, so not in [`Face::ALL`].
    Fallback,
}

impl Face {
    /// Every face, in a fixed order.
    pub const ALL: [Face; 7] =
        [Face::Serif, Face::SerifBold, Face::Sans, Face::SansBold, Face::Fang, Face::Kai, Face::Mono];

    /// How many faces there are: the roles of [`Face::ALL`] and [`Face::Fallback`].
    const COUNT: usize = Face::ALL.len() + 1;

    /// The face's name in style files (`serif_bold`; `fallback`, which no style file sets).
    pub fn key(self) -> &'static str {
        match self {
            Face::Serif => "serif",
            Face::SerifBold => "serif_bold",
            Face::Sans => "sans",
            Face::SansBold => "sans_bold",
            Face::Fang => "fang",
            Face::Kai => "kai",
            Face::Mono => "mono",
            Face::Fallback => "fallback",
        }
    }

    /// What this face is called in each format.
    pub fn names(self) -> &'static FaceNames {
        &FACE_NAMES[self.index()]
    }

    /// The bundled file that provides this face.
    pub fn file_name(self) -> &'static str {
        self.names().file
    }

    /// The family name the file declares (what DOCX and CSS refer to).
    pub fn family(self) -> &'static str {
        self.names().family
    }

    /// Whether the face is a bold weight.
    pub fn is_bold(self) -> bool {
        matches!(self, Face::SerifBold | Face::SansBold)
    }

    /// Whether text in this face can be set bold: Song and 黑体 can (a bold file, or stroking as Word and
    /// xeCJK do), FandolFang and FandolKai cannot — 仿宋 and 楷体 have no bold in Chinese typography.
    pub fn has_bold(self) -> bool {
        !matches!(self, Face::Fang | Face::Kai)
    }

    /// The face that draws what this one lacks: Noto Sans SC (黑体) for the monospace face, since a sans
    /// mono reads as a sans and code is set beside 黑体; the serif, the fullest face, for every other; for
    /// the serif, Noto Serif SC ([`Face::Fallback`], asked only when the serif is another family).
    pub fn fallback(self) -> Option<Face> {
        match self {
            Face::Serif => Some(Face::Fallback),
            Face::Fallback => None,
            Face::Mono => Some(Face::Sans),
            _ => Some(Face::Serif),
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// The names of one face in every format: the one table the PDF, DOCX and EPUB backends read them from.
#[derive(Debug)]
pub struct FaceNames {
    /// The bundled file.
    pub file: &'static str,
    /// The family the file declares.
    pub family: &'static str,
    /// The resource name in PDF content streams; fixed names keep the output deterministic.
    pub pdf_resource: &'static str,
    /// The office face a DOCX names, in Windows' standard set (宋体, 黑体, 仿宋, 楷体).
    pub office: OfficeFace<'static>,
    /// The office face in the GB2312 set of government templates (仿宋_GB2312, 方正小标宋简体).
    pub office_gb2312: OfficeFace<'static>,
    /// The CSS `font-family` list: its own family first (a Latin font first would set “” and ‘’ half
    /// width, TYPOGRAPHY §1.8), common system equivalents, and Noto Serif SC before the generic family,
    /// since the EPUB's embedded Noto Serif SC subset holds what a face lacks, as `FontBook::resolve` does
    /// for the PDF.
    pub css: &'static str,
}

/// A face as an office suite knows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficeFace<'a> {
    /// The face name styles write.
    pub name: &'a str,
    /// Whether the role is that face made bold (`w:b`); 方正小标宋简体 is a heavy face of its own.
    pub bold: bool,
    /// Word's font family class (`w:family`).
    pub class: &'static str,
}

const fn office(name: &'static str, bold: bool, class: &'static str) -> OfficeFace<'static> {
    OfficeFace { name, bold, class }
}

/// The CSS lists of Noto Serif SC and Noto Sans SC, shared by their regular and bold faces.
const SERIF_CSS: &str =
    "\"Noto Serif SC\", \"Noto Serif CJK SC\", \"Source Han Serif SC\", \"Songti SC\", SimSun, serif";
const SANS_CSS: &str = "\"Noto Sans SC\", \"Noto Sans CJK SC\", \"Source Han Sans SC\", \"PingFang SC\", \
                        \"Microsoft YaHei\", \"Noto Serif SC\", sans-serif";

/// The names of each face, in [`Face::ALL`] order, then [`Face::Fallback`]'s.
const FACE_NAMES: [FaceNames; Face::COUNT] = [
    FaceNames {
        file: "NotoSerifSC-Regular.ttf",
        family: "Noto Serif SC",
        pdf_resource: "SERIFR",
        office: office("宋体", false, "roman"),
        office_gb2312: office("宋体", false, "roman"),
        css: SERIF_CSS,
    },
    FaceNames {
        file: "NotoSerifSC-Bold.ttf",
        family: "Noto Serif SC",
        pdf_resource: "SERIFB",
        office: office("宋体", true, "roman"),
        office_gb2312: office("方正小标宋简体", false, "roman"),
        css: SERIF_CSS,
    },
    FaceNames {
        file: "NotoSansSC-Regular.ttf",
        family: "Noto Sans SC",
        pdf_resource: "SANSRG",
        office: office("黑体", false, "swiss"),
        office_gb2312: office("黑体", false, "swiss"),
        css: SANS_CSS,
    },
    FaceNames {
        file: "NotoSansSC-Bold.ttf",
        family: "Noto Sans SC",
        pdf_resource: "SANSBD",
        office: office("黑体", true, "swiss"),
        office_gb2312: office("黑体", true, "swiss"),
        css: SANS_CSS,
    },
    FaceNames {
        file: "FandolFang-Regular.otf",
        family: "FandolFang",
        pdf_resource: "FANGSO",
        office: office("仿宋", false, "roman"),
        office_gb2312: office("仿宋_GB2312", false, "roman"),
        css: "FandolFang, FangSong, STFangsong, \"Noto Serif SC\", serif",
    },
    FaceNames {
        file: "FandolKai-Regular.otf",
        family: "FandolKai",
        pdf_resource: "KAITIR",
        office: office("楷体", false, "roman"),
        office_gb2312: office("楷体_GB2312", false, "roman"),
        css: "FandolKai, KaiTi, STKaiti, \"Noto Serif SC\", serif",
    },
    // Code: the Latin monospace comes first on purpose in CSS; its Chinese falls back to 黑体, as in the
    // PDF; the DOCX names 黑体 for its Chinese and `MONO_LATIN` for its Latin.
    FaceNames {
        file: "DejaVuSansMono.ttf",
        family: "DejaVu Sans Mono",
        pdf_resource: "MONORG",
        office: office("黑体", false, "swiss"),
        office_gb2312: office("黑体", false, "swiss"),
        css:
            "\"DejaVu Sans Mono\", Menlo, Consolas, \"Noto Sans SC\", \"Noto Sans CJK SC\", \"PingFang SC\", \
              \"Microsoft YaHei\", \"Noto Serif SC\", monospace",
    },
    FaceNames {
        file: "NotoSerifSC-Regular.ttf",
        family: "Noto Serif SC",
        pdf_resource: "SERIFF",
        office: office("宋体", false, "roman"),
        office_gb2312: office("宋体", false, "roman"),
        css: SERIF_CSS,
    },
];

/// The bundled Traditional Chinese family that draws `face` in a zh-Hant document: Noto Serif TC and Noto
/// Sans TC (Taiwan's glyph forms, punctuation centred in its square). There is no free Traditional 仿宋 or
/// 楷體 to bundle, so those roles are set in Noto Serif TC too (a style file may name an installed one, such
/// as 標楷體 or AR PL UKai TW). `None` for the faces with no Chinese of their own.
pub fn traditional_family(face: Face) -> Option<&'static str> {
    match face {
        Face::Serif | Face::SerifBold | Face::Fang | Face::Kai => Some("Noto Serif TC"),
        Face::Sans | Face::SansBold => Some("Noto Sans TC"),
        Face::Mono | Face::Fallback => None,
    }
}

/// What a role asks of a face that its file cannot give, so the renderer draws it instead: xeCJK's
/// AutoFakeBold and AutoFakeSlant. Advances do not change, so layout measures the face as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Synthetic {
    /// Embolden by stroking the outlines as well as filling them.
    pub bold: bool,
    /// Slant (oblique). Only ever asked for Latin text: Chinese characters are not slanted (clreq).
    pub slant: bool,
}

/// What a face has for one character it covers: the glyph and its advance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GlyphInfo {
    /// Glyph id (never 0, `.notdef`: a character mapped to it is not covered).
    pub id: u16,
    /// Horizontal advance in design units, `None` when the font's metrics do not reach the glyph.
    pub advance: Option<u16>,
}

/// How a [`GlyphInfo`] lookup is remembered in [`FontFile`]'s table: 0 is "not looked up yet", so every
/// remembered answer has `KNOWN` set; `HAS_ADVANCE` marks an advance (bits 16–31) beside the glyph id (bits
/// 0–15); a known entry with glyph id 0 is a character the face does not cover.
const KNOWN: u64 = 1 << 32;
const HAS_ADVANCE: u64 = 1 << 33;

/// One loaded font file: its bytes, a parsed view for metrics, and the answers of glyph lookups so far.
pub struct FontFile {
    face: Face,
    path: PathBuf,
    /// The face's index in a collection (`.ttc`); 0 for a single font.
    index: u32,
    data: &'static [u8],
    parsed: ttf_parser::Face<'static>,
    /// Per Basic Multilingual Plane character, the packed [`GlyphInfo`] (see [`KNOWN`]), filled on first
    /// use. A cmap lookup is a binary search of hundreds of instructions and layout asks for every character
    /// of every document several times; the file lives for the whole process and is shared by every worker,
    /// so it is remembered here, in atomics: two workers racing on one entry store the same value.
    bmp: Box<[AtomicU64]>,
    /// The answers of [`FontFile::ink_x`] so far, by glyph id: outlining a CFF glyph to find its ink costs
    /// far more than a lookup, and layout asks it of every punctuation mark.
    ink: Mutex<BTreeMap<u16, Option<(i16, i16)>>>,
}

impl std::fmt::Debug for FontFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut debug = f.debug_struct("FontFile");
        debug.field("face", &self.face).field("path", &self.path).field("index", &self.index).finish()
    }
}

impl FontFile {
    /// The role this file was loaded for.
    pub fn face(&self) -> Face {
        self.face
    }

    /// Where it was loaded from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The raw font file (a whole collection for a face of a `.ttc`: see [`FontFile::index`]).
    pub fn data(&self) -> &'static [u8] {
        self.data
    }

    /// The face's index in [`FontFile::data`]: 0 unless the file is a collection.
    pub fn index(&self) -> u32 {
        self.index
    }

    /// Whether the face has CFF outlines (an `OTTO` font), which PDF embeds differently.
    pub fn is_cff(&self) -> bool {
        installed::sfnt_tag(self.data, self.index) == Some(*b"OTTO")
    }

    /// The parsed font, for metrics and glyph lookups.
    pub fn parsed(&self) -> &ttf_parser::Face<'static> {
        &self.parsed
    }

    /// Design units per em.
    pub fn units_per_em(&self) -> f32 {
        f32::from(self.parsed.units_per_em())
    }

    /// Whether the font has a glyph for `ch`.
    pub fn covers(&self, ch: char) -> bool {
        self.glyph(ch).is_some()
    }

    /// Horizontal advance of `ch` in ems, if the font covers it.
    pub fn advance_em(&self, ch: char) -> Option<f32> {
        self.glyph(ch).and_then(|info| self.em(info))
    }

    /// The advance of a glyph of this face in ems, if the font's metrics give one.
    pub fn em(&self, info: GlyphInfo) -> Option<f32> {
        info.advance.map(|advance| f32::from(advance) / self.units_per_em())
    }

    /// The glyph for `ch` and its advance, `None` if the font does not cover it. Answered from the table of
    /// earlier lookups for the Basic Multilingual Plane (where nearly all text is), else from the font.
    pub fn glyph(&self, ch: char) -> Option<GlyphInfo> {
        let Some(slot) = self.bmp.get(ch as usize) else { return self.look_up(ch) };
        let packed = slot.load(Ordering::Relaxed);
        if packed & KNOWN != 0 {
            return unpack(packed);
        }
        let info = self.look_up(ch);
        slot.store(pack(info), Ordering::Relaxed);
        info
    }

    /// Where glyph `gid` has ink across its em, as (left, right) in ems from the glyph's origin; `None`
    /// for a glyph with no outline (a space). Remembered per glyph.
    pub fn ink_x(&self, gid: u16) -> Option<(f32, f32)> {
        let mut known = self.ink.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        let extent = *known.entry(gid).or_insert_with(|| {
            let rect = self.parsed.glyph_bounding_box(ttf_parser::GlyphId(gid))?;
            Some((rect.x_min, rect.x_max))
        });
        let upem = self.units_per_em();
        extent.map(|(left, right)| (f32::from(left) / upem, f32::from(right) / upem))
    }

    fn look_up(&self, ch: char) -> Option<GlyphInfo> {
        let glyph = self.parsed.glyph_index(ch).filter(|g| g.0 != 0)?;
        Some(GlyphInfo { id: glyph.0, advance: self.parsed.glyph_hor_advance(glyph) })
    }
}

fn pack(info: Option<GlyphInfo>) -> u64 {
    match info {
        None => KNOWN,
        Some(GlyphInfo { id, advance: None }) => KNOWN | u64::from(id),
        Some(GlyphInfo { id, advance: Some(advance) }) => {
            KNOWN | HAS_ADVANCE | u64::from(advance) << 16 | u64::from(id)
        }
    }
}

fn unpack(packed: u64) -> Option<GlyphInfo> {
    // Truncation intended: the fields were packed from u16s.
    let id = (packed & 0xFFFF) as u16;
    let advance = (packed & HAS_ADVANCE != 0).then_some(((packed >> 16) & 0xFFFF) as u16);
    (id != 0).then_some(GlyphInfo { id, advance })
}

/// Font files already loaded in this process, by canonical path. A file is mapped and parsed once and lives
/// until the process ends (its map is deliberately leaked so the parsed view can borrow it for `'static`
/// and be shared by every worker without copying).
/// A file loaded for two faces (a family the user chose for both 黑体 and bold 黑体) is loaded once per
/// face, since a [`FontFile`] knows its role.
type LoadedKey = (PathBuf, u32, Face);

fn loaded_files() -> &'static Mutex<BTreeMap<LoadedKey, Arc<FontFile>>> {
    static LOADED: OnceLock<Mutex<BTreeMap<LoadedKey, Arc<FontFile>>>> = OnceLock::new();
    LOADED.get_or_init(|| Mutex::new(BTreeMap::new()))
}

fn load_file(face: Face, path: &Path, index: u32) -> Result<Arc<FontFile>, Error> {
    let key = (path.canonicalize().unwrap_or_else(|_| path.to_path_buf()), index, face);
    let mut loaded = loaded_files().lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(file) = loaded.get(&key) {
        return Ok(Arc::clone(file));
    }
    let data = map_font_file(path)?;
    let parsed = ttf_parser::Face::parse(data, index)
        .map_err(|e| Error::Font(format!("{}: not a usable font ({e})", path.display())))?;
    let bmp = std::iter::repeat_with(|| AtomicU64::new(0)).take(0x1_0000).collect();
    let ink = Mutex::new(BTreeMap::new());
    let file = Arc::new(FontFile { face, path: path.to_path_buf(), index, data, parsed, bmp, ink });
    loaded.insert(key, Arc::clone(&file));
    Ok(file)
}

/// The bytes of the font file at `path`, mapped into memory rather than read: a process touches only the
/// pages of the tables and glyphs it uses (a short document needs a few hundred kB of a 15 MB face), and the
/// kernel shares those pages among all processes that map the file, such as the shards of a batch on one
/// machine. Mapped for the rest of the process, since the parsed view borrows it for `'static`.
#[allow(unsafe_code)]
fn map_font_file(path: &Path) -> Result<&'static [u8], Error> {
    let file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    // SAFETY: the map is read-only and never unmapped. memmap2 cannot promise that no other process
    // rewrites the file meanwhile; font files are installed assets that nothing changes during a run (a
    // file read whole while it was being replaced would be as wrong), and a font truncated under a run
    // ends the process with SIGBUS rather than letting it write a wrong output.
    let map = unsafe { memmap2::Mmap::map(&file) }.map_err(|e| Error::io(path, e))?;
    let map: &'static memmap2::Mmap = Box::leak(Box::new(map));
    Ok(map)
}

/// The faces available to one run: where to look, and each face loaded lazily on first use.
#[derive(Debug)]
pub struct FontBook {
    dirs: Vec<PathBuf>,
    slots: [OnceLock<Result<Arc<FontFile>, String>>; Face::COUNT],
    /// The faces drawn by a family the style chose ([`FontBook::choosing`]) rather than the bundled one.
    chosen: [bool; Face::COUNT],
}

impl FontBook {
    /// A book that searches `extra_dirs` first, then `PAIBAN_FONT_DIR`, then the default locations.
    pub fn new(extra_dirs: &[PathBuf]) -> FontBook {
        let mut dirs: Vec<PathBuf> = extra_dirs.to_vec();
        if let Some(list) = std::env::var_os(FONT_DIR_ENV) {
            dirs.extend(std::env::split_paths(&list).filter(|p| !p.as_os_str().is_empty()));
        }
        if let Some(exe_dir) =
            std::env::current_exe().ok().and_then(|exe| exe.parent().map(Path::to_path_buf))
        {
            dirs.push(exe_dir.join("fonts"));
            dirs.push(exe_dir.join("../share/paiban/fonts"));
        }
        dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts"));
        FontBook { dirs, slots: Default::default(), chosen: [false; Face::COUNT] }
    }

    /// A book like [`FontBook::new`]'s in which each face of `chosen` is drawn by the family named with it,
    /// looked up by name in the same folders and then among the system's installed fonts (for a bold face,
    /// its bold weight when the family has one). A family not found, or found in a file that cannot be
    /// used, leaves its face to the bundled font; each such face gets one warning in the returned list.
    pub fn choosing<'f>(
        extra_dirs: &[PathBuf],
        chosen: impl IntoIterator<Item = (Face, &'f str)>,
    ) -> (FontBook, Vec<Diagnostic>) {
        let mut book = FontBook::new(extra_dirs);
        let mut warnings = Vec::new();
        for (face, family) in chosen {
            let weight = if face.is_bold() { 700 } else { 400 };
            let loaded = match installed::find(family, weight, &book.dirs) {
                Some(found) => load_file(face, &found.path, found.index).map_err(|e| e.to_string()),
                None => Err(format!(
                    "font family \"{family}\" ({}) is not installed and not in a font folder",
                    face.key()
                )),
            };
            match loaded {
                Ok(file) => {
                    // A fresh book: the slot is empty.
                    let _ = book.slots[face.index()].set(Ok(file));
                    book.chosen[face.index()] = true;
                }
                Err(why) => warnings.push(Diagnostic::warning(
                    Kind::Font,
                    format!(
                        "{why}; the bundled {} draws it in the PDF and EPUB (install it, or pass --font-dir)",
                        face.file_name()
                    ),
                )),
            }
        }
        (book, warnings)
    }

    /// Whether `face` is drawn by a family the style chose, found by [`FontBook::choosing`].
    pub fn draws_chosen(&self, face: Face) -> bool {
        self.chosen[face.index()]
    }

    /// The folders searched, in order.
    pub fn dirs(&self) -> &[PathBuf] {
        &self.dirs
    }

    /// The file for `face`, loading it on first use.
    pub fn get(&self, face: Face) -> Result<&FontFile, Error> {
        let slot =
            self.slots[face.index()].get_or_init(|| self.find_and_load(face).map_err(|e| e.to_string()));
        match slot {
            Ok(file) => Ok(file),
            Err(message) => Err(Error::Font(message.clone())),
        }
    }

    /// The face that will actually draw `ch` when `wanted` is asked for: `wanted` if it covers the
    /// character, else the first of its [`Face::fallback`] chain that does (Mono → Sans → Serif; any other
    /// face → Serif; a serif of another family → Noto Serif SC), else `None` (no face can show it).
    pub fn resolve(&self, wanted: Face, ch: char) -> Result<Option<&FontFile>, Error> {
        Ok(self.resolve_glyph(wanted, ch)?.map(|(file, _)| file))
    }

    /// [`FontBook::resolve`], with the glyph the resolved face has for `ch`.
    pub fn resolve_glyph(&self, wanted: Face, ch: char) -> Result<Option<(&FontFile, GlyphInfo)>, Error> {
        let mut face = Some(wanted);
        while let Some(current) = face {
            // The bundled serif is its own fallback: no second copy of it in the outputs.
            if current == Face::Fallback && !self.draws_chosen(Face::Serif) {
                break;
            }
            let file = self.get(current)?;
            if let Some(info) = file.glyph(ch) {
                return Ok(Some((file, info)));
            }
            face = current.fallback();
        }
        Ok(None)
    }

    /// The face and glyph that draw `ch` set as Latin punctuation ([`crate::zh::chars::is_latin_quote`]):
    /// the proportional form ([`FontFile::proportional`]) of the first face of `wanted`'s fallback chain
    /// that has one, so a face without (FandolKai) borrows Noto Serif SC's as it borrows any glyph it
    /// lacks; `None` when no face of the chain has one.
    pub fn resolve_proportional(
        &self,
        wanted: Face,
        ch: char,
    ) -> Result<Option<(&FontFile, GlyphInfo)>, Error> {
        let mut face = Some(wanted);
        while let Some(current) = face {
            if current == Face::Fallback && !self.draws_chosen(Face::Serif) {
                break;
            }
            let file = self.get(current)?;
            if let Some(form) = file.glyph(ch).and_then(|info| file.proportional(info.id)) {
                return Ok(Some((file, form)));
            }
            face = current.fallback();
        }
        Ok(None)
    }

    /// Where `face` comes from, without loading it: the file and the face's index in it; `None` when no
    /// font folder has the bundled file.
    pub fn source(&self, face: Face) -> Option<(PathBuf, u32)> {
        if let Some(Ok(file)) = self.slots[face.index()].get() {
            return Some((file.path.clone(), file.index));
        }
        self.dirs
            .iter()
            .map(|dir| dir.join(face.file_name()))
            .find(|path| path.is_file())
            .map(|path| (path, 0))
    }

    fn find_and_load(&self, face: Face) -> Result<Arc<FontFile>, Error> {
        let name = face.file_name();
        match self.source(face) {
            Some((path, index)) => load_file(face, &path, index),
            None => {
                let searched: Vec<String> = self.dirs.iter().map(|d| d.display().to_string()).collect();
                Err(Error::Font(format!(
                    "{name} not found (looked in {}); pass --font-dir DIR or set {FONT_DIR_ENV}",
                    searched.join(", ")
                )))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_faces_cover_chinese_and_fall_back_to_serif() {
        let book = FontBook::new(&[]);
        let fang = book.get(Face::Fang).expect("FandolFang is bundled");
        assert!(fang.covers('公'));
        assert!((fang.advance_em('公').unwrap_or_default() - 1.0).abs() < 0.01);
        // U+4DB5 is CJK Extension A, outside FandolFang's coverage but inside Noto Serif SC's.
        let file = book.resolve(Face::Fang, '\u{4DB5}').expect("fonts load").expect("some face covers it");
        assert_eq!(file.face(), Face::Serif);
    }

    #[test]
    fn mono_falls_back_to_sans_and_sans_to_serif() {
        let book = FontBook::new(&[]);
        let mono = book.get(Face::Mono).expect("DejaVu Sans Mono is bundled");
        let advances: Vec<Option<f32>> = "iW0 {}_".chars().map(|c| mono.advance_em(c)).collect();
        assert!(advances.iter().all(|&a| a == advances[0] && a.is_some()), "{advances:?}");
        let face = |ch| book.resolve(Face::Mono, ch).expect("fonts load").map(FontFile::face);
        assert_eq!(face('x'), Some(Face::Mono));
        assert_eq!(face('中'), Some(Face::Sans));
        assert_eq!(face('，'), Some(Face::Sans));
        assert_eq!(Face::Sans.fallback(), Some(Face::Serif));
        assert_eq!(Face::Serif.fallback(), Some(Face::Fallback));
        // The bundled serif is the end of the chain: it is not asked of itself.
        assert!(book.resolve(Face::Serif, '\u{E000}').expect("fonts load").is_none());
    }

    #[test]
    fn remembered_glyphs_are_the_fonts_own_in_and_beyond_the_bmp_and_for_missing_characters() {
        let book = FontBook::new(&[]);
        // Han, Latin, a full-width mark, a symbol, a Private Use character no face has, and beyond the BMP
        // (U+1F101 `0,` of the Noto faces, U+1D670 monospace 𝙰 of DejaVu, U+20BB7 𠮷 of Extension B).
        let chars = ['公', 'A', '，', '€', '\u{E000}', '\u{1F101}', '\u{1D670}', '\u{20BB7}'];
        let mut beyond_bmp_covered = false;
        for face in Face::ALL {
            let file = book.get(face).expect("bundled");
            let parsed = file.parsed();
            for ch in chars {
                let direct = parsed.glyph_index(ch).filter(|g| g.0 != 0);
                let expected = direct.map(|g| GlyphInfo { id: g.0, advance: parsed.glyph_hor_advance(g) });
                // Twice: the first answer fills the table, the second comes from it.
                assert_eq!(file.glyph(ch), expected, "{face:?} {ch:?}");
                assert_eq!(file.glyph(ch), expected, "{face:?} {ch:?} remembered");
                assert_eq!(file.covers(ch), expected.is_some());
                let em = expected.and_then(|g| g.advance).map(|a| f32::from(a) / file.units_per_em());
                assert_eq!(file.advance_em(ch), em);
                beyond_bmp_covered |= u32::from(ch) > 0xFFFF && expected.is_some();
            }
            assert_eq!(file.glyph('\u{E000}'), None, "{face:?} has no Private Use glyph");
        }
        assert!(beyond_bmp_covered, "some face draws a character beyond the BMP");
        let (file, info) = book.resolve_glyph(Face::Mono, '公').expect("fonts load").expect("covered");
        assert_eq!(file.face(), Face::Sans);
        assert_eq!(Some(info), file.glyph('公'));
        assert!(book.resolve_glyph(Face::Fang, '\u{E000}').expect("fonts load").is_none());
    }

    #[test]
    fn a_traditional_serif_centres_its_punctuation_and_leaves_simplified_characters_to_noto_serif_sc() {
        let family = traditional_family(Face::Serif).expect("the serif has a Traditional family");
        let (book, warnings) = FontBook::choosing(&[], [(Face::Serif, family)]);
        assert!(warnings.is_empty(), "{warnings:?}");
        let serif = book.get(Face::Serif).expect("Noto Serif TC is bundled");
        assert!(serif.path().ends_with("NotoSerifTC-Regular.ttf"), "{:?}", serif.path());
        // Taiwan's comma sits in the middle of its square; the mainland's in the lower left.
        let centre_x = |file: &FontFile| {
            let glyph = file.parsed().glyph_index('，').expect("has a comma");
            let bbox = file.parsed().glyph_bounding_box(glyph).expect("drawn");
            (f32::from(bbox.x_min) + f32::from(bbox.x_max)) / 2.0 / file.units_per_em()
        };
        assert!((centre_x(serif) - 0.5).abs() < 0.05, "{}", centre_x(serif));
        let simplified = FontBook::new(&[]);
        assert!(centre_x(simplified.get(Face::Serif).expect("bundled")) < 0.3);
        let face = |ch| book.resolve(Face::Serif, ch).expect("fonts load").map(FontFile::face);
        assert_eq!(face('們'), Some(Face::Serif));
        assert_eq!(face('们'), Some(Face::Fallback));
    }

    #[test]
    fn a_face_is_loaded_once_per_process() {
        let a = FontBook::new(&[]);
        let b = FontBook::new(&[]);
        let pa = a.get(Face::Kai).expect("bundled").data().as_ptr();
        let pb = b.get(Face::Kai).expect("bundled").data().as_ptr();
        assert_eq!(pa, pb);
    }

    #[test]
    fn quotes_have_a_proportional_form_in_noto_and_borrow_it_in_fandol() {
        let book = FontBook::new(&[]);
        let serif = book.get(Face::Serif).expect("serif");
        let curly = serif.glyph('’').expect("’");
        let form = serif.proportional(curly.id).expect("Noto Serif SC has a pwid form of ’");
        let width = serif.em(form).expect("advance");
        assert!(width > 0.15 && width < 0.4, "{width}");
        let kai = book.get(Face::Kai).expect("kai");
        assert!(kai.proportional(kai.glyph('’').expect("’").id).is_none(), "FandolKai has no pwid");
        let (file, borrowed) = book.resolve_proportional(Face::Kai, '’').expect("fonts").expect("a form");
        assert_eq!((file.face(), borrowed), (Face::Serif, form));
        assert!(serif.proportional(serif.glyph('汉').expect("汉").id).is_none());
    }
}
