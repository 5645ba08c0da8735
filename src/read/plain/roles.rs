//! Paragraph roles: boilerplate (QR-code captions, site toolbars, download ads), salutation, signature,
//! date, attachment notes and parenthesised notes. The tests here read one line each; [`assign_roles`] sets
//! the roles of a document's paragraphs from them and from where the paragraphs stand.

use super::chars::{
    char_len, dates_in, has_sentence_punct, is_han, is_layout_space, is_sentence_end, parse_date_prefix,
};
use super::headings::{self, Marker};
use super::{chars, closing, furniture, Item};
use crate::model::Role;
use crate::zh::closing::is_salutation as says_salutation;

mod addressee;

/// Lines that are boilerplate wherever they stand: nobody writes these as content.
///
/// Two kinds of evidence. Some lines are boilerplate by what they say, even as whole sentences: a download
/// ad, a photo credit, a toolbar. Others only carry a marker that ordinary prose may carry too (`<script`,
/// `二维码`, `关闭窗口`, a URL, `更新时间：`): they are boilerplate only when they do not read as a sentence
/// ([`reads_as_sentence`]), since a line that does is text someone wrote, and dropping it would lose it.
pub fn is_strong_boilerplate(text: &str) -> bool {
    let t = text.trim_matches(is_layout_space);
    says_boilerplate(t) || (has_boilerplate_marker(t) && !reads_as_sentence(t))
}

/// Lines that are site furniture by what they say, sentence or not.
fn says_boilerplate(t: &str) -> bool {
    let has = |s: &str| t.contains(s);
    t.starts_with("【字号")
        || t.starts_with("【字体")
        || has("本章字数")
        || (has("仅供") && has("删除") && has("下载"))
        || (has("章节内容") && t.starts_with(['-', '=', '—']))
        || ((has("http://") || has("https://") || has("www.")) && (has("小说") || has("下载")) && char_len(t) <= 120)
        || is_photo_caption(t)
        || t == "↑"
        // A news portal's pointer to related stories, left at the end of the copied text.
        || matches!(t, "相关报道：" | "相关阅读：" | "相关新闻：" | "延伸阅读：" | "相关链接：")
}

/// Markers of site furniture that prose may mention as well.
fn has_boilerplate_marker(t: &str) -> bool {
    let has = |s: &str| t.contains(s);
    (has("二维码") && (has("扫") || has("关注") || has("识别")))
        || (has("公众号") && has("关注") && char_len(t) <= 40)
        || has("打印本页")
        || has("关闭窗口")
        || has("【打印】")
        || has("【关闭】")
        || has("更新时间:")
        || has("更新时间：")
        || t.starts_with("<!--")
        || t.starts_with("-->")
        || has("<script")
        || ((has("http://") || has("https://") || has("www."))
            && (has("网站") || !has_sentence_punct(t))
            && char_len(t) <= 120
            && !is_address_field(t))
}

/// One labelled address (`沈阳人大网站网址:www.example.gov.cn`, `查询网址：http://…`): how a notice tells
/// its readers where to look or write (class 1). Where it stands decides whether it is the page's footer
/// ([`super::placement`]); alone it is no sure furniture.
fn is_address_field(t: &str) -> bool {
    furniture::is_label_value(t) && furniture::label_count(t) <= 1 && furniture::chrome_words(t) == 0
}

/// A line that reads as a sentence someone wrote: it has a sentence end (`。！？`…), at least six Han
/// characters, and more than half as many Han characters as Latin letters and digits (markup and URLs are
/// Latin, and a Han character says as much as two or three letters). Site furniture is labels, buttons and
/// markup, never that.
pub fn reads_as_sentence(t: &str) -> bool {
    let han = t.chars().filter(|&c| is_han(c)).count();
    let latin = t.chars().filter(char::is_ascii_alphanumeric).count();
    han >= 6 && han * 2 > latin && t.chars().any(is_sentence_end)
}

/// The closing words of a Wikisource page (`Public domain`, `false`): a licence footer ends with them, and
/// each stands as a block of its own. Anywhere else they are ordinary words.
pub fn is_licence_footer_word(text: &str) -> bool {
    matches!(text.trim_matches(is_layout_space), "Public domain" | "false" | "true")
}

