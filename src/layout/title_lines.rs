//! A title too long for one line, broken into lines the way GB/T 9704 §7.3.1 asks: between whole words
//! ([`crate::zh::words`]), a bracketed name (`《…》`, `（…）`) kept on one line when it fits, and lines of
//! about equal length in a trapezoid (longer above) or a diamond, not as full as the first line allows.
//! Backend-neutral: widths are counted as a grid counts them ([`crate::zh::chars::width_em`]), so the PDF,
//! the DOCX and the EPUB can set the same lines.

use crate::zh::{chars::width_em, kinsoku, words};

/// Slack on the measure, in ems: a line exactly as wide as the measure fits.
const FIT_EM: f32 = 0.01;

/// A balanced line may fall this share of the measure short of the lines' mean width; shorter ones are not
/// tried (they never win, and the search stays small).
const SHORTFALL_SHARE: f32 = 0.35;

/// What the search tries at most per line count, so that no title, however long, costs noticeable time.
const MAX_TRIES: usize = 200_000;

/// Penalties of a shape, in the units of [`words::break_costs`]: a line shorter than both its neighbours
/// (an hourglass) …
const VALLEY: f32 = 8.0;
/// … and a last line longer than every other (a trapezoid standing on its long side).
const HEAVY_FOOT: f32 = 3.0;
/// Weight of the squared distance of each line's width from the mean, per em².
const UNEVENNESS: f32 = 0.25;

/// The lines of `title` set in a measure of `measure_em` ems of the title's size: one line when it fits;
/// otherwise the fewest lines that break between words, balanced when `balanced` (GB/T 9704 §7.3.1) and
/// each as full as it can be when not. A line break written in the title is kept when every written line
/// fits and breaks between words.
pub fn title_lines(title: &str, measure_em: f32, balanced: bool) -> Vec<String> {
    let (title, written) = unbroken(title.trim());
    let chars: Vec<char> = title.chars().collect();
    let widths: Vec<f32> = chars.iter().map(|&c| width_em(c.encode_utf8(&mut [0; 4]))).collect();
    let total: f32 = widths.iter().sum();
    if total <= measure_em + FIT_EM || chars.len() < 2 {
        return vec![title];
    }
    let costs = words::break_costs(&chars);
    // Inside a bracketed name that fits on a line no line ends, while the title can break elsewhere.
    let mut strict = costs.clone();
    for span in words::bracket_spans(&chars) {
        let span_width: f32 = widths.get(span.clone()).unwrap_or(&[]).iter().sum();
        if span_width <= measure_em + FIT_EM {
            for gap in strict.get_mut(span.start + 1..span.end).unwrap_or_default() {
                *gap = None;
            }
        }
    }
    if kept(&written, &widths, &strict, measure_em) {
        return cut(&chars, written);
    }
    // Last resorts: any gap the line-breaking rules allow, then any gap at all.
    let loose: Vec<Option<u32>> = (0..=chars.len())
        .map(|g| match (g.checked_sub(1).and_then(|i| chars.get(i)), chars.get(g)) {
            (Some(&a), Some(&b)) if !kinsoku::is_no_line_start(b) && !kinsoku::is_no_line_end(a) => Some(9),
            _ => None,
        })
        .collect();
    let any: Vec<Option<u32>> = (0..=chars.len()).map(|g| (g > 0 && g < chars.len()).then_some(9)).collect();
    let fewest = (total / measure_em).ceil().max(2.0) as usize;
    let lines = [strict, costs, loose, any].iter().find_map(|gaps| {
        if balanced {
            (fewest..=fewest + 1).find_map(|count| balanced_breaks(&widths, gaps, measure_em, count))
        } else {
            full_breaks(&widths, gaps, measure_em)
        }
    });
    cut(&chars, lines.unwrap_or_else(|| every_char(chars.len())))
}

/// The lines `chars` makes broken before each of `breaks`.
fn cut(chars: &[char], breaks: Vec<usize>) -> Vec<String> {
    let mut out = Vec::new();
    let mut start = 0;
    for end in breaks.into_iter().chain([chars.len()]) {
        out.push(chars.get(start..end).unwrap_or(&[]).iter().collect::<String>().trim().to_owned());
        start = end;
    }
    out
}

/// The title on one line, and where its written lines start in it (character indices): the lines joined,
/// with a space only where a word of spaced script would otherwise run into the next (`Annual` / `Report`),
/// none between Chinese characters.
fn unbroken(title: &str) -> (String, Vec<usize>) {
    let mut out = String::new();
    let mut starts = Vec::new();
    let spaced = |c: Option<char>| c.is_some_and(|c| width_em(c.encode_utf8(&mut [0; 4])) < 1.0);
    for line in title.lines().map(str::trim).filter(|l| !l.is_empty()) {
        if !out.is_empty() {
            if spaced(out.chars().last()) && spaced(line.chars().next()) {
                out.push(' ');
            }
            starts.push(out.chars().count());
        }
        out.push_str(line);
    }
    (out, starts)
}

