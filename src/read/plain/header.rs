//! Header lines that are metadata: the elements above a title (发文字号, 密级, 紧急程度, an office's name or
//! its 版头), a page's info lines (`label：value` fields: issuer, number, dates, author, the page's name
//! for the document), and a statute's adoption lines under its title (when it was adopted, published or
//! amended, and by which order).

use super::chars::{char_len, dates_in, is_han, is_layout_space, parse_date_prefix, take_while};
use super::furniture;
use crate::model::Meta;

/// What a statute's header lines say was done on their date.
const ACTS: [&str; 12] =
    ["通过", "公布", "修订", "修正", "施行", "发布", "通過", "公佈", "修訂", "發布", "批准", "起施行"];

/// A line of a statute's header saying when it was adopted, published or amended
/// (`2002年5月27日中华人民共和国国务院令第354号公布`, `（2023年9月1日第十四届…修正）`): its date.
pub fn adoption_date(t: &str) -> Option<String> {
    let core = t.trim_matches(|c: char| matches!(c, '（' | '）' | '(' | ')' | '。') || is_layout_space(c));
    // A header line opens with its date (or `根据` and a date) and is no sentence of the text.
    let opening = core.strip_prefix("根据").or_else(|| core.strip_prefix("根據")).unwrap_or(core);
    if let Some(date) = listed_acts(core) {
        return Some(date);
    }
    if char_len(core) > 160
        || parse_date_prefix(opening).is_none()
        || core.contains(['，', '。', ','])
        || !ACTS
            .iter()
            .any(|a| core.ends_with(a) || core.contains(&format!("{a} ")) || core.contains(&format!("{a}　")))
    {
        return None;
    }
    // The latest date named: a statute is dated by its last amendment.
    dates_in(core).map(|(iso, _)| iso).filter(|iso| iso.len() == 10).max()
}

/// Marks between the clauses of a statute's header set on one line (`交通部 • 2006年2月13日…通过 • …`).
fn is_clause_mark(c: char) -> bool {
    matches!(c, '•' | '·' | '・' | '●')
}

/// A statute's header listing its acts on one line, parted by bullets (`交通部 • 2006年2月13日经第3次部务会议通过
/// • 交通部令2006年第4号 • 2006年2月24日发布 • 2006年6月1日起施行`): the date of its latest act, not counting
/// the day it takes effect unless nothing else is dated. Two dated acts at least, and no sentence.
fn listed_acts(core: &str) -> Option<String> {
    if !core.contains(is_clause_mark) || core.contains(['，', '。', ',']) || char_len(core) > 160 {
        return None;
    }
    let acts: Vec<(String, bool)> = core
        .split(is_clause_mark)
        .map(|clause| clause.trim_matches(is_layout_space))
        .filter_map(|clause| {
            let (iso, _) = parse_date_prefix(clause).filter(|(iso, _)| iso.len() == 10)?;
            ACTS.iter().any(|a| clause.ends_with(a)).then(|| (iso, takes_effect(clause)))
        })
        .collect();
    if acts.len() < 2 {
        return None;
    }
    let done = acts.iter().filter(|(_, effect)| !effect).map(|(iso, _)| iso).max();
    done.or_else(|| acts.iter().map(|(iso, _)| iso).max()).cloned()
}

/// An adoption line that only says when the statute takes effect (`2022年7月1日 施行`, `自…起施行`).
pub fn takes_effect(t: &str) -> bool {
    let core =
        t.trim_end_matches(|c: char| matches!(c, '（' | '）' | '(' | ')' | '。') || is_layout_space(c));
    core.ends_with("施行") && !ACTS.iter().filter(|a| !a.ends_with("施行")).any(|a| core.contains(a))
}

