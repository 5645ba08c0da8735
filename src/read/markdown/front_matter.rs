//! Front matter: the YAML (`---`) or TOML (`+++`) block at the top of a Markdown file, mapped onto [`Meta`].
//! Only the first block of a file is front matter ([`split`]); keys of the wrong type are reported, not
//! dropped silently; blocks too large or too deep are refused with a warning.
//!
//! Both syntaxes are first reduced to one small `Value` tree (in `value`), so the mapping onto `Meta`, here,
//! is written once.

mod value;

use crate::diag::{Diagnostic, Kind};
use crate::model::{Meta, Person, Series};
use value::{parse_toml, parse_yaml, ScalarKind, Value};

/// The syntax of a front-matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// Between `---` lines.
    Yaml,
    /// Between `+++` lines.
    Toml,
}

impl Syntax {
    fn name(self) -> &'static str {
        match self {
            Syntax::Yaml => "YAML",
            Syntax::Toml => "TOML",
        }
    }
}

/// A front-matter block found at the top of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FrontMatter<'a> {
    /// YAML or TOML.
    pub syntax: Syntax,
    /// The lines between the fences.
    pub text: &'a str,
}

/// The front matter at the very top of `text`, and the byte offset where the Markdown body starts.
///
/// Front matter is only ever the first thing in the file: a `---` (YAML) or `+++` (TOML) first line, not
/// followed by a blank line, whose first line of content is a key (`title: …`, `title = …`), closed by the
/// same fence (or `...` for YAML). Anywhere else, or without a key, such lines are Markdown, as CommonMark
/// reads them: a thematic break, a setext heading underline, text. So a `title:` line in the middle of a
/// document never becomes the title.
pub fn split(text: &str) -> (Option<FrontMatter<'_>>, usize) {
    let mut lines = LineSpans { text, position: 0 };
    let Some((_, first)) = lines.next() else { return (None, 0) };
    let (syntax, closers): (Syntax, &[&str]) = match first.trim_end() {
        "---" => (Syntax::Yaml, &["---", "..."]),
        "+++" => (Syntax::Toml, &["+++"]),
        _ => return (None, 0),
    };
    let body_start = lines.position;
    let mut first_inner = true;
    let mut has_key = false;
    while let Some((start, line)) = lines.next() {
        if closers.contains(&line.trim_end()) {
            if !has_key {
                // `---`, `Foo`, `---` is a thematic break and a setext heading.
                return (None, 0);
            }
            let front = FrontMatter { syntax, text: &text[body_start..start] };
            return (Some(front), lines.position);
        }
        if first_inner && line.trim().is_empty() {
            // `---` and a blank line: a thematic break, as in CommonMark.
            return (None, 0);
        }
        first_inner = false;
        if !has_key && !line.trim().is_empty() && !line.trim_start().starts_with('#') {
            // The first line that is not a comment must be a key: metadata, not prose between two rules.
            if !looks_like_key(line, syntax) {
                return (None, 0);
            }
            has_key = true;
        }
    }
    (None, 0)
}

/// Whether `line` starts a `key: value` (YAML) or `key = value` / `[table]` (TOML) entry.
fn looks_like_key(line: &str, syntax: Syntax) -> bool {
    let line = line.trim_end();
    match syntax {
        Syntax::Yaml => line.split_once(':').is_some_and(|(key, rest)| {
            let key = key.trim();
            !key.is_empty()
                && !line.starts_with(char::is_whitespace)
                && !key.starts_with(['-', '[', '{', '>', '|', '*', '&', '!', '%', '@', '`'])
                && (rest.is_empty() || rest.starts_with(char::is_whitespace))
        }),
        Syntax::Toml => {
            line.starts_with('[')
                || line.split_once('=').is_some_and(|(key, _)| {
                    let key = key.trim();
                    key.starts_with(['"', '\''])
                        || (!key.is_empty()
                            && key
                                .chars()
                                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.' | ' ')))
                })
        }
    }
}

/// The lines of a text with their byte offsets, without their line ends.
struct LineSpans<'a> {
    text: &'a str,
    position: usize,
}

impl<'a> Iterator for LineSpans<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<(usize, &'a str)> {
        let rest = self.text.get(self.position..).filter(|rest| !rest.is_empty())?;
        let start = self.position;
        let (line, advance) = match rest.find('\n') {
            Some(end) => (&rest[..end], end + 1),
            None => (rest, rest.len()),
        };
        self.position += advance;
        Some((start, line.strip_suffix('\r').unwrap_or(line)))
    }
}