/// Whether the title's written line breaks are kept: there are some, each line fits, and each break falls
/// where a break between words may (`gaps`).
fn kept(breaks: &[usize], widths: &[f32], gaps: &[Option<u32>], measure_em: f32) -> bool {
    let mut start = 0;
    for &end in breaks.iter().chain([&widths.len()]) {
        let width: f32 = widths.get(start..end).unwrap_or(&[]).iter().sum();
        if width > measure_em + FIT_EM || (end < widths.len() && gaps.get(end).copied().flatten().is_none()) {
            return false;
        }
        start = end;
    }
    !breaks.is_empty()
}

/// Breaks filling each line as far as the measure and `gaps` allow.
fn full_breaks(widths: &[f32], gaps: &[Option<u32>], measure_em: f32) -> Option<Vec<usize>> {
    let mut breaks = Vec::new();
    let (mut start, mut width) = (0, 0.0);
    let mut last_fit = None;
    for (i, w) in widths.iter().enumerate() {
        if width + w > measure_em + FIT_EM {
            let at = last_fit.filter(|&g| g > start)?;
            breaks.push(at);
            width = widths.get(at..i).unwrap_or(&[]).iter().sum();
            start = at;
        }
        width += w;
        if gaps.get(i + 1).copied().flatten().is_some() {
            last_fit = Some(i + 1);
        }
    }
    Some(breaks)
}

/// The best `count - 1` breaks for lines of about equal width, each within the measure, or none when
/// `gaps` allow no such lines.
fn balanced_breaks(
    widths: &[f32],
    gaps: &[Option<u32>],
    measure_em: f32,
    count: usize,
) -> Option<Vec<usize>> {
    let total: f32 = widths.iter().sum();
    let mean = total / count as f32;
    let mut search = Search {
        widths,
        gaps,
        measure_em,
        shortest: mean - SHORTFALL_SHARE * measure_em,
        count,
        mean,
        tries: 0,
        best: None,
        current: Vec::new(),
    };
    search.from(0, 0.0);
    search.best.map(|(_, breaks)| breaks)
}

/// A depth-first search over break positions, keeping the cheapest complete set.
struct Search<'a> {
    widths: &'a [f32],
    gaps: &'a [Option<u32>],
    measure_em: f32,
    shortest: f32,
    count: usize,
    mean: f32,
    tries: usize,
    best: Option<(f32, Vec<usize>)>,
    current: Vec<usize>,
}

impl Search<'_> {
    fn from(&mut self, start: usize, cost: f32) {
        self.tries += 1;
        if self.tries > MAX_TRIES {
            return;
        }
        let n = self.widths.len();
        if self.current.len() + 1 == self.count {
            let rest: f32 = self.widths.get(start..).unwrap_or(&[]).iter().sum();
            if rest <= self.measure_em + FIT_EM && rest >= self.shortest {
                let total = cost + self.shape(rest);
                if self.best.as_ref().is_none_or(|(best, _)| total < *best) {
                    self.best = Some((total, self.current.clone()));
                }
            }
            return;
        }
        let mut width = 0.0;
        for end in start + 1..n {
            width += self.widths.get(end - 1).copied().unwrap_or(0.0);
            if width > self.measure_em + FIT_EM {
                break;
            }
            let Some(gap) = self.gaps.get(end).copied().flatten() else { continue };
            if width < self.shortest {
                continue;
            }
            self.current.push(end);
            self.from(end, cost + gap as f32);
            self.current.pop();
        }
    }

    /// What the shape of the current lines (the last of width `last`) costs.
    fn shape(&self, last: f32) -> f32 {
        let mut lines = Vec::with_capacity(self.count);
        let mut start = 0;
        for &end in &self.current {
            lines.push(self.widths.get(start..end).unwrap_or(&[]).iter().sum::<f32>());
            start = end;
        }
        lines.push(last);
        let uneven: f32 = lines.iter().map(|w| (w - self.mean).powi(2)).sum::<f32>() * UNEVENNESS;
        let valley = lines.windows(3).any(|w| w[1] + 0.5 < w[0] && w[1] + 0.5 < w[2]);
        let heavy_foot = lines.iter().rev().skip(1).all(|&w| w + 0.5 < last);
        uneven + if valley { VALLEY } else { 0.0 } + if heavy_foot { HEAVY_FOOT } else { 0.0 }
    }
}

