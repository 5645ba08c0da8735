//! Character classes and small parsers (Chinese numerals, dates) shared by the plain reader's passes.
//!
//! Hand-written rather than regular expressions: every rule here runs on every line of a 2 MB novel, and a
//! scan over `char`s keeps the reader linear and allocation-free.

/// Whitespace that is presentation, not content, at the start or end of a line: ASCII space and tab,
/// ideographic space U+3000 (the typed two-character indent), NBSP, en/em spaces, and the BOM/ZWNBSP some
/// editors leave.
pub fn is_layout_space(ch: char) -> bool {
    matches!(ch, ' ' | '\t' | '\u{3000}' | '\u{A0}' | '\u{FEFF}' | '\u{2000}'..='\u{200B}' | '\u{C}' | '\r')
}

/// Marks that end a whole sentence: full stop, question and exclamation mark, full-width and ASCII (`．` is
/// used as a full stop in some old e-texts).
pub fn is_full_stop(ch: char) -> bool {
    matches!(ch, '。' | '．' | '！' | '？' | '!' | '?')
}

/// Marks that end a sentence or a clause: the full stops, semicolons and the ellipsis.
pub fn is_sentence_end(ch: char) -> bool {
    is_full_stop(ch) || matches!(ch, '；' | ';' | '…')
}

/// Closing marks that may follow a sentence end (`。”`).
pub fn is_closer(ch: char) -> bool {
    matches!(ch, '”' | '’' | '」' | '』' | '）' | ')' | '》' | '】' | '〕' | '"' | '\'')
}

/// Whether `text` ends a sentence or a clause that introduces what follows (`：`), ignoring closing quotes.
pub fn ends_sentence(text: &str) -> bool {
    let last = text.trim_end_matches(|c: char| is_closer(c) || is_layout_space(c)).chars().next_back();
    matches!(last, Some(c) if is_sentence_end(c) || c == '：' || c == ':')
}

/// Whether a line starting with `text` continues the previous line: typography never starts a line (let
/// alone a paragraph) with closing punctuation (clreq 3.1.7).
pub fn starts_with_closing_punct(text: &str) -> bool {
    matches!(
        text.chars().next(),
        Some(
            '，' | '。'
                | '、'
                | '；'
                | '：'
                | '！'
                | '？'
                | '）'
                | '」'
                | '』'
                | '”'
                | '’'
                | '》'
                | '…'
                | '．'
                | ','
                | ';'
                | '!'
                | '?'
                | ')'
        )
    )
}

/// Sentence punctuation a heading never contains: full stops, question and exclamation marks, semicolons,
/// colons.
pub fn has_sentence_punct(text: &str) -> bool {
    text.chars().any(|c| is_sentence_end(c) || c == '：' || c == ':')
}

/// CJK unified ideographs (basic block and extension A) and the compatibility block.
pub fn is_han(ch: char) -> bool {
    matches!(ch, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3134F}')
}

/// Private Use Area code points (GBK user-defined glyphs end up here).
pub fn is_private_use(ch: char) -> bool {
    matches!(ch, '\u{E000}'..='\u{F8FF}' | '\u{F0000}'..='\u{FFFFD}' | '\u{100000}'..='\u{10FFFD}')
}

/// A digit of a Chinese numeral, including `〇`/`零` and the units 十百千.
pub fn is_cn_numeral(ch: char) -> bool {
    matches!(
        ch,
        '〇' | '零'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '两'
    )
}

fn cn_digit(ch: char) -> Option<u32> {
    Some(match ch {
        // Typists write the zero of a year as 〇, ○ (a circle), O or 0: `二○○三年`, `二OO六年`, `二0一三年`.
        '〇' | '零' | '○' | 'Ｏ' | 'O' | 'o' | '0' | '０' => 0,
        '一' | '1' | '１' => 1,
        '二' | '两' | '2' | '２' => 2,
        '三' | '3' | '３' => 3,
        '四' | '4' | '４' => 4,
        '五' | '5' | '５' => 5,
        '六' | '6' | '６' => 6,
        '七' | '7' | '７' => 7,
        '八' | '8' | '８' => 8,
        '九' | '9' | '９' => 9,
        _ => return None,
    })
}

/// The value of a Chinese or Arabic numeral: `十五` 15, `一百二十` 120, digit by digit `一零零` 100, `2024`.
pub fn numeral_value(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    let has_unit = text.chars().any(|c| matches!(c, '十' | '百' | '千'));
    if !has_unit {
        // Digit by digit: 二〇二二, 一零零, 2024.
        let mut value: u32 = 0;
        for ch in text.chars() {
            value = value.checked_mul(10)?.checked_add(cn_digit(ch)?)?;
        }
        return Some(value);
    }
    let (mut total, mut current) = (0u32, 0u32);
    for ch in text.chars() {
        let unit = match ch {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                current = cn_digit(ch)?;
                continue;
            }
        };
        // A bare 十 means 1 × 10 (十五 = 15).
        let digit = if current == 0 { 1 } else { current };
        total = total.checked_add(digit.checked_mul(unit)?)?;
        current = 0;
    }
    total.checked_add(current)
}

/// Takes a run of characters satisfying `pred` from the start of `text`: (run, rest).
pub fn take_while(text: &str, pred: impl Fn(char) -> bool) -> (&str, &str) {
    let end = text.char_indices().find(|&(_, c)| !pred(c)).map_or(text.len(), |(i, _)| i);
    text.split_at(end)
}

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

