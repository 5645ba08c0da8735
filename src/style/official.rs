//! The parts of an official document around its body (GB/T 9704-2012): the 版头 and 版记, the closing
//! block's place, and where the paragraphs of the roles around the body text sit.

use super::{Align, Rgb, TextStyle};
use crate::model::{plain_text, Inline, Role};
use serde::{Deserialize, Serialize};

/// Where the closing block sits (GB/T 9704 §7.3.5): the signature (发文机关署名) and the date (成文日期),
/// in body characters (grid cells on a character grid). A document that will be sealed
/// ([`crate::model::Meta::sealed`]) takes the `sealed_` values.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Closing {
    /// Blank lines (of the body's pitch) between the text, or the attachment note, and the signature
    /// (§7.3.5.2: one).
    pub space_lines: f32,
    /// The signature's right inset (§7.3.5.2: 右空二字).
    pub signature_right_em: f32,
    /// Unsealed (§7.3.5.2): the date's first character stands this far right of the signature's first
    /// (two); a date too long for that is set `signature_right_em` in from the right and the signature moves
    /// left to keep the offset. `None` (`false`): the date is set on its own, `date_right_em` in.
    #[serde(with = "super::load::switch")]
    pub date_after_signature_em: Option<f32>,
    /// The date's right inset when it is not placed after the signature.
    pub date_right_em: f32,
    /// Sealed (§7.3.5.1): blank lines above the signature, room for the seal whose top stays within a line
    /// of the text.
    pub sealed_space_lines: f32,
    /// Sealed: the date's right inset (右空四字); the signature is centred over the date.
    pub sealed_date_right_em: f32,
}

impl Closing {
    /// The right insets of the signature and of the date, in body ems, for a signature `signature_em` and a
    /// date `date_em` wide (half-width digits count half), in a document `sealed` or not (GB/T 9704
    /// §7.3.5.1, §7.3.5.2). Every backend places the closing block by these numbers.
    pub fn insets(&self, signature_em: f32, date_em: f32, sealed: bool) -> (f32, f32) {
        if sealed {
            // The signature centred over the date, which stands 右空四字.
            let date_right = self.sealed_date_right_em;
            return ((date_right + (date_em - signature_em) / 2.0).max(0.0), date_right);
        }
        let Some(shift) = self.date_after_signature_em else {
            return (self.signature_right_em, self.date_right_em);
        };
        let signature_right = self.signature_right_em;
        let date_right = signature_right + signature_em - shift - date_em;
        if date_right >= signature_right {
            (signature_right, date_right)
        } else {
            // A date longer than the signature allows: 右空二字, and the signature moves left to keep the
            // date's start two characters right of its own.
            (signature_right + date_em + shift - signature_em, signature_right)
        }
    }

    /// Blank lines above the signature.
    pub fn space_lines(&self, sealed: bool) -> f32 {
        if sealed {
            self.sealed_space_lines
        } else {
            self.space_lines
        }
    }

    /// Signature and date flush with the right margin, straight under the text.
    pub const FLUSH_RIGHT: Closing = Closing {
        space_lines: 0.0,
        signature_right_em: 0.0,
        date_after_signature_em: None,
        date_right_em: 0.0,
        sealed_space_lines: 0.0,
        sealed_date_right_em: 0.0,
    };
}

