//! A vertical book's stylesheet (竖排): the horizontal one turned a quarter, and the rules of vertical text.
//!
//! The stylesheet is written for horizontal text in physical properties, which every reading system knows.
//! In `vertical-rl` the block flow runs from right to left and lines from top to bottom, so what the
//! horizontal sheet put above a block (its space before) goes to its right, its left indent to the top,
//! and widths become heights: [`turned`] rewrites each declaration so.

use std::fmt::Write as _;

/// Each physical side and dimension of horizontal text, and where it goes in `vertical-rl`.
const TURNS: [(&str, &str); 8] = [
    ("top", "right"),
    ("right", "bottom"),
    ("bottom", "left"),
    ("left", "top"),
    ("width", "height"),
    ("height", "width"),
    ("100vh", "100vw"),
    ("100vw", "100vh"),
];

/// `css` (the horizontal stylesheet) turned for `vertical-rl`, followed by the rules of vertical text:
/// the writing mode on the root (with the `-epub-` and `-webkit-` prefixes older reading systems read),
/// Latin set sideways, a number of one or two digits upright in one square (`span.tcy`).
pub(in crate::backend::epub) fn vertical(css: &str) -> String {
    let mut out = String::with_capacity(css.len() + 600);
    for line in css.lines() {
        out.push_str(&turned(line));
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "html {{ writing-mode: vertical-rl; -epub-writing-mode: vertical-rl; -webkit-writing-mode: vertical-rl; }}"
    );
    let _ = writeln!(
        out,
        "body {{ text-orientation: mixed; -epub-text-orientation: mixed; -webkit-text-orientation: mixed; }}"
    );
    let _ = writeln!(
        out,
        "span.tcy {{ text-combine-upright: all; -epub-text-combine: horizontal; -webkit-text-combine: horizontal; }}"
    );
    out
}

/// One rule of the horizontal sheet with each declaration's property and physical values turned.
fn turned(rule: &str) -> String {
    let (Some(open), Some(close)) = (rule.find('{'), rule.rfind('}')) else { return rule.to_owned() };
    let (selector, body) = (&rule[..=open], &rule[open + 1..close]);
    let mut out = String::from(selector);
    for declaration in body.split(';').map(str::trim).filter(|d| !d.is_empty()) {
        let Some((property, value)) = declaration.split_once(':') else { continue };
        let (property, value) = (property.trim(), value.trim());
        // `@font-face` and `content` strings are not geometry.
        let value = if selector.starts_with("@font-face") || property == "content" {
            value.to_owned()
        } else {
            turned_value(property, value)
        };
        let _ = write!(out, " {}: {value};", turned_property(property));
    }
    out.push_str(" }");
    out
}

/// `margin-left` → `margin-top`, `max-width` → `max-height`, `border-top` → `border-right`, …; a property of
/// no side or box dimension (`line-height`, `text-indent`) is kept.
fn turned_property(property: &str) -> String {
    let geometric = ["margin", "padding", "border", "width", "height", "max-", "min-"]
        .iter()
        .any(|start| property.starts_with(start));
    if !geometric {
        return property.to_owned();
    }
    property
        .split('-')
        .map(|part| TURNS.iter().find(|(from, _)| *from == part).map_or(part, |(_, to)| to))
        .collect::<Vec<_>>()
        .join("-")
}

/// A four-side shorthand (`margin: t r b l`) turned; a two-value one (`t/b l/r`) swaps its halves; viewport
/// units swap axes. Other values are kept.
fn turned_value(property: &str, value: &str) -> String {
    let sides = matches!(property, "margin" | "padding");
    let parts: Vec<&str> = value.split_whitespace().collect();
    match (sides, parts.as_slice()) {
        // The box turns: its top side is now its right, its left its top.
        (true, [top, right, bottom, left]) => format!("{left} {top} {right} {bottom}"),
        (true, [vertical, horizontal]) => format!("{horizontal} {vertical}"),
        (true, [top, horizontal, bottom]) => format!("{horizontal} {top} {horizontal} {bottom}"),
        _ => parts
            .iter()
            .map(|part| TURNS.iter().find(|(from, _)| from == part).map_or(*part, |(_, to)| to))
            .collect::<Vec<_>>()
            .join(" "),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_rule_turns_a_quarter() {
        assert_eq!(
            turned("h1 { margin: 1em 0 0.5em 0; text-indent: 2em; }"),
            "h1 { margin: 0 1em 0 0.5em; text-indent: 2em; }"
        );
        assert_eq!(
            turned("blockquote { margin-left: 2em; padding-top: 0; }"),
            "blockquote { margin-top: 2em; padding-right: 0; }"
        );
        assert_eq!(
            turned("img { max-width: 100%; height: auto; }"),
            "img { max-height: 100%; width: auto; }"
        );
        assert_eq!(
            turned("hr { margin: 0.9em 25%; border-top: 1pt solid; }"),
            "hr { margin: 25% 0.9em; border-right: 1pt solid; }"
        );
        assert_eq!(
            turned("section.cover img { max-height: 100vh; }"),
            "section.cover img { max-width: 100vw; }"
        );
        assert_eq!(turned("/* nothing */"), "/* nothing */");
        assert_eq!(turned("p { line-height: 1.5; }"), "p { line-height: 1.5; }");
    }

    #[test]
    fn the_sheet_sets_vertical_writing() {
        let css = vertical("p { margin: 0; }\n");
        assert!(css.starts_with("p { margin: 0; }\n"), "{css}");
        for wanted in ["writing-mode: vertical-rl;", "text-orientation: mixed;", "text-combine-upright: all;"]
        {
            assert!(css.contains(wanted), "{wanted}: {css}");
        }
    }
}
