//! The title block → [`Meta`]: site furniture before the title, series line, issue date, title (split over
//! lines, letter-spaced), `——` subtitle, date in parentheses, speaker `职务  姓名`, document number.

use super::chars::{
    char_len, has_sentence_punct, is_han, is_layout_space, is_personal_name, parse_date_line,
    parse_date_prefix, starts_with_closing_punct, unspace_letter_spaced,
};
use super::furniture;
use super::headings::{chapter_prefix, marker};
use super::lines::Line;
use super::roles::{is_meta_label, is_strong_boilerplate, is_weak_boilerplate, split_boilerplate_items};
use super::{byline, head, header, title_shape};
use crate::model::{Meta, Person, TITLE_AS_WRITTEN};

mod fields;
mod occasion;
pub(super) use fields::parse_speaker;
use fields::*;

/// The title block is looked for in this many first lines.
const WINDOW: usize = 40;

/// What the title block held.
#[derive(Debug, Default)]
pub struct TitleBlock {
    /// Metadata found.
    pub meta: Meta,
    /// Boilerplate lines of the header, in order: (text, line number).
    pub boilerplate: Vec<(String, usize)>,
    /// Number of lines consumed.
    pub consumed: usize,
}

/// Reads the title block at the start of `lines`.
pub fn read_title_block(lines: &[Line]) -> TitleBlock {
    let mut block = TitleBlock::default();
    let mut title_at: Option<usize> = None; // index of the last title line
    let mut breadcrumb = false;
    let mut subtitle_at: Option<usize> = None;
    let mut label_value_next = false;
    let mut info_rows = false;
    // An info label whose value is on the next line.
    let mut pending = None;
    // The lines the title was read from: (text, line number).
    let mut title_lines: Vec<(String, usize)> = Vec::new();
    // The title as its lines gave it, so that where the source broke it can be kept (GB/T 9704 §7.3.1).
    let mut written: Vec<String> = Vec::new();
    // The page's words on those lines that the title does not keep (a section name, a number before it):
    // furniture once the title stands, and part of the whole lines reported if it does not.
    let mut title_furniture: Vec<(String, usize)> = Vec::new();
    // A number the page set before the title: the document's own number line, if any, is preferred.
    let mut headline_number: Option<String> = None;
    let mut i = 0;
    // The page's headline over its info line, however it is punctuated; the document's own title, when the
    // page prints one further down, comes first.
    let headline = page_headline(lines);
    let start = match (head::title_line(lines), headline) {
        (Some(at), Some(h)) if at > h => Some(at),
        (_, Some(h)) => Some(h),
        (at, None) => at,
    };
    // Above a title found among furniture: the series line, an issue date, header elements, and furniture.
    if let Some(at) = start {
        let mut pending = None;
        // Office names seen since the last furniture: the issuer, if no furniture follows them.
        let mut issuers: Vec<(String, &Line)> = Vec::new();
        for line in lines.iter().take(at) {
            let t = line.text.as_str();
            if take_series(&mut block.meta, t) || take_issue_date(&mut block.meta, t) {
                continue;
            }
            let furniture = match split_boilerplate_items(t) {
                Some(items) => {
                    header::take_fields(&mut block.meta, t);
                    items
                }
                None => match header::sort_above(&mut block.meta, t, &mut pending) {
                    header::Above::Element => continue,
                    header::Above::Issuer(name) => {
                        issuers.push((name, line));
                        continue;
                    }
                    header::Above::Info | header::Above::Furniture => vec![t],
                },
            };
            // A copy of a line above (the page's headline printed again) says nothing about the office
            // names before it; any other furniture makes them the site's name.
            let copy = lines[..at].iter().any(|l| l.no < line.no && l.text == line.text);
            if !copy {
                for (_, site) in issuers.drain(..) {
                    block.boilerplate.push((site.text.clone(), site.no));
                }
            }
            block.boilerplate.extend(furniture.into_iter().map(|item| (item.to_owned(), line.no)));
        }
        if let Some((name, _)) = issuers.into_iter().next() {
            block.meta.issuer.get_or_insert(name);
        }
        i = at;
    }
    while let Some(line) = lines.get(i).filter(|_| i < WINDOW) {
        let t = line.text.as_str();
        // A table row is the body's, unless it is a row of the page's info table (`索引号：\t…`).
        if line.cells.is_some() && furniture::info_label(t).is_none() {
            break;
        }
        // A table of contents starts the document's own text.
        if super::contents::is_label(t) {
            break;
        }
        let has_title = title_at.is_some();
        let in_info_table = std::mem::take(&mut info_rows);
        // A label's value is on the line right after it, or nowhere.
        let value_expected = std::mem::take(&mut label_value_next);
        let next_is_arrow = lines.get(i + 1).is_some_and(|l| l.text == ">");
        let prev_is_arrow = i.checked_sub(1).and_then(|p| lines.get(p)).is_some_and(|l| l.text == ">");
        let after_subtitle = subtitle_at.is_some_and(|at| at + 1 == i);
        let boiler = |block: &mut TitleBlock, text: &str| block.boilerplate.push((text.to_owned(), line.no));
        // Site furniture: toolbars, breadcrumbs (`首页 > 政务信息 > …`), `来源：` labels and their values.
        if let Some(items) = split_boilerplate_items(t) {
            // Toolbar items side by side with the page's info fields (`来源:  发布时间:…  打印`): the
            // fields' facts are metadata still.
            header::take_fields(&mut block.meta, t);
            items.into_iter().for_each(|item| boiler(&mut block, item));
        } else if furniture::info_label(t).is_some()
            || ((!has_title || furniture::label_count(t) >= 2)
                && furniture::is_label_value(t)
                && title_shape::after_speaker(t) == t
                && headline != Some(i))
            || (in_info_table && furniture::is_field_row(t) && parse_speaker(t).is_none())
        {
            // A page's info line under the title (`来源：… 时间：…`) and the rows of its info table around
            // it: furniture, its facts metadata.
            header::sort_above(&mut block.meta, t, &mut pending);
            label_value_next = pending.is_some();
            info_rows = true;
            boiler(&mut block, t);
            i += 1;
            continue;
        } else if !has_title && block.boilerplate.is_empty() && furniture::is_symbol_line(t) {
            // A rule first of all is the text's own mark, not a page's: no header here.
            break;
        } else if is_strong_boilerplate(t)
            || is_weak_boilerplate(t)
            || (furniture::evidence(t) >= 2 && !furniture::reads_as_prose(t))
        {
            breadcrumb |= t.starts_with("当前位置") || t == ">";
            // A title above the page's path to the document is the site's name or slogan: the document's
            // own title comes below its path.
            if has_title && furniture::is_breadcrumb(t) {
                block.boilerplate.append(&mut title_lines);
                title_furniture.clear();
                block.meta.title = None;
                title_at = None;
            }
            label_value_next = is_meta_label(t);
            boiler(&mut block, t);
            i += 1;
            continue;
        } else if (breadcrumb && (next_is_arrow || char_len(t) <= 8) && !has_title)
            || ((next_is_arrow || prev_is_arrow) && char_len(t) <= 20 && !has_sentence_punct(t))
            || (value_expected && char_len(t) <= 20 && !has_sentence_punct(t))
        {
            // The value of the label above (`發文單位:` / `法務部`): its facts are metadata too.
            if pending.is_some() {
                header::sort_above(&mut block.meta, t, &mut pending);
            }
            boiler(&mut block, t);
        } else if let Some((title, run)) = title_at
            .filter(|&at| at + 1 == i && block.meta.subtitle.is_none())
            .and(block.meta.title.as_deref())
            .filter(|title| occasion::is_occasion(title))
            .and_then(|_| occasion::title_under(&lines[i..]))
        {
            // The occasion over the speech's own title: the subtitle (the dateline under them follows).
            block.meta.subtitle = block.meta.title.replace(title);
            written = lines[i..i + run].iter().map(|l| closed_up(l.text.trim())).collect();
            title_lines.extend(lines[i..i + run].iter().map(|l| (l.text.clone(), l.no)));
            i += run;
            title_at = Some(i - 1);
            continue;
        } else if has_title && is_repeat(&block.meta, t) {
            boiler(&mut block, t);
        } else if let Some(name) = header::issuer_line(t).filter(|_| {
            has_title
                && block.meta.issuer.is_none()
                && !lines.get(i + 1).is_some_and(|l| title_shape::opens_matter(&l.text))
        }) {
            // The issuing office under the title, as law databases print it (title / `国务院` / title);
            // not the first line of a title that names its issuer (`济宁市人民政府` / `关于…`).
            block.meta.issuer = Some(name);
        } else if let Some((first, head)) = has_title.then(|| adoption_head(&lines[i..])).flatten() {
            // A statute's adoption lines: the latest date of the run is its date, the order that published
            // that version its number (not an order an amendment since replaced); the lines stay in the text.
            // Not the day it takes effect (`2022年7月1日 施行`), unless no other is given.
            let run: Vec<(String, bool, String)> = std::iter::once((first.clone(), false, head.text))
                .chain(lines.iter().skip(i + head.lines).take(12).map_while(|l| {
                    Some((header::adoption_date(&l.text)?, header::takes_effect(&l.text), l.text.clone()))
                }))
                .collect();
            let acts = run.iter().filter(|(_, effect, _)| !effect).max_by(|a, b| a.0.cmp(&b.0));
            block.meta.date = Some(acts.map_or(first, |(iso, _, _)| iso.clone()));
            if block.meta.doc_number.is_none() {
                block.meta.doc_number = acts.and_then(|(_, _, text)| header::order_in(text));
            }
            break;
        } else if let Some((decree, number, count)) = decree_lines(&lines[i..]).filter(|_| has_title) {
            // The decree that publishes the statute titled above, its name and number on one line or two
            // (`某省人民政府令` / `第82号`): its header and number are the document's (GB/T 9704 §10.2), printed
            // from there; lines that say anything else stay in the text.
            if block.meta.doc_number.get_or_insert_with(|| number.clone()) == &number {
                i += count;
            }
            block.meta.decree = Some(decree);
            // A number in brackets after the name (`…主席令(九届第37号)`): its line as written.
            if t.contains(['(', '（']) {
                block.meta.extra.insert("decree_line".into(), t.to_owned());
            }
            break;
        } else if take_series(&mut block.meta, t) {
        } else if let Some(number) = doc_number_line(t).filter(|n| has_title || !header::is_order_number(n)) {
            // The same number line twice over: the page's slip, the second is furniture.
            if i.checked_sub(1).is_some_and(|p| lines[p].text == line.text) {
                boiler(&mut block, t);
            }
            block.meta.doc_number.get_or_insert(number);
        } else if !has_title && take_issue_date(&mut block.meta, t) {
        } else if let Some(iso) = parse_date_line(t)
            .filter(|iso| has_title && iso.len() == 10 && title_at.is_some_and(|at| at + 1 == i))
        {
            // A full date directly under the title (a law's amendment date, a release's date): the
            // document's date, as its dateline; kept as written.
            block.meta.date.get_or_insert(iso);
            block.meta.extra.insert("date_text".into(), t.to_owned());
        } else if let (Some((title, author)), false) = (parse_book_header(t), has_title) {
            block.meta.title = Some(title);
            block.meta.authors.extend(author);
            // The header as written (brackets, slashes), so nothing of it is lost.
            block.meta.extra.insert("title_line".into(), t.to_owned());
            title_at = Some(i);
        } else if let Some(rest) =
            title_shape::subtitle_after_dashes(t).or_else(|| is_bare_dateline(t).then_some(t))
        {
            if !has_title {
                break;
            }
            take_dateline(&mut block.meta, rest, t);
            // As written, dashes included (the subtitle itself is stored without them).
            block.meta.extra.insert("subtitle_line".into(), t.to_owned());
            subtitle_at = Some(i);
        } else if let Some(inner) = strip_parens(t).filter(|inner| parse_date_prefix(inner).is_some()) {
            if !has_title {
                break;
            }
            take_dateline(&mut block.meta, inner, t);
        } else if after_subtitle && parse_speaker(t).is_none() && is_subtitle_tail(t) {
            // A subtitle wrapped over two lines (Guangdong): the second part continues the first.
            if let Some(subtitle) = &mut block.meta.subtitle {
                subtitle.push_str(t);
            }
        } else if let (Some(person), true) = (parse_speaker(t), has_title) {
            block.meta.authors.push(person);
        } else if let (Some(person), true) = (byline::parse_byline(t), has_title) {
            // A byline under the title (`张三 文`, `文/张三`, `张三（著）`).
            if block.meta.authors.is_empty() {
                block.meta.authors.push(person);
            }
        } else if has_title
            && block.meta.authors.is_empty()
            && is_personal_name(t)
            && !title_shape::ends_with_genre(t)
        {
            // The author's name alone under the title (an essay, an article): `刘金新`.
            block.meta.authors.push(Person { name: t.trim_matches(is_layout_space).to_owned(), role: None });
        } else if let Some(OwnCopy { title: whole, lines: run, furniture }) =
            block.meta.title.as_deref().and_then(|title| own_copy(&lines[i..], title))
        {
            // The document's own title under the page's headline: the title, and the headline furniture.
            block.boilerplate.append(&mut title_lines);
            title_furniture = furniture;
            block.boilerplate.sort_by_key(|(_, no)| *no);
            title_lines = lines[i..i + run].iter().map(|l| (l.text.clone(), l.no)).collect();
            written = lines[i..i + run].iter().map(|l| closed_up(l.text.trim())).collect();
            block.meta.title = Some(whole);
            i += run;
            title_at = Some(i - 1);
            continue;
        } else if is_title_line(t)
            || completes_unfinished(block.meta.title.as_deref(), title_at, i, t)
            || (headline == Some(i) && !has_title)
        {
            let headline = title_shape::headline(t);
            let text = closed_up(headline.title);
            let first = block.meta.title.is_none();
            match (&mut block.meta.title, title_at) {
                (None, _) => {
                    headline_number = headline.number.map(str::to_owned);
                    written = vec![text.clone()];
                    block.meta.title = Some(text)
                }
                // Continuation of a title split over lines: directly below the previous title line, and
                // what completes it (`…的` / `通知`), not a line of its own (`楔子`, `友善列印版本`).
                // A blank line parts them unless the title is plainly unfinished (`关于…` without its genre)
                // or its header goes on below.
                (Some(title), Some(at))
                    if at + 1 == i
                        && char_len(title) < 60
                        // A headline quoting its speaker is whole on its line.
                        && title_shape::after_speaker(title) == title
                        && ((continues_title(title, &text) && (!line.blank_before || unfinished(title)))
                            || header_follows(lines.get(i + 1))) =>
                {
                    title.push_str(&text);
                    written.push(text);
                }
                // The page's headline repeated, or the header given twice: a duplicate.
                (Some(title), _) if title.contains(&text) || text.contains(title.as_str()) => {
                    boiler(&mut block, t);
                    i += 1;
                    continue;
                }
                // A line apart that names a genre over its dateline (`公司法` / `中華民國114年12月26日`) is
                // the title, and the line above without one (`中央法規條文檢索`) the site's name.
                (Some(title), Some(at))
                    if at + 1 == i
                        && line.blank_before
                        && !title_shape::ends_with_genre(title)
                        && title_shape::ends_with_genre(&text)
                        && lines.get(i + 1).is_some_and(|l| parse_date_line(&l.text).is_some()) =>
                {
                    written = vec![text.clone()];
                    *title = text;
                    block.boilerplate.append(&mut title_lines);
                    title_furniture.clear();
                }
                _ => break,
            }
            // The words of the line the title does not keep are the page's, reported with its other
            // furniture; a number before the first title line is the document's.
            let unused_number = headline.number.filter(|_| !first);
            title_furniture.extend(
                [headline.section, unused_number].into_iter().flatten().map(|w| (w.to_owned(), line.no)),
            );
            title_lines.push((t.to_owned(), line.no));
            title_at = Some(i);
        } else {
            break;
        }
        i += 1;
    }
    block.consumed = i;
    if written.len() > 1 && block.meta.title.as_deref() == Some(written.concat().as_str()) {
        block.meta.extra.insert(TITLE_AS_WRITTEN.to_owned(), written.join("\n"));
    }
    block.boilerplate.append(&mut title_furniture);
    block.boilerplate.sort_by_key(|(_, no)| *no);
    if block.meta.doc_number.is_none() {
        block.meta.doc_number = headline_number;
    }
    if block.meta.title.is_none() {
        block.meta.title = block.meta.extra.remove("info_title");
    }
    // A number the title carries in parentheses (`…的通知（岳办发〔2017〕2号）`).
    if block.meta.doc_number.is_none() {
        block.meta.doc_number = block.meta.title.as_deref().and_then(|t| {
            let inner = t.strip_suffix(['）', ')'])?;
            let open = inner.rfind(['（', '('])?;
            let number = inner[open..].trim_start_matches(['（', '(']).trim();
            header::is_doc_number(number).then(|| number.to_owned())
        });
    }
    // Without a title the header held at most furniture: give back anything else we took.
    // A "title" followed by a line that starts with closing punctuation was a sentence broken at a link
    // (Wikisource): not a title block after all.
    let broken = lines.get(block.consumed).is_some_and(|l| starts_with_closing_punct(&l.text));
    if broken || (block.meta.title.is_none() && block.boilerplate.is_empty()) {
        return TitleBlock::default();
    }
    block
}

