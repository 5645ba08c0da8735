//! Style files: a preset written as TOML ([`super::dump`]) and read back, or a few keys changed over a
//! `base` preset. A bad value gets one error naming the file, the line and the key.
//!
//! Reading is three steps: the user's table is laid over the base preset's (an unknown key is an error
//! there, with the keys that table does have), the result becomes a [`Style`] through serde (a value of
//! the wrong kind is traced back to the user's key that brought it in), and the style's numbers are
//! checked for sense (a 0 pt body, margins wider than the paper).

use super::{Style, StyleName};
use std::fmt;
use std::path::{Path, PathBuf};
use toml::{Table, Value};

/// A style file that cannot be used: where, which key, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyleFileError {
    /// The file.
    pub path: PathBuf,
    /// The line (1-based) of the key or of the syntax error, when known.
    pub line: Option<usize>,
    /// The key, as `page.width_mm` or `headings.2.face` (level 2).
    pub key: Option<String>,
    /// What is wrong and what to write instead.
    pub message: String,
}

impl fmt::Display for StyleFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.path.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(key) = &self.key {
            write!(f, ": {key}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for StyleFileError {}

/// Reads the style file at `path`.
pub fn load(path: &Path) -> Result<Style, StyleFileError> {
    let text = std::fs::read_to_string(path).map_err(|e| StyleFileError {
        path: path.to_path_buf(),
        line: None,
        key: None,
        message: format!("cannot read the style file ({e})"),
    })?;
    parse(&text).map_err(|located| StyleFileError { path: path.to_path_buf(), ..located })
}

/// Reads a style from the text of a style file; the error's `path` is left empty for the caller to fill.
pub fn parse(text: &str) -> Result<Style, StyleFileError> {
    let error = |line, key: Option<&Path_>, message: String| StyleFileError {
        path: PathBuf::new(),
        line,
        key: key.map(Path_::to_string),
        message,
    };
    let user: Table = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|span| line_of(text, span.start));
        error(line, None, format!("not valid TOML: {}", e.message().trim()))
    })?;
    let base = match user.get("base") {
        None => StyleName::default(),
        Some(Value::String(name)) => StyleName::from_name(name).ok_or_else(|| {
            let key = Path_(vec![Seg::Key("base".into())]);
            error(key_line(text, &key), Some(&key), format!("no preset is called `{name}`; {PRESETS}"))
        })?,
        Some(other) => {
            let key = Path_(vec![Seg::Key("base".into())]);
            let message = format!("expected a preset name in quotes, not {}; {PRESETS}", other.type_str());
            return Err(error(key_line(text, &key), Some(&key), message));
        }
    };
    let preset = Style::preset(base);
    let base_table = Table::try_from(&preset).map_err(|e| {
        error(None, None, format!("the {} preset cannot be written as TOML: {e}", base.as_str()))
    })?;

    let mut leaves = Vec::new();
    let mut merged = base_table.clone();
    merge(&mut merged, &user, &mut Path_(Vec::new()), &mut leaves)
        .map_err(|(key, message)| error(key_line(text, &key), Some(&key), message))?;

    let style = match to_style(&merged) {
        Ok(style) => style,
        Err(message) => {
            let (key, message) = culprit(&base_table, &user, &leaves).unwrap_or((Path_(Vec::new()), message));
            let shown = (!key.0.is_empty()).then_some(&key);
            return Err(error(shown.and_then(|k| key_line(text, k)), shown, message));
        }
    };
    check(&style).map_err(|(key, message)| {
        let key = Path_::parse(key);
        error(key_line(text, &key), Some(&key), message)
    })?;
    Ok(style)
}

const PRESETS: &str = "the presets are gongwen, book and report";

fn to_style(table: &Table) -> Result<Style, String> {
    Value::Table(table.clone()).try_into::<Style>().map_err(|e| e.message().trim().to_owned())
}

