//! Site furniture by shallow features (class 1 of the recognition issue): what a web page puts around a
//! document — navigation, breadcrumbs, info lines, tool buttons, footers — told from the document by the
//! shape of the line, as boilerplate-detection research does (Kohlschütter et al. 2010; jusText): length,
//! sentence punctuation, separators, label-and-value form, and the vocabulary of page controls as one piece
//! of evidence among several. No site's phrases: the words are those of web pages in general.

use super::chars::{self, char_len, has_sentence_punct, is_han, is_layout_space, is_sentence_end};
use super::{headings, web_tokens};

mod words;

pub use words::TITLE_LABELS;
use words::{BUTTONS, CHROME_WORDS, INFO_LABELS, PAGE_VOICE, YOU_ARE_HERE};

/// A counter's label (`浏览次数`, `阅读量`): a script fills its value in, so an empty one is never followed
/// by its value on the next line, as a name or a date can be.
pub fn is_counter(label: &str) -> bool {
    ["次数", "量", "人次", "点击"].iter().any(|w| label.contains(w))
}

/// Separators of breadcrumbs and link bars.
fn is_separator(c: char) -> bool {
    matches!(c, '»' | '>' | '|' | '丨' | '｜' | '›' | '→' | '/' | '＞' | '·' | '•')
}

/// Extensions of the document files a page offers for download.
const FILE_TYPES: [&str; 10] = ["docx", "doc", "pdf", "wps", "txt", "xlsx", "xls", "pptx", "ppt", "caj"];

/// Where `t` names a document file (`…实施细则.docx`, `《….pdf》`): the end of each file name in it. A page
/// speaks of the file it offers; a text speaks of its own matter.
fn file_names(t: &str) -> impl Iterator<Item = usize> + '_ {
    t.match_indices('.').filter_map(move |(at, _)| {
        let after = &t[at + 1..];
        let kind = FILE_TYPES.iter().find(|k| {
            after.get(..k.len()).is_some_and(|a| a.eq_ignore_ascii_case(k))
                && !after[k.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
        })?;
        t[..at]
            .chars()
            .next_back()
            .is_some_and(|c| is_han(c) || matches!(c, '）' | ')'))
            .then_some(at + 1 + kind.len())
    })
}

/// A line that speaks of a document file (`《…细则.docx》由会员分享，可在线阅读`): the page's, even as a sentence.
pub fn names_a_file(t: &str) -> bool {
    file_names(t).next().is_some()
}

/// A line that is a file's name (`…实施细则及文种式样.docx`): a download page's heading.
pub fn is_file_name(t: &str) -> bool {
    let t = t.trim_matches(|c: char| is_layout_space(c) || matches!(c, '《' | '》'));
    file_names(t).any(|end| end == t.len())
}

/// A breadcrumb (`首页 > 政务公开 > 通知公告`, `您的位置：首页 » 新闻`): the page's path to the document,
/// which stands above the document's title, never under it.
pub fn is_breadcrumb(t: &str) -> bool {
    let t = t.trim_matches(is_layout_space);
    let path =
        t.chars().filter(|&c| matches!(c, '»' | '>' | '›' | '＞' | '→')).count() >= 2 || t.contains(">>");
    let here = YOU_ARE_HERE.iter().any(|w| t.starts_with(w));
    (path || here) && !reads_as_prose(t)
}

/// A line made only of symbols (`=====`, `****`, `:::`, a lone `|`): a page's rule, separator or
/// accessibility anchor. Not marks of the text (`！`, `……`, `？！`), which a writer may set on a line of
/// their own.
pub fn is_symbol_line(t: &str) -> bool {
    let t = t.trim_matches(is_layout_space);
    // A lone opening bracket is text cut off right after it (`(` of a page's last `(十六)`), no page mark.
    let cut_open = matches!(t, "(" | "（" | "《" | "“" | "〔" | "[");
    !t.is_empty()
        && !cut_open
        && t.chars().all(|c| !c.is_alphanumeric() && !is_han(c) || c.is_whitespace())
        && !t.chars().all(|c| is_sentence_end(c) || c.is_whitespace() || matches!(c, '“' | '”' | '"'))
}

