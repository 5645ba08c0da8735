//! Which paragraphs are headings. A numbered line is a heading, a paragraph with its lead sentence run in,
//! or text, by its marker, its shape and its neighbours (a heading stands over text); then the titles of
//! documents inside the document, numbering that restarts, a decimal outline's first level and, in
//! documents without numbered sections, unnumbered headings and lead sentences. Levels come later, from
//! the hierarchy of the markers found.

use super::chars::{self, char_len, ends_sentence, has_sentence_punct, is_han, starts_with_closing_punct};
use super::headings::{self, Marked, Marker};
use super::{furniture, inner_titles, sections, sequences, statute, Item};
use crate::model::{Inline, Role};

/// Numbered headings and run-in leads, then (in documents without numbered sections) unnumbered headings.
pub(super) fn assign_headings(items: &mut [Item]) {
    let count = items.len();
    for i in 0..count {
        let prev_kind = i
            .checked_sub(1)
            .and_then(|p| items.get(p))
            .and_then(|p| headings::marker(&p.text))
            .map(|(k, _)| k);
        // The next block's marker kind, if it is body text: a one-sentence numbered line over a paragraph
        // (or over deeper numbering) is a heading that ends in a full stop (`（一）“双重”负责的原则。`).
        let next = items.get(i + 1).filter(|n| n.role == Role::Body && n.cells.is_none());
        let next_kind = next.map(|n| headings::marker(&n.text).map(|(k, _)| k));
        // A link (`http://…`) or a label (`国内学历：http://…`) under a numbered sentence leaves it a sentence:
        // a heading stands over text.
        let next_text = next.is_some_and(|n| !n.text.contains("://") && !furniture::is_label_value(&n.text));
        let Some(item) = items.get_mut(i).filter(|i| i.role == Role::Body && i.cells.is_none()) else {
            continue;
        };
        if let Some((kind, len)) = headings::marker(&item.text) {
            let over_text = match next_kind {
                Some(None) => next_text,
                Some(Some(next)) => next > kind,
                None => false,
            };
            // … but not the last item of a list (`（4）其他事项。` after `（3）…`).
            if over_text && prev_kind != Some(kind) && headings::is_stopped_heading(&item.text, kind, len) {
                item.heading = Some(kind);
                continue;
            }
            let over_list = matches!(next_kind, Some(Some(next)) if next > kind);
            if (over_list || over_text)
                && prev_kind != Some(kind)
                && headings::is_colon_heading(&item.text, kind, len, over_list)
            {
                item.heading = Some(kind);
                continue;
            }
            match headings::classify(&item.text, kind, len) {
                Marked::Heading(kind) => item.heading = Some(kind),
                Marked::RunIn(content) => item.content = Some(content),
                // A short numbered sentence over its paragraph is that paragraph's lead; not the last item
                // of a list (`（三）通报国内外形势。` after `（二）…`), which is followed by text too.
                Marked::Text
                    if next_kind == Some(None)
                        && prev_kind != Some(kind)
                        && headings::is_lone_lead(&item.text, MARKED_LEAD) =>
                {
                    item.content = Some(strong(&item.text));
                }
                Marked::Text => {}
            }
        } else if let Some(content) = headings::enumerated_point(&item.text) {
            item.content = Some(content);
        } else if next_kind == Some(None)
            && headings::opens_enumeration(&item.text)
            && headings::is_lone_lead(&item.text, 60)
        {
            // `一是联合港澳承办十五运会和残特奥会。` alone over its paragraph: the whole line is the lead.
            item.content = Some(strong(&item.text));
        }
    }
    inner_titles::mark_titles(items);
    statute::demote_items_in_articles(items);
    sections::mark_section_titles(items);
    sequences::demote_broken_sequences(items);
    // `1.总则` over `1.1目的`: the decimal outline's first level, written with a dot.
    for i in 0..items.len() {
        if items[i].heading != Some(Marker::Num) {
            continue;
        }
        let Some((Marker::Num, len)) = headings::marker(&items[i].text) else { continue };
        let Some(n) = headings::marker_number(&items[i].text, Marker::Num, len) else { continue };
        let below = items[i + 1..].iter().find(|item| item.heading.is_some());
        if below
            .is_some_and(|b| b.heading == Some(Marker::Decimal(2)) && b.text.starts_with(&format!("{n}.")))
        {
            items[i].heading = Some(Marker::Decimal(1));
        }
    }
    mark_glued_decimal_parents(items);
    // Markdown marks are an outline only where the document uses them as one: a single `# …` line is a
    // comment or a tag as often as a heading.
    let hashed = items.iter().filter(|i| matches!(i.heading, Some(Marker::Hash(_)))).count();
    if hashed < 2 {
        for item in items.iter_mut().filter(|i| matches!(i.heading, Some(Marker::Hash(_)))) {
            item.heading = None;
        }
    }
    // A one-level decimal `1 总则` is a heading only where deeper levels (`1.1`) confirm the outline.
    let has_deep_decimal = items.iter().any(|i| matches!(i.heading, Some(Marker::Decimal(d)) if d >= 2));
    if !has_deep_decimal {
        for item in items.iter_mut().filter(|i| i.heading == Some(Marker::Decimal(1))) {
            item.heading = None;
        }
    }
    let sectioned = items.iter().any(|i| {
        matches!(
            i.heading,
            Some(
                Marker::Hash(_)
                    | Marker::Part
                    | Marker::Chapter
                    | Marker::Section
                    | Marker::Subsection
                    | Marker::Cn
                    | Marker::Decimal(_)
            )
        )
    });
    let novel = items.iter().any(|i| i.heading == Some(Marker::Chapter));
    if !sectioned {
        mark_unnumbered_headings(items, novel);
    }
    if !novel {
        mark_unnumbered_leads(items);
    }
    // A heading stands over text: a numbered line that ends the text (a page cut off after
    // `（二）建立重大案件沟通协调`) is what is left of an item.
    let last = items.iter().rposition(|i| i.role == Role::Body);
    if let Some(at) = last.filter(|&at| items[at].heading.is_some_and(|h| h != Marker::Title)) {
        demote_at(items, at);
    }
}