/// Front matter larger than this is not read: real metadata is a few hundred bytes, and a bound keeps a
/// hostile block from costing time or memory. 64 KiB.
pub const MAX_FRONT_MATTER_BYTES: usize = 64 << 10;

/// Front matter nested deeper than this (lists in maps in lists…) is not read: `Meta` uses two levels, and
/// the bound keeps every walk over the parsed value shallow.
pub const MAX_FRONT_MATTER_DEPTH: usize = 16;

/// Parses `text` and fills `meta`. A block that does not parse is kept verbatim in
/// `extra["front_matter"]` with a warning, so nothing is lost and the body still converts.
pub fn apply(text: &str, syntax: Syntax, meta: &mut Meta) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let name = syntax.name();
    if text.len() > MAX_FRONT_MATTER_BYTES {
        diagnostics.push(Diagnostic::warning(
            Kind::Dropped,
            format!(
                "{name} front matter is larger than {} KiB; not read, its metadata is ignored",
                MAX_FRONT_MATTER_BYTES >> 10
            ),
        ));
        return diagnostics;
    }
    let parsed = match syntax {
        Syntax::Yaml => parse_yaml(text, &mut diagnostics),
        Syntax::Toml => parse_toml(text),
    };
    match parsed {
        Ok(Value::Map(entries)) => {
            for (key, value) in entries {
                apply_entry(&key, value, meta, &mut diagnostics);
            }
            // A series index without a series name is no series.
            if meta.series.as_ref().is_some_and(|s| s.name.is_empty()) {
                meta.series = None;
            }
        }
        Ok(Value::Null) => {}
        Ok(_) => {
            meta.extra.insert("front_matter".to_owned(), text.trim_end().to_owned());
            diagnostics.push(Diagnostic::warning(
                Kind::Dropped,
                format!("{name} front matter is not a list of `key: value` pairs; kept unparsed, not shown"),
            ));
        }
        Err(error) => {
            meta.extra.insert("front_matter".to_owned(), text.trim_end().to_owned());
            diagnostics.push(Diagnostic::warning(
                Kind::Dropped,
                format!("{name} front matter could not be read ({error}); its metadata is ignored"),
            ));
        }
    }
    diagnostics
}

/// Records a value of the wrong type for `key`: a warning naming the key and what was expected, and the
/// value kept in `extra`, so it is neither used wrongly nor lost silently.
fn wrong_type(key: &str, expected: &str, value: &Value, meta: &mut Meta, diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.push(Diagnostic::warning(
        Kind::Dropped,
        format!(
            "front matter `{}` should be {expected}, not {}; not used (kept among the extra metadata)",
            key.trim(),
            value.describe()
        ),
    ));
    let flat = flatten(value);
    if !flat.is_empty() {
        meta.extra.insert(key.trim().to_owned(), flat);
    }
}