/// The licence footer of a Wikisource page (`本作品…`, `Public domain`, `false`): from the paragraph that
/// opens with `本作品` among the last few to the end. Returns the index where the footer starts.
pub fn licence_footer_start(texts: &[&str]) -> Option<usize> {
    let last = texts.last()?;
    if !is_licence_footer_word(last) {
        return None;
    }
    let window = texts.len().saturating_sub(16);
    (window..texts.len()).find(|&i| texts.get(i).is_some_and(|t| t.starts_with("本作品")))
}

/// A photo caption left without its photo (`…。本报记者 戴冰摄`).
fn is_photo_caption(t: &str) -> bool {
    char_len(t) <= 60 && t.ends_with('摄') && t.contains("记者")
}

/// Site furniture that is boilerplate only where such things stand: before the title and in the header.
pub fn is_weak_boilerplate(text: &str) -> bool {
    const TOKENS: [&str; 30] = [
        "下载",
        "打印",
        "全屏",
        "收藏",
        "分享",
        "分享：",
        "加大",
        "还原",
        "减小",
        "大",
        "中",
        "小",
        "【",
        "】",
        ">",
        "》",
        "首页",
        "当前位置：",
        "当前位置",
        "返回",
        "返回顶部",
        "关闭",
        "字号",
        "【字号：",
        "【字体：",
        "默认",
        "A+",
        "A-",
        "【打印】",
        "【关闭】",
    ];
    const LABELS: [&str; 10] = [
        "来源：",
        "来源:",
        "时间：",
        "发表时间：",
        "发布时间：",
        "阅读量：",
        "浏览次数：",
        "责任编辑：",
        "编辑：",
        "分享到：",
    ];
    let t = text.trim_matches(is_layout_space);
    let colon = t.replace(':', "：");
    TOKENS.contains(&t)
        || TOKENS.contains(&colon.as_str())
        || (char_len(t) <= 30 && LABELS.iter().any(|l| colon.starts_with(l)))
        || (char_len(t) <= 30 && LABELS.iter().any(|l| t.starts_with(l)))
        || is_timestamp(t)
}

/// A label of the page's metadata standing alone (`来源：`, `发表时间：`): its value is on the next line.
pub fn is_meta_label(text: &str) -> bool {
    let t = text.trim_matches(is_layout_space).replace(':', "：");
    ["来源：", "时间：", "发表时间：", "发布时间：", "阅读量：", "浏览次数：", "责任编辑：", "编辑："]
        .contains(&t.as_str())
}

/// `2026-01-31 07:00:44`, `2026-02-02`: a bare machine timestamp.
fn is_timestamp(t: &str) -> bool {
    // `2026年02月10日 07时41分`: a date with a clock time is a page's publication stamp, never a dateline.
    let clocked = parse_date_prefix(t).is_some_and(|(iso, rest)| {
        let rest = rest.trim_matches(is_layout_space);
        iso.len() == 10
            && rest.chars().any(|c| c.is_ascii_digit())
            && rest.chars().all(|c| c.is_ascii_digit() || matches!(c, '时' | '分' | '秒' | ':' | '：' | ' '))
    });
    clocked
        || char_len(t) >= 8
            && t.chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | ':' | ' ' | '/' | '.'))
            && t.chars().filter(char::is_ascii_digit).count() >= 6
            // `07.12.2018 13:40`: dots with a clock time are a stamp too.
            && (t.contains(['-', '/']) || (t.contains('.') && t.contains(':')))
}

/// Splits a line holding several boilerplate items side by side (`扫描二维码关注“A”公众号        扫描…`):
/// the items, when every one of them is boilerplate.
pub fn split_boilerplate_items(text: &str) -> Option<Vec<&str>> {
    let mut items = Vec::new();
    let mut rest = text;
    while let Some(pos) = find_gap(rest) {
        let (item, tail) = rest.split_at(pos);
        items.push(item.trim_matches(is_layout_space));
        rest = tail.trim_start_matches(is_layout_space);
    }
    items.push(rest.trim_matches(is_layout_space));
    (items.len() >= 2 && items.iter().all(|i| is_strong_boilerplate(i))).then_some(items)
}