/// A line of the form `label：value` whose label is one of a page's info fields; several may share a line.
pub fn info_label(t: &str) -> Option<&'static str> {
    info_label_at(t).map(|(label, _)| label)
}

/// The info label at the start of `t` (letter-spaced or not: `索 引 号：`) and the text after its colon; in a
/// row of fields set with spaces, the text after the label, space included.
pub fn info_label_at(t: &str) -> Option<(&'static str, &str)> {
    // A field may stand in brackets (`（责任编辑：某某）`, `(来源:某某网)`): the page's credit line.
    let t = t.trim_start_matches(|c: char| {
        is_layout_space(c) || matches!(c, '•' | '·' | '-' | '【' | '[' | '(' | '（')
    });
    INFO_LABELS.iter().chain(&TITLE_LABELS).copied().find_map(|label| {
        let mut rest = t;
        for want in label.chars() {
            rest = rest.trim_start_matches(is_layout_space).strip_prefix(want)?;
        }
        // A table cell ends the label as a colon does (`索引号\t014046317/2023-…`), and so does a space in
        // a row of fields with no sentence in it (`文件编号 宜政发〔2023〕158号 公开时限 长期公开`), and the
        // bracket of a bracketed label (`【法规标题】禁止传销条例`).
        let value = match rest.strip_prefix('\t').or_else(|| rest.strip_prefix('】')) {
            Some(value) => value,
            // The value after a colon without its leading space: only a spaced row's value starts with one.
            None => match rest.trim_start_matches(is_layout_space).strip_prefix(['：', ':']) {
                Some(value) => value.trim_start_matches(is_layout_space),
                // A label of three or more characters alone on its line (`發佈單位`), its value below.
                None if rest.trim_matches(is_layout_space).is_empty() && label.chars().count() >= 3 => "",
                None if rest.starts_with(is_layout_space) && is_field_row(t) => rest,
                None => return None,
            },
        };
        Some((label, value))
    })
}

/// A row of a page's info table laid out with spaces (`公开方式 主动公开 公开范围 面向社会`): a short Han
/// label, a space, a value, and no sentence or colon anywhere. Rows of unknown labels count only next to a
/// row that names a known one.
pub fn is_field_row(t: &str) -> bool {
    let t = t.trim_matches(is_layout_space);
    let Some((label, value)) = t.split_once(is_layout_space) else { return false };
    let label_chars = label.chars().filter(|&c| !matches!(c, '(' | ')' | '（' | '）'));
    (2..=6).contains(&char_len(label))
        && label_chars.clone().count() >= 2
        && label_chars.clone().all(is_han)
        && !value.trim_matches(is_layout_space).is_empty()
        && !has_sentence_punct(t)
        && !t.contains(['，', '、'])
}

/// A page's `label：value` line of any label (`发文部门:…`, `所属区域:贵州`, `【MPA教育中心】发布时间：…`):
/// a short Han label before a colon and no sentence after it. Only where a page puts its info: above the
/// body, never in it (`附件：`, `抄送：` are the document's).
pub fn is_label_value(t: &str) -> bool {
    let t = t.trim_start_matches(|c: char| is_layout_space(c) || matches!(c, '•' | '·' | '-'));
    // `【法规标题】禁止传销条例`: a bracketed label is a label too.
    if let Some((label, value)) = t.strip_prefix('【').and_then(|r| r.split_once('】')) {
        let n = char_len(label);
        return (2..=6).contains(&n)
            && label.chars().all(is_han)
            && !value.chars().any(|c| matches!(c, '。' | '！' | '？'));
    }
    let t = t.trim_start_matches(['【', '[']);
    let Some(colon) = t.find(['：', ':']) else { return false };
    let label = &t[..colon];
    let n = char_len(label);
    (2..=8).contains(&n)
        && label.chars().all(|c| is_han(c) || c == '/')
        && !t.chars().any(|c| matches!(c, '。' | '！' | '？' | '；'))
        && !label.starts_with("附件")
        // A label alone may be an addressee (`各位代表：`); with a value it is not.
        && (!t[colon..].trim_start_matches(['：', ':']).trim().is_empty() || !super::roles::is_salutation(t))
}

