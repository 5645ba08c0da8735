//! The default preset, chosen from what the readers recognised when the user names none.
//!
//! An official document (公文) is told by its furniture: a document number (`国发〔2019〕4号`), a title of
//! the form `<issuer>关于…的通知`, an addressee line (主送机关), a closing signature and date, attachments,
//! a `（此件公开发布）` note. A document that is a speech (a subtitle `在…上的讲话`, a named speaker, a
//! `同志们：` salutation) is never one, even when its title ends in `报告`. A novel or long prose is told by
//! its chapters (`第N回`, `第N章`, `第N卷`), or by sheer length, unless it is a statute (paragraphs that
//! begin `第N条`). Everything else is a report. The choice reads only the model, so the PDF, DOCX and EPUB
//! of one document always share it.

use super::StyleName;
use crate::model::{plain_text, Block, Document, Role};
use crate::zh::closing::{is_official_addressee, is_signature, OFFICIAL_GENRES, SPEECH_SALUTATIONS};
use crate::zh::dates::is_date_line;
use crate::zh::numerals::is_cn_numeral;

/// Evidence points an official document needs: two strong signs, or one strong and one weak.
const GONGWEN_THRESHOLD: u32 = 3;

/// Chapter headings that make a book.
const BOOK_CHAPTERS: usize = 5;

/// Characters of running text that make a book by length alone (a long novel without recognised chapters;
/// the longest speech in the corpus has about 33,000).
const BOOK_CHARS: usize = 150_000;

/// Paragraphs opening with `第N条` that mark a statute, whose chapters (`第一章 总则`) do not make it a book.
const STATUTE_ARTICLES: usize = 5;

impl StyleName {
    /// The preset `name` names (`gongwen`, `book`, `report`; case and surrounding spaces ignored).
    pub fn from_name(name: &str) -> Option<StyleName> {
        match name.trim().to_ascii_lowercase().as_str() {
            "gongwen" => Some(StyleName::Gongwen),
            "book" => Some(StyleName::Book),
            "report" => Some(StyleName::Report),
            _ => None,
        }
    }

    /// The preset that suits `doc` when the user names none: the one its front matter names (`style:`),
    /// else `gongwen` for an official document, `book` for a novel or long prose, `report` for the rest.
    pub fn for_document(doc: &Document) -> StyleName {
        if let Some(name) = doc.meta.extra.get("style").and_then(|s| StyleName::from_name(s)) {
            return name;
        }
        let evidence = Evidence::of(doc);
        if evidence.is_gongwen() {
            StyleName::Gongwen
        } else if evidence.is_book() {
            StyleName::Book
        } else {
            StyleName::Report
        }
    }
}

/// What the choice looks at, gathered in one walk over the blocks.
#[derive(Debug, Default)]
struct Evidence {
    doc_number: bool,
    official_title: bool,
    speech: bool,
    official_salutation: bool,
    signature: bool,
    date: bool,
    attachment: bool,
    note: bool,
    chapters: usize,
    articles: usize,
    chars: usize,
}

impl Evidence {
    fn of(doc: &Document) -> Evidence {
        let meta = &doc.meta;
        let mut e = Evidence {
            doc_number: meta.doc_number.is_some(),
            official_title: meta.title.as_deref().is_some_and(is_official_title),
            speech: meta.subtitle.is_some() || !meta.authors.is_empty(),
            ..Evidence::default()
        };
        // The first and last body paragraphs, for the checks that read text where a reader (Markdown) sets
        // no roles.
        let mut body: Vec<String> = Vec::new();
        e.walk(&doc.blocks, &mut body);
        if body.iter().take(3).any(|t| is_official_addressee(t)) {
            e.official_salutation = true;
        }
        let mut tail = body.iter().rev().map(|t| t.trim());
        if let (Some(last), Some(before)) = (tail.next(), tail.next()) {
            if is_date_line(last) && is_signature(before) {
                e.signature = true;
                e.date = true;
            }
        }
        e
    }

