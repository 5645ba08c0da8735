//! One paragraph → justified lines of positioned glyphs: per-character font fallback, greedy line filling
//! on the opportunities of [`linebreak`](super::linebreak), punctuation compression only where a line must
//! absorb a closing mark (clreq §1.2), and even distribution of the leftover width (clreq §1.4).

use super::linebreak::break_opportunities;
use crate::diag::Error;
use crate::fonts::{Face, FontBook, Synthetic};
use crate::style::Align;
use crate::zh::chars::{is_han, is_kana, is_wide};
use crate::zh::kinsoku::{is_inseparable, is_no_line_start};
use std::collections::BTreeMap;

/// Widths are compared with this slack (points) so rounding never pushes a full line over.
const EPS: f32 = 0.01;

/// One character to set, as the flow asks for it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StyledChar {
    /// The character.
    pub ch: char,
    /// The face wanted; the font book may substitute a fallback per character.
    pub face: Face,
    /// What the renderer adds to the face (synthetic bold or slant).
    pub synthetic: Synthetic,
    /// Type size in points.
    pub size_pt: f32,
    /// Extra advance after every glyph (negative on the gongwen grid, where 28 cells fill 156 mm).
    pub tracking_pt: f32,
}

impl StyledChar {
    /// `ch` in `face` as its file draws it, nothing synthesised.
    pub fn plain(ch: char, face: Face, size_pt: f32, tracking_pt: f32) -> Self {
        StyledChar { ch, face, synthetic: Synthetic::default(), size_pt, tracking_pt }
    }
}

/// A glyph placed on a line.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The character it shows.
    pub ch: char,
    /// The face that draws it (after fallback).
    pub face: Face,
    /// Glyph id in that face; `None` when no face covers the character (drawn as `.notdef`, reported).
    pub gid: Option<u16>,
    /// What the renderer adds to the face.
    pub synthetic: Synthetic,
    /// Type size in points.
    pub size_pt: f32,
    /// Left edge of the glyph, in points from the paragraph box's left edge.
    pub x_pt: f32,
    /// The distance to the next glyph's natural position after compression and justification.
    pub advance_pt: f32,
    /// The glyph's own advance in the font, in ems (what a PDF viewer advances by before adjustments).
    pub width_em: f32,
}

/// One set line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// Its glyphs, left to right.
    pub glyphs: Vec<Glyph>,
}

impl Line {
    /// The characters of the line.
    pub fn text(&self) -> String {
        self.glyphs.iter().map(|g| g.ch).collect()
    }

    /// Right edge of the rightmost glyph's advance, in points from the box's left edge.
    pub fn right_pt(&self) -> f32 {
        // Not always the last glyph: a right-to-left run is drawn from right to left.
        self.glyphs.iter().map(|g| g.x_pt + g.advance_pt).reduce(f32::max).unwrap_or(0.0)
    }

    /// Left edge of the leftmost glyph.
    pub fn left_pt(&self) -> f32 {
        self.glyphs.iter().map(|g| g.x_pt).reduce(f32::min).unwrap_or(0.0)
    }

    /// Largest type size on the line (0 when empty).
    pub fn size_pt(&self) -> f32 {
        self.glyphs.iter().map(|g| g.size_pt).fold(0.0, f32::max)
    }
}

/// How a paragraph's lines are measured and aligned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParagraphSpec {
    /// Width of the box (the type area, or a table cell).
    pub width_pt: f32,
    /// Left indent of every line.
    pub left_pt: f32,
    /// Right indent of every line.
    pub right_pt: f32,
    /// Extra indent of the first line (negative for a hanging indent).
    pub first_indent_pt: f32,
    /// Alignment; `Justify` sets every line but the last (and those ended by a forced break) flush both sides.
    pub align: Align,
    /// Text sits on a character grid (gongwen: 28 cells a line): every character keeps its whole cell, so
    /// adjacent punctuation is not compressed and no Han–Latin gaps are added.
    pub on_grid: bool,
}

/// Where a character is blank in its em box (GB style, TYPOGRAPHY.md §1.2): that half can be removed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Blank {
    None,
    Left,
    Right,
}

fn blank_side(ch: char) -> Blank {
    match ch {
        '，' | '。' | '、' | '：' | '；' | '！' | '？' | '）' | '】' | '》' | '」' | '』' | '〕' | '］'
        | '｝' | '〉' | '〗' | '”' | '’' | '．' => Blank::Right,
        '（' | '【' | '《' | '「' | '『' | '〔' | '［' | '｛' | '〈' | '〖' | '“' | '‘' => {
            Blank::Left
        }
        _ => Blank::None,
    }
}

/// A character measured in its resolved face.
#[derive(Debug, Clone)]
struct Measured {
    ch: char,
    face: Face,
    gid: Option<u16>,
    synthetic: Synthetic,
    size_pt: f32,
    width_em: f32,
    advance_pt: f32,
    /// How much of the advance punctuation compression may remove.
    shrink_pt: f32,
    blank: Blank,
    /// Blank removed for good from the glyph's left side (adjacent punctuation): its ink moves left.
    cut_left_pt: f32,
    /// Han–Latin gap after the glyph, included in `advance_pt` (¼ em, shrinkable to ⅛, stretchable to ⅜);
    /// dropped when the glyph ends a line.
    gap_pt: f32,
}

/// Han–Latin spacing (clreq §3.2.2, TYPOGRAPHY.md §1.5): the natural gap, in ems.
const HAN_LATIN_GAP_EM: f32 = 0.25;

/// Whether `ch` is an ideograph or kana: the side of a Han–Latin boundary that is not punctuation.
fn is_ideographic_letter(ch: char) -> bool {
    is_han(ch) || is_kana(ch)
}

/// Whether `ch` is a Latin-script letter or digit (Greek and Cyrillic count too): the other side. Circled
/// and parenthesised numbers (①, ⑴, ❶: note markers, enumerations) are Chinese typography's own.
fn is_latin(ch: char) -> bool {
    // ASCII answered directly, and the CJK test before the Unicode tables: most characters are one or other.
    if ch.is_ascii() {
        return ch.is_ascii_alphanumeric();
    }
    !is_wide(ch) && ch.is_alphanumeric() && !matches!(ch, '\u{2460}'..='\u{24FF}' | '\u{2776}'..='\u{2793}')
}

