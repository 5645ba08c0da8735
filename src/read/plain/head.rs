//! Where the document begins (classes 1, 2 and 8 of the recognition issue): the title line chosen among the
//! lines above the body by its features ([`super::title_shape`]), the furniture above it set aside, and the
//! header elements there (发文机关, 发文字号, 密级, 紧急程度, a page's info table) taken as metadata
//! ([`super::header`]).
//!
//! A pasted web page puts the site's navigation, the page title, an info line and tool buttons above the
//! document's own title. The body is found first (the first line that reads as prose); the title is then
//! the best title-shaped line above it, scored on its form (a genre word at its end, `关于`), its place
//! (close above the body) and its siblings (an earlier copy of a repeated title is the page's, the later one
//! the document's).

use super::chars::{char_len, dates_in, is_han};
use super::furniture;
use super::header::{is_doc_number, issuer_line};
use super::headings::marker;
use super::lines::Line;
use super::title_shape::{
    after_speaker, bare_title, ends_with_genre, is_title_shaped, names_a_document, opens_matter,
    subtitle_after_dashes,
};

/// The title is looked for among this many first lines.
const WINDOW: usize = 60;

/// Where the body starts: the first line that reads as prose or opens the text (`同志们：`).
fn body_start(lines: &[Line]) -> usize {
    let window = &lines[..lines.len().min(WINDOW)];
    // Each line's opening, taken once: copies are looked for among them.
    let openings: Vec<Option<String>> = window.iter().map(|l| opening(&l.text)).collect();
    window
        .iter()
        .enumerate()
        .position(|(i, l)| {
            let t = l.text.as_str();
            (furniture::reads_as_prose(t)
                && (char_len(t) >= 24 || super::chars::ends_sentence(t))
                && furniture::evidence(t) < 2
                // A long title (`…、公安部关于在全国开展…行动的通知`) reads as prose but is none.
                && !names_a_document(t)
                // A download page's teaser (`《…细则.docx》由会员分享，可在线阅读`).
                && !furniture::names_a_file(t)
                // A title over its subtitle (`…宏伟目标,奋进!` / `——…讲话侧记`), however it is punctuated.
                && !(is_title_shaped(t)
                    && window.get(i + 1).is_some_and(|n| subtitle_after_dashes(&n.text).is_some()))
                // The page's headline or a teaser of the text, which the page prints again below: a text
                // does not begin two of its paragraphs alike.
                && !copied_below(window, &openings, i)
                // The page's title, printed first, opens the document's headline (`總統:下一個四年,…`).
                && !(i > 0 && openings[i].is_some() && openings[i] == openings[0])
                // A teaser the page cut short (`總統就職演說全文為: 賴副總統、現場的各位 ...`).
                && !t.ends_with("...")
                // The page's headline over its info line.
                && !window.get(i + 1).is_some_and(|n| furniture::heads_page_info(t, &n.text)))
                || super::roles::is_salutation(t)
                || (l.cells.is_some()
                    && furniture::info_label(t).is_none()
                    && !furniture::is_label_value(t)
                    && furniture::evidence(t) < 2)
        })
        .unwrap_or(window.len())
}

/// Whether the page prints line `i` again below: a later line begins as it does, with the page's furniture
/// between them (a teaser over the text), or right under it when it is a headline, not a sentence (the
/// page's headline over the document's). A text may begin paragraphs alike (a refrain, `依照《…法》`); it
/// does not set furniture between them.
fn copied_below(lines: &[Line], openings: &[Option<String>], i: usize) -> bool {
    let Some(own) = &openings[i] else { return false };
    let headline = !super::chars::ends_sentence(&lines[i].text);
    openings.iter().enumerate().skip(i + 1).any(|(j, other)| {
        other.as_ref() == Some(own)
            && ((headline && j <= i + 3)
                || lines[i + 1..j].iter().any(|between| furniture::evidence(&between.text) >= 2))
    })
}

/// A line's first twelve characters, spacing aside; `None` for a shorter line. Lines that share one begin
/// alike.
fn opening(t: &str) -> Option<String> {
    let opening: String = t.chars().filter(|c| !c.is_whitespace()).take(12).collect();
    (char_len(&opening) == 12).then_some(opening)
}