/// A break after every character: what is left when nothing else fits (a measure narrower than a
/// two-character word).
fn every_char(n: usize) -> Vec<usize> {
    (1..n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The title lines of `title` joined by ` / `, in a measure of 20 ems (2号 on the 156 mm type area).
    fn set(title: &str) -> String {
        title_lines(title, 20.0, true).join(" / ")
    }

    #[test]
    fn a_title_that_fits_is_one_line() {
        assert_eq!(title_lines("关于做好防汛工作的通知", 20.0, true), ["关于做好防汛工作的通知"]);
    }

    #[test]
    fn the_issue_s_failures_break_between_words() {
        assert_eq!(
            set("国务院办公厅关于2019年部分节假日安排的通知"),
            "国务院办公厅关于2019年 / 部分节假日安排的通知"
        );
        assert_eq!(
            set("国务院办公厅关于湖北省巴东县地质灾害险情有关问题的复函"),
            "国务院办公厅关于湖北省巴东县 / 地质灾害险情有关问题的复函"
        );
    }

    #[test]
    fn the_source_s_own_breaks_are_kept_where_they_fall_between_words() {
        assert_eq!(
            set("国务院关于河北雄安新区\n总体规划（2018—2035年）的批复"),
            "国务院关于河北雄安新区 / 总体规划（2018—2035年）的批复"
        );
        // A written break inside a word is not kept, and leaves no space behind when the lines are set anew.
        assert_eq!(
            set("国务院办公厅关于2019\n年部分节假日安排的通知"),
            set("国务院办公厅关于2019年部分节假日安排的通知")
        );
        // A written line wider than the measure: the title is broken anew, between words.
        let lines =
            title_lines("高举中国特色社会主义伟大旗帜\n为全面建设社会主义现代化国家而团结奋斗", 16.0, true);
        assert_eq!(lines.concat(), "高举中国特色社会主义伟大旗帜为全面建设社会主义现代化国家而团结奋斗");
        // Nor one inside a cited name that fits on a line.
        assert_eq!(
            set("国务院办公厅关于印发《政府网站集约化\n试点工作方案》的通知"),
            "国务院办公厅关于印发 / 《政府网站集约化试点工作方案》的通知"
        );
        // Spaced words written over two lines keep a space between them.
        assert_eq!(title_lines("Annual\nReport", 20.0, true), ["Annual Report"]);
    }

    #[test]
    fn unbalanced_lines_fill_the_measure_between_words() {
        let lines = title_lines("国务院办公厅关于湖北省巴东县地质灾害险情有关问题的复函", 20.0, false);
        assert_eq!(lines, ["国务院办公厅关于湖北省巴东县地质灾害险情", "有关问题的复函"]);
    }

    #[test]
    fn corpus_titles_never_break_inside_a_word_or_a_name() {
        // Titles of the corpus's notices, approvals, letters and decisions that take two or more lines, each
        // with the splits GB/T 9704 forbids and an earlier version made.
        let titles = [
            ("国务院关于河北雄安新区总体规划（2018—2035年）的批复", vec!["（2018—2035年）"]),
            ("国务院办公厅关于2019年部分节假日安排的通知", vec!["2019年"]),
            ("国务院办公厅关于湖北省巴东县地质灾害险情有关问题的复函", vec!["巴东县"]),
            ("国务院办公厅关于对国务院第五次大督查发现的典型经验做法给予表扬的通报", vec!["大督查", "第五次"]),
            (
                "国务院关于在海南博鳌乐城国际医疗旅游先行区暂时调整实施《中华人民共和国药品管理法实施条例》有关规定的决定",
                vec!["《中华人民共和国药品管理法实施条例》", "先行区"],
            ),
            ("国务院办公厅对全国政协十届四次会议第4626号提案的答复", vec!["十届四次", "第4626号"]),
            ("国务院办公厅转发国家教委关于内地西藏班（校）扩大规模有关问题请示的通知", vec!["西藏班（校）"]),
            ("国务院办公厅关于国家综合性消防救援车辆悬挂应急救援专用号牌有关事项的通知", vec!["车辆", "号牌"]),
            ("国务院办公厅关于印发《政府网站集约化试点工作方案》的通知", vec!["《政府网站集约化试点工作方案》"]),
            ("国务院关于授权香港特别行政区实施管辖的深圳湾口岸港方口岸区范围和土地使用期限的批复", vec!["香港特别行政区", "深圳湾"]),
        ];
        for (title, whole) in titles {
            for balanced in [true, false] {
                let lines = title_lines(title, 20.0, balanced);
                assert!(lines.len() >= 2 && lines.concat() == title, "{lines:?}");
                assert!(lines.iter().all(|l| width_em(l) <= 20.0), "{lines:?}");
                for part in &whole {
                    assert!(lines.iter().any(|l| l.contains(part)), "{part} cut: {lines:?}");
                }
                assert!(
                    lines.iter().skip(1).all(|l| l.chars().count() > 2),
                    "no stub of one or two characters: {lines:?}"
                );
            }
        }
    }
}
