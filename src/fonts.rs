//! The font book: finds the bundled faces, loads each at most once per process, and answers coverage and
//! metric questions with per-character fallback (to Noto Serif SC; for the monospace face, to Noto Sans SC).
//!
//! Where fonts are looked for, first match wins: every `--font-dir`, then each folder in `PAIBAN_FONT_DIR`
//! (a path list), then `fonts/` beside the executable, `../share/paiban/fonts` beside it, and finally the
//! `fonts/` folder of the source tree the binary was built from. So a checkout, `cargo run` and
//! `cargo install --path .` all work without configuration, and the 66 MB of fonts stay out of the binary.

use crate::diag::Error;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// Environment variable holding extra font folders (a platform path list).
pub const FONT_DIR_ENV: &str = "PAIBAN_FONT_DIR";

/// A typeface role. Each is one bundled file; the GB/T 9704 name says what it stands in for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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
}

impl Face {
    /// Every face, in a fixed order.
    pub const ALL: [Face; 7] =
        [Face::Serif, Face::SerifBold, Face::Sans, Face::SansBold, Face::Fang, Face::Kai, Face::Mono];

    /// The bundled file that provides this face.
    pub fn file_name(self) -> &'static str {
        match self {
            Face::Serif => "NotoSerifSC-Regular.ttf",
            Face::SerifBold => "NotoSerifSC-Bold.ttf",
            Face::Sans => "NotoSansSC-Regular.ttf",
            Face::SansBold => "NotoSansSC-Bold.ttf",
            Face::Fang => "FandolFang-Regular.otf",
            Face::Kai => "FandolKai-Regular.otf",
            Face::Mono => "DejaVuSansMono.ttf",
        }
    }

    /// The family name the file declares (what DOCX and CSS refer to).
    pub fn family(self) -> &'static str {
        match self {
            Face::Serif | Face::SerifBold => "Noto Serif SC",
            Face::Sans | Face::SansBold => "Noto Sans SC",
            Face::Fang => "FandolFang",
            Face::Kai => "FandolKai",
            Face::Mono => "DejaVu Sans Mono",
        }
    }

    /// Whether the face is a bold weight.
    pub fn is_bold(self) -> bool {
        matches!(self, Face::SerifBold | Face::SansBold)
    }

    /// The face that draws what this one lacks: Noto Sans SC (黑体) for the monospace face, since a sans
    /// mono reads as a sans and code is set beside 黑体; Noto Serif SC, the fullest face, for every other;
    /// none for Noto Serif SC itself.
    pub fn fallback(self) -> Option<Face> {
        match self {
            Face::Serif => None,
            Face::Mono => Some(Face::Sans),
            _ => Some(Face::Serif),
        }
    }

    fn index(self) -> usize {
        self as usize
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

/// One loaded font file: its bytes and a parsed view for metrics.
pub struct FontFile {
    face: Face,
    path: PathBuf,
    data: &'static [u8],
    parsed: ttf_parser::Face<'static>,
}

impl std::fmt::Debug for FontFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontFile").field("face", &self.face).field("path", &self.path).finish()
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

    /// The raw font file.
    pub fn data(&self) -> &'static [u8] {
        self.data
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
        self.parsed.glyph_index(ch).is_some_and(|g| g.0 != 0)
    }

    /// Horizontal advance of `ch` in ems, if the font covers it.
    pub fn advance_em(&self, ch: char) -> Option<f32> {
        let glyph = self.parsed.glyph_index(ch).filter(|g| g.0 != 0)?;
        let advance = self.parsed.glyph_hor_advance(glyph)?;
        Some(f32::from(advance) / self.units_per_em())
    }
}

/// Font files already loaded in this process, by canonical path. A file is read and parsed once and lives
/// until the process ends (its bytes are deliberately leaked so the parsed view can borrow them for
/// `'static` and be shared by every worker without copying).
fn loaded_files() -> &'static Mutex<BTreeMap<PathBuf, Arc<FontFile>>> {
    static LOADED: OnceLock<Mutex<BTreeMap<PathBuf, Arc<FontFile>>>> = OnceLock::new();
    LOADED.get_or_init(|| Mutex::new(BTreeMap::new()))
}

fn load_file(face: Face, path: &Path) -> Result<Arc<FontFile>, Error> {
    let key = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let mut loaded = loaded_files().lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    if let Some(file) = loaded.get(&key) {
        return Ok(Arc::clone(file));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let data: &'static [u8] = Box::leak(bytes.into_boxed_slice());
    let parsed = ttf_parser::Face::parse(data, 0)
        .map_err(|e| Error::Font(format!("{}: not a usable font ({e})", path.display())))?;
    let file = Arc::new(FontFile { face, path: path.to_path_buf(), data, parsed });
    loaded.insert(key, Arc::clone(&file));
    Ok(file)
}

/// The faces available to one run: where to look, and each face loaded lazily on first use.
#[derive(Debug)]
pub struct FontBook {
    dirs: Vec<PathBuf>,
    slots: [OnceLock<Result<Arc<FontFile>, String>>; Face::ALL.len()],
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
        FontBook { dirs, slots: Default::default() }
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
    /// character, else the first of its [`Face::fallback`] chain that does (Mono → Noto Sans SC → Noto
    /// Serif SC; any other face → Noto Serif SC), else `None` (no bundled face can show it).
    pub fn resolve(&self, wanted: Face, ch: char) -> Result<Option<&FontFile>, Error> {
        let mut face = Some(wanted);
        while let Some(current) = face {
            let file = self.get(current)?;
            if file.covers(ch) {
                return Ok(Some(file));
            }
            face = current.fallback();
        }
        Ok(None)
    }

    fn find_and_load(&self, face: Face) -> Result<Arc<FontFile>, Error> {
        let name = face.file_name();
        match self.dirs.iter().map(|dir| dir.join(name)).find(|path| path.is_file()) {
            Some(path) => load_file(face, &path),
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
        assert_eq!(Face::Serif.fallback(), None);
    }

    #[test]
    fn a_face_is_loaded_once_per_process() {
        let a = FontBook::new(&[]);
        let b = FontBook::new(&[]);
        let pa = a.get(Face::Kai).expect("bundled").data().as_ptr();
        let pb = b.get(Face::Kai).expect("bundled").data().as_ptr();
        assert_eq!(pa, pb);
    }
}