/// Lines of a page's link lists above the text (class 1 of the recognition issue), from their siblings: a
/// run of three or more titles one under another (related documents, each ending on its genre or cut
/// short), or a run
/// of eight or more short lines with no sentence, number, date or label in it that ends at the page's chrome
/// (a menu). A document has one title, and a header is a few lines.
fn link_lists(lines: &[Line], body: usize) -> Vec<bool> {
    let mut listed = vec![false; body];
    let titled = |t: &str| char_len(t) >= 8 && names_a_document(t);
    let menu_item = |t: &str| {
        char_len(t) <= 24
            && !super::chars::has_sentence_punct(t)
            && !t.ends_with(['：', ':'])
            && marker(t).is_none()
            && super::headings::chapter_prefix(t).is_none()
            && dates_in(t).next().is_none()
            && !super::contents::is_label(t)
            && subtitle_after_dashes(t).is_none()
    };
    let runs = |pred: &dyn Fn(&str) -> bool, least: usize, chrome_after: bool, listed: &mut Vec<bool>| {
        let mut i = 0;
        while i < body {
            let end = (i..body).find(|&j| !pred(&lines[j].text)).unwrap_or(body);
            let at_chrome = lines.get(end).is_some_and(|l| furniture::evidence(&l.text) >= 2);
            if end - i >= least && (at_chrome || !chrome_after) {
                listed[i..end].fill(true);
            }
            i = end + 1;
        }
    };
    runs(&titled, 3, false, &mut listed);
    runs(&menu_item, 8, true, &mut listed);
    listed
}

/// A headline that opens with a word and a colon (`重申：请同仁…`, `提醒：…`): a short lead and a long matter
/// with no figure in it, not a page's `label：value`.
fn is_headline_with_lead(t: &str) -> bool {
    t.split_once(['：', ':']).is_some_and(|(lead, matter)| {
        char_len(lead) <= 4 && char_len(matter) >= 12 && !matter.chars().any(|c| c.is_ascii_digit())
    })
}

