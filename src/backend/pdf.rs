//! PDF backend: paints the pages of [`layout`](crate::layout) through `vendor` (the mandated PDF writer,
//! behind one file), then finishes the file with lopdf: the embedded subset CJK faces (`fonts`: Identity-H
//! glyph ids with ToUnicode), document info from `Meta` and the run's timestamp, `/Lang`, a nested outline (`bookmarks`),
//! link annotations (`links`), the structure tree (`tags`), no PDF/X marks; `save` writes the file
//! with a content-derived `/ID`, so the same document always gives the same bytes. Every stage is linear in
//! the pages, lines, headings and links (or n log n where it sorts), and memory is bounded by writing pages
//! a few at a time.

mod colour;
mod compact;
mod fonts;
mod save;
mod vendor;

use super::{Output, RenderOptions, Timestamp};
use crate::diag::Error;
use crate::fonts::{Face, FontBook};
use crate::layout::page::{Page, PT_PER_MM};
use crate::layout::paragraph::Glyph;
use crate::layout::{lay_out, Layout};
use crate::model::Document;
use crate::style::{PdfStandard, Rgb, Style};
use crate::subset::{Cuts, FontPlan};
use fonts::PdfFonts;
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use vendor::Content;

mod bookmarks;
mod icc;
mod images;
mod links;
mod standard;
mod tags;
mod underline;
mod xmp;

/// Renders `doc` as PDF.
pub fn render(doc: &Document, options: &RenderOptions) -> Result<Output, Error> {
    let prepared = prepare(doc, options)?;
    let plan = FontPlan::new(&prepared.usage(), options.fonts);
    write(doc, prepared, &plan, None, options)
}

/// A document laid out, its fonts not yet planned: [`super::render_all`] plans them with the EPUB's.
pub(crate) struct Prepared {
    layout: Layout,
    images: images::Images,
}

impl Prepared {
    /// The characters set in each face.
    pub fn usage(&self) -> BTreeMap<Face, BTreeSet<char>> {
        fonts::usage(&self.layout)
    }

    /// Where each page begins in the document.
    pub fn page_map(&self) -> &[crate::layout::page_map::PageStart] {
        &self.layout.page_map
    }
}

/// Lays `doc` out.
pub(crate) fn prepare(doc: &Document, options: &RenderOptions) -> Result<Prepared, Error> {
    let mut layout = lay_out(doc, options.style, options.fonts)?;
    let images = images::prepare(doc, &mut layout, standard::separates_images(&options.style.print));
    Ok(Prepared { layout, images })
}

/// Paints and writes the PDF with the faces of `plan`, which holds at least [`Prepared::usage`]. `cuts` are
/// the plan's faces if the caller cut them already (to share them); otherwise they are cut here, beside the
/// painting.
pub(crate) fn write(
    doc: &Document,
    prepared: Prepared,
    plan: &FontPlan<'_>,
    cuts: Option<&Cuts>,
    options: &RenderOptions,
) -> Result<Output, Error> {
    let bytes = paint(doc, &prepared.layout, &prepared.images, plan, cuts, options)?;
    let mut diagnostics = prepared.layout.diagnostics;
    let warnings = standard::warnings(&options.style.print, &prepared.layout.structure, &diagnostics);
    diagnostics.extend(warnings);
    Ok(Output { bytes, diagnostics })
}

/// The resource name of a face in the content streams; fixed names keep the output deterministic.
fn font_id(face: Face) -> &'static str {
    face.names().pdf_resource
}

/// The advance a PDF viewer gives a glyph before any TJ adjustment, in thousandths of an em: what `/W` says
/// and what the adjustments are computed against (integers keep `/W` short).
fn pdf_width(width_em: f32) -> f32 {
    (width_em * 1000.0).trunc()
}

/// The most frequent of `gaps` (in points, compared to 1/10 000 pt), 0 for none; ties go to the smaller.
fn commonest(gaps: &[f32]) -> f32 {
    let mut keys: Vec<i64> = gaps.iter().map(|g| (g * 10_000.0).round() as i64).collect();
    keys.sort_unstable();
    let mut best = (0usize, 0i64);
    for group in keys.chunk_by(|a, b| a == b) {
        if let Some(&key) = group.first().filter(|_| group.len() > best.0) {
            best = (group.len(), key);
        }
    }
    best.1 as f32 / 10_000.0
}

