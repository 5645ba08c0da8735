//! Lines: text → trimmed lines with their layout facts; giant lines split at sentence ends; lines re-joined
//! into paragraphs (hard-wrapped files, Wikisource link fragments, lines that start with closing punctuation).

use super::chars::{char_len, ends_sentence, is_layout_space, is_sentence_end, starts_with_closing_punct};
use crate::diag::{Diagnostic, Kind};

/// Lines longer than this (in characters) are taken as text that has lost its line breaks. Real paragraphs
/// in the corpus reach about 3000 characters (红楼梦); a lost-line-break file is one line of 17 000 and more.
const GIANT_LINE: usize = 4000;
/// A split paragraph ends at the first sentence end after this many characters …
const SPLIT_MIN: usize = 200;
/// … or, with no sentence end in sight, at the first clause mark after this many, or hard here.
const SPLIT_MAX: usize = 1000;

/// One non-blank line of the input.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The text without leading and trailing layout whitespace.
    pub text: String,
    /// 1-based line number in the input.
    pub no: usize,
    /// Leading layout whitespace, in characters.
    pub indent: usize,
    /// Whether one or more blank lines precede it.
    pub blank_before: bool,
    /// Cells, when the line is a TAB-separated table row.
    pub cells: Option<Vec<String>>,
}

/// Splits `text` into non-blank lines; giant lines are split into paragraph-sized pieces (reported).
pub fn split_lines(text: &str, diagnostics: &mut Vec<Diagnostic>) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut blank_before = false;
    for (index, raw) in text.split('\n').enumerate() {
        let no = index + 1;
        let start = raw.trim_start_matches(is_layout_space);
        let indent = raw.len().saturating_sub(start.len()).min(char_len(&raw[..raw.len() - start.len()]));
        let body = start.trim_end_matches(is_layout_space);
        if body.is_empty() {
            blank_before = true;
            continue;
        }
        let cells = body.contains('\t').then(|| {
            body.split('\t').map(|cell| cell.trim_matches(is_layout_space).to_owned()).collect::<Vec<_>>()
        });
        let length = char_len(body);
        let structure =
            if length > LOST_BREAKS && cells.is_none() { split_structure(body) } else { Vec::new() };
        // A line that lost its line breaks: split at its structure, else (a giant one) at sentence ends.
        let (pieces, how) = if structure.len() > 1 {
            let n = structure.len();
            let how = format!(
                "and holds headings, articles or a closing block (the text seems to have lost its line \
                 breaks); split into {n} lines there"
            );
            (structure, how)
        } else if length > GIANT_LINE && cells.is_none() {
            let pieces = split_giant(body);
            let how = format!(
                "(the text seems to have lost its line breaks); split into {} paragraphs at sentence ends",
                pieces.len()
            );
            (pieces, how)
        } else {
            (Vec::new(), String::new())
        };
        if pieces.is_empty() {
            lines.push(Line { text: body.to_owned(), no, indent, blank_before, cells });
        } else {
            diagnostics.push(
                Diagnostic::warning(Kind::Repair, format!("line is {length} characters long {how}"))
                    .at(format!("line {no}")),
            );
            for (i, piece) in pieces.into_iter().enumerate() {
                let blank = if i == 0 { blank_before } else { true };
                lines.push(Line { text: piece.to_owned(), no, indent, blank_before: blank, cells: None });
            }
        }
        blank_before = false;
    }
    lines
}

/// A line longer than this (in characters) that holds structure (a chapter line, articles, a closing
/// block) has lost its line breaks there.
const LOST_BREAKS: usize = 200;

