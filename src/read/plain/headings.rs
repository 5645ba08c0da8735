//! Headings: numbering markers (GB/T 9704 levels `一、` `（一）` `1.` `（1）`, `第N章/节/回/条`, decimal outlines)
//! and what a marked line is: a heading, a paragraph with a run-in lead sentence, or plain text.

use super::chars::{
    char_len, has_sentence_punct, is_cn_numeral, is_han, is_layout_space, is_sentence_end, take_while,
};
use crate::model::Inline;

/// The kind of numbering a line starts with. The order of the variants is the hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Marker {
    /// The title of a document inside the document: an attachment's title, the regulation a State Council
    /// order promulgates, a letter-spaced title line (`国 务 院 工 作 规 则`). Always level 1.
    Title,
    /// `#` … `######` and a space: a Markdown heading kept in a plain-text copy (a README or notes pasted
    /// as text), by its depth. Where a document marks headings so, the marks are its outline.
    Hash(u8),
    /// `第一编`, `第一部分`, `第一卷`; Taiwan's top levels `壹、` and `I.` (class 7 of the recognition issue).
    Part,
    /// `第一章`, `第一回`.
    Chapter,
    /// `第一节`.
    Section,
    /// `第1款`: Taiwan codes divide a section (`第2節　法人`) into 款 (`第1款　通則`).
    Subsection,
    /// An unnumbered short heading line.
    Unnumbered,
    /// `1` `1.1` `1.2.1` followed by a space (`1.2.1` may run on): a decimal outline, by depth. Where a
    /// document has one, it is the main outline and other numbering nests inside it.
    Decimal(u8),
    /// `一、`.
    Cn,
    /// `（一）`.
    ParenCn,
    /// `1.` `1．` `1、`.
    Num,
    /// `（1）`.
    ParenNum,
    /// `（甲）` `(乙)`: the heavenly stems, counting the parts under `1.` in older texts and translations.
    ParenStem,
    /// `第一条`: an article, a run-in label.
    Article,
}

/// Scraper junk seen before chapter lines (`正文 第一回`, `《》目录 第一回`): set apart, not part of the heading.
const CHAPTER_PREFIXES: [&str; 3] = ["《》目录", "正文", "目录"];

/// A novel site's page links around the chapter line (`上一章   第一回 …    下一章 ( → )`, `◀上一回 第四十六回 …
/// 下一回▶`): the words of the genre, and only where a chapter marker stands between them.
const NAV_BACK: [&str; 4] = ["上一章", "上一回", "上一页", "上一頁"];
const NAV_ON: [&str; 4] = ["下一章", "下一回", "下一页", "下一頁"];

/// Splits a scraper prefix or the page links off a chapter line: (prefix, chapter line, suffix), either
/// of prefix and suffix possibly empty, not both.
pub fn chapter_prefix(text: &str) -> Option<(&str, &str, &str)> {
    let spaced = |rest: &str| rest.trim_start_matches(is_layout_space).len() < rest.len();
    let scraper = CHAPTER_PREFIXES.iter().find_map(|prefix| {
        let rest = text.strip_prefix(prefix)?;
        (spaced(rest) || prefix.starts_with('《')).then_some(prefix.len())
    });
    let nav_back = || {
        let arrowless = text.trim_start_matches(|c| matches!(c, '◀' | '←' | '<') || is_layout_space(c));
        let word = NAV_BACK.iter().find(|w| arrowless.starts_with(*w))?;
        let end = text.len() - arrowless.len() + word.len();
        spaced(&text[end..]).then_some(end)
    };
    let start = scraper.or_else(nav_back).unwrap_or(0);
    let rest = text[start..].trim_start_matches(is_layout_space);
    // The forward link after a space, with whatever arrow follows it.
    let on = NAV_ON.iter().filter_map(|w| rest.find(w)).min().filter(|&at| {
        let before = &rest[..at];
        before.trim_end_matches(is_layout_space).len() < before.len()
    });
    let chapter = on.map_or(rest, |at| rest[..at].trim_end_matches(is_layout_space));
    let suffix = on.map_or("", |at| &rest[at..]);
    let is_chapter = matches!(marker(chapter), Some((Marker::Chapter | Marker::Part | Marker::Section, _)));
    (is_chapter && (start > 0 || !suffix.is_empty())).then_some((
        text[..start].trim_end_matches(is_layout_space),
        chapter,
        suffix,
    ))
}

