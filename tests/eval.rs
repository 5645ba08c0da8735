//! Structure recognition scored on the project's own evaluation set (`tests/eval/`, see its FORMAT.md):
//! per split, precision and recall per tag, headings as a whole, real paragraphs dropped as boilerplate,
//! and documents whose outline is entirely right. Run with `--nocapture` to read the table;
//! `PAIBAN_EVAL_SHOW=1` also prints, for the train split only, every train document's differences (the
//! held-out split is never shown line by line: it is scored, not studied). `PAIBAN_EVAL_PREFIX=a-,b-` also
//! prints, per split, the table of the documents whose names start with one of those prefixes (one
//! collection; numbers only, as for the whole held-out split).
//!
//! The test holds each score to the floor recorded in `tests/eval/floor.txt`, so recognition cannot regress
//! unnoticed; raise the floor when the reader improves.

use paiban::read::{read_path, ReadOptions};
use paiban::title_block::chinese_date;
use paiban::zh::dates::parse_date_prefix;
use std::collections::BTreeMap;
use std::fmt::Write;
use std::path::{Path, PathBuf};

/// Metadata fields scored; `lang` and `encoding` describe the file, not its structure.
const META: [&str; 8] =
    ["title", "subtitle", "author", "date", "doc_number", "classification", "urgency", "issuer"];

/// Block tags scored one by one (`P` is scored too, as paragraph segmentation).
const TAGS: [&str; 13] = [
    "H1",
    "H2",
    "H3",
    "H4",
    "SALUTATION",
    "SIGNATURE",
    "DATE",
    "ATTACHMENT",
    "NOTE",
    "BOILERPLATE",
    "TOC",
    "P",
    "TABLE",
];

/// Characters of a line's text compared, after removing whitespace.
const KEY_CHARS: usize = 16;

#[derive(Debug, Default)]
struct Outline {
    meta: BTreeMap<String, String>,
    lines: Vec<(String, String)>,
}

/// A line's text as compared: no whitespace, no outline truncation mark, at most [`KEY_CHARS`] characters.
fn key(text: &str) -> String {
    let mut text = text.trim_end();
    if let Some(cut) = text.rfind("…[").filter(|_| text.ends_with(']')) {
        text = &text[..cut];
    }
    let text = text.trim_end_matches('…');
    text.chars().filter(|c| !c.is_whitespace()).take(KEY_CHARS).collect()
}

/// A printing line of the 版记 with its date as the outline prints it (`二OO三年十月十六日印发` →
/// `2003年10月16日印发`): the reader keeps the date, not its spelling.
fn printing_line(text: &str) -> String {
    let Some(body) = text.trim_end().strip_suffix("印发") else { return text.to_owned() };
    let date = body.char_indices().find_map(|(at, _)| {
        let (iso, rest) = parse_date_prefix(&body[at..])?;
        (iso.len() == 10 && rest.trim().is_empty()).then_some((at, iso))
    });
    match date {
        Some((at, iso)) => format!("{}{}印发", &body[..at], chinese_date(&iso)),
        None => text.to_owned(),
    }
}

/// An attachment's label without its trailing punctuation (`附件1.` = `附件1：` = `附件1`); a 附件说明 line as
/// written.
fn attachment_label(text: &str) -> String {
    let bare = text.trim_end().trim_end_matches(['：', ':', '.', '．', '、']);
    let numbered = bare.strip_prefix("附件").is_some_and(|n| n.chars().all(char::is_numeric));
    if numbered {
        bare.to_owned()
    } else {
        text.to_owned()
    }
}

fn parse_outline(text: &str) -> Outline {
    let mut outline = Outline::default();
    let mut in_meta = true;
    for line in text.lines() {
        if in_meta {
            if line.trim().is_empty() {
                in_meta = false;
            } else if let Some((k, v)) = line.split_once(": ") {
                let value: String = v.chars().filter(|c| !c.is_whitespace()).collect();
                outline
                    .meta
                    .entry(k.trim().to_owned())
                    .and_modify(|old| *old = format!("{old};{value}"))
                    .or_insert(value);
            }
            continue;
        }
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (tag, rest) = line.split_once(' ').unwrap_or((line, ""));
        let text = match tag {
            "NOTE" => printing_line(rest),
            "ATTACHMENT" => attachment_label(rest),
            _ => rest.to_owned(),
        };
        outline.lines.push((tag.to_owned(), key(&text)));
    }
    outline
}

/// Counts for one tag: true positives, found, expected.
#[derive(Debug, Default, Clone, Copy)]
struct Count {
    hit: usize,
    found: usize,
    expected: usize,
}

impl Count {
    fn add(&mut self, other: Count) {
        self.hit += other.hit;
        self.found += other.found;
        self.expected += other.expected;
    }

