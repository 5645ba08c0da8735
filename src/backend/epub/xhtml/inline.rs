//! Inline content as XHTML: text (its Latin slanted apart from its Han in emphasis), emphasis, strong, code
//! and scripts in their faces, links as the link policy allows them, and notes as EPUB 3 footnote asides
//! gathered at the end of the chapter.

use super::{escape_attr, escape_text, Writer};
use crate::link::Target;
use crate::model::{Block, Inline};
use crate::zh::chars::wide_runs;
use crate::zh::vertical;

impl Writer<'_> {
    /// The `href` of a link to `url`, if the link policy accepts it and its target is in the book.
    fn link_href(&self, url: &str) -> Option<String> {
        match self.anchors.resolve(url).ok()? {
            Target::Web(href) => Some(href),
            Target::Heading(ordinal) => {
                let chapter = self.chapter_headings.partition_point(|(first, _)| *first <= ordinal);
                let (_, file) = self.chapter_headings.get(chapter.checked_sub(1)?)?;
                Some(format!("{file}#h-{}", ordinal + 1))
            }
        }
    }

    /// Text of a vertical book: punctuation in its vertical forms, a number of one or two digits upright in
    /// one square (class `tcy`), the rest as vertical text sets it (Latin turned on its side).
    fn vertical_text(&mut self, text: &str) {
        let text = vertical::vertical_text(text);
        self.used(&text);
        for (piece, upright) in vertical::upright_runs(&text) {
            if upright {
                self.out.push_str(&format!("<span class=\"tcy\">{}</span>", escape_text(piece)));
            } else {
                self.out.push_str(&escape_text(piece));
            }
        }
    }

    pub(super) fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            self.inline(inline);
        }
    }

    fn inline(&mut self, inline: &Inline) {
        match inline {
            Inline::Text(text) => self.marked_text(text),
            Inline::Emph(content) => {
                let face = self.style.accents.emph(self.face);
                let in_emph = std::mem::replace(&mut self.in_emph, true);
                self.in_face(face, false, |w| w.wrap("em", content));
                self.in_emph = in_emph;
            }
            Inline::Strong(content) => {
                let (face, bold) = self.style.accents.strong(self.face);
                self.in_face(face, bold, |w| w.wrap("strong", content));
            }
            Inline::Strike(content) => self.wrap("del", content),
            Inline::Superscript(content) => {
                self.scripts_used = true;
                self.wrap("sup", content)
            }
            Inline::Subscript(content) => {
                self.scripts_used = true;
                self.wrap("sub", content)
            }
            Inline::Code(code) => {
                self.atom_of_text(code.chars().count());
                self.in_face(self.style.code.face, false, |w| w.used(code));
                self.out.push_str("<code>");
                self.out.push_str(&escape_text(code));
                self.out.push_str("</code>");
            }
            Inline::Link { url, content } => match self.link_href(url).filter(|_| !self.in_link) {
                Some(href) => {
                    // `link`: the class the stylesheet gives the style's links look (notes' links have
                    // their own).
                    self.out.push_str(&format!("<a class=\"link\" href=\"{}\">", escape_attr(&href)));
                    self.in_link = true;
                    self.inlines(content);
                    self.in_link = false;
                    self.out.push_str("</a>");
                }
                // What the link policy refuses (reported once by `link::enforce`) stays text.
                None => self.inlines(content),
            },
            Inline::Image(image) => {
                self.atom_of_text(image.alt.chars().count());
                self.image(image, "")
            }
            Inline::LineBreak => {
                self.atom_of_text(1);
                self.out.push_str("<br/>")
            }
            Inline::Note(blocks) => self.note(blocks),
        }
    }

    /// Text as the book sets it: vertical, or with the Latin of emphasised text slanted apart.
    pub(super) fn text(&mut self, text: &str) {
        if self.style.vertical {
            return self.vertical_text(text);
        }
        self.used(text);
        if self.in_emph && self.style.accents.emph_slants_latin {
            // Only the Latin of emphasised text is slanted (clreq): CSS cannot tell scripts apart.
            for (piece, wide) in wide_runs(text) {
                if wide {
                    self.out.push_str(&escape_text(piece));
                } else {
                    self.out.push_str("<span class=\"latin\">");
                    self.out.push_str(&escape_text(piece));
                    self.out.push_str("</span>");
                }
            }
        } else {
            self.out.push_str(&escape_text(text));
        }
    }

    fn wrap(&mut self, tag: &str, content: &[Inline]) {
        self.out.push_str(&format!("<{tag}>"));
        self.inlines(content);
        self.out.push_str(&format!("</{tag}>"));
    }

    /// An EPUB 3 footnote: a `noteref` link here, the body in an `<aside epub:type="footnote">` at the end of
    /// the chapter, which reading systems show as a pop-up.
    fn note(&mut self, blocks: &[Block]) {
        self.note_count += 1;
        let n = self.note_count;
        self.used(&format!("[{n}]"));
        if self.in_link {
            // No nested `<a>`: the number still points the reader to the note below.
            self.out.push_str(&format!("<sup class=\"noteref\">[{n}]</sup>"));
        } else {
            self.out.push_str(&format!(
                "<sup><a class=\"noteref\" epub:type=\"noteref\" id=\"fnref-{n}\" href=\"#fn-{n}\">[{n}]</a></sup>"
            ));
        }
        // Render the body into its own buffer; notes inside it queue after it.
        let outer = std::mem::take(&mut self.out);
        let (was_in_link, was_in_note) = (self.in_link, self.in_note);
        // A note's text is no part of the paragraph's, where the page breaks fall.
        let text_at = self.text_at.take();
        self.in_link = false;
        self.in_note = true;
        self.out.push_str(&format!("<aside class=\"footnote\" epub:type=\"footnote\" id=\"fn-{n}\">\n"));
        if was_in_link {
            self.out.push_str(&format!("<p class=\"note-number\">[{n}]</p>\n"));
        } else {
            // Back to the reference, for reading systems that show notes in place rather than as pop-ups.
            self.out.push_str(&format!("<p class=\"note-number\"><a href=\"#fnref-{n}\">[{n}]</a></p>\n"));
        }
        // The notes section is set in the body face, whatever the reference sits in.
        let saved = (self.face, self.bold);
        (self.face, self.bold) = (self.style.body.face, false);
        self.blocks(blocks);
        (self.face, self.bold) = saved;
        self.out.push_str("</aside>\n");
        let aside = std::mem::replace(&mut self.out, outer);
        self.in_link = was_in_link;
        self.in_note = was_in_note;
        self.text_at = text_at;
        self.notes.push((n, aside));
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;

    #[test]
    fn links_follow_the_link_policy_and_reach_headings_in_other_chapters() {
        let style = Style::preset(crate::style::StyleName::Report);
        let resources = BTreeMap::new();
        let mut writer = Writer::new(&style, &resources);
        let link = |url: &str| Inline::Link { url: url.into(), content: vec![Inline::Text("文".into())] };
        let heading = |t: &str| Block::Heading { level: 1, content: vec![Inline::Text(t.into())] };
        let first = vec![
            heading("第一章"),
            Block::Paragraph {
                role: Role::Body,
                content: vec![
                    link("https://example.org/a b"),
                    link("javascript:alert(1)"),
                    link("http://example.org:99999/"),
                    link("./other.md"),
                    link("#第二章"),
                    link("#无此章"),
                ],
            },
        ];
        let second = vec![heading("第二章")];
        let doc = crate::model::Document {
            blocks: first.iter().chain(&second).cloned().collect(),
            ..crate::model::Document::default()
        };
        let chapters =
            [("c1.xhtml".to_owned(), first.as_slice()), ("c2.xhtml".to_owned(), second.as_slice())];
        writer.link_headings(Anchors::new(&doc), &chapters);
        let page = writer.chapter("c1.xhtml", "zh-CN", "t", &first, None);
        let hrefs: Vec<&str> = page
            .xhtml
            .split("<a class=\"link\" href=\"")
            .skip(1)
            .filter_map(|rest| rest.split('"').next())
            .collect();
        assert_eq!(hrefs, ["https://example.org/a%20b", "c2.xhtml#h-2"]);
        assert_eq!(page.xhtml.matches('文').count(), 6, "every link keeps its text");
    }

    #[test]
    fn notes_become_footnote_asides_at_the_end_of_the_chapter() {
        let style = Style::preset(crate::style::StyleName::Report);
        let resources = BTreeMap::new();
        let mut writer = Writer::new(&style, &resources);
        let blocks = vec![Block::Paragraph {
            role: Role::Body,
            content: vec![Inline::Text("正文".into()), Inline::Note(vec![Block::paragraph("注释内容")])],
        }];
        let page = writer.chapter("c.xhtml", "zh-CN", "t", &blocks, None);
        let noteref = page.xhtml.find("epub:type=\"noteref\"").expect("noteref");
        let aside = page.xhtml.find("epub:type=\"footnote\" id=\"fn-1\"").expect("aside");
        assert!(noteref < aside);
        assert!(page.xhtml.contains("注释内容"));
    }
}