fn title_score(lines: &[Line], i: usize, body: usize) -> i32 {
    let Some(t) = lines.get(i).map(|l| l.text.as_str()) else { return i32::MIN };
    let t = bare_title(t);
    // The issuer's 版头 (`××市人民政府办公厅文件`) heads the document but is not its title.
    if !is_title_shaped(t)
        || (t.ends_with("文件") && issuer_line(t).is_some())
        || furniture::info_label(t).is_some()
        || (furniture::is_label_value(t) && after_speaker(t) == t && !is_headline_with_lead(t))
        || super::contents::is_label(t)
        || is_doc_number(t)
        // A speaker's line (`自治区主席 某某`) under a report's title and info lines names, not titles.
        || super::title::parse_speaker(t).is_some()
    {
        return i32::MIN;
    }
    let mut score = 0;
    if ends_with_genre(t) {
        score += 3;
    }
    if t.contains("关于") || t.contains("關於") {
        score += 2;
    }
    score -= 2 * furniture::evidence(t).min(2) as i32;
    if char_len(t) <= 4 {
        score -= 2;
    }
    // A line of the page's controls (`[复制链接]`, `跳转到指定楼层`, `打印 上一主题`): neither text nor the page's
    // info, it stands between a headline and what the headline heads as if it were not there.
    let control = |l: &Line| {
        furniture::evidence(&l.text) >= 2
            && furniture::info_label(&l.text).is_none()
            && super::web_tokens::posting_date(&l.text).is_none()
    };
    let between = lines.get(i + 1..body).unwrap_or_default();
    // Close above the body, controls aside: the document's title, not the site's heading.
    let distance = 1 + between.iter().filter(|l| !control(l)).count();
    score += match distance {
        0..=3 => 2,
        4..=6 => 1,
        _ => 0,
    };
    // A headline right above the text under nothing but the site's short labels (`官方微信公众号` /
    // `医院动态`): the labels name the site and its column, the longer line the document.
    // Two labels or more, each a word or two of the site's (no stray mark, no lone character), none a
    // chapter's (`某某演义` / `第三回` over the chapter's name are the book's).
    let labels_above = lines.get(..i).is_some_and(|above| {
        above.len() >= 2
            && above.iter().all(|l| {
                (2..=8).contains(&char_len(&l.text))
                    && l.text.chars().all(|c| is_han(c) || c.is_ascii_alphanumeric())
                    && !super::chars::has_sentence_punct(&l.text)
                    && marker(&l.text).is_none()
                    && !furniture::names_a_chapter(&l.text)
            })
    });
    if distance == 1 && char_len(t) >= 10 && marker(t).is_none() && labels_above {
        score += 1;
    }
    // The page title is the first of two copies: the later copy is the document's, unless it is a
    // shortened form of this one (`2026年某省政府工作报告`, then `政府工作报告`).
    let n = char_len(t);
    let copy = |l: &Line| {
        let u = l.text.as_str();
        super::chars::same_unspaced(u, t)
            || (char_len(u) >= 8 && char_len(u) >= n && (u.starts_with(t) || t.starts_with(u)))
    };
    if lines.get(i + 1..body).is_some_and(|rest| rest.iter().any(copy)) {
        score -= 3;
    }
    // The later of two copies a few lines apart is the document's own title (the page's headline, then
    // the text's, with the page's info between).
    let near = lines.get(i.saturating_sub(6)..i);
    if near.is_some_and(|above| above.iter().any(|l| super::chars::same_unspaced(bare_title(&l.text), t))) {
        score += 2;
    } else if lines.first().is_some_and(|l| {
        let page = l.text.trim();
        i > 0 && char_len(page) >= 8 && !ends_with_genre(page) && t.len() > page.len() && t.starts_with(page)
    }) {
        // The page's title, printed first and cut short (not ending on its genre, as a whole title would),
        // opens this line: the headline it names.
        score += 5;
    }
    // A longer line above that ends as this one does heads it: this is its shortened form. Not a breadcrumb
    // or an info field (`名    称：…的通知`): those name the document, they head nothing.
    let shortened =
        |l: &Line| char_len(&l.text) > n && l.text.ends_with(t) && furniture::evidence(&l.text) < 2;
    if lines.get(..i).is_some_and(|above| above.iter().any(shortened)) {
        score -= 4;
    }
    // A page sets its headline against its info: the posting date right above it, or a `发布单位：` line right
    // above or below it (class 1: the section name higher up is no title). A date under a line dates a title
    // or a subtitle alike. A headline is long; a section name is short.
    let info = |l: &Line| furniture::info_label(&l.text).is_some();
    let posted = |l: &Line| info(l) || super::chars::is_date_line(&l.text);
    // The page's info line under it may open with no label at all (`2010/1/6 16:43:13 次浏览 分类:…`): its
    // posting date and its fields tell it.
    let dated_info = |l: &Line| {
        furniture::heads_page_info(t, &l.text) && super::web_tokens::posting_date(&l.text).is_some()
    };
    // The line below, the page's controls aside (a forum sets `[复制链接]` / `楼主` between a thread's title
    // and its posting line).
    let below = lines.get(i + 1..).and_then(|rest| rest.iter().find(|l| !control(l)));
    let info_below = below.is_some_and(|l| info(l) || dated_info(l));
    if i.checked_sub(1).and_then(|p| lines.get(p)).is_some_and(posted) || info_below {
        score += 2;
        if n >= 12 {
            score += 1;
        }
    }
    // A headline right over the page's posting line (`发表于 2021-3-9 08:15 | 只看该作者`) heads the post,
    // however short it is.
    if below.is_some_and(dated_info) {
        score += 1;
    }
    // What follows a title: its subtitle, dateline, speaker or document number.
    if let Some(next) = lines.get(i + 1) {
        let u = next.text.as_str();
        // A subtitle is words after the dash; a dash alone is a rule.
        if subtitle_after_dashes(u).is_some() || is_doc_number(u.trim_matches(['(', ')', '（', '）', ' ']))
        {
            score += 1;
        }
    }
    score
}

