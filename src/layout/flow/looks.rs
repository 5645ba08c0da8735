//! Looks: the face of a run of text and what the renderer adds to it (synthetic bold, slanted Latin), and how
//! `Strong` and `Emph` change a look as the style's accents say.

use crate::fonts::{Face, Synthetic};
use crate::style::{Accents, RunIn};
use crate::zh::chars::is_wide;

/// The face of a run of text, and what the renderer adds to it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Look {
    pub(super) face: Face,
    bold: bool,
    /// Asked for italic: Latin characters are slanted, Chinese ones never are (clreq).
    italic: bool,
}

impl From<Face> for Look {
    fn from(face: Face) -> Self {
        Look { face, bold: false, italic: false }
    }
}

impl Look {
    /// What the renderer adds to `ch` in this look.
    pub(super) fn synthetic(self, ch: char) -> Synthetic {
        Synthetic { bold: self.bold, slant: self.italic && !is_wide(ch) && !ch.is_whitespace() }
    }

    /// The look of `Strong` ([`Accents::strong`]). Made bold, 黑体 takes its bold file; Song is drawn by
    /// stroking the regular face as Word and xeCJK do for 宋体: a real bold face would add a subset of its
    /// own for a few lead sentences (12 KB of the seed's PDF).
    pub(super) fn strong(self, accents: &Accents) -> Look {
        let (face, bold) = accents.strong(self.face);
        self.set_in(face, bold)
    }

    /// The look of a run-in lead numbered at a level the style sets as `lead` (GB/T 9704 §7.3.3), made
    /// bold as [`Look::strong`] makes it.
    pub(super) fn run_in(self, lead: RunIn) -> Look {
        self.set_in(lead.face, lead.bold)
    }

    /// This look in `face`, bold if `bold`: 黑体's bold file, or synthetic bold where the face has none.
    fn set_in(self, face: Face, bold: bool) -> Look {
        match (face, bold) {
            (face, false) => Look { face, ..self },
            (Face::Sans, true) => Look { face: Face::SansBold, ..self },
            (Face::SerifBold | Face::SansBold, true) => Look { face, ..self },
            (face, true) => Look { face, bold: true, ..self },
        }
    }

    /// The look of `Emph` ([`Accents::emph`]), its Latin letters slanted if the style says so.
    pub(super) fn emph(self, accents: &Accents) -> Look {
        Look { face: accents.emph(self.face), italic: self.italic || accents.emph_slants_latin, ..self }
    }
}

#[cfg(test)]
mod tests {
    use crate::fonts::{Face, FontBook, Synthetic};
    use crate::layout::flow::{lay_out, Layout};
    use crate::model::{Block, Document, Inline, Role};
    use crate::style::{Style, StyleName};

    /// The glyphs of `layout` from the first `from` on (past the title block), with their face and what is
    /// synthesised, in reading order.
    fn glyphs(layout: &Layout, from: char) -> Vec<(char, Face, Synthetic)> {
        let lines = layout.pages.iter().flat_map(|p| &p.lines);
        let all = lines.flat_map(|l| &l.line.glyphs).map(|g| (g.ch, g.face, g.synthetic));
        all.skip_while(|g| g.0 != from).collect()
    }

    fn paragraph_of(content: Vec<Inline>, role: Role) -> Document {
        let mut doc = Document::default();
        doc.blocks.push(Block::Paragraph { role, content });
        doc
    }

    #[test]
    fn strong_song_is_synthetic_bold_of_the_body_face_and_strong_fangsong_is_hei() {
        let content =
            vec![Inline::Strong(vec![Inline::Text("一要坚持，".into())]), Inline::Text("全面".into())];
        let doc = paragraph_of(content, Role::Body);
        let fonts = FontBook::new(&[]);
        let report = lay_out(&doc, &Style::preset(StyleName::Report), &fonts).expect("lays out");
        let bold = Synthetic { bold: true, slant: false };
        let got = glyphs(&report, '一');
        assert!(got.iter().take(5).all(|g| g.1 == Face::Serif && g.2 == bold), "{got:?}");
        assert!(
            got.iter().skip(5).take(2).all(|g| g.1 == Face::Serif && g.2 == Synthetic::default()),
            "{got:?}"
        );
        let gongwen = lay_out(&doc, &Style::preset(StyleName::Gongwen), &fonts).expect("lays out");
        let got = glyphs(&gongwen, '一');
        assert!(got.iter().take(5).all(|g| g.1 == Face::Sans && g.2 == Synthetic::default()), "{got:?}");
    }

    #[test]
    fn emphasis_is_kai_with_only_its_latin_letters_slanted() {
        let doc = paragraph_of(vec![Inline::Emph(vec![Inline::Text("见Nature 7".into())])], Role::Body);
        let layout = lay_out(&doc, &Style::preset(StyleName::Report), &FontBook::new(&[])).expect("lays out");
        let slanted: String = glyphs(&layout, '见').iter().filter(|g| g.2.slant).map(|g| g.0).collect();
        assert_eq!(slanted, "Nature7");
        assert!(glyphs(&layout, '见').iter().filter(|g| g.0 == '见').all(|g| g.1 == Face::Kai && !g.2.slant));
    }
}