fn apply_entry(key: &str, value: Value, meta: &mut Meta, diagnostics: &mut Vec<Diagnostic>) {
    let normalized = key.trim().to_ascii_lowercase().replace('-', "_");
    const TEXT: &str = "text";
    match normalized.as_str() {
        "title" | "subtitle" | "issuer" | "publisher" | "doc_number" | "classification" | "urgency"
        | "decree" | "letterhead" | "copy_to" | "printed_by" => {
            let slot = match normalized.as_str() {
                "title" => &mut meta.title,
                "subtitle" => &mut meta.subtitle,
                "doc_number" => &mut meta.doc_number,
                "classification" => &mut meta.classification,
                "urgency" => &mut meta.urgency,
                "decree" => &mut meta.decree,
                "letterhead" => &mut meta.letterhead,
                "copy_to" => &mut meta.copy_to,
                "printed_by" => &mut meta.printed_by,
                _ => &mut meta.issuer,
            };
            match text(&value) {
                Some(text) => *slot = Some(text),
                None if is_blank(&value) => {}
                None => wrong_type(key, TEXT, &value, meta, diagnostics),
            }
        }
        "author" | "authors" | "creator" => {
            let items = match value {
                Value::List(items) => items,
                other => vec![other],
            };
            for item in items {
                match person(&item) {
                    Some(person) => meta.authors.push(person),
                    None if is_blank(&item) => {}
                    None => wrong_type(
                        key,
                        "a name, or a map with a `name` (and a `role`)",
                        &item,
                        meta,
                        diagnostics,
                    ),
                }
            }
        }
        // A document to be sealed: its closing leaves the seal room (GB/T 9704 §7.3.5.1).
        "seal" | "sealed" => match text(&value).as_deref() {
            Some("true" | "yes") => meta.sealed = true,
            Some("false" | "no") => meta.sealed = false,
            None if is_blank(&value) => {}
            _ => wrong_type(key, "true or false", &value, meta, diagnostics),
        },
        "printed_on" => match text(&value) {
            Some(raw) => match iso_date(&raw) {
                Some(date) => meta.printed_on = Some(date),
                None => wrong_type(key, "a date such as 2026-11-20", &value, meta, diagnostics),
            },
            None if is_blank(&value) => {}
            None => wrong_type(key, "a date such as 2026-11-20", &value, meta, diagnostics),
        },
        "date" => match &value {
            Value::Scalar(raw, _) => match iso_date(raw) {
                Some(date) => meta.date = Some(date),
                None if raw.trim().is_empty() => {}
                None => {
                    diagnostics.push(Diagnostic::warning(
                        Kind::Dropped,
                        format!(
                            "front matter date `{}` is not a date paiban understands; kept in extra",
                            raw.trim()
                        ),
                    ));
                    meta.extra.insert("date".to_owned(), raw.trim().to_owned());
                }
            },
            Value::Null => {}
            _ => wrong_type(key, "a date such as 2024-03-05", &value, meta, diagnostics),
        },
        "lang" | "language" => match text(&value) {
            Some(lang) if is_language_tag(&lang) => meta.lang = lang,
            _ if is_blank(&value) => {}
            _ => diagnostics.push(Diagnostic::warning(
                Kind::Dropped,
                format!("front matter lang `{}` is not a BCP 47 tag such as zh-CN; ignored", flatten(&value)),
            )),
        },
        "series" => match &value {
            Value::Map(entries) => {
                let field = |name: &str| entries.iter().find(|(k, _)| k == name).map(|(_, v)| v);
                let name = field("name").and_then(text);
                let index = match field("index") {
                    Some(raw) => match number(raw) {
                        Some(index) => Some(index),
                        None => {
                            wrong_type("series.index", "a whole number", raw, meta, diagnostics);
                            None
                        }
                    },
                    None => None,
                };
                match name {
                    Some(name) => {
                        let index = index.or(meta.series.as_ref().and_then(|s| s.index));
                        meta.series = Some(Series { name, index });
                    }
                    None => wrong_type(
                        key,
                        "a name, or a map with a `name` and an `index`",
                        &value,
                        meta,
                        diagnostics,
                    ),
                }
            }
            _ => match text(&value) {
                Some(name) => {
                    let index = meta.series.as_ref().and_then(|s| s.index);
                    meta.series = Some(Series { name, index });
                }
                None if is_blank(&value) => {}
                None => wrong_type(
                    key,
                    "a name, or a map with a `name` and an `index`",
                    &value,
                    meta,
                    diagnostics,
                ),
            },
        },
        "series_index" | "seriesindex" | "series_number" => match number(&value) {
            Some(index) => match &mut meta.series {
                Some(series) => series.index = Some(index),
                // The index may come before the name; keep it until the name arrives.
                None => meta.series = Some(Series { name: String::new(), index: Some(index) }),
            },
            None if is_blank(&value) => {}
            None => wrong_type(key, "a whole number", &value, meta, diagnostics),
        },
        "keywords" | "tags" => {
            const WORDS: &str = "a list of words, or words separated by commas";
            match &value {
                Value::Scalar(text, ScalarKind::Text) => meta.keywords.extend(split_words(text)),
                Value::List(items) => {
                    let (words, others): (Vec<&Value>, Vec<&Value>) =
                        items.iter().partition(|item| matches!(item, Value::Scalar(..) | Value::Null));
                    meta.keywords.extend(words.into_iter().filter_map(text));
                    if !others.is_empty() {
                        wrong_type(
                            key,
                            WORDS,
                            &Value::List(others.into_iter().cloned().collect()),
                            meta,
                            diagnostics,
                        );
                    }
                }
                Value::Null => {}
                _ => wrong_type(key, WORDS, &value, meta, diagnostics),
            }
        }
        _ => {
            let flat = flatten(&value);
            if !flat.is_empty() {
                meta.extra.insert(key.trim().to_owned(), flat);
            }
        }
    }
}

