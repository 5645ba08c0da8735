//! Inline content as runs: formatting ([`Fmt`]) mapped to character styles and direct formatting, text
//! split into runs at tabs, newlines and (for slanted emphasis) scripts, and the inlines that are more than
//! runs: pictures, hyperlinks and footnotes.

use super::{heading_bookmark, Builder};
use crate::backend::docx::image;
use crate::backend::docx::parts::id;
use crate::backend::docx::vendor::{Link, Para, Run};
use crate::backend::xml::sanitize;
use crate::diag::Kind;
use crate::link::Target;
use crate::model::{plain_text, Block, Image, Inline};
use crate::zh::chars::{is_shared_with_latin, is_wide_at, wide_runs};

/// Inline formatting in effect for a run.
#[derive(Clone, Copy, Default)]
pub(super) struct Fmt {
    pub(super) strong: bool,
    pub(super) emph: bool,
    pub(super) strike: bool,
    /// Superscript or subscript, whichever is innermost.
    pub(super) shift: Option<Shift>,
    pub(super) code: bool,
    pub(super) link: bool,
    /// The `Strong` lead of a paragraph, a run-in heading (`一要坚持党的全面领导，`), with the level of the
    /// number it opens with when the style sets leads by level (`（一）加强管理。`).
    pub(super) run_in: Option<Option<usize>>,
}

/// A run raised or lowered from the baseline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Shift {
    Up,
    Down,
}

