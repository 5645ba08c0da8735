//! The header's single lines read as metadata: a dateline, a series line, an issue date, a statute's adoption
//! lines, a decree's name and number, a document number, a book e-text's header, a speaker.

use super::super::chars::{
    self, char_len, dates_in, has_sentence_punct, is_han, is_layout_space, parse_date_line,
    parse_date_prefix, take_while, unspace_letter_spaced,
};
use super::super::lines::Line;
use super::super::{byline, header, title_shape};
use crate::model::{Meta, Person, Series};
use crate::zh::credits;

/// `——2026年1月25日在…会议上` or `（2026年1月27日在…会议上）`: date, and the rest as subtitle.
pub(super) fn take_dateline(meta: &mut Meta, text: &str, raw: &str) {
    let text = text.trim_matches(is_layout_space);
    if let Some((iso, rest)) = parse_date_prefix(text) {
        if meta.date.is_none() {
            meta.date = Some(iso);
        }
        meta.extra.insert("date_text".into(), raw.to_owned());
        // A date and the place it was given at (`…1月30日于臺北市`) is a dateline, no theme.
        let place = rest.starts_with(['于', '於']) && char_len(rest) <= 12;
        if rest.trim_matches(is_layout_space).is_empty() || place {
            return;
        }
    } else if let Some(iso) = find_date(text) {
        meta.date.get_or_insert(iso);
    }
    match &meta.subtitle {
        None => {
            // The theme names its speaker (`李某在…会议上的讲话`).
            if meta.authors.is_empty() {
                meta.authors.extend(byline::speaker_in_theme(text));
            }
            meta.subtitle = Some(text.to_owned())
        }
        // A second dateline (rare): kept as written rather than merged.
        Some(_) => {
            meta.extra.insert("dateline".into(), raw.to_owned());
        }
    }
}

/// A date anywhere in `text` (`——在…会议上的讲话（2022年7月15日）`).
pub(super) fn find_date(text: &str) -> Option<String> {
    dates_in(text).next().map(|(iso, _)| iso)
}

/// The inside of a line wholly in parentheses.
pub(super) fn strip_parens(t: &str) -> Option<&str> {
    t.strip_prefix('（')
        .and_then(|r| r.strip_suffix('）'))
        .or_else(|| t.strip_prefix('(').and_then(|r| r.strip_suffix(')')))
}

/// `“日新月异”系列№4193`, `"X"系列No.12`, `X系列第12期`.
pub(super) fn parse_series(t: &str) -> Option<Series> {
    let pos = t.find("系列")?;
    let name = t[..pos].trim_matches(|c: char| {
        matches!(c, '“' | '”' | '"' | '「' | '」' | '《' | '》') || is_layout_space(c)
    });
    let after = t[pos + "系列".len()..].trim_matches(is_layout_space);
    let number = after
        .trim_start_matches(['№', '#', '＃', '第'])
        .trim_start_matches("No.")
        .trim_start_matches("NO.")
        .trim_start_matches("No")
        .trim_start_matches(is_layout_space);
    let (digits, tail) = take_while(number, |c| c.is_ascii_digit());
    let tail_ok = tail.is_empty() || matches!(tail, "期" | "号");
    if name.is_empty()
        || char_len(name) > 20
        || has_sentence_punct(name)
        || !tail_ok
        || (digits.is_empty() && !after.is_empty())
    {
        return None;
    }
    Some(Series { name: name.to_owned(), index: digits.parse().ok() })
}

/// `2026年1月27日在陕西省第十四届人民代表大会第四次会议上`: a dateline without its dashes.
pub(super) fn is_bare_dateline(t: &str) -> bool {
    parse_date_prefix(t).is_some_and(|(iso, rest)| {
        iso.len() == 10
            && rest.starts_with(['在', '于', '於'])
            && !has_sentence_punct(rest)
            && char_len(rest) <= 40
    })
}

/// The second line of a wrapped subtitle: short, unpunctuated, ending as a venue or a speech does.
pub(super) fn is_subtitle_tail(t: &str) -> bool {
    char_len(t) <= 30
        && !has_sentence_punct(t)
        && ["上", "讲话", "报告", "发言", "致辞", "）"].iter().any(|e| t.ends_with(e))
}

/// A series line (`“日新月异”系列№4193`) as metadata; whether `t` was one.
pub(super) fn take_series(meta: &mut Meta, t: &str) -> bool {
    let Some(series) = parse_series(t) else { return false };
    meta.series = Some(series);
    meta.extra.insert("series_line".into(), t.to_owned());
    true
}

