//! Who wrote or spoke the text (class 2 of the recognition issue): a byline under the title (`张三 文`,
//! `文/张三`, `张三（著）`), the speaker a theme line names (`——李某在…会议上的讲话`), and the people and
//! dates a page's info lines give wherever they stand (`作者︰曹雪芹`, `发布机关:中華民國總統 馬英九`,
//! `2020年05月25日 07:10   来源:南方日报   顾保国`).

use super::chars::{char_len, dates_in, is_han, is_layout_space, is_personal_name, parse_date_prefix};
use super::title::parse_speaker;
use super::{furniture, header, Item};
use crate::model::{Meta, Person, Role};
use crate::zh::credits;

/// A byline: `张三 文`, `文/张三`, `文｜张三`, `张三（著）`, `张三 著`, `作者：张三`. The name is a person's.
pub fn parse_byline(t: &str) -> Option<Person> {
    let t = t.trim_matches(is_layout_space);
    let person = |name: &str, role: Option<&str>| {
        let name = name.trim_matches(is_layout_space);
        is_personal_name(name).then(|| Person { name: name.to_owned(), role: role.map(str::to_owned) })
    };
    if let Some(name) =
        ["文/", "文／", "文｜", "文|", "作者：", "作者:", "作者︰"].iter().find_map(|p| t.strip_prefix(p))
    {
        return person(name, None).or_else(|| joint_authors(name));
    }
    // A credited role in brackets after the name: `张三（著）`, `李四(译)`.
    if let Some((name, role)) = t.strip_suffix(['）', ')']).and_then(|r| r.rsplit_once(['（', '('])) {
        return credits::follows_name(role).then(|| person(name, Some(role))).flatten();
    }
    // The word after a space: `张三 文`, `张三　著`, `王五 主编`.
    let (name, word) = t.rsplit_once(is_layout_space)?;
    match word {
        "文" => person(name, None),
        role if credits::follows_name(role) => person(name, Some(role)),
        _ => None,
    }
}

/// Two to four authors a byline names side by side (`作者:熊某某 谢某某`, `作者：甲某、乙某`): one credit, as
/// written, each of its names a person's.
fn joint_authors(value: &str) -> Option<Person> {
    let value = value.trim_matches(is_layout_space);
    let names: Vec<&str> =
        value.split(|c: char| c == '、' || is_layout_space(c)).filter(|n| !n.is_empty()).collect();
    ((2..=4).contains(&names.len()) && names.iter().all(|n| is_personal_name(n)))
        .then(|| Person { name: value.to_owned(), role: None })
}

/// The speaker a theme line opens with (`李某在全省工作会议上的讲话`): the name before `在`.
pub fn speaker_in_theme(theme: &str) -> Option<Person> {
    let (name, rest) = theme.split_once('在')?;
    (is_personal_name(name) && char_len(name) <= 3 && rest.ends_with(['话', '話', '辞', '辭', '言', '告']))
        .then(|| Person { name: name.to_owned(), role: None })
}

/// The facts of a page's info lines that stand among the first blocks (below a chapter heading, beside a
/// breadcrumb): the author and the publication date, when the header gave none.
pub(super) fn harvest_info_lines(items: &[Item], meta: &mut Meta) {
    for item in items.iter().take(12) {
        // Some pages write the colon as the vertical presentation form `︰`.
        let t = item.text.replace('︰', "：");
        // Furniture, or a line of two fields or more that later passes set aside (`類別︰ 作者︰…`).
        // A field that names the issuing person (`发布机关:中華民國總統 蔡某某`) is one even alone on its line.
        let info = (furniture::label_count(&t) >= 2 && !furniture::reads_as_prose(&t))
            || issuing_person(&t).is_some();
        if item.role != Role::Boilerplate && !info {
            continue;
        }
        let mut found = Meta::default();
        header::take_fields(&mut found, &t);
        take_loose_facts(&mut found, &t);
        if meta.authors.is_empty() {
            meta.authors.append(&mut found.authors);
        }
        if let Some(published) = found.extra.remove("published") {
            meta.extra.entry("published".into()).or_insert(published);
        }
    }
}

