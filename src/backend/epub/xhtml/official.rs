//! The parts of an official document around its body (GB/T 9704-2012 §7.3.3–7.4) as XHTML: the closing
//! block's insets, run-in leads in the face of their number's level, attachments and the 版记. Their looks
//! are the stylesheet's (`css::official_rules`).

use super::{clean_label, escape_text, NavEntry, Writer};
use crate::model::{plain_text, Block, Inline, Role};
use crate::style::{Accents, Closing, RunIn};
use crate::title_block::Record;
use crate::zh::chars::width_em;

/// Where a line of the closing block stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct ClosingLine {
    /// Its inset from the right, in body ems.
    pub right_em: f32,
    /// Whether it opens the block, after the blank lines above the signature (§7.3.5).
    pub opens: bool,
}

/// The width of a paragraph's text as the grid counts it.
fn text_width(content: &[Inline]) -> f32 {
    width_em(plain_text(content).trim())
}

/// The role and text of a signature or date paragraph.
fn closing_role(block: &Block) -> Option<(Role, &[Inline])> {
    match block {
        Block::Paragraph { role: role @ (Role::Signature | Role::Date), content } => Some((*role, content)),
        _ => None,
    }
}

/// For each of `blocks`, where it stands if it is a line of a closing block: a run of signature and date
/// paragraphs placed by [`Closing::insets`] — each signature line by its own width and the date's, the date
/// by the lead (first) signature's. A missing date counts as wide as the signature when `sealed` (the
/// signature then stands where the date would, 右空四字) and as nothing otherwise (右空二字); a missing
/// signature as nothing.
pub(super) fn closing_lines(blocks: &[Block], closing: &Closing, sealed: bool) -> Vec<Option<ClosingLine>> {
    let mut lines = vec![None; blocks.len()];
    let mut start = 0;
    while start < blocks.len() {
        let run = blocks[start..].iter().take_while(|b| closing_role(b).is_some()).count();
        if run == 0 {
            start += 1;
            continue;
        }
        let group: Vec<(Role, &[Inline])> =
            blocks[start..start + run].iter().filter_map(closing_role).collect();
        let width_of =
            |wanted: Role| group.iter().find(|(role, _)| *role == wanted).map(|(_, c)| text_width(c));
        let lead = width_of(Role::Signature).unwrap_or(0.0);
        let date = width_of(Role::Date).unwrap_or(if sealed { lead } else { 0.0 });
        for (offset, (role, content)) in group.iter().enumerate() {
            let right_em = if *role == Role::Signature {
                closing.insets(text_width(content), date, sealed).0
            } else {
                closing.insets(lead, text_width(content), sealed).1
            };
            lines[start + offset] = Some(ClosingLine { right_em, opens: offset == 0 });
        }
        start += run;
    }
    lines
}

/// The level, look and text of a run-in lead ([`Accents::run_in_lead`]).
pub(super) fn run_in_lead<'c>(
    content: &'c [Inline],
    accents: &Accents,
) -> Option<(usize, RunIn, &'c [Inline])> {
    let (level, look) = accents.run_in_lead(content)?;
    let Some(Inline::Strong(lead)) = content.first() else { return None };
    Some((level, look, lead))
}

