//! Which font family draws each face: the bundled family by default, or one the user names in a style file
//! (`[fonts] title = "方正小标宋简体"`), looked up by the font book in `--font-dir`, the bundled fonts and the
//! system's installed fonts.

use crate::fonts::Face;
use serde::{Deserialize, Serialize};

/// The font family of each [`Face`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Families {
    /// 宋体: body text of books and reports, and the fallback for characters other faces lack.
    pub serif: String,
    /// The bold serif of titles (小标宋's stand-in).
    pub serif_bold: String,
    /// 黑体: headings.
    pub sans: String,
    /// Bold 黑体: headings of books and reports.
    pub sans_bold: String,
    /// 仿宋: the body of official documents.
    pub fang: String,
    /// 楷体: subtitles, bylines, quotes, emphasis.
    pub kai: String,
    /// The Latin of code.
    pub mono: String,
}

impl Families {
    /// The bundled family of every face.
    pub fn bundled() -> Families {
        let name = |face: Face| face.family().to_owned();
        Families {
            serif: name(Face::Serif),
            serif_bold: name(Face::SerifBold),
            sans: name(Face::Sans),
            sans_bold: name(Face::SansBold),
            fang: name(Face::Fang),
            kai: name(Face::Kai),
            mono: name(Face::Mono),
        }
    }

    /// The family that draws `face`.
    pub fn get(&self, face: Face) -> &str {
        match face {
            Face::Serif => &self.serif,
            Face::SerifBold => &self.serif_bold,
            Face::Sans => &self.sans,
            Face::SansBold => &self.sans_bold,
            Face::Fang => &self.fang,
            Face::Kai => &self.kai,
            Face::Mono => &self.mono,
        }
    }

    /// Whether `face` is drawn by its bundled family (so the backends use the face table's names).
    pub fn is_bundled(&self, face: Face) -> bool {
        self.get(face) == face.family()
    }

    /// The faces the user moved to a family of their own, with that family.
    pub fn chosen(&self) -> impl Iterator<Item = (Face, &str)> {
        Face::ALL.into_iter().filter(|&face| !self.is_bundled(face)).map(|face| (face, self.get(face)))
    }
}

impl Default for Families {
    fn default() -> Families {
        Families::bundled()
    }
}
