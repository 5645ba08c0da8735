//! The title block every backend prints before the body, built from [`Meta`] in one place so PDF, DOCX and
//! EPUB agree line for line: the 版头 (a red 发文机关标志 when asked for, a decree's header, the 发文字号),
//! series, title, `——subtitle`, `office  name` or `name role` per author (`市委书记  闫晨曦`, `罗贯中 著`),
//! `（date）`.

use crate::model::{Block, Meta, Role};

/// What a title-block line is, so each backend can style it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// The 发文机关标志 of a red 版头 (`某某市人民政府文件`, GB/T 9704 §7.2.4), only when the document asks.
    Letterhead,
    /// A decree's header (`某某市人民政府令`, §10.2).
    Decree,
    /// The 发文字号 or a decree's 令号, printed once, centred (§7.2.5).
    DocNumber,
    /// `“日新月异”系列№4193`.
    Series,
    /// The title; a `\n` in it marks where the source broke it ([`Meta::printed_title`]).
    Title,
    /// `——在…上的讲话`.
    Subtitle,
    /// `市委书记  闫晨曦`.
    Author,
    /// `（2022年7月15日）`.
    Date,
}

/// One line of the title block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// What it is.
    pub kind: LineKind,
    /// The text as printed.
    pub text: String,
}

/// The lines of the title block of a document with `meta` and body `blocks`, in print order.
pub fn lines(meta: &Meta, blocks: &[Block]) -> Vec<Line> {
    let mut out = Vec::new();
    let mut push = |kind, text: String| out.push(Line { kind, text });
    if let Some(letterhead) = given(&meta.letterhead) {
        push(LineKind::Letterhead, letterhead);
    }
    if let Some(decree) = given(&meta.decree) {
        push(LineKind::Decree, decree);
    }
    if let Some(number) = given(&meta.doc_number) {
        push(LineKind::DocNumber, number);
    }
    if let Some(series) = meta.series.as_ref().filter(|s| !s.name.trim().is_empty()) {
        let name = series.name.trim();
        let mut line = if name.contains("系列") { name.to_owned() } else { format!("“{name}”系列") };
        if let Some(index) = series.index {
            line.push_str(&format!("№{index}"));
        }
        push(LineKind::Series, line);
    }
    if let Some(title) = meta.printed_title() {
        push(LineKind::Title, title);
    }
    if let Some(subtitle) = meta.subtitle.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        push(LineKind::Subtitle, format!("——{}", subtitle.trim_start_matches(['—', '―'])));
    }
    for person in meta.authors.iter().filter(|p| !p.name.trim().is_empty()) {
        let line = match person.role.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
            // `罗贯中 著`: what the person did follows the name, one space apart.
            Some(role) if crate::zh::credits::follows_name(role) => format!("{} {role}", person.name.trim()),
            // Two spaces between office and name, as Chinese title blocks set them.
            Some(role) => format!("{role}  {}", person.name.trim()),
            None => person.name.trim().to_owned(),
        };
        push(LineKind::Author, line);
    }
    // A document whose close carries its date (成文日期: a notice, a reply, a letter) shows it there, once;
    // a speech or a report shows it under its title.
    let dated_at_close = blocks.iter().any(|b| matches!(b, Block::Paragraph { role: Role::Date, .. }));
    if let Some(date) = meta.date.as_deref().map(str::trim).filter(|d| !d.is_empty() && !dated_at_close) {
        // Under a speech's title the date is set in full-width parentheses: （2022年7月15日）.
        push(LineKind::Date, format!("（{}）", chinese_date(date)));
    }
    out
}

/// The lines of a document's 版记 (GB/T 9704 §7.4), as printed: `抄送：…`, then the printing office and date
/// (`某某市人民政府办公室` and `2026年11月20日印发`, set at either end of one line). Empty when the
/// document has none.
pub fn record(meta: &Meta) -> Record {
    Record {
        copy_to: given(&meta.copy_to).map(|names| format!("抄送：{names}")),
        printed_by: given(&meta.printed_by),
        printed_on: given(&meta.printed_on).map(|date| format!("{}印发", chinese_date(&date))),
    }
}

/// The 版记's printed texts ([`record`]).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Record {
    /// `抄送：市委各部门，市人大常委会办公室。`
    pub copy_to: Option<String>,
    /// The printing office, set flush left (左空一字) on the printing line.
    pub printed_by: Option<String>,
    /// `2026年11月20日印发`, set flush right (右空一字) on the printing line.
    pub printed_on: Option<String>,
}

impl Record {
    /// Whether the document has a 版记 at all.
    pub fn is_empty(&self) -> bool {
        self.copy_to.is_none() && self.printed_by.is_none() && self.printed_on.is_none()
    }
}

/// A metadata text as printed: trimmed, and `None` when there is nothing to print.
fn given(text: &Option<String>) -> Option<String> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned)
}

