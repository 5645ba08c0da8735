//! Front matter: the YAML (`---`) or TOML (`+++`) block at the top of a Markdown file, mapped onto [`Meta`].
//!
//! Both syntaxes are first reduced to one small [`Value`] tree, so the mapping onto `Meta` is written once.
//! YAML is read from the parser's events rather than through `YamlLoader`, because the loader expands
//! aliases by copying, which a few hundred bytes of nested aliases turn into gigabytes ("billion laughs").

use crate::diag::{Diagnostic, Kind};
use crate::model::{Meta, Person, Series};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// The syntax of a front-matter block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// Between `---` lines.
    Yaml,
    /// Between `+++` lines.
    Toml,
}

/// A front-matter value: scalars are kept as the text written, which is all `Meta` needs.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Null,
    Text(String),
    List(Vec<Value>),
    Map(Vec<(String, Value)>),
}

/// Parses `text` and fills `meta`. A block that does not parse is kept verbatim in
/// `extra["front_matter"]` with a warning, so nothing is lost and the body still converts.
pub fn apply(text: &str, syntax: Syntax, meta: &mut Meta) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    let parsed = match syntax {
        Syntax::Yaml => parse_yaml(text, &mut diagnostics),
        Syntax::Toml => parse_toml(text),
    };
    let name = match syntax {
        Syntax::Yaml => "YAML",
        Syntax::Toml => "TOML",
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

fn apply_entry(key: &str, value: Value, meta: &mut Meta, diagnostics: &mut Vec<Diagnostic>) {
    let normalized = key.trim().to_ascii_lowercase().replace('-', "_");
    match normalized.as_str() {
        "title" => meta.title = text(&value),
        "subtitle" => meta.subtitle = text(&value),
        "author" | "authors" | "creator" => meta.authors.extend(people(&value)),
        "date" => {
            let Some(raw) = text(&value) else { return };
            match iso_date(&raw) {
                Some(date) => meta.date = Some(date),
                None => {
                    diagnostics.push(Diagnostic::warning(
                        Kind::Dropped,
                        format!("front matter date `{raw}` is not a date paiban understands; kept in extra"),
                    ));
                    meta.extra.insert("date".to_owned(), raw);
                }
            }
        }
        "lang" | "language" => {
            if let Some(lang) = text(&value).filter(|l| is_language_tag(l)) {
                meta.lang = lang;
            } else {
                diagnostics.push(Diagnostic::warning(
                    Kind::Dropped,
                    format!("front matter lang `{}` is not a BCP 47 tag; ignored", flatten(&value)),
                ));
            }
        }
        "series" => match &value {
            Value::Map(entries) => {
                let name = entries.iter().find(|(k, _)| k == "name").and_then(|(_, v)| text(v));
                let index = entries.iter().find(|(k, _)| k == "index").and_then(|(_, v)| number(v));
                if let Some(name) = name {
                    let index = index.or(meta.series.as_ref().and_then(|s| s.index));
                    meta.series = Some(Series { name, index });
                }
            }
            _ => {
                if let Some(name) = text(&value) {
                    let index = meta.series.as_ref().and_then(|s| s.index);
                    meta.series = Some(Series { name, index });
                }
            }
        },
        "series_index" | "seriesindex" | "series_number" => {
            let index = number(&value);
            match &mut meta.series {
                Some(series) => series.index = index,
                // The index may come before the name; keep it until the name arrives.
                None => meta.series = Some(Series { name: String::new(), index }),
            }
        }
        "keywords" | "tags" => meta.keywords.extend(list(&value)),
        "issuer" | "publisher" => meta.issuer = text(&value),
        _ => {
            let flat = flatten(&value);
            if !flat.is_empty() {
                meta.extra.insert(key.trim().to_owned(), flat);
            }
        }
    }
}

/// A scalar as text, trimmed; `None` for empty values, lists and maps.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Text(t) if !t.trim().is_empty() => Some(t.trim().to_owned()),
        Value::List(items) if items.len() == 1 => items.first().and_then(text),
        _ => None,
    }
}