/// A book's front and back matter, set at the level of its chapters (`楔子 张天师祈禳瘟疫 洪太尉误走妖魔`).
const BOOK_PARTS: [&str; 12] =
    ["楔子", "引子", "序章", "序言", "自序", "前言", "后记", "後記", "尾声", "尾聲", "跋", "序"];

/// Whether `text` is a book's front or back matter or a statute's `附则` (read as a chapter marker).
pub fn is_book_part(text: &str) -> bool {
    book_part(text).is_some()
}

/// `楔子`, `自序`, `后记` alone on a line or before a space and a short title, and a statute's `附则`: a
/// chapter-level heading.
fn book_part(text: &str) -> Option<usize> {
    // A statute's unnumbered divisions alone on their line (`附　　则`) stand with its chapters too.
    if text.len() <= 24 {
        let mut letters = text.chars().filter(|c| !is_layout_space(*c) && !c.is_whitespace());
        let pair = (letters.next(), letters.next(), letters.next());
        if matches!(pair, (Some('附' | '总' | '總'), Some('则' | '則'), None)) {
            return Some(text.len());
        }
    }
    let word = BOOK_PARTS.iter().find(|w| text.starts_with(*w))?;
    let rest = &text[word.len()..];
    let titled = rest.starts_with(is_layout_space) && char_len(rest) <= 30 && !has_sentence_punct(rest);
    // `序` and `跋` are too common as the first character of a word to open a line with a title.
    (rest.is_empty() || (titled && char_len(word) >= 2)).then_some(word.len())
}

/// A book's halves or volumes above its chapters: `上篇　总论`, `下编`, `卷一　本纪`, `卷之三`, alone on the
/// line or spaced from a short title (`上篇文章说…` is a sentence).
fn book_division(text: &str) -> Option<usize> {
    let first = text.chars().next()?;
    let label = match first {
        '上' | '中' | '下' => {
            let unit =
                text[first.len_utf8()..].chars().next().filter(|c| matches!(c, '篇' | '编' | '編' | '卷'))?;
            first.len_utf8() + unit.len_utf8()
        }
        '卷' => {
            let rest = &text[first.len_utf8()..];
            let rest_after_of = rest.strip_prefix('之').unwrap_or(rest);
            let (number, _) = take_while(rest_after_of, is_cn_numeral);
            if number.is_empty() || char_len(number) > 4 {
                return None;
            }
            text.len() - rest_after_of.len() + number.len()
        }
        _ => return None,
    };
    let rest = &text[label..];
    let titled = rest.starts_with(is_layout_space) && char_len(rest) <= 30 && !has_sentence_punct(rest);
    (rest.is_empty() || titled).then_some(label)
}

