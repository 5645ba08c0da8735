//! Titles of documents inside the document: an attachment's after the closing date or its label (`附件1`),
//! that of a document a notice issues (quoted in it as `《…》`), a second attached document's after the
//! first, and a short line set letter-spaced for centring (`国 务 院 工 作 规 则`, read closed up). Each
//! becomes a title heading, under which its document numbers its own levels; a title split over two lines
//! is joined first.

use super::chars::{self, char_len, has_sentence_punct, is_han};
use super::headings::Marker;
use super::outline::is_heading_shaped;
use super::{header, headings, roles, title_shape, Item};
use crate::model::Role;

/// Whether item `i` stands where a document inside the document begins: after the closing date, or after
/// an attachment label (`附件1`).
fn after_close(items: &[Item], i: usize) -> bool {
    // Notes after the date (`（此件公开发布）`) and furniture do not part a document from its attachment.
    let prev = items
        .get(..i)
        .and_then(|above| above.iter().rev().find(|p| !matches!(p.role, Role::Note | Role::Boilerplate)));
    prev.is_some_and(|p| {
        p.role == Role::Date || (p.role == Role::Attachment && roles::is_attachment_label(&p.text))
    })
}

/// Whether item `i` follows the closing formula of the text above it (`特此通知。`) with no signature or
/// date between: a copy that lost its closing, where the document it issues begins.
fn after_formula(items: &[Item], i: usize) -> bool {
    i.checked_sub(1)
        .and_then(|p| items.get(p))
        .is_some_and(|p| p.is_plain_body() && crate::zh::closing::is_closing_formula(&p.text))
}

/// A part of a title split over lines: heading-shaped once its figures are set aside, as a year
/// (`某某市2024年`) is part of a name however many digits it takes.
fn is_title_part(text: &str) -> bool {
    is_heading_shaped(text) || is_heading_shaped(&text.replace(|c: char| c.is_ascii_digit(), ""))
}

/// An attachment title split over two lines (`关于湖北省巴东县官渡口镇马鬃山村` / `地质险情调研情况的报告`) is
/// one title: the second line ends as a document's name does and the first does not, or the first breaks
/// after a particle (`…的`).
pub(super) fn join_split_titles(items: &mut Vec<Item>) {
    // A line set letter-spaced for centring (`指  导  意  见`) is read closed up.
    let closed = |t: &str| chars::unspace_letter_spaced(t).unwrap_or_else(|| t.to_owned());
    let mut i = 0;
    while i + 1 < items.len() {
        let joined = (after_close(items, i) || after_formula(items, i))
            .then(|| items.get(i).zip(items.get(i + 1)))
            .flatten()
            .filter(|(a, b)| a.is_plain_body() && b.is_plain_body())
            .map(|(a, b)| (closed(&a.text), closed(&b.text)))
            .filter(|(a, b)| {
                is_title_part(a)
                    && is_title_part(without_qualifier(b))
                    && char_len(a) + char_len(b) <= 60
                    && ((title_shape::ends_with_genre(b) && !title_shape::ends_with_genre(a))
                        || a.ends_with(['的', '和', '与']))
            })
            .map(|(a, b)| a + &b);
        if let Some(joined) = joined {
            items.remove(i + 1);
            items[i].text = joined;
        }
        i += 1;
    }
}

/// A title without the qualifier closing it (`三年行动计划（2023—2025年）`, `管理办法（试行）`): the
/// parenthesis belongs to the name, though a heading rarely ends on one.
fn without_qualifier(text: &str) -> &str {
    match text.rfind(['（', '(']) {
        Some(open) if open > 0 && text.ends_with(['）', ')']) => &text[..open],
        _ => text,
    }
}