/// What painting a page reads besides the page: the faces, the style's looks, the images.
struct Painter<'a> {
    fonts: &'a PdfFonts<'a>,
    book: &'a FontBook,
    style: &'a Style,
    layout: &'a Layout,
    images: &'a images::Images,
    /// The colours' device spaces.
    palette: colour::Palette,
}

fn page_ops(page: &Page, page_height: f32, painter: &Painter<'_>) -> Content {
    let Painter { fonts, book, style, layout, images, palette } = *painter;
    let synthesis = style.synthesis;
    // The colour of a glyph: link text in the style's link colour, if it has one; else its line's.
    let ink = |g: &Glyph, line: Option<Rgb>| if g.link { style.links.color.or(line) } else { line };
    let mut fill: Option<Rgb> = None;
    let mut tagger = tags::Tagger::new(page, &layout.structure, style.print.claims(PdfStandard::Ua1));
    let mut ops = Content::with_capacity(page.lines.len() * 4 + 8);
    // Shading goes under the text: a code block's ground, painted first, an artifact like the rules.
    if !page.shades.is_empty() {
        ops.begin_artifact();
        ops.save_state();
        for s in &page.shades {
            ops.set_stroke_color(palette.ink(s.color));
            ops.set_line_width(s.width_pt);
            ops.line((s.x1_pt, page_height - s.y1_pt), (s.x2_pt, page_height - s.y2_pt));
        }
        ops.restore_state();
        ops.end_artifact();
    }
    ops.begin_text();
    let mut current: Option<(Face, f32)> = None;
    let mut char_spacing = 0.0f32;
    // Where the text line matrix stands: `Td` moves are relative to it. `None` after a slanted run, whose
    // skewed matrix a `Td` would carry on: the next run then sets its matrix outright.
    let mut origin = Some((0.0f32, 0.0f32));
    // The stroke width of synthetic bold in force (0 when text is only filled).
    let mut embolden = 0.0f32;
    let furniture_from = page.lines.len().saturating_sub(page.furniture);
    for (index, placed) in page.lines.iter().enumerate() {
        tagger.before_line(index, &mut ops);
        // Page numbers are furniture, not text: an /Artifact marked-content sequence (ISO 32000-1 §14.8.2.2)
        // tells extractors and assistive technology to leave them out of the reading order.
        if index == furniture_from {
            ops.begin_artifact();
        }
        // A body line outside the structure tree (a table's header repeated on a later page) is an artifact
        // too, so assistive technology reads the header once.
        let artifact = index < furniture_from && page.structure.get(index).copied().flatten().is_none();
        if artifact {
            ops.begin_artifact();
        }
        let y = page_height - placed.baseline_pt;
        let glyphs = &placed.line.glyphs;
        let ink = |g: &Glyph| ink(g, placed.line.color);
        // A list item's marker tagged apart from its text: the runs break where the text starts.
        let boundary = tagger.boundary(index);
        let mut start = 0;
        while start < glyphs.len() {
            if boundary == Some(start) {
                tagger.before((index, start), &mut ops);
            }
            // A run: consecutive glyphs in one face and size, shown by one `TJ` whose numbers move each
            // glyph from its natural advance to the position layout gave it (justification and compression
            // without Tc/Tw, which CJK text ignores). Positioning with `Td` rather than a text matrix keeps
            // the writer from re-measuring every glyph to merge runs (it decodes outlines to do so).
            let Some(first) = glyphs.get(start) else { break };
            let key = (first.face, first.size_pt);
            let end = glyphs
                .iter()
                .skip(start)
                .position(|g| {
                    (g.face, g.size_pt, g.synthetic, g.rise_pt, ink(g))
                        != (key.0, key.1, first.synthetic, first.rise_pt, ink(first))
                })
                .map_or(glyphs.len(), |k| start + k);
            let end = boundary.filter(|&b| b > start).map_or(end, |b| end.min(b));
            // Superscripts and subscripts are runs of their own, off the baseline.
            let y = y + first.rise_pt;
            if current != Some(key) {
                ops.set_font(font_id(key.0), key.1);
                current = Some(key);
            }
            // Synthetic bold strokes the outlines as well as filling them (text rendering mode 2), with a
            // line of the style's width: each stem grows by half of it on either side, advances unchanged.
            let stroke = if first.synthetic.bold { synthesis.bold_stroke_em * key.1 } else { 0.0 };
            if stroke != embolden {
                if stroke > 0.0 {
                    ops.set_line_width(stroke);
                }
                if (stroke > 0.0) != (embolden > 0.0) {
                    ops.set_text_stroked(stroke > 0.0);
                }
                embolden = stroke;
            }
            let x = placed.x_pt + first.x_pt;
            match origin {
                Some((ox, oy)) if !first.synthetic.slant => ops.move_text(x - ox, y - oy),
                _ => {
                    let skew = if first.synthetic.slant { synthesis.slant } else { 0.0 };
                    ops.set_text_matrix([1.0, 0.0, skew, 1.0, x, y]);
                }
            }
            origin = (!first.synthetic.slant).then_some((x, y));
            if ink(first) != fill {
                fill = ink(first);
                ops.set_fill_color(palette.ink(fill));
            }
            let run = glyphs.get(start..end).unwrap_or(&[]);
            let size = key.1;
            // What each glyph moves beyond its natural advance (justification, ¼ em Latin gaps, compressed
            // punctuation). The commonest gap becomes the run's character spacing `Tc`, so only the glyphs
            // that differ from it need a TJ adjustment: a justified line is then one number, not forty.
            let gaps: Vec<f32> = run
                .iter()
                .zip(run.iter().skip(1))
                .map(|(g, next)| next.x_pt - g.x_pt - pdf_width(g.width_em) * size / 1000.0)
                .collect();
            let spacing = commonest(&gaps);
            if char_spacing != spacing {
                ops.set_char_spacing(spacing);
                char_spacing = spacing;
            }
            let glyph_codes = run.iter().enumerate().map(|(i, g)| {
                let offset = match gaps.get(i) {
                    Some(gap) if size > 0.0 => (spacing - gap) * 1000.0 / size,
                    _ => 0.0,
                };
                // Below 1/100 000 em nothing moves visibly, even summed over a line.
                let offset = if offset.abs() < 0.01 { 0.0 } else { offset };
                // A character no face covers is drawn as .notdef and already reported; its code of its
                // own and ToUnicode entry keep it in the text layer.
                (fonts.code(g), offset)
            });
            ops.show_glyphs(glyph_codes);
            start = end;
        }
        if artifact {
            ops.end_artifact();
        }
    }
    tagger.end(&mut ops);
    if embolden > 0.0 {
        // Rendering mode is text state, which outlives `ET`: leave the page filling text again.
        ops.set_text_stroked(false);
    }
    if page.furniture > 0 && furniture_from < page.lines.len() {
        ops.end_artifact();
    }
    ops.end_text();
    for (k, image) in page.images.iter().enumerate() {
        let Some(name) = images.ids.get(&image.src) else { continue };
        tagger.begin_image(k, image.elem, &mut ops);
        let bottom = page_height - image.top_pt - image.height_pt;
        ops.draw_image(name, image.left_pt, bottom, image.width_pt, image.height_pt);
        ops.end_tagged();
    }
    if !page.strokes.is_empty() {
        // Rules and table borders are layout, not content: artifacts, like the page numbers.
        ops.begin_artifact();
        ops.save_state();
        let mut stroke_color = None;
        for s in &page.strokes {
            if s.color != stroke_color {
                stroke_color = s.color;
                ops.set_stroke_color(palette.ink(stroke_color));
            }
            ops.set_line_width(s.width_pt);
            ops.line((s.x1_pt, page_height - s.y1_pt), (s.x2_pt, page_height - s.y2_pt));
        }
        ops.restore_state();
        ops.end_artifact();
    }
    if style.links.underline {
        let lines = underline::underlines(page, page_height, book);
        if !lines.is_empty() {
            // Decoration of the text, not text: an artifact, in the links' colour.
            ops.begin_artifact();
            ops.save_state();
            ops.set_stroke_color(palette.ink(style.links.color));
            for u in &lines {
                ops.set_line_width(u.width);
                ops.line((u.x1, u.y), (u.x2, u.y));
            }
            ops.restore_state();
            ops.end_artifact();
        }
    }
    ops
}