/// `2022-07-15` → `2022年7月15日`, `2026-11` → `2026年11月`, `2026` → `2026年`; anything else as written.
pub fn chinese_date(iso: &str) -> String {
    match parse_iso_date(iso) {
        Some((y, None, _)) => format!("{y}年"),
        Some((y, Some(m), None)) => format!("{y}年{m}月"),
        Some((y, Some(m), Some(d))) => format!("{y}年{m}月{d}日"),
        None => iso.trim().to_owned(),
    }
}

/// A W3CDTF date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`) split into numbers, if `text` is one.
pub fn parse_iso_date(text: &str) -> Option<(u32, Option<u32>, Option<u32>)> {
    let mut parts = text.trim().split('-');
    let number = |part: &str, len: usize| {
        (part.len() == len && part.bytes().all(|b| b.is_ascii_digit())).then(|| part.parse::<u32>().ok())?
    };
    let year = number(parts.next()?, 4)?;
    let month = match parts.next() {
        Some(part) => Some(number(part, 2).filter(|m| (1..=12).contains(m))?),
        None => None,
    };
    let day = match parts.next() {
        Some(part) => Some(number(part, 2).filter(|d| (1..=31).contains(d))?),
        None => None,
    };
    if parts.next().is_some() {
        return None;
    }
    Some((year, month, day))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Person, Series};

    #[test]
    fn title_block_lines_in_print_order() {
        let meta = Meta {
            title: Some("在市委人大工作会议上的讲话".into()),
            subtitle: Some("——在某会议上".into()),
            authors: vec![Person { name: "闫晨曦".into(), role: Some("市委书记".into()) }],
            date: Some("2022-07-15".into()),
            series: Some(Series { name: "日新月异".into(), index: Some(4193) }),
            ..Meta::default()
        };
        let texts: Vec<String> = lines(&meta, &[]).into_iter().map(|l| l.text).collect();
        assert_eq!(
            texts,
            [
                "“日新月异”系列№4193",
                "在市委人大工作会议上的讲话",
                "——在某会议上",
                "市委书记  闫晨曦",
                "（2022年7月15日）"
            ]
        );
    }

    #[test]
    fn authorship_follows_the_name_and_an_office_precedes_it() {
        let person = |name: &str, role: &str| Person { name: name.into(), role: Some(role.into()) };
        let meta = Meta {
            title: Some("三国演义".into()),
            authors: vec![person("罗贯中", "著"), person("毛宗岗", "评注"), person("闫晨曦", "市委书记")],
            ..Meta::default()
        };
        let authors: Vec<String> =
            lines(&meta, &[]).into_iter().filter(|l| l.kind == LineKind::Author).map(|l| l.text).collect();
        assert_eq!(authors, ["罗贯中 著", "毛宗岗 评注", "市委书记  闫晨曦"]);
    }

    #[test]
    fn an_official_header_prints_its_number_once_and_its_date_at_the_close() {
        let meta = Meta {
            title: Some("某市人民政府关于做好防汛工作的通知".into()),
            doc_number: Some("某政发〔2026〕3号".into()),
            date: Some("2026-11-20".into()),
            ..Meta::default()
        };
        let body = [Block::Paragraph { role: Role::Date, content: vec![] }];
        let kinds: Vec<LineKind> = lines(&meta, &body).into_iter().map(|l| l.kind).collect();
        assert_eq!(kinds, [LineKind::DocNumber, LineKind::Title]);
        let asked = Meta { letterhead: Some("某市人民政府文件".into()), ..meta.clone() };
        let kinds: Vec<LineKind> = lines(&asked, &[]).into_iter().map(|l| l.kind).collect();
        assert_eq!(kinds, [LineKind::Letterhead, LineKind::DocNumber, LineKind::Title, LineKind::Date]);
    }

    #[test]
    fn the_record_is_printed_from_meta() {
        let meta = Meta {
            copy_to: Some("市委各部门。".into()),
            printed_by: Some("某市人民政府办公室".into()),
            printed_on: Some("2026-11-20".into()),
            ..Meta::default()
        };
        let record = record(&meta);
        assert_eq!(record.copy_to.as_deref(), Some("抄送：市委各部门。"));
        assert_eq!(record.printed_on.as_deref(), Some("2026年11月20日印发"));
        assert!(!record.is_empty() && super::record(&Meta::default()).is_empty());
    }

    #[test]
    fn dates_are_written_the_chinese_way() {
        assert_eq!(chinese_date("2022-07-15"), "2022年7月15日");
        assert_eq!(chinese_date("2026-11"), "2026年11月");
        assert_eq!(chinese_date("2026"), "2026年");
        assert_eq!(chinese_date("七月"), "七月");
        assert_eq!(chinese_date("2022-13-01"), "2022-13-01");
    }
}