fn number(value: &Value) -> Option<u32> {
    text(value).and_then(|t| t.parse().ok())
}

/// A list of strings, or one string split at commas (ASCII, full-width or the enumeration comma 、).
fn list(value: &Value) -> Vec<String> {
    match value {
        Value::List(items) => items.iter().filter_map(text).collect(),
        Value::Text(t) => t
            .split([',', '，', '、', ';', '；'])
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// Authors: a string, a `{name, role}` map, or a list of either.
fn people(value: &Value) -> Vec<Person> {
    match value {
        Value::Text(_) => text(value).map(|name| Person { name, role: None }).into_iter().collect(),
        Value::Map(entries) => {
            let field = |names: &[&str]| {
                entries.iter().find(|(k, _)| names.contains(&k.as_str())).and_then(|(_, v)| text(v))
            };
            field(&["name"])
                .map(|name| Person { name, role: field(&["role", "title", "position"]) })
                .into_iter()
                .collect()
        }
        Value::List(items) => items.iter().flat_map(people).collect(),
        Value::Null => Vec::new(),
    }
}

/// Any value as one line of text, for keys kept in `extra`.
fn flatten(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Text(t) => t.trim().to_owned(),
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

fn parse_toml(text: &str) -> Result<Value, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| one_line(&e.to_string()))?;
    Ok(from_toml(toml::Value::Table(table)))
}

fn from_toml(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::Text(s),
        toml::Value::Integer(i) => Value::Text(i.to_string()),
        toml::Value::Float(f) => Value::Text(f.to_string()),
        toml::Value::Boolean(b) => Value::Text(b.to_string()),
        toml::Value::Datetime(d) => Value::Text(d.to_string()),
        toml::Value::Array(items) => Value::List(items.into_iter().map(from_toml).collect()),
        toml::Value::Table(table) => Value::Map(table.into_iter().map(|(k, v)| (k, from_toml(v))).collect()),
    }
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn parse_yaml(text: &str, diagnostics: &mut Vec<Diagnostic>) -> Result<Value, String> {
    let mut builder = YamlBuilder::default();
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut builder, false).map_err(|e| one_line(&e.to_string()))?;
    if builder.aliases > 0 {
        diagnostics.push(Diagnostic::warning(
            Kind::Dropped,
            format!("{} YAML alias(es) in the front matter are not expanded", builder.aliases),
        ));
    }
    Ok(builder.root.unwrap_or(Value::Null))
}

/// Builds a [`Value`] from YAML parser events; aliases become nulls.
#[derive(Default)]
struct YamlBuilder {
    /// Open sequences and mappings; a mapping keeps its pending key.
    stack: Vec<(Value, Option<String>)>,
    root: Option<Value>,
    aliases: usize,
}

impl YamlBuilder {
    fn add(&mut self, value: Value) {
        let Some((container, pending_key)) = self.stack.last_mut() else {
            if self.root.is_none() {
                self.root = Some(value);
            }
            return;
        };
        match container {
            Value::List(items) => items.push(value),
            Value::Map(entries) => match pending_key.take() {
                Some(key) => entries.push((key, value)),
                None => *pending_key = Some(flatten(&value)),
            },
            _ => {}
        }
    }
}

impl MarkedEventReceiver for YamlBuilder {
    fn on_event(&mut self, event: Event, _mark: Marker) {
        match event {
            Event::Scalar(value, style, _, _) => {
                let plain_null = style == yaml_rust2::scanner::TScalarStyle::Plain
                    && matches!(value.as_str(), "~" | "null" | "Null" | "NULL" | "");
                self.add(if plain_null { Value::Null } else { Value::Text(value) });
            }
            Event::Alias(_) => {
                self.aliases += 1;
                self.add(Value::Null);
            }
            Event::SequenceStart(..) => self.stack.push((Value::List(Vec::new()), None)),
            Event::MappingStart(..) => self.stack.push((Value::Map(Vec::new()), None)),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((value, _)) = self.stack.pop() {
                    self.add(value);
                }
            }
            _ => {}
        }
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