/// The order named in an adoption line (`2002年5月27日中华人民共和国国务院令第354号公布`): its name and number.
pub fn order_in(t: &str) -> Option<String> {
    // In a header listing its acts, the order is a clause of its own (`• 交通部令2006年第4号 •`).
    let listed = t
        .split(is_clause_mark)
        .map(|clause| {
            clause.trim_matches(|c: char| matches!(c, '（' | '）' | '(' | ')') || is_layout_space(c))
        })
        .find(|clause| t.contains(is_clause_mark) && is_doc_number(clause));
    if let Some(number) = listed {
        return Some(number.to_owned());
    }
    let (_, rest) = parse_date_prefix(t.trim_start_matches(['（', '(']))?;
    let rest = rest.trim_matches(is_layout_space);
    let order = rest.find("令")?;
    let number_end = rest[order..].find(['号', '號'])? + order;
    let name = &rest[..number_end + '号'.len_utf8()];
    (name.chars().all(|c| is_han(c) || c.is_ascii_digit() || c.is_whitespace()) && char_len(name) <= 30)
        .then(|| name.to_owned())
}

/// What a line above the title is.
#[derive(Debug, PartialEq)]
pub enum Above {
    /// A header element, now metadata (发文字号, 密级, 紧急程度).
    Element,
    /// An office's name or 版头 (`××市人民政府文件`): the issuer, unless page furniture follows it, which makes
    /// it the site's name at the top of the page.
    Issuer(String),
    /// A page's info line: furniture, its facts taken as metadata.
    Info,
    /// Anything else: furniture.
    Furniture,
}

/// Sorts one line above the title; `pending` carries an info label whose value is on the next line.
pub fn sort_above(meta: &mut Meta, t: &str, pending: &mut Option<&'static str>) -> Above {
    super::byline::take_loose_facts(meta, t);
    if let Some(label) = pending.take() {
        if furniture::info_label(t).is_none() && char_len(t) <= 40 {
            take_info(meta, label, t);
            return Above::Info;
        }
    }
    // A number field whatever the page calls it (`备注/文号:…`, `文        号 某政办发〔2019〕29号   上载日期 …`).
    if let Some(number) = labelled_number(t) {
        meta.doc_number.get_or_insert(number);
    }
    if furniture::info_label(t).is_none() && furniture::is_label_value(t) {
        // The known fields after a label the page alone uses (`文章来源:  |  发布日期:…`).
        for (label, value) in info_fields(t) {
            take_info(meta, label, value);
        }
        return Above::Info;
    }
    if let Some(label) = furniture::info_label(t) {
        let fields = info_fields(t);
        for (label, value) in &fields {
            take_info(meta, label, value);
        }
        if fields.iter().all(|(_, v)| v.is_empty()) && !furniture::is_counter(label) {
            *pending = Some(label);
        }
        return Above::Info;
    }
    if take_header_element(meta, t) {
        Above::Element
    } else if let Some(issuer) = issuer_line(t) {
        Above::Issuer(issuer)
    } else {
        Above::Furniture
    }
}

/// The facts of the known info fields on a line of a page's furniture, whatever else the line holds.
pub fn take_fields(meta: &mut Meta, t: &str) {
    for (label, value) in info_fields(t) {
        take_info(meta, label, value);
    }
}