/// A clock time alone (`香港時間16時18分`, `16:18`, `北京时间 08:30`): the moment a page was posted.
fn is_clock_line(t: &str) -> bool {
    let rest = ["時間", "时间"]
        .iter()
        .find_map(|w| t.split_once(w).filter(|(place, _)| char_len(place) <= 4 && place.chars().all(is_han)))
        .map_or(t, |(_, rest)| rest)
        .trim_matches(is_layout_space);
    rest.chars().any(|c| c.is_ascii_digit())
        && rest.chars().any(|c| matches!(c, '時' | '时' | ':' | '：'))
        && rest
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '時' | '时' | '分' | '秒' | ':' | '：' | ' '))
}

/// A line opening with a date and a clock time (`2011-06-18 00:00:00 来源: 本站原创`): when a page was
/// posted, which a document never says of itself so.
fn opens_with_timestamp(t: &str) -> bool {
    let mut tokens = t.split_whitespace();
    let (Some(day), Some(clock)) = (tokens.next(), tokens.next()) else { return false };
    let digits = |s: &str| s.chars().filter(char::is_ascii_digit).count();
    day.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | '年' | '月' | '日'))
        && digits(day) >= 6
        && clock.contains(':')
        && clock.chars().all(|c| c.is_ascii_digit() || c == ':')
        && digits(clock) >= 3
}

/// How many of a page's info labels stand before a colon anywhere in `t` (`通讯员:某某来源:某某大学
/// 阅读:发布时间:2012-08-18`): fields run together, whatever the line opens with. One label repeated
/// (`作者:` before each poem of a collection run together) is one field: a list of pieces, not a page's info.
fn info_fields(t: &str) -> usize {
    // Each field counted once by its colon: `发布时间:` holds `时间:` too. Read from the colons, which few
    // lines of a book hold, rather than by searching every line for every label.
    let found: Vec<(usize, &str)> = t
        .match_indices(['：', ':'])
        .flat_map(|(colon, _)| {
            let before = t[..colon].trim_end_matches(is_layout_space);
            INFO_LABELS
                .iter()
                .filter(move |label| before.ends_with(**label))
                .map(move |label| (colon, *label))
        })
        .collect();
    let mut colons: Vec<usize> = found.iter().map(|&(colon, _)| colon).collect();
    colons.sort_unstable();
    colons.dedup();
    let mut labels: Vec<&str> = found.iter().map(|&(_, label)| label).collect();
    labels.sort_unstable();
    labels.dedup();
    colons.len().min(labels.len())
}

/// How many `label：` fields a line holds (`刊发日期:2022-01-19 阅读次数: 作者:`): two or more make a page's
/// info line wherever it stands.
pub fn label_count(t: &str) -> usize {
    t.split(|c: char| c.is_whitespace() || c == '\u{3000}')
        .filter(|field| {
            field
                .split_once(['：', ':'])
                .is_some_and(|(label, _)| (2..=6).contains(&char_len(label)) && label.chars().all(is_han))
        })
        .count()
}

/// How many words of page chrome `t` holds.
pub fn chrome_words(t: &str) -> usize {
    CHROME_WORDS.iter().chain(&YOU_ARE_HERE).filter(|w| t.contains(*w)).count()
}

/// A line ending in a full stop, question or exclamation mark, closing quotes aside: a whole sentence.
fn ends_full_stop(t: &str) -> bool {
    t.trim_end_matches(['”', '’', '」', '）']).ends_with(chars::is_full_stop)
}

