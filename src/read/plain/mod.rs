//! The plain-text reader: Chinese `.txt` documents → [`Document`], recognising structure as a careful typist
//! would.
//!
//! Passes, each in its own module: `lines` (trimmed lines, giant lines split, hard wraps and link
//! fragments re-joined), `head` (where the document starts among a web page's furniture: the title by its
//! features), `title_shape` (what a title line looks like), `header` (header elements, info lines and
//! adoption lines as metadata), `title` (the rest of the title block → `Meta`), `furniture` (site
//! furniture by shallow features), `web_tokens` (URLs, phone numbers, posting times, page counters),
//! `placement` (furniture by where it stands: anywhere, repeated on every page, in the footer), `contents` (tables of contents), `roles`
//! (salutation, signature, date, attachments, notes), `statute` (articles and decrees), `inner_titles`
//! (titles of documents inside the document), `outline` (which paragraphs are headings or run-in leads),
//! `headings` (numbering markers, run-in leads, enumerated points), `sequences` (numbering read as
//! sequences), `blocks` (heading levels by the markers present; the model's blocks), `table`
//! (TAB-separated rows). When unsure, every pass prefers the conservative reading: a paragraph.

/// Attachments after the closing block, each as one block.
mod attachments;
mod blocks;
/// Who wrote or spoke the text: bylines, a theme line's speaker, the people a page's info lines name.
mod byline;
/// A chapter's title on the line after its label, joined to it.
mod chapter_titles;
pub(super) mod chars;
/// The closing block: dates, signatures and printing lines by their shape and place.
mod closing;
mod contents;
mod furniture;
mod head;
mod header;
mod headings;
mod inner_titles;
mod lines;
/// The main text as a block: where a pasted page's document runs, from its lines of prose.
mod main_text;
mod outline;
mod placement;
/// The 版记 that ends a document, as metadata.
mod record;
mod roles;
/// Unnumbered section titles over the numbering they head.
mod sections;
mod sequences;
mod statute;
mod table;
mod title;
mod title_shape;
mod web_tokens;

use crate::diag::{Diagnostic, Kind};
use crate::model::{Document, Inline, Role};
use chars::{char_len, is_private_use};
use headings::Marker;

/// One block in the making.
#[derive(Debug)]
pub(super) struct Item {
    pub(super) text: String,
    pub(super) no: usize,
    pub(super) role: Role,
    pub(super) heading: Option<Marker>,
    /// Content other than the plain text (run-in leads).
    pub(super) content: Option<Vec<Inline>>,
    pub(super) cells: Option<Vec<String>>,
}

impl Item {
    fn new(text: String, no: usize, role: Role) -> Item {
        Item { text, no, role, heading: None, content: None, cells: None }
    }

    pub(super) fn is_plain_body(&self) -> bool {
        self.role == Role::Body && self.heading.is_none() && self.content.is_none() && self.cells.is_none()
    }
}

/// Parses plain text (already decoded and normalised to `\n` line ends). Diagnostics report repairs (split
/// giant lines), unusual characters and the boilerplate found.
pub fn read_plain(text: &str) -> (Document, Vec<Diagnostic>) {
    let mut diagnostics = Vec::new();
    report_private_use(text, &mut diagnostics);
    let lines = lines::split_lines(text, &mut diagnostics);
    let header = title::read_title_block(&lines);
    let mut meta = header.meta;
    meta.lang = chars::script_lang(text).to_owned();
    let mut items: Vec<Item> =
        header.boilerplate.into_iter().map(|(text, no)| Item::new(text, no, Role::Boilerplate)).collect();
    let body = lines.get(header.consumed..).unwrap_or_default();
    let layout = lines::measure(body);
    let paras = lines::join(body, layout, starts_block, ends_block);
    for para in paras {
        push_para(&mut items, para);
    }
    statute::join_article_labels(&mut items);
    chapter_titles::join(&mut items);
    contents::mark_contents(&mut items);
    roles::assign_roles(&mut items, &mut meta);
    placement::mark(&mut items);
    record::take_record(&mut items, &mut meta);
    byline::harvest_info_lines(&items, &mut meta);
    statute::take_decreed_title(&mut items, &mut meta);
    inner_titles::join_split_titles(&mut items);
    outline::assign_headings(&mut items);
    // A page's publication date stands in only for a document that dates itself nowhere.
    if let Some(published) = meta.extra.remove("published") {
        meta.date.get_or_insert(published);
    }
    report_boilerplate(&items, &mut diagnostics);
    let blocks = attachments::group(blocks::into_blocks(items));
    (Document { meta, blocks, ..Document::default() }, diagnostics)
}

