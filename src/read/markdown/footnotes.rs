//! Footnotes: definitions are collected while reading and copied to where they are referenced
//! (`Inline::Note`), since a definition may follow its references.
//!
//! Copying is what makes hostile footnotes expensive (a note referring to itself N times used to cost
//! O(N³)), so it is bounded three ways: a note that refers to itself, directly or through other notes,
//! shows as its `[^label]` where it recurs; the copies of one document together may not exceed
//! [`budget`], beyond which references stay as their `[^label]` text; and a copy is flattened to fit under
//! [`MAX_DEPTH`] where it lands (a reference too deep for a note at all has the note's text set inline, in
//! brackets). Each is reported once per document with the line of the first reference it concerned.

use crate::diag::{Diagnostic, Kind};
use crate::model::{Block, Inline, MAX_DEPTH};
use std::collections::{BTreeMap, BTreeSet};

/// Marks a footnote reference until the definitions are known: a note holding a code block whose text no
/// Markdown can write (CommonMark replaces NUL), this mark and the reference's index. A note, so that
/// `plain_text` (image descriptions, HTML `<code>`) skips it as it skips notes.
const FOOTNOTE_MARK: char = '\0';

/// What one copied node costs against the budget, besides its text: about the memory a node takes.
const NODE_COST: usize = 32;

/// The copying budget of a document of `input_len` bytes, in bytes of text plus [`NODE_COST`] per node:
/// twice the input plus 1 MiB. A document references each note about once, so its copies weigh about as
/// much as its definitions, which are part of the input; the factor 2 and the constant leave room for notes
/// referenced many times over ("ibid."), while a hostile file can make the reader copy no more than about
/// three times its own size (the cost is close to the memory the copies take), and the outputs grow no more.
pub fn budget(input_len: usize) -> usize {
    input_len.saturating_mul(2).saturating_add(1 << 20)
}

/// A footnote definition as read.
struct Definition {
    blocks: Vec<Block>,
    /// What one copy costs ([`NODE_COST`] per node plus its text).
    cost: usize,
    /// What its text set inline costs: the text alone.
    text_cost: usize,
    /// Its depth counted from its blocks (which are at depth 1).
    depth: usize,
}

/// A reference, in reading order.
struct Reference {
    label: String,
    line: usize,
}

/// The footnotes of one document: definitions and references as the reader meets them.
#[derive(Default)]
pub struct Footnotes {
    definitions: BTreeMap<String, Definition>,
    references: Vec<Reference>,
    /// Definitions of a label already defined: how many, and the first (line, label).
    duplicates: Option<(usize, usize, String)>,
}

/// What resolving the footnotes of a document has to report.
pub struct Resolved {
    /// Warnings: notes referring to themselves, the budget spent, notes never referenced.
    pub diagnostics: Vec<Diagnostic>,
    /// The first line of a reference whose note had to be flattened to fit under [`MAX_DEPTH`].
    pub flattened_at: Option<usize>,
}

impl Footnotes {
    /// Records a definition found at `line`; the first of several with one label wins, as in GFM, and the
    /// others are reported.
    pub fn define(&mut self, label: String, blocks: Vec<Block>, line: usize) {
        if self.definitions.contains_key(&label) {
            let (count, _, _) = self.duplicates.get_or_insert((0, line, label));
            *count += 1;
            return;
        }
        self.definitions.entry(label).or_insert_with(|| {
            let (cost, depth) = measure(&blocks);
            let text_cost = leaves(&blocks)
                .iter()
                .map(|leaf| match leaf {
                    Leaf::Text(text) => text.len(),
                    Leaf::Reference(_) => 2,
                })
                .sum::<usize>()
                + 2;
            Definition { blocks, cost, text_cost, depth }
        });
    }

    /// A placeholder for a reference to `label` at `line`, replaced by [`Footnotes::resolve`]. It is a leaf
    /// of the model until then.
    pub fn reference(&mut self, label: String, line: usize) -> Inline {
        let index = self.references.len();
        self.references.push(Reference { label, line });
        Inline::Note(vec![Block::Code { lang: None, text: format!("{FOOTNOTE_MARK}{index}") }])
    }

