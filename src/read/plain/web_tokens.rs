//! Tokens a web page prints and a document seldom does (class 1 of the recognition issue): addresses (URLs,
//! e-mail), phone numbers, a posting time (a date with a clock time), a printed page's counter (`3/29`), skip
//! links. Shallow features of a line's form, as boilerplate detection uses them (Kohlschütter et al. 2010):
//! each is evidence, never a verdict, and the caller weighs them with the line's length and punctuation.

use super::chars::{char_len, dates_in, is_layout_space, parse_date_prefix};
use crate::zh::dates::iso_day;

/// How much of `t` is web addresses (`https://…`, `www.…`, `…@….cn`), 0 to 1 of its characters.
pub fn address_share(t: &str) -> f32 {
    let total = char_len(t);
    if total == 0 {
        return 0.0;
    }
    let in_addresses: usize = tokens(t).filter(|tok| is_address(tok)).map(char_len).sum();
    in_addresses as f32 / total as f32
}

/// `t` with its addresses taken out.
pub fn without_addresses(t: &str) -> String {
    tokens(t).filter(|tok| is_address(tok)).fold(t.to_owned(), |rest, tok| rest.replacen(tok, "", 1))
}

/// A token that is a web or mail address: a scheme, `www.`, an `@` between a name and a domain, or a domain
/// ending (`news.example.cn`).
fn is_address(tok: &str) -> bool {
    let lower = tok.to_ascii_lowercase();
    if lower.contains("://") || lower.starts_with("www.") {
        return true;
    }
    let domain = |s: &str| {
        let parts: Vec<&str> = s.split('.').collect();
        parts.len() >= 2
            && parts.iter().all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
            && parts.last().is_some_and(|end| {
                ["com", "cn", "net", "org", "gov", "edu", "tw", "hk", "cc", "io"].contains(end)
            })
            && parts.iter().any(|p| p.chars().any(|c| c.is_ascii_alphabetic()))
    };
    match lower.split_once('@') {
        Some((name, host)) => !name.is_empty() && domain(host),
        None => domain(lower.trim_end_matches('/')),
    }
}

/// Runs of ASCII characters that may form an address, split at spaces and at any other character.
fn tokens(t: &str) -> impl Iterator<Item = &str> {
    t.split(|c: char| !c.is_ascii_graphic()).filter(|s| !s.is_empty())
}

/// A phone number (`027-87395079`, `（0757）83822991`, `400-810-1234`, `13912345678`): an area code that opens
/// with 0 (or a 400/800 service number) before the local number, ten to twelve digits in all, or a mobile
/// number of eleven digits opening with 1. A date (`2019-12-04`) has fewer digits and no such opening.
pub fn has_phone_number(t: &str) -> bool {
    let joined: Vec<char> = t.chars().collect();
    let mut i = 0;
    while i < joined.len() {
        let is_part = |c: char| c.is_ascii_digit() || matches!(c, '-' | '－' | '(' | ')' | '（' | '）');
        let end = (i..joined.len()).find(|&j| !is_part(joined[j])).unwrap_or(joined.len());
        let run: String = joined[i..end].iter().collect();
        let digits: String = run.chars().filter(char::is_ascii_digit).collect();
        let grouped = run.trim_matches(|c: char| c.is_ascii_digit()).len() < run.len()
            && run.chars().any(|c| !c.is_ascii_digit());
        let area = digits.starts_with('0') || digits.starts_with("400") || digits.starts_with("800");
        let mobile = digits.len() == 11 && digits.starts_with('1') && run.len() == 11;
        if (grouped && area && (10..=12).contains(&digits.len())) || mobile {
            return true;
        }
        i = end.max(i + 1);
    }
    false
}

/// A clock time `hh:mm` (`13:40`, `08:49:12`): two digits after the colon, an hour up to 23.
pub fn has_clock_time(t: &str) -> bool {
    let c: Vec<char> = t.chars().collect();
    (1..c.len()).any(|i| {
        let colon = c[i] == ':' || c[i] == '：';
        let hour: String = c[..i]
            .iter()
            .rev()
            .take_while(|d| d.is_ascii_digit())
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let minute: String = c[i + 1..].iter().take_while(|d| d.is_ascii_digit()).collect();
        colon
            && (1..=2).contains(&hour.len())
            && minute.len() == 2
            && hour.parse::<u32>().is_ok_and(|h| h <= 23)
            && minute.parse::<u32>().is_ok_and(|m| m <= 59)
    })
}