/// Lines that begin a block whatever the layout suggests, so that re-joining never swallows them.
fn starts_block(text: &str) -> bool {
    headings::marker(text).is_some()
        || headings::chapter_prefix(text).is_some()
        || roles::is_strong_boilerplate(text)
        || furniture::is_page_line(text)
        || roles::is_licence_footer_word(text)
        || roles::is_attachment_start(text)
        || chars::is_date_line(text)
        || closing::dated_signature(text).is_some()
        || roles::is_paren_note(text)
        || contents::is_label(text)
        || contents::has_leaders(text)
}

/// Paragraphs that nothing may continue: a numbered line without sentence punctuation is a heading, and a
/// heading ends at its line end (even where a comma in it, or the wrap width, would suggest otherwise).
fn ends_block(text: &str) -> bool {
    contents::is_label(text)
        || contents::has_leaders(text)
        || furniture::is_page_line(text)
        || headings::marker(text).is_some_and(|(kind, len)| {
            kind != Marker::Article
                && text.get(len..).is_some_and(|rest| !rest.is_empty() && !chars::has_sentence_punct(rest))
                && !text.ends_with(['，', '、', ','])
        })
}

fn push_para(items: &mut Vec<Item>, para: lines::Para) {
    let lines::Para { text, no, cells } = para;
    if cells.is_some() {
        items.push(Item { cells, ..Item::new(text, no, Role::Body) });
        return;
    }
    if let Some(parts) = roles::split_boilerplate_items(&text) {
        items.extend(parts.into_iter().map(|p| Item::new(p.to_owned(), no, Role::Boilerplate)));
        return;
    }
    if roles::is_strong_boilerplate(&text) {
        items.push(Item::new(text, no, Role::Boilerplate));
        return;
    }
    if let Some((prefix, chapter, suffix)) = headings::chapter_prefix(&text) {
        let nav = |part: &str| (!part.is_empty()).then(|| Item::new(part.to_owned(), no, Role::Boilerplate));
        items.extend(nav(prefix));
        items.push(Item::new(chapter.to_owned(), no, Role::Body));
        items.extend(nav(suffix));
        return;
    }
    items.push(Item::new(text, no, Role::Body));
}

fn report_private_use(text: &str, diagnostics: &mut Vec<Diagnostic>) {
    let mut count = 0usize;
    let mut first: Option<(char, usize)> = None;
    for (no, line) in text.split('\n').enumerate() {
        for ch in line.chars().filter(|&c| is_private_use(c)) {
            count += 1;
            first.get_or_insert((ch, no + 1));
        }
    }
    if let Some((ch, no)) = first {
        diagnostics.push(
            Diagnostic::warning(
                Kind::Encoding,
                format!(
                    "{count} Private-Use-Area character(s) kept (first U+{:04X}); they are encoder-specific \
                     glyphs that most fonts show as blank boxes",
                    u32::from(ch)
                ),
            )
            .at(format!("line {no}")),
        );
    }
}