/// Byte offset of the first run of three or more layout spaces (or any tab).
fn find_gap(text: &str) -> Option<usize> {
    let mut run_start = None;
    let mut run = 0;
    for (i, ch) in text.char_indices() {
        if is_layout_space(ch) {
            if run == 0 {
                run_start = Some(i);
            }
            run += 1;
            if run >= 3 || ch == '\t' {
                return run_start;
            }
        } else {
            run = 0;
        }
    }
    None
}

/// An addressee or salutation: `同志们：`, `各位代表：`, `各省、自治区、直辖市人民政府，国务院各部委：`, by
/// its words ([`says_salutation`]) and not a label of a page's furniture.
pub fn is_salutation(text: &str) -> bool {
    let t = text.trim_matches(is_layout_space);
    if let Some(body) = t.strip_suffix('：').or_else(|| t.strip_suffix(':')) {
        // A label of what a page holds is no addressee (`页面功能：`, `圖表附件：`, `相关链接：`), nor any
        // other label of site furniture (`字体：`, `主题词：`): class 5 of the recognition issue.
        const HOLDINGS: [&str; 11] =
            ["附件", "功能", "内容", "內容", "链接", "連結", "下载", "下載", "图片", "圖片", "视频"];
        if HOLDINGS.iter().any(|h| body.ends_with(h))
            || super::furniture::info_label(t).is_some()
            || super::furniture::chrome_words(t) > 0
        {
            return false;
        }
    }
    says_salutation(t)
}

/// A note in parentheses: `（此件公开发布）`, `（本文有删减）`; words, not a list's number left alone (`(1)`).
pub fn is_paren_note(text: &str) -> bool {
    let t = text.trim_matches(is_layout_space);
    char_len(t) <= 60
        && t.chars().filter(|&c| is_han(c)).count() >= 2
        && ((t.starts_with('（') && t.ends_with('）')) || (t.starts_with('(') && t.ends_with(')')))
        && t.chars().filter(|&c| c == '（' || c == '(').count() == 1
}

/// A line of the 版记 (GB/T 9704 §8): `抄送：…`, `报：…` / `送：…` / `抄：…`, and the printing line
/// `××市人民政府办公室　　2022年4月20日印发`.
pub fn is_record_line(text: &str) -> bool {
    let t = text.trim_matches(is_layout_space);
    let labelled = ["抄送", "抄报", "报", "送", "抄", "發送", "副本"]
        .iter()
        .any(|l| t.strip_prefix(l).is_some_and(|r| r.starts_with(['：', ':'])));
    let printed = t.ends_with("印发") && char_len(t) <= 50 && {
        let body = t.trim_end_matches("印发").trim_end_matches(is_layout_space);
        dates_in(body).any(|(iso, rest)| iso.len() == 10 && rest.is_empty())
    };
    (labelled && char_len(t) <= 200) || printed
}

/// The attachment note (`附件：1.…`, `附件1.…`, `附件：` alone) or an attachment label (`附件1`, `附件2：`).
pub fn is_attachment_start(text: &str) -> bool {
    let Some(rest) = text.trim_matches(is_layout_space).strip_prefix("附件") else { return false };
    rest.is_empty()
        || rest.starts_with(['：', ':', '１', '．', '.'])
        || rest.starts_with(|c: char| c.is_ascii_digit())
}

/// An attachment label alone: `附件1`, `附件2：`, `附件`.
pub fn is_attachment_label(text: &str) -> bool {
    let Some(rest) = text.trim_matches(is_layout_space).strip_prefix("附件") else { return false };
    // `附件1`, `附件１：`, `附件一`.
    rest.trim_end_matches(['：', ':', '.', '．'])
        .chars()
        .all(|c| c.is_numeric() || super::chars::is_cn_numeral(c))
}

/// The documents a notice issues or forwards, by the names it quotes (`现将《某县应急预案（试行）》印发给你们`):
/// the attached text starts under the same title.
pub fn issued_documents(text: &str) -> Vec<String> {
    const ISSUING: [&str; 8] = ["印发", "印發", "转发", "轉發", "批转", "批轉", "发布", "發布"];
    if !text.contains('《') || !ISSUING.iter().any(|w| text.contains(w)) {
        return Vec::new();
    }
    text.split('《')
        .skip(1)
        .filter_map(|rest| rest.split_once('》').map(|(name, _)| name))
        .filter(|name| char_len(name) >= 4 && !name.contains('《'))
        .map(str::to_owned)
        .collect()
}