/// Titles of documents inside the document: a letter-spaced short line standing alone (de-spaced: the
/// spacing is the typist's centring, not text), and a heading-shaped line just after the closing date or an
/// attachment label (`附件1` / `2026年省十件民生实事`) with text below it.
pub(super) fn mark_titles(items: &mut [Item]) {
    let mut titled = false;
    // The documents a notice issues, by the names it quotes (`现将《某县应急预案（试行）》印发给你们`).
    let mut issued: Vec<String> = Vec::new();
    for i in 0..items.len() {
        if let Some(item) = items.get(i).filter(|i| i.is_plain_body()) {
            issued.extend(roles::issued_documents(&item.text));
        }
        let after_close = after_close(items, i);
        let after_formula = after_formula(items, i);
        let followed = items.get(i + 1).is_some_and(|n| n.role != Role::Boilerplate);
        // Over the line saying when it was adopted (`（2023年6月28日…常务委员会第十次会议通过）`), after a
        // paragraph of text: a statute or decision reproduced in the text (a news report carrying two
        // decisions). At the head of the text it is the document's own title, not one inside it.
        let adopted = items.get(i + 1).is_some_and(|n| header::adoption_date(&n.text).is_some())
            && items.get(..i).is_some_and(|above| {
                above.iter().rev().find(|p| p.role != Role::Boilerplate).is_some_and(|p| {
                    p.role == Role::Body && p.heading.is_none() && chars::ends_sentence(&p.text)
                })
            });
        let Some(item) = items.get_mut(i).filter(|i| i.is_plain_body()) else { continue };
        // Two spaced characters (`目 录`, `前 言`) are spaced as a title is; a longer line needs three tokens
        // so that `关于 授权` (two words) is not taken for spacing.
        let spaced = chars::unspace_letter_spaced(&item.text).filter(|t| {
            let tokens: Vec<&str> = item.text.split(char::is_whitespace).filter(|w| !w.is_empty()).collect();
            (tokens.len() >= 3 || (tokens.len() == 2 && tokens.iter().all(|w| char_len(w) == 1)))
                && (2..=30).contains(&char_len(t))
                && !has_sentence_punct(t)
                && t.chars().all(|c| is_han(c) || matches!(c, '《' | '》' | '“' | '”' | '、'))
        });
        if let Some(unspaced) = spaced {
            item.text = unspaced;
            item.heading = Some(Marker::Title);
        } else if after_close
            && followed
            && (is_heading_shaped(&item.text)
                || (title_shape::is_title_shaped(&item.text) && title_shape::ends_with_genre(&item.text)))
        {
            item.heading = Some(Marker::Title);
            titled = true;
        } else if after_formula
            && followed
            && title_shape::is_title_shaped(&item.text)
            && title_shape::ends_with_genre(&item.text)
            && headings::marker(&item.text).is_none()
        {
            // After `特此通知。` with no signature: a document's name (`…工作方案`), not an office's, begins
            // the document the notice issues.
            item.heading = Some(Marker::Title);
            titled = true;
        } else if followed
            && headings::marker(&item.text).is_none()
            && title_shape::is_title_shaped(&item.text)
            && issued.iter().any(|name| {
                // The quoted name and the title line may differ by a qualifier (`（试行）`) only one bears.
                chars::same_unspaced(without_qualifier(name), without_qualifier(&item.text))
            })
        {
            // The issued document begins under its own title, wherever the notice's close was not seen.
            item.heading = Some(Marker::Title);
            titled = true;
        } else if adopted
            && title_shape::is_title_shaped(&item.text)
            && title_shape::ends_with_genre(&item.text)
            && char_len(&item.text) >= 6
        {
            item.heading = Some(Marker::Title);
            titled = true;
        } else if titled
            && followed
            && title_shape::is_title_shaped(&item.text)
            && title_shape::ends_with_genre(&item.text)
            && headings::marker(&item.text).is_none()
            && char_len(&item.text) >= 6
        {
            // A second attached document after the first (`进一步支持文化企业发展的规定`): a title too.
            item.heading = Some(Marker::Title);
        } else {
            continue;
        }
        // The addressee of the attached document (`国务院：`) is a salutation like the main one's.
        if let Some(next) = items.get_mut(i + 1).filter(|n| {
            n.is_plain_body() && headings::marker(&n.text).is_none() && roles::is_salutation(&n.text)
        }) {
            next.role = Role::Salutation;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::read::plain::roles;
    use crate::read::plain::tests::{outline, LONG};

    #[test]
    fn letter_spaced_line_standing_alone_is_a_despaced_title() {
        let text = format!(
            "关于印发规则的通知\n\n各部门：\n现印发给你们，请遵照执行。\n国务院\n二〇〇四年六月二十六日\n\
             国 务 院 工 作 规 则\n第一章　总  则\n{LONG}\n第二章　职责\n{LONG}\n"
        );
        let out = outline(&text);
        assert_eq!(out[4], "H1 国务院工作规则", "{out:?}");
        assert_eq!(out[5], "H2 第一章　总  则", "{out:?}");
    }

    #[test]
    fn attachment_title_after_its_label_is_a_heading_and_may_be_split() {
        let text = format!(
            "关于某事的复函\n\n湖北省人民政府：\n{LONG}\n附件：调研情况的报告\n国务院办公厅\n\
             二〇〇四年三月二日\n附件1\n关于湖北省巴东县官渡口镇马鬃山村\n地质险情调研情况的报告\n国务院：\n\
             {LONG}\n一、基本情况\n{LONG}\n"
        );
        let out = outline(&text);
        let at = out.iter().position(|l| l == "Attachment 附件1").expect("label");
        assert_eq!(out[at + 1], "H1 关于湖北省巴东县官渡口镇马鬃山村地质险情调研情况的报告");
        assert_eq!(out[at + 2], "Salutation 国务院：");
        assert_eq!(out[at + 4], "H2 一、基本情况", "headings of the attachment sit below its title");
    }

    #[test]
    fn the_document_a_notice_issues_begins_under_the_title_it_quotes() {
        // The close is damaged (the date lost its characters), but the notice names what it issues.
        let text = "关于印发某县应急预案（试行）的通知\n各乡镇人民政府：\n\
                    经县人民政府同意，现将《某县应急预案（试行）》印发给你们，请认真贯彻执行。\n某县人民政府办公室\n\
                    { 2017 6 23\n某县应急预案（试行）\n1 总则\n1.1 编制目的\n为了做好应急工作，制定本预案。\n";
        let out = outline(text);
        assert!(out.contains(&"H1 某县应急预案（试行）".to_owned()), "{out:?}");
        assert!(out.contains(&"H2 1 总则".to_owned()) || out.contains(&"H2 总则".to_owned()), "{out:?}");
        assert_eq!(
            roles::issued_documents("现将《甲管理办法》和《乙实施细则》转发给你们"),
            ["甲管理办法", "乙实施细则"]
        );
        assert!(roles::issued_documents("根据《中华人民共和国安全生产法》制定本办法").is_empty());
    }

    #[test]
    fn an_attached_title_over_two_lines_joins_even_letter_spaced() {
        let text = "关于某事的通知\n各单位：\n现将有关意见转发给你们，请认真贯彻执行。\n二○一一年八月九日\n\
                    某市推行说理性行政处罚文书的\n指  导  意  见\n为进一步规范行政执法行为，制定本意见。\n";
        assert!(outline(text).contains(&"H1 某市推行说理性行政处罚文书的指导意见".to_owned()));
    }

    #[test]
    fn an_issued_title_over_two_lines_ending_in_its_period_is_one_title() {
        let text = format!(
            "关于印发某某区推进养老服务发展三年行动计划的通知\n各街道：\n现将行动计划印发给你们，请认真组织实施。\n\
             某某区人民政府\n2024年3月5日\n某某区推进养老服务发展\n三年行动计划（2024—2026年）\n{LONG}\n\
             一、总体要求\n{LONG}\n"
        );
        let out = outline(&text);
        assert!(out.contains(&"H1 某某区推进养老服务发展三年行动计划（2024—2026年）".to_owned()), "{out:?}");
        assert!(out.contains(&"H2 一、总体要求".to_owned()), "{out:?}");
    }

    #[test]
    fn a_title_split_after_its_year_and_a_title_after_the_closing_formula() {
        let body = format!("一、总体要求\n{LONG}\n二、主要任务\n{LONG}\n");
        let text = format!(
            "关于印发方案的通知\n各单位：\n{LONG}\n某某局\n2024年5月6日\n某某市2024年\n安全生产专项整治工作方案\n{body}"
        );
        assert!(
            outline(&text).contains(&"H1 某某市2024年安全生产专项整治工作方案".to_owned()),
            "{:?}",
            outline(&text)
        );
        // A copy that lost its signature and date: the document's name after `特此通知。` is its title, an
        // office's name there is not.
        let text = format!("关于印发方案的通知\n各单位：\n{LONG}\n特此通知。\n某某工作方案\n{body}");
        let out = outline(&text);
        assert!(out.contains(&"H1 某某工作方案".to_owned()), "{out:?}");
        assert!(out.contains(&"H2 一、总体要求".to_owned()), "{out:?}");
        let text = format!("关于某事的通知\n各单位：\n{LONG}\n特此通知。\n某某市人民政府\n{body}");
        assert!(!outline(&text).iter().any(|l| l == "H1 某某市人民政府"));
    }

    #[test]
    fn decisions_reproduced_in_a_report_are_titles_over_their_adoption_lines() {
        let text = "市人大常委会通过两项决定\n本报讯 日前，市人大常委会会议表决通过了两项决定，全文如下。\n\
                    某某市人民代表大会常务委员会关于加强河湖保护的决定\n\
                    （2024年4月26日某某市第十届人民代表大会常务委员会第九次会议通过）\n\
                    一、各级人民政府应当加强河湖保护，落实河湖长制。\n二、本决定自公布之日起施行。\n";
        let out = outline(text);
        assert!(out.contains(&"H1 某某市人民代表大会常务委员会关于加强河湖保护的决定".to_owned()), "{out:?}");
    }
}