/// Where a line that has lost its line breaks had them: before a chapter, part or section line and the
/// article after it (`第一章 总 则第一条 …。第二条 …`), before an article or a `一、` item that opens a
/// sentence, after a document number that leads the line (`国办函〔2004〕71号四川省人民政府：…`) and its
/// addressee, and before the closing signature, date and note after the last sentence
/// (`…办理。国务院办公厅二〇〇四年十月十五日（本文有删减）`). Empty when there is no such structure.
fn split_structure(text: &str) -> Vec<&str> {
    use super::headings::{marker, Marker};
    let mut cuts: Vec<usize> = Vec::new();
    // The document number and the addressee at the start.
    let (agency, _) = super::chars::take_while(text, super::chars::is_han);
    if let Some(end) = text.find(['号', '號']).filter(|&e| e <= agency.len() + 24) {
        let number_end = end + '号'.len_utf8();
        if super::header::is_doc_number(&text[..number_end]) {
            cuts.push(number_end);
            let rest = &text[number_end..];
            if let Some(colon) = rest.find(['：', ':']) {
                let end = colon + rest[colon..].chars().next().map_or(0, char::len_utf8);
                if char_len(&rest[..colon]) <= 40 && super::roles::is_salutation(&rest[..end]) {
                    cuts.push(number_end + end);
                }
            }
        }
    }
    // Chapters, articles and items. `：一、…。二、…` also runs inside a real paragraph; only a line far
    // longer than one is split there.
    let long_list = char_len(text) > 3 * LOST_BREAKS;
    let mut last_cut = 0usize;
    let mut last_was_chapter = false;
    // Where a marker can start: at `第`, and at the numeral before a `、` (found by memchr, not char by char).
    let mut starts: Vec<usize> = text.match_indices('第').map(|(i, _)| i).collect();
    starts.extend(text.match_indices('、').filter_map(|(j, _)| {
        let numeral = text[..j].char_indices().rev().take_while(|(_, c)| super::chars::is_cn_numeral(*c));
        numeral.last().map(|(k, _)| k)
    }));
    starts.sort_unstable();
    let sequenced = if long_list { Vec::new() } else { sequenced_items(text, &starts) };
    for i in starts {
        let before = text[..i].trim_end_matches(is_layout_space);
        let opens = before.is_empty() || before.ends_with(['。', '；', '！', '？', '：']);
        let Some((kind, _)) = marker(&text[i..]) else { continue };
        let chapter = matches!(kind, Marker::Part | Marker::Chapter | Marker::Section);
        let article = kind == Marker::Article;
        let item = kind == Marker::Cn && (long_list || sequenced.contains(&i));
        let after_chapter = last_was_chapter && char_len(&text[last_cut..i]) <= 30;
        if ((chapter || article) && (opens || after_chapter)) || (item && opens && i > 0) {
            if i > 0 && cuts.last() != Some(&i) {
                cuts.push(i);
            }
            last_cut = i;
            last_was_chapter = chapter;
        }
    }
    // The closing block after the last sentence.
    if let Some(stop) = text.rfind('。') {
        let tail_start = stop + '。'.len_utf8();
        let tail = &text[tail_start..];
        let date_at = tail.char_indices().find_map(|(k, _)| {
            let (iso, after_date) = super::chars::parse_date_prefix(&tail[k..])?;
            (iso.len() == 10).then_some((k, after_date))
        });
        if let Some((k, after_date)) = date_at.filter(|_| char_len(tail) <= 80) {
            let signer = &tail[..k];
            let signed = !signer.is_empty()
                && char_len(signer) <= 30
                && signer.chars().all(|c| super::chars::is_han(c) || is_layout_space(c) || c == '、');
            let noted = after_date.is_empty()
                || (after_date.starts_with(['（', '(']) && after_date.ends_with(['）', ')']));
            if signed && noted {
                cuts.push(tail_start);
                cuts.push(tail_start + k);
                if !after_date.is_empty() {
                    cuts.push(text.len() - after_date.len());
                }
            }
        }
    }
    cuts.retain(|&c| c > 0 && c < text.len());
    cuts.sort_unstable();
    cuts.dedup();
    if cuts.is_empty() {
        return Vec::new();
    }
    let mut parts: Vec<&str> = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for cut in cuts {
        parts.push(&text[start..cut]);
        start = cut;
    }
    parts.push(&text[start..]);
    parts.into_iter().map(|p| p.trim_matches(is_layout_space)).filter(|p| !p.is_empty()).collect()
}