/// Salutation near the start; date, signature, notes and attachment notes at the close.
pub(super) fn assign_roles(items: &mut [Item], meta: &mut crate::model::Meta) {
    mark_salutation(items);
    addressee::mark(items);
    let texts: Vec<&str> = items.iter().map(|i| i.text.as_str()).collect();
    if let Some(start) = licence_footer_start(&texts) {
        for item in items.iter_mut().skip(start) {
            item.role = Role::Boilerplate;
        }
    }
    let mut seen_date = false;
    let mut in_attachment_note = false;
    // A closing block closes text: a date line with no prose above it (`中華民國109年05月20日` under the
    // title and its subtitle) dates the header, it signs nothing.
    let mut seen_prose = false;
    let mut printed = None;
    let count = items.len();
    for i in 0..count {
        if !seen_prose {
            seen_prose = i > 0
                && items.get(i - 1).is_some_and(|p| {
                    furniture::reads_as_prose(&p.text) || closing::ends_half_width_sentence(&p.text)
                });
        }
        let Some(item) = items.get(i) else { break };
        if item.role != Role::Body || item.cells.is_some() {
            in_attachment_note = false;
            continue;
        }
        let text = item.text.clone();
        // A web copy lists the file it attaches right under the closing date (`附件：某某表.doc`), where the
        // 附件说明 of a printed document stands above the signature (class 5).
        let under_closing = i > 0 && matches!(items[i - 1].role, Role::Date | Role::Signature | Role::Note);
        if is_attachment_label(&text) || ((!seen_date || under_closing) && is_attachment_start(&text)) {
            set_role(items, i, Role::Attachment);
            in_attachment_note = !is_attachment_label(&text) || !seen_date;
            continue;
        }
        if in_attachment_note
            && matches!(headings::marker(&text), Some((Marker::Num | Marker::ParenNum, _)))
            && char_len(&text) <= 100
        {
            set_role(items, i, Role::Attachment);
            continue;
        }
        in_attachment_note = false;
        if i > 0 && !seen_prose && chars::is_date_line(&text) {
            if meta.date.is_none() {
                meta.date = chars::parse_date_line(&text);
            }
            continue;
        }
        if let Some(iso) = chars::parse_date_line(&text)
            .filter(|iso| i > 0 && iso.len() == 10)
            .or_else(|| closing::dated_signature(&text).filter(|_| seen_prose))
            .or_else(|| {
                closing::numeric_date(&text)
                    .filter(|_| seen_prose && i > 0 && closing::is_signer(items, i - 1))
            })
        {
            set_role(items, i, Role::Date);
            meta.date.get_or_insert(iso);
            seen_date = true;
            closing::sign_above(items, i);
            continue;
        }
        // A template's date (`2024年×月×日`) or a month (`2024年5月`) under a signature after the text closes
        // the document too, though it dates nothing to the day.
        if seen_prose
            && i > 0
            && closing::is_signer(items, i - 1)
            && (crate::zh::dates::is_placeholder_date(&text)
                || chars::parse_date_line(&text).is_some_and(|iso| iso.len() == 7))
        {
            set_role(items, i, Role::Date);
            seen_date = true;
            closing::sign_above(items, i);
            continue;
        }
        // A 附注 stands in the closing block, right under its date, signature or another note (the last line
        // of a signed text may be one too): in parentheses elsewhere is an edition under an attached title
        // (`（2018年修订）`) or a page's remark (`（请认真阅读下面的提示信息）`).
        let in_closing = i > 0
            && (items
                .get(i - 1)
                .is_some_and(|p| matches!(p.role, Role::Date | Role::Signature | Role::Note))
                || (i + 1 == count && closing::is_signer(items, i - 1)));
        if (is_paren_note(&text) && in_closing) || is_record_line(&text) {
            set_role(items, i, Role::Note);
            if let Some(iso) = closing::printed_on(&text) {
                printed.get_or_insert(iso);
                closing::sign_above_printing(items, i);
            }
        }
    }
    closing::sign_undated(items);
    // The day the 版记 says the document was printed dates it when its closing gives no date.
    if let Some(iso) = printed {
        meta.date.get_or_insert(iso);
    }
}