/// `2组织指挥体系及职责` over `2.1应急组织机构与职责`: a number glued to its title, which no marker reads, is
/// the first level of a decimal outline where the heading right under it numbers its first child
/// (`2.1`): the sequence of children decides what one line alone cannot.
fn mark_glued_decimal_parents(items: &mut [Item]) {
    for i in 0..items.len().saturating_sub(1) {
        let item = &items[i];
        let (digits, rest) = chars::take_while(&item.text, |c| c.is_ascii_digit());
        let glued = !digits.is_empty()
            && digits.len() <= 2
            && rest.chars().next().is_some_and(is_han)
            && item.is_plain_body()
            && headings::marker(&item.text).is_none()
            && is_heading_shaped(rest);
        let child = &items[i + 1];
        if glued
            && child.heading == Some(Marker::Decimal(2))
            && child.text.strip_prefix(digits).is_some_and(|r| r.starts_with(".1"))
        {
            items[i].heading = Some(Marker::Decimal(1));
        }
    }
}

/// The longest numbered sentence (in characters) taken as a lead standing alone; a longer one is a
/// statement (`一、深圳湾口岸港方口岸区范围包括……桥面。`).
const MARKED_LEAD: usize = 30;

/// A paragraph that is its own run-in heading, in full.
fn strong(text: &str) -> Vec<Inline> {
    vec![Inline::Strong(vec![Inline::Text(text.to_owned())])]
}

/// A numbered heading that turned out to be a list item: a paragraph, its lead sentence run in.
/// Demotes the numbered heading at `i`, whatever its marker, to what its line is as text.
pub(super) fn demote_at(items: &mut [Item], i: usize) {
    if let Some(item) = items.get_mut(i) {
        if let Some((kind, len)) = headings::marker(&item.text) {
            demote(item, kind, len);
        }
    }
}

pub(super) fn demote(item: &mut Item, kind: Marker, len: usize) {
    item.heading = None;
    item.content = match headings::classify(&item.text, kind, len) {
        Marked::RunIn(content) => Some(content),
        _ if headings::is_lone_lead(&item.text, MARKED_LEAD) => Some(strong(&item.text)),
        _ => None,
    };
}