/// The `label：value` pairs of an info line (`作者:x 时间:2024-07-06 浏览:9107`, `发文机关：\t国务院`,
/// `来源:某某文库 编辑:某某网 时间:2024/04/24 12:48:56`, `文章来源:  |  发布日期:2006年09月07日`). Fields with
/// labels the page alone uses are passed over.
pub fn info_fields(t: &str) -> Vec<(&'static str, &str)> {
    let bar = |c: char| matches!(c, '|' | '丨' | '｜');
    let gap = |c: char| is_layout_space(c) || bar(c);
    let mut fields = Vec::new();
    let mut rest = t.trim_start_matches(gap);
    while !rest.is_empty() {
        let Some((label, after)) = furniture::info_label_at(rest) else {
            // A field of a label not known here: the next field starts after the next gap.
            let Some(at) = rest.find(gap) else { break };
            rest = rest[at..].trim_start_matches(gap);
            continue;
        };
        // In a row of fields set with single spaces (`文件编号 某政发〔2023〕158号 公开时限 长期公开`), the value
        // runs to the next space; after a colon, to the next wide gap, bar or `label:` field.
        let spaced = after.starts_with(is_layout_space);
        let after = after.trim_start_matches(gap);
        // An empty field the next one follows (`来源:    发布时间:2021-08-04`): its value is the next field.
        if !spaced
            && furniture::info_label_at(after).is_some_and(|(_, value)| !value.starts_with(is_layout_space))
        {
            fields.push((label, ""));
            rest = after;
            continue;
        }
        let end = if spaced {
            after.find(gap).unwrap_or(after.len())
        } else {
            let wide = ["  ", "\u{3000}", "\t"].iter().filter_map(|g| after.find(g)).min();
            [wide, after.find(bar), next_field(after)].into_iter().flatten().min().unwrap_or(after.len())
        };
        fields.push((label, after[..end].trim_matches(is_layout_space)));
        rest = after[end..].trim_start_matches(gap);
    }
    fields
}

/// Where the next `label:` field starts in a value run on with single spaces (`百度文库 编辑:某某网`).
fn next_field(value: &str) -> Option<usize> {
    value.char_indices().filter(|&(_, c)| is_layout_space(c)).map(|(at, _)| at).find(|&at| {
        let (label, rest) = take_while(value[at..].trim_start_matches(is_layout_space), is_han);
        (2..=6).contains(&char_len(label)) && rest.starts_with(['：', ':'])
    })
}

/// `2021-07-19 10:20`, `2018/12/17`: a machine date.
fn dashed_date(value: &str) -> Option<(String, &str)> {
    let mut parts = value.splitn(3, ['-', '/', '.']);
    let (y, m, rest) = (parts.next()?, parts.next()?, parts.next()?);
    let (d, tail) = take_while(rest, |c| c.is_ascii_digit());
    let (y, m, d): (u32, u32, u32) = (y.trim().parse().ok()?, m.trim().parse().ok()?, d.parse().ok()?);
    Some((crate::zh::dates::iso_day(y, m, d).filter(|_| (1900..=2999).contains(&y))?, tail))
}

/// Metadata from a page's info field.
fn take_info(meta: &mut Meta, label: &str, value: &str) {
    let value = value.trim_matches(is_layout_space);
    if value.is_empty() {
        return;
    }
    match label {
        // Not `发布机构`: that is the web site that published the page.
        "发文机关" | "发文机构" | "发文部门" | "发布部门" | "發文單位" | "發文機關"
            if meta.issuer.is_none() && !value.ends_with("网站") && !value.ends_with("網站") =>
        {
            // An office, not the web site that filled the field in (`发文机构:` / `县政府网站`).
            meta.issuer = Some(value.to_owned())
        }
        "发文字号" | "发文文号" | "法规文号" | "文件编号" | "發文字號"
            if meta.doc_number.is_none() && is_doc_number(value) =>
        {
            meta.doc_number = Some(value.to_owned());
        }
        // The document's own date; the day it was sent out (`发文日期`) only stands in for it, as a page's
        // dates do.
        "成文日期" | "修正日期" if meta.date.is_none() => {
            meta.date = parse_date_prefix(value).map(|(iso, _)| iso);
        }
        // A page's byline names the author when it is a person's name (`作者：刘金新`), not the site's.
        "作者" if meta.authors.is_empty() => {
            meta.authors.extend(super::byline::parse_byline(&format!("作者：{value}")));
        }
        // When the page is dated but the document is not: its publication date, used only without another.
        // Not the day it takes effect (`实施时间`).
        _ if ["日期", "时间", "時間", "布日"].iter().any(|d| label.ends_with(d))
            && !label.starts_with("实施") =>
        {
            if let Some((iso, _)) = parse_date_prefix(value).or_else(|| dashed_date(value)) {
                meta.extra.entry("published".into()).or_insert(iso);
            }
        }
        // The page's name for the document: its title when no title line stands above the text.
        _ if furniture::TITLE_LABELS.contains(&label) => {
            meta.extra.entry("info_title".into()).or_insert_with(|| value.to_owned());
        }
        _ => {}
    }
}

