//! Embedded fonts: every face the stylesheet uses, subsetted to exactly the characters set in it, declared
//! with `@font-face`. Many reading systems (Kindle, Kobo, Android apps) have no good Chinese font, and a whole
//! CJK face is 7–15 MB, so the subset is what makes embedding practical.
//!
//! The faces are planned with the PDF's and cut once for both ([`crate::subset::FontPlan`]); the EPUB takes
//! the web form of each cut, with a Unicode `cmap`, since an EPUB font is looked up by character.

use crate::backend::xml::{is_xml_char, REPLACEMENT};
use crate::diag::{Diagnostic, Kind};
use crate::fonts::{Face, FontBook};
use crate::style::{css_string, Families};
use crate::subset::{Cuts, Packed};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Characters set in each face, as the stylesheet assigns faces to elements.
#[derive(Debug, Default, Clone)]
pub(super) struct Usage {
    /// Every character as it comes, sorted and deduplicated now and then ([`Usage::add`]) and by
    /// [`Usage::faces`]: a push per character costs far less than a `BTreeSet` insert.
    chars: BTreeMap<Face, Vec<char>>,
    /// Characters XML 1.0 forbids, which the writer replaces with U+FFFD: every text of the book passes
    /// through here, so this is where they are counted for the report.
    pub illegal: usize,
}

/// A face's list is compacted when it reaches this many characters, which bounds it for long books.
const COMPACT_AT: usize = 1 << 16;

fn sort_dedup(chars: &mut Vec<char>) {
    chars.sort_unstable();
    chars.dedup();
}

impl Usage {
    /// Records that `text` is set in `face`. Whitespace and control characters need no glyph of ours.
    pub fn add(&mut self, face: Face, text: &str) {
        let set = self.chars.entry(face).or_default();
        for c in text.chars() {
            if !is_xml_char(c) {
                // Written as U+FFFD (`backend::xml`): the subset keeps that glyph where the face has one.
                self.illegal += 1;
                set.push(REPLACEMENT);
            } else if !c.is_whitespace() && !c.is_control() {
                set.push(c);
            }
        }
        if set.len() >= COMPACT_AT {
            sort_dedup(set);
        }
    }

    /// Each face with the distinct characters set in it, in ascending order.
    fn faces(&self) -> impl Iterator<Item = (Face, Vec<char>)> + '_ {
        self.chars.iter().map(|(&face, chars)| {
            let mut chars = chars.clone();
            sort_dedup(&mut chars);
            (face, chars)
        })
    }
}

/// The face a `font-weight: bold` run of `face` is drawn in. Serif and Sans have bold files; FandolFang and
/// FandolKai do not, so reading systems embolden them synthetically and their own subset serves.
pub(super) fn bold_of(face: Face) -> Face {
    match face {
        Face::Serif => Face::SerifBold,
        Face::Sans => Face::SansBold,
        other => other,
    }
}

/// One subsetted font, ready for the container.
#[derive(Debug, Clone)]
pub(super) struct EmbeddedFont<'c> {
    /// The face it stands for (family and weight of its `@font-face`).
    pub face: Face,
    /// Path inside `OEBPS/`.
    pub href: String,
    /// `font/ttf` or `font/otf` (EPUB 3.3 core media types).
    pub media_type: &'static str,
    /// The subset font file, deflated.
    pub packed: &'c Packed,
}

/// The characters of `usage` by the face that has them: a character its face lacks goes to Noto Serif SC,
/// as `FontBook::resolve` decides for PDF and as the stylesheet's family lists fall back; a character no
/// bundled face has is reported once. A face that cannot be loaded is kept (with what it could not take),
/// so that [`embed`] reports it.
pub(super) fn plan(
    usage: &Usage,
    fonts: &FontBook,
    diagnostics: &mut Vec<Diagnostic>,
) -> BTreeMap<Face, BTreeSet<char>> {
    let mut plan: BTreeMap<Face, BTreeSet<char>> = BTreeMap::new();
    let mut missing = BTreeSet::new();
    for (face, chars) in usage.faces() {
        for ch in chars {
            match fonts.resolve(face, ch) {
                Ok(Some(file)) => {
                    plan.entry(file.face()).or_default().insert(ch);
                }
                Ok(None) => {
                    missing.insert(ch);
                }
                // Reported by `embed`, once per face.
                Err(_) => {
                    plan.entry(face).or_default();
                }
            }
        }
    }
    if !missing.is_empty() {
        let list: String = missing.iter().take(20).collect();
        let more =
            if missing.len() > 20 { format!(" and {} more", missing.len() - 20) } else { String::new() };
        diagnostics.push(
            Diagnostic::warning(
                Kind::MissingGlyph,
                format!("no bundled font has {list}{more}; readers show them in a font of their own"),
            )
            .at("epub"),
        );
    }
    plan
}

