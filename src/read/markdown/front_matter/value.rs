//! The one small tree both front-matter syntaxes are reduced to ([`Value`]), and the parsers that build it,
//! both bounded by [`MAX_FRONT_MATTER_DEPTH`]. YAML is read from the parser's events rather than through
//! `YamlLoader`, because the loader expands aliases by copying, which a few hundred bytes of nested aliases
//! turn into gigabytes ("billion laughs").

use super::{flatten, MAX_FRONT_MATTER_DEPTH};
use crate::diag::{Diagnostic, Kind};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::Marker;

/// What kind of scalar a value was written as, for the warnings about keys of the wrong type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum ScalarKind {
    Text,
    Number,
    Boolean,
}

/// A front-matter value: scalars are kept as the text written, which is all `Meta` needs.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Value {
    Null,
    Scalar(String, ScalarKind),
    List(Vec<Value>),
    Map(Vec<(String, Value)>),
}

impl Value {
    pub(super) fn text(text: impl Into<String>) -> Value {
        Value::Scalar(text.into(), ScalarKind::Text)
    }

    /// What the value is, for a warning: `a list`, `the number 3`.
    pub(super) fn describe(&self) -> String {
        match self {
            Value::Null => "empty".to_owned(),
            Value::Scalar(text, ScalarKind::Number) => format!("the number {}", text.trim()),
            Value::Scalar(text, ScalarKind::Boolean) => format!("the boolean {}", text.trim()),
            Value::Scalar(text, ScalarKind::Text) => format!("the text `{}`", text.trim()),
            Value::List(_) => "a list".to_owned(),
            Value::Map(_) => "a map of keys".to_owned(),
        }
    }
}

pub(super) fn parse_toml(text: &str) -> Result<Value, String> {
    let table: toml::Table = toml::from_str(text).map_err(|e| one_line(&e.to_string()))?;
    from_toml(toml::Value::Table(table), 0)
}

/// The toml crate bounds its own nesting; ours is tighter ([`MAX_FRONT_MATTER_DEPTH`]).
fn from_toml(value: toml::Value, depth: usize) -> Result<Value, String> {
    if depth > MAX_FRONT_MATTER_DEPTH {
        return Err(too_deep());
    }
    Ok(match value {
        toml::Value::String(s) => Value::text(s),
        toml::Value::Integer(i) => Value::Scalar(i.to_string(), ScalarKind::Number),
        toml::Value::Float(f) => Value::Scalar(f.to_string(), ScalarKind::Number),
        toml::Value::Boolean(b) => Value::Scalar(b.to_string(), ScalarKind::Boolean),
        toml::Value::Datetime(d) => Value::text(d.to_string()),
        toml::Value::Array(items) => {
            Value::List(items.into_iter().map(|v| from_toml(v, depth + 1)).collect::<Result<_, _>>()?)
        }
        toml::Value::Table(table) => Value::Map(
            table
                .into_iter()
                .map(|(k, v)| Ok((k, from_toml(v, depth + 1)?)))
                .collect::<Result<_, String>>()?,
        ),
    })
}

fn too_deep() -> String {
    format!("nested deeper than {MAX_FRONT_MATTER_DEPTH} levels")
}

fn one_line(message: &str) -> String {
    message.split_whitespace().collect::<Vec<_>>().join(" ")
}

pub(super) fn parse_yaml(text: &str, diagnostics: &mut Vec<Diagnostic>) -> Result<Value, String> {
    let mut builder = YamlBuilder::default();
    let mut parser = Parser::new_from_str(text);
    parser.load(&mut builder, false).map_err(|e| one_line(&e.to_string()))?;
    if builder.too_deep {
        return Err(too_deep());
    }
    if builder.aliases > 0 {
        diagnostics.push(Diagnostic::warning(
            Kind::Dropped,
            format!("{} YAML alias(es) in the front matter are not expanded", builder.aliases),
        ));
    }
    Ok(builder.root.unwrap_or(Value::Null))
}

/// Builds a [`Value`] from YAML parser events; aliases become nulls. yaml-rust2 refuses flow collections
/// nested deeper than 256; this builder stops at [`MAX_FRONT_MATTER_DEPTH`] for every kind of nesting.
#[derive(Default)]
struct YamlBuilder {
    /// Open sequences and mappings; a mapping keeps its pending key.
    stack: Vec<(Value, Option<String>)>,
    root: Option<Value>,
    aliases: usize,
    /// Nesting went past the bound: the rest of the events are ignored.
    too_deep: bool,
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

    fn open(&mut self, container: Value) {
        if self.stack.len() >= MAX_FRONT_MATTER_DEPTH {
            self.too_deep = true;
            self.stack.clear();
        } else {
            self.stack.push((container, None));
        }
    }
}

/// YAML 1.2 core schema: which plain scalars are numbers or booleans.
fn plain_scalar_kind(text: &str) -> ScalarKind {
    let text = text.trim();
    if matches!(text, "true" | "True" | "TRUE" | "false" | "False" | "FALSE") {
        return ScalarKind::Boolean;
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let number = matches!(unsigned, ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN")
        || unsigned
            .strip_prefix("0x")
            .is_some_and(|h| !h.is_empty() && h.chars().all(|c| c.is_ascii_hexdigit()))
        || unsigned
            .strip_prefix("0o")
            .is_some_and(|o| !o.is_empty() && o.chars().all(|c| ('0'..='7').contains(&c)))
        || (unsigned.starts_with(|c: char| c.is_ascii_digit() || c == '.')
            && unsigned.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '-' | '+'))
            && unsigned.parse::<f64>().is_ok());
    if number {
        ScalarKind::Number
    } else {
        ScalarKind::Text
    }
}

impl MarkedEventReceiver for YamlBuilder {
    fn on_event(&mut self, event: Event, _mark: Marker) {
        if self.too_deep {
            return;
        }
        match event {
            Event::Scalar(value, style, _, _) => {
                let plain = style == yaml_rust2::scanner::TScalarStyle::Plain;
                if plain && matches!(value.as_str(), "~" | "null" | "Null" | "NULL" | "") {
                    self.add(Value::Null);
                } else {
                    let kind = if plain { plain_scalar_kind(&value) } else { ScalarKind::Text };
                    self.add(Value::Scalar(value, kind));
                }
            }
            Event::Alias(_) => {
                self.aliases += 1;
                self.add(Value::Null);
            }
            Event::SequenceStart(..) => self.open(Value::List(Vec::new())),
            Event::MappingStart(..) => self.open(Value::Map(Vec::new())),
            Event::SequenceEnd | Event::MappingEnd => {
                if let Some((value, _)) = self.stack.pop() {
                    self.add(value);
                }
            }
            _ => {}
        }
    }
}