impl Builder<'_> {
    pub(super) fn inlines(&mut self, mut p: Para, inlines: &[Inline], fmt: Fmt) -> Para {
        for inline in inlines {
            p = match inline {
                Inline::Text(text) => self.text_runs(p, text, fmt),
                Inline::Emph(content) => self.inlines(p, content, Fmt { emph: true, ..fmt }),
                Inline::Strong(content) => self.inlines(p, content, Fmt { strong: true, ..fmt }),
                Inline::Strike(content) => self.inlines(p, content, Fmt { strike: true, ..fmt }),
                Inline::Superscript(content) => {
                    self.inlines(p, content, Fmt { shift: Some(Shift::Up), ..fmt })
                }
                Inline::Subscript(content) => {
                    self.inlines(p, content, Fmt { shift: Some(Shift::Down), ..fmt })
                }
                Inline::Code(text) => self.text_runs(p, text, Fmt { code: true, ..fmt }),
                Inline::Link { url, content } => self.link(p, url, content, fmt),
                Inline::Image(image) => self.image(p, image, fmt),
                Inline::LineBreak => p.line_break(),
                Inline::Note(blocks) => self.footnote(p, blocks, fmt),
            };
        }
        p
    }

    /// The picture for `image`, embedded from the document's resources and scaled to fit the type area
    /// with its aspect ratio; where it cannot be embedded, its alt text in brackets and a diagnostic. An
    /// image that is not among the resources was reported by the reader, and is not reported again.
    pub(super) fn image(&mut self, p: Para, image: &Image, fmt: Fmt) -> Para {
        let alt = match (image.alt.trim().is_empty(), image.src.is_empty()) {
            (false, _) => image.alt.as_str(),
            (true, false) => image.src.as_str(),
            (true, true) => "图",
        };
        let problem = match self.resources.get(&image.src) {
            None => None,
            // Footnotes are a part without relationships of their own in the writer: no pictures there.
            Some(_) if self.in_note => {
                Some("is inside a footnote, where pictures are not supported".to_owned())
            }
            Some(resource) => match image::picture(resource) {
                Ok(picture) => {
                    let (cx, cy) = self.fit(picture.width_px, picture.height_px);
                    self.ids.picture += 1;
                    let (alt, replaced) = sanitize(alt);
                    self.replaced_chars += replaced;
                    // The writer numbers pictures from a process-wide counter: renumbered per document.
                    let preferred = format!("rIdImage{}", self.ids.picture);
                    let rid = self.out.picture(preferred, picture.bytes, alt.into_owned());
                    return p.picture(rid, (picture.width_px, picture.height_px), (cx, cy));
                }
                Err(reason) => Some(reason),
            },
        };
        if let Some(problem) = problem {
            // One warning per image and problem, however often the image is used.
            let message = format!("image `{}` {problem}; its alt text stands in its place", image.src);
            if !self.diagnostics.iter().any(|d| d.message == message) {
                self.warn(Kind::Unsupported, message);
            }
        }
        self.text_runs(p, &format!("［图：{alt}］"), fmt)
    }

    /// Size in EMU of a `width` × `height` pixel image at the style's pixels to the inch (Word assumes 96
    /// without a density), shrunk to the type area's width and height when larger, aspect ratio kept.
    fn fit(&self, width: u32, height: u32) -> (u32, u32) {
        const EMU_PER_INCH: f64 = 914_400.0;
        const EMU_PER_MM: f64 = 36_000.0;
        let emu_per_px = EMU_PER_INCH / f64::from(self.style.image_px_per_inch);
        let page = &self.style.page;
        let max_w = f64::from(page.text_width_mm()) * EMU_PER_MM;
        // The type area's height less the room the style keeps for a caption (never under half of it), as
        // the PDF fits figures.
        let text_h = f64::from(page.text_height_mm()) * EMU_PER_MM;
        let room = f64::from(self.style.figures.caption_room_lines * self.style.body.line_pitch_pt)
            * EMU_PER_MM
            / f64::from(crate::style::PT_PER_MM);
        let max_h = (text_h - room).max(text_h / 2.0);
        let (w, h) = (f64::from(width) * emu_per_px, f64::from(height) * emu_per_px);
        let scale = (max_w / w).min(max_h / h).min(1.0);
        let emu = |v: f64| (v * scale).round().clamp(1.0, f64::from(u32::MAX)) as u32;
        (emu(w), emu(h))
    }

    /// A link as the link policy allows it: a web address becomes an external hyperlink (in a footnote,
    /// which has no relationships of its own in the writer, the text followed by the address in brackets),
    /// a heading an internal hyperlink to its bookmark; a refused link (reported by `link::enforce`) its text.
    fn link(&mut self, p: Para, url: &str, content: &[Inline], fmt: Fmt) -> Para {
        let link = match self.anchors.resolve(url) {
            Ok(Target::Web(href)) if self.in_note => {
                let p = self.inlines(p, content, fmt);
                return if plain_text(content).trim() == url.trim() {
                    p
                } else {
                    self.text_runs(p, &format!("（{href}）"), fmt)
                };
            }
            Ok(Target::Web(href)) => {
                self.ids.hyperlink += 1;
                self.out.external_link(self.ids.hyperlink, &href)
            }
            Ok(Target::Heading(ordinal)) => Link::internal(&heading_bookmark(ordinal)),
            Err(_) => return self.inlines(p, content, fmt),
        };
        // Runs are built on a scratch paragraph (same code path as everywhere else), then moved into the link.
        let scratch = self.inlines(Para::scratch(), content, Fmt { link: true, ..fmt });
        p.link(link, scratch)
    }

    fn footnote(&mut self, p: Para, blocks: &[Block], fmt: Fmt) -> Para {
        if self.in_note {
            // Word has no footnotes inside footnotes: the inner note becomes bracketed text.
            let text: Vec<String> = blocks.iter().map(block_text).collect();
            return self.text_runs(p, &format!("（{}）", text.join(" ")), fmt);
        }
        self.in_note = true;
        let mut content = Vec::new();
        for block in blocks {
            let np = self.styled(id::FOOTNOTE_TEXT);
            let np = match block {
                Block::Paragraph { content: inlines, .. } | Block::Heading { content: inlines, .. } => {
                    self.inlines(np, inlines, Fmt::default())
                }
                other => self.text_runs(np, &block_text(other), Fmt::default()),
            };
            content.push(np);
        }
        if content.is_empty() {
            content.push(self.styled(id::FOOTNOTE_TEXT));
        }
        self.in_note = false;
        self.ids.footnote += 1;
        let id = self.ids.footnote;
        self.out.footnote(id, content);
        p.footnote_reference(id)
    }

    /// Runs for `text` in format `fmt`: tabs become `w:tab`, newlines `w:br`; spaces are kept (the writer
    /// writes `xml:space="preserve"`).
    pub(super) fn text_runs(&mut self, p: Para, text: &str, fmt: Fmt) -> Para {
        if text.is_empty() {
            return p;
        }
        let (text, replaced) = sanitize(text);
        self.replaced_chars += replaced;
        if fmt.emph && self.style.accents.emph_slants_latin {
            // The Latin of emphasised text is slanted, its Han never (clreq): one run per script.
            let mut p = p;
            for (piece, wide) in wide_runs(&text) {
                for (part, hint) in hint_pieces(piece) {
                    let run = if wide { styled_run(fmt) } else { styled_run(fmt).italic() };
                    p = with_text(p, part, run, hint);
                }
            }
            return p;
        }
        let mut p = p;
        for (part, hint) in hint_pieces(&text) {
            p = with_text(p, part, styled_run(fmt), hint);
        }
        p
    }
}

