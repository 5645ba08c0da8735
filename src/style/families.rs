//! Which font family draws each face: the bundled family by default, or one the user names in a style file
//! (`[fonts] title = "方正小标宋简体"`), looked up by the font book in `--font-dir`, the bundled fonts and the
//! system's installed fonts.

use super::OfficeFonts;
use crate::fonts::{Face, OfficeFace};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

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
        Families::from_fn(|face| face.family().to_owned())
    }

    /// The families `family` gives each face.
    fn from_fn(family: impl Fn(Face) -> String) -> Families {
        Families {
            serif: family(Face::Serif),
            serif_bold: family(Face::SerifBold),
            sans: family(Face::Sans),
            sans_bold: family(Face::SansBold),
            fang: family(Face::Fang),
            kai: family(Face::Kai),
            mono: family(Face::Mono),
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
            // No style sets it: always the bundled Noto Serif SC.
            Face::Fallback => face.family(),
        }
    }

    /// Whether `face` is drawn by its bundled family (so the backends use the face table's names).
    pub fn is_bundled(&self, face: Face) -> bool {
        self.get(face) == face.family()
    }

    /// The face name a DOCX gives `face`: the face table's office name in the `set` of names, or the chosen
    /// family itself (Word finds it by that name; a bold face asks Word for the family's bold).
    pub fn office(&self, face: Face, set: OfficeFonts) -> OfficeFace<'_> {
        let names = face.names();
        let table = match set {
            OfficeFonts::Standard => names.office,
            OfficeFonts::Gb2312 => names.office_gb2312,
        };
        if self.is_bundled(face) {
            table
        } else {
            OfficeFace { name: self.get(face), bold: face.is_bold(), class: table.class }
        }
    }

    /// The CSS `font-family` list of `face`: the face table's, after the chosen family when there is one.
    pub fn css(&self, face: Face) -> Cow<'static, str> {
        if self.is_bundled(face) {
            Cow::Borrowed(face.names().css)
        } else {
            Cow::Owned(format!("{}, {}", css_string(self.get(face)), face.names().css))
        }
    }

    /// These families with every face for which `kept` is false put back to its bundled family.
    pub fn keeping(&self, kept: impl Fn(Face) -> bool) -> Families {
        Families::from_fn(|face| if kept(face) { self.get(face) } else { face.family() }.to_owned())
    }

    /// These families for a Traditional Chinese document: each face still drawn by its bundled family goes
    /// to the bundled Traditional family for it ([`crate::fonts::traditional_family`]); a family the user
    /// chose stays.
    pub fn traditional(&self) -> Families {
        Families::from_fn(|face| match crate::fonts::traditional_family(face) {
            Some(family) if self.is_bundled(face) => family.to_owned(),
            _ => self.get(face).to_owned(),
        })
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

/// A family name as a CSS string: quoted, with `"` and `\` escaped and control characters left out.
pub fn css_string(family: &str) -> String {
    let mut out = String::with_capacity(family.len() + 2);
    out.push('"');
    for ch in family.chars().filter(|ch| !ch.is_control()) {
        if matches!(ch, '"' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out.push('"');
    out
}