/// The parts of an official document around its body (GB/T 9704-2012 §7.2, §7.3.7, §7.4, §10.2), in
/// every preset: a report or a book that carries a 发文字号, attachments or a 版记 sets them by these.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Official {
    /// The 发文字号 and a decree's 令号, centred (§7.2.5: 3号仿宋). Without a 版头 it stands on the line
    /// above the title, as published copies show it.
    pub doc_number: TextStyle,
    /// The 发文机关标志 of a red 版头 (§7.2.4: red 小标宋, centred), printed only when the document asks for
    /// one ([`crate::model::Meta::letterhead`]); shrunk to the measure when longer.
    pub letterhead: TextStyle,
    /// The top of the 发文机关标志 below the top of the type area, in millimetres (§7.2.4: 35).
    pub letterhead_top_mm: f32,
    /// The red of the 版头's mark and rule.
    pub letterhead_color: Rgb,
    /// Blank lines between the 发文机关标志 and the 发文字号 (§7.2.5: two).
    pub number_space_lines: f32,
    /// The red rule under the 发文字号, as wide as the type area: its distance below the number (§7.2.7:
    /// 4 mm) …
    pub rule_below_number_mm: f32,
    /// … and its weight in points.
    pub rule_pt: f32,
    /// Blank lines between the red rule and the title (§7.3.1: two).
    pub title_space_lines: f32,
    /// A decree's header (`某某市人民政府令`, §10.2), centred, red when a 版头 is asked for.
    pub decree: TextStyle,
    /// The top of a decree's header below the top of the type area, in millimetres (§10.2: 20).
    pub decree_top_mm: f32,
    /// Each attachment (§7.3.7) starts a new page (另面编排).
    pub attachment_new_page: bool,
    /// An attachment's label (`附件1`): §7.3.7 3号黑体, 顶格, on the first line of its page.
    pub attachment_label: TextStyle,
    /// An attachment's title: §7.3.7 like the main title, centred …
    pub attachment_title: TextStyle,
    /// … on this line of the page (§7.3.7: the third).
    pub attachment_title_line: u32,
    /// The 版记's lines (§7.4.2–7.4.3: 4号仿宋).
    pub record: TextStyle,
    /// How far the 版记's lines stand in from either side of the type area, in ems of their size (one).
    pub record_inset_em: f32,
    /// The 版记's first and last rules, in millimetres (§7.4.1: 0.35) …
    pub record_outer_rule_mm: f32,
    /// … and the rules between its lines (0.25).
    pub record_inner_rule_mm: f32,
}

/// How a paragraph of one role sits in the measure, in characters of its own size (grid cells on a
/// character grid).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Placement {
    /// Alignment.
    pub align: Align,
    /// Indent of every line from the left edge of the measure.
    pub left_em: f32,
    /// Indent of the first line from `left_em`; a negative one hangs the first line out to the left.
    pub first_em: f32,
}

impl Placement {
    /// Flush left, no indent.
    pub const FLUSH_LEFT: Placement = Placement { align: Align::Left, left_em: 0.0, first_em: 0.0 };
}

/// Where the paragraphs of the roles around the body text sit (the signature and the date are [`Closing`]).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Roles {
    /// Salutation, addressee (称谓, 主送机关): flush left, no indent (GB/T 9704 §7.3.2: 顶格).
    pub salutation: Placement,
    /// A line of a table of contents printed in the source, set as written.
    pub contents: Placement,
    /// A note (附注, `（此件公开发布）`).
    pub note: Placement,
    /// The first line of an attachment note (`附件：1. …`), and an attachment's label (`附件1`). GB/T 9704
    /// §7.3.4: 附件 two characters in, a long name wrapping under its own first character (left 5 =
    /// 2 + `附件：`, hanging 3).
    pub attachment: Placement,
    /// The further lines of an attachment note (`2. …`): the number under the first name's `1.`, a long
    /// name wrapping under its first character (left 6, hanging 1, the width of `2.`).
    pub attachment_more: Placement,
    /// Blank lines (of the body's pitch) above an attachment note (GB/T 9704 §7.3.4: one); none between its
    /// lines.
    pub attachment_space_lines: f32,
}

impl Roles {
    /// Where a paragraph of `role` holding `content` sits: an attachment line that does not open with
    /// `附件` continues the note above it ([`Roles::attachment_more`]). `None` for the roles placed
    /// otherwise (body text by its text style, the signature and the date by [`Closing`]).
    pub fn placement(&self, role: Role, content: &[Inline]) -> Option<&Placement> {
        match role {
            Role::Salutation => Some(&self.salutation),
            Role::Contents => Some(&self.contents),
            Role::Note => Some(&self.note),
            Role::Attachment if opens_attachment_note(content) => Some(&self.attachment),
            Role::Attachment => Some(&self.attachment_more),
            Role::Body | Role::Signature | Role::Date | Role::Boilerplate => None,
        }
    }
}

/// Whether an attachment line opens the note or an attachment (`附件：1. …`, `附件1`) rather than continuing
/// the note's list of names (`2. …`).
pub fn opens_attachment_note(content: &[Inline]) -> bool {
    plain_text(content).trim_start().starts_with("附件")
}