/// Adjacent full-width punctuation (clreq §3.1.6): two marks that would take 2 em take 1.5 em. The blank
/// half comes off the first mark's right side when it has one (`。”` `），` `」。`), else off the second's
/// left (`“（`). Then Han–Latin gaps. Neither on a character grid, where every character keeps its cell.
fn adjust_neighbours(measured: &mut [Measured], on_grid: bool) {
    if on_grid {
        return;
    }
    for i in 1..measured.len() {
        let Some((before, after)) = measured.split_at_mut_checked(i) else { continue };
        let (Some(a), Some(b)) = (before.last_mut(), after.first_mut()) else { continue };
        if a.blank != Blank::None && b.blank != Blank::None {
            if a.blank == Blank::Right && a.shrink_pt > 0.0 {
                a.advance_pt -= a.shrink_pt;
                a.shrink_pt = 0.0;
            } else if a.blank == Blank::Left && b.blank == Blank::Left && b.shrink_pt > 0.0 {
                b.advance_pt -= b.shrink_pt;
                b.cut_left_pt = b.shrink_pt;
                b.shrink_pt = 0.0;
            }
        }
        if (is_ideographic_letter(a.ch) && is_latin(b.ch)) || (is_latin(a.ch) && is_ideographic_letter(b.ch))
        {
            let gap = HAN_LATIN_GAP_EM * a.size_pt.max(b.size_pt);
            a.gap_pt = gap;
            a.advance_pt += gap;
        }
    }
}

/// Counts characters that no face covers, so the document reports each once with its count.
pub type MissingGlyphs = BTreeMap<char, usize>;

fn measure(
    chars: &[StyledChar],
    fonts: &FontBook,
    missing: &mut MissingGlyphs,
) -> Result<Vec<Measured>, Error> {
    let mut out = Vec::with_capacity(chars.len());
    for sc in chars {
        let m = match fonts.resolve_glyph(sc.face, sc.ch)? {
            Some((file, info)) => {
                let gid = Some(info.id);
                let em = file.em(info).unwrap_or(1.0);
                let advance_pt = em * sc.size_pt + sc.tracking_pt;
                let blank = if em > 0.9 { blank_side(sc.ch) } else { Blank::None };
                let shrink_pt = if blank == Blank::None { 0.0 } else { advance_pt / 2.0 };
                Measured {
                    ch: sc.ch,
                    face: file.face(),
                    gid,
                    synthetic: sc.synthetic,
                    size_pt: sc.size_pt,
                    width_em: em,
                    advance_pt,
                    shrink_pt,
                    blank,
                    cut_left_pt: 0.0,
                    gap_pt: 0.0,
                }
            }
            None => {
                // Control characters are not glyphs; everything else uncovered is reported, never dropped.
                if !sc.ch.is_control() {
                    *missing.entry(sc.ch).or_insert(0) += 1;
                }
                Measured {
                    ch: sc.ch,
                    face: sc.face,
                    gid: None,
                    synthetic: sc.synthetic,
                    size_pt: sc.size_pt,
                    width_em: 1.0,
                    advance_pt: sc.size_pt + sc.tracking_pt,
                    shrink_pt: 0.0,
                    blank: Blank::None,
                    cut_left_pt: 0.0,
                    gap_pt: 0.0,
                }
            }
        };
        out.push(m);
    }
    Ok(out)
}

/// Breaks and sets one paragraph. `\n` in `chars` is a forced line break.
pub fn set_paragraph(
    chars: &[StyledChar],
    spec: &ParagraphSpec,
    fonts: &FontBook,
    missing: &mut MissingGlyphs,
) -> Result<Vec<Line>, Error> {
    let mut measured = measure(chars, fonts, missing)?;
    adjust_neighbours(&mut measured, spec.on_grid);
    let plain: Vec<char> = measured.iter().map(|m| m.ch).collect();
    let allowed = break_opportunities(&plain);
    let can_break_before = |k: usize| allowed.get(k).copied().unwrap_or(true);
    let n = measured.len();
    // First the breaks, (start, end, next, ends the paragraph or a forced break), then the lines.
    let mut breaks: Vec<(usize, usize, usize, bool)> = Vec::new();
    let mut start = 0;
    let mut first = true;
    while start < n || (first && n == 0) {
        // A line never starts with the spaces it was broken at (a forced break keeps them: they were typed).
        if !first && plain.get(start.wrapping_sub(1)) != Some(&'\n') {
            while plain.get(start) == Some(&' ') {
                start += 1;
            }
            if start >= n {
                break;
            }
        }
        let avail = available(spec, first);
        let mut x = 0.0;
        let mut i = start;
        // Fill greedily; trailing spaces may overhang because they are trimmed.
        while let Some(m) = measured.get(i) {
            // A glyph fits if it does without its Han–Latin gap, which a line end drops.
            if m.ch == '\n' || (x + m.advance_pt - m.gap_pt > avail + EPS && m.ch != ' ') {
                break;
            }
            x += m.advance_pt;
            i += 1;
        }
        let (end, next, last) = if i >= n {
            (n, n, true)
        } else if plain.get(i) == Some(&'\n') {
            (i, i + 1, true)
        } else {
            let end = choose_break(&measured, &plain, start, i, avail, &can_break_before);
            (end, end, false)
        };
        breaks.push((start, end, next, last));
        first = false;
        if n == 0 {
            break;
        }
        start = next;
    }
    if spec.align == Align::Center && breaks.len() > 1 {
        balance_centred(&mut breaks, &measured, &plain, spec, &can_break_before);
    } else {
        avoid_orphan(&mut breaks, &measured, spec, &can_break_before);
    }
    // A paragraph may be millions of characters long: what only the breaking needed goes before the lines
    // are made.
    drop(allowed);
    drop(plain);
    let lines = breaks
        .iter()
        .enumerate()
        .map(|(k, &(start, end, _, last))| {
            let indent = if k == 0 { spec.first_indent_pt } else { 0.0 };
            let slice = measured.get(start..end).unwrap_or(&[]);
            set_line(slice, spec, indent, available(spec, k == 0), !last && spec.align == Align::Justify)
        })
        .collect();
    Ok(lines)
}