    fn precision(&self) -> f64 {
        if self.found == 0 {
            1.0
        } else {
            self.hit as f64 / self.found as f64
        }
    }

    fn recall(&self) -> f64 {
        if self.expected == 0 {
            1.0
        } else {
            self.hit as f64 / self.expected as f64
        }
    }
}

/// Multiset match of the keys of `pick`ed lines.
fn match_lines(expected: &Outline, found: &Outline, pick: impl Fn(&str) -> bool) -> Count {
    let mut want: BTreeMap<&str, usize> = BTreeMap::new();
    let mut count = Count::default();
    for (_, k) in expected.lines.iter().filter(|(t, _)| pick(t)) {
        *want.entry(k).or_default() += 1;
        count.expected += 1;
    }
    for (_, k) in found.lines.iter().filter(|(t, _)| pick(t)) {
        count.found += 1;
        if let Some(n) = want.get_mut(k.as_str()).filter(|n| **n > 0) {
            *n -= 1;
            count.hit += 1;
        }
    }
    count
}

#[derive(Debug, Default)]
struct Score {
    documents: usize,
    whole_right: usize,
    counts: BTreeMap<String, Count>,
    /// Expected non-boilerplate lines found as boilerplate: real text the outputs would drop.
    dropped: usize,
}

fn score_document(expected: &Outline, found: &Outline, score: &mut Score) -> bool {
    let mut right = true;
    for field in META {
        let (e, f) = (expected.meta.get(field), found.meta.get(field));
        let count = Count {
            hit: usize::from(e.is_some() && e == f),
            found: usize::from(f.is_some()),
            expected: usize::from(e.is_some()),
        };
        right &= e == f;
        score.counts.entry(field.to_owned()).or_default().add(count);
    }
    for tag in TAGS {
        score.counts.entry(tag.to_owned()).or_default().add(match_lines(expected, found, |t| t == tag));
    }
    let heading = |t: &str| t.len() == 2 && t.starts_with('H');
    score.counts.entry("headings (any level)".into()).or_default().add(match_lines(expected, found, heading));
    let boiler = |t: &str| t == "BOILERPLATE";
    // A line found as boilerplate drops real text only when the expected boilerplate does not account for
    // it (a page title is boilerplate once and the document's heading again, with the same words).
    let mut real_keys: BTreeMap<&str, usize> = BTreeMap::new();
    let mut boiler_keys: BTreeMap<&str, usize> = BTreeMap::new();
    for (t, k) in &expected.lines {
        *if boiler(t) { &mut boiler_keys } else { &mut real_keys }.entry(k).or_default() += 1;
    }
    for (_, k) in found.lines.iter().filter(|(t, _)| boiler(t)) {
        if let Some(n) = boiler_keys.get_mut(k.as_str()).filter(|n| **n > 0) {
            *n -= 1;
            continue;
        }
        if let Some(n) = real_keys.get_mut(k.as_str()).filter(|n| **n > 0) {
            *n -= 1;
            score.dropped += 1;
            right = false;
        }
    }
    let structure = |o: &Outline| -> Vec<(String, String)> {
        o.lines.iter().filter(|(t, _)| t != "P").cloned().collect()
    };
    right &= structure(expected) == structure(found);
    score.documents += 1;
    score.whole_right += usize::from(right);
    right
}

fn documents(split: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval").join(split);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p| p.extension().is_some_and(|e| e == "txt") && p.with_extension("expected").is_file());
    files.sort();
    files
}

/// The differences of one document, for studying the train split.
fn differences(expected: &Outline, found: &Outline) -> String {
    let mut out = String::new();
    for field in META {
        let (e, f) = (expected.meta.get(field), found.meta.get(field));
        if e != f {
            let _ = writeln!(out, "  meta {field}: expected {e:?}, found {f:?}");
        }
    }
    let show = |o: &Outline| -> Vec<String> {
        o.lines.iter().filter(|(t, _)| t != "P").map(|(t, k)| format!("{t} {k}")).collect()
    };
    let (e, f) = (show(expected), show(found));
    let (mut i, mut j) = (0, 0);
    while i < e.len() || j < f.len() {
        match (e.get(i), f.get(j)) {
            (Some(a), Some(b)) if a == b => {
                i += 1;
                j += 1;
            }
            (Some(a), _) if !f[j..].contains(a) => {
                let _ = writeln!(out, "  - {a}");
                i += 1;
            }
            (_, Some(b)) => {
                let _ = writeln!(out, "  + {b}");
                j += 1;
            }
            (Some(a), None) => {
                let _ = writeln!(out, "  - {a}");
                i += 1;
            }
            (None, None) => break,
        }
    }
    out
}

fn score_split(split: &str, show: bool) -> Score {
    score_documents(documents(split), show)
}