/// A run with the character style for `fmt`. A run has one `rStyle`, so the most specific wins (code,
/// then emphasis, then link, then strong) and the rest is added as direct formatting.
fn styled_run(fmt: Fmt) -> Run {
    let style = if fmt.code {
        Some(id::CODE_CHAR)
    } else if fmt.emph {
        Some(id::EMPHASIS)
    } else if fmt.link {
        Some(id::HYPERLINK)
    } else if let (true, Some(level)) = (fmt.strong, fmt.run_in) {
        Some(level.and_then(|n| id::RUN_IN_LEVELS.get(n).copied()).unwrap_or(id::RUN_IN))
    } else if fmt.strong {
        Some(id::STRONG)
    } else {
        None
    };
    let mut run = Run::new();
    if let Some(style) = style {
        run = run.style(style);
    }
    // Strong text whose character style says something else (emphasis, code, a link) is made bold.
    let strong_styled =
        style.is_some_and(|s| s == id::STRONG || s == id::RUN_IN || id::RUN_IN_LEVELS.contains(&s));
    if fmt.strong && !strong_styled {
        run = run.bold();
    }
    if fmt.strike {
        run = run.strike();
    }
    match fmt.shift {
        Some(Shift::Up) => run = run.superscript(),
        Some(Shift::Down) => run = run.subscript(),
        None => {}
    }
    run
}

/// `text` cut so that Word can be told where a mark it shares with Latin (quotes, dashes, ellipsis) is
/// Chinese punctuation, to be set full width in the East Asian face (`w:hint="eastAsia"`), and where it is
/// a Latin apostrophe ([`is_wide_at`] says which), to keep the Latin face: each piece with whether its run
/// needs the hint. Text without such marks is one piece.
fn hint_pieces(text: &str) -> Vec<(&str, bool)> {
    let chars: Vec<char> = text.chars().collect();
    let mut pieces = Vec::new();
    let (mut start, mut hint) = (0, None);
    for (i, (at, ch)) in text.char_indices().enumerate() {
        if !is_shared_with_latin(ch) {
            continue;
        }
        let wide = is_wide_at(&chars, i);
        if hint == Some(!wide) {
            pieces.push((&text[start..at], !wide));
            start = at;
        }
        hint = Some(wide);
    }
    pieces.push((&text[start..], hint.unwrap_or(false)));
    pieces
}

/// `p` with `run` holding `text` added: tabs become `w:tab`, newlines `w:br`; in the East Asian face when
/// `east_asian` ([`hint_pieces`]).
fn with_text(p: Para, text: &str, mut run: Run, east_asian: bool) -> Para {
    if east_asian {
        run = run.east_asian_hint();
    }
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if i > 0 {
            run = run.line_break();
        }
        for (j, piece) in line.split('\t').enumerate() {
            if j > 0 {
                run = run.tab();
            }
            if !piece.is_empty() {
                run = run.text(piece);
            }
        }
    }
    p.run(run)
}

/// The plain text of a block, for places that can only hold text (footnotes).
fn block_text(block: &Block) -> String {
    match block {
        Block::Heading { content, .. } | Block::Paragraph { content, .. } => plain_text(content),
        Block::List { items, .. } => items.iter().flatten().map(block_text).collect::<Vec<_>>().join(" "),
        Block::Quote { blocks } => blocks.iter().map(block_text).collect::<Vec<_>>().join(" "),
        Block::Code { text, .. } => text.clone(),
        Block::Table(table) => table
            .head
            .iter()
            .chain(&table.body)
            .map(|row| row.iter().map(|c| plain_text(c)).collect::<Vec<_>>().join(" "))
            .collect::<Vec<_>>()
            .join(" "),
        Block::Figure { image, caption } => format!("{} {}", image.alt, plain_text(caption)),
        Block::Attachment { label, title, blocks } => {
            let text = blocks.iter().map(block_text);
            [label.clone(), plain_text(title)].into_iter().chain(text).collect::<Vec<_>>().join(" ")
        }
        Block::Rule | Block::PageBreak => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::hint_pieces;

    #[test]
    fn a_latin_apostrophe_keeps_the_latin_face_and_chinese_quotes_get_the_hint() {
        assert_eq!(hint_pieces("补码（two’s complement）"), [("补码（two’s complement）", false)]);
        assert_eq!(hint_pieces("他说“好”"), [("他说“好”", true)]);
        assert_eq!(hint_pieces("他说“two’s”——好"), [("他说“two", true), ("’s", false), ("”——好", true)]);
        assert_eq!(hint_pieces("纯文字"), [("纯文字", false)]);
    }
}