/// In a line too short to be split at every `一、` ([`split_structure`]'s `long_list`), the items that run as
/// a sequence after full stops (`…。二、…。三、…`): a lost line break's shape. An enumeration inside a
/// sentence follows a colon or a semicolon (`：一、…；二、…`) and is left whole.
fn sequenced_items(text: &str, starts: &[usize]) -> Vec<usize> {
    use super::headings::{marker, marker_number, Marker};
    let after_stop: Vec<(usize, u32)> = starts
        .iter()
        .filter(|&&i| i > 0 && text[..i].trim_end_matches(is_layout_space).ends_with('。'))
        .filter_map(|&i| {
            let (kind, len) = marker(&text[i..]).filter(|(kind, _)| *kind == Marker::Cn)?;
            Some((i, marker_number(&text[i..], kind, len)?))
        })
        .collect();
    // Each item whose number follows the one before it, or is followed by the next: a run of two or more.
    let linked =
        |a: Option<&(usize, u32)>, b: Option<&(usize, u32)>| a.zip(b).is_some_and(|(a, b)| b.1 == a.1 + 1);
    (0..after_stop.len())
        .filter(|&k| {
            linked(k.checked_sub(1).and_then(|p| after_stop.get(p)), after_stop.get(k))
                || linked(after_stop.get(k), after_stop.get(k + 1))
        })
        .map(|k| after_stop[k].0)
        .collect()
}

/// Cuts a giant line into pieces of a readable length: after a sentence end (and its closing quotes) once
/// the piece has `SPLIT_MIN` characters; failing that at a clause mark, failing that hard.
fn split_giant(text: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut start = 0;
    let mut count = 0;
    let mut iter = text.char_indices().peekable();
    while let Some((i, ch)) = iter.next() {
        count += 1;
        let clause = matches!(ch, '，' | '、' | ',' | '：');
        let cut_here = (count >= SPLIT_MIN && is_sentence_end(ch))
            || (count >= SPLIT_MAX && clause)
            || count >= 2 * SPLIT_MAX;
        if !cut_here {
            continue;
        }
        // Keep closing quotes and repeated marks (`。”` `……`) with the sentence they close.
        let mut end = i + ch.len_utf8();
        while let Some(&(j, next)) = iter.peek() {
            if super::chars::is_closer(next) || is_sentence_end(next) {
                end = j + next.len_utf8();
                iter.next();
            } else {
                break;
            }
        }
        if let Some(piece) = text.get(start..end) {
            pieces.push(piece);
        }
        start = end;
        count = 0;
    }
    if let Some(rest) = text.get(start..).filter(|r| !r.trim_matches(is_layout_space).is_empty()) {
        pieces.push(rest);
    }
    pieces
}

/// How a file lays out its paragraphs, measured once over all its lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Layout {
    /// Paragraphs are separated by blank lines (most lines are followed by one), so consecutive lines
    /// without a sentence end belong together (Wikisource scrapes leave link text on its own line).
    pub blank_separated: bool,
    /// Lines are hard-wrapped at this width (in characters).
    pub wrap_width: Option<usize>,
    /// Paragraphs start with an indent (`　　`): in a hard-wrapped file, an unindented line after a full one
    /// continues it even when the full one happens to end a sentence.
    pub indented: bool,
}

/// Measures the layout of `lines`.
pub fn measure(lines: &[Line]) -> Layout {
    let text_lines: Vec<&Line> = lines.iter().filter(|l| l.cells.is_none()).collect();
    let n = text_lines.len();
    if n < 8 {
        return Layout::default();
    }
    let followed_by_blank =
        text_lines.windows(2).filter(|w| w.get(1).is_some_and(|l| l.blank_before)).count();
    let blank_separated = followed_by_blank * 2 >= n;
    // Hard wrap: a most frequent length (20–120) that, with the one just below (a mark pushed to the next
    // line), accounts for at least 40 % of the lines, or 25 % when next to no line is longer.
    let mut histogram = vec![0usize; 130];
    for line in &text_lines {
        if let Some(slot) = histogram.get_mut(char_len(&line.text)) {
            *slot += 1;
        }
    }
    let mut wrap_width = None;
    let best = (20..=120)
        .max_by_key(|&w| histogram.get(w).copied().unwrap_or(0) + histogram.get(w + 1).copied().unwrap_or(0));
    if let Some(w) = best {
        let band: usize = (w.saturating_sub(1)..=w + 1).map(|k| histogram.get(k).copied().unwrap_or(0)).sum();
        // A statute's many short items (`（一）航线运行手册；`) lower the share; that no line runs past the
        // width still shows the wrap.
        let longer = text_lines.iter().filter(|l| char_len(&l.text) > w + 1).count();
        if band * 10 >= n * 4 || (band * 4 >= n && longer * 50 <= n) {
            wrap_width = Some(w + 1);
        }
    }
    // In a hard-wrapped file only the first line of each paragraph is indented: a few per cent of lines.
    let indents = text_lines.iter().filter(|l| l.indent > 0).count();
    let indented = indents >= 3 && indents * 50 >= n;
    Layout { blank_separated, wrap_width, indented }
}