fn report_boilerplate(items: &[Item], diagnostics: &mut Vec<Diagnostic>) {
    let mut found = items.iter().filter(|i| i.role == Role::Boilerplate);
    let Some(first) = found.next() else { return };
    let count = 1 + found.count();
    let mut example: String = first.text.chars().take(30).collect();
    if char_len(&first.text) > 30 {
        example.push('…');
    }
    diagnostics.push(
        Diagnostic::info(
            Kind::Dropped,
            format!(
                "{count} boilerplate line(s) recognised (site furniture, QR-code captions, download ads; first: \
                 “{example}”); kept in the document, omitted from outputs unless --keep-boilerplate"
            ),
        )
        .at(format!("line {}", first.no)),
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{plain_text, Block};

    pub(super) fn outline(text: &str) -> Vec<String> {
        let (doc, _) = read_plain(text);
        // An attachment as its parts: its label line, its title heading, its text.
        let flat: Vec<Block> = doc
            .blocks
            .iter()
            .flat_map(|b| match b {
                Block::Attachment { label, title, blocks } => Block::attachment_parts(label, title, blocks),
                other => vec![other.clone()],
            })
            .collect();
        flat.iter()
            .map(|b| match b {
                Block::Heading { level, content } => format!("H{level} {}", plain_text(content)),
                Block::Paragraph { role, content } => format!("{role:?} {}", plain_text(content)),
                Block::Table(t) => format!("Table {}x{}", t.head.len() + t.body.len(), t.columns.len()),
                other => format!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn novel_chapters_with_scraper_prefix() {
        let text = "《西游记》\n\n《》目录 第一回　灵根育孕源流出　心性修持大道生\n\n    诗曰：\n\n    混沌未分天地乱。\n\n\
                    《》目录 第一百回　径回东土　五圣成真\n\n    话表八大金刚。\n";
        let (doc, _) = read_plain(text);
        assert_eq!(doc.meta.title.as_deref(), Some("西游记"));
        let out = outline(text);
        assert_eq!(out.iter().filter(|l| l.starts_with("H1 第")).count(), 2, "{out:?}");
        assert_eq!(out[0], "Boilerplate 《》目录");
    }

    pub(super) fn first_strong(doc: &Document, index: usize) -> Option<String> {
        match doc.blocks.get(index) {
            Some(Block::Paragraph { content, .. }) => match content.first() {
                Some(Inline::Strong(inner)) => Some(plain_text(inner)),
                _ => None,
            },
            _ => None,
        }
    }

    pub(super) const LONG: &str =
        "这是一个足够长的正文段落，说明了很多具体情况，内容充实，结构完整，足以成为正文段落的样子，\
                        并且还有更多的文字来说明问题。";

    #[test]
    fn articles_are_paragraphs_with_run_in_labels() {
        let bare =
            "第一条　为了规范管理，制定本条例。\n第二条　本条例适用于全国。\n第 3 條\n本條例自公布日施行。\n";
        assert_eq!(
            outline(bare),
            [
                "Body 第一条　为了规范管理，制定本条例。",
                "Body 第二条　本条例适用于全国。",
                "Body 第3條　本條例自公布日施行。"
            ]
        );
        let chaptered = format!("第一章　总则\n{bare}第二章　附则\n第四条　本条例由国务院解释。\n");
        let out = outline(&chaptered);
        assert_eq!(out.iter().filter(|l| l.starts_with('H')).count(), 2, "{out:?}");
        let (doc, _) = read_plain(&chaptered);
        assert_eq!(first_strong(&doc, 1).as_deref(), Some("第一条"));
    }

    #[test]
    fn numbered_heading_line_is_never_continued() {
        let lines: String = (0..10).map(|_| format!("{LONG}\n\n")).collect();
        let text =
            format!("{lines}一、专用号牌的核发范围和管理\n国家综合性消防救援车辆中符合规定的车辆。\n\n");
        let out = outline(&text);
        assert!(out.contains(&"H1 一、专用号牌的核发范围和管理".to_owned()), "{out:?}");
    }

    #[test]
    fn a_sentence_broken_at_a_link_is_rejoined() {
        let text = "一年是第一年，十分重要。今年发展的\n主要预期目标\n是：增长百分之五。\n";
        assert_eq!(outline(text), ["Body 一年是第一年，十分重要。今年发展的主要预期目标是：增长百分之五。"]);
    }

    #[test]
    fn private_use_characters_are_kept_and_reported() {
        let (doc, diags) = read_plain("他拿起\u{E7C7}刀。\n");
        assert!(plain_text(match &doc.blocks[0] {
            Block::Paragraph { content, .. } => content,
            _ => panic!(),
        })
        .contains('\u{E7C7}'));
        assert!(diags.iter().any(|d| d.message.contains("Private-Use-Area")));
    }

    #[test]
    fn a_spaced_info_table_and_the_site_name_above_it_are_furniture() {
        let text = format!(
            "某某市人民政府\n当前位置：首页 > 政策文件\n\n某某市人民政府关于表彰先进单位的决定\n\n\
             索引号 0140/2023-04570 生成日期 2023-11-21\n文件编号 某政发〔2023〕158号 公开时限 长期公开\n\
             公开方式 主动公开 公开范围 面向社会\n\n各镇人民政府，市各委办局：\n{LONG}\n"
        );
        let (doc, _) = read_plain(&text);
        assert_eq!(doc.meta.title.as_deref(), Some("某某市人民政府关于表彰先进单位的决定"));
        assert_eq!(doc.meta.doc_number.as_deref(), Some("某政发〔2023〕158号"));
        // The office's name over the page's breadcrumb is the site's, not the issuer.
        assert_eq!(doc.meta.issuer, None);
        let out = outline(&text);
        assert_eq!(out.iter().filter(|l| l.starts_with("Boilerplate")).count(), 5, "{out:?}");
        assert_eq!(out[5], "Salutation 各镇人民政府，市各委办局：");
    }

    #[test]
    fn labels_with_their_values_on_the_next_line_give_metadata() {
        let text = format!(
            "行政函釋\n\n發文單位:\n法務部\n發文字號:\n(90)法律字第 006698 號\n發文日期:\n民國 90 年 03 月 08 日\n\
             {LONG}\n資料來源:\n法務部公報 第 256 期 98 頁\n行政機關法制作業實務 第 148 頁\n"
        );
        let (doc, _) = read_plain(&text);
        assert_eq!(doc.meta.issuer.as_deref(), Some("法務部"));
        assert_eq!(doc.meta.doc_number.as_deref(), Some("(90)法律字第 006698 號"));
        assert_eq!(doc.meta.date.as_deref(), Some("2001-03-08"));
        // The source label at the end takes its values with it.
        let out = outline(&text);
        assert!(out.iter().rev().take(3).all(|l| l.starts_with("Boilerplate")), "{out:?}");
    }

    #[test]
    fn a_name_alone_under_the_title_is_its_author() {
        let text = format!(
            "任弼时论增强党性的五重路径\n\n发布时间:2024-08-27 09:33:44 浏览次数:97\n\n刘金新\n\n{LONG}\n"
        );
        let (doc, _) = read_plain(&text);
        assert_eq!(doc.meta.authors.first().map(|p| p.name.as_str()), Some("刘金新"));
        // Words that open a text are no names.
        for word in ["前言", "楔子", "全文", "关于"] {
            assert!(!chars::is_personal_name(word), "{word}");
        }
    }

    #[test]
    fn a_subtitle_with_one_dash_and_a_dated_info_line_under_the_title() {
        let text = format!(
            "奋力谱写社会主义现代化建设新篇章\n—热烈祝贺市五届人大五次会议开幕\n\
             刊发日期:2022-01-19 阅读次数: 作者:\n\n{LONG}\n"
        );
        let (doc, _) = read_plain(&text);
        assert_eq!(doc.meta.subtitle.as_deref(), Some("热烈祝贺市五届人大五次会议开幕"));
        assert_eq!(doc.meta.date.as_deref(), Some("2022-01-19"));
        assert!(outline(&text)[0].starts_with("Boilerplate 刊发日期"));
    }

    #[test]
    fn a_page_that_speaks_of_its_text_and_a_title_split_by_a_blank_line() {
        let text = format!(
            "某省人民政府办公厅文件\n\n简介:某某文库小编为你整理了多篇相关的文章，希望对你的工作学习有帮助。\n\n\
             某省人民政府办公厅文件\n\n某政办发〔2009〕24号\n\n某省人民政府办公厅关于加强普通高等学校\n\n\
             毕业生就业工作的通知\n\n各市州人民政府：\n\n{LONG}\n"
        );
        let (doc, _) = read_plain(&text);
        assert_eq!(
            doc.meta.title.as_deref(),
            Some("某省人民政府办公厅关于加强普通高等学校毕业生就业工作的通知")
        );
        assert_eq!(doc.meta.issuer.as_deref(), Some("某省人民政府办公厅"));
        assert_eq!(doc.meta.doc_number.as_deref(), Some("某政办发〔2009〕24号"));
        assert!(outline(&text).iter().any(|l| l.starts_with("Boilerplate 简介")));
    }

    #[test]
    fn a_decreed_statute_title_over_two_lines_is_one_title() {
        let text = "中华人民共和国主席令\n第　七　号\n　　《全国人民代表大会常务委员会关于修改＜某某法＞的决定》已由会议通过，现予公布。\n\
                    中华人民共和国主席 某某某\n2013年10月25日\n\n全国人民代表大会常务委员会关于修改\n《某某法》的决定\n\
                    （2013年10月25日第十二届全国人民代表大会常务委员会第五次会议通过）\n第十二届全国人民代表大会常务委员会第五次会议决定对《某某法》作如下修改：\n";
        let (doc, _) = read_plain(text);
        assert_eq!(doc.meta.title.as_deref(), Some("全国人民代表大会常务委员会关于修改《某某法》的决定"));
        let out = outline(text);
        assert_eq!(out[3], "Body （2013年10月25日第十二届全国人民代表大会常务委员会第五次会议通过）");
    }

    #[test]
    fn a_statute_titled_above_its_decree() {
        let text = "禁止某某条例\n\n中华人民共和国国务院令第４４４号\n《禁止某某条例》已经国务院常务会议通过，现予公布，自公布之日起施行。\n\
                    总理某某某\n二○○五年八月二十三日\n\n禁止某某条例\n\n第一章  总则\n第一条  为了防止欺诈，制定本条例。\n";
        let (doc, _) = read_plain(text);
        assert_eq!(doc.meta.doc_number.as_deref(), Some("第４４４号"));
        assert_eq!(doc.meta.decree.as_deref(), Some("中华人民共和国国务院令"));
        // The decree's header and number are printed from the metadata, once (GB/T 9704 §10.2).
        assert!(outline(text)[0].starts_with("Body 《禁止某某条例》已经"));
        assert_eq!(outline(text)[1], "Signature 总理某某某");
        assert_eq!(outline(text)[3], "Boilerplate 禁止某某条例");
    }
}
