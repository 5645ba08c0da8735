//! A speech headed by its occasion (`在…会议上的讲话`) with its own title on the lines under it, then the
//! dateline in parentheses: the occasion is what a subtitle says, the lines under it the title (class 8,
//! header elements in another order than the usual title / `——occasion` / dateline).

use crate::read::plain::chars::{
    char_len, has_sentence_punct, is_layout_space, is_personal_name, parse_date_prefix,
};
use crate::read::plain::headings::marker;
use crate::read::plain::lines::Line;

use super::fields::{parse_speaker, strip_parens};

/// Words an occasion line ends with: the speech it names.
const SPEECHES: [&str; 8] = ["讲话", "講話", "致辞", "致詞", "发言", "發言", "演讲", "演講"];

/// An occasion line: `在…上的讲话`, no sentence and no clause.
pub(super) fn is_occasion(t: &str) -> bool {
    let t = t.trim_matches(is_layout_space);
    t.starts_with('在')
        && SPEECHES.iter().any(|s| t.ends_with(s))
        && char_len(t) <= 60
        && !has_sentence_punct(t)
        && !t.contains(['，', ','])
}

/// The title under an occasion: one to three short lines that are no sentence, no speaker (a name alone is
/// the speaker's line), no salutation and no numbered heading, with the dateline in parentheses right under them. The title, and its lines.
pub(super) fn title_under(lines: &[Line]) -> Option<(String, usize)> {
    let run = lines
        .iter()
        .take(3)
        .take_while(|l| {
            let t = l.text.trim_matches(is_layout_space);
            (2..=30).contains(&char_len(t))
                && !has_sentence_punct(t)
                && !t.ends_with([':', '：'])
                && parse_speaker(t).is_none()
                && !is_personal_name(t)
                && marker(t).is_none()
                && strip_parens(t).is_none()
        })
        .count();
    let dated = lines.get(run).and_then(|l| strip_parens(l.text.trim_matches(is_layout_space)));
    let dated = dated.is_some_and(|inner| parse_date_prefix(inner.trim_matches(is_layout_space)).is_some());
    (run > 0 && dated).then(|| {
        let title = lines[..run].iter().map(|l| l.text.trim_matches(is_layout_space)).collect::<String>();
        (title, run)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read::plain::read_plain;
    use crate::read::plain::tests::LONG;

    #[test]
    fn occasion_lines() {
        assert!(is_occasion("在某某县工作会议上的讲话"));
        assert!(!is_occasion("在会上，他发表了讲话"));
        assert!(!is_occasion("关于某事的通知"));
    }

    #[test]
    fn an_occasion_over_its_titles_lines_and_dateline_is_the_subtitle() {
        let text = format!("在某某镇干部大会上的讲话\n敢于担当勇于作为\n奋力开创某某镇发展新局面\n（2021年4月2日）\n同志们：\n{LONG}\n");
        let (doc, _) = read_plain(&text);
        assert_eq!(doc.meta.title.as_deref(), Some("敢于担当勇于作为奋力开创某某镇发展新局面"));
        assert_eq!(doc.meta.subtitle.as_deref(), Some("在某某镇干部大会上的讲话"));
        assert_eq!(doc.meta.date.as_deref(), Some("2021-04-02"));
        // A name under the occasion is its speaker, not a title.
        let text = format!("在某某镇干部大会上的讲话\n周某某\n（2021年4月2日）\n同志们：\n{LONG}\n");
        let (doc, _) = read_plain(&text);
        assert_eq!(doc.meta.title.as_deref(), Some("在某某镇干部大会上的讲话"));
        assert_eq!(doc.meta.authors.first().map(|p| p.name.as_str()), Some("周某某"));
        // Without a dateline under it, the occasion stays the title.
        let text = format!("在某某镇干部大会上的讲话\n某某\n同志们：\n{LONG}\n");
        let (doc, _) = read_plain(&text);
        assert_eq!(doc.meta.title.as_deref(), Some("在某某镇干部大会上的讲话"));
    }
}