/// A header element above the title: 发文字号, 密级 or 紧急程度. Returns whether taken.
fn take_header_element(meta: &mut Meta, t: &str) -> bool {
    let inner = t.trim_matches(|c: char| matches!(c, '(' | ')' | '（' | '）') || is_layout_space(c));
    if is_doc_number(inner) {
        meta.doc_number.get_or_insert_with(|| inner.to_owned());
        return true;
    }
    if let Some(level) = classification(t) {
        meta.classification.get_or_insert(level);
        return true;
    }
    if let Some(level) = urgency(t) {
        meta.urgency.get_or_insert(level);
        return true;
    }
    false
}

/// The document number in a field labelled as one (`备注/文号:明政办〔2018〕21号`, `文  号 某政办发〔2019〕29号`,
/// `發文字號：…`), the label spaced out or not, other fields around it.
pub fn labelled_number(t: &str) -> Option<String> {
    const LABEL_ENDS: [&str; 6] = ["文号", "文號", "字号", "字號", "编号", "編號"];
    let mut before = String::new();
    for token in t.split(is_layout_space).filter(|tok| !tok.is_empty()) {
        // A value run on after its label's colon (`文号:某发〔2018〕2号`).
        let (label, value) = match token.rfind(['：', ':']) {
            Some(at) => (&token[..at], &token[at + token[at..].chars().next().map_or(1, char::len_utf8)..]),
            None => ("", token),
        };
        before.push_str(label);
        let labelled = LABEL_ENDS.iter().any(|l| before.trim_end_matches(['：', ':']).ends_with(l));
        if labelled && is_doc_number(value) {
            return Some(value.to_owned());
        }
        before.push_str(if value.chars().all(is_han) { value } else { "|" });
    }
    None
}

/// 密级: `秘密`, `机密★1年`, `绝密`.
pub fn classification(t: &str) -> Option<String> {
    let t: String = t.chars().filter(|c| !c.is_whitespace() && *c != '\u{3000}').collect();
    ["绝密", "机密", "秘密", "絕密", "機密"]
        .iter()
        .any(|l| t.starts_with(l) && char_len(&t) <= 8)
        .then_some(t)
}

/// 紧急程度: `特急`, `加急`, `特提`.
pub fn urgency(t: &str) -> Option<String> {
    let t: String = t.chars().filter(|c| !c.is_whitespace() && *c != '\u{3000}').collect();
    matches!(t.as_str(), "特急" | "加急" | "特提" | "平急" | "急件" | "特急件").then_some(t)
}

/// The issuer's 版头 (`××市人民政府文件`) or an office's name standing alone above the title.
pub fn issuer_line(t: &str) -> Option<String> {
    const OFFICES: [&str; 12] = [
        "政府",
        "办公室",
        "办公厅",
        "委员会",
        "人民政府",
        "局",
        "厅",
        "部",
        "院",
        "委",
        "公署",
        "政府辦公室",
    ];
    let name = t.trim_matches(is_layout_space);
    let name = name.strip_suffix("文件").unwrap_or(name);
    // Spacing aside: `政 府`, a site's logo text spaced out, is two characters.
    let n = name.chars().filter(|c| !c.is_whitespace()).count();
    // `国务院` is three characters; page controls (`返回顶部`) end like offices but are none.
    ((3..=30).contains(&n)
        && name.chars().all(|c| is_han(c) || c == '、' || c.is_whitespace())
        && furniture::chrome_words(name) == 0)
        .then(|| name.split_whitespace().collect::<String>())
        .filter(|name| OFFICES.iter().any(|o| name.ends_with(o)))
}