/// The document's own title found under the page's headline.
struct OwnCopy {
    title: String,
    lines: usize,
    /// The page's words its lines held besides the title (a section name, a number before it), by line.
    furniture: Vec<(String, usize)>,
}

/// The document's own title printed again under the page's headline `title`: a run of up to four title
/// lines that give the whole title, or the title with its issuer before it (`瑞安市人民政府办公室` /
/// `转发…` / `…的通知`).
fn own_copy(lines: &[Line], title: &str) -> Option<OwnCopy> {
    // A headline may space out what the own copy sets on two lines (`某某委员会 关于…的决定`).
    let title: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    let title = title.as_str();
    let first = lines.first()?.text.as_str();
    let issuer = header::issuer_line(first)
        .filter(|_| lines.get(1).is_some_and(|l| title_shape::opens_matter(&l.text)));
    let mut whole = String::new();
    let mut dropped = Vec::new();
    for (n, line) in lines.iter().take(4).enumerate() {
        if !is_title_line(&line.text) {
            return None;
        }
        let headline = title_shape::headline(&line.text);
        whole.push_str(&closed_up(headline.title));
        dropped.extend(
            [headline.section, headline.number].into_iter().flatten().map(|w| (w.to_owned(), line.no)),
        );
        let matter = issuer.as_deref().and_then(|name| whole.strip_prefix(name)).unwrap_or(&whole);
        if whole == title || matter == title {
            return Some(OwnCopy { title: whole, lines: n + 1, furniture: dropped });
        }
        if !title.starts_with(matter) && !title.starts_with(whole.as_str()) {
            return None;
        }
    }
    None
}