/// The index of the title's first line among the lines above the body, when one there is a convincing
/// title and lines stand above it; `None` leaves the header to be read line by line from the top.
pub fn title_line(lines: &[Line]) -> Option<usize> {
    let body = body_start(lines);
    let listed = link_lists(lines, body);
    let (mut best, mut best_score) = (None, 0);
    for i in (0..body).filter(|&i| !listed[i]) {
        let score = title_score(lines, i, body);
        // Ties go to the later line: the closer to the body, the likelier the document's own.
        if score >= best_score && score > 0 {
            best = Some(i);
            best_score = score;
        }
    }
    let Some(mut title_at) = best.filter(|_| best_score >= 3) else {
        // No convincing title: the document starts after the furniture that leads the page, if any.
        // A lone rule (`#`, `===`) opens no page: furniture leads only where words of a page do.
        let lead = (0..body).take_while(|&i| listed[i] || furniture::evidence(&lines[i].text) >= 2).count();
        let worded = lines.first().is_some_and(|l| !furniture::is_symbol_line(&l.text));
        // A page's info table that names the document (`法規名稱：…`) starts the header: what stands above
        // it is the site's.
        let label = |i: usize| furniture::info_label(&lines[i].text);
        let named = (lead..body).find(|&i| label(i).is_some_and(|l| furniture::TITLE_LABELS.contains(&l)));
        let lead = named
            .map_or(lead, |at| (lead..at).rev().take_while(|&i| label(i).is_some()).last().unwrap_or(at));
        return (lead > 0 && worded).then_some(lead);
    };
    // A title over two or three lines: the line it ends on is found; the lines directly above open it
    // (`国务院办公厅关于山西、安徽省` / `四起特大煤矿瓦斯爆炸事故` / `调查处理情况的通报`).
    title_at = title_start(lines, title_at);
    (title_at > 0).then_some(title_at)
}