/// The salutation is among the first few body paragraphs (after a news lead, a photo caption, or header
/// lines a page repeated), never after the first paragraph of prose. A page's stamps and labels there
/// (`07.12.2018 13:40`, `来源：…`) are furniture the later passes set aside: they neither count nor end the
/// search (a timestamp is no numbered heading). A salutation broken after its `、` (`各位代表、` / `同志们：`)
/// is one over both lines.
fn mark_salutation(items: &mut [Item]) {
    let body: Vec<usize> = (0..items.len())
        .filter(|&i| items[i].role == Role::Body && items[i].cells.is_none())
        .filter(|&i| !is_weak_boilerplate(&items[i].text) && !furniture::is_page_line(&items[i].text))
        .take(6)
        .collect();
    for (k, &i) in body.iter().enumerate() {
        let text = items[i].text.as_str();
        // An addressee long enough to read as prose (`各县(市、区)人民政府,市政府各部门:`) is still one.
        let addressee = is_salutation(text);
        let next = body.get(k + 1).filter(|&&j| j == i + 1).map(|&j| items[j].text.trim());
        let broken = next.filter(|next| {
            let head = text.trim_matches(is_layout_space);
            char_len(head) <= 20
                && head.ends_with(['、', '，', ','])
                && is_salutation(next)
                && is_salutation(&format!("{head}{next}"))
        });
        if headings::marker(text).is_some()
            || (k >= 3 && !addressee && broken.is_none() && furniture::reads_as_prose(text))
        {
            break;
        }
        if broken.is_some() {
            set_role(items, i, Role::Salutation);
            set_role(items, i + 1, Role::Salutation);
            break;
        }
        if addressee {
            set_role(items, i, Role::Salutation);
            break;
        }
    }
}