/// The numbering marker at the start of `text` and its length in bytes.
pub fn marker(text: &str) -> Option<(Marker, usize)> {
    if let Some(found) = hash_marker(text) {
        return Some(found);
    }
    // Law sites tag a division's line with its field name (`【章名】 第一章 总则`): the tag stays in the
    // heading, the marker after it decides (class 4).
    if let Some(rest) = division_tag(text) {
        let (kind, len) = marker(rest)?;
        return matches!(kind, Marker::Part | Marker::Chapter | Marker::Section | Marker::Subsection)
            .then_some((kind, text.len() - rest.len() + len));
    }
    if let Some(len) = book_part(text) {
        return Some((Marker::Chapter, len));
    }
    if let Some(len) = book_division(text) {
        return Some((Marker::Part, len));
    }
    let mut chars = text.chars();
    let first = chars.next()?;
    if first == '第' {
        return ordinal_marker(text);
    }
    if matches!(first, '（' | '(') {
        let inner = &text[first.len_utf8()..];
        if let Some(stem) = inner.chars().next().filter(|&c| crate::zh::numbering::stem_value(c).is_some()) {
            let close = inner[stem.len_utf8()..].chars().next().filter(|c| matches!(c, '）' | ')'))?;
            return Some((Marker::ParenStem, first.len_utf8() + stem.len_utf8() + close.len_utf8()));
        }
        let (number, rest) = take_while(inner, |c| is_cn_numeral(c) || is_digit(c));
        let close = rest.chars().next().filter(|c| matches!(c, '）' | ')'))?;
        if number.is_empty() || char_len(number) > 3 {
            return None;
        }
        let kind = if number.chars().all(is_digit) {
            Marker::ParenNum
        } else if number.chars().all(is_cn_numeral) {
            Marker::ParenCn
        } else {
            return None;
        };
        return Some((kind, text.len() - rest.len() + close.len_utf8()));
    }
    // `壹、` `貳、`: the formal numerals number the level above `一、` in Taiwan documents; `I.` `II、` too.
    let formal = |c: char| {
        matches!(c, '壹' | '貳' | '贰' | '參' | '叁' | '肆' | '伍' | '陸' | '陆' | '柒' | '捌' | '玖' | '拾')
    };
    let roman = |c: char| matches!(c, 'I' | 'V' | 'X');
    if formal(first) || roman(first) {
        let (number, rest) = take_while(text, |c| formal(c) || roman(c));
        let mut after = rest.chars();
        let sep = after.next().filter(|c| matches!(c, '、' | '.' | '．'))?;
        let titled = after.next().is_some_and(|c| is_han(c) || is_layout_space(c));
        let pure = number.chars().all(formal) || number.chars().all(roman);
        let short = char_len(number) <= 4;
        return (pure && short && titled && (sep == '、' || roman(first)))
            .then_some((Marker::Part, number.len() + sep.len_utf8()));
    }
    if is_cn_numeral(first) {
        let (number, rest) = take_while(text, is_cn_numeral);
        let mut after = rest.chars();
        let sep = after.next()?;
        // Pasted and typed documents write the top level with a half-width dot too (`一.总体要求`), a title
        // following; the full-width `．` is the full stop of older texts (`…告诉了倪二．倪二听了…`), and a
        // dot before a numeral or a measure is a decimal (`一.五倍`) (class 6).
        let dotted = sep == '.'
            && after.next().is_some_and(|c| {
                (is_han(c) && !is_cn_numeral(c) && !MEASURES.contains(c)) || is_layout_space(c)
            });
        return (char_len(number) <= 3 && (sep == '、' || dotted))
            .then_some((Marker::Cn, number.len() + sep.len_utf8()));
    }
    if is_digit(first) {
        let (number, rest) = take_while(text, is_digit);
        if char_len(number) > 3 {
            return None;
        }
        let mut after = rest.chars();
        let sep = after.next()?;
        let following = after.next();
        if matches!(sep, '.' | '．' | '、') && !following.is_some_and(is_digit) {
            return Some((Marker::Num, number.len() + sep.len_utf8()));
        }
        // `1)` `2）`: a closing parenthesis alone numbers the level of `（1）` (class 6).
        if matches!(sep, ')' | '）') && following.is_some_and(|c| is_han(c) || is_layout_space(c)) {
            return Some((Marker::ParenNum, number.len() + sep.len_utf8()));
        }
        // Decimal outline: 1 / 1.1 / 1.2.1 followed by a space (or by text, from depth 2).
        let (outline, rest) = take_while(text, |c| is_digit(c) || c == '.');
        if outline.ends_with('.') || outline.contains("..") {
            return None;
        }
        let depth = outline.split('.').count();
        let spaced = rest.starts_with(is_layout_space);
        // Text straight after a number is a heading's (`1.1编制目的`) unless it is what the number counts
        // (`1.5亿元`, `2.5亩`).
        let texty = rest.chars().next().is_some_and(|c| is_han(c) && !MEASURES.contains(c));
        if depth <= 4 && (spaced || (depth >= 2 && texty)) {
            return Some((Marker::Decimal(u8::try_from(depth).unwrap_or(4)), outline.len()));
        }
    }
    None
}

/// The text after a law site's field tag `【章名】` `【节名】` (a short Han name ending in `名`).
fn division_tag(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('【')?;
    let close = inner.find('】')?;
    let name = &inner[..close];
    let named = (2..=4).contains(&char_len(name)) && name.ends_with('名') && name.chars().all(is_han);
    named.then(|| inner[close + '】'.len_utf8()..].trim_start_matches(is_layout_space))
}

