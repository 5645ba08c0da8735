//! Paragraph and character style ids, shared with the body builder so that names cannot drift apart.

pub const TITLE: &str = "Title";
pub const SUBTITLE: &str = "Subtitle";
pub const SERIES: &str = "Series";
/// The 发文字号 (or a decree's 令号), centred.
pub const DOC_NUMBER: &str = "DocNumber";
/// The 发文字号 under a red 版头: the red rule under it.
pub const DOC_NUMBER_RULED: &str = "DocNumberRuled";
/// The 发文机关标志 of a red 版头.
pub const LETTERHEAD: &str = "Letterhead";
/// A decree's header (`某某市人民政府令`).
pub const DECREE: &str = "Decree";
/// A decree's header in a red 版头's colour, when the document asks for a letterhead (§10.2).
pub const DECREE_RED: &str = "DecreeRed";
/// An attachment's label (`附件1`), on the first line of its page.
pub const ATTACHMENT_LABEL: &str = "AttachmentLabel";
/// An attachment's title, centred.
pub const ATTACHMENT_TITLE: &str = "AttachmentTitle";
/// A line of the 版记 (抄送, 印发).
pub const RECORD: &str = "Record";
pub const AUTHOR: &str = "Author";
pub const TITLE_DATE: &str = "TitleDate";
pub const SALUTATION: &str = "Salutation";
pub const SIGNATURE: &str = "Signature";
/// 成文日期, the closing date.
pub const DATE: &str = "ClosingDate";
pub const ATTACHMENT: &str = "Attachment";
/// Second and later lines of an attachment note (`2. …`), aligned under the first name.
pub const ATTACHMENT_LIST: &str = "AttachmentList";
pub const NOTE: &str = "Note";
/// A table of contents as the source printed it: flush left, no first-line indent.
pub const CONTENTS: &str = "Contents";
pub const QUOTE: &str = "Quote";
pub const CODE: &str = "Code";
pub const LIST: &str = "ListParagraph";
pub const TABLE_TEXT: &str = "TableText";
pub const TABLE_HEADING: &str = "TableHeading";
pub const FIGURE: &str = "Figure";
pub const CAPTION: &str = "Caption";
pub const RULE: &str = "Rule";
pub const FOOTNOTE_TEXT: &str = "FootnoteText";
pub const FOOTER: &str = "Footer";
/// The table of contents' heading and levels.
pub const TOC_HEADING: &str = "TOCHeading";
pub const TOC_LEVELS: [&str; 3] = ["TOC1", "TOC2", "TOC3"];
/// The running head of books.
pub const HEADER: &str = "Header";
/// Footer of odd pages when numbers sit outside: right-aligned, one character in.
pub const FOOTER_ODD: &str = "FooterOdd";
/// Footer of even pages when numbers sit outside: left-aligned, one character in.
pub const FOOTER_EVEN: &str = "FooterEven";
pub const STRONG: &str = "Strong";
/// Character style of a run-in heading (a paragraph's `Strong` lead sentence).
pub const RUN_IN: &str = "RunInHeading";
/// Character styles of run-in leads by their number's level (`一、`, `（一）`, `1.`, `（1）`).
pub const RUN_IN_LEVELS: [&str; 4] = ["RunInHeading1", "RunInHeading2", "RunInHeading3", "RunInHeading4"];
pub const EMPHASIS: &str = "Emphasis";
pub const CODE_CHAR: &str = "VerbatimChar";
pub const HYPERLINK: &str = "Hyperlink";
pub const TABLE: &str = "TableGrid";
/// `Heading1` … `Heading6`.
pub const HEADINGS: [&str; 6] = ["Heading1", "Heading2", "Heading3", "Heading4", "Heading5", "Heading6"];