/// A paragraph candidate: one or more lines joined.
#[derive(Debug, Clone, PartialEq)]
pub struct Para {
    /// The joined text.
    pub text: String,
    /// Line number of its first line.
    pub no: usize,
    /// Cells, when this is a table row (never joined).
    pub cells: Option<Vec<String>>,
}

/// Whether the line after `i` follows it directly and starts with closing punctuation.
fn fragment_follows(lines: &[Line], i: usize) -> bool {
    lines.get(i + 1).is_some_and(|next| !next.blank_before && starts_with_closing_punct(&next.text))
}

/// Whether `text` has more opening than closing full-width parentheses: a parenthesis broken over lines
/// (`（二○○四年六月十六日国务院` / `第54次常务会议修订通过）`).
fn open_paren(text: &str) -> bool {
    let open = text.chars().filter(|&c| c == '（').count();
    open > text.chars().filter(|&c| c == '）').count()
}

/// Whether `text` is a sentence cut off mid-way: it holds a full sentence already (`。`) but ends on a
/// character that cannot end a paragraph or a heading (`…今年经济社会发展的`), as when a scraper puts a
/// link's text on its own line.
/// A photo credit's name after a space (`…日报记者 盛学卿`) is an end, not a break.
fn broken_sentence(text: &str) -> bool {
    let last_word = text.rsplit(|c: char| c.is_whitespace()).next().unwrap_or(text);
    text.contains('。')
        && text.chars().next_back().is_some_and(super::chars::is_han)
        && char_len(last_word) > 6
}

/// A short line ending in a colon (`各位代表：`) opens something new; it never continues a broken sentence.
fn is_address(text: &str) -> bool {
    char_len(text) <= 20 && text.ends_with(['：', ':'])
}