    fn walk(&mut self, blocks: &[Block], body: &mut Vec<String>) {
        for block in blocks {
            match block {
                Block::Heading { content, .. } => {
                    let text = plain_text(content);
                    self.chars += text.chars().count();
                    if is_chapter_heading(&text) {
                        self.chapters += 1;
                    }
                }
                Block::Paragraph { role, content } => {
                    let text = plain_text(content);
                    match role {
                        Role::Boilerplate => continue,
                        Role::Salutation => {
                            if SPEECH_SALUTATIONS.iter().any(|s| text.trim().starts_with(s)) {
                                self.speech = true;
                            } else {
                                self.official_salutation = true;
                            }
                        }
                        Role::Signature => self.signature = true,
                        Role::Date => self.date = true,
                        Role::Attachment => self.attachment = true,
                        Role::Note => self.note = true,
                        Role::Contents => {}
                        Role::Body => {
                            if is_article(&text) {
                                self.articles += 1;
                            }
                            // Only the first three and the last two are read.
                            body.push(text.clone());
                            if body.len() > 5 {
                                body.remove(3);
                            }
                        }
                    }
                    self.chars += text.chars().count();
                }
                Block::List { items, .. } => {
                    for item in items {
                        self.walk(item, body);
                    }
                }
                Block::Quote { blocks } => self.walk(blocks, body),
                // What an attachment holds is its own text, not the document's close.
                Block::Attachment { .. } => self.attachment = true,
                Block::Code { .. }
                | Block::Table(_)
                | Block::Figure { .. }
                | Block::Rule
                | Block::PageBreak => {}
            }
        }
    }

    fn is_gongwen(&self) -> bool {
        if self.speech {
            return false;
        }
        let strong = 2 * u32::from(self.doc_number) + 2 * u32::from(self.official_title);
        let weak = u32::from(self.official_salutation)
            + u32::from(self.signature && self.date)
            + u32::from(self.attachment)
            + u32::from(self.note);
        strong + weak >= GONGWEN_THRESHOLD
    }

    fn is_book(&self) -> bool {
        self.articles < STATUTE_ARTICLES && (self.chapters >= BOOK_CHAPTERS || self.chars >= BOOK_CHARS)
    }
}

/// `国务院关于…的通知`, `关于做好…工作的通知`, `中华人民共和国国务院令`.
fn is_official_title(title: &str) -> bool {
    let t = title.trim();
    let genre = OFFICIAL_GENRES.iter().any(|g| t.ends_with(g));
    genre && (t.contains("关于") || t.ends_with("令"))
}

/// `第一回`, `第三章`, `第一二零回`, and scraper-prefixed `《》目录 第N回` or `正文 第N回`: a chapter heading.
fn is_chapter_heading(text: &str) -> bool {
    let t = text.trim();
    // `第` at the start, or after a short scraper prefix ending in a space: a heading that merely mentions
    // a chapter (`关于第三章的说明`) is not one.
    t.char_indices().take(8).filter(|&(_, c)| c == '第').any(|(i, _)| {
        let prefix = t.get(..i).unwrap_or("");
        if !(prefix.is_empty() || prefix.ends_with(char::is_whitespace)) {
            return false;
        }
        let rest = t.get(i + '第'.len_utf8()..).unwrap_or("");
        let digits = rest.chars().take_while(|&c| c.is_ascii_digit() || is_cn_numeral(c)).count();
        digits > 0 && rest.chars().nth(digits).is_some_and(|c| matches!(c, '回' | '章' | '卷'))
    })
}