/// A document number (文号): `国发〔2024〕5号`, `沪建建[2003]89号`, `第707号`, and Taiwan's 字號
/// `(90)法律字第 006698 號`, `府授人字第1110012345號`.
pub fn is_doc_number(t: &str) -> bool {
    let t = t.trim_matches(is_layout_space);
    if is_zihao(t) {
        return true;
    }
    let (agency, rest) = take_while(t, is_han);
    // An announcement's or an order's number by year (`国家税务总局公告2016年第6号`, `交通部令2006年第4号`).
    if (agency.ends_with("公告") || agency.ends_with('令')) && char_len(agency) >= 3 {
        let (year, after) = take_while(rest, |c| c.is_ascii_digit());
        if year.len() == 4 && after.strip_prefix('年').is_some_and(is_order_number) {
            return true;
        }
    }
    if is_minguo_numbered(t) || is_damaged_number(agency, rest) {
        return true;
    }
    let Some(rest) = rest.strip_prefix(['〔', '[', '［', '【', '(', '（']) else {
        return is_order_number(t);
    };
    let (year, rest) = take_while(rest, |c| c.is_ascii_digit());
    let Some(rest) = rest.strip_prefix(['〕', ']', '］', '】', ')', '）']) else { return false };
    let rest = rest.trim_start_matches('第');
    let (number, rest) = take_while(rest, |c| c.is_ascii_digit());
    !agency.is_empty() && year.len() == 4 && !number.is_empty() && (rest == "号" || rest == "號")
}

/// A number whose closing bracket and `号` a copy lost, the year run into the number (`牟政办发〔201746`):
/// the office's 2–8 characters, the open bracket, a year of this or the last century and the number's digits.
fn is_damaged_number(agency: &str, rest: &str) -> bool {
    let Some(digits) = rest.strip_prefix(['〔', '[', '［']) else { return false };
    (2..=8).contains(&char_len(agency))
        && (5..=9).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && (digits.starts_with("19") || digits.starts_with("20"))
}

/// A number after the Minguo year in parentheses without Taiwan's `字` (`(99)新聞發布第183號`).
fn is_minguo_numbered(t: &str) -> bool {
    let Some(rest) = t.strip_prefix(['(', '（']) else { return false };
    let (year, rest) = take_while(rest, |c| c.is_ascii_digit());
    let Some(rest) = rest.strip_prefix([')', '）']) else { return false };
    let (word, rest) = take_while(rest, is_han);
    let Some(number) = word.strip_suffix('第').map(|_| rest) else { return false };
    let (digits, end) = take_while(number, |c| c.is_ascii_digit());
    (2..=3).contains(&year.len())
        && (2..=9).contains(&char_len(word))
        && !digits.is_empty()
        && matches!(end, "號" | "号")
}