    /// Replaces every placeholder in `blocks` (at depth 1) by its note, within `budget`.
    pub fn resolve(self, blocks: &mut [Block], budget: usize) -> Resolved {
        let mut resolver = Resolver {
            definitions: &self.definitions,
            references: &self.references,
            budget,
            open: BTreeSet::new(),
            referenced: BTreeSet::new(),
            recursion: None,
            exhausted: None,
            flattened_at: None,
        };
        resolver.blocks(blocks, 1);
        let mut diagnostics = Vec::new();
        if let Some((line, label)) = resolver.recursion {
            diagnostics.push(
                Diagnostic::warning(
                    Kind::Dropped,
                    format!(
                        "footnote [^{label}] refers to itself (directly or through other notes); shown as its \
                         label where it recurs"
                    ),
                )
                .at(format!("line {line}")),
            );
        }
        if let Some(line) = resolver.exhausted {
            diagnostics.push(
                Diagnostic::warning(
                    Kind::Dropped,
                    format!(
                        "footnotes are copied to each reference, and these would copy more than {} MB; from \
                         here on references are shown as their [^label]",
                        budget >> 20
                    ),
                )
                .at(format!("line {line}")),
            );
        }
        if let Some((count, line, label)) = &self.duplicates {
            diagnostics.push(
                Diagnostic::warning(
                    Kind::Dropped,
                    format!(
                        "footnote [^{label}] is defined again here ({count} definition(s) of labels already \
                         defined in all); the first definition of a label is used, the others are omitted"
                    ),
                )
                .at(format!("line {line}")),
            );
        }
        let unused: Vec<String> = self
            .definitions
            .keys()
            .filter(|label| !resolver.referenced.contains(label.as_str()))
            .map(|label| format!("[^{label}]"))
            .collect();
        if !unused.is_empty() {
            diagnostics.push(Diagnostic::warning(
                Kind::Dropped,
                format!("footnote(s) defined but never referenced, omitted: {}", unused.join(" ")),
            ));
        }
        Resolved { diagnostics, flattened_at: resolver.flattened_at }
    }
}

/// The reference index of a placeholder.
fn placeholder(inline: &Inline) -> Option<usize> {
    match inline {
        Inline::Note(blocks) => match blocks.as_slice() {
            [Block::Code { lang: None, text }] => text.strip_prefix(FOOTNOTE_MARK)?.parse().ok(),
            _ => None,
        },
        _ => None,
    }
}

struct Resolver<'a> {
    definitions: &'a BTreeMap<String, Definition>,
    references: &'a [Reference],
    /// What copies may still cost.
    budget: usize,
    /// Notes being copied into (where a reference to one of them recurs).
    open: BTreeSet<&'a str>,
    /// Labels met in a reference, placed or not.
    referenced: BTreeSet<&'a str>,
    recursion: Option<(usize, &'a str)>,
    exhausted: Option<usize>,
    flattened_at: Option<usize>,
}