/// A line someone wrote as text: long enough, mostly Han, with sentence or clause punctuation (half-width
/// `,` and `.` count: pasted text often has them).
pub fn reads_as_prose(t: &str) -> bool {
    let han = t.chars().filter(|&c| is_han(c)).count();
    let clauses = t.chars().filter(|&c| is_sentence_end(c) || matches!(c, '，' | '、' | ',' | '.')).count();
    // A full sentence is prose even around a long URL or code; otherwise Han must dominate.
    (han >= 6 && ends_full_stop(t)) || (han >= 12 && clauses >= 1 && han * 2 >= char_len(t))
}

/// Short space-separated tokens side by side (`政务公开 政务专题 办事服务`, `上一页 目录 下一章`): a link bar.
fn is_link_bar(t: &str) -> bool {
    let tokens = bar_tokens(t);
    tokens.len() >= 3 && tokens.iter().all(|tok| char_len(tok) <= 8) && !t.chars().any(is_sentence_end)
}

/// A long link bar (a site's menu, `游记 散文 随笔 小说排行 …`): five or more short tokens with no punctuation
/// at all, not all of one length — a poem's lines set side by side without punctuation are.
fn is_long_link_bar(t: &str) -> bool {
    let tokens = bar_tokens(t);
    let first = tokens.first().map_or(0, |tok| char_len(tok));
    // Each link is a word: a lone mark or character between spaces (`[书名 / 作者 著 ]`) is no link.
    let word = |tok: &&str| {
        (2..=8).contains(&char_len(tok)) && tok.chars().any(|c| is_han(c) || c.is_alphanumeric())
    };
    tokens.len() >= 5
        && tokens.iter().all(word)
        && !names_a_chapter(t)
        && tokens.iter().any(|tok| char_len(tok) != first)
        && !has_sentence_punct(t)
        && !t.contains(['，', '、', ','])
}

/// A line holding a chapter's label among other words (`◀上一回 第五回 某某 下一回▶`): the chapter's own
/// heading between its neighbours' links, which the reader must keep.
pub fn names_a_chapter(t: &str) -> bool {
    bar_tokens(t).iter().any(|tok| headings::chapter_prefix(tok).is_some() || is_chapter_label(tok))
}

/// A chapter's label alone (`第十二回`, `第3章`).
fn is_chapter_label(tok: &str) -> bool {
    tok.strip_prefix('第')
        .and_then(|r| r.strip_suffix(['回', '章', '节', '節', '卷', '篇']))
        .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || chars::is_cn_numeral(c)))
}

fn bar_tokens(t: &str) -> Vec<&str> {
    t.split(|c: char| c.is_whitespace() || c == '\u{3000}').filter(|s| !s.is_empty()).collect()
}

/// A page footer's contact line (`地址：… 邮编：… 电话：…`): two or more kinds of contact (a phone number, an
/// e-mail address, a postal address, a postcode, a fax). A document's own contact line asks to be used
/// (`联系人：`, `咨询电话：`, `报名地点：`), and is the document's.
fn is_contact_line(t: &str) -> bool {
    const KINDS: [&[&str]; 4] = [
        &["地址"],
        &["邮编", "邮政编码", "郵遞區號", "郵政編碼"],
        &["传真", "傳真"],
        &["邮箱", "信箱", "郵箱"],
    ];
    let worded = KINDS.iter().filter(|words| words.iter().any(|w| t.contains(w))).count();
    let mailed = t.contains('@') && web_tokens::address_share(t) > 0.0;
    let kinds = worded + usize::from(web_tokens::has_phone_number(t)) + usize::from(mailed);
    kinds >= 2 && !["联系", "聯絡", "咨询", "諮詢", "报名", "報名"].iter().any(|w| t.contains(w))
}

/// A line of nothing but words of page chrome and marks (`加入书签`, `分享到:`, `相关新闻`, `友情链接:`): a
/// control or a section label of the page, with no word of its own.
/// Not chrome words a text may set alone as its own heading (`主要内容`, `技术支持`, `备案`).
fn only_chrome(t: &str) -> bool {
    const ALSO_HEADINGS: [&str; 9] =
        ["主要内容", "主要內容", "主内容", "主內容", "技术支持", "备案", "注册", "二维码", "搜索"];
    let words = CHROME_WORDS.iter().chain(&YOU_ARE_HERE).filter(|w| !ALSO_HEADINGS.contains(w));
    let rest = words.fold(t.to_owned(), |rest, w| rest.replace(w, ""));
    rest != t && !rest.chars().any(|c| is_han(c) || c.is_alphanumeric())
}

