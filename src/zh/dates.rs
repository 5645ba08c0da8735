//! Dates as Chinese documents write them — Arabic or Chinese numerals, the Minguo calendar of Taiwan, a
//! weekday after the date — read as ISO 8601.

use super::chars::{is_layout_space, take_while};
use super::numerals::{is_cn_numeral, numeral_value};

fn is_date_digit(ch: char) -> bool {
    ch.is_ascii_digit() || matches!(ch, '０'..='９') || is_cn_numeral(ch) || matches!(ch, 'Ｏ' | 'O' | '○')
}

/// A date at the start of `text`: `2022年7月15日`, `二〇二二年七月十五日`, `2026年11月`, `2026年`, and the
/// Minguo calendar of Taiwan (`中華民國114年1月13日`, `民國 113 年 07 月 31 日`, `114年01月13日`: year + 1911).
/// Returns the ISO 8601 form and the rest of the text.
pub fn parse_date_prefix(text: &str) -> Option<(String, &str)> {
    fn spaced(s: &str) -> &str {
        s.trim_start_matches(is_layout_space)
    }
    let (minguo, text) = ["中華民國", "中华民国", "民國", "民国"]
        .iter()
        .find_map(|era| text.strip_prefix(era))
        .map_or((false, text), |rest| (true, spaced(rest)));
    let (year_text, rest) = take_while(text, is_date_digit);
    let rest = spaced(rest).strip_prefix('年')?;
    // The Western year glossed after a Minguo one (`中華民國111年(2022年)1月30日`) says the same.
    let rest = western_gloss(rest).unwrap_or(rest);
    let digits = year_text.chars().count();
    let year = numeral_value(year_text)?;
    // A three-digit year is the Minguo era's (民國100年 = 2011); a written era allows any length.
    let year = match (minguo, digits) {
        (true, _) if (1..=200).contains(&year) => year + 1911,
        (false, 3) if (100..=200).contains(&year) && year_text.chars().all(|c| c.is_ascii_digit()) => {
            year + 1911
        }
        (false, 4) if (1000..=2999).contains(&year) => year,
        _ => return None,
    };
    // Without its era, a three-digit year is a date only with month and day (`100年来` is not one).
    let bare_minguo = !minguo && digits == 3;
    let rest = spaced(rest);
    let (month_text, after_month) = take_while(rest, is_date_digit);
    let Some(after_month) = spaced(after_month).strip_prefix('月').filter(|_| !month_text.is_empty()) else {
        return (!bare_minguo).then(|| (format!("{year:04}"), rest));
    };
    let month = numeral_value(month_text).filter(|m| (1..=12).contains(m))?;
    let (day_text, after_day) = take_while(spaced(after_month), is_date_digit);
    if !day_text.is_empty() {
        let after_day = spaced(after_day);
        if let Some(after) = after_day.strip_prefix('日').or_else(|| after_day.strip_prefix('号')) {
            return Some((iso_day(year, month, numeral_value(day_text)?)?, after));
        }
    }
    (!bare_minguo).then(|| (format!("{year:04}-{month:02}"), after_month))
}

/// The text after a parenthesised Western year (`(2022年)`, `（2022年）`) that opens `text`.
fn western_gloss(text: &str) -> Option<&str> {
    let inner = text.strip_prefix(['(', '（'])?;
    let (digits, rest) = take_while(inner, |c| c.is_ascii_digit());
    (digits.len() == 4).then_some(())?;
    rest.strip_prefix('年')?.strip_prefix([')', '）'])
}

/// A day as ISO `YYYY-MM-DD`, when its month and day are in range; each caller bounds the year.
pub fn iso_day(year: u32, month: u32, day: u32) -> Option<String> {
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then(|| format!("{year:04}-{month:02}-{day:02}"))
}

/// Every date in `text`, left to right, each with the text after it (`根据2009年8月27日…修正`).
pub fn dates_in(text: &str) -> impl Iterator<Item = (String, &str)> {
    text.char_indices().filter_map(|(i, _)| parse_date_prefix(text.get(i..)?))
}

/// A line that is nothing but a date (layout spaces aside).
pub fn parse_date_line(text: &str) -> Option<String> {
    let text = text.trim_matches(is_layout_space);
    // A date whose 年月日 a pasted copy lost (`20171116`), alone on its line.
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        let (y, m, d): (u32, u32, u32) =
            (text[..4].parse().ok()?, text[4..6].parse().ok()?, text[6..].parse().ok()?);
        return iso_day(y, m, d).filter(|_| (1949..=2099).contains(&y));
    }
    if let Some(iso) = bare_numbers_date(text) {
        return Some(iso);
    }
    let (iso, rest) = parse_date_prefix(text)?;
    let rest = rest.trim_matches(is_layout_space);
    // A weekday after the date (`2018年11月5日(星期一)`, Hong Kong's releases) is part of the date line.
    let weekday = rest
        .strip_prefix(['(', '（'])
        .and_then(|r| r.strip_suffix([')', '）']))
        .and_then(|r| {
            r.strip_prefix("星期").or_else(|| r.strip_prefix("週")).or_else(|| r.strip_prefix("周"))
        })
        .is_some_and(|day| matches!(day, "一" | "二" | "三" | "四" | "五" | "六" | "日" | "天"));
    (rest.is_empty() || weekday).then_some(iso)
}