fn paint(
    doc: &Document,
    layout: &Layout,
    images: &images::Images,
    plan: &FontPlan<'_>,
    cuts: Option<&Cuts>,
    options: &RenderOptions,
) -> Result<Vec<u8>, Error> {
    let geometry = &options.style.page;
    let page_height = geometry.height_mm * PT_PER_MM;
    // Glyph codes are fixed before the faces are cut, so subsetting runs beside the painting.
    let fonts = PdfFonts::plan(layout, options.fonts, plan, pdf_width)?;
    let (cuts, lo) = rayon::join(
        || cuts.map_or_else(|| Cow::Owned(plan.cut()), Cow::Borrowed),
        || {
            paint_pages(
                doc,
                &Painter {
                    fonts: &fonts,
                    book: options.fonts,
                    style: options.style,
                    layout,
                    images,
                    palette: standard::palette(&options.style.print),
                },
            )
        },
    );
    let mut lo = lo?;
    fonts.embed(fonts.programs(&cuts)?, &mut lo, |face| font_id(face).to_owned())?;
    let serialised = finish(&mut lo, doc, layout, options, page_height)?;
    compress_streams(&mut lo);
    // Object and cross-reference streams (PDF 1.5): the dictionaries are deflated too, ~8 KB off the seed.
    let bytes = save::save(lo, serialised, deflate)?;
    Ok(bytes)
}