fn score_documents(paths: Vec<PathBuf>, show: bool) -> Score {
    let mut score = Score::default();
    for path in paths {
        let expected = parse_outline(
            &std::fs::read_to_string(path.with_extension("expected")).expect("expected outline"),
        );
        let parsed = read_path(&path, ReadOptions::default()).expect("evaluation document reads");
        let found = parse_outline(&paiban::outline::outline(&parsed.document));
        let right = score_document(&expected, &found, &mut score);
        if show && !right {
            let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            println!("{name}\n{}", differences(&expected, &found));
        }
    }
    score
}

fn report(split: &str, score: &Score) -> BTreeMap<String, f64> {
    let mut values = BTreeMap::new();
    println!("\n== {split}: {} documents, outline entirely right: {}", score.documents, score.whole_right);
    println!("{:<22} {:>9} {:>9} {:>6} {:>6} {:>6}", "tag", "precision", "recall", "hit", "found", "want");
    for (tag, c) in &score.counts {
        if c.expected == 0 && c.found == 0 {
            continue;
        }
        println!(
            "{:<22} {:>9.3} {:>9.3} {:>6} {:>6} {:>6}",
            tag,
            c.precision(),
            c.recall(),
            c.hit,
            c.found,
            c.expected
        );
        values.insert(format!("{tag} precision"), c.precision());
        values.insert(format!("{tag} recall"), c.recall());
    }
    println!("real lines dropped as boilerplate: {}", score.dropped);
    let whole = if score.documents == 0 { 1.0 } else { score.whole_right as f64 / score.documents as f64 };
    values.insert("whole outline right".into(), whole);
    values.insert("real lines dropped".into(), -(score.dropped as f64));
    values
}

/// `split metric value` lines: the scores this suite must keep.
fn floor() -> Vec<(String, String, f64)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eval/floor.txt");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let (split, rest) = l.split_once(' ')?;
            let (metric, value) = rest.rsplit_once(' ')?;
            Some((split.to_owned(), metric.trim().to_owned(), value.trim().parse().ok()?))
        })
        .collect()
}

#[test]
fn recognition_scores_hold_their_floor() {
    let show = std::env::var_os("PAIBAN_EVAL_SHOW").is_some();
    let mut all = BTreeMap::new();
    for split in ["train", "heldout"] {
        let score = score_split(split, show && split == "train");
        assert!(score.documents > 0, "no documents in tests/eval/{split}");
        all.insert(split.to_owned(), report(split, &score));
    }
    if let Ok(prefixes) = std::env::var("PAIBAN_EVAL_PREFIX") {
        let prefixes: Vec<&str> = prefixes.split(',').filter(|p| !p.is_empty()).collect();
        for split in ["train", "heldout"] {
            let mut chosen = documents(split);
            chosen.retain(|p| {
                let name = p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                prefixes.iter().any(|prefix| name.starts_with(prefix))
            });
            if !chosen.is_empty() {
                report(&format!("{split} {}", prefixes.join(",")), &score_documents(chosen, false));
            }
        }
    }
    let mut failures = Vec::new();
    for (split, metric, min) in floor() {
        let value = all.get(&split).and_then(|v| v.get(&metric)).copied();
        match value {
            Some(v) if v + 1e-9 >= min => {}
            other => failures.push(format!("{split} {metric}: {other:?} < floor {min}")),
        }
    }
    assert!(failures.is_empty(), "recognition fell below its floor:\n{}", failures.join("\n"));
}

#[test]
fn keys_ignore_spacing_and_truncation() {
    assert_eq!(key("第一章　总则"), "第一章总则");
    assert_eq!(
        key("根据《中共中央办公厅 国务院办公厅关于印发〈组建…[167]"),
        "根据《中共中央办公厅国务院办公厅"
    );
    let o = parse_outline("title: 关于 某事 的通知\n\nH1 一、总则\nP 正文\n");
    assert_eq!(o.meta.get("title").map(String::as_str), Some("关于某事的通知"));
    assert_eq!(o.lines, vec![("H1".to_owned(), "一、总则".to_owned()), ("P".to_owned(), "正文".to_owned())]);
}

#[test]
fn printing_dates_and_attachment_labels_compare_by_what_they_say() {
    assert_eq!(
        printing_line("某某秘书处办公室 二OO三年十月十六日印发"),
        "某某秘书处办公室 2003年10月16日印发"
    );
    assert_eq!(printing_line("2018年09月13日印发"), "2018年9月13日印发");
    assert_eq!(printing_line("（此件公开发布）"), "（此件公开发布）");
    assert_eq!(attachment_label("附件1."), "附件1");
    assert_eq!(attachment_label("附件２："), "附件２");
    assert_eq!(attachment_label("附件："), "附件");
    assert_eq!(attachment_label("附件：1.某某表"), "附件：1.某某表");
}