/// Taiwan's 發文字號: an optional `(year)`, the office's 字, `字第`, digits, `號`.
fn is_zihao(t: &str) -> bool {
    let t: String = t.chars().filter(|c| !is_layout_space(*c)).collect();
    let Some((word, number)) = t.split_once("字第") else { return false };
    let word = word.trim_start_matches(|c: char| matches!(c, '(' | '（' | ')' | '）') || c.is_ascii_digit());
    // The kind of document may follow the number (`…第0991000111號函`, `…號令`).
    let number = number.strip_suffix(['函', '令']).unwrap_or(number);
    let number = number.strip_suffix('號').or_else(|| number.strip_suffix('号'));
    (1..=12).contains(&char_len(word))
        && word.chars().all(|c| is_han(c) || matches!(c, '(' | ')' | '（' | '）'))
        && number.is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

/// `第707号`: the number of an order (令).
pub fn is_order_number(t: &str) -> bool {
    t.strip_prefix('第').and_then(|r| r.strip_suffix('号').or_else(|| r.strip_suffix('號'))).is_some_and(
        |n| {
            // A law database spaces the figures out (`第 121 号`).
            let n = n.trim_matches(is_layout_space);
            !n.is_empty()
                && n.chars().all(|c| {
                    c.is_ascii_digit()
                        || ('０'..='９').contains(&c)
                        || super::chars::is_cn_numeral(c)
                        || is_layout_space(c)
                })
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_elements_and_order_numbers() {
        assert!(is_doc_number("沪建建[2003]89号"));
        assert!(is_doc_number("国办发明电〔2018〕15号"));
        assert!(is_order_number("第707号"));
        assert!(is_doc_number("(90)法律字第 006698 號"));
        assert!(is_doc_number("府授人字第1110012345號"));
        assert!(is_doc_number("府授秘總字第0991000111號函") && is_doc_number("台內地字第1234號令"));
        assert!(takes_effect("2022年7月1日 施行") && !takes_effect("2022年4月14日 某某总局令第56号公布"));
        assert!(!is_doc_number("文字第一號"));
        assert!(!is_doc_number("2018年12月"));
        assert!(is_doc_number("某政办发〔201835") && !is_doc_number("某政办发〔35"));
        assert!(is_doc_number("(101)新聞發布第12號") && !is_doc_number("(101)第12號"));
        assert!(is_doc_number("某部令2019年第8号"));
        assert_eq!(labelled_number("- 备注/文号:某政办〔2019〕3号").as_deref(), Some("某政办〔2019〕3号"));
        assert_eq!(
            labelled_number("文    号 某政办发〔2019〕3号   上 载 日 期 2019-12-02").as_deref(),
            Some("某政办发〔2019〕3号")
        );
        assert_eq!(labelled_number("根据某政办发〔2019〕3号文件"), None);
        assert_eq!(issuer_line("政 府"), None);
        assert_eq!(classification("秘密★1年").as_deref(), Some("秘密★1年"));
        assert_eq!(urgency("特 急").as_deref(), Some("特急"));
        assert_eq!(issuer_line("某某市人民政府文件").as_deref(), Some("某某市人民政府"));
        assert_eq!(issuer_line("同志们好"), None);
    }

    #[test]
    fn a_statute_header_listing_its_acts_on_one_line() {
        let t = "（某部 • 2019年2月13日经第3次部务会议通过 • 某部令2019年第8号 • 2019年2月24日发布 • 2019年6月1日起施行）";
        assert_eq!(adoption_date(t).as_deref(), Some("2019-02-24"));
        assert_eq!(order_in(t).as_deref(), Some("某部令2019年第8号"));
        assert_eq!(adoption_date("某某 • 某某 • 2019年6月1日起施行"), None, "one act is no list");
    }

    #[test]
    fn info_fields_run_on_with_single_spaces_and_after_labels_unknown_here() {
        assert_eq!(
            info_fields("来源:某某文库 编辑:某某网 时间:2024/04/24 12:48:56"),
            [("来源", "某某文库"), ("编辑", "某某网"), ("时间", "2024/04/24 12:48:56")]
        );
        assert_eq!(info_fields("文章来源:  |  发布日期:2006年09月07日"), [("发布日期", "2006年09月07日")]);
        assert_eq!(
            info_fields("来源:    发布时间:2021-08-04 16:14:00"),
            [("来源", ""), ("发布时间", "2021-08-04 16:14:00")]
        );
        assert_eq!(
            info_fields("文件编号 某政发〔2023〕158号 公开时限 长期公开"),
            [("文件编号", "某政发〔2023〕158号")]
        );
        let mut meta = Meta::default();
        sort_above(&mut meta, "文章来源:  |  发布日期:2006年09月07日", &mut None);
        assert_eq!(meta.extra.get("published").map(String::as_str), Some("2006-09-07"));
        sort_above(&mut meta, "发文机构:县政府网站", &mut None);
        assert_eq!(meta.issuer, None, "a web site is no issuer");
        sort_above(&mut meta, "发文日期:2017年06月28日", &mut None);
        assert_eq!(meta.date, None, "the day a document was sent out only stands in for its date");
    }
}