/// The document's pages as the writer makes them: the page tree, the images and each page's content stream.
fn paint_pages(doc: &Document, painter: &Painter<'_>) -> Result<lopdf::Document, Error> {
    let geometry = &painter.style.page;
    let page_height = geometry.height_mm * PT_PER_MM;
    let size = (geometry.width_mm, geometry.height_mm);
    let pages = &painter.layout.pages;
    vendor::paint(&doc.meta.display_title(), size, &painter.images.objects, pages.len(), |k| {
        pages.get(k).map_or_else(Content::default, |page| page_ops(page, page_height, painter))
    })
}

/// `data` deflated at level 6, zlib's own default: lopdf's own `compress` uses the best (slowest) level, which
/// cost a third of the render time for a few percent of size.
fn deflate(data: &[u8]) -> Option<Vec<u8>> {
    deflate_at(data, 6)
}

/// `data` deflated at `level` (0–9) as a zlib stream, by this thread's compressor.
fn deflate_at(data: &[u8], level: u32) -> Option<Vec<u8>> {
    crate::deflate::zlib(level, data).ok()
}

/// Deflates every stream that has no filter yet (the font programs are deflated already), in parallel; the
/// page content streams are [compacted](vendor::compact_content) first.
fn compress_streams(lo: &mut lopdf::Document) {
    use rayon::prelude::*;
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
    let contents: BTreeSet<ObjectId> = pages
        .into_iter()
        .filter_map(|page| lo.get_dictionary(page).and_then(|d| d.get(b"Contents")).ok())
        .flat_map(|contents| match contents {
            Object::Reference(id) => vec![*id],
            Object::Array(items) => items.iter().filter_map(|o| o.as_reference().ok()).collect(),
            _ => Vec::new(),
        })
        .collect();
    let mut streams: Vec<(bool, &mut lopdf::Stream)> = lo
        .objects
        .iter_mut()
        .filter_map(|(id, o)| Some((contents.contains(id), o.as_stream_mut().ok()?)))
        .filter(|(_, s)| s.dict.get(b"Filter").is_err() && s.content.len() > 64 && !standard::is_metadata(s))
        .collect();
    streams.par_iter_mut().for_each(|(page_content, stream)| {
        if *page_content {
            let compacted = vendor::compact_content(&stream.content);
            stream.set_content(compacted);
        }
        if let Some(compressed) = deflate(&stream.content).filter(|c| c.len() + 19 < stream.content.len()) {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    });
}

/// A text string for the document info and outline: UTF-16BE with a byte-order mark (ISO 32000-1 §7.9.2.2).
fn text_string(text: &str) -> Object {
    let mut bytes = vec![0xFE, 0xFF];
    for unit in text.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn pdf_date(ts: Timestamp) -> Object {
    let (y, mo, d, h, mi, s) = ts.to_utc();
    Object::string_literal(format!("D:{y:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}Z"))
}

/// Document info, catalog and outline: what the writer cannot write, and in place of what [`vendor::paint`]
/// unhooked. The outline, link annotations and structure tree come back serialised, for [`save::save`].
fn finish(
    lo: &mut lopdf::Document,
    doc: &Document,
    layout: &Layout,
    options: &RenderOptions,
    page_height: f32,
) -> Result<save::Serialised, Error> {
    let (timestamp, print) = (options.timestamp, &options.style.print);
    let meta = &doc.meta;
    let authors: Vec<&str> = meta.authors.iter().map(|p| p.name.as_str()).collect();
    let title = meta.display_title();
    let author = (!authors.is_empty()).then(|| authors.join("、"));
    let keywords = (!meta.keywords.is_empty()).then(|| meta.keywords.join(", "));
    let producer = format!("paiban {} ({})", env!("CARGO_PKG_VERSION"), vendor::WRITER);
    // What the info dictionary says, and a standard's XMP packet again.
    let text = standard::InfoText {
        title: &title,
        author: author.as_deref(),
        subject: meta.subtitle.as_deref(),
        keywords: keywords.as_deref(),
        creator: "paiban",
        producer: &producer,
        lang: &meta.lang,
    };
    let mut info = Dictionary::new();
    info.set("Title", text_string(text.title));
    if let Some(author) = text.author {
        info.set("Author", text_string(author));
    }
    if let Some(subtitle) = text.subject {
        info.set("Subject", text_string(subtitle));
    }
    if let Some(keywords) = text.keywords {
        info.set("Keywords", text_string(keywords));
    }
    info.set("Creator", text_string(text.creator));
    info.set("Producer", text_string(text.producer));
    info.set("CreationDate", pdf_date(timestamp));
    info.set("ModDate", pdf_date(timestamp));
    // In place of the writer's, which `vendor::paint` unhooked.
    let info_id = lo.add_object(info);
    lo.trailer.set("Info", Object::Reference(info_id));
    let catalog_id = lo
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|e| Error::backend("pdf", format!("no catalog: {e}")))?;
    // What the writer made and nothing refers to now goes before the serialised objects are made (which
    // refer only to pages and one another).
    prune_unreachable(lo);
    let page_ids: Vec<ObjectId> = lo.get_pages().into_values().collect();
    let mut serialised = save::Serialised::default();
    let outline_id = bookmarks::add_outline(lo, &mut serialised, &layout.outline, &page_ids, page_height);
    let annots =
        links::annotate(lo, &mut serialised, layout, &page_ids, page_height, links::Extras::for_print(print));
    let tree = tags::structure_tree(
        lo,
        &mut serialised,
        &layout.structure,
        &layout.pages,
        &page_ids,
        &annots,
        print.claims(PdfStandard::Ua1),
    );
    let catalog = lo
        .get_object_mut(catalog_id)
        .and_then(Object::as_dict_mut)
        .map_err(|e| Error::backend("pdf", format!("bad catalog: {e}")))?;
    catalog.set("Lang", Object::string_literal(crate::zh::script::region_tag(&meta.lang)));
    catalog.set("StructTreeRoot", Object::Reference(tree));
    catalog.set("MarkInfo", Dictionary::from_iter(vec![("Marked", Object::Boolean(true))]));
    // Page labels: decimal folios from 1, so viewers show the printed page number.
    catalog.set(
        "PageLabels",
        Dictionary::from_iter(vec![(
            "Nums",
            Object::Array(vec![
                Object::Integer(0),
                Object::Dictionary(Dictionary::from_iter(vec![("S", Object::Name(b"D".to_vec()))])),
            ]),
        )]),
    );
    catalog.set("ViewerPreferences", Dictionary::from_iter(vec![("DisplayDocTitle", Object::Boolean(true))]));
    if let Some(id) = outline_id {
        catalog.set("Outlines", Object::Reference(id));
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    } else {
        catalog.set("PageMode", Object::Name(b"UseNone".to_vec()));
    }
    let paper_mm = (options.style.page.width_mm, options.style.page.height_mm);
    standard::finish(lo, print, &text, timestamp, paper_mm, deflate)?;
    Ok(serialised)
}

/// Removes the objects nothing refers to any more (the writer's info dictionary, outline and metadata):
/// what the trailer reaches is kept. lopdf's own `prune_objects` searches a list for every reference it
/// meets, quadratic in the number of objects (40 % of the time of a document of 20 000 headings).
fn prune_unreachable(lo: &mut lopdf::Document) {
    fn references<'a>(object: &'a Object, found: &mut Vec<ObjectId>, nested: &mut Vec<&'a Object>) {
        nested.push(object);
        while let Some(object) = nested.pop() {
            match object {
                Object::Reference(id) => found.push(*id),
                Object::Array(items) => nested.extend(items),
                Object::Dictionary(dict) => nested.extend(dict.iter().map(|(_, v)| v)),
                Object::Stream(stream) => nested.extend(stream.dict.iter().map(|(_, v)| v)),
                _ => {}
            }
        }
    }
    let mut reached: BTreeSet<ObjectId> = BTreeSet::new();
    let mut pending = Vec::new();
    let mut nested = Vec::new();
    for (_, value) in lo.trailer.iter() {
        references(value, &mut pending, &mut nested);
    }
    while let Some(id) = pending.pop() {
        if !reached.insert(id) {
            continue;
        }
        if let Some(object) = lo.objects.get(&id) {
            references(object, &mut pending, &mut nested);
        }
    }
    lo.objects.retain(|id, _| reached.contains(id));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::Kind;
    use crate::fonts::FontBook;
    use crate::model::Block;
    use crate::style::{Style, StyleName};
    use crate::testdoc::speech_document;

    fn render_with(doc: &Document, name: StyleName) -> Output {
        let style = Style::preset(name);
        let fonts = FontBook::new(&[]);
        let options =
            RenderOptions { style: &style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: true };
        render(doc, &options).expect("renders")
    }

    #[test]
    fn two_renders_are_byte_identical_also_in_parallel() {
        let doc = speech_document();
        let first = render_with(&doc, StyleName::Gongwen).bytes;
        assert!(first.starts_with(b"%PDF-1.7"));
        let others: Vec<Vec<u8>> = std::thread::scope(|s| {
            let handles: Vec<_> =
                (0..3).map(|_| s.spawn(|| render_with(&doc, StyleName::Gongwen).bytes)).collect();
            handles.into_iter().map(|h| h.join().expect("thread")).collect()
        });
        for other in others {
            assert!(other == first, "renders differ");
        }
        // The catalog sits in a compressed object stream: read it back.
        let lo = lopdf::Document::load_mem(&first).expect("lopdf reads it");
        let catalog = lo.catalog().expect("catalog");
        assert!(catalog.has(b"Lang") && catalog.has(b"PageLabels"));
        assert!(!catalog.has(b"OutputIntents"));
        let info = lo.trailer.get(b"Info").and_then(Object::as_reference).expect("info");
        assert!(!lo.get_dictionary(info).expect("info dict").has(b"GTS_PDFXVersion"));
    }

    #[test]
    fn synthetic_bold_strokes_the_outlines_and_synthetic_oblique_skews_only_latin() {
        use crate::model::{Inline, Role};
        let mut doc = Document::default();
        let content = vec![
            Inline::Strong(vec![Inline::Text("一要坚持，".into())]),
            Inline::Text("正文".into()),
            Inline::Emph(vec![Inline::Text("见Nature".into())]),
        ];
        doc.blocks.push(Block::Paragraph { role: Role::Body, content });
        let bytes = render_with(&doc, StyleName::Report).bytes;
        let lo = lopdf::Document::load_mem(&bytes).expect("lopdf reads it");
        let page = *lo.get_pages().values().next().expect("a page");
        let content = lo.get_and_decode_page_content(page).expect("content");
        let ops: Vec<(String, Vec<f32>)> = content
            .operations
            .iter()
            .map(|op| (op.operator.clone(), op.operands.iter().filter_map(|o| o.as_float().ok()).collect()))
            .collect();
        let modes: Vec<f32> =
            ops.iter().filter(|(o, _)| o == "Tr").filter_map(|(_, a)| a.first().copied()).collect();
        assert_eq!(modes, [2.0, 0.0], "bold on for the lead sentence, then off");
        let width = ops.iter().find(|(o, _)| o == "w").map(|(_, a)| a.clone());
        let synthesis = Style::preset(StyleName::Report).synthesis;
        assert_eq!(
            width,
            Some(vec![synthesis.bold_stroke_em * 12.0]),
            "stroke width scales with the 12 pt body"
        );
        let skews: Vec<f32> =
            ops.iter().filter(|(o, _)| o == "Tm").filter_map(|(_, a)| a.get(2).copied()).collect();
        assert_eq!(skews.first(), Some(&synthesis.slant), "the Latin run is slanted: {ops:?}");
        assert!(skews.iter().skip(1).all(|&s| s == 0.0), "later runs stand upright again");
    }

    #[test]
    fn pdftotext_returns_the_paragraph_text() {
        let doc = speech_document();
        let output = render_with(&doc, StyleName::Gongwen);
        let mut file = tempfile::NamedTempFile::new().expect("temp file");
        std::io::Write::write_all(&mut file, &output.bytes).expect("write");
        let result = std::process::Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(file.path())
            .arg("-")
            .output();
        let Some(result) = result.ok().filter(|r| r.status.success()) else {
            crate::skip!("skipping: pdftotext not available");
            return;
        };
        // Page numbers (`— 2 —`) interrupt paragraphs that run across pages: drop those lines first.
        let stdout = String::from_utf8_lossy(&result.stdout);
        let is_number_line = |l: &str| l.trim().trim_matches(['—', ' ']).chars().all(|c| c.is_ascii_digit());
        let kept: Vec<&str> = stdout.lines().filter(|l| !is_number_line(l)).collect();
        assert!(kept.len() < stdout.lines().count(), "page numbers found");
        let extracted: String = kept.concat().chars().filter(|c| !c.is_whitespace()).collect();
        for block in &doc.blocks {
            if let Block::Paragraph { role: crate::model::Role::Boilerplate, .. } = block {
                continue;
            }
            if let Block::Paragraph { content, .. } | Block::Heading { content, .. } = block {
                let text: String =
                    crate::model::plain_text(content).chars().filter(|c| !c.is_whitespace()).collect();
                assert!(extracted.contains(&text), "not extracted: {text}");
            }
        }
        assert!(extracted.contains("在全县农村供水保障工作会议上的讲话"));
    }

    #[test]
    fn a_long_document_gets_a_content_id_and_a_deflated_cross_reference_stream() {
        // A thousand paragraphs: a thousand structure elements, a cross-reference stream of several kilobytes.
        let mut doc = Document::default();
        for k in 0..1000 {
            doc.blocks.push(Block::paragraph(format!("第{k}段。")));
        }
        let bytes = render_with(&doc, StyleName::Report).bytes;
        let lo = lopdf::Document::load_mem(&bytes).expect("lopdf reads it");
        assert!(lo.reference_table.entries.len() > 1000);
        assert!(lo.get_pages().len() > 10);
        let id = lo.trailer.get(b"ID").and_then(Object::as_array).expect("an /ID");
        let first = id.first().and_then(|o| o.as_str().ok()).expect("a string");
        assert_eq!(first.len(), 16);
        assert!(first != save::ID_PLACEHOLDER.as_slice(), "the /ID is still a placeholder");
        let xref = save::tests::xref_dictionary(&bytes);
        assert!(xref.contains("/Type/XRef") && xref.contains("/Filter/FlateDecode"), "{xref}");
    }

    #[test]
    fn the_commonest_gap_becomes_the_character_spacing() {
        // A justified line: every gap 0.3712 pt but one compressed punctuation pair and float noise.
        let gaps = [0.37121, 0.3712, -5.6288, 0.37118, 0.3712];
        assert!((commonest(&gaps) - 0.3712).abs() < 1e-6);
        assert_eq!(commonest(&[]), 0.0);
    }

    #[test]
    fn a_character_no_font_has_is_reported() {
        let mut doc = Document::default();
        doc.blocks.push(Block::paragraph("私用区字符\u{E000}。"));
        let output = render_with(&doc, StyleName::Report);
        assert!(output
            .diagnostics
            .iter()
            .any(|d| d.kind == Kind::MissingGlyph && d.message.contains("U+E000")));
        assert!(output.bytes.starts_with(b"%PDF"));
    }
}