fn available(spec: &ParagraphSpec, first: bool) -> f32 {
    let indent = if first { spec.first_indent_pt } else { 0.0 };
    spec.width_pt - spec.left_pt - spec.right_pt - indent
}

/// clreq §1.6: the last line of a paragraph should not hold a single character (plus punctuation). Pull one
/// more character down from the line before, which is then justified a little looser.
fn avoid_orphan(
    breaks: &mut [(usize, usize, usize, bool)],
    measured: &[Measured],
    spec: &ParagraphSpec,
    can_break_before: &dyn Fn(usize) -> bool,
) {
    let count = breaks.len();
    if count < 2 {
        return;
    }
    let (Some(&(p_start, p_end, _, p_last)), Some(&(l_start, l_end, l_next, true))) =
        (breaks.get(count - 2), breaks.get(count - 1))
    else {
        return;
    };
    let Some(last_slice) = measured.get(l_start..l_end) else { return };
    let letters = last_slice.iter().filter(|m| !is_no_line_start(m.ch) && m.ch != ' ').count();
    if p_last || p_end != l_start || letters != 1 || last_slice.len() > 3 {
        return;
    }
    // The latest opportunity before the previous line's end that leaves it at least half full.
    let mut k = p_end.saturating_sub(1);
    while k > p_start + (p_end - p_start) / 2 {
        if can_break_before(k) {
            let Some(moved) = measured.get(k..l_end) else { return };
            let width: f32 = moved.iter().map(|m| m.advance_pt).sum();
            if width <= available(spec, false) + EPS {
                if let Some(prev) = breaks.get_mut(count - 2) {
                    prev.1 = k;
                    prev.2 = k;
                }
                if let Some(last) = breaks.get_mut(count - 1) {
                    *last = (k, l_end, l_next, true);
                }
            }
            return;
        }
        k -= 1;
    }
}

/// Centred paragraphs longer than this many characters keep their greedy breaks (balancing is quadratic).
const BALANCE_MAX_CHARS: usize = 400;

/// Whether a break after `ch` falls between phrases: after a pause or stop mark, a closing mark or a space.
fn ends_phrase(ch: char) -> bool {
    matches!(ch, '，' | '、' | '；' | '：' | '。' | '！' | '？' | '）' | '】' | '》')
        || matches!(ch, '」' | '』' | '”' | '’' | ' ')
}

/// Titles and centred headings (GB/T 9704 §7.3.1: "keep words whole, keep it symmetric"): the same number
/// of lines as greedy filling, but broken between phrases where the text allows it, and otherwise as evenly
/// as possible, so that a heading never ends in a stub such as `作质量和水平` under a full line.
fn balance_centred(
    breaks: &mut Vec<(usize, usize, usize, bool)>,
    measured: &[Measured],
    plain: &[char],
    spec: &ParagraphSpec,
    can_break_before: &dyn Fn(usize) -> bool,
) {
    let n = measured.len();
    let lines = breaks.len();
    // Forced breaks are the author's: leave such paragraphs alone.
    if n > BALANCE_MAX_CHARS || plain.contains(&'\n') {
        return;
    }
    let mut prefix = Vec::with_capacity(n + 1);
    prefix.push(0.0f32);
    for m in measured {
        prefix.push(prefix.last().copied().unwrap_or(0.0) + m.advance_pt);
    }
    // The natural width of the line [s, e): trailing spaces are not set, nor the last glyph's Han–Latin gap.
    let width = |s: usize, e: usize| -> f32 {
        let mut end = e;
        while end > s && plain.get(end - 1) == Some(&' ') {
            end -= 1;
        }
        let gap = measured.get(end.wrapping_sub(1)).map_or(0.0, |m| m.gap_pt);
        prefix.get(end).copied().unwrap_or(0.0) - prefix.get(s).copied().unwrap_or(0.0) - gap
    };
    let skip_spaces = |mut k: usize| {
        while plain.get(k) == Some(&' ') {
            k += 1;
        }
        k
    };
    // best[l][s]: the best way to set the text from `s` on in exactly `l` lines, as (breaks inside
    // phrases, widest line, first break). Lexicographic: whole phrases first, then balance.
    type Best = Option<(usize, f32, usize)>;
    let mut best: Vec<Vec<Best>> = vec![vec![None; n + 1]; lines + 1];
    for s in 0..n {
        let w = width(s, n);
        if w <= available(spec, s == 0) + EPS {
            if let Some(slot) = best.get_mut(1).and_then(|row| row.get_mut(s)) {
                *slot = Some((0, w, n));
            }
        }
    }
    for l in 2..=lines {
        for s in 0..n {
            let avail = available(spec, s == 0);
            let mut choice: Best = None;
            for k in s + 1..n {
                if !can_break_before(k) {
                    continue;
                }
                let w = width(s, k);
                if w > avail + EPS {
                    break;
                }
                let Some(&Some((inside, widest, _))) =
                    best.get(l - 1).and_then(|row| row.get(skip_spaces(k)))
                else {
                    continue;
                };
                let phrase = plain.get(k - 1).is_some_and(|&c| ends_phrase(c));
                let candidate = (inside + usize::from(!phrase), widest.max(w), k);
                let better = match choice {
                    None => true,
                    Some((i, w0, _)) => (candidate.0, candidate.1) < (i, w0 - EPS),
                };
                if better {
                    choice = Some(candidate);
                }
            }
            if let Some(slot) = best.get_mut(l).and_then(|row| row.get_mut(s)) {
                *slot = choice;
            }
        }
    }
    let mut out = Vec::with_capacity(lines);
    let mut start = 0;
    for l in (1..=lines).rev() {
        let Some(&Some((_, _, end))) = best.get(l).and_then(|row| row.get(start)) else { return };
        let next = if l == 1 { n } else { skip_spaces(end) };
        out.push((start, end, next, l == 1));
        start = next;
    }
    *breaks = out;
}

