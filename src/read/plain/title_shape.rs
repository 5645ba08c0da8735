//! What a title line looks like: short, mostly Han, no sentence and no numbering, often ending on its genre
//! (`…的通知`, `…条例（试行）`); and what a page wraps around one (a section name before `丨`, a document
//! number, `「」`), what a headline adds (a speaker's name, the marks it exclaims with), and the dashes that
//! open a subtitle. These predicates serve the search for the title ([`super::head`]), the title block and the
//! titles of documents inside the document.

use super::chars::{char_len, is_han, is_layout_space, parse_date_prefix, take_while};
use super::header::is_doc_number;
use super::headings::marker;
use crate::zh::closing::OFFICIAL_GENRES;

/// Words a document's title ends with besides the official genres ([`OFFICIAL_GENRES`]): statutes,
/// plans, speeches, reports, statements, in Simplified and Traditional characters.
const GENRES: &[&str] = &[
    "办法",
    "规定",
    "条例",
    "細則",
    "细则",
    "规则",
    "規則",
    "规划",
    "方案",
    "讲话",
    "講話",
    "報告",
    "決議",
    "纲要",
    "指引",
    "指南",
    "说明",
    "章程",
    "准则",
    "计划",
    "总结",
    "声明",
    "法",
    "條例",
    "辦法",
    "規定",
    "演说",
    "演說",
    "致辞",
    "致詞",
    "答问",
    "答問",
    "新聞稿",
    "清单",
    "预案",
    "預案",
    // The same genres in Traditional characters, where they differ.
    "通報",
    "意見",
    "決定",
    "批覆",
    "復函",
    "規劃",
    "綱要",
    "公報",
    "說明",
    "準則",
    "計劃",
    "計畫",
    "總結",
    "聲明",
    "清單",
    "紀要",
    "要點",
    "要点",
];

/// Whether a title ends with its genre (`…的通知`, `…条例（试行）`, `…管理办法(2019年修订)`).
pub fn ends_with_genre(t: &str) -> bool {
    let core = t.trim_end_matches(|c: char| matches!(c, '）' | ')' | '》' | '」') || is_layout_space(c));
    let core = match core.rfind(['（', '(']) {
        Some(open) if t.ends_with(['）', ')']) => &core[..open],
        _ => core,
    };
    OFFICIAL_GENRES.iter().chain(GENRES).any(|g| core.ends_with(g))
}

/// A headline without the marks it ends on (`…宏伟目标,奋进!`, `…開放公告!!!!`, `…怎么办？`): a news
/// headline may exclaim or ask. Only at the end of a line of six Han characters or more with no other
/// sentence mark: `同志们！` and `谢谢！` are the text's.
pub fn unshouted(t: &str) -> &str {
    // Most lines end otherwise: no need to count their characters.
    if !t.ends_with(['!', '！', '?', '？']) {
        return t;
    }
    let core = t.trim_end_matches(['!', '！', '?', '？']);
    let han = core.chars().filter(|&c| is_han(c)).count();
    if han >= 6 && !core.chars().any(super::chars::is_sentence_end) {
        core
    } else {
        t
    }
}

/// A news headline quoting its speaker (`總統:下一個四年,…`, `习近平：…`): the words after the speaker's
/// colon; any other line as it is. A label's colon (`来源：新华社`) has too few words after it.
pub fn after_speaker(t: &str) -> &str {
    let Some((speaker, words)) = t.split_once(['：', ':']) else { return t };
    let han = words.chars().filter(|&c| is_han(c)).count();
    if (2..=6).contains(&char_len(speaker))
        && speaker.chars().all(|c| is_han(c) || c == '·')
        && han >= 10
        && !words.contains(['：', ':'])
    {
        words
    } else {
        t
    }
}