/// One step of a key path: a table key or an array position.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(usize),
}

/// A key path into a style file. `Path_` rather than `Path`, which is the file system's.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Path_(Vec<Seg>);

impl Path_ {
    /// A path as [`check`] names it: dotted, array positions as numbers from 1 (`headings.2.size_pt`).
    fn parse(dotted: String) -> Path_ {
        Path_(
            dotted
                .split('.')
                .map(|part| match part.parse::<usize>() {
                    Ok(n) if n > 0 => Seg::Index(n - 1),
                    _ => Seg::Key(part.to_owned()),
                })
                .collect(),
        )
    }
}

impl fmt::Display for Path_ {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, seg) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            match seg {
                Seg::Key(key) => f.write_str(key)?,
                // Headings are the only array: their positions are levels, counted from 1.
                Seg::Index(index) => write!(f, "{}", index + 1)?,
            }
        }
        Ok(())
    }
}

/// Lays `user` over `into`, recording the path of every value taken from `user` (in file order). A key
/// `into` does not have is an error naming the keys it does have, so a typo never goes unnoticed.
fn merge(
    into: &mut Table,
    user: &Table,
    at: &mut Path_,
    leaves: &mut Vec<Path_>,
) -> Result<(), (Path_, String)> {
    for (key, value) in user {
        at.0.push(Seg::Key(key.clone()));
        let Some(slot) = into.get_mut(key) else {
            let known: Vec<&str> = into.keys().map(String::as_str).collect();
            let place = if at.0.len() == 1 { "a style file".to_owned() } else { format!("[{}]", parent(at)) };
            return Err((at.clone(), format!("unknown key; the keys of {place} are {}", known.join(", "))));
        };
        merge_value(slot, value, at, leaves)?;
        at.0.pop();
    }
    Ok(())
}

fn merge_value(
    slot: &mut Value,
    user: &Value,
    at: &mut Path_,
    leaves: &mut Vec<Path_>,
) -> Result<(), (Path_, String)> {
    match (slot, user) {
        (Value::Table(into), Value::Table(user)) => merge(into, user, at, leaves),
        (Value::Array(into), Value::Array(user)) => {
            if user.len() > into.len() {
                return Err((at.clone(), format!("at most {} entries, not {}", into.len(), user.len())));
            }
            for (index, (slot, value)) in into.iter_mut().zip(user).enumerate() {
                at.0.push(Seg::Index(index));
                merge_value(slot, value, at, leaves)?;
                at.0.pop();
            }
            Ok(())
        }
        (slot, user) => {
            *slot = user.clone();
            leaves.push(at.clone());
            Ok(())
        }
    }
}

fn parent(path: &Path_) -> Path_ {
    Path_(path.0[..path.0.len() - 1].to_vec())
}

/// The user's value that makes the merged table fail to read as a style, and serde's complaint about it:
/// the user's values are put back to the base's one by one, in file order, until the table reads; the
/// last one put back is at fault. The base alone always reads, so one is always found.
fn culprit(base: &Table, user: &Table, leaves: &[Path_]) -> Option<(Path_, String)> {
    let mut reverted: Vec<&Path_> = Vec::new();
    let mut last_error = None;
    for leaf in leaves {
        let mut merged = base.clone();
        reverted.push(leaf);
        for kept in leaves.iter().filter(|l| !reverted.contains(l)) {
            if let (Some(value), Some(slot)) = (get(user, kept), get_mut(&mut merged, kept)) {
                *slot = value.clone();
            }
        }
        match to_style(&merged) {
            Ok(_) => {
                // Put back alone, this leaf's value is what fails: say what serde says about it.
                let mut alone = base.clone();
                if let (Some(value), Some(slot)) = (get(user, leaf), get_mut(&mut alone, leaf)) {
                    *slot = value.clone();
                }
                let message = to_style(&alone).err().or(last_error).unwrap_or_default();
                return Some((leaf.clone(), explain(message)));
            }
            Err(message) => last_error = Some(message),
        }
    }
    None
}