/// `## 标题`: one to six `#` and a space before some text.
fn hash_marker(text: &str) -> Option<(Marker, usize)> {
    let (hashes, rest) = take_while(text, |c| c == '#');
    let depth = u8::try_from(hashes.len()).ok().filter(|d| (1..=6).contains(d))?;
    let titled = rest.starts_with(is_layout_space) && !rest.trim_matches(is_layout_space).is_empty();
    titled.then_some((Marker::Hash(depth), hashes.len()))
}

/// An Arabic digit, half- or full-width (`１．` `（２）` in typed documents).
fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Units and measure words that follow a decimal number in a sentence.
const MEASURES: &str = "亿万千百十元角分厘毫个倍年月日时天周岁人次名位户家所项件条款章节篇页张份套台辆艘架米亩顷斤两吨克升度秒%％";

fn ordinal_marker(text: &str) -> Option<(Marker, usize)> {
    // Law databases space the parts out (`第 1 章`, `第 46 條`): spaces between them are allowed.
    let after_di = text.strip_prefix('第')?.trim_start_matches(is_layout_space);
    let (number, rest) = take_while(after_di, |c| is_cn_numeral(c) || is_digit(c));
    if number.is_empty() || char_len(number) > 6 {
        return None;
    }
    let rest = rest.trim_start_matches(is_layout_space);
    // `第十一集`: the volumes of a serial novel, above its chapters.
    let units: [(&str, Marker); 13] = [
        ("部分", Marker::Part),
        ("集", Marker::Part),
        ("款", Marker::Subsection),
        ("编", Marker::Part),
        ("編", Marker::Part),
        ("卷", Marker::Part),
        ("章", Marker::Chapter),
        ("回", Marker::Chapter),
        ("节", Marker::Section),
        ("節", Marker::Section),
        ("条", Marker::Article),
        ("條", Marker::Article),
        ("篇", Marker::Part),
    ];
    let (unit, kind) = units.iter().find(|(unit, _)| rest.starts_with(unit))?;
    let after = &rest[unit.len()..];
    // `第一章：总则`: a colon after the number belongs to the marker, as a space would. Not after `篇`, which
    // is how essay sites number the copies they gather (`第一篇：…`).
    let colon = !matches!(kind, Marker::Article) && *unit != "篇";
    let after = after.strip_prefix(['：', ':']).filter(|_| colon).unwrap_or(after);
    // `第一章规定…` in running text is not a marker: the unit must be followed by a space, the end, or (for
    // chapters with their title run on) a short line without sentence punctuation.
    let spaced =
        after.is_empty() || after.starts_with(is_layout_space) || rest[unit.len()..].len() > after.len();
    let titled = char_len(after) <= 40 && !has_sentence_punct(after) && !after.contains('，');
    let ok = match kind {
        Marker::Article => true,
        // `第一款` opens sentences that cite a paragraph (`第一款规定的…`): as a division it is spaced from
        // its short title.
        Marker::Subsection => spaced && titled && !after.is_empty(),
        _ => spaced || titled,
    };
    ok.then_some((*kind, text.len() - after.len()))
}

/// What a marked line is.
#[derive(Debug, Clone, PartialEq)]
pub enum Marked {
    /// A heading of this kind.
    Heading(Marker),
    /// A paragraph whose lead (numbering and first sentence, or the article label) is a run-in heading.
    RunIn(Vec<Inline>),
    /// Ordinary text.
    Text,
}