/// `第一条　…`: a statute's article.
fn is_article(text: &str) -> bool {
    let Some(rest) = text.trim_start().strip_prefix('第') else { return false };
    let digits = rest.chars().take_while(|&c| c.is_ascii_digit() || is_cn_numeral(c)).count();
    digits > 0 && rest.chars().nth(digits) == Some('条')
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Inline, Meta, Person};

    fn para(role: Role, text: &str) -> Block {
        Block::Paragraph { role, content: vec![Inline::Text(text.to_owned())] }
    }

    fn heading(level: u8, text: &str) -> Block {
        Block::Heading { level, content: vec![Inline::Text(text.to_owned())] }
    }

    fn doc(title: Option<&str>, blocks: Vec<Block>) -> Document {
        Document {
            meta: Meta { title: title.map(str::to_owned), ..Meta::default() },
            blocks,
            ..Document::default()
        }
    }

    fn notice() -> Document {
        let mut d = doc(
            Some("市教育局关于做好冬季校园安全工作的通知"),
            vec![
                para(Role::Salutation, "各区教育局，市属各学校："),
                para(Role::Body, "为切实做好今冬明春校园安全工作，现将有关事项通知如下。"),
                heading(1, "一、提高思想认识"),
                para(Role::Body, "各单位要切实把各项防范措施落到实处。"),
                para(Role::Attachment, "附件：冬季校园安全检查表"),
                para(Role::Signature, "市教育局"),
                para(Role::Date, "2026年11月20日"),
            ],
        );
        d.meta.doc_number = Some("市教发〔2026〕12号".into());
        d
    }

    #[test]
    fn an_official_notice_is_set_as_gongwen() {
        assert_eq!(StyleName::for_document(&notice()), StyleName::Gongwen);
    }

    #[test]
    fn a_notice_in_markdown_without_roles_is_still_gongwen() {
        let d = doc(
            Some("最高人民检察院关于适用修订刑法若干问题的通知"),
            vec![
                para(Role::Body, "地方各级人民检察院、各级军事检察院："),
                para(Role::Body, "现对有关问题通知如下："),
                para(Role::Body, "如果当时的法律不认为是犯罪的，适用当时的法律。"),
                para(Role::Body, "最高人民检察院"),
                para(Role::Body, "1997年10月6日"),
            ],
        );
        assert_eq!(StyleName::for_document(&d), StyleName::Gongwen);
    }

    #[test]
    fn a_speech_is_a_report_even_with_a_title_ending_in_report() {
        let mut d = doc(
            Some("政府工作报告"),
            vec![para(Role::Salutation, "各位代表："), para(Role::Body, "现在，我代表市人民政府作报告。")],
        );
        d.meta.subtitle = Some("在市第十六届人民代表大会第四次会议上".into());
        d.meta.authors.push(Person { name: "某某".into(), role: Some("市长".into()) });
        assert_eq!(StyleName::for_document(&d), StyleName::Report);
        let speech = doc(
            Some("在全市工作会议上的讲话"),
            vec![para(Role::Salutation, "同志们："), para(Role::Body, "今天召开会议。")],
        );
        assert_eq!(StyleName::for_document(&speech), StyleName::Report);
    }

    #[test]
    fn a_novel_with_chapters_is_a_book() {
        let mut blocks = Vec::new();
        for n in ["一", "二", "三", "四", "五", "六"] {
            blocks.push(heading(1, &format!("第{n}回  甄士隐梦幻识通灵　贾雨村风尘怀闺秀")));
            blocks.push(para(Role::Body, "列位看官：你道此书从何而来？"));
        }
        assert_eq!(StyleName::for_document(&doc(Some("红楼梦"), blocks)), StyleName::Book);
    }

    #[test]
    fn scraper_prefixed_chapter_headings_still_count() {
        assert!(is_chapter_heading("《》目录 第十二回　玄奘秉诚建大会"));
        assert!(is_chapter_heading("第一二零回  甄士隐详说太虚情"));
        assert!(!is_chapter_heading("关于第三章的说明和其他事项第五章"));
        assert!(!is_chapter_heading("一、总体要求"));
    }

    #[test]
    fn a_statute_with_chapters_is_not_a_book() {
        let mut blocks = Vec::new();
        for n in ["一", "二", "三", "四", "五", "六"] {
            blocks.push(heading(1, &format!("第{n}章　总则")));
            blocks.push(para(Role::Body, &format!("第{n}条　为了规范管理，制定本条例。")));
        }
        assert_eq!(StyleName::for_document(&doc(Some("某某条例"), blocks)), StyleName::Report);
    }

    #[test]
    fn very_long_prose_without_chapters_is_a_book() {
        let long = "天色渐渐暗了下来，河边的柳树在风里摇着。".repeat(8_000);
        assert_eq!(StyleName::for_document(&doc(None, vec![para(Role::Body, &long)])), StyleName::Book);
    }

    #[test]
    fn an_ordinary_article_is_a_report() {
        let d = doc(
            Some("排版札记"),
            vec![heading(1, "为什么要两端对齐"), para(Role::Body, "中文段落两端对齐，版面才整齐。")],
        );
        assert_eq!(StyleName::for_document(&d), StyleName::Report);
    }

    #[test]
    fn front_matter_style_wins_over_detection() {
        let mut d = notice();
        d.meta.extra.insert("style".into(), "Book".into());
        assert_eq!(StyleName::for_document(&d), StyleName::Book);
        d.meta.extra.insert("style".into(), "fancy".into());
        assert_eq!(StyleName::for_document(&d), StyleName::Gongwen, "an unknown name is ignored");
    }
}