/// A date standing before the title (the issue date of a series) as metadata, not body; whether `t` was one.
pub(super) fn take_issue_date(meta: &mut Meta, t: &str) -> bool {
    let Some(iso) = parse_date_line(t) else { return false };
    meta.extra.insert("issue_date".into(), iso);
    meta.extra.insert("issue_date_text".into(), t.to_owned());
    true
}

/// The first adoption line of a statute's header and its date; a header in parentheses that a hard wrap
/// cut over lines (`（交通部 • …交通部令2006` / `年第4号 • …施行）`) is read whole.
pub(super) fn adoption_head(lines: &[Line]) -> Option<(String, Head)> {
    let first = lines.first()?.text.as_str();
    if let Some(iso) = header::adoption_date(first) {
        return Some((iso, Head { text: first.to_owned(), lines: 1 }));
    }
    if !first.starts_with(['（', '(']) || first.contains(['）', ')']) {
        return None;
    }
    let mut text = first.to_owned();
    for (n, line) in lines.iter().enumerate().skip(1).take(3) {
        text.push_str(&line.text);
        if line.text.contains(['）', ')']) {
            // An undated act on the first line and the dated one under it (`（某会议审议通过` / `1998年2月6日
            // 某市人民政府令第68号发布）`): the dated line dates the note.
            if let Some(iso) = header::adoption_date(&text) {
                return Some((iso, Head { text, lines: n + 1 }));
            }
            let dated = line.text.trim_start_matches(['（', '(']).to_owned();
            return (n == 1)
                .then(|| header::adoption_date(&dated))
                .flatten()
                .map(|iso| (iso, Head { text: dated, lines: n + 1 }));
        }
    }
    None
}

/// A header read over one or more lines.
pub(super) struct Head {
    pub(super) text: String,
    pub(super) lines: usize,
}

/// A decree's name and number (`中华人民共和国国务院令第４４４号`, or `某省人民政府令` over `第82号` or
/// `〔2010〕第15号`): the name, the number, and how many lines they take.
pub(super) fn decree_lines(lines: &[Line]) -> Option<(String, String, usize)> {
    let t = lines.first()?.text.trim_matches(is_layout_space);
    if let Some((name, number)) = decree_line(t) {
        return Some((name.to_owned(), number.to_owned(), 1));
    }
    let next = lines.get(1)?.text.trim_matches(is_layout_space);
    let next = unspace_letter_spaced(next).unwrap_or_else(|| next.to_owned());
    // `第82号`, or the year and number the name heads (`〔2010〕第15号`).
    let numbered = header::is_order_number(&next)
        || (next.starts_with(['〔', '[', '［']) && header::is_doc_number(&format!("{t}{next}")));
    (t.ends_with('令') && char_len(t) >= 4 && t.chars().all(is_han) && numbered)
        .then(|| (t.to_owned(), next, 2))
}

/// A decree's name and number on one line (`中华人民共和国国务院令第４４４号`): the name, and the number.
pub(super) fn decree_line(t: &str) -> Option<(&str, &str)> {
    let t = t.trim_matches(is_layout_space);
    // The number in brackets after the name, with the legislature's term (`中华人民共和国主席令(九届第37号)`).
    if let Some((name, number)) = t.strip_suffix([')', '）']).and_then(|r| r.split_once(['(', '（'])) {
        let term = number.find('第').map_or("", |at| &number[..at]);
        let termed =
            term.is_empty() || term.strip_suffix('届').is_some_and(|n| n.chars().all(chars::is_cn_numeral));
        if name.ends_with('令')
            && char_len(name) >= 3
            && name.chars().all(is_han)
            && termed
            && header::is_order_number(&number[term.len()..])
        {
            return Some((name, number));
        }
    }
    let at = t.find("令第")? + "令".len();
    let (name, number) = t.split_at(at);
    if !(header::is_order_number(number) && char_len(name) >= 3 && name.chars().all(is_han)) {
        return None;
    }
    // A government's code before `令` (`渝府令第121号`, as `沈政令〔1997〕29号`) is part of the number; a
    // decree's full name (`中华人民共和国国务院令`) is not.
    Some((name, if char_len(name) == 3 { t } else { number }))
}

/// A document number line, alone or in parentheses (`( 吉府发〔2003〕37号 )`): the number.
pub(super) fn doc_number_line(t: &str) -> Option<String> {
    let inner = t.trim_matches(|c: char| matches!(c, '(' | ')' | '（' | '）') || is_layout_space(c));
    // Spaced out under a decree's name (`第　七　号`) it is still the number.
    let inner = unspace_letter_spaced(inner).unwrap_or_else(|| inner.to_owned());
    header::is_doc_number(&inner).then_some(inner)
}