/// The end (exclusive) of a line that starts at `start` and overflows at `overflow`.
fn choose_break(
    measured: &[Measured],
    plain: &[char],
    start: usize,
    overflow: usize,
    avail: f32,
    can_break_before: &dyn Fn(usize) -> bool,
) -> usize {
    // Pull up: one or two closing marks that may not start the next line go onto this one if compressing
    // the line's punctuation makes room (clreq prefers this to pushing a character down).
    let mut j = overflow;
    while j < plain.len() && j < overflow + 2 && plain.get(j).is_some_and(|&c| is_no_line_start(c)) {
        j += 1;
    }
    let ends_cleanly = j >= plain.len() || plain.get(j) == Some(&'\n') || can_break_before(j);
    if j > overflow && ends_cleanly {
        if let Some(slice) = measured.get(start..j) {
            let natural: f32 =
                slice.iter().map(|m| m.advance_pt).sum::<f32>() - slice.last().map_or(0.0, |m| m.gap_pt);
            let shrink: f32 = slice.iter().map(|m| m.shrink_pt + m.gap_pt / 2.0).sum();
            if natural - shrink <= avail + EPS
                && slice.iter().rev().take(j - overflow).all(|m| m.shrink_pt > 0.0)
            {
                return j;
            }
        }
    }
    // Push down: the last opportunity at or before the overflowing character.
    let mut k = overflow;
    while k > start {
        if can_break_before(k) {
            return k;
        }
        k -= 1;
    }
    // No opportunity at all (a very long Latin word): break where it overflows, at least one character.
    overflow.max(start + 1)
}

/// Positions the glyphs of one line: compression if it is over-full, even spacing if it must be justified.
fn set_line(slice: &[Measured], spec: &ParagraphSpec, indent: f32, avail: f32, justify: bool) -> Line {
    // Trailing spaces are not set.
    let mut used = slice.len();
    while used > 0 && slice.get(used - 1).is_some_and(|m| m.ch == ' ' || m.ch == '\n') {
        used -= 1;
    }
    let slice = slice.get(..used).unwrap_or(&[]);
    // A Han–Latin gap never ends a line (clreq: not at line start or end). Advances and gaps per glyph are
    // computed where used rather than collected: this runs for every line of every document.
    let last = slice.len().wrapping_sub(1);
    let advance_of = |i: usize, m: &Measured| if i == last { m.advance_pt - m.gap_pt } else { m.advance_pt };
    let gap_of = |i: usize, m: &Measured| if i == last { 0.0 } else { m.gap_pt };
    let gaps = || slice.iter().enumerate().map(|(i, m)| gap_of(i, m));
    let natural: f32 = slice.iter().enumerate().map(|(i, m)| advance_of(i, m)).sum();
    // Per glyph: what compression removes (and, for a left-blank mark, moves its ink by), what expansion adds.
    let mut shrink = vec![0.0f32; slice.len()];
    let mut extra = vec![0.0f32; slice.len()];
    let mut width = natural;
    if natural > avail + EPS {
        // Shrink, in clreq's order: the line-end mark to half width (GB/T 15834 §5.1.10), then the other
        // compressible marks in proportion to what each can give, then Han–Latin gaps down to ⅛ em.
        let mut deficit = natural - avail;
        if let (Some(last), Some(s)) = (slice.last(), shrink.last_mut()) {
            *s = last.shrink_pt.min(deficit);
            deficit -= *s;
        }
        let count = slice.len().saturating_sub(1);
        let rest: f32 = slice.iter().take(count).map(|m| m.shrink_pt).sum();
        if deficit > 0.0 && rest > 0.0 {
            let ratio = (deficit / rest).min(1.0);
            for (m, s) in slice.iter().zip(shrink.iter_mut()).take(count) {
                *s = m.shrink_pt * ratio;
            }
            deficit -= rest * ratio;
        }
        let gap_room: f32 = gaps().map(|g| g / 2.0).sum();
        if deficit > 0.0 && gap_room > 0.0 {
            let ratio = (deficit / gap_room).min(1.0);
            for (e, g) in extra.iter_mut().zip(gaps()) {
                *e = -g / 2.0 * ratio;
            }
        }
        width = natural - shrink.iter().sum::<f32>() + extra.iter().sum::<f32>();
    } else if justify && slice.len() > 1 {
        // Stretch: Han–Latin gaps first, up to ⅜ em, then every gap between characters evenly, except inside
        // Latin words and numbers and inside —— / …… (clreq §1.4).
        let mut surplus = avail - natural;
        let gap_room: f32 = gaps().map(|g| g / 2.0).sum();
        if gap_room > 0.0 {
            let ratio = (surplus / gap_room).min(1.0);
            for (e, g) in extra.iter_mut().zip(gaps()) {
                *e = g / 2.0 * ratio;
            }
            surplus -= gap_room * ratio;
        }
        let stretchable = || {
            slice.windows(2).map(|w| match w {
                [a, b] => {
                    !is_inseparable(a.ch, b.ch)
                        && (is_wide(a.ch) || is_wide(b.ch) || a.ch == ' ' || b.ch == ' ')
                }
                _ => false,
            })
        };
        let mut count = stretchable().filter(|&s| s).count();
        let all = count == 0;
        if all {
            count = slice.len().saturating_sub(1);
        }
        if count > 0 && surplus > 0.0 {
            let each = surplus / count as f32;
            for (e, s) in extra.iter_mut().zip(stretchable()) {
                if s || all {
                    *e += each;
                }
            }
        }
        width = avail;
    }
    // A centred line ending in a mark blank on its right (`，` `。` `”`) is centred on its ink, as if that
    // blank half were trimmed (GB/T 15834 §5.1.10), so it does not look pushed left.
    let trailing_blank = slice.last().zip(shrink.last()).map_or(0.0, |(m, s)| {
        if m.blank == Blank::Right {
            m.shrink_pt - s
        } else {
            0.0
        }
    });
    let offset = match spec.align {
        Align::Center => (avail - width + trailing_blank) / 2.0,
        Align::Right => avail - width,
        Align::Justify | Align::Left => 0.0,
    };
    let mut pen = spec.left_pt + indent + offset;
    let mut glyphs = Vec::with_capacity(slice.len());
    for (i, ((m, s), e)) in slice.iter().zip(&shrink).zip(&extra).enumerate() {
        let natural = advance_of(i, m);
        // A mark blank on its left loses that side: its ink moves left with the pen.
        let cut = m.cut_left_pt + if m.blank == Blank::Left { *s } else { 0.0 };
        let x = pen - cut;
        let advance = natural - s + e;
        glyphs.push(Glyph {
            ch: m.ch,
            face: m.face,
            gid: m.gid,
            synthetic: m.synthetic,
            size_pt: m.size_pt,
            x_pt: x,
            advance_pt: advance,
            width_em: m.width_em,
        });
        pen += advance;
    }
    draw_right_to_left(&mut glyphs);
    Line { glyphs }
}