/// Classifies a line that starts with a marker of `kind` (`len` bytes).
pub fn classify(text: &str, kind: Marker, len: usize) -> Marked {
    let Some(rest) = text.get(len..) else { return Marked::Text };
    let body = rest.trim_start_matches(is_layout_space);
    if kind == Marker::Article {
        // An article is one paragraph with its label run in (class 4); only a label standing alone, with
        // nothing to run into, is a heading.
        return if body.is_empty() {
            Marked::Heading(kind)
        } else {
            Marked::RunIn(vec![
                Inline::Strong(vec![Inline::Text(text[..len].to_owned())]),
                Inline::Text(rest.to_owned()),
            ])
        };
    }
    // A Markdown mark says what the line is, whatever its punctuation.
    if matches!(kind, Marker::Hash(_)) {
        return if body.is_empty() { Marked::Text } else { Marked::Heading(kind) };
    }
    let chapter_like = matches!(kind, Marker::Part | Marker::Chapter | Marker::Section | Marker::Subsection);
    let limit = if chapter_like { 60 } else { 50 };
    // Pasted text has half-width commas too (`(三)客运车辆所有者必须…,`): a heading has neither at its end.
    if !has_sentence_punct(body) && char_len(body) <= limit && !body.ends_with(['，', '、', ',']) {
        return if chapter_like || !body.is_empty() { Marked::Heading(kind) } else { Marked::Text };
    }
    if chapter_like {
        return Marked::Text;
    }
    run_in(text, 40).map_or(Marked::Text, Marked::RunIn)
}

/// A numbered line that is one sentence ending in a full stop (`（一）“双重”负责的原则。`, `（一）久久为功推动
/// 粤港澳大湾区建设，打造……城市群。`): a heading when it stands over body text (the caller checks that).
/// The two upper levels (`一、` `（一）`) may hold a comma, as report section titles do; `1.` `（1）` lines
/// must be one short clause, since at those levels a sentence is more often a list item.
pub fn is_stopped_heading(text: &str, kind: Marker, len: usize) -> bool {
    let Some(body) = text.get(len..).map(|b| b.trim_start_matches(is_layout_space)) else { return false };
    let Some(inner) = body.strip_suffix('。') else { return false };
    let n = char_len(inner);
    match kind {
        Marker::Cn | Marker::ParenCn => (2..=60).contains(&n) && !has_sentence_punct(inner),
        Marker::Num | Marker::ParenNum => {
            (2..=30).contains(&n) && !has_sentence_punct(inner) && !inner.contains(['，', ','])
        }
        _ => false,
    }
}

/// A short numbered line ending in a colon (`（一）购买新建商品房申请流程：`) over deeper numbering or over its
/// text: the heading of what is under it. Only the two upper levels; `1.…：` over `（1）` is more often an
/// item that opens a list. Over deeper numbering a top section may be titled by the aims it lists, commas
/// and all (`一、深化民主改革,落實人權保護,強化地方自治效能:`); over text a clause with a comma is that text's
/// lead-in (`（二）请注意以下事项，并按要求办理：`).
pub fn is_colon_heading(text: &str, kind: Marker, len: usize, over_list: bool) -> bool {
    let Some(body) = text.get(len..).map(|b| b.trim_start_matches(is_layout_space)) else { return false };
    let Some(inner) = body.strip_suffix(['：', ':']) else { return false };
    let n = char_len(inner);
    let clause = inner.contains(['，', ',']);
    match kind {
        Marker::Cn if over_list => (2..=40).contains(&n) && !has_sentence_punct(inner),
        Marker::Cn | Marker::ParenCn => (2..=20).contains(&n) && !has_sentence_punct(inner) && !clause,
        _ => false,
    }
}

/// The number a marker of `kind` (`len` bytes) carries: `十二、` 12, `（三）` 3, `4.` 4; `None` for other kinds.
pub fn marker_number(text: &str, kind: Marker, len: usize) -> Option<u32> {
    if !matches!(kind, Marker::Cn | Marker::ParenCn | Marker::Num | Marker::ParenNum) {
        return None;
    }
    let label = text.get(..len)?;
    let digits: String = label.chars().filter(|&c| is_cn_numeral(c) || is_digit(c)).collect();
    super::chars::numeral_value(&digits)
}

/// A lead standing alone on its line (`一是联合港澳承办十五运会和残特奥会。`): one sentence, at most `max`
/// characters, ending in `。`; the paragraph is then its run-in heading in full.
pub fn is_lone_lead(text: &str, max: usize) -> bool {
    let Some(inner) = text.strip_suffix('。') else { return false };
    char_len(inner) <= max && !has_sentence_punct(inner)
}