/// A null, or a scalar of blanks: nothing was given.
fn is_blank(value: &Value) -> bool {
    match value {
        Value::Null => true,
        Value::Scalar(text, _) => text.trim().is_empty(),
        _ => false,
    }
}

/// A scalar as text, trimmed; `None` for empty values, maps and lists of other than one item.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Scalar(t, _) if !t.trim().is_empty() => Some(t.trim().to_owned()),
        Value::List(items) if items.len() == 1 => items.first().and_then(text),
        _ => None,
    }
}

fn number(value: &Value) -> Option<u32> {
    text(value).and_then(|t| t.parse().ok())
}

/// Words separated by commas (ASCII, full-width or the enumeration comma 、) or semicolons.
fn split_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split([',', '，', '、', ';', '；']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

/// An author: a name, or a `{name, role}` map.
fn person(value: &Value) -> Option<Person> {
    match value {
        Value::Scalar(..) => text(value).map(|name| Person { name, role: None }),
        Value::Map(entries) => {
            let field = |names: &[&str]| {
                entries.iter().find(|(k, _)| names.contains(&k.as_str())).and_then(|(_, v)| text(v))
            };
            field(&["name"]).map(|name| Person { name, role: field(&["role", "title", "position"]) })
        }
        _ => None,
    }
}

/// Any value as one line of text, for keys kept in `extra`. Values are at most
/// [`MAX_FRONT_MATTER_DEPTH`] deep, so the recursion is shallow.
fn flatten(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Scalar(t, _) => t.trim().to_owned(),
        Value::List(items) => {
            items.iter().map(flatten).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(", ")
        }
        Value::Map(entries) => {
            entries.iter().map(|(k, v)| format!("{k}: {}", flatten(v))).collect::<Vec<_>>().join("; ")
        }
    }
}

/// BCP 47 in its everyday shape: letters, digits and hyphens, starting with a 2–3 letter language.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split(['-', '_']);
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphabetic()));
    first_ok && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// A date as written by people (`2024-3-5`, `2024/03/05`, `2024.3.5`, `2024年3月5日`, `2024-03-05T10:00:00Z`,
/// `2024-03`, `2024`) in ISO 8601 (`2024-03-05`, `2024-03`, `2024`); the time of day is not kept.
pub fn iso_date(raw: &str) -> Option<String> {
    let raw = raw.trim();
    // A timestamp's date part: `2024-03-05T10:00` or `2024-03-05 10:00:00 +08:00`.
    let date_part = raw.split(['T', ' ']).next().unwrap_or(raw);
    let cleaned = date_part.trim_end_matches(['年', '月', '日']);
    let parts: Vec<&str> = cleaned.split(['-', '/', '.', '年', '月']).collect();
    let numbers: Option<Vec<u32>> = parts.iter().map(|p| p.parse::<u32>().ok()).collect();
    let numbers = numbers?;
    match numbers.as_slice() {
        [y] if (1000..=9999).contains(y) && parts.first().is_some_and(|p| p.len() == 4) => {
            Some(format!("{y:04}"))
        }
        [y, m] if (1000..=9999).contains(y) && (1..=12).contains(m) => Some(format!("{y:04}-{m:02}")),
        [y, m, d]
            if (1000..=9999).contains(y) && (1..=12).contains(m) && (1..=days_in(*y, *m)).contains(d) =>
        {
            Some(format!("{y:04}-{m:02}-{d:02}"))
        }
        _ => None,
    }
}