impl<'a> Resolver<'a> {
    fn blocks(&mut self, blocks: &mut [Block], depth: usize) {
        for block in blocks {
            match block {
                Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
                    self.inlines(content, depth + 1)
                }
                Block::List { items, .. } => items.iter_mut().for_each(|item| self.blocks(item, depth + 1)),
                Block::Quote { blocks } => self.blocks(blocks, depth + 1),
                Block::Table(table) => table
                    .head
                    .iter_mut()
                    .chain(&mut table.body)
                    .flatten()
                    .for_each(|cell| self.inlines(cell, depth + 1)),
                Block::Figure { caption, .. } => self.inlines(caption, depth + 1),
                Block::Attachment { title, blocks, .. } => {
                    self.inlines(title, depth + 1);
                    self.blocks(blocks, depth + 1);
                }
                Block::Code { .. } | Block::Rule | Block::PageBreak => {}
            }
        }
    }

    /// Resolves the placeholders of `inlines`, which are at `depth`. Recursion: one level per note placed
    /// inside a note, and each adds at least two levels of depth, so it stays under [`MAX_DEPTH`] / 2.
    fn inlines(&mut self, inlines: &mut Vec<Inline>, depth: usize) {
        let mut labels = false;
        for inline in inlines.iter_mut() {
            if let Some(index) = placeholder(inline) {
                *inline = self.note(index, depth);
                labels |= matches!(inline, Inline::Text(_));
                continue;
            }
            match inline {
                Inline::Emph(c)
                | Inline::Strong(c)
                | Inline::Strike(c)
                | Inline::Superscript(c)
                | Inline::Subscript(c)
                | Inline::Link { content: c, .. } => self.inlines(c, depth + 1),
                Inline::Note(blocks) => self.blocks(blocks, depth + 1),
                _ => {}
            }
        }
        if labels {
            merge_text(inlines);
        }
    }

    /// The definition reference `index` may copy, the copy charged (as blocks, or as text when `inline`);
    /// else the label it stays as (undefined, recurring, or over the budget).
    fn admit(
        &mut self,
        index: usize,
        nested: &BTreeSet<&str>,
        inline: bool,
    ) -> Result<&'a Definition, &'a str> {
        let Some(reference) = self.references.get(index) else { return Err("") };
        let label = reference.label.as_str();
        self.referenced.insert(label);
        let Some(definition) = self.definitions.get(label) else { return Err(label) };
        if self.open.contains(label) || nested.contains(label) {
            self.recursion.get_or_insert((reference.line, label));
            return Err(label);
        }
        let cost = if inline { definition.text_cost } else { definition.cost };
        if cost > self.budget {
            self.exhausted.get_or_insert(reference.line);
            return Err(label);
        }
        self.budget -= cost;
        Ok(definition)
    }

    fn flattened(&mut self, index: usize) {
        if let Some(reference) = self.references.get(index) {
            let line = self.flattened_at.map_or(reference.line, |first| first.min(reference.line));
            self.flattened_at = Some(line);
        }
    }

    /// The note for reference `index`, whose `Inline::Note` would sit at `depth`.
    fn note(&mut self, index: usize, depth: usize) -> Inline {
        // A note needs a paragraph and its text below it; where there is no room, its text goes inline.
        let inline = depth + 2 > MAX_DEPTH;
        let definition = match self.admit(index, &BTreeSet::new(), inline) {
            Ok(definition) => definition,
            Err(label) => return Inline::Text(format!("[^{label}]")),
        };
        let label = self.references[index].label.as_str();
        if inline {
            self.flattened(index);
            return Inline::Text(self.inline_text(label, definition));
        }
        let mut blocks = definition.blocks.clone();
        if depth + definition.depth > MAX_DEPTH {
            self.flattened(index);
            blocks = fit_blocks(blocks, depth + 1);
        }
        self.open.insert(label);
        self.blocks(&mut blocks, depth + 1);
        self.open.remove(label);
        Inline::Note(blocks)
    }

    /// A note's text, with the notes it refers to, in brackets: `[注文[内注]]`. Iterative, so a chain of
    /// notes of any length costs no stack.
    fn inline_text(&mut self, label: &'a str, definition: &'a Definition) -> String {
        let mut out = String::from("[");
        let mut nested: BTreeSet<&str> = BTreeSet::from([label]);
        let mut pending: Vec<(&str, std::vec::IntoIter<Leaf>)> =
            vec![(label, leaves(&definition.blocks).into_iter())];
        while let Some((_, items)) = pending.last_mut() {
            match items.next() {
                Some(Leaf::Text(text)) => out.push_str(&text),
                Some(Leaf::Reference(index)) => match self.admit(index, &nested, true) {
                    Ok(inner) => {
                        let inner_label = self.references[index].label.as_str();
                        nested.insert(inner_label);
                        out.push('[');
                        pending.push((inner_label, leaves(&inner.blocks).into_iter()));
                    }
                    Err(inner_label) => out.push_str(&format!("[^{inner_label}]")),
                },
                None => {
                    if let Some((done, _)) = pending.pop() {
                        nested.remove(done);
                    }
                    out.push(']');
                }
            }
        }
        out
    }
}