/// A run-in lead: the text up to and including the first sentence end (or a colon within the first few
/// characters), when it is at most `max` characters and more text follows.
pub fn run_in(text: &str, max: usize) -> Option<Vec<Inline>> {
    let mut count = 0;
    let mut end = None;
    let mut iter = text.char_indices().peekable();
    while let Some((i, ch)) = iter.next() {
        count += 1;
        if count > max {
            break;
        }
        if is_sentence_end(ch) || (matches!(ch, '：' | ':') && count <= 15) {
            let mut stop = i + ch.len_utf8();
            while let Some(&(j, next)) = iter.peek() {
                if super::chars::is_closer(next) && next != '）' {
                    stop = j + next.len_utf8();
                    iter.next();
                } else {
                    break;
                }
            }
            end = Some(stop);
            break;
        }
    }
    let end = end?;
    let (lead, rest) = text.split_at(end);
    if rest.trim_matches(is_layout_space).is_empty() {
        return None;
    }
    Some(vec![Inline::Strong(vec![Inline::Text(lead.to_owned())]), Inline::Text(rest.to_owned())])
}

/// Enumerated points that open with `一要` `二是` `第一，` `首先，`: their lead sentence (to the first `。` or
/// `；`) is set as a run-in heading, as printed editions do.
pub fn enumerated_point(text: &str) -> Option<Vec<Inline>> {
    if !opens_enumeration(text) {
        return None;
    }
    // The lead runs to the first full stop or semicolon (not a colon: `一是：` is rare and leads a list).
    let mut end = None;
    for (count, (i, ch)) in text.char_indices().enumerate() {
        if count >= 80 {
            break;
        }
        if matches!(ch, '。' | '；' | '！' | '？') {
            end = Some(i + ch.len_utf8());
            break;
        }
    }
    let (lead, rest) = text.split_at(end?);
    if rest.trim_matches(is_layout_space).is_empty() {
        return None;
    }
    Some(vec![Inline::Strong(vec![Inline::Text(lead.to_owned())]), Inline::Text(rest.to_owned())])
}