/// How many colons of `t` are a clock time's (`16:43:13` has two).
fn clock_colons(t: &str) -> usize {
    tokens(t)
        .filter(|tok| {
            tok.contains(':')
                && tok.split(':').all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_digit()))
        })
        .map(|tok| tok.matches(':').count())
        .sum()
}

/// A date with a clock time somewhere in the line (`… 2021年6月20日10:02:54 …`, `07.12.2018 13:40`): when a
/// page posted or printed the text. A document dates itself by the day.
pub fn has_posting_time(t: &str) -> bool {
    has_clock_time(t) && (dates_in(t).next().is_some() || has_numeric_date(t))
}

/// A date in digits with dots or slashes (`07.12.2018`, `2026/9/19`), which the date reader leaves aside.
fn has_numeric_date(t: &str) -> bool {
    tokens(t).any(|tok| numeric_date(tok).is_some())
}

/// The ISO day of a date token in digits (`2010/1/6`, `2023-01-02`, `07.12.2018`): the year of four
/// digits first or last, the month before the day.
fn numeric_date(tok: &str) -> Option<String> {
    let groups: Vec<&str> = tok.split(['.', '/', '-']).collect();
    let digits = |g: &&str| (1..=4).contains(&g.len()) && g.chars().all(|c| c.is_ascii_digit());
    if groups.len() != 3 || !groups.iter().all(digits) {
        return None;
    }
    let n: Vec<u32> = groups.iter().filter_map(|g| g.parse().ok()).collect();
    let (y, m, d) = match (groups[0].len(), groups[2].len()) {
        (4, 1..=2) => (n[0], n[1], n[2]),
        (1..=2, 4) => (n[2], n[1], n[0]),
        _ => return None,
    };
    iso_day(y, m, d).filter(|_| (1900..=2999).contains(&y))
}

/// When a page posted its text: the date of a line that also gives a clock time (`2010/1/6 16:43:13 次浏览`,
/// `2023-01-02 13:12 | 稿件來源:…`), or a date a label names as one (`信息提供日期 :2019-05-05`). The page's
/// date, never the document's own.
pub fn posting_date(t: &str) -> Option<String> {
    let first = || {
        let numeric = tokens(t).find_map(numeric_date);
        numeric.or_else(|| dates_in(t).find(|(iso, _)| iso.len() == 10).map(|(iso, _)| iso))
    };
    // A clock time with the page's fields beside it (`次浏览 分类:…`, `| 來源:…`), or a forum's row of fields
    // between bars (`发表于 2020-5-16 17:53:04 | 只看该作者 | 倒序浏览`); a browser's print header
    // (`2026/9/19 10:15 某某办法 _ 某某网`) gives the day it was printed, no field.
    let labelled =
        t.contains(['：', ':']) && t.chars().filter(|c| matches!(c, '：' | ':')).count() > clock_colons(t);
    let barred = t.chars().filter(|&c| matches!(c, '|' | '｜')).count() >= 2;
    if has_posting_time(t) && (labelled || barred) {
        return first();
    }
    // A day in digits that opens the page's info line (`2020-03-09  来源: 某某报 作者:`): the posting day,
    // with no clock time.
    if labelled && tokens(t).next().filter(|tok| t.starts_with(tok)).and_then(numeric_date).is_some() {
        return first();
    }
    ["日期", "时间", "時間"].iter().find_map(|label| {
        let at = t.find(label)? + label.len();
        let value = t[at..].trim_start_matches(is_layout_space).strip_prefix(['：', ':'])?;
        let value = value.trim_start_matches(is_layout_space);
        let tok = value.split(|c: char| !c.is_ascii_graphic()).next().unwrap_or("");
        numeric_date(tok)
            .or_else(|| parse_date_prefix(value).map(|(iso, _)| iso).filter(|iso| iso.len() == 10))
    })
}

/// A printed page's counter at the end of the line (`… 3/29`, `第 3 页`, `共29页`): the browser's or the
/// site's, set on every page.
pub fn ends_with_page_counter(t: &str) -> bool {
    let t = t.trim_end_matches(is_layout_space);
    let last = t.rsplit(is_layout_space).next().unwrap_or(t);
    let fraction = last.split_once('/').is_some_and(|(a, b)| {
        let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>()) else { return false };
        a >= 1 && a <= b && b < 10_000
    });
    let paged = |open: &str| {
        last.strip_prefix(open)
            .and_then(|r| r.strip_suffix(['页', '頁']))
            .is_some_and(|n| !n.is_empty() && n.trim().chars().all(|c| c.is_ascii_digit()))
    };
    let spaced = t.ends_with(['页', '頁']) && {
        let words: Vec<&str> = t.split(is_layout_space).filter(|s| !s.is_empty()).collect();
        words.len() >= 3
            && matches!(words[words.len() - 3], "第" | "共")
            && words[words.len() - 2].chars().all(|c| c.is_ascii_digit())
    };
    fraction || paged("第") || paged("共") || spaced
}

