//! What a face's OpenType substitutions (GSUB) give paiban: the proportional forms of quotes.

use super::{FontFile, GlyphInfo};

impl FontFile {
    /// The proportional form of glyph `gid`, as the face's `pwid` feature substitutes it (Noto's CJK
    /// faces draw ‘ ’ “ ” full width and keep a Latin-width form of each there); `None` when the face has
    /// none. What draws a quote set as Latin punctuation.
    pub fn proportional(&self, gid: u16) -> Option<GlyphInfo> {
        use ttf_parser::gsub::{SingleSubstitution, SubstitutionSubtable};
        let glyph = ttf_parser::GlyphId(gid);
        let gsub = self.parsed.tables().gsub?;
        let feature = gsub.features.into_iter().find(|f| f.tag == ttf_parser::Tag::from_bytes(b"pwid"))?;
        let substitute = feature.lookup_indices.into_iter().find_map(|index| {
            let lookup = gsub.lookups.get(index)?;
            lookup.subtables.into_iter::<SubstitutionSubtable>().find_map(|subtable| match subtable {
                SubstitutionSubtable::Single(SingleSubstitution::Format1 { coverage, delta }) => {
                    coverage.get(glyph)?;
                    Some(ttf_parser::GlyphId(gid.wrapping_add_signed(delta)))
                }
                SubstitutionSubtable::Single(SingleSubstitution::Format2 { coverage, substitutes }) => {
                    substitutes.get(coverage.get(glyph)?)
                }
                _ => None,
            })
        })?;
        (substitute.0 != 0 && substitute != glyph)
            .then(|| GlyphInfo { id: substitute.0, advance: self.parsed.glyph_hor_advance(substitute) })
    }
}