/// The first line of a title that ends at `at`: up to two lines directly above (no blank line between)
/// when the topmost holds `关于`, or an issuer directly above a title that starts with `关于`.
fn title_start(lines: &[Line], at: usize) -> usize {
    let about = |s: &str| s.contains("关于") || s.contains("關於");
    let Some(line) = lines.get(at) else { return at };
    let mut top = at;
    if !about(&line.text) {
        let mut len = char_len(&line.text);
        // Lines apart from the title are taken only when a `关于` line above them opens it (pages that set
        // every line apart): until then they wait.
        let mut apart = false;
        for up in 1..=3 {
            let Some(prev) = at.checked_sub(up).and_then(|p| lines.get(p)) else { break };
            let below = &lines[at - up + 1];
            len += char_len(&prev.text);
            if !is_title_shaped(&prev.text)
                || furniture::evidence(&prev.text) >= 2
                || names_a_document(&prev.text)
                || len > 90
            {
                break;
            }
            if about(&prev.text) {
                top = at - up;
                break;
            }
            apart |= below.blank_before;
            // Directly above, a long line that is no office's name runs into the title (a word broken at
            // the line's end: `…重大事故隐` / `患排查治理…办法`); one line, as a page of headings is no title.
            if up == 1
                && !apart
                && char_len(&prev.text) >= 8
                && len <= 60
                && issuer_line(&prev.text).is_none()
            {
                top = at - up;
            }
        }
    }
    // The issuers on their own line directly above `关于…` or `转发…` (`国务院办公厅、中央军委办公厅`): the
    // title's head.
    let first = &lines[top];
    let issuer_above = top.checked_sub(1).and_then(|p| lines.get(p)).is_some_and(|p| {
        !first.blank_before && issuer_line(&p.text).is_some() && !p.text.ends_with("文件") && !about(&p.text)
    });
    // A line that ends on the verb the title goes on with (`…人民法院印发` / `关于…的通知`) opens it too.
    let opens_above = top.checked_sub(1).and_then(|p| lines.get(p)).is_some_and(|p| {
        !first.blank_before
            && is_title_shaped(&p.text)
            && ["印发", "转发", "批转", "印發", "轉發"].iter().any(|v| p.text.ends_with(v))
    });
    if (issuer_above && opens_matter(&first.text)) || opens_above {
        top - 1
    } else {
        top
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Meta;
    use crate::read::plain::header::{is_doc_number, sort_above, Above};
    use crate::read::plain::lines::split_lines;

    /// The title line's text, the furniture above it and the metadata taken there.
    fn head(text: &str) -> (Option<String>, Vec<String>, Meta) {
        let lines = split_lines(text, &mut Vec::new());
        let mut meta = Meta::default();
        let Some(at) = title_line(&lines) else { return (None, Vec::new(), meta) };
        let title = lines[at].text.clone();
        let mut pending = None;
        let furniture = lines[..at]
            .iter()
            .filter(|l| match sort_above(&mut meta, &l.text, &mut pending) {
                Above::Element => false,
                Above::Issuer(name) => {
                    meta.issuer.get_or_insert(name);
                    false
                }
                Above::Info | Above::Furniture => true,
            })
            .map(|l| l.text.clone())
            .collect();
        (Some(title), furniture, meta)
    }

    #[test]
    fn the_title_is_the_documents_not_the_pages() {
        let text = "您的位置: 首页 » 资料网 » 法律法规 »\n\n某市政务公开实施细则\n\n\
                    作者:资料网 时间:2024-07-06 00:54:58  浏览:9107   来源:资料网\n下载地址: 点击此处下载\n\n\
                    某市政务公开实施细则\n\n某省某市人民政府办公室\n\n关于印发某市政务公开实施细则的通知\n\
                    ( 某府发〔2003〕37号 )\n\n市政府各部门,市直各单位:\n\n\
                    现将《某市政务公开实施细则》印发给你们,请遵照执行。各部门要结合实际制定细则。\n";
        let (title, furniture, meta) = head(text);
        assert_eq!(title.as_deref(), Some("关于印发某市政务公开实施细则的通知"));
        assert_eq!(furniture.len(), 5);
        assert_eq!(meta.issuer.as_deref(), Some("某省某市人民政府办公室"));
    }

    #[test]
    fn a_headline_against_the_pages_info_outranks_the_section_names_above_it() {
        let text = "跳转到主导航\n\n公告公示\n\n公告公示\n\n提醒：请勿通过非官方渠道缴纳各类考试费用\n\n发布单位：教务处\n\n\
                    近期有不法分子冒用我校名义收取考试费用，请广大师生提高警惕，谨防上当受骗。\n";
        let (title, furniture, _) = head(text);
        assert_eq!(title.as_deref(), Some("提醒：请勿通过非官方渠道缴纳各类考试费用"));
        assert_eq!(furniture.len(), 3);
        assert!(is_headline_with_lead("提醒：请勿通过非官方渠道缴纳各类考试费用"));
        assert!(
            !is_headline_with_lead("来源：某某日报")
                && !is_headline_with_lead("时间：2024年3月1日上午9时在三楼会议室")
        );
    }

    #[test]
    fn a_headline_under_the_sites_short_labels_is_the_title() {
        let text = "官方微信公众号\n\n医院动态\n\n《某某简报》今年编发87期\n\n截止到今年12月30日我院已编发《某某简报》87期，共计245条信息。\n";
        let (title, furniture, _) = head(text);
        assert_eq!(title.as_deref(), Some("《某某简报》今年编发87期"));
        assert_eq!(furniture.len(), 2);
    }

    #[test]
    fn a_threads_title_over_its_posting_line_outranks_the_login_bar() {
        let text = "某某教育论坛\n\n找回密码\n\nQQ登录\n\n只需一步,快速开始\n\n查看: 812|回复: 3\n\n\
                    关于本校秋季运动会的几点说明\n\n[复制链接]\n\n楼主\n\n\
                    发表于 2021-9-3 10:12:45 | 只看该作者 |倒序浏览 |阅读模式\n\n\
                    各位老师:\n\n本校秋季运动会定于九月下旬举行,现将有关事项说明如下,请各班主任组织好本班学生。\n";
        let (title, _, _) = head(text);
        assert_eq!(title.as_deref(), Some("关于本校秋季运动会的几点说明"));
        // A short one too.
        let text = "找回密码\n\n注册\n\n只需一步,快速开始\n\n查看: 91|回复: 2\n\n秋游小记\n\n\
                    某某  | 发表于 2006-5-1 20:01:12 | 显示全部楼层 |阅读模式\n\n\
                    五一那天我们一家去了郊外,天气很好,一路上看到许多开花的树,孩子们玩得很高兴。\n";
        assert_eq!(head(text).0.as_deref(), Some("秋游小记"));
    }

    #[test]
    fn an_info_field_that_names_the_document_leaves_it_its_title() {
        let text = "索 引 号:000000000/2021-00001 主题分类:卫生\n发布机构:县政府办, 发文日期:2021年05月07日\n\
                    名    称:某某县人民政府办公室关于印发某某应急预案的通知\n文    号:某政办字〔2021〕9号\n\
                    某某县人民政府办公室关于印发某某应急预案的通知\n某政办字〔2021〕9号\n各乡(镇)人民政府,县直各部门:\n\
                    《某某应急预案》已经县政府研究同意,现印发给你们,请认真遵照执行。\n";
        let (title, furniture, _) = head(text);
        assert_eq!(title.as_deref(), Some("某某县人民政府办公室关于印发某某应急预案的通知"));
        assert_eq!(furniture.len(), 4);
    }

    #[test]
    fn a_speakers_line_under_the_posting_date_is_no_title() {
        let text = "打印\n\n2026年某自治区政府工作报告\n\n——2026年1月27日在某自治区第一届人民代表大会第二次会议上\n\n来源：某某日报\n\n\
                    时间：2026-02-12\n\n自治区主席 阿某某·某某某某\n\n各位代表：\n\n现在，我代表省人民政府，向大会报告工作，请予审议。\n";
        let (title, _, _) = head(text);
        assert_eq!(title.as_deref(), Some("2026年某自治区政府工作报告"));
    }

    #[test]
    fn an_info_table_gives_metadata() {
        let text = "索引号：000014349/2018-00188\n发文机关：国务院办公厅\n成文日期：2018年12月27日\n\
                    发文字号：国办发〔2018〕123号\n主题词：\n国务院办公厅关于推进政务新媒体健康有序发展的意见\n\
                    国办发〔2018〕123号\n各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n\
                    政务新媒体是移动互联网时代党和政府联系群众、服务群众、凝聚群众的重要渠道。\n";
        let (title, furniture, meta) = head(text);
        assert_eq!(title.as_deref(), Some("国务院办公厅关于推进政务新媒体健康有序发展的意见"));
        assert_eq!(furniture.len(), 5);
        assert_eq!(meta.issuer.as_deref(), Some("国务院办公厅"));
        assert_eq!(meta.doc_number.as_deref(), Some("国办发〔2018〕123号"));
        assert_eq!(meta.date.as_deref(), Some("2018-12-27"));
    }

    #[test]
    fn a_document_that_starts_with_its_title_needs_no_head() {
        let (title, _, _) =
            head("关于做好节日期间工作的通知\n各单位：\n现将有关事项通知如下，请遵照执行，抓好落实。\n");
        assert!(title.is_none());
    }

    #[test]
    fn the_later_copy_is_the_title_and_an_epigraph_signs_no_subtitle() {
        let text = "博文谷\n位置:首頁 > 文學賞析 > 散文\n難忘深沉的父愛散文\n散文1.68W\n父愛\n難忘深沉的父愛散文\n\
                    父愛綿綿如高山\n山高巍巍路甚遠\n——題記\n我的父親撒手人寰，駕鶴西遊已有二十多年了，我無時無刻都在懷念。\n";
        let (title, furniture, _) = head(text);
        assert_eq!(title.as_deref(), Some("難忘深沉的父愛散文"));
        assert_eq!(furniture.len(), 5);
        assert_eq!(subtitle_after_dashes("——題記"), None);
    }

    #[test]
    fn a_title_broken_inside_a_word_or_set_apart_under_its_guanyu_line() {
        let text = "查看修改记录 转发 权限 保存 发布\n某港水运工程生产安全重大事故隐\n患排查治理挂牌督办实施办法（试行）\n\n\
                    第一条 为推动辖区水运工程落实隐患排查治理责任，制定本办法。\n";
        assert_eq!(head(text).0.as_deref(), Some("某港水运工程生产安全重大事故隐"));
        let text = "您的位置:主页 > 公告动态\n\n某省人民政府办公厅关于印发某省\n\n进一步支持民间投资\n\n实施方案的通知\n\n\
                    某府办〔2023〕5号\n\n各地级以上市人民政府：\n";
        assert_eq!(head(text).0.as_deref(), Some("某省人民政府办公厅关于印发某省"));
    }

    #[test]
    fn link_lists_above_the_text_are_furniture() {
        // Related documents, one cut short, then the page's info and the document.
        let text = "某市关于加强安全生产工作的通知\n某省办公厅关于做好“防汛，抗旱”工作的通知\n某局关于出租房屋是否依据《条例》进行处罚问...\n\
                    禁止传销条例\n中华人民共和国国务院令第４４４号\n《禁止传销条例》已经国务院常务会议通过，现予公布，自公布之日起施行。\n";
        let (title, furniture, _) = head(text);
        assert_eq!(title.as_deref(), Some("禁止传销条例"));
        assert_eq!(furniture.len(), 3);
        // A menu of eight short links that ends at the page's breadcrumb.
        let menu = "我的法规\n法规分类\n热点专题\n二手房买卖\n西部大开发\n振兴东北\n外汇管理法规(2014)\n境外上市相关法规\n\
                    首页 > 税费法规 > 征收管理 >\n发文标题: 某省关于税收征收管理事项的公告\n为保障试点工作顺利实施，现将有关事项公告如下。\n";
        let lines = split_lines(menu, &mut Vec::new());
        assert_eq!(title_line(&lines), Some(10));
        assert!(is_doc_number("贵州省国家税务局公告2016年第6号") && is_doc_number("交通部令2006年第4号"));
    }

    #[test]
    fn the_body_starts_after_the_pages_teasers_and_copies() {
        // A download page: the file's name, a teaser that speaks of the file, then the document.
        let text = "某某实施细则及文种式样.docx\n- 格式:DOCX\n《某某实施细则及文种式样.docx》由会员分享,可在线阅读,更多相关内容请下载。\n\
                    某盟行政公署办公室关于印发某某实施细则及文种式样的通知\n(某署办发〔2007〕22号)\n各旗人民政府,行署各委、办、局:\n";
        let (title, furniture, meta) = head(text);
        assert_eq!(title.as_deref(), Some("某盟行政公署办公室关于印发某某实施细则及文种式样的通知"));
        assert_eq!(furniture.len(), 3);
        assert_eq!(meta.doc_number, None, "the number is under the title, read by the title block");
        // The page's headline with its subtitle on one line, then the document's title over its subtitle:
        // neither reads as the body, however punctuated.
        let text = "01版:要闻\n02版:权威发布\n向着强国建设的宏伟目标,奋进! ——在某某会议闭幕会讲话侧记\n向着强国建设的宏伟目标,奋进!\n\
                    ——在某某会议闭幕会讲话侧记\n新华社北京3月14日电(记者某某)会议今天闭幕,代表们表示要再接再厉。\n";
        let lines = split_lines(text, &mut Vec::new());
        assert_eq!(body_start(&lines), 5);
        assert_eq!(title_line(&lines), Some(3));
        // Paragraphs that begin alike, with no furniture between them, are the text's own.
        let refrain = "《石头记》\n第一回　甄士隐梦幻识通灵\n列位看官：你道此书从何而来？\n\
                       第二回　贾雨村风尘怀闺秀\n列位看官：你道此书从何而来？\n";
        assert_eq!(body_start(&split_lines(refrain, &mut Vec::new())), 2);
    }

    #[test]
    fn an_info_table_that_names_the_document_starts_the_header_when_no_title_line_does() {
        let text = "您的瀏覽器不支援JavaScript功能,若網頁功能無法正常使用時,請開啟瀏覽器JavaScript狀態\n某市法規共用系統\n\
                    法規內容\n法規名稱: 某市政府文書處理實施要點\n公發布日: 民國 99 年 12 月 27 日\n圖表附件:\n法規功能按鈕區\n\
                    壹、依據暨適用範圍\n一、某市政府為統一文書處理程序,提高公文品質與行政效率,特訂定本要點。\n";
        let lines = split_lines(text, &mut Vec::new());
        assert_eq!(title_line(&lines), Some(3));
    }

    #[test]
    fn a_headline_quoting_its_speaker_named_by_the_pages_title_cut_short() {
        assert_eq!(
            after_speaker("總統:下一個四年,在產業發展、社會安定四大面向超前部署"),
            "下一個四年,在產業發展、社會安定四大面向超前部署"
        );
        assert_eq!(after_speaker("来源:新华社"), "来源:新华社");
        assert_eq!(
            after_speaker("作者:某某网 时间:2024-07-22 浏览:8464"),
            "作者:某某网 时间:2024-07-22 浏览:8464"
        );
        let text = "總統:下一個四年,在產業發展、社會安定\n文章推薦指數: 80 %\n某某伉儷今(20)日上午參加就職相關活動,總統並發表就職演說。\n\
                    跳到主要內容區塊\n網站導覽加入好友Facebook\n列印本頁\n\
                    總統:下一個四年,在產業發展、社會安定、國家安全四大面向超前部署,迎向未來\n中華民國第十五任總統就職演說\n\
                    中華民國109年05月20日\n某某伉儷今(20)日上午參加就職相關活動,總統並發表就職演說。\n今天我站在這裡,再一次承擔責任。\n";
        let (title, furniture, _) = head(text);
        assert!(title.is_some_and(|t| t.ends_with("迎向未來")));
        assert_eq!(furniture.len(), 6);
    }
}