/// A date whose 年月日 a pasted copy lost but whose spaces it kept (`2017 6 23`, `{ 2017 6 23`): year, month
/// and day alone on a line, a stray mark of the lost characters around them at most.
fn bare_numbers_date(text: &str) -> Option<String> {
    let stray = |c: char| !c.is_alphanumeric() && !c.is_whitespace() && !super::chars::is_han(c);
    let core = text.trim_matches(|c: char| is_layout_space(c) || stray(c));
    let parts: Vec<&str> = core.split(is_layout_space).filter(|p| !p.is_empty()).collect();
    let [y, m, d] = parts.as_slice() else { return None };
    if y.len() != 4 || !parts.iter().all(|p| p.len() <= 4 && p.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    iso_day(y, m, d).filter(|_| (1949..=2099).contains(&y))
}

/// A template's closing date whose figures are placeholders (`2024年×月×日`, `20××年×月×日`,
/// `XXXX年XX月XX日`): a date line that dates nothing.
pub fn is_placeholder_date(text: &str) -> bool {
    let placeholder = |c: char| matches!(c, '×' | 'X' | 'x' | 'Ｘ' | '*' | '＊');
    let t = text.trim_matches(is_layout_space);
    let Some(body) = t.strip_suffix('日') else { return false };
    let parts: Vec<&str> = body.split(['年', '月']).collect();
    let [year, month, day] = parts.as_slice() else { return false };
    let figures = |p: &str, most: usize| {
        (1..=most).contains(&p.chars().count()) && p.chars().all(|c| is_date_digit(c) || placeholder(c))
    };
    figures(year, 4)
        && figures(month, 2)
        && figures(day, 2)
        && year.chars().count() >= 2
        && body.chars().any(placeholder)
}

/// A line that is only a full date (`2019年1月3日`, `二〇〇六年十二月三十日`): a closing date (成文日期) when it
/// ends a document.
pub fn is_date_line(text: &str) -> bool {
    parse_date_line(text).is_some_and(|iso| iso.len() == 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_become_iso_8601() {
        assert_eq!(parse_date_line("2022年7月15日").as_deref(), Some("2022-07-15"));
        assert_eq!(parse_date_line("二〇二二年七月十五日").as_deref(), Some("2022-07-15"));
        assert_eq!(parse_date_line("一九八一年五月二十三日").as_deref(), Some("1981-05-23"));
        assert_eq!(parse_date_line("2026年11月").as_deref(), Some("2026-11"));
        assert_eq!(parse_date_line("2026年").as_deref(), Some("2026"));
        assert_eq!(parse_date_line("中華民國114年1月13日").as_deref(), Some("2025-01-13"));
        assert_eq!(parse_date_line("民國 113 年 07 月 31 日").as_deref(), Some("2024-07-31"));
        assert_eq!(parse_date_line("114年01月13日").as_deref(), Some("2025-01-13"));
        assert_eq!(parse_date_line("中華民國十四年二月二十四日").as_deref(), Some("1925-02-24"));
        assert_eq!(parse_date_line("二OO三年十二月四日").as_deref(), Some("2003-12-04"));
        assert_eq!(parse_date_line("二0一三年五月一日").as_deref(), Some("2013-05-01"));
        assert_eq!(parse_date_line("二○○三年二月二十一日").as_deref(), Some("2003-02-21"));
        assert_eq!(parse_date_line("300年"), None);
        assert_eq!(parse_date_line("2026年工作回顾"), None);
        assert_eq!(parse_date_line("2022年13月"), None);
    }

    #[test]
    fn a_template_date_with_placeholder_figures() {
        assert!(is_placeholder_date("2024年×月×日"));
        assert!(is_placeholder_date("20××年×月×日"));
        assert!(is_placeholder_date("XXXX年XX月XX日"));
        assert!(!is_placeholder_date("2024年5月6日"));
        assert!(!is_placeholder_date("×月×日"));
        assert!(!is_placeholder_date("某年某月某日"));
    }

    #[test]
    fn a_date_that_lost_its_characters() {
        assert_eq!(parse_date_line("  20171116"), Some("2017-11-16".into()));
        assert_eq!(parse_date_line("20171316"), None);
        assert_eq!(parse_date_line("12345678"), None);
        assert_eq!(parse_date_line("【 2009 11 2"), Some("2009-11-02".into()));
        assert_eq!(parse_date_line("2009 11"), None);
        assert_eq!(parse_date_line("第 2009 11 2 号"), None);
        assert_eq!(parse_date_line("1 2 3"), None);
    }

    #[test]
    fn a_minguo_year_glossed_with_its_western_year() {
        assert_eq!(parse_date_line("中華民國98年（2009年）3月2日").as_deref(), Some("2009-03-02"));
        assert_eq!(parse_date_prefix("民國98年(2009年)3月2日於臺中市").map(|(_, r)| r), Some("於臺中市"));
    }
}