/// A link set between runs of arrows (`>>> 戳我直接看全本<<<<`, `→→ 点此进入 ←←`): a page's call to click,
/// short and with no sentence in it.
fn is_arrow_wrapped(t: &str) -> bool {
    let arrow = |c: char| matches!(c, '>' | '<' | '»' | '«' | '→' | '←' | '＞' | '＜');
    let opens = t.chars().take_while(|&c| arrow(c)).count() >= 2;
    let closes = t.chars().rev().take_while(|&c| arrow(c)).count() >= 2;
    let inner = t.trim_matches(|c: char| arrow(c) || is_layout_space(c));
    opens && closes && (1..=16).contains(&char_len(inner)) && !has_sentence_punct(inner)
}

/// How strongly a line looks like site furniture, 0 (not at all) to 3 and more. Each feature adds one.
pub fn evidence(text: &str) -> u32 {
    let t = text.trim_matches(is_layout_space);
    if t.is_empty() {
        return 0;
    }
    if PAGE_VOICE.iter().any(|w| t.contains(w)) {
        return 3;
    }
    // Two of a page's fields or more (`发布机构:政府办, 发文日期:2020年05月07日`) make its info line, commas
    // and all.
    let fields = info_fields(t);
    if reads_as_prose(t) && fields < 2 && !t.contains("版权所有") && !t.contains("版權所有") {
        // Prose is the document's, whatever words it uses, unless it is about the page itself (two words
        // of chrome: `您的瀏覽器不支援JavaScript功能…`) and no full sentence; a copyright notice is the exception.
        let stopped = ends_full_stop(t);
        if stopped && char_len(t) > 40 {
            // Most lines of a book: no need to look for words of chrome at all.
            return 0;
        }
        let chrome = chrome_words(t);
        return if chrome >= 2 && !stopped { 2 } else { u32::from(chrome > 0 && char_len(t) <= 40) };
    }
    // A page's button alone on its line (`• 关闭`, `返回`): words that inside a text mean what they say.
    if BUTTONS.contains(&t.trim_start_matches(['•', '·', '【', '[']).trim_end_matches(['】', ']']).trim())
    {
        return 3;
    }
    // Nothing but the page's controls: no word of a text in it.
    if only_chrome(t) {
        return 3;
    }
    let chrome = chrome_words(t);
    let mut score = 0;
    if chrome > 0 {
        score += 2;
    }
    if info_label(t).is_some() {
        score += 2;
    } else if fields >= 2 {
        // A page's info line that opens with a label no list holds (`通讯员:`, `审核:`).
        score += 2;
    } else if is_label_value(t) {
        score += 1;
    }
    // An address's own slashes and letters are counted once, as an address.
    let bare = web_tokens::without_addresses(t);
    if bare.chars().filter(|&c| is_separator(c)).count() >= 2 || t.contains(">>") {
        score += 1;
    }
    if is_breadcrumb(t) {
        score += 1;
    }
    if is_link_bar(t) {
        score += 1;
    }
    // Previous/next links: a line opening or closing on an arrow or a bar (`← | 100年… |`, `…下一篇 →`).
    // A page title copied without the site's name after its bar (`…的通知 |`) is a title still.
    let titled = super::title_shape::ends_with_genre(t.trim_end_matches(['|', '｜', ' ']));
    if t.starts_with(['←', '«', '|', '｜']) || (t.ends_with(['→', '»', '|', '｜']) && !titled) {
        score += 2;
    }
    if is_symbol_line(t) {
        score += 2;
    }
    if is_arrow_wrapped(t) {
        score += 1;
    }
    if is_file_name(t) {
        score += 2;
    }
    if is_clock_line(t) || web_tokens::is_skip_link(t) {
        score += 3;
    } else if opens_with_timestamp(t) {
        score += 2;
    }
    // The tokens of a page: an address (a document may list addresses too: one feature), a printed page's
    // counter, a site's menu.
    if web_tokens::address_share(t) > 0.0 {
        score += 1;
    }
    if web_tokens::ends_with_page_counter(t) || is_long_link_bar(t) {
        score += 1;
    }
    let latin = bare.chars().filter(char::is_ascii_alphanumeric).count();
    if latin * 2 > char_len(&bare) && !t.chars().any(is_han) {
        score += 1;
    }
    // A chapter's heading set between links to its neighbours (`上一章 第七回 某某 下一章`): the links are
    // furniture, the line is the chapter's and stays.
    if names_a_chapter(t) {
        score = score.min(1);
    }
    score
}