/// A skip link for screen readers (`跳至內容`, `跳转到主导航`, `Skip to content`): a short line that sends the
/// reader to a part of the page (its content, its menu), not a story's `跳到水里`.
pub fn is_skip_link(t: &str) -> bool {
    let t = t.trim_matches(is_layout_space);
    let lower = t.to_ascii_lowercase();
    let targets =
        ["内容", "內容", "正文", "主", "导航", "導覽", "導航", "選單", "菜单", "选单", "頁尾", "页脚"];
    (char_len(t) <= 12
        && ["跳至", "跳到", "跳转", "跳轉", "略過", "略过"].iter().any(|w| t.starts_with(w))
        && targets.iter().any(|w| t.contains(w)))
        || (char_len(t) <= 30 && lower.starts_with("skip to"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_measured_by_their_share_of_the_line() {
        assert!(address_share("http://www.example-bureau.cn/news/2024/0117.html") > 0.9);
        assert!(address_share("站长信箱 webmaster@lanshan.gov.cn") > 0.5);
        assert!(address_share("浙B2-20080101 www.qingshi.com.cn") > 0.4);
        assert!(address_share("版本号为2.0.1，执行《某某规定》。") < 0.1);
        assert!(address_share("这是一句没有任何网址的话。") == 0.0);
    }

    #[test]
    fn phone_numbers_differ_from_dates_and_counts() {
        for phone in ["服务热线：0591-28765432", "（0731）84561230", "客服 400-622-0188", "手机13812345678"]
        {
            assert!(has_phone_number(phone), "{phone}");
        }
        for other in ["2023-11-05", "共计12345678元", "第20240101号", "1998-2024"] {
            assert!(!has_phone_number(other), "{other}");
        }
    }

    #[test]
    fn a_posting_time_is_a_date_with_a_clock_time() {
        assert!(has_posting_time("编辑：小周 2023年4月2日 21:07 阅读 356"));
        assert!(has_posting_time("2019/3/8 9:15 某某部门网站"));
        assert!(has_posting_time("15.04.2021 08:30"));
        assert!(!has_posting_time("会议于2023年4月2日召开。"));
        assert!(!has_posting_time("比例为3:10"));
        assert!(!has_clock_time("比例尺1:50000"));
    }

    #[test]
    fn a_pages_posting_date_is_read_from_its_clock_or_its_label() {
        assert_eq!(posting_date("2010/1/6 16:43:13 次浏览 分类:政府动态").as_deref(), Some("2010-01-06"));
        assert_eq!(posting_date("2023-01-02 13:12 | 稿件來源:某某網").as_deref(), Some("2023-01-02"));
        assert_eq!(posting_date("来源 : 某某局   信息提供日期 :2019-05-05").as_deref(), Some("2019-05-05"));
        assert_eq!(posting_date("07.12.2018 13:40 来源：某某网").as_deref(), Some("2018-12-07"));
        assert_eq!(posting_date("2026/9/19 10:15 某某办法 _ 某某网"), None);
        let forum = "发表于 2021-3-9 08:15:02 | 只看该作者 |倒序浏览";
        assert_eq!(posting_date(forum).as_deref(), Some("2021-03-09"));
        assert_eq!(posting_date("2021-03-09  来源: 某某日报 作者:").as_deref(), Some("2021-03-09"));
        assert_eq!(posting_date("2021-03-09 会议纪要"), None);
        assert_eq!(posting_date("会议于2023年4月2日召开。"), None);
        assert_eq!(posting_date("比例为3:10，共2019-2020两年"), None);
    }

    #[test]
    fn a_page_counter_ends_a_printed_pages_header() {
        assert!(ends_with_page_counter("https://news.example.org/a/123.html 4/17"));
        assert!(ends_with_page_counter("某某条例全文 第 3 页"));
        assert!(ends_with_page_counter("共12页"));
        assert!(!ends_with_page_counter("比例是3/2"));
        assert!(!ends_with_page_counter("第三章　附则"));
    }

    #[test]
    fn skip_links_are_short_and_send_the_reader_elsewhere() {
        assert!(
            is_skip_link("跳转到主导航") && is_skip_link("略過選單") && is_skip_link("Skip to main content")
        );
        assert!(!is_skip_link("跳到河里救起落水儿童的青年受到表彰") && !is_skip_link("跳到水里"));
    }
}