/// Facts an info line gives outside its labelled fields: a person in an issuing field
/// (`發布機關:中華民國總統 馬英九`), a dateline with its place (`中華民國101年(2012年)1月22日於臺北市`), the date
/// and time it opens with (`2020年05月25日 07:10   来源:…`), and a person's name standing alone between its
/// wide gaps (the byline).
pub fn take_loose_facts(meta: &mut Meta, t: &str) {
    if meta.authors.is_empty() {
        meta.authors.extend(issuing_person(t));
    }
    let placed = dates_in(t).find(|(iso, rest)| iso.len() == 10 && rest.starts_with(['於', '于']));
    let segments: Vec<&str> =
        t.split("  ").map(|s| s.trim_matches(is_layout_space)).filter(|s| !s.is_empty()).collect();
    let opening = segments
        .first()
        .filter(|_| segments.len() >= 2)
        .and_then(|s| parse_date_prefix(s))
        .filter(|(iso, _)| iso.len() == 10);
    // A posting time anywhere in the line (`2010/1/6 16:43:13 次浏览`), or a date its label names.
    let posted = || super::web_tokens::posting_date(t).map(|iso| (iso, ""));
    if let Some((iso, _)) = placed.or(opening).or_else(posted) {
        meta.extra.entry("published".into()).or_insert(iso);
    }
    if meta.authors.is_empty() && segments.len() >= 2 {
        if let Some(name) = segments.iter().skip(1).find(|s| is_personal_name(s) && s.chars().all(is_han)) {
            meta.authors.push(Person { name: (*name).to_owned(), role: None });
        }
    }
}

/// The person an issuing field names by office and name (`發布機關:中華民國總統 馬英九`): a speech's speaker.
fn issuing_person(t: &str) -> Option<Person> {
    ["機關", "机关"].iter().find_map(|label| {
        let at = t.find(label)? + label.len();
        let value = t[at..].strip_prefix(['：', ':'])?;
        let tokens: Vec<&str> = value.split(is_layout_space).filter(|s| !s.is_empty()).take(2).collect();
        parse_speaker(&tokens.join(" ")).filter(|p| p.role.is_some())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bylines() {
        let name = |t: &str| parse_byline(t).map(|p| p.name);
        assert_eq!(name("王小明 文").as_deref(), Some("王小明"));
        assert_eq!(name("文/王小明").as_deref(), Some("王小明"));
        assert_eq!(parse_byline("王小明（著）").and_then(|p| p.role).as_deref(), Some("著"));
        assert_eq!(parse_byline("王小明 主编").and_then(|p| p.role).as_deref(), Some("主编"));
        assert_eq!(parse_byline("王小明(译)").and_then(|p| p.role).as_deref(), Some("译"));
        assert_eq!(parse_byline("王小明（节选）"), None, "not a credited role");
        assert_eq!(name("作者︰王小明").as_deref(), Some("王小明"));
        assert_eq!(name("公告 文"), None);
        assert_eq!(name("作者:熊某某 谢某某").as_deref(), Some("熊某某 谢某某"));
        assert_eq!(name("作者：王某某、李某某").as_deref(), Some("王某某、李某某"));
        assert_eq!(name("作者:法律资料网"), None);
        assert_eq!(name("本章 文"), None);
    }

    #[test]
    fn a_speaker_named_by_the_theme_line() {
        assert_eq!(speaker_in_theme("林某在全省工作会议上的讲话").map(|p| p.name).as_deref(), Some("林某"));
        assert_eq!(speaker_in_theme("在全省工作会议上的讲话"), None);
        assert_eq!(speaker_in_theme("王府井在北京市中心"), None);
    }

    #[test]
    fn loose_facts_of_an_info_line() {
        let mut meta = Meta::default();
        take_loose_facts(&mut meta, "2020年05月25日 07:10   来源:某某日报   林某某");
        assert_eq!(meta.extra.get("published").map(String::as_str), Some("2020-05-25"));
        assert_eq!(meta.authors.first().map(|p| p.name.as_str()), Some("林某某"));
        let mut meta = Meta::default();
        take_loose_facts(
            &mut meta,
            "← | 上一篇 | 民國99年(2010年)2月3日於臺北市 發布機關:中華民國總統 林某某 發布於某某網:某某 |",
        );
        assert_eq!(meta.extra.get("published").map(String::as_str), Some("2010-02-03"));
        let person = meta.authors.first().cloned();
        assert_eq!(person.map(|p| (p.name, p.role)), Some(("林某某".into(), Some("中華民國總統".into()))));
    }
}