/// Common Chinese surnames, Simplified and Traditional, leaving out those that more often open a word
/// (`文`, `于`, `关`, `方`, `全` …): the first character of a name standing alone under a title.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈\
    姚卢姜崔钟谭陆汪范贾夏韦付邹孟熊秦邱江尹薛闫段雷侯龙陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤温康施牛樊葛邢齐乔伍庞颜\
    倪庄聂鲁岳翟殷詹欧耿兰焦俞柳甘祝尚符舒阮柯纪梅童凌毕季裴霍涂苗谷翁冉骆蓝游辛靳柴蒙鲍喻祁蒲滕屈饶牟艾尤穆卓\
    缪褚娄窦戚岑蔺臧闵苟邬卞姬栾隋刁巫寇桑郎甄仲虞敖巩佘邝陳楊黃趙吳劉張孫馬鄭謝許韓馮鄧蕭葉蘇呂盧鍾譚陸範賈\
    龔錢嚴湯溫齊喬龐顏聶魯嶽歐蘭紀畢塗駱藍鮑饒衛";

/// Compound surnames (`欧阳`, `司马`).
const COMPOUND_SURNAMES: [&str; 10] =
    ["欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "司徒", "东方", "夏侯"];

/// A personal name alone (`刘金新`, `马井彪`, `欧阳修`): two to four Han characters opening with a common
/// surname.
pub fn is_personal_name(text: &str) -> bool {
    let t = text.trim_matches(is_layout_space);
    let n = char_len(t);
    (2..=4).contains(&n)
        && t.chars().all(is_han)
        && (COMPOUND_SURNAMES.iter().any(|s| t.starts_with(s) && n >= 3)
            || t.chars().next().is_some_and(|c| SURNAMES.contains(c)))
}

/// Number of characters.
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// The same text but for its spacing (`关于 印发` and `关于印发`).
pub fn same_unspaced(a: &str, b: &str) -> bool {
    a.chars().filter(|c| !c.is_whitespace()).eq(b.chars().filter(|c| !c.is_whitespace()))
}

/// Letter-spaced text (`土 地 使 用 期 限 的 批 复`, `习　近　平`): at least two single characters separated by
/// spaces. Returns it without the spaces.
pub fn unspace_letter_spaced(text: &str) -> Option<String> {
    let tokens: Vec<&str> = text.split(|c: char| c.is_whitespace()).filter(|t| !t.is_empty()).collect();
    let single = tokens.iter().filter(|t| t.chars().count() == 1).count();
    // Mostly single characters: a word or two may be unspaced (`关于 授 权`), but spacing must dominate.
    (tokens.len() >= 2 && single * 4 >= tokens.len() * 3).then(|| tokens.concat())
}

/// The BCP 47 tag of the script a text is written in: `zh-Hant` when traditional forms of common
/// characters outnumber simplified ones (counted over the first 20 000 characters), else `zh-CN`.
pub fn script_lang(text: &str) -> &'static str {
    let (mut trad, mut simp) = (0usize, 0usize);
    for ch in text.chars().take(20_000) {
        match form(ch) {
            Some(Form::Traditional) => trad += 1,
            Some(Form::Simplified) => simp += 1,
            None => {}
        }
    }
    if trad > simp {
        "zh-Hant"
    } else {
        "zh-CN"
    }
}

/// Which way a character of [`script_lang`]'s pairs of common characters is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Traditional,
    Simplified,
}

/// The traditional and simplified forms of 34 common characters, pair by pair (patterns: asked of
/// every character of the document).
fn form(ch: char) -> Option<Form> {
    match ch {
        '們' | '國' | '這' | '個' | '來' | '說' | '會' | '為' | '時' | '對' | '發' | '經' | '過' | '學'
        | '開' | '與' | '後' | '產' | '業' | '當' | '從' | '關' | '無' | '現' | '實' | '體' | '問' | '點'
        | '將' | '進' | '機' | '動' | '總' | '區' => Some(Form::Traditional),
        '们' | '国' | '这' | '个' | '来' | '说' | '会' | '为' | '时' | '对' | '发' | '经' | '过' | '学'
        | '开' | '与' | '后' | '产' | '业' | '当' | '从' | '关' | '无' | '现' | '实' | '体' | '问' | '点'
        | '将' | '进' | '机' | '动' | '总' | '区' => Some(Form::Simplified),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals_have_their_values() {
        assert_eq!(numeral_value("十五"), Some(15));
        assert_eq!(numeral_value("一百二十"), Some(120));
        assert_eq!(numeral_value("一零零"), Some(100));
        assert_eq!(numeral_value("二〇二二"), Some(2022));
        assert_eq!(numeral_value("三十一"), Some(31));
        assert_eq!(numeral_value("x"), None);
    }

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
    fn sentence_ends_ignore_closing_quotes() {
        assert!(ends_sentence("他说：“好。”"));
        assert!(ends_sentence("同志们："));
        assert!(!ends_sentence("分别就政府机构改革和职能转变"));
    }

    #[test]
    fn traditional_script_is_recognised() {
        assert_eq!(script_lang("我們第一届全國人民代表大會"), "zh-Hant");
        assert_eq!(script_lang("我们第一届全国人民代表大会"), "zh-CN");
    }

    #[test]
    fn letter_spacing_is_removed() {
        assert_eq!(
            unspace_letter_spaced("土 地 使 用 期 限 的 批 复").as_deref(),
            Some("土地使用期限的批复")
        );
        assert_eq!(unspace_letter_spaced("习　近　平").as_deref(), Some("习近平"));
        assert_eq!(unspace_letter_spaced("市委书记  闫晨曦"), None);
    }

    #[test]
    fn a_date_that_lost_its_characters() {
        assert_eq!(parse_date_line("  20171116"), Some("2017-11-16".into()));
        assert_eq!(parse_date_line("20171316"), None);
        assert_eq!(parse_date_line("12345678"), None);
    }
}