/// Unnumbered lead sentences on their own line over their paragraph (`生态底色更加亮丽。`), where a
/// document uses them as a pattern (two or more): the line is a run-in heading in full. Not in novels,
/// where a short sentence over a long one is just narrative.
fn mark_unnumbered_leads(items: &mut [Item]) {
    let is_lead = |items: &[Item], i: usize| -> bool {
        let (Some(item), Some(next)) = (items.get(i), items.get(i + 1)) else { return false };
        item.is_plain_body()
            && headings::marker(&item.text).is_none()
            && headings::is_lone_lead(&item.text, 20)
            && char_len(&item.text) >= 5
            && !item.text.contains(['，', ','])
            && next.is_plain_body()
            && headings::marker(&next.text).is_none()
            && char_len(&next.text) >= 60
    };
    let leads: Vec<usize> = (0..items.len()).filter(|&i| is_lead(items, i)).collect();
    if leads.len() < 2 {
        return;
    }
    for i in leads {
        if let Some(item) = items.get_mut(i) {
            item.content = Some(strong(&item.text));
        }
    }
}

/// Unnumbered headings of a document without numbered sections. One line alone needs a full paragraph
/// under it; lines that repeat the shape vouch for each other (a speech's `充分肯定成绩` … `清醒认识形势`
/// over paragraphs of a few sentences, or a copy cut off in the paragraph under its last heading), as
/// a reader sees a pattern where one line could be chance. Not in novels: a short line over narrative
/// there is narrative.
fn mark_unnumbered_headings(items: &mut [Item], novel: bool) {
    let alone: Vec<usize> = (0..items.len()).filter(|&i| is_unnumbered_heading(items, i)).collect();
    let siblings: Vec<usize> = (0..items.len()).filter(|&i| is_sibling_heading(items, i)).collect();
    let accepted = if !novel && siblings.len() >= 2 { siblings } else { alone };
    for i in accepted {
        if let Some(item) = items.get_mut(i) {
            item.heading = Some(Marker::Unnumbered);
        }
    }
}

/// A short line without sentence punctuation standing between paragraphs, followed by a real paragraph.
fn is_unnumbered_heading(items: &[Item], i: usize) -> bool {
    stands_between_paragraphs(items, i, 40, false)
}

/// The weaker shape that siblings confirm: a short line (a phrase, not a clause: at most 24 characters)
/// over a paragraph of at least 20, which may be the last one of a cut-off copy.
fn is_sibling_heading(items: &[Item], i: usize) -> bool {
    items.get(i).is_some_and(|item| char_len(&item.text) <= 24)
        && stands_between_paragraphs(items, i, 20, true)
}

/// Whether item `i` is heading-shaped between a closed paragraph (or a salutation, furniture, a heading)
/// and a paragraph under it at least `min_next` characters long (and half again the line's length) that
/// ends its sentence, or, where `cut_off_end` allows, is the last block of the text.
fn stands_between_paragraphs(items: &[Item], i: usize, min_next: usize, cut_off_end: bool) -> bool {
    let (Some(item), Some(prev), Some(next)) =
        (items.get(i), i.checked_sub(1).and_then(|p| items.get(p)), items.get(i + 1))
    else {
        return false;
    };
    if !item.is_plain_body() || !is_heading_shaped(&item.text) {
        return false;
    }
    let last = cut_off_end && items[i + 1..].iter().filter(|it| it.role == Role::Body).count() == 1;
    let prev_ok = match prev.role {
        Role::Salutation | Role::Boilerplate => true,
        Role::Body => prev.cells.is_none() && (prev.heading.is_some() || is_closed_paragraph(&prev.text)),
        _ => false,
    };
    let n = char_len(&item.text);
    let next_ok = next.role == Role::Body
        && next.heading.is_none()
        && next.cells.is_none()
        && char_len(&next.text) >= (n * 3 / 2).max(min_next)
        && (ends_sentence(&next.text) || last)
        && (!is_heading_shaped(&next.text) || (last && next.text.contains(['，', ','])));
    prev_ok && next_ok
}

/// A paragraph that ends its sentence, or one of several clauses whose final stop was lost in the copy
/// (a speech's `各位友邦的元首與貴賓、…,全體國人同胞,大家好` over its first section title): a line of that
/// length with commas is no heading.
pub(super) fn is_closed_paragraph(text: &str) -> bool {
    ends_sentence(text) || (char_len(text) >= 30 && text.contains(['，', ',']) && !has_sentence_punct(text))
}

pub(super) fn is_heading_shaped(text: &str) -> bool {
    let n = char_len(text);
    let han = text.chars().filter(|&c| is_han(c)).count();
    (4..=50).contains(&n)
        && han * 5 >= n * 3
        && !has_sentence_punct(text)
        && !text.ends_with(['，', '、', ',', '）', ')'])
        && !text.starts_with(['（', '(', '“', '"', '—', '―', '《', '['])
        && !starts_with_closing_punct(text)
        && !text.contains("[图片]")
        && !(text.starts_with(['图', '表']) && text.chars().nth(1).is_some_and(|c| c.is_ascii_digit()))
        && chars::parse_date_line(text).is_none()
}