/// A bare title with its letter spacing closed up.
fn closed_up(bare: &str) -> String {
    unspace_letter_spaced(bare).unwrap_or_else(|| bare.to_owned())
}

/// Whether `next` completes `title`: the title is not yet whole (no genre at its end) and is with `next`,
/// or `next` is the tail of a long title (`（2018—2035年）的批复`).
pub(super) fn continues_title(title: &str, next: &str) -> bool {
    if furniture::evidence(next) >= 2 || header::adoption_date(next).is_some() {
        return false;
    }
    let joined = format!("{title}{next}");
    let tail = next.starts_with(['的', '（', '(', '和', '与', '及']) && title_shape::ends_with_genre(next);
    // Issuers on the line above `关于…` head it.
    let issuers = title_shape::opens_matter(next) && header::issuer_line(title).is_some();
    ((!title_shape::ends_with_genre(title) || title_shape::open_name(title))
        && (title_shape::ends_with_genre(&joined) || unfinished(title) || issuers))
        || tail
}

/// A title line that cannot end the title: it ends on a joining word (`…实施管辖的` / `…范围和`) or inside
/// a cited name (`…《某某法`), or it is a `关于` title without its genre word yet.
fn unfinished(title: &str) -> bool {
    let open = title.ends_with(['的', '和', '与', '及', '暨', '、', '于'])
        || title.ends_with("关于")
        || title_shape::open_name(title);
    let about = title.contains("关于") || title.contains("關於");
    open || (about && !title_shape::ends_with_genre(title))
}

