//! Fonts by family name: a style file may name any family (`方正小标宋简体`, `仿宋_GB2312`), found in the
//! font folders (`--font-dir`, `PAIBAN_FONT_DIR`, the bundled fonts) and then among the fonts installed on
//! the system, which fontdb lists from the fontconfig configuration (Linux) or the platform's font folders.
//!
//! Each list is made once per process: reading the name tables of every installed font takes a moment.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, OnceLock};

/// A face found for a family: its file and its index in a collection (`.ttc`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The font file.
    pub path: PathBuf,
    /// The face's index in the file (0 unless a collection).
    pub index: u32,
}

/// The face of `family` (any of its names, in any language, ASCII case ignored) nearest to `weight`, upright
/// where there is a choice: in `dirs` first, then among the system's fonts.
pub fn find(family: &str, weight: u16, dirs: &[PathBuf]) -> Option<Found> {
    best(&folders(dirs), family, weight).or_else(|| best(system(), family, weight))
}

fn best(db: &fontdb::Database, family: &str, weight: u16) -> Option<Found> {
    let wanted = family.trim();
    db.faces()
        .filter(|face| face.families.iter().any(|(name, _)| name.trim().eq_ignore_ascii_case(wanted)))
        .filter_map(|face| match &face.source {
            fontdb::Source::File(path) => {
                let slanted = face.style != fontdb::Style::Normal;
                let distance = face.weight.0.abs_diff(weight);
                Some(((slanted, distance, path.clone(), face.index), face))
            }
            _ => None,
        })
        // The path and index break ties, so the same fonts always give the same choice.
        .min_by(|(a, _), (b, _)| a.cmp(b))
        .map(|((_, _, path, index), _)| Found { path, index })
}

/// The fonts in `dirs` (not their subfolders' order-dependent duplicates: fontdb walks them sorted).
fn folders(dirs: &[PathBuf]) -> Arc<fontdb::Database> {
    static BY_DIRS: OnceLock<Mutex<BTreeMap<Vec<PathBuf>, Arc<fontdb::Database>>>> = OnceLock::new();
    let cache = BY_DIRS.get_or_init(|| Mutex::new(BTreeMap::new()));
    let mut cache = cache.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let db = cache.entry(dirs.to_vec()).or_insert_with(|| {
        let mut db = fontdb::Database::new();
        for dir in dirs.iter().filter(|dir| dir.is_dir()) {
            db.load_fonts_dir(dir);
        }
        Arc::new(db)
    });
    Arc::clone(db)
}

fn system() -> &'static fontdb::Database {
    static SYSTEM: OnceLock<fontdb::Database> = OnceLock::new();
    SYSTEM.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_system_fonts();
        db
    })
}

/// Whether `path` is a font collection (`.ttc`), whose faces other than the first need their index.
pub fn is_collection(data: &[u8]) -> bool {
    data.starts_with(b"ttcf")
}

/// The sfnt version tag of face `index` in `data` (`OTTO` for CFF outlines), for a collection as for a
/// single font.
pub fn sfnt_tag(data: &[u8], index: u32) -> Option<[u8; 4]> {
    let offset = if is_collection(data) {
        let at = 12usize.checked_add(4usize.checked_mul(usize::try_from(index).ok()?)?)?;
        u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?) as usize
    } else {
        0
    };
    data.get(offset..offset.checked_add(4)?)?.try_into().ok()
}