#[cfg(test)]
mod tests {
    use crate::read::plain::read_plain;
    use crate::read::plain::tests::{first_strong, outline, LONG};

    #[test]
    fn unnumbered_headings_stand_between_paragraphs() {
        let long = "这是一个很长的段落，说明了很多情况，内容充实，结构完整，足以成为正文段落的样子。";
        let text = format!("同志们：\n{long}\n提高政治站位，坚定正确方向\n{long}\n短句不成标题\n");
        assert_eq!(outline(&text)[2], "H1 提高政治站位，坚定正确方向");
        assert_eq!(outline(&text)[4], format!("Body 短句不成标题"));
    }

    #[test]
    fn short_unnumbered_headings_vouch_for_each_other() {
        let short = "过去一年，全县上下克服困难，经济保持平稳增长，各项事业取得新进展。";
        let text = format!(
            "同志们：\n{LONG}\n充分肯定成绩\n{short}\n清醒认识形势\n{short}\n扎实做好今年工作\n今年要坚持稳中求进，抓好项目建设，改善民生福祉，推动经济"
        );
        let out = outline(&text);
        assert_eq!(out[2], "H1 充分肯定成绩", "{out:?}");
        assert_eq!(out[4], "H1 清醒认识形势", "{out:?}");
        assert_eq!(out[6], "H1 扎实做好今年工作", "the last one over a cut-off paragraph: {out:?}");
        // One such line alone over a short paragraph proves nothing.
        let alone = format!("同志们：\n{LONG}\n充分肯定成绩\n{short}\n");
        assert_eq!(outline(&alone)[2], "Body 充分肯定成绩");
    }

    #[test]
    fn markdown_marks_make_an_outline_only_as_a_pattern() {
        let text = format!("# 项目说明\n{LONG}\n## 安装\n{LONG}\n### 基本用法\n{LONG}\n");
        let out = outline(&text);
        assert!(out.contains(&"H2 安装".to_owned()), "{out:?}");
        assert!(out.contains(&"H3 基本用法".to_owned()), "{out:?}");
        let alone = format!("{LONG}\n# 备注：以下仅供参考\n{LONG}\n");
        assert_eq!(outline(&alone)[1], "Body # 备注：以下仅供参考");
    }

    #[test]
    fn a_number_glued_to_its_title_heads_its_decimal_children() {
        let text =
            "1.总则\n1.1目的\n为做好应急工作，制定本预案。\n2组织指挥体系\n2.1机构\n设立应急指挥部。\n\
                    3.保障措施\n3.1经费\n安排专项经费。\n";
        let out = outline(text);
        assert_eq!(out[3], "H1 2组织指挥体系", "{out:?}");
        // A figure over text that no child numbers stays text.
        assert_eq!(
            outline("1.总则\n1.1目的\n为做好工作，制定本预案。\n2016年工作要点\n安排经费。\n")[3],
            "Body 2016年工作要点"
        );
    }

    #[test]
    fn enumerated_lead_alone_on_its_line_is_run_in_in_full() {
        let text = format!(
            "各位代表：\n{LONG}\n一是联合港澳承办十五运会。\n{LONG}\n二是推动经济运行稳中有进。\n{LONG}\n"
        );
        let (doc, _) = read_plain(&text);
        assert_eq!(first_strong(&doc, 2).as_deref(), Some("一是联合港澳承办十五运会。"));
        assert_eq!(first_strong(&doc, 4).as_deref(), Some("二是推动经济运行稳中有进。"));
    }

    #[test]
    fn repeated_unnumbered_lead_sentences_are_run_in() {
        let text = format!("各位代表：\n{LONG}\n生态底色更加亮丽。\n{LONG}\n经济运行持续向好。\n{LONG}\n");
        let (doc, _) = read_plain(&text);
        assert_eq!(first_strong(&doc, 2).as_deref(), Some("生态底色更加亮丽。"));
        assert_eq!(first_strong(&doc, 4).as_deref(), Some("经济运行持续向好。"));
    }