/// The tail of a title that cannot end where its line does, directly below it: the last words and the
/// genre, whatever share of them digits and brackets take (`国务院关于河北雄安新区` /
/// `总体规划（2018—2035年）的批复`), which `is_title_line`'s share of Han would refuse.
fn completes_unfinished(title: Option<&str>, title_at: Option<usize>, i: usize, t: &str) -> bool {
    title.is_some_and(unfinished)
        && title_at.is_some_and(|at| at + 1 == i)
        && char_len(t) <= 40
        && !has_sentence_punct(t)
        && !t.contains(['，', ','])
        && title_shape::ends_with_genre(t)
}

/// Whether a title's header goes on after `line`: a dash subtitle, a dateline in parentheses or a
/// speaker — so a title without a genre word (`决胜全面建成小康社会` / `为夺取…伟大胜利`) still joins its lines.
fn header_follows(line: Option<&Line>) -> bool {
    line.is_some_and(|l| {
        let t = l.text.as_str();
        title_shape::subtitle_after_dashes(t).is_some()
            || strip_parens(t).is_some_and(|inner| parse_date_prefix(inner).is_some())
    })
}

/// A line the header repeats (the Shaanxi portal prints date and speaker twice).
fn is_repeat(meta: &Meta, t: &str) -> bool {
    let speaker = parse_speaker(t);
    speaker.is_some_and(|p| meta.authors.contains(&p))
        || meta.subtitle.as_deref().is_some_and(|s| t.contains(s) && char_len(t) <= char_len(s) + 4)
}