/// Whether `ch` belongs to a right-to-left script: Hebrew, Arabic, Syriac, Thaana, N'Ko and the rest of
/// U+0590–U+08FF, their presentation forms, and the right-to-left scripts of the supplementary planes.
fn is_right_to_left(ch: char) -> bool {
    matches!(ch as u32, 0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFC | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF)
}

/// Draws each right-to-left run of a set line from right to left, as a reader of it reads: the glyphs keep
/// their order (the text order, which links and notes count in) and trade places within the span the run
/// takes. A run is right-to-left characters and what stands between two of them but is neither a letter,
/// a digit nor Chinese (spaces, punctuation, marks). Not the whole Unicode bidirectional algorithm: no
/// bundled face draws these scripts (their glyphs are reported and drawn as boxes), but the boxes come in
/// reading order, and text extraction, which reads a line in the order it is drawn, gives the text back.
fn draw_right_to_left(glyphs: &mut [Glyph]) {
    let mut start = 0;
    while start < glyphs.len() {
        if !glyphs.get(start).is_some_and(|g| is_right_to_left(g.ch)) {
            start += 1;
            continue;
        }
        // The run ends at its last right-to-left glyph before a letter, digit or Chinese character.
        let mut end = start;
        let mut k = start + 1;
        while let Some(g) = glyphs.get(k) {
            if is_right_to_left(g.ch) {
                end = k;
            } else if g.ch.is_alphanumeric() || is_wide(g.ch) {
                break;
            }
            k += 1;
        }
        if let (Some(first), Some(last)) = (glyphs.get(start), glyphs.get(end)) {
            let span = first.x_pt + last.x_pt + last.advance_pt;
            for g in glyphs.get_mut(start..=end).unwrap_or_default() {
                g.x_pt = span - g.x_pt - g.advance_pt;
            }
        }
        start = end + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::zh::kinsoku::is_no_line_end;

    fn chars(text: &str, size: f32, tracking: f32) -> Vec<StyledChar> {
        text.chars().map(|ch| StyledChar::plain(ch, Face::Fang, size, tracking)).collect()
    }

    fn spec(width: f32, indent: f32) -> ParagraphSpec {
        ParagraphSpec {
            width_pt: width,
            left_pt: 0.0,
            right_pt: 0.0,
            first_indent_pt: indent,
            align: Align::Justify,
            on_grid: false,
        }
    }

    const SAMPLE: &str = "今天，市委召开人大工作会议，主要任务是深入学习贯彻习近平法治思想和习近平总书记关于坚持和完善人民代表大会制度的重要思想，认真贯彻落实中央、省委人大工作会议精神（简称“两个精神”），对我市人大工作进行安排部署——更好地把人大制度优势转化为治理效能……为我市在全方位推动高质量发展中走在全省第一方阵广泛凝聚智慧和力量。";

    #[test]
    fn no_line_starts_with_a_closing_mark_or_ends_with_an_opening_one() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        // Many widths, so that every character of the sample lands at a line boundary somewhere.
        for cells in 5..40 {
            let width = cells as f32 * 16.0 + 3.0;
            let lines = set_paragraph(&chars(SAMPLE, 16.0, 0.0), &spec(width, 32.0), &book, &mut missing)
                .expect("fonts");
            let joined: String = lines.iter().map(Line::text).collect();
            assert_eq!(joined, SAMPLE, "text kept at width {width}");
            for pair in lines.windows(2) {
                let (a, b) = (pair[0].text(), pair[1].text());
                let first = b.chars().next().expect("non-empty line");
                let last = a.chars().last().expect("non-empty line");
                assert!(!is_no_line_start(first), "line starts with {first}: {b}");
                assert!(!is_no_line_end(last), "line ends with {last}: {a}");
                assert!(!is_inseparable(last, first), "split {last}|{first}");
            }
            for line in &lines {
                assert!(line.right_pt() <= width + 0.05, "overfull line {} at {width}", line.text());
            }
        }
    }

    #[test]
    fn justified_lines_fill_the_width() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let text = format!("{SAMPLE}Typst 0.13 与 Word 2019 的比较。{SAMPLE}");
        for width in [200.0, 333.3, 447.0] {
            let lines = set_paragraph(&chars(&text, 16.0, 0.0), &spec(width, 32.0), &book, &mut missing)
                .expect("fonts");
            assert!(lines.len() > 2);
            for line in &lines[..lines.len() - 1] {
                assert!(
                    (line.right_pt() - width).abs() < 0.1,
                    "{} ends at {} of {width}",
                    line.text(),
                    line.right_pt()
                );
            }
        }
    }

    #[test]
    fn a_full_gongwen_line_holds_28_characters() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let width = 156.0 / 25.4 * 72.0;
        let pitch = width / 28.0;
        let text: String = "国".repeat(100);
        let lines =
            set_paragraph(&chars(&text, 16.0, pitch - 16.0), &spec(width, 2.0 * pitch), &book, &mut missing)
                .expect("fonts");
        assert_eq!(lines[0].glyphs.len(), 26, "first line: 2 cells of indent");
        assert_eq!(lines[1].glyphs.len(), 28);
        assert!((lines[1].right_pt() - width).abs() < 0.1);
    }

    #[test]
    fn a_closing_mark_is_pulled_up_by_compression() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        // Ten and a half cells wide: the tenth character is followed by 。 which may not start the next line.
        let lines = set_paragraph(
            &chars("一二三四五六七八九十。后面", 16.0, 0.0),
            &spec(168.0, 0.0),
            &book,
            &mut missing,
        )
        .expect("fonts");
        assert_eq!(lines[0].text(), "一二三四五六七八九十。");
        assert!(lines[0].right_pt() <= 168.05);
    }

    #[test]
    fn the_last_line_never_holds_a_lone_character() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        // Eleven characters and a stop in ten cells: greedy filling would leave 十。 alone.
        let lines = set_paragraph(
            &chars("一二三四五六七八九十甲。", 16.0, 0.0),
            &spec(160.0, 0.0),
            &book,
            &mut missing,
        )
        .expect("fonts");
        assert_eq!(lines.len(), 2);
        assert!(lines[1].glyphs.len() >= 3, "last line: {}", lines[1].text());
        assert!((lines[0].right_pt() - 160.0).abs() < 0.1, "the shortened line is still justified");
    }

    fn centred(width: f32) -> ParagraphSpec {
        ParagraphSpec { align: Align::Center, ..spec(width, 0.0) }
    }

    #[test]
    fn a_centred_heading_breaks_between_phrases_not_inside_a_word() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        // 26 characters in 20 cells: greedy filling leaves 作质量和水平 under a full line.
        let text = "主动服务大局，彰显担当作为，全面提升人大工作质量和水平";
        let lines =
            set_paragraph(&chars(text, 16.0, 0.0), &centred(320.0), &book, &mut missing).expect("fonts");
        let texts: Vec<String> = lines.iter().map(Line::text).collect();
        assert_eq!(texts, ["主动服务大局，彰显担当作为，", "全面提升人大工作质量和水平"]);
        // Both lines centred in the box, the first on its ink: the blank half of its final ， does not count.
        for line in &lines {
            let last = line.glyphs.last().expect("glyph");
            let blank = if last.ch == '，' { 8.0 } else { 0.0 };
            let ink_right = last.x_pt + last.width_em * 16.0 - blank;
            let margin_left = line.left_pt();
            assert!((margin_left - (320.0 - ink_right)).abs() < 0.01, "{}", line.text());
        }
    }

    #[test]
    fn a_centred_title_without_phrase_breaks_is_balanced() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let text = "关于做好冬季校园安全工作和寒假期间学生安全教育的通知";
        let lines =
            set_paragraph(&chars(text, 16.0, 0.0), &centred(320.0), &book, &mut missing).expect("fonts");
        assert_eq!(lines.len(), 2);
        let (a, b) = (lines[0].glyphs.len(), lines[1].glyphs.len());
        assert!(a.abs_diff(b) <= 1, "{} / {}", lines[0].text(), lines[1].text());
        assert_eq!(lines.iter().map(Line::text).collect::<String>(), text);
    }

    #[test]
    fn a_centred_line_that_fits_is_left_whole() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let lines = set_paragraph(
            &chars("在市委人大工作会议上的讲话", 16.0, 0.0),
            &centred(320.0),
            &book,
            &mut missing,
        )
        .expect("fonts");
        assert_eq!(lines.len(), 1);
        assert!((lines[0].left_pt() - (320.0 - 13.0 * 16.0) / 2.0).abs() < 0.01);
    }

    #[test]
    fn the_first_line_is_indented_two_ems_and_the_others_are_flush() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        for size in [10.5, 12.0, 16.0] {
            let lines =
                set_paragraph(&chars(SAMPLE, size, 0.0), &spec(20.0 * size, 2.0 * size), &book, &mut missing)
                    .expect("fonts");
            assert!((lines[0].left_pt() - 2.0 * size).abs() < 0.01, "first line at {}", lines[0].left_pt());
            assert!((lines[0].right_pt() - 20.0 * size).abs() < 0.1, "and still flush right");
            for line in &lines[1..] {
                assert!(line.left_pt().abs() < 0.01, "{} at {}", line.text(), line.left_pt());
            }
        }
        // A hanging indent (lists): the first line sticks out, the rest are indented.
        let hanging = ParagraphSpec { left_pt: 24.0, first_indent_pt: -24.0, ..spec(240.0, 0.0) };
        let lines = set_paragraph(&chars(SAMPLE, 12.0, 0.0), &hanging, &book, &mut missing).expect("fonts");
        assert!(lines[0].left_pt().abs() < 0.01);
        assert!(lines[1..].iter().all(|l| (l.left_pt() - 24.0).abs() < 0.01));
    }

    #[test]
    fn characters_no_face_covers_are_counted() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let lines =
            set_paragraph(&chars("私\u{E000}有\u{E000}", 16.0, 0.0), &spec(300.0, 0.0), &book, &mut missing)
                .expect("fonts");
        assert_eq!(missing.get(&'\u{E000}'), Some(&2));
        assert_eq!(lines[0].text(), "私\u{E000}有\u{E000}", "kept in the text layer");
    }

    fn left(width: f32) -> ParagraphSpec {
        ParagraphSpec { align: Align::Left, ..spec(width, 0.0) }
    }

    fn advance_of(line: &Line, ch: char) -> f32 {
        line.glyphs.iter().find(|g| g.ch == ch).map(|g| g.advance_pt).expect("glyph present")
    }

    #[test]
    fn adjacent_full_width_marks_take_one_and_a_half_em() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        for pair in ["。”", "），", "」。", "，“", "）（"] {
            let text = format!("甲{pair}乙");
            let lines =
                set_paragraph(&chars(&text, 16.0, 0.0), &left(400.0), &book, &mut missing).expect("fonts");
            let g = &lines[0].glyphs;
            let pair_width = g[3].x_pt - g[1].x_pt;
            assert!((pair_width - 24.0).abs() < 0.01, "{pair}: {pair_width}");
        }
        // Two opening marks: the second loses its blank left half, and its ink moves left with it.
        let lines =
            set_paragraph(&chars("甲“（乙", 16.0, 0.0), &left(400.0), &book, &mut missing).expect("fonts");
        let g = &lines[0].glyphs;
        assert!((g[3].x_pt - g[1].x_pt - 24.0).abs() < 0.01);
        assert!((g[2].x_pt - (g[1].x_pt + 8.0)).abs() < 0.01, "（ drawn half an em early");
        // A single mark keeps its full em.
        let lines =
            set_paragraph(&chars("甲，乙", 16.0, 0.0), &left(400.0), &book, &mut missing).expect("fonts");
        assert!((advance_of(&lines[0], '，') - 16.0).abs() < 0.01);
    }

    #[test]
    fn a_grid_keeps_every_cell_whole() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let spec = ParagraphSpec { on_grid: true, ..left(400.0) };
        let lines =
            set_paragraph(&chars("甲。”乙Word丙", 16.0, 0.0), &spec, &book, &mut missing).expect("fonts");
        assert!((advance_of(&lines[0], '。') - 16.0).abs() < 0.01);
        assert!((advance_of(&lines[0], '乙') - 16.0).abs() < 0.01, "no Han–Latin gap on a grid");
    }

    #[test]
    fn han_and_latin_are_spaced_a_quarter_em_but_not_at_line_edges() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let lines =
            set_paragraph(&chars("汉字Typst排版2024年", 16.0, 0.0), &left(400.0), &book, &mut missing)
                .expect("fonts");
        let g = &lines[0].glyphs;
        assert!((g[2].x_pt - g[1].x_pt - 20.0).abs() < 0.01, "字|T: 1 em + ¼ em");
        let t = g.iter().position(|x| x.ch == 't').expect("t");
        assert!((g[t + 1].x_pt - g[t].x_pt - g[t].width_em * 16.0 - 4.0).abs() < 0.01, "t|排");
        let y = g.iter().position(|x| x.ch == '4').expect("4");
        assert!((g[y + 1].x_pt - g[y].x_pt - g[y].width_em * 16.0 - 4.0).abs() < 0.01, "4|年");
        // Broken right at a boundary: the first line ends flush without its gap, the next starts flush.
        let text = "一二三四五六七八九十汉字Typesetting排版";
        let lines = set_paragraph(&chars(text, 16.0, 0.0), &spec(12.0 * 16.0, 0.0), &book, &mut missing)
            .expect("fonts");
        assert_eq!(lines[0].text(), "一二三四五六七八九十汉字");
        assert!((lines[0].right_pt() - 192.0).abs() < 0.05, "justified without a trailing gap");
        let step = lines[0].glyphs[1].x_pt - lines[0].glyphs[0].x_pt;
        assert!((step - 16.0).abs() < 0.01, "the dropped gap is not spread over the line: {step}");
        assert!(lines[1].left_pt().abs() < 0.01, "no gap at line start");
    }

    #[test]
    fn han_latin_gaps_stretch_to_three_eighths_before_other_gaps_and_shrink_to_an_eighth() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let text = "汉字ABC汉字ABC汉字DEF汉字尾巴后面还有很多很多很多很多的字";
        let natural =
            set_paragraph(&chars(text, 16.0, 0.0), &left(1000.0), &book, &mut missing).expect("fonts");
        let width_of = |line: &Line, upto: usize| line.glyphs[upto].x_pt - line.glyphs[0].x_pt;
        // Find the natural width of the first 18 glyphs (six gaps), then ask for 6 pt more: each gap +1 pt.
        let w18 = width_of(&natural[0], 18);
        let lines =
            set_paragraph(&chars(text, 16.0, 0.0), &spec(w18 + 6.0 + 0.001, 0.0), &book, &mut missing)
                .expect("fonts");
        assert_eq!(lines[0].glyphs.len(), 18, "{}", lines[0].text());
        let g = &lines[0].glyphs;
        assert!(
            (g[2].x_pt - g[1].x_pt - 21.0).abs() < 0.01,
            "gap stretched by 1 pt: {}",
            g[2].x_pt - g[1].x_pt
        );
        assert!((g[1].x_pt - g[0].x_pt - 16.0).abs() < 0.01, "Han pairs untouched while gaps can stretch");
        // 6 pt less than natural: the gaps (6 × 4 pt, shrinkable by 12 pt) give it, no mark to compress.
        let lines =
            set_paragraph(&chars(text, 16.0, 0.0), &spec(w18 - 6.0 + 0.001, 0.0), &book, &mut missing)
                .expect("fonts");
        let g = &lines[0].glyphs;
        if lines[0].glyphs.len() == 18 {
            assert!((g[2].x_pt - g[1].x_pt - 19.0).abs() < 0.01, "gap shrunk by 1 pt");
        }
    }

    #[test]
    fn a_line_end_mark_is_trimmed_only_when_the_line_needs_it() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let text = "一二三四五六七八九十。后面的文字";
        let lines =
            set_paragraph(&chars(text, 16.0, 0.0), &spec(168.0, 0.0), &book, &mut missing).expect("fonts");
        assert_eq!(lines[0].text(), "一二三四五六七八九十。");
        assert!((advance_of(&lines[0], '。') - 8.0).abs() < 0.01, "half width at line end");
        assert!((lines[0].right_pt() - 168.0).abs() < 0.05);
        // With room to spare the mark keeps its em and the line is stretched instead.
        let lines =
            set_paragraph(&chars(text, 16.0, 0.0), &spec(180.0, 0.0), &book, &mut missing).expect("fonts");
        assert_eq!(lines[0].text(), "一二三四五六七八九十。");
        assert!(advance_of(&lines[0], '。') >= 16.0 - 0.01);
    }

    /// A deterministic generator of random-ish Chinese paragraphs (xorshift, fixed seed): hanzi, every kind
    /// of mark alone and in clusters (`。”` `”，` `）。`), dashes and ellipses, Latin words, numbers, URLs, spaces.
    struct Generator(u64);

    impl Generator {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[(self.next() % items.len() as u64) as usize]
        }

        fn paragraph(&mut self) -> String {
            const HAN: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式";
            const CLOSING: &[&str] = &[
                "，", "。", "、", "；", "：", "？", "！", "。”", "”，", "）", "）。", "》", "」", "』。", "·",
            ];
            const OPENING: &[&str] = &["（", "“", "《", "「", "（“"];
            const OTHER: &[&str] =
                &["——", "……", "Typst", "PDF", "clreq", "2024", "3.14", "https://w3.org/TR/clreq/"];
            let han: Vec<char> = HAN.chars().collect();
            let mut text = String::new();
            let length = 40 + self.next() % 200;
            let mut opened = false;
            while (text.chars().count() as u64) < length {
                let roll = self.next() % 100;
                // Marks follow a hanzi, as in real text; an opening mark is followed by at least one hanzi.
                let after_han = text.chars().last().is_some_and(is_han);
                if roll < 62 || (!after_han && roll < 80) {
                    text.push(han[(self.next() % han.len() as u64) as usize]);
                    opened = false;
                } else if roll < 82 {
                    text.push_str(self.pick(CLOSING));
                } else if roll < 88 && !opened {
                    text.push_str(self.pick(OPENING));
                    text.push(han[(self.next() % han.len() as u64) as usize]);
                    opened = true;
                } else if roll < 96 {
                    text.push_str(self.pick(OTHER));
                } else {
                    text.push(' ');
                }
            }
            text
        }
    }

    #[test]
    fn no_line_of_thousands_of_generated_paragraphs_starts_with_a_prohibited_mark() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let mut generator = Generator(0x9E37_79B9_7F4A_7C15);
        let mut checked = 0;
        for case in 0..1500 {
            let text = generator.paragraph();
            let size = [10.5, 12.0, 16.0][case % 3];
            let width = size * (8.0 + (generator.next() % 300) as f32 / 10.0);
            let lines =
                set_paragraph(&chars(&text, size, 0.0), &spec(width, 2.0 * size), &book, &mut missing)
                    .expect("fonts");
            let joined: String = lines.iter().map(Line::text).collect();
            assert_eq!(joined.replace(' ', ""), text.replace(' ', ""), "case {case}: text kept");
            for pair in lines.windows(2) {
                let (a, b) = (pair[0].text(), pair[1].text());
                let (Some(first), Some(last)) = (b.chars().next(), a.chars().last()) else { continue };
                assert!(!is_no_line_start(first), "case {case} width {width}: line starts with {first}: {b}");
                assert!(!is_no_line_end(last), "case {case} width {width}: line ends with {last}: {a}");
                assert!(!is_inseparable(last, first), "case {case}: split {last}|{first}");
                checked += 1;
            }
            for (k, line) in lines.iter().enumerate() {
                assert!(line.right_pt() <= width + 0.05, "case {case}: overfull at {width}: {}", line.text());
                // Every line but the last is flush right within 0.1 pt.
                if k + 1 < lines.len() && line.glyphs.len() > 1 {
                    assert!(
                        (line.right_pt() - width).abs() < 0.1,
                        "case {case}: {} ends at {} of {width}",
                        line.text(),
                        line.right_pt()
                    );
                }
            }
        }
        assert!(checked > 5000, "only {checked} line breaks checked");
    }

    /// Paragraphs of the shared corpus (or the built-in sample when it is absent).
    fn corpus_paragraphs() -> Vec<String> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
        let files = ["seed-speech.txt", "gov/report-national-2025.txt", "literature/hongloumeng.txt"];
        let mut out = Vec::new();
        for f in files {
            match std::fs::read_to_string(dir.join(f)) {
                Ok(text) => out.extend(
                    text.lines().map(|l| l.trim().to_owned()).filter(|l| l.chars().count() > 30).take(60),
                ),
                Err(_) => crate::skip!("skipping {f}: shared corpus not present"),
            }
        }
        if out.is_empty() {
            out.push(SAMPLE.to_owned());
        }
        out
    }

    #[test]
    fn no_line_of_any_corpus_paragraph_at_any_width_starts_with_a_prohibited_mark() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let paragraphs = corpus_paragraphs();
        let mut checked = 0;
        for (k, text) in paragraphs.iter().enumerate() {
            // A spread of widths, not multiples of the em, different for each paragraph.
            for step in 0..12 {
                let width = 90.0 + ((k * 37 + step * 53) % 400) as f32 + 0.37 * step as f32;
                let lines = set_paragraph(&chars(text, 12.0, 0.0), &spec(width, 24.0), &book, &mut missing)
                    .expect("fonts");
                let joined: String = lines.iter().map(Line::text).collect();
                let kept: String = text.chars().filter(|c| *c != ' ').collect();
                assert_eq!(joined.replace(' ', ""), kept, "text kept");
                for pair in lines.windows(2) {
                    let (a, b) = (pair[0].text(), pair[1].text());
                    let (Some(first), Some(last)) = (b.chars().next(), a.chars().last()) else { continue };
                    assert!(!is_no_line_start(first), "width {width}: line starts with {first}: {b}");
                    assert!(!is_no_line_end(last), "width {width}: line ends with {last}: {a}");
                    assert!(!is_inseparable(last, first), "split {last}|{first}");
                    checked += 1;
                }
                for line in &lines {
                    assert!(line.right_pt() <= width + 0.05, "overfull at {width}: {}", line.text());
                }
            }
        }
        assert!(checked > 100, "only {checked} line breaks checked");
    }

    #[test]
    fn a_right_to_left_run_is_drawn_from_right_to_left_in_text_order() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let text = "见שלום עולם。再见";
        let lines =
            set_paragraph(&chars(text, 10.0, 0.0), &spec(400.0, 0.0), &book, &mut missing).expect("fonts");
        let glyphs = &lines[0].glyphs;
        assert_eq!(lines[0].text(), text, "the glyphs keep the text order");
        let x = |ch: char| glyphs.iter().find(|g| g.ch == ch).map(|g| g.x_pt).expect("a glyph");
        // ש is the first letter read and the rightmost drawn; the run stays between 见 and 。.
        assert!(x('ש') > x('ל') && x('ל') > x('ו') && x('ו') > x('ם'));
        assert!(x('ש') > x('ע'), "the second word is left of the first");
        assert!(x('见') < x('ם') && x('ש') < x('。'));
        let ends: Vec<f32> = glyphs.iter().map(|g| g.x_pt + g.advance_pt).collect();
        assert!((lines[0].right_pt() - ends.iter().copied().fold(0.0, f32::max)).abs() < 1e-4);
    }
}