/// Evidence that counts only at the page's edges, above the document or below its end: a footer's contact
/// line and a posting time (`某某 2021年6月20日 10:02 阅读 356`). Inside a document a meeting notice gives a
/// time, a place and a phone number too.
fn edge_evidence(text: &str) -> u32 {
    let t = text.trim_matches(is_layout_space);
    if reads_as_prose(t) {
        return 0;
    }
    let contact = if is_contact_line(t) { 2 } else { 0 };
    let posted = if web_tokens::has_posting_time(t) && !opens_with_timestamp(t) { 2 } else { 0 };
    contact + posted
}

/// A printed page's header or footer line (`2026/3/8 10:15 某某办法 _ 某某网`, `https://… 3/29`): a block of
/// its own, never joined to the text it interrupts.
pub fn is_page_line(text: &str) -> bool {
    let t = text.trim_matches(is_layout_space);
    opens_with_timestamp(t) || (web_tokens::address_share(t) >= 0.5 && web_tokens::ends_with_page_counter(t))
}

/// A headline over the page's info line (`某某来了！春节可休7天` over `2018-12-07 13:40`): a line that ends
/// no sentence and has the page's furniture right under it is the page's headline, not the text's first
/// paragraph, however it is punctuated.
pub fn heads_page_info(line: &str, next: &str) -> bool {
    !chars::ends_sentence(line) && page_evidence(next) >= 2
}