/// A line that may be (part of) a title: short, mostly Han, no sentence punctuation, no numbering, no date.
pub fn is_title_shaped(t: &str) -> bool {
    let t = unshouted(t);
    let n = char_len(t);
    (2..=80).contains(&n)
        && !t.starts_with(['—', '―', '－', '-', '（', '('])
        // A figure's or table's caption (`图1 汽车号牌编码规则`).
        && (!t.starts_with(['图', '表', '圖']) || !t.chars().nth(1).is_some_and(|c| c.is_ascii_digit()))
        && !t.chars().any(super::chars::is_sentence_end)
        // A colon inside a headline (`重申：请同仁…`) is allowed; at the end it makes a label or an addressee.
        && !t.ends_with(['：', ':'])
        // A comma is a sentence's, unless it is inside a quoted slogan (`关于做好“禁传销，保亚运”工作的通知`).
        && !comma_outside_quotes(t)
        && marker(t).is_none()
        // A line that opens with a full date is a dateline or an adoption line, not a title.
        && parse_date_prefix(t).is_none_or(|(iso, _)| iso.len() < 10)
        && t.chars().filter(|&c| is_han(c)).count() * 2 >= n
}

/// A title candidate without what a page wraps around it: bullets, `「」`, and a section name before `丨`
/// or `|` (`政务服务丨某市人民政府关于…的意见`).
pub fn bare_title(t: &str) -> &str {
    headline(t).title
}

/// A title candidate taken apart. The section and number are words of the line the title does not keep:
/// whoever drops them reports them.
pub struct Headline<'a> {
    /// A site's section name before a bar (`政务服务丨…`).
    pub section: Option<&'a str>,
    /// A document number the page set before the title (`瑞政办(2011)129号 …`).
    pub number: Option<&'a str>,
    pub title: &'a str,
}

/// A title candidate taken apart: the section name and document number a page set before it, if any, and the
/// bare title.
pub fn headline(t: &str) -> Headline<'_> {
    let t = t.trim_start_matches(['•', '·', '●', '■', '◆']).trim_matches(is_layout_space);
    // A page's `<title>` joins the headline and the site's name with a bar (`…心声|天天簡訊`); copied without
    // its site name the bar ends the line (`…的通知 |`). The bar and the name are the page's, set aside as a
    // section name is. Only a title's own shape tells it from a link bar's last link (`首页 | 政务公开 |`): one
    // bar, and a genre word before it.
    let bar = |c: char| matches!(c, '丨' | '｜' | '|');
    let cut = t.trim_end_matches(|c: char| bar(c) || is_layout_space(c));
    let (site, t) = if cut.len() < t.len() && !cut.contains(bar) && ends_with_genre(cut) {
        (Some(t[cut.len()..].trim_matches(is_layout_space)), cut)
    } else {
        site_after_bar(t).map_or((None, t), |(title, site)| (Some(site), title))
    };
    let (section, t) = match t.rfind(['丨', '｜', '|']) {
        Some(at) => {
            let after = t[at..].trim_start_matches(['丨', '｜', '|']).trim_matches(is_layout_space);
            // A site's section name before the bar (`政务服务丨…`): words, not a stray mark or character,
            // before a title in words.
            let section = t[..at].trim_matches(is_layout_space);
            let words = after.chars().filter(|&c| is_han(c)).count() * 2 >= char_len(after);
            if char_len(after) >= 6 && words && char_len(section) >= 2 && section.chars().all(is_han) {
                (Some(section), after)
            } else {
                (None, t)
            }
        }
        None => (None, t),
    };
    // A document number before the title (`瑞政办(2011)129号 转发…的通知`): the page's index of it.
    let (number, t) = leading_doc_number(t).map_or((None, t), |(number, rest)| (Some(number), rest));
    let wrapped = t.strip_prefix('「').and_then(|r| r.strip_suffix('」'));
    // `《…的通知》` after a number: the page quotes the title; a book's own `《…》` stays.
    let quoted =
        t.strip_prefix('《').and_then(|r| r.strip_suffix('》')).filter(|inner| ends_with_genre(inner));
    let title = match wrapped.or(quoted) {
        Some(inner) if !inner.is_empty() => inner,
        _ => t,
    };
    Headline { section: section.or(site), number, title }
}