fn set_role(items: &mut [Item], i: usize, role: Role) {
    if let Some(item) = items.get_mut(i) {
        item.role = role;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::plain::read_plain;
    use crate::read::plain::tests::{outline, LONG};
    use crate::zh::closing::is_signature;
    use crate::zh::dates::is_date_line;

    #[test]
    fn record_lines_of_the_colophon() {
        assert!(is_record_line("抄送：市委各部门，市人大常委会办公室。"));
        assert!(is_record_line("报：委员会主任委员"));
        assert!(is_record_line("××市人民政府办公室　　2022年4月20日印发"));
        assert!(is_record_line("2018年9月13日印发"));
        assert!(!is_record_line("现将有关事项印发给你们，请遵照执行。"));
        assert!(!is_record_line("报告期内，各项工作进展顺利。"));
    }

    #[test]
    fn qr_captions_toolbars_and_ads_are_boilerplate() {
        assert!(is_strong_boilerplate("扫描二维码关注“笔苑”公众号"));
        assert!(is_strong_boilerplate("欢迎访问某某网站 www.example.com"));
        assert!(
            !is_strong_boilerplate("某市人大网站网址:www.example.gov.cn"),
            "a notice's own address field"
        );
        assert!(is_strong_boilerplate("【字体：大 中 小】 分享："));
        assert!(is_strong_boilerplate("TXT小说天堂  https://www.xstt5.com，最有文艺气息的文学网站"));
        assert!(is_strong_boilerplate("作品仅供读者预览,请在下载24小时内删除，不得用作商业用途"));
        assert!(is_strong_boilerplate("更新时间:2007-11-16 7:55:51 本章字数:4804"));
        assert!(is_strong_boilerplate("殷勇同志作政府工作报告。本报记者 戴冰摄"));
        assert!(!is_strong_boilerplate("要关注群众的需求，扫除障碍。"));
        assert!(is_weak_boilerplate("打印"));
        assert!(is_weak_boilerplate("2026-01-31 07:00:44"));
        assert!(is_weak_boilerplate("2026年02月10日 07时41分"));
        assert!(!is_weak_boilerplate("2026年2月10日"));
        assert!(is_strong_boilerplate("相关报道："));
        assert!(is_weak_boilerplate("来源：北京日报"));
        assert!(!is_weak_boilerplate("2026年工作"));
    }

    #[test]
    fn a_sentence_that_mentions_a_marker_of_boilerplate_is_text() {
        for sentence in [
            "在网页里插入<script>标签，浏览器就会运行其中的脚本。",
            "请用手机扫描下方二维码，填写报名信息后提交。",
            "操作完成前请勿关闭窗口，否则已填写的内容会丢失。",
            "系统的更新时间：每天凌晨两点，届时暂停服务。",
            "详情请登录市政府网站https://www.gov.cn查询。",
            "司马懿谓张郃曰：“今孔明长驱大进<!--script>认识<script-->，必将割陇西小麦。”",
        ] {
            assert!(!is_strong_boilerplate(sentence), "{sentence}");
        }
        // The same markers on lines that do not read as sentences stay boilerplate.
        for furniture in
            ["<script type=\"text/javascript\">var a = 1;</script>", "扫描二维码关注我们", "关闭窗口"]
        {
            assert!(is_strong_boilerplate(furniture), "{furniture}");
        }
        // Lines that say what they are stay boilerplate, sentence or not.
        assert!(is_strong_boilerplate("TXT小说天堂 https://www.xstt5.com，最有文艺气息的文学网站。"));
        assert!(is_strong_boilerplate(
            "1月27日，代表自治区人民政府向大会作政府工作报告。石榴云/新疆日报记者谢龙摄"
        ));
    }

    #[test]
    fn footer_words_are_boilerplate_only_at_the_end_of_a_licence_footer() {
        assert!(!is_strong_boilerplate("true"));
        assert!(!is_strong_boilerplate("false"));
        let texts = ["正文。", "true", "本作品在公有领域。", "Public domain", "false"];
        assert_eq!(licence_footer_start(&texts), Some(2));
        assert_eq!(licence_footer_start(&["问题的答案是：", "true"]), None);
    }

    #[test]
    fn side_by_side_boilerplate_items_are_split() {
        let line = "扫描二维码关注“笔苑”公众号        扫描二维码关注“文名”公众号";
        assert_eq!(
            split_boilerplate_items(line),
            Some(vec!["扫描二维码关注“笔苑”公众号", "扫描二维码关注“文名”公众号"])
        );
        assert_eq!(split_boilerplate_items("市委书记  闫晨曦"), None);
    }

    #[test]
    fn closing_lines_have_roles() {
        assert!(is_signature("国务院"));
        assert!(is_signature("国务院办公厅　中央军委办公厅"));
        assert!(!is_signature("国务院决定，自即日起施行。"));
        assert!(is_date_line("二〇〇六年十二月三十日"));
        assert!(!is_date_line("2026年11月"));
        assert!(is_date_line("2018年11月5日(星期一)"));
        assert!(!is_date_line("2018年11月5日(下午)"));
        assert!(is_paren_note("（此件公开发布）"));
        assert!(!is_paren_note("（一）工作要求"));
        assert!(is_attachment_start("附件：1.深圳湾口岸"));
        assert!(is_attachment_start("附件1.深圳湾口岸"));
        assert!(is_attachment_label("附件2："));
        assert!(!is_attachment_start("附件中的表格需要填写。"));
    }

    #[test]
    fn a_label_of_what_a_page_holds_is_no_addressee() {
        assert!(!is_salutation("页面功能:") && !is_salutation("圖表附件：") && !is_salutation("相关链接："));
        assert!(is_salutation("各区人民政府，市政府各部门："));
        assert!(is_salutation("各县(市、区)人民政府,市政府各部门:"), "half-width marks of a web copy");
    }

    #[test]
    fn a_long_addressee_under_three_header_lines_is_still_the_addressee() {
        let text = format!(
            "某某通知\n某省某市人民政府办公室\n关于印发某某办法\n某政办发〔2012〕8号\n各县(市、区)人民政府,市政府各部门,各有关单位:\n{LONG}\n"
        );
        assert!(outline(&text).iter().any(|l| l.starts_with("Salutation 各县")), "{:?}", outline(&text));
    }

    #[test]
    fn salutations_past_a_pages_stamp_and_over_two_lines() {
        let text = format!("某某来了!春节可休7天\n07.12.2018 13:40\n本文来源: News.Example.Cc\n各省、自治区、直辖市人民政府,国务院各部委:\n{LONG}\n");
        assert!(outline(&text).iter().any(|l| l.starts_with("Salutation 各省")), "{:?}", outline(&text));
        let text = format!("在某市人民代表大会闭幕式上的讲话\n各位代表、\n同志们:\n{LONG}\n");
        let out = outline(&text);
        assert_eq!(out[..2], ["Salutation 各位代表、", "Salutation 同志们:"], "{out:?}");
    }

    #[test]
    fn a_note_stands_in_the_closing_block_only() {
        let text = format!("关于某事的通知\n各单位：\n{LONG}\n某某办公室\n2018年3月16日\n（此件公开发布）\n某某应急预案\n（2018年修订）\n{LONG}\n");
        let out = outline(&text);
        assert!(out.contains(&"Note （此件公开发布）".to_owned()), "{out:?}");
        assert!(out.contains(&"Body （2018年修订）".to_owned()), "{out:?}");
        let text = format!("在某会议上的讲话\n同志们：\n{LONG}\n（请认真阅读下面的提示信息）\n");
        assert!(!outline(&text).iter().any(|l| l.starts_with("Note")), "{:?}", outline(&text));
    }

    #[test]
    fn closing_signature_date_note_and_attachments() {
        let text = "关于某事的通知\n各省人民政府：\n现将有关事项通知如下，请认真贯彻执行。\n\
                    附件：1.深圳湾口岸界址点坐标\n2.深圳湾公路大桥界址点坐标\n国务院\n二〇〇六年十二月三十日\n（此件公开发布）\n";
        let (doc, _) = read_plain(text);
        assert_eq!(doc.meta.date.as_deref(), Some("2006-12-30"));
        assert_eq!(
            outline(text),
            [
                "Salutation 各省人民政府：",
                "Body 现将有关事项通知如下，请认真贯彻执行。",
                "Attachment 附件：1.深圳湾口岸界址点坐标",
                "Attachment 2.深圳湾公路大桥界址点坐标",
                "Signature 国务院",
                "Date 二〇〇六年十二月三十日",
                "Note （此件公开发布）"
            ]
        );
    }

    #[test]
    fn a_file_listed_under_the_closing_date_is_an_attachment_note() {
        let text =
            format!("致居民的一封信\n居民朋友们：\n{LONG}\n某某社区居委会\n2022年5月6日\n附件：报名表.doc\n");
        assert_eq!(
            outline(&text)[2..],
            ["Signature 某某社区居委会", "Date 2022年5月6日", "Attachment 附件：报名表.doc"]
        );
        // In the text, a sentence about an attachment is none.
        let text = format!("某某通知\n{LONG}\n附件中的表格请如实填写。\n{LONG}\n");
        assert!(!outline(&text).iter().any(|l| l.starts_with("Attachment")));
    }

    #[test]
    fn a_date_line_with_no_text_above_dates_the_header_and_closes_nothing() {
        let text = format!("總統:下一個四年,在產業發展、社會安定四大面向超前部署\n某某就職演說\n中華民國109年05月20日\n{LONG}\n");
        let (doc, _) = read_plain(&text);
        let out = outline(&text);
        assert!(!out.iter().any(|l| l.starts_with("Date") || l.starts_with("Signature")), "{out:?}");
        assert_eq!(doc.meta.date.as_deref(), Some("2020-05-20"));
    }

    #[test]
    fn three_joint_signers_and_a_bare_item_number_at_the_end() {
        let text = "关于开展清理活动的通知\n各院、系、部门：\n请各单位认真执行。\n纪 委\n党 委 办 公 室\n院 长 办 公 室\n2011年6月21日\n";
        let out = outline(text);
        assert_eq!(out[2..5], ["Signature 纪 委", "Signature 党 委 办 公 室", "Signature 院 长 办 公 室"]);
        // A page cut off after `(1)`: what is left of an item, no note.
        let text = "1 总则\n1.1 编制目的\n为了做好工作，制定本预案。\n1.2 分类\n(1)\n";
        assert_eq!(outline(text).last().map(String::as_str), Some("Body (1)"));
    }
}