/// serde's messages name Rust types (`f32`, `u32`); a style file's author thinks in TOML's.
fn explain(message: String) -> String {
    message
        .replace("expected f32", "expected a number")
        .replace("expected u32", "expected a whole number")
        .replace("expected a boolean", "expected true or false")
}

fn get<'t>(table: &'t Table, path: &Path_) -> Option<&'t Value> {
    let (first, rest) = path.0.split_first()?;
    let Seg::Key(key) = first else { return None };
    let mut value = table.get(key)?;
    for seg in rest {
        value = match (seg, value) {
            (Seg::Key(key), Value::Table(t)) => t.get(key)?,
            (Seg::Index(i), Value::Array(a)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(value)
}

fn get_mut<'t>(table: &'t mut Table, path: &Path_) -> Option<&'t mut Value> {
    let (first, rest) = path.0.split_first()?;
    let Seg::Key(key) = first else { return None };
    let mut value = table.get_mut(key)?;
    for seg in rest {
        value = match (seg, value) {
            (Seg::Key(key), Value::Table(t)) => t.get_mut(key)?,
            (Seg::Index(i), Value::Array(a)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(value)
}

/// The line of `path`'s key in `text`, if the file wrote it (a checked key may come from the base).
fn key_line(text: &str, path: &Path_) -> Option<usize> {
    use toml::de::{DeTable, DeValue};
    let parsed = DeTable::parse(text).ok()?;
    let mut table = parsed.get_ref();
    let mut found = None;
    let mut segs = path.0.iter().peekable();
    while let Some(seg) = segs.next() {
        let Seg::Key(key) = seg else { return found };
        let (k, value) = table.iter().find(|(k, _)| k.get_ref().as_ref() == key.as_str())?;
        found = Some(line_of(text, k.span().start));
        let mut value = value.get_ref();
        while let Some(Seg::Index(i)) = segs.peek() {
            let DeValue::Array(items) = value else { return found };
            let item = items.get(*i)?;
            found = Some(line_of(text, item.span().start));
            value = item.get_ref();
            segs.next();
        }
        match value {
            DeValue::Table(inner) => table = inner,
            _ => return found,
        }
    }
    found
}

/// The line (1-based) of byte `offset` in `text`: how style files and `paiban.toml` name where an error is.
pub fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset.min(text.len())].iter().filter(|&&b| b == b'\n').count() + 1
}

/// The numbers of a style that cannot be typeset, as (dotted key, message). Bounds are generous: they
/// catch a slip of the pen (a 0 pt body, margins wider than the paper, `nan`), not a taste.
fn check(style: &Style) -> Result<(), (String, String)> {
    fn within(key: &str, value: f32, low: f32, high: f32, unit: &str) -> Result<(), (String, String)> {
        if (low..=high).contains(&value) {
            Ok(())
        } else {
            Err((key.to_owned(), format!("must be between {low} and {high} {unit}, not {value}")))
        }
    }
    let page = &style.page;
    within("page.width_mm", page.width_mm, 50.0, 2000.0, "mm")?;
    within("page.height_mm", page.height_mm, 50.0, 2000.0, "mm")?;
    for (key, margin) in [
        ("top_mm", page.top_mm),
        ("bottom_mm", page.bottom_mm),
        ("left_mm", page.left_mm),
        ("right_mm", page.right_mm),
    ] {
        within(&format!("page.{key}"), margin, 0.0, 500.0, "mm")?;
    }
    if page.text_width_mm() < 30.0 {
        return Err((
            "page.left_mm".into(),
            format!(
                "the margins leave {:.1} mm of text width; at least 30 mm are needed",
                page.text_width_mm()
            ),
        ));
    }
    if page.text_height_mm() < 30.0 {
        return Err((
            "page.top_mm".into(),
            format!(
                "the margins leave {:.1} mm of text height; at least 30 mm are needed",
                page.text_height_mm()
            ),
        ));
    }
    let texts = [
        ("body", &style.body),
        ("title", &style.title),
        ("subtitle", &style.subtitle),
        ("byline", &style.byline),
        ("quote", &style.quote),
        ("footnote", &style.footnote),
        ("code", &style.code),
        ("official.doc_number", &style.official.doc_number),
        ("official.letterhead", &style.official.letterhead),
        ("official.decree", &style.official.decree),
        ("official.attachment_label", &style.official.attachment_label),
        ("official.attachment_title", &style.official.attachment_title),
        ("official.record", &style.official.record),
    ];
    let headings = style.headings.iter().enumerate().map(|(i, h)| (format!("headings.{}", i + 1), h));
    for (table, text) in texts.into_iter().map(|(k, t)| (k.to_owned(), t)).chain(headings) {
        within(&format!("{table}.size_pt"), text.size_pt, 4.0, 200.0, "pt")?;
        within(
            &format!("{table}.line_pitch_pt"),
            text.line_pitch_pt,
            text.size_pt * 0.8,
            text.size_pt * 10.0,
            "pt (0.8 to 10 times the size)",
        )?;
        within(&format!("{table}.indent_em"), text.indent_em, -10.0, 20.0, "em")?;
        within(&format!("{table}.space_before_pt"), text.space_before_pt, 0.0, 500.0, "pt")?;
        within(&format!("{table}.space_after_pt"), text.space_after_pt, 0.0, 500.0, "pt")?;
    }
    if let Some(chars) = style.grid_chars {
        within("grid_chars", chars as f32, 1.0, 200.0, "characters")?;
    }
    within("page_numbers.size_pt", style.page_numbers.size_pt, 4.0, 72.0, "pt")?;
    within("page_numbers.inset_em", style.page_numbers.inset_em, 0.0, 20.0, "em")?;
    within(
        "page_numbers.below_text_mm",
        style.page_numbers.below_text_mm,
        0.0,
        page.bottom_mm.max(0.0),
        "mm (the bottom margin)",
    )?;
    if let Some(sink) = style.chapter_sink_pt {
        within(
            "chapter_sink_pt",
            sink,
            0.0,
            page.text_height_mm() * super::PT_PER_MM / 2.0,
            "pt (half the text height)",
        )?;
    }
    if let Some(head) = &style.running_head {
        within("running_head.size_pt", head.size_pt, 4.0, 72.0, "pt")?;
        within(
            "running_head.baseline_above_text_mm",
            head.baseline_above_text_mm,
            0.0,
            page.top_mm.max(0.0),
            "mm (the top margin)",
        )?;
        within(
            "running_head.rule_above_text_mm",
            head.rule_above_text_mm,
            0.0,
            page.top_mm.max(0.0),
            "mm (the top margin)",
        )?;
        within("running_head.rule_width_pt", head.rule_width_pt, 0.0, 5.0, "pt")?;
    }
    within("table.cell_padding_em", style.table.cell_padding_em, 0.0, 2.0, "em")?;
    // Word draws borders of ¼ to 12 pt; a rule under ⅒ pt vanishes in print.
    within("rules.table_pt", style.rules.table_pt, 0.1, 12.0, "pt")?;
    within("rules.horizontal_pt", style.rules.horizontal_pt, 0.1, 12.0, "pt")?;
    within("rules.horizontal_share", style.rules.horizontal_share, 0.05, 1.0, "(a share of the text width)")?;
    within("nesting.quote_em", style.nesting.quote_em, 0.0, 10.0, "em")?;
    within("nesting.list_em", style.nesting.list_em, 0.0, 10.0, "em")?;
    within(
        "nesting.min_measure_share",
        style.nesting.min_measure_share,
        0.1,
        1.0,
        "(a share of the text width)",
    )?;
    let roles = &style.roles;
    for (key, placement) in [
        ("salutation", &roles.salutation),
        ("contents", &roles.contents),
        ("note", &roles.note),
        ("attachment", &roles.attachment),
        ("attachment_more", &roles.attachment_more),
    ] {
        within(&format!("roles.{key}.left_em"), placement.left_em, 0.0, 20.0, "em")?;
        // A first line hung further out than the others are indented would stand in the margin.
        within(
            &format!("roles.{key}.first_em"),
            placement.first_em,
            -placement.left_em,
            20.0,
            "em (no further out than left_em hangs it)",
        )?;
    }
    within("roles.attachment_space_lines", roles.attachment_space_lines, 0.0, 5.0, "lines")?;
    within("image_px_per_inch", style.image_px_per_inch, 10.0, 2400.0, "pixels per inch")?;
    // A stroke past a fifth of an em fills the counters of a Han character; a slant past ½ (27°) topples.
    within("synthesis.bold_stroke_em", style.synthesis.bold_stroke_em, 0.0, 0.2, "em")?;
    within("synthesis.slant", style.synthesis.slant, 0.0, 0.5, "(the tangent of the angle)")?;
    let closing = &style.closing;
    within("closing.space_lines", closing.space_lines, 0.0, 10.0, "lines")?;
    within("closing.signature_right_em", closing.signature_right_em, 0.0, 20.0, "em")?;
    if let Some(after) = closing.date_after_signature_em {
        within("closing.date_after_signature_em", after, 0.0, 20.0, "em")?;
    }
    within("closing.date_right_em", closing.date_right_em, 0.0, 20.0, "em")?;
    within("closing.sealed_space_lines", closing.sealed_space_lines, 0.0, 10.0, "lines")?;
    within("closing.sealed_date_right_em", closing.sealed_date_right_em, 0.0, 20.0, "em")?;
    let official = &style.official;
    let text_mm = page.text_height_mm();
    within(
        "official.letterhead_top_mm",
        official.letterhead_top_mm,
        0.0,
        text_mm / 2.0,
        "mm (half the text height)",
    )?;
    within(
        "official.decree_top_mm",
        official.decree_top_mm,
        0.0,
        text_mm / 2.0,
        "mm (half the text height)",
    )?;
    within("official.number_space_lines", official.number_space_lines, 0.0, 10.0, "lines")?;
    within("official.rule_below_number_mm", official.rule_below_number_mm, 0.0, 50.0, "mm")?;
    within("official.rule_pt", official.rule_pt, 0.1, 12.0, "pt")?;
    within("official.title_space_lines", official.title_space_lines, 0.0, 10.0, "lines")?;
    within(
        "official.attachment_title_line",
        official.attachment_title_line as f32,
        1.0,
        10.0,
        "(a line of the page)",
    )?;
    within("official.record_inset_em", official.record_inset_em, 0.0, 10.0, "em")?;
    within("official.record_outer_rule_mm", official.record_outer_rule_mm, 0.0, 5.0, "mm")?;
    within("official.record_inner_rule_mm", official.record_inner_rule_mm, 0.0, 5.0, "mm")?;
    within("figures.caption_room_lines", style.figures.caption_room_lines, 0.0, 10.0, "lines")?;
    within("notes.separation_pt", style.notes.separation_pt, 0.0, 72.0, "pt")?;
    within("notes.rule_pt", style.notes.rule_pt, 0.0, 5.0, "pt")?;
    within("notes.rule_share", style.notes.rule_share, 0.0, 1.0, "(a share of the measure)")?;
    within("notes.max_page_share", style.notes.max_page_share, 0.1, 0.9, "(a share of the page)")?;
    within("scripts.size_ratio", style.scripts.size_ratio, 0.3, 1.0, "(a share of the surrounding size)")?;
    within("scripts.superscript_rise_em", style.scripts.superscript_rise_em, 0.0, 1.0, "em")?;
    within("scripts.subscript_drop_em", style.scripts.subscript_drop_em, 0.0, 1.0, "em")?;
    let print = &style.print;
    within("print.bleed_mm", print.bleed_mm, 0.0, 50.0, "mm")?;
    within("print.mark_offset_mm", print.mark_offset_mm, 0.0, 50.0, "mm")?;
    within("print.mark_length_mm", print.mark_length_mm, 0.0, 50.0, "mm")?;
    within("print.mark_width_pt", print.mark_width_pt, 0.0, 5.0, "pt")?;
    super::check_combination(&print.pdf_standards).map_err(|e| ("print.pdf_standards".to_owned(), e))?;
    let displays = &style.displays;
    within("displays.space_pt", displays.space_pt, 0.0, 72.0, "pt")?;
    within("displays.code_inset_em", displays.code_inset_em, 0.0, 10.0, "em")?;
    within("displays.code_padding_pt", displays.code_padding_pt, 0.0, 36.0, "pt")?;
    for (face, family) in crate::fonts::Face::ALL.into_iter().map(|f| (f, style.fonts.get(f))) {
        if family.trim().is_empty() {
            let key = format!("fonts.{}", face.key());
            return Err((
                key,
                "a font family name is needed (the bundled one is written by `paiban style --dump`)".into(),
            ));
        }
    }
    Ok(())
}

/// `Option` fields written as their value, or `false` when off: TOML has no null, and a style file must be
/// able to switch off what its base preset has (`running_head = false`).
pub(super) mod switch {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub fn serialize<S: Serializer, T: Serialize>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(value) => value.serialize(serializer),
            None => serializer.serialize_bool(false),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>, T: Deserialize<'de>>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Switch<T> {
            Off(bool),
            On(T),
        }
        match Switch::<T>::deserialize(deserializer) {
            Ok(Switch::Off(false)) => Ok(None),
            Ok(Switch::Off(true)) => Err(serde::de::Error::custom(
                "`true` is not a setting: give the setting, or false to switch it off",
            )),
            Ok(Switch::On(value)) => Ok(Some(value)),
            Err(_) => Err(serde::de::Error::custom(
                "expected the setting (as the dumped preset writes it), or false to switch it off",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fonts::Face;

    fn error(text: &str) -> StyleFileError {
        let error = parse(text).expect_err("the file is refused");
        eprintln!("{error}");
        error
    }

    #[test]
    fn a_file_changes_only_the_keys_it_names_over_its_base() {
        let style = parse("base = \"gongwen\"\n[page]\nleft_mm = 30\n\n[[headings]]\nface = \"kai\"\n")
            .expect("reads");
        let gongwen = Style::preset(StyleName::Gongwen);
        assert_eq!(style.page.left_mm, 30.0);
        assert_eq!(style.headings[0].face, Face::Kai);
        assert_eq!(style.headings[1..], gongwen.headings[1..]);
        assert_eq!(Style { page: gongwen.page, headings: gongwen.headings, ..style }, gongwen);
        assert_eq!(
            parse("").expect("an empty file is the default preset"),
            Style::preset(StyleName::default())
        );
    }

    #[test]
    fn false_switches_off_what_the_base_has() {
        let style = parse("base = \"book\"\nrunning_head = false\nchapter_sink_pt = false\n").expect("reads");
        assert_eq!((style.running_head, style.chapter_sink_pt), (None, None));
        let style = parse("base = \"report\"\ngrid_chars = 30\n").expect("reads");
        assert_eq!(style.grid_chars, Some(30));
        let e = error("base = \"report\"\ngrid_chars = true\n");
        assert_eq!((e.line, e.key.as_deref()), (Some(2), Some("grid_chars")));
    }

    #[test]
    fn a_typo_names_the_key_its_line_and_the_keys_there_are() {
        let e = error("base = \"gongwen\"\n\n[page]\nleft_mm = 30\nwidht_mm = 200\n");
        assert_eq!((e.line, e.key.as_deref()), (Some(5), Some("page.widht_mm")));
        assert!(e.message.contains("width_mm"), "{e}");
        let e = error("base = \"gongwen\"\nmargins = 3\n");
        assert_eq!((e.line, e.key.as_deref()), (Some(2), Some("margins")));
        let e = error("base = \"novel\"\n");
        assert_eq!((e.line, e.key.as_deref()), (Some(1), Some("base")));
        assert!(e.message.contains("gongwen, book and report"), "{e}");
    }

    #[test]
    fn a_value_of_the_wrong_kind_names_its_key_and_line() {
        let e = error("base = \"book\"\n[body]\nsize_pt = \"big\"\n");
        assert_eq!((e.line, e.key.as_deref()), (Some(3), Some("body.size_pt")));
        assert!(e.message.contains("expected a number"), "{e}");
        let e = error(
            "[title]\nalign = \"center\"\n[[headings]]\nsize_pt = 14\n[[headings]]\nface = \"comic\"\n",
        );
        assert_eq!((e.line, e.key.as_deref()), (Some(6), Some("headings.2.face")));
        assert!(e.message.contains("comic"), "{e}");
    }

    #[test]
    fn numbers_that_cannot_be_typeset_are_refused() {
        let e = error("base = \"gongwen\"\n[body]\nsize_pt = 0\n");
        assert_eq!((e.line, e.key.as_deref()), (Some(3), Some("body.size_pt")));
        let e = error("[page]\nleft_mm = 100\nright_mm = 100\n");
        assert_eq!(e.key.as_deref(), Some("page.left_mm"));
        let e = error("[[headings]]\n[[headings]]\nsize_pt = nan\n");
        assert_eq!((e.line, e.key.as_deref()), (Some(3), Some("headings.2.size_pt")));
        let e = error("[fonts]\nkai = \" \"\n");
        assert_eq!((e.line, e.key.as_deref()), (Some(2), Some("fonts.kai")));
        let e = error("[rules]\ntable_pt = 0\n");
        assert_eq!((e.line, e.key.as_deref()), (Some(2), Some("rules.table_pt")));
        // A first line hung out further than the others are indented would stand in the margin.
        let e = error("[roles.attachment]\nleft_em = 2\nfirst_em = -3\n");
        assert_eq!((e.line, e.key.as_deref()), (Some(3), Some("roles.attachment.first_em")));
        let e = error("image_px_per_inch = 0\n");
        assert_eq!((e.line, e.key.as_deref()), (Some(1), Some("image_px_per_inch")));
        let e = error("[synthesis]\nslant = 2\n");
        assert_eq!((e.line, e.key.as_deref()), (Some(2), Some("synthesis.slant")));
    }

    #[test]
    fn link_colours_are_hex_or_false() {
        let style = parse("[links]\ncolor = \"#c00000\"\n").expect("reads");
        assert_eq!(style.links.color, Some(crate::style::Rgb([0xC0, 0, 0])));
        let style = parse("[links]\ncolor = false\n").expect("reads");
        assert_eq!(style.links.color, None);
        let e = error("base = \"book\"\n[links]\ncolor = \"blue\"\n");
        assert_eq!((e.line, e.key.as_deref()), (Some(3), Some("links.color")));
    }

    #[test]
    fn broken_toml_names_its_line() {
        let e = error("base = \"gongwen\"\n[page\nleft_mm = 3\n");
        assert_eq!(e.line, Some(2));
        assert!(e.message.starts_with("not valid TOML"), "{e}");
        let e = error("[[headings]]\n[[headings]]\n[[headings]]\n[[headings]]\n[[headings]]\n");
        assert_eq!(e.key.as_deref(), Some("headings"));
    }
}