/// The page's headline over its info line (`2024年放假安排出炉!春节连休8天!` over `时间:2023/10/25 分类:…`,
/// `某村官:秀水河畔的足音` over `2009-06-17 09:09:45 来源:… 作者:…`), among the first lines with only short
/// lines of the site above it: the title, however it is punctuated (an exclamation, a colon after a name).
/// Class 2 of the recognition issue: without it the site's name above is taken for the title.
fn page_headline(lines: &[Line]) -> Option<usize> {
    let headline = |t: &str| {
        let n = char_len(t);
        (4..=60).contains(&n)
            && t.chars().filter(|&c| is_han(c)).count() >= 4
            // A subtitle over the info line (`—热烈祝贺…开幕`) has its title above it.
            && !t.starts_with(['—', '―', '－', '-', '（', '('])
            && t.chars().filter(|&c| is_han(c)).count() * 2 >= n
            && !t.contains(['。', '；', '，'])
            && marker(t).is_none()
            // A year opens a headline (`2024年放假安排…`); a full date opens a dateline.
            && parse_date_prefix(t).is_none_or(|(iso, _)| iso.len() < 10)
            && furniture::evidence(t) < 2
    };
    // The info line gives a date or a counter, or names its field (`發佈單位:文書組`): a rule or a mark alone
    // (`—`) is no page's info.
    let dated = |t: &str| t.chars().any(|c| c.is_ascii_digit());
    let info = |t: &str| {
        (furniture::page_evidence(t) >= 2 && (dated(t) || furniture::info_label(t).is_some()))
            || (is_weak_boilerplate(t) && dated(t))
    };
    let site = |t: &str| char_len(t) <= 24 && !furniture::reads_as_prose(t);
    let window = lines.get(..lines.len().min(8))?;
    let at = window.windows(2).position(|pair| headline(&pair[0].text) && info(&pair[1].text))?;
    window[..at].iter().all(|l| site(&l.text)).then_some(at)
}

/// A title line: short, no sentence punctuation, no numbering, not a date.
fn is_title_line(t: &str) -> bool {
    let t = title_shape::unshouted(t);
    let n = char_len(t);
    (2..=60).contains(&n)
        && !has_sentence_punct(title_shape::after_speaker(t))
        && !t.contains('，')
        && marker(t).is_none()
        && chapter_prefix(t).is_none()
        && parse_date_line(t).is_none()
        && t.chars().filter(|&c| is_han(c)).count() * 2 >= n
}

#[cfg(test)]
mod tests;