/// `《红楼梦》曹雪芹`, `《西游记》`, `[三国演义 / 罗贯中 著 ]`: the header of a book e-text.
pub(super) fn parse_book_header(t: &str) -> Option<(String, Option<Person>)> {
    let author = |name: &str| -> Option<Person> {
        let name = name.trim_matches(is_layout_space);
        // `罗贯中 著`, `鲁迅 译`, or `罗贯中著` glued.
        let credited = name
            .rsplit_once(is_layout_space)
            .filter(|(_, role)| credits::follows_name(role))
            .or_else(|| name.strip_suffix('著').map(|n| (n, "著")));
        let (name, role) = match credited {
            Some((n, role)) => (n.trim_matches(is_layout_space), Some(role.to_owned())),
            None => (name, None),
        };
        // Not the rest of a title (`《…通知》操作指引`): a name, not a genre.
        (!name.is_empty()
            && char_len(name) <= 6
            && name.chars().all(is_han)
            && !title_shape::ends_with_genre(name))
        .then(|| Person { name: name.to_owned(), role })
    };
    if let Some(rest) = t.strip_prefix('《') {
        let (title, after) = rest.split_once('》')?;
        if title.is_empty() || char_len(title) > 30 {
            return None;
        }
        let after = after.trim_matches(is_layout_space);
        if after.is_empty() {
            return Some((title.to_owned(), None));
        }
        return author(after).map(|a| (title.to_owned(), Some(a)));
    }
    let inner = t.strip_prefix(['[', '［'])?.strip_suffix([']', '］'])?;
    let (title, by) = inner.split_once('/')?;
    let title = title.trim_matches(is_layout_space);
    (!title.is_empty() && char_len(title) <= 30).then_some(())?;
    Some((title.to_owned(), Some(author(by)?)))
}

/// A speaker line: `市委书记  闫晨曦`, `总理　　李克强`, `北京市市长 殷勇`, `上海市市长 龚 正`, name alone
/// letter-spaced `习　近　平`, `艾尔肯·吐尼亚孜`.
pub(in crate::read::plain) fn parse_speaker(t: &str) -> Option<Person> {
    let tokens: Vec<&str> = t.split(|c: char| c.is_whitespace()).filter(|s| !s.is_empty()).collect();
    let is_name_char = |c: char| is_han(c) || c == '·' || c == '•';
    if tokens.iter().any(|tok| !tok.chars().all(is_name_char)) {
        return None;
    }
    if tokens.len() >= 2 && tokens.len() <= 4 && tokens.iter().all(|tok| char_len(tok) == 1) {
        // `第 七 号` is an order's number spaced out, not a name.
        let name = tokens.concat();
        return (!header::is_order_number(&name)).then_some(Person { name, role: None });
    }
    let (role, name_parts) = tokens.split_first()?;
    let name = name_parts.concat();
    let name_len = char_len(&name);
    let name_ok = if name.contains('·') { name_len <= 16 } else { (2..=4).contains(&name_len) };
    // A role is an office: it ends like one (书记, 市长, 主席, 主任, 总理 …).
    const OFFICES: [&str; 16] =
        ["记", "长", "席", "任", "理", "员", "事", "授", "人", "表", "官", "裁", "主持", "代表", "统", "統"];
    let role_ok = (2..=24).contains(&char_len(role)) && OFFICES.iter().any(|o| role.ends_with(o));
    (!name_parts.is_empty() && name_parts.len() <= 3 && name_ok && role_ok)
        .then(|| Person { name, role: Some((*role).to_owned()) })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::plain::read_plain;
    use crate::read::plain::tests::LONG;

    #[test]
    fn a_government_code_before_its_order_number_is_part_of_it() {
        assert_eq!(decree_line("某府令第 12 号"), Some(("某府令", "某府令第 12 号")));
        assert_eq!(decree_line("某某省人民政府令第12号"), Some(("某某省人民政府令", "第12号")));
    }

    #[test]
    fn a_note_dated_on_its_second_line_dates_the_statute() {
        let text = format!(
            "某市物业管理规定\n(某市人民政府第9次常务会议审议通过\n\n2001年3月4日某市人民政府令第5号发布)\n{LONG}\n"
        );
        let (doc, _) = read_plain(&text);
        assert_eq!(doc.meta.date.as_deref(), Some("2001-03-04"));
        assert_eq!(doc.meta.doc_number.as_deref(), Some("某市人民政府令第5号"));
    }
}