/// Whether `text` opens an enumerated point: `一要` `二是` `第一，` `首先，` ….
pub fn opens_enumeration(text: &str) -> bool {
    let (number, rest) = take_while(text, is_cn_numeral);
    let opens = if !number.is_empty() && char_len(number) <= 2 {
        rest.starts_with('要') || rest.starts_with('是')
    } else if let Some(after) = text.strip_prefix('第') {
        let (n, r) = take_while(after, is_cn_numeral);
        !n.is_empty() && char_len(n) <= 2 && (r.starts_with('，') || r.starts_with('是'))
    } else {
        ["首先，", "其次，", "再次，", "其一，", "其二，", "其三，"].iter().any(|p| text.starts_with(p))
    };
    opens
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::plain_text;

    fn kind(text: &str) -> Option<Marker> {
        marker(text).map(|(k, _)| k)
    }

    #[test]
    fn gb9704_numbering_levels_are_recognised() {
        assert_eq!(kind("一、总体要求"), Some(Marker::Cn));
        assert_eq!(kind("十二、附则"), Some(Marker::Cn));
        assert_eq!(kind("（一）保障燃料供应"), Some(Marker::ParenCn));
        assert_eq!(kind("(二)工作目标"), Some(Marker::ParenCn));
        assert_eq!(kind("1.基本原则"), Some(Marker::Num));
        assert_eq!(kind("2．工作要求"), Some(Marker::Num));
        assert_eq!(kind("（1）具体措施"), Some(Marker::ParenNum));
        assert_eq!(kind("2.5亿元"), None);
        assert_eq!(kind("2026年"), None);
    }

    #[test]
    fn a_law_sites_field_tag_before_a_division_is_kept_with_it() {
        assert_eq!(marker("【章名】 第一章 总则"), Some((Marker::Chapter, "【章名】 第一章".len())));
        assert_eq!(kind("【节名】第二节　审议"), Some(Marker::Section));
        assert_eq!(kind("【法规名称】 某某条例"), None);
        assert_eq!(kind("【章名】 说明"), None);
    }

    #[test]
    fn markdown_marks_are_headings_by_depth() {
        assert_eq!(marker("## 第一章 总则"), Some((Marker::Hash(2), 2)));
        assert_eq!(kind("# 员工手册"), Some(Marker::Hash(1)));
        assert_eq!(kind("#话题#"), None, "a hashtag");
        assert_eq!(kind("####### 七级"), None);
        assert_eq!(kind("## "), None);
        let text = "### 注意事项：请按时提交。";
        let (k, len) = marker(text).expect("marker");
        assert_eq!(classify(text, k, len), Marked::Heading(Marker::Hash(3)));
    }

    #[test]
    fn typed_variants_of_the_numbering_are_recognised() {
        assert_eq!(kind("一.总体要求"), Some(Marker::Cn));
        assert_eq!(kind("二．倪二听了大怒"), None, "a full stop in older texts");
        assert_eq!(kind("三. 保障措施"), Some(Marker::Cn));
        assert_eq!(kind("一.五倍"), None, "a decimal, not a marker");
        assert_eq!(kind("一.5"), None);
        assert_eq!(kind("１．加强领导"), Some(Marker::Num));
        assert_eq!(kind("（２）强化考核"), Some(Marker::ParenNum));
        assert_eq!(kind("１．５亿元"), None);
        assert_eq!(kind("1) 推进项目建设"), Some(Marker::ParenNum));
        assert_eq!(kind("2）优化环境"), Some(Marker::ParenNum));
        assert_eq!(kind("3)"), None);
        assert_eq!(kind("第３章 附则"), Some(Marker::Chapter));
        let number = |t: &str| marker(t).and_then(|(k, len)| marker_number(t, k, len));
        assert_eq!(number("１２．措施"), Some(12));
        assert_eq!(number("2）优化环境"), Some(2));
    }

    #[test]
    fn ordinal_markers_cover_chapters_and_articles() {
        assert_eq!(kind("第一章　总则"), Some(Marker::Chapter));
        assert_eq!(kind("第一百二十回  杜撰"), Some(Marker::Chapter));
        assert_eq!(kind("第一零零回  破好事香菱结深恨　悲远嫁宝玉感离情"), Some(Marker::Chapter));
        assert_eq!(kind("第三节 要求"), Some(Marker::Section));
        assert_eq!(kind("第 4 章 勞動時間、休息、休假"), Some(Marker::Chapter));
        assert_eq!(kind("第 46 條 雇主應置備勞工名卡。"), Some(Marker::Article));
        assert_eq!(kind("壹、總體說明"), Some(Marker::Part));
        assert_eq!(kind("II. 施政重點"), Some(Marker::Part));
        assert_eq!(kind("IV、結語"), Some(Marker::Part));
        assert_eq!(kind("IBM公司"), None);
        assert_eq!(kind("第二部分 - 預算"), Some(Marker::Part));
        assert_eq!(kind("第一条　为了规范管理，制定本条例。"), Some(Marker::Article));
        assert_eq!(kind("第一章规定了总体要求，并且……"), None);
        assert_eq!(marker("第一章：总则"), Some((Marker::Chapter, "第一章：".len())));
        assert_eq!(kind("第一篇：某某文库收集的范文"), None);
        assert_eq!(kind("楔子 张天师祈禳瘟疫 洪太尉误走妖魔"), Some(Marker::Chapter));
        assert_eq!(kind("自序"), Some(Marker::Chapter));
        assert_eq!(kind("附　　则"), Some(Marker::Chapter));
        assert_eq!(kind("附则如下"), None);
        assert_eq!(kind("上篇　总论"), Some(Marker::Part));
        assert_eq!(kind("下编"), Some(Marker::Part));
        assert_eq!(kind("卷之三 列传"), Some(Marker::Part));
        assert_eq!(kind("第十一集"), Some(Marker::Part));
        assert_eq!(kind("上篇文章说到这里"), None);
        assert_eq!(kind("卷起袖子干活"), None);
        assert_eq!(kind("第1款　通則"), Some(Marker::Subsection));
        assert_eq!(kind("第一款规定的情形"), None);
        assert_eq!(kind("(甲)封建的社会主义"), Some(Marker::ParenStem));
        assert_eq!(kind("（乙）"), Some(Marker::ParenStem));
        assert_eq!(kind("（甲方）"), None);
        assert_eq!(kind("序幕拉开了"), None);
        assert_eq!(kind("前言不搭后语，说了半天。"), None);
    }

    #[test]
    fn decimal_outlines_have_depths() {
        assert_eq!(kind("1 总则"), Some(Marker::Decimal(1)));
        assert_eq!(kind("1.1 编制目的"), Some(Marker::Decimal(2)));
        assert_eq!(kind("1.2.1 组织机构"), Some(Marker::Decimal(3)));
        assert_eq!(kind("1.2.1组织机构"), Some(Marker::Decimal(3)));
        assert_eq!(kind("1.1编制目的"), Some(Marker::Decimal(2)));
        assert_eq!(kind("2.5亿元"), None);
        assert_eq!(kind("3.5亩耕地已经复垦。"), None);
        assert_eq!(kind("2.5"), None);
    }

    #[test]
    fn scraper_prefix_before_a_chapter_is_split_off() {
        assert_eq!(
            chapter_prefix("《》目录 第一回　灵根育孕源流出"),
            Some(("《》目录", "第一回　灵根育孕源流出", ""))
        );
        assert_eq!(
            chapter_prefix("正文 第一回 宴桃园豪杰三结义"),
            Some(("正文", "第一回 宴桃园豪杰三结义", ""))
        );
        assert_eq!(chapter_prefix("正文内容"), None);
        assert_eq!(
            chapter_prefix("← 上一页  第十二章 风雪夜归人   下一页 →"),
            Some(("← 上一页", "第十二章 风雪夜归人", "下一页 →"))
        );
        assert_eq!(chapter_prefix("第三回 某某某 下一回▶"), Some(("", "第三回 某某某", "下一回▶")));
        assert_eq!(chapter_prefix("上一章 目录 下一章"), None, "page links with no chapter");
    }

    #[test]
    fn marker_with_a_full_sentence_is_a_run_in_paragraph() {
        let text = "（一）保障燃料供应。供热企业要提前储备。";
        let (k, len) = marker(text).expect("marker");
        match classify(text, k, len) {
            Marked::RunIn(content) => {
                assert_eq!(content[0], Inline::Strong(vec![Inline::Text("（一）保障燃料供应。".into())]));
                assert_eq!(plain_text(&content), text);
            }
            other => panic!("{other:?}"),
        }
        let heading = "（一）保障燃料供应";
        let (k, len) = marker(heading).expect("marker");
        assert_eq!(classify(heading, k, len), Marked::Heading(Marker::ParenCn));
    }

    #[test]
    fn marker_numbers_are_read() {
        let number = |t: &str| marker(t).and_then(|(k, len)| marker_number(t, k, len));
        assert_eq!(number("十二、附则"), Some(12));
        assert_eq!(number("（三）工作要求"), Some(3));
        assert_eq!(number("4.措施"), Some(4));
        assert_eq!(number("第一章 总则"), None);
    }

    #[test]
    fn one_sentence_section_titles_may_hold_a_comma() {
        let text = "（二）坚持实体经济为本、制造业当家，加快构建更加强大的现代化产业体系。";
        let (k, len) = marker(text).expect("marker");
        assert!(is_stopped_heading(text, k, len));
        let item = "（2）个人依法从事办学，取得的所得。";
        let (k, len) = marker(item).expect("marker");
        assert!(!is_stopped_heading(item, k, len), "a sentence at the lower levels is a list item");
    }

    #[test]
    fn article_label_is_run_in() {
        let text = "第一条　为了规范管理，制定本条例。";
        let (k, len) = marker(text).expect("marker");
        let Marked::RunIn(content) = classify(text, k, len) else { panic!("not run-in") };
        assert_eq!(content[0], Inline::Strong(vec![Inline::Text("第一条".into())]));
        assert_eq!(plain_text(&content), text);
    }

    #[test]
    fn enumerated_points_get_a_strong_lead_sentence() {
        let text = "一要坚持党的全面领导，把牢这一最高政治原则。各级人大要自觉。";
        let content = enumerated_point(text).expect("point");
        assert_eq!(
            content[0],
            Inline::Strong(vec![Inline::Text("一要坚持党的全面领导，把牢这一最高政治原则。".into())])
        );
        assert!(enumerated_point("首先，要明确目标。其次再说。").is_some());
        assert!(enumerated_point("一样的道理。后文。").is_none());
        assert!(enumerated_point("一要坚持。").is_none(), "nothing follows the lead");
    }
}