fn days_in(year: u32, month: u32) -> u32 {
    match month {
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_of(text: &str, syntax: Syntax) -> (Meta, Vec<Diagnostic>) {
        let mut meta = Meta::default();
        let diagnostics = apply(text, syntax, &mut meta);
        (meta, diagnostics)
    }

    #[test]
    fn yaml_fields_map_onto_meta_and_unknown_keys_go_to_extra() {
        let yaml = "title: 春日\nsubtitle: 副题\nauthor:\n  - name: 张三\n    role: 主编\n  - 李四\ndate: 2024年3月5日\n\
                    lang: zh-TW\nseries: 丛书\nseries_index: 4\nkeywords: [甲, 乙]\ndescription: 简介\nstyle: book\n\
                    cover: a.png\n";
        let (meta, diagnostics) = meta_of(yaml, Syntax::Yaml);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(meta.title.as_deref(), Some("春日"));
        assert_eq!(meta.subtitle.as_deref(), Some("副题"));
        assert_eq!(
            meta.authors,
            [
                Person { name: "张三".into(), role: Some("主编".into()) },
                Person { name: "李四".into(), role: None }
            ]
        );
        assert_eq!(meta.date.as_deref(), Some("2024-03-05"));
        assert_eq!(meta.lang, "zh-TW");
        assert_eq!(meta.series, Some(Series { name: "丛书".into(), index: Some(4) }));
        assert_eq!(meta.keywords, ["甲", "乙"]);
        assert_eq!(meta.extra.get("description").map(String::as_str), Some("简介"));
        assert_eq!(meta.extra.get("style").map(String::as_str), Some("book"));
        assert_eq!(meta.extra.get("cover").map(String::as_str), Some("a.png"));
    }

    #[test]
    fn toml_front_matter_reads_like_yaml() {
        let toml =
            "title = \"春日\"\nauthors = [\"张三\", \"李四\"]\ndate = 2024-03-05\nkeywords = \"甲，乙\"\n\
                    [series]\nname = \"丛书\"\nindex = 2\n";
        let (meta, diagnostics) = meta_of(toml, Syntax::Toml);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(meta.title.as_deref(), Some("春日"));
        assert_eq!(meta.authors.len(), 2);
        assert_eq!(meta.date.as_deref(), Some("2024-03-05"));
        assert_eq!(meta.keywords, ["甲", "乙"]);
        assert_eq!(meta.series, Some(Series { name: "丛书".into(), index: Some(2) }));
    }

    #[test]
    fn the_parts_of_an_official_document_come_from_front_matter() {
        let yaml = "doc_number: 某政发〔2026〕3号\nletterhead: 某市人民政府文件\nseal: true\n\
                    copy_to: 市委各部门。\nprinted_by: 某市人民政府办公室\nprinted_on: 2026-11-20\n";
        let (meta, diagnostics) = meta_of(yaml, Syntax::Yaml);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        assert_eq!(meta.doc_number.as_deref(), Some("某政发〔2026〕3号"));
        assert_eq!(meta.letterhead.as_deref(), Some("某市人民政府文件"));
        assert!(meta.sealed);
        assert_eq!(meta.copy_to.as_deref(), Some("市委各部门。"));
        assert_eq!(meta.printed_by.as_deref(), Some("某市人民政府办公室"));
        assert_eq!(meta.printed_on.as_deref(), Some("2026-11-20"));
        let (meta, diagnostics) = meta_of("seal: perhaps\n", Syntax::Yaml);
        assert!(!meta.sealed && diagnostics.len() == 1, "{diagnostics:?}");
    }

    #[test]
    fn broken_front_matter_is_a_warning_and_kept_verbatim() {
        for (text, syntax) in [("title: [unclosed\n", Syntax::Yaml), ("title = \n", Syntax::Toml)] {
            let (meta, diagnostics) = meta_of(text, syntax);
            assert_eq!(meta.title, None);
            assert_eq!(diagnostics.len(), 1, "{text}");
            assert!(diagnostics[0].message.contains("could not be read"), "{}", diagnostics[0].message);
            assert_eq!(meta.extra.get("front_matter").map(String::as_str), Some(text.trim_end()));
        }
    }

    #[test]
    fn yaml_aliases_are_not_expanded() {
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n\
                    c: [*b, *b, *b, *b, *b, *b, *b, *b]\ntitle: 题\n";
        let (meta, diagnostics) = meta_of(bomb, Syntax::Yaml);
        assert_eq!(meta.title.as_deref(), Some("题"));
        assert!(diagnostics.iter().any(|d| d.message.contains("alias")));
    }

    #[test]
    fn dates_in_common_chinese_and_iso_forms_become_iso() {
        assert_eq!(iso_date("2024-3-5").as_deref(), Some("2024-03-05"));
        assert_eq!(iso_date("2024/03/05").as_deref(), Some("2024-03-05"));
        assert_eq!(iso_date("2024.3.5").as_deref(), Some("2024-03-05"));
        assert_eq!(iso_date("2024-03-05T10:00:00+08:00").as_deref(), Some("2024-03-05"));
        assert_eq!(iso_date("2024年3月").as_deref(), Some("2024-03"));
        assert_eq!(iso_date("2024").as_deref(), Some("2024"));
        assert_eq!(iso_date("2023-02-29"), None);
        assert_eq!(iso_date("yesterday"), None);
    }
}