impl Writer<'_> {
    /// A run-in lead of `level` set as `look` says: `<strong class="run-in-N">`.
    pub(super) fn run_in(&mut self, level: usize, look: RunIn, lead: &[Inline]) {
        self.out.push_str(&format!("<strong class=\"run-in-{level}\">"));
        self.in_face(look.face, look.bold, |w| w.inlines(lead));
        self.out.push_str("</strong>");
    }

    /// An attachment (§7.3.7): its label, its title as a heading, then its text, in a `div` the navigation
    /// names by label and title. Headings inside it are listed under it.
    pub(super) fn attachment(&mut self, label: &str, title: &[Inline], blocks: &[Block]) {
        self.attachment_count += 1;
        let id = format!("attachment-{}", self.attachment_count);
        self.out.push_str(&format!("<div class=\"attachment\" id=\"{id}\">\n"));
        let official = &self.style.official;
        let label = clean_label(label);
        if !label.is_empty() {
            self.in_face(official.attachment_label.face, false, |w| w.used(&label));
            self.out.push_str(&format!("<p class=\"attachment-label\">{}</p>\n", escape_text(&label)));
        }
        if !title.is_empty() {
            self.out.push_str("<h1 class=\"attachment-title\">");
            self.in_face(official.attachment_title.face, false, |w| w.inlines(title));
            self.out.push_str("</h1>\n");
        }
        let name = clean_label(&format!("{label} {}", plain_text(title)));
        if !name.is_empty() && !self.in_note {
            self.headings.push(NavEntry { level: 1, href: format!("{}#{id}", self.href), title: name });
        }
        let in_attachment = std::mem::replace(&mut self.in_attachment, true);
        self.blocks(blocks);
        self.in_attachment = in_attachment;
        self.out.push_str("</div>\n");
    }

    /// The 版记 (§7.4): the `抄送` line, then the printing office and date on one line.
    pub(super) fn record(&mut self, record: &Record) {
        let face = self.style.official.record.face;
        self.out.push_str("<div class=\"record\">\n");
        if let Some(copy_to) = &record.copy_to {
            self.usage.add(face, copy_to);
            self.out.push_str(&format!("<p class=\"copy-to\">{}</p>\n", escape_text(copy_to)));
        }
        if record.printed_by.is_some() || record.printed_on.is_some() {
            self.out.push_str("<p class=\"printing\">");
            let parts = [("printed-by", &record.printed_by), ("printed-on", &record.printed_on)];
            let spans: Vec<String> = parts
                .into_iter()
                .filter_map(|(class, text)| {
                    let text = text.as_deref()?;
                    self.usage.add(face, text);
                    Some(format!("<span class=\"{class}\">{}</span>", escape_text(text)))
                })
                .collect();
            self.out.push_str(&spans.join(" "));
            self.out.push_str("</p>\n");
        }
        self.out.push_str("</div>\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::style::{Style, StyleName};

    fn line(role: Role, text: &str) -> Block {
        Block::Paragraph { role, content: vec![Inline::Text(text.into())] }
    }

    #[test]
    fn the_closing_block_is_placed_by_the_styles_insets() {
        let closing = Style::preset(StyleName::Gongwen).closing;
        let blocks = [
            line(Role::Body, "正文。"),
            line(Role::Signature, "某某市人民政府办公室"),
            line(Role::Date, "2026年12月7日"),
        ];
        let rights = |sealed| -> Vec<Option<f32>> {
            closing_lines(&blocks, &closing, sealed).into_iter().map(|l| l.map(|l| l.right_em)).collect()
        };
        // Unsealed (§7.3.5.2): the signature 右空二字, 10 wide; the date (6.5 wide) starts two further right.
        assert_eq!(rights(false), [None, Some(2.0), Some(3.5)]);
        // Sealed (§7.3.5.1): the date 右空四字, the signature centred over it.
        assert_eq!(rights(true), [None, Some(2.25), Some(4.0)]);
        let opens: Vec<bool> =
            closing_lines(&blocks, &closing, false).into_iter().map(|l| l.is_some_and(|l| l.opens)).collect();
        assert_eq!(opens, [false, true, false]);
        // A signature alone stands 右空二字 unsealed and 右空四字 sealed; a date alone likewise.
        for (sealed, right) in [(false, 2.0), (true, 4.0)] {
            for role in [Role::Signature, Role::Date] {
                let alone = closing_lines(&[line(role, "某某局")], &closing, sealed);
                assert_eq!(alone[0].map(|l| l.right_em), Some(right), "{role:?} sealed {sealed}");
            }
        }
    }

    #[test]
    fn run_in_leads_are_known_by_their_numbers_level() {
        let accents = Style::preset(StyleName::Gongwen).accents;
        let lead =
            |text: &str| vec![Inline::Strong(vec![Inline::Text(text.into())]), Inline::Text("正文".into())];
        let level = |text: &str| run_in_lead(&lead(text), &accents).map(|(n, _, _)| n);
        assert_eq!(
            [level("一、总体要求"), level("（二）加强管理。"), level("3.压实责任。"), level("（4）其他。")],
            [Some(0), Some(1), Some(2), Some(3)]
        );
        assert_eq!(level("一是加强管理。"), None, "a lead without a number is strong text");
        let plain = [Inline::Text("（一）".into())];
        assert!(run_in_lead(&plain, &accents).is_none(), "only strong text leads");
        let without = Accents { run_in: None, ..accents };
        assert!(run_in_lead(&lead("（一）加强"), &without).is_none(), "a style without run-in looks");
    }
}