/// A headline with the site's name after a bar (`新年想與盼:…傾聽市民心聲|天天簡訊`): a short name of words
/// after the last bar, a long headline before it; the headline and the bar with the name. A section name stands before the bar instead, and is
/// longer than a site's tag only rarely: the shorter side is the site's.
fn site_after_bar(t: &str) -> Option<(&str, &str)> {
    let at = t.rfind(['丨', '｜', '|'])?;
    let (title, tail) = (t[..at].trim_matches(is_layout_space), t[at..].trim_matches(is_layout_space));
    let site = tail.trim_start_matches(['丨', '｜', '|']).trim_matches(is_layout_space);
    let n = char_len(site);
    ((2..=8).contains(&n)
        && site.chars().all(|c| is_han(c) || c.is_ascii_alphanumeric())
        && char_len(title) >= 12
        && !title.contains(['丨', '｜', '|']))
    .then_some((title, tail))
}

/// A document number a page sets before the title, with or without a space (`梁政发【2023】7号关于…`,
/// `京政办发〔2016〕26号《…》`): the number and the title after it.
fn leading_doc_number(t: &str) -> Option<(&str, &str)> {
    let end =
        t.char_indices().take(24).find(|&(_, c)| c == '号' || c == '號').map(|(at, c)| at + c.len_utf8())?;
    let (number, rest) = t.split_at(end);
    let rest = rest.trim_matches(is_layout_space);
    (is_doc_number(number) && char_len(rest) >= 6 && !rest.starts_with(['，', ',', '）', ')']))
        .then_some((number.trim(), rest))
}

/// A title's line that opens its matter after the issuer's name (`济宁市人民政府` / `关于…`,
/// `…办公室` / `转发…`): the line above it is part of the title, not an issuer standing alone.
pub fn opens_matter(t: &str) -> bool {
    ["关于", "關於", "转发", "轉發", "印发", "印發", "批转", "批轉"].iter().any(|w| t.starts_with(w))
}

fn comma_outside_quotes(t: &str) -> bool {
    let mut quoted = false;
    t.chars().any(|c| {
        match c {
            '“' => quoted = true,
            '”' => quoted = false,
            _ => {}
        }
        c == '，' && !quoted
    })
}

/// A line that names a document: title-shaped and ending on its genre, or a link's text the page cut short
/// (`…是否依据《禁止传销条例》进行处罚问...`).
///
/// A genre inside a book title still open at the line's end (`暂时调整实施《中华人民共和国药品管理法` /
/// `实施条例》…的决定`) is the cited name's, cut by the wrap: the line names nothing yet.
pub fn names_a_document(t: &str) -> bool {
    let cut = t.trim_end_matches(['.', '…']);
    is_title_shaped(cut) && ((ends_with_genre(t) && !open_name(t)) || cut.len() < t.len())
}

/// Whether a book title (`《…`, `〈…`) is still open at the end of `t`: the line was cut inside a name.
pub fn open_name(t: &str) -> bool {
    t.matches(['《', '〈']).count() > t.matches(['》', '〉']).count()
}

/// The subtitle after its dashes (`——在…上的讲话`), when `t` is a subtitle line: `——…`, `――…` (U+2015 used as
/// a dash), `－－…`.
pub fn subtitle_after_dashes(t: &str) -> Option<&str> {
    let (dashes, rest) = take_while(t, |c| matches!(c, '—' | '―' | '－' | '-'));
    // Pasting often loses one of the pair (`—热烈祝贺…`): one long dash before Han text is the mark too.
    // Only U+2014: the writers set the subtitle dash as `——` of it, so a `―` would not survive.
    let one_long = dashes == "—";
    // `——題記` signs an epigraph above it (a poem's lines), it heads nothing.
    let epigraph = matches!(rest.trim_matches(is_layout_space), "题记" | "題記" | "小引");
    ((char_len(dashes) >= 2 || (one_long && rest.starts_with(is_han))) && !rest.is_empty() && !epigraph)
        .then_some(rest)
}