/// Joins `lines` into paragraphs. `starts_block` says whether a line must start a new block (a numbered
/// heading, a chapter line …) whatever the layout suggests; `ends_block` whether a paragraph must not be
/// continued (a numbered heading line such as `一、专用号牌的核发范围和管理`).
pub fn join(
    lines: &[Line],
    layout: Layout,
    starts_block: impl Fn(&str) -> bool,
    ends_block: impl Fn(&str) -> bool,
) -> Vec<Para> {
    let mut paras: Vec<Para> = Vec::new();
    // Length (characters) of the last physical line appended to the current paragraph.
    let mut last_len = 0usize;
    let mut last_indent = 0usize;
    for (i, line) in lines.iter().enumerate() {
        let len = char_len(&line.text);
        // The last line reached the wrap width: it may have been cut anywhere.
        let full = layout.wrap_width.is_some_and(|w| last_len + last_indent + 2 >= w);
        let joinable = match paras.last() {
            Some(prev) if prev.cells.is_none() && line.cells.is_none() => {
                if starts_with_closing_punct(&line.text) {
                    // Never a new paragraph, whatever else holds.
                    true
                } else if starts_block(&line.text) || (ends_block(&prev.text) && !full) {
                    false
                } else if ends_sentence(&prev.text) {
                    // A sentence that ends exactly at the wrap width says nothing about the paragraph; the
                    // indent of the next line does. Without indents, the conservative reading: a new one.
                    layout.indented && full && !line.blank_before && line.indent == 0
                } else if (open_paren(&prev.text) && line.text.contains('）') && len <= 60)
                    || (broken_sentence(&prev.text) && !line.blank_before && !is_address(&line.text))
                    // A short piece between an unfinished line and one that starts with closing punctuation:
                    // link text a scraper put on its own line.
                    || (fragment_follows(lines, i) && len <= 30)
                {
                    true
                } else if layout.wrap_width.is_some() {
                    // The width counts the indent: the first line of an indented paragraph is as full.
                    !line.blank_before && full && line.indent <= last_indent
                } else if layout.blank_separated && !line.blank_before {
                    prev.text.contains('，') || prev.text.contains('、') || char_len(&prev.text) >= 40
                } else {
                    false
                }
            }
            _ => false,
        };
        match paras.last_mut() {
            Some(prev) if joinable => prev.text.push_str(&line.text),
            _ => paras.push(Para { text: line.text.clone(), no: line.no, cells: line.cells.clone() }),
        }
        last_len = len;
        last_indent = line.indent;
    }
    paras
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<Line> {
        split_lines(text, &mut Vec::new())
    }

    #[test]
    fn layout_whitespace_is_trimmed_and_blank_runs_noted() {
        let ls = lines("　　第一段。  \n\n\n\t第二段。\n");
        assert_eq!(ls.len(), 2);
        assert_eq!(ls[0].text, "第一段。");
        assert_eq!(ls[0].indent, 2);
        assert!(ls[1].blank_before);
    }

    #[test]
    fn tab_separated_lines_carry_cells() {
        let ls = lines("序号\t名称\t说 明\n1\t甲\t\n");
        assert_eq!(ls[0].cells.as_deref(), Some(&["序号".to_owned(), "名称".into(), "说 明".into()][..]));
        assert_eq!(ls[1].cells.as_ref().map(Vec::len), Some(2));
    }

    #[test]
    fn giant_line_is_split_at_sentence_ends_and_reported() {
        let sentence = "我将大笑，我将歌唱，天地有如此静穆，我不能大笑而且歌唱。";
        let text = sentence.repeat(300);
        let mut diags = Vec::new();
        let ls = split_lines(&text, &mut diags);
        assert!(ls.len() > 20, "{} pieces", ls.len());
        assert!(ls.iter().all(|l| char_len(&l.text) <= SPLIT_MIN + 40 && l.text.ends_with('。')));
        assert_eq!(ls.iter().map(|l| l.text.as_str()).collect::<String>(), text);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].kind, Kind::Repair);
    }

    #[test]
    fn line_starting_with_closing_punct_joins_the_previous_one() {
        let ls = lines("他说道\n……你来了\n”他笑了。\n下一段。\n");
        let paras = join(&ls, Layout::default(), |_| false, |_| false);
        let texts: Vec<&str> = paras.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(texts, ["他说道……你来了”他笑了。", "下一段。"]);
    }

    #[test]
    fn wikisource_link_fragments_are_rejoined() {
        let text = "第一段，很长的一段话说明了许多事情，在聽了劉少奇同志\n關於憲法草案的報告\n並進行了討論。\n\n\
                    會議听取和审议了国务院\n政府工作报告\n。会议充分肯定。\n\n三段。\n\n四段。\n\n五段。\n\n六段。\n\n七段。\n\n八段。\n";
        let ls = lines(text);
        let layout = measure(&ls);
        assert!(layout.blank_separated);
        let paras = join(&ls, layout, |_| false, |_| false);
        assert_eq!(
            paras[0].text,
            "第一段，很长的一段话说明了许多事情，在聽了劉少奇同志關於憲法草案的報告並進行了討論。"
        );
        assert_eq!(paras[1].text, "會議听取和审议了国务院政府工作报告。会议充分肯定。");
    }

    #[test]
    fn hard_wrapped_lines_are_rejoined_at_the_detected_width() {
        let para = "这是一个被硬换行的段落，每行二十四个字符左右，".repeat(6) + "结束。";
        let mut text = String::new();
        for _ in 0..4 {
            let chars: Vec<char> = para.chars().collect();
            for chunk in chars.chunks(24) {
                text.push_str("　　");
                text.push_str(&chunk.iter().collect::<String>());
                text.push('\n');
            }
        }
        let text = text.replace("\n　　", "\n");
        let ls = lines(&text);
        let layout = measure(&ls);
        assert_eq!(layout.wrap_width, Some(25));
        let paras = join(&ls, layout, |_| false, |_| false);
        assert_eq!(paras.len(), 4, "{paras:?}");
        assert_eq!(paras[0].text, para);
    }

    #[test]
    fn a_line_that_lost_its_breaks_is_split_at_its_structure() {
        let article =
            "为了规范某某事项，保障公民的合法权益，弘扬社会主义核心价值观，根据有关法律，制定本条例。";
        let text = format!(
            "第一章 总 则第一条 {article}第二条 {article}第二章 管理第三条 依照本条例第一条的规定办理。"
        );
        let parts: Vec<&str> = split_structure(&text).into_iter().map(str::trim).collect();
        assert_eq!(parts.len(), 5, "{parts:?}");
        assert_eq!(parts[0], "第一章 总 则");
        assert_eq!(parts[3], "第二章 管理");
        // A reference to an article inside a sentence is no break.
        assert_eq!(parts[4], "第三条 依照本条例第一条的规定办理。");
        let letter = format!(
            "国办函〔2004〕71号四川省人民政府：{}现函复如下，请遵照办理。国务院办公厅二〇〇四年十月十五日（本文有删减）",
            article.repeat(3)
        );
        let parts = split_structure(&letter);
        assert_eq!(parts[..2], ["国办函〔2004〕71号", "四川省人民政府："]);
        assert_eq!(parts[parts.len() - 3..], ["国务院办公厅", "二〇〇四年十月十五日", "（本文有删减）"]);
        assert!(split_structure(&article.repeat(8)).is_empty());
    }

    #[test]
    fn items_in_sequence_after_full_stops_split_a_mid_length_line_and_an_inline_list_stays_whole() {
        let body = "为做好某项工作，现就有关事项通知如下。";
        let lost = format!(
            "{}一、总体要求各地要充分认识此项工作的重要意义，切实加强组织领导，确保各项任务按期完成。\
             二、主要任务重点抓好规划编制、资金保障和监督检查三个环节，形成上下联动、齐抓共管的工作格局。\
             三、保障措施各有关部门要各司其职，密切配合，及时研究解决工作中遇到的困难和问题。{}",
            body.repeat(3),
            "请认真贯彻执行。".repeat(3)
        );
        assert!(char_len(&lost) > LOST_BREAKS && char_len(&lost) <= 3 * LOST_BREAKS);
        let parts = split_structure(&lost);
        assert_eq!(parts.len(), 4, "{parts:?}");
        assert!(parts[1].starts_with("一、") && parts[2].starts_with("二、") && parts[3].starts_with("三、"));
        let inline = format!(
            "{}要求如下：一、加强领导，落实责任，确保工作有序推进；二、加强宣传，营造氛围，形成社会共识；\
             三、加强督查，严格考核，确保各项措施落到实处。",
            body.repeat(8)
        );
        assert!(char_len(&inline) > LOST_BREAKS);
        assert!(split_structure(&inline).is_empty(), "an enumeration inside a sentence");
    }

    #[test]
    fn a_wrap_among_many_short_items_is_still_a_wrap() {
        // Three full lines in ten, and none longer: the text is wrapped at 30 all the same.
        let full = "字".repeat(29);
        let mut text = String::new();
        for n in 1..=4 {
            text.push_str(&format!("{full}\n（{n}）短项；\n（{n}）又一短项；\n"));
        }
        text.push_str("完。\n");
        let layout = measure(&lines(&text));
        assert_eq!(layout.wrap_width, Some(30));
        // A ragged text of long paragraphs is not wrapped.
        let ragged: String = (1..=10).map(|n| format!("{}。\n", "字".repeat(20 + n * 7))).collect();
        assert_eq!(measure(&lines(&ragged)).wrap_width, None);
    }

    #[test]
    fn wrapped_lines_never_join_across_a_block_start() {
        let ls = lines(&format!("{}\n一、标题\n", "字".repeat(30)));
        let layout = Layout { blank_separated: false, wrap_width: Some(30), indented: false };
        let paras = join(&ls, layout, |t| t.starts_with("一、"), |_| false);
        assert_eq!(paras.len(), 2);
    }
}