/// Joins adjacent text runs (where references became their labels), so that a note referring to itself
/// many times is one run of text, not one node per label.
fn merge_text(inlines: &mut Vec<Inline>) {
    let mut merged: Vec<Inline> = Vec::with_capacity(inlines.len());
    for inline in inlines.drain(..) {
        match (merged.last_mut(), inline) {
            (Some(Inline::Text(previous)), Inline::Text(text)) => previous.push_str(&text),
            (_, inline) => merged.push(inline),
        }
    }
    *inlines = merged;
}

/// A piece of a note set inline: text, or a reference to expand.
enum Leaf {
    Text(String),
    Reference(usize),
}

/// The text of `blocks` in order, blocks separated by a space, references left to expand.
fn leaves(blocks: &[Block]) -> Vec<Leaf> {
    fn push_text(out: &mut Vec<Leaf>, text: &str) {
        match out.last_mut() {
            Some(Leaf::Text(previous)) => previous.push_str(text),
            _ => out.push(Leaf::Text(text.to_owned())),
        }
    }
    fn inlines(content: &[Inline], out: &mut Vec<Leaf>) {
        for inline in content {
            if let Some(index) = placeholder(inline) {
                out.push(Leaf::Reference(index));
                continue;
            }
            match inline {
                Inline::Text(text) | Inline::Code(text) => push_text(out, text),
                Inline::Emph(c)
                | Inline::Strong(c)
                | Inline::Strike(c)
                | Inline::Superscript(c)
                | Inline::Subscript(c)
                | Inline::Link { content: c, .. } => inlines(c, out),
                Inline::Image(image) => push_text(out, &image.alt),
                Inline::LineBreak => push_text(out, " "),
                Inline::Note(blocks) => walk(blocks, out),
            }
        }
    }
    fn walk(blocks: &[Block], out: &mut Vec<Leaf>) {
        for block in blocks {
            if !out.is_empty() {
                push_text(out, " ");
            }
            match block {
                Block::Heading { content, .. } | Block::Paragraph { content, .. } => inlines(content, out),
                Block::List { items, .. } => items.iter().for_each(|item| walk(item, out)),
                Block::Quote { blocks } => walk(blocks, out),
                Block::Table(table) => {
                    table.head.iter().chain(&table.body).flatten().for_each(|cell| inlines(cell, out))
                }
                Block::Figure { caption, .. } => inlines(caption, out),
                Block::Attachment { label, title, blocks } => {
                    push_text(out, label);
                    inlines(title, out);
                    walk(blocks, out);
                }
                Block::Code { text, .. } => push_text(out, text),
                Block::Rule | Block::PageBreak => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(blocks, &mut out);
    out
}

/// The cost of copying `blocks` and their depth (blocks at depth 1; a placeholder counts as a leaf). The
/// reader built them at most [`MAX_DEPTH`] deep, which bounds the recursion.
fn measure(blocks: &[Block]) -> (usize, usize) {
    fn inlines(content: &[Inline], depth: usize, cost: &mut usize) -> usize {
        let mut deepest = depth;
        for inline in content {
            *cost += NODE_COST;
            if placeholder(inline).is_some() {
                continue;
            }
            let below = match inline {
                Inline::Text(text) | Inline::Code(text) => {
                    *cost += text.len();
                    depth
                }
                Inline::Emph(c)
                | Inline::Strong(c)
                | Inline::Strike(c)
                | Inline::Superscript(c)
                | Inline::Subscript(c) => inlines(c, depth + 1, cost),
                Inline::Link { url, content } => {
                    *cost += url.len();
                    inlines(content, depth + 1, cost)
                }
                Inline::Image(image) => {
                    *cost += image.src.len() + image.alt.len();
                    depth
                }
                Inline::LineBreak => depth,
                Inline::Note(blocks) => walk(blocks, depth + 1, cost),
            };
            deepest = deepest.max(below);
        }
        deepest
    }
    fn walk(blocks: &[Block], depth: usize, cost: &mut usize) -> usize {
        let mut deepest = depth;
        for block in blocks {
            *cost += NODE_COST;
            let below = match block {
                Block::Heading { content, .. } | Block::Paragraph { content, .. } => {
                    inlines(content, depth + 1, cost)
                }
                Block::List { items, .. } => {
                    items.iter().map(|item| walk(item, depth + 1, cost)).max().unwrap_or(depth)
                }
                Block::Quote { blocks } => walk(blocks, depth + 1, cost),
                Block::Table(table) => table
                    .head
                    .iter()
                    .chain(&table.body)
                    .flatten()
                    .map(|cell| inlines(cell, depth + 1, cost))
                    .max()
                    .unwrap_or(depth),
                Block::Figure { image, caption } => {
                    *cost += image.src.len() + image.alt.len();
                    inlines(caption, depth + 1, cost)
                }
                Block::Code { text, .. } => {
                    *cost += text.len();
                    depth
                }
                Block::Attachment { label, title, blocks } => {
                    *cost += label.len();
                    inlines(title, depth + 1, cost).max(walk(blocks, depth + 1, cost))
                }
                Block::Rule | Block::PageBreak => depth,
            };
            deepest = deepest.max(below);
        }
        deepest
    }
    let mut cost = 0;
    let depth = walk(blocks, 1, &mut cost);
    (cost, depth)
}

/// `blocks`, placed at `depth`, with every container that would reach below [`MAX_DEPTH`] replaced by its
/// content (its text kept, in order). The caller guarantees a paragraph with text fits at `depth`.
fn fit_blocks(blocks: Vec<Block>, depth: usize) -> Vec<Block> {
    let mut out = Vec::with_capacity(blocks.len());
    for block in blocks {
        match block {
            Block::Quote { blocks } if depth + 2 > MAX_DEPTH => out.extend(fit_blocks(blocks, depth)),
            Block::Quote { blocks } => out.push(Block::Quote { blocks: fit_blocks(blocks, depth + 1) }),
            Block::List { items, .. } if depth + 2 > MAX_DEPTH => {
                out.extend(items.into_iter().flat_map(|item| fit_blocks(item, depth)))
            }
            Block::List { ordered, start, items } => out.push(Block::List {
                ordered,
                start,
                items: items.into_iter().map(|item| fit_blocks(item, depth + 1)).collect(),
            }),
            Block::Heading { level, content } => {
                out.push(Block::Heading { level, content: fit_inlines(content, depth + 1) })
            }
            Block::Paragraph { role, content } => {
                out.push(Block::Paragraph { role, content: fit_inlines(content, depth + 1) })
            }
            Block::Table(mut table) => {
                for row in table.head.iter_mut().chain(&mut table.body) {
                    for cell in row.iter_mut() {
                        *cell = fit_inlines(std::mem::take(cell), depth + 1);
                    }
                }
                out.push(Block::Table(table));
            }
            Block::Figure { image, caption } => {
                out.push(Block::Figure { image, caption: fit_inlines(caption, depth + 1) })
            }
            // Attachments follow a document's close, never inside a note.
            Block::Attachment { label, title, blocks } if depth + 2 > MAX_DEPTH => {
                out.extend(fit_blocks(Block::attachment_parts(&label, &title, &blocks), depth))
            }
            Block::Attachment { label, title, blocks } => out.push(Block::Attachment {
                label,
                title: fit_inlines(title, depth + 1),
                blocks: fit_blocks(blocks, depth + 1),
            }),
            other @ (Block::Code { .. } | Block::Rule | Block::PageBreak) => out.push(other),
        }
    }
    out
}

/// Inline content placed at `depth` (≤ [`MAX_DEPTH`]), containers too deep replaced by their content.
/// Placeholders are left for the resolver, which checks the depth of each note itself.
fn fit_inlines(content: Vec<Inline>, depth: usize) -> Vec<Inline> {
    let mut out = Vec::with_capacity(content.len());
    for inline in content {
        let deep = depth + 1 > MAX_DEPTH;
        match inline {
            Inline::Emph(c)
            | Inline::Strong(c)
            | Inline::Strike(c)
            | Inline::Superscript(c)
            | Inline::Subscript(c)
            | Inline::Link { content: c, .. }
                if deep =>
            {
                out.extend(fit_inlines(c, depth))
            }
            Inline::Emph(c) => out.push(Inline::Emph(fit_inlines(c, depth + 1))),
            Inline::Strong(c) => out.push(Inline::Strong(fit_inlines(c, depth + 1))),
            Inline::Strike(c) => out.push(Inline::Strike(fit_inlines(c, depth + 1))),
            Inline::Superscript(c) => out.push(Inline::Superscript(fit_inlines(c, depth + 1))),
            Inline::Subscript(c) => out.push(Inline::Subscript(fit_inlines(c, depth + 1))),
            Inline::Link { url, content } => {
                out.push(Inline::Link { url, content: fit_inlines(content, depth + 1) })
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{plain_text, Document, Role};

    fn paragraph(content: Vec<Inline>) -> Block {
        Block::Paragraph { role: Role::Body, content }
    }

    fn text(t: &str) -> Inline {
        Inline::Text(t.into())
    }

    #[test]
    fn a_note_referring_to_itself_shows_its_label_where_it_recurs() {
        let mut notes = Footnotes::default();
        let inner: Vec<Inline> = (0..40).map(|_| notes.reference("a".into(), 3)).collect();
        notes.define("a".into(), vec![paragraph(inner)], 2);
        let mut body = vec![paragraph(vec![text("正文"), notes.reference("a".into(), 1)])];
        let resolved = notes.resolve(&mut body, budget(100));
        let Block::Paragraph { content, .. } = &body[0] else { panic!() };
        let Inline::Note(note) = &content[1] else { panic!("{content:?}") };
        let Block::Paragraph { content: inner, .. } = &note[0] else { panic!() };
        assert_eq!(plain_text(inner), "[^a]".repeat(40));
        assert_eq!(resolved.diagnostics.len(), 1, "{:?}", resolved.diagnostics);
        assert!(resolved.diagnostics[0].message.contains("refers to itself"));
        assert_eq!(resolved.diagnostics[0].location, "line 3");
    }

    #[test]
    fn copies_stop_at_the_budget_with_one_warning() {
        let mut notes = Footnotes::default();
        notes.define("a".into(), vec![paragraph(vec![text(&"长".repeat(1000))])], 200);
        let mut content = Vec::new();
        for line in 0..100 {
            content.push(notes.reference("a".into(), line + 1));
        }
        let mut body = vec![paragraph(content)];
        let resolved = notes.resolve(&mut body, 30_000);
        let Block::Paragraph { content, .. } = &body[0] else { panic!() };
        let placed = content.iter().filter(|i| matches!(i, Inline::Note(_))).count();
        assert_eq!(placed, 30_000 / (3000 + 2 * NODE_COST));
        // The references past the budget stay as their labels, in one run of text.
        assert_eq!(content[placed..], [text(&"[^a]".repeat(100 - placed))]);
        assert_eq!(resolved.diagnostics.len(), 1, "{:?}", resolved.diagnostics);
        assert_eq!(resolved.diagnostics[0].location, format!("line {}", placed + 1));
    }

    #[test]
    fn a_long_chain_of_notes_stays_under_the_depth_bound_with_its_text_in_order() {
        let mut notes = Footnotes::default();
        let n = 100_000;
        for i in 0..n {
            let next = notes.reference(format!("n{}", i + 1), i + 2);
            notes.define(format!("n{i}"), vec![paragraph(vec![text(&format!("{i};")), next])], i + 2);
        }
        let mut body = vec![paragraph(vec![notes.reference("n0".into(), 1)])];
        let resolved = notes.resolve(&mut body, usize::MAX);
        let document = Document { blocks: body, ..Document::default() };
        assert!(document.depth() <= MAX_DEPTH, "{}", document.depth());
        assert!(resolved.flattened_at.is_some());
        // The innermost note that fits holds the rest of the chain as text.
        let mut all = String::new();
        let mut pending: Vec<&Block> = document.blocks.iter().collect();
        while let Some(block) = pending.pop() {
            if let Block::Paragraph { content, .. } = block {
                for inline in content {
                    match inline {
                        Inline::Text(t) => all.push_str(t),
                        Inline::Note(blocks) => pending.extend(blocks.iter()),
                        _ => {}
                    }
                }
            }
        }
        assert!(all.contains(&format!("{};", n - 1)), "the last note's text is kept");
        assert!(resolved.diagnostics.is_empty(), "{:?}", resolved.diagnostics);
    }
}
