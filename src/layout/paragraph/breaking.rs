//! Where the lines of a measured paragraph end: greedy filling on the opportunities of
//! [`linebreak`](crate::layout::linebreak), a closing mark pulled up by compression rather than a character
//! pushed down (clreq §1.2), no lone character on the last line (clreq §1.6), and centred titles broken
//! between phrases and balanced (GB/T 9704 §7.3.1).

use super::measure::Measured;
use super::{available, ParagraphSpec, EPS};
use crate::layout::linebreak::break_opportunities;
use crate::style::Align;
use crate::zh::kinsoku::is_no_line_start;

/// The lines of `measured`, each as (start, end, next, last): the line holds `start..end`, the text after it
/// resumes at `next` (past a forced break's `\n`), and `last` says the paragraph or a forced break ends it.
pub(super) fn line_breaks(measured: &[Measured], spec: &ParagraphSpec) -> Vec<(usize, usize, usize, bool)> {
    let plain: Vec<char> = measured.iter().map(|m| m.ch).collect();
    let allowed = break_opportunities(&plain);
    let can_break_before = |k: usize| allowed.get(k).copied().unwrap_or(true);
    let n = measured.len();
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
            let end = choose_break(measured, &plain, start, i, avail, &can_break_before);
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
        balance_centred(&mut breaks, measured, &plain, spec, &can_break_before);
    } else {
        avoid_orphan(&mut breaks, measured, spec, &can_break_before);
    }
    breaks
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::FontBook;
    use crate::layout::paragraph::fixtures::{chars, spec, SAMPLE};
    use crate::layout::paragraph::{set_paragraph, Line, MissingGlyphs};
    use crate::zh::chars::is_han;
    use crate::zh::kinsoku::{is_inseparable, is_no_line_end};

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

    /// Paragraphs (lines of more than 30 characters, at most 60 a document) of texts of four kinds kept in
    /// the repository, so the test checks the same in every clone: the project's speech, a novel chapter (水浒传
    /// 楔子: dialogue in “”), a statute (公民举报危害国家安全行为奖励办法: 《》 and ；), a Traditional Chinese
    /// novel chapter (三國演義 第一回: dialogue in 「」), and the built-in sample (—— and ……).
    fn document_paragraphs() -> Vec<String> {
        let texts = [
            crate::testdoc::SPEECH,
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/eval/train/lit-shuihu-tianyabook-xiezi.txt"
            )),
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/eval/train/law-2022-anquanbu-jubao-jiangli-banfa.txt"
            )),
            include_str!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/eval/train/hant-novel-sanguo-ch001-excerpt.txt"
            )),
            SAMPLE,
        ];
        texts
            .iter()
            .flat_map(|text| {
                text.lines().map(|l| l.trim().to_owned()).filter(|l| l.chars().count() > 30).take(60)
            })
            .collect()
    }

    #[test]
    fn no_line_of_any_document_paragraph_at_any_width_starts_with_a_prohibited_mark() {
        let book = FontBook::new(&[]);
        let mut missing = MissingGlyphs::new();
        let paragraphs = document_paragraphs();
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
}