    #[test]
    fn one_sentence_section_titles_over_text_are_headings() {
        let text = format!(
            "各位代表：\n{LONG}\n一、工作安排\n（一）推动湾区建设，打造一流湾区。\n{LONG}\n\
             （二）坚持实体经济为本，构建现代化产业体系。\n{LONG}\n"
        );
        let out = outline(&text);
        assert_eq!(out[3], "H2 （一）推动湾区建设，打造一流湾区。", "{out:?}");
        assert_eq!(out[5], "H2 （二）坚持实体经济为本，构建现代化产业体系。", "{out:?}");
    }

    #[test]
    fn unnumbered_section_titles_over_restarting_numbering_are_headings() {
        let text = format!(
            "各位代表！\n{LONG}\n过去五年工作的基本总结\n{LONG}\n一、坚持改革的指导思想\n{LONG}\n\
             二、坚持从实际出发\n{LONG}\n今后五年的目标和任务\n{LONG}\n一、大力发展农业生产\n{LONG}\n\
             二、加快科学技术发展\n{LONG}\n三、深化企业改革\n{LONG}\n"
        );
        let headings: Vec<String> = outline(&text).into_iter().filter(|l| l.starts_with('H')).collect();
        assert_eq!(
            headings,
            [
                "H1 过去五年工作的基本总结",
                "H2 一、坚持改革的指导思想",
                "H2 二、坚持从实际出发",
                "H1 今后五年的目标和任务",
                "H2 一、大力发展农业生产",
                "H2 二、加快科学技术发展",
                "H2 三、深化企业改革"
            ]
        );
    }

    #[test]
    fn a_numbered_sentence_over_a_link_is_no_heading() {
        let text = format!(
            "四、其他规定\n（一）对提交职业资格证书的，通过全国联网查询平台查询验证。\nhttp://zscx.example.cn/\n\
             （二）对提交学历证书的，通过学信网等渠道查询验证。\n国内学历：http://www.example.cn/\n五、执行时间\n{LONG}\n"
        );
        let out = outline(&text);
        assert!(out[1].starts_with("Body （一）"), "{out:?}");
        assert!(out[3].starts_with("Body （二）"), "{out:?}");
    }

    #[test]
    fn a_short_numbered_line_ending_in_a_colon_heads_the_list_under_it() {
        let text = format!(
            "三、购房申请流程\n（一）购买新建商品房申请流程：\n1.购房人如实填写申明陈述书，向开发企业提交材料。\n\
             2.开发企业对材料原件进行查验。\n（二）请注意以下事项，并按要求办理：\n{LONG}\n"
        );
        let out = outline(&text);
        assert_eq!(out[1], "H2 （一）购买新建商品房申请流程：");
        // A clause with a comma over text is the text's own lead.
        assert!(out[4].starts_with("Body （二）"), "{out:?}");
    }

    #[test]
    fn a_numbered_line_that_ends_a_cut_off_text_is_no_heading() {
        let text = format!("二、重点任务\n（一）完善研判机制。{LONG}\n（二）建立重大案件沟通协调\n");
        let out = outline(&text);
        assert_eq!(out.last().map(String::as_str), Some("Body （二）建立重大案件沟通协调"));
    }

    #[test]
    fn a_dotted_first_level_over_a_decimal_outline() {
        let text = "1.总则\n1.1目的\n为做好应急工作，制定本预案。\n1.2工作原则\n坚持以人为本，预防为主。\n\
                    2.组织体系\n2.1机构\n设立应急指挥部，统一领导应急工作。\n";
        let out = outline(text);
        assert_eq!(out[0], "H1 1.总则");
        assert_eq!(out[1], "H2 1.1目的");
        assert_eq!(out[5], "H1 2.组织体系");
    }

    #[test]
    fn one_unnumbered_title_over_the_whole_numbering_is_a_level_above_it() {
        let text = format!(
            "某某镇2024年防汛工作方案\n{LONG}\n\
             “三查三落实”工作任务\n一、查责任\n{LONG}\n二、查隐患\n{LONG}\n"
        );
        let out = outline(&text);
        assert_eq!(out[1], "H1 “三查三落实”工作任务", "{out:?}");
        assert_eq!(out[2], "H2 一、查责任", "{out:?}");
        let lead_in =
            format!("某某通知\n{LONG}\n现将有关事项通知如下\n一、查责任\n{LONG}\n二、查隐患\n{LONG}\n");
        assert!(outline(&lead_in).iter().any(|l| l == "Body 现将有关事项通知如下"));
    }
}