/// The fonts of `faces`, from the cuts of the document's font plan. A face that could not be loaded or
/// cut is reported and left out (readers then use their own fonts for it).
pub(super) fn embed<'c>(
    faces: impl Iterator<Item = Face>,
    fonts: &FontBook,
    cuts: &'c Cuts,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<EmbeddedFont<'c>> {
    let mut embedded = Vec::new();
    for face in faces {
        let result = match cuts.get(&face) {
            Some(Ok(shared)) => Ok(shared),
            Some(Err(message)) => Err(message.clone()),
            // The plan leaves out a face that cannot be loaded.
            None => Err("the face could not be loaded".to_owned()),
        };
        match result {
            Ok(shared) => {
                let (ext, media_type) = if shared.cff { ("otf", "font/otf") } else { ("ttf", "font/ttf") };
                let bundled = face.file_name().rsplit_once('.').map_or(face.file_name(), |(stem, _)| stem);
                // An installed font a style chose is named after its role and its file (whose name may
                // not be ASCII, and two chosen fonts may share it).
                let stem = match fonts.get(face) {
                    Ok(file) if fonts.draws_chosen(face) => {
                        let name = file.path().file_stem().map(|s| s.to_string_lossy()).unwrap_or_default();
                        let ascii: String = name
                            .chars()
                            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                            .collect();
                        format!("{}-{ascii}", face.key())
                    }
                    _ => bundled.to_owned(),
                };
                let href = format!("fonts/{stem}-subset.{ext}");
                embedded.push(EmbeddedFont { face, href, media_type, packed: &shared.web });
            }
            Err(message) => diagnostics.push(
                Diagnostic::warning(Kind::Font, format!("{} is not embedded: {message}", face.family()))
                    .at("epub"),
            ),
        }
    }
    embedded
}

/// The `@font-face` rules for `fonts`, with paths relative to the stylesheet (both live in `OEBPS/`), each
/// under the family the style draws its face with.
pub(super) fn font_face_rules(fonts: &[EmbeddedFont<'_>], families: &Families) -> String {
    let mut css = String::new();
    for font in fonts {
        let format = if font.media_type == "font/otf" { "opentype" } else { "truetype" };
        let _ = writeln!(
            css,
            "@font-face {{ font-family: {}; font-style: normal; font-weight: {}; src: url(\"{}\") format(\"{format}\"); }}",
            css_string(families.get(font.face)),
            if font.face.is_bold() { "bold" } else { "normal" },
            font.href,
        );
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::subset::FontPlan;

    #[test]
    fn characters_a_face_lacks_go_to_the_serif_subset() {
        let book = FontBook::new(&[]);
        let mut usage = Usage::default();
        // U+4DB5 (CJK Extension A) is outside FandolFang but inside Noto Serif SC.
        usage.add(Face::Fang, "公文\u{4DB5}");
        let mut diagnostics = Vec::new();
        let chars = plan(&usage, &book, &mut diagnostics);
        let font_plan = FontPlan::new(&chars, &book);
        let cuts = font_plan.cut();
        let fonts = embed(chars.keys().copied(), &book, &cuts, &mut diagnostics);
        let faces: Vec<Face> = fonts.iter().map(|f| f.face).collect();
        assert_eq!(faces, [Face::Serif, Face::Fang]);
        assert_eq!(fonts[1].media_type, "font/otf");
        assert_eq!(fonts[0].media_type, "font/ttf");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let rules = font_face_rules(&fonts, &Families::bundled());
        assert!(rules.contains("font-family: \"FandolFang\""), "{rules}");
        assert!(
            rules.contains("url(\"fonts/FandolFang-Regular-subset.otf\") format(\"opentype\")"),
            "{rules}"
        );
    }
}