/// All the evidence for a line at the page's edge ([`evidence`] and [`edge_evidence`]).
pub fn page_evidence(text: &str) -> u32 {
    evidence(text) + edge_evidence(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lone_opening_bracket_is_cut_text_not_a_mark() {
        assert!(!is_symbol_line("("));
        assert!(!is_symbol_line("（"));
        assert!(is_symbol_line("*********"));
    }

    #[test]
    fn page_chrome_has_evidence_and_prose_has_none() {
        for chrome in [
            "您的位置: 首页 » 法律资料网 » 法律法规 »",
            "作者:法律资料网 时间:2024-07-06 00:54:58  浏览:9107   来源:法律资料网",
            "跳到主要內容",
            ":::",
            "上一页 目录 下一章 加入书签",
            "版权所有：某某市人民政府办公室",
            "•索引号:",
            "字体：大 中 小",
            "香港時間16時18分",
            "下面是小编为大家整理的2023年开幕式讲话范文，供大家参考。",
            "← | 100年總統農曆春節談話 | 中華民國一○一年總統農曆春節談話",
            "【法规标题】禁止传销条例",
            "通讯员:某某来源:某某大学 阅读:发布时间:2012-08-18审稿:",
            "发布机构:县政府办, 发文日期:2021年03月07日",
            "名    称:某某县人民政府关于印发某某办法的通知",
            "(责任编辑:某某)",
            "[复制链接]",
            "跳转到指定楼层",
        ] {
            assert!(evidence(chrome) >= 2, "{chrome}");
        }
        for prose in [
            "现将《实施细则》印发给你们，请遵照执行。",
            "各区县人民政府，市政府各部门：",
            "一、总体目标和要求",
            "关于印发吉安市市本级政务公开工作实施细则的通知",
            "请登录市政府网站首页查询，或拨打电话咨询。",
            "来源不同的资金，发布时间各异，须分别核算。",
            "1. 春晓 作者: 孟浩然 内容: 春眠不觉晓，处处闻啼鸟。 2. 静夜思 作者: 李白 内容: 床前明月光，疑是地上霜。",
            "楼主所在的那栋楼，层层都住满了人家。",
        ] {
            assert!(evidence(prose) < 2, "{prose}");
        }
    }

    #[test]
    fn page_controls_alone_and_arrowed_links_are_furniture_and_headings_are_not() {
        for control in ["加入书签", "分享到:", "相关新闻", "友情链接:", ">>> 戳我直接看全本<<<<"]
        {
            assert!(evidence(control) >= 3, "{control}");
        }
        for heading in ["主要内容", "技术支持", ">>> 重要提示：本周停课。<<<"] {
            assert!(evidence(heading) < 3, "{heading}");
        }
        // A page title copied without its site's name keeps the bar, and is no link.
        assert!(evidence("某某市卫生计生委关于印发某某工作要点的通知 |") < 2);
    }

    #[test]
    fn a_paywall_and_a_reading_switch_are_furniture() {
        assert!(evidence("此处隐藏5120个字。VIP会员可见") >= 3);
        assert!(evidence("關燈") >= 2);
        assert!(!is_counter("发布机构") && is_counter("浏览次数") && is_counter("阅读量"));
    }

    #[test]
    fn a_button_alone_is_furniture_and_in_a_line_is_words() {
        assert!(evidence("• 关闭") >= 3 && evidence("【打印】") >= 3);
        assert!(evidence("（三）关闭落后产能") < 2);
    }

    #[test]
    fn a_file_name_is_the_pages_and_a_file_named_in_a_sentence_is_found() {
        assert!(evidence("某某实施细则及文种式样.docx") >= 2 && evidence("《某某办法.PDF》") >= 2);
        assert!(names_a_file("《某某细则.docx》由会员分享,可在线阅读"));
        assert!(!names_a_file("版本号为2.0.1.docxtemplate") && !names_a_file("请访问www.example.doc"));
        assert!(evidence("聊斋志异 原文 注释 白话文.pdf 全文免费") < 2);
    }

    #[test]
    fn a_footers_contacts_a_menu_and_a_printed_pages_footer_are_furniture() {
        assert!(is_contact_line("地址：某县新华路8号 邮编：100000 传真：010-66001122"));
        assert!(!is_contact_line("联系人：王某，联系电话：0571-88112233，地址：某区文一路5号"));
        assert!(evidence("川菜 湘菜 粤菜 家常菜谱 烘焙甜点 减肥食谱") >= 2);
        assert!(evidence("春眠不觉晓 处处闻啼鸟 夜来风雨声 花落知多少 欲问何处寻") < 2);
        assert!(!is_long_link_bar("[某某演义 / 某某某 著 ]"));
        assert!(!is_long_link_bar("◀上一章 第十二回 某某某某 某某某某某 下一章▶"));
        assert!(evidence("上一章 第十二回 某某某某 下一章 →") < 2 && evidence("上一章 目录 下一章") >= 2);
        assert!(evidence("http://www.example-news.org/2024/0301/a.html 7/30") >= 3);
        assert!(evidence("查询网址：http://www.example.gov.cn/") < 3);
    }

    #[test]
    fn a_headline_over_the_pages_info_is_no_first_paragraph() {
        assert!(heads_page_info(
            "好消息来了!明年起新规开始施行 这些变化要知道",
            "2024-12-30 09:15 来源：某某网"
        ));
        assert!(!heads_page_info("现将有关事项通知如下。", "2024-12-30 09:15 来源：某某网"));
        assert!(!heads_page_info("好消息来了!明年起新规开始施行", "一、总体要求"));
    }

    #[test]
    fn a_posting_time_opens_a_page_info_line() {
        assert!(evidence("2011-06-18 00:00:00 来源: 本站原创") >= 2);
        assert!(!opens_with_timestamp("2011年6月18日 上午召开会议。"));
        assert!(!opens_with_timestamp("1.2 编制依据"));
    }
}
