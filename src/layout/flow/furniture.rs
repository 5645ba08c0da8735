//! Page furniture, added once the pages are made: a book's title page (sunk, bare, its back left blank), the
//! running head of each page (the book on verso pages, the chapter on recto ones, none on chapter openings)
//! with its rule, and the folio.

use crate::diag::Error;
use crate::fonts::{Face, FontBook};
use crate::layout::page::{
    page_number_position, page_number_text, OutlineEntry, Page, PlacedLine, Stroke, PT_PER_MM,
};
use crate::layout::paragraph::{set_paragraph, Line, MissingGlyphs, ParagraphSpec, StyledChar};
use crate::model::Meta;
use crate::style::{Align, PageGeometry, RunningHead, Style};

/// Adds the furniture to `pages`, laid out from a document whose title block took `title_rows` rows; a title
/// page moves the `outline` entries after it on by one page.
pub(super) fn furnish(
    pages: &mut Vec<Page>,
    outline: &mut [OutlineEntry],
    title_rows: usize,
    meta: &Meta,
    style: &Style,
    fonts: &FontBook,
) -> Result<(), Error> {
    // A title block standing alone on the first page (the first chapter broke to the next) makes a title
    // page where the style has them (`Style::title_page`): the title is sunk like a chapter opening, the
    // page carries no running head or folio, and its back is left blank so that the text opens on a recto
    // page, as a printed book's does.
    let title_page = style.title_page
        && title_rows > 0
        && pages.len() > 1
        && pages.first().is_some_and(|p| p.rows == title_rows);
    let sink = style.chapter_sink_pt.unwrap_or(0.0);
    if let (true, Some(first)) = (title_page, pages.first_mut()) {
        for line in &mut first.lines {
            line.baseline_pt += sink;
        }
        for stroke in &mut first.strokes {
            stroke.y1_pt += sink;
            stroke.y2_pt += sink;
        }
    }
    if title_page {
        pages.insert(1, Page { blank: true, ..Page::default() });
        for entry in outline.iter_mut() {
            entry.page += 1;
        }
    }
    let mut page_missing = MissingGlyphs::new();
    // An untitled book's versos name the chapter too: a file name is never printed as a title.
    let book_title = meta.own_title();
    let mut chapters = outline.iter().filter(|e| e.level == 1).peekable();
    let mut chapter: Option<&str> = None;
    for (index, page) in pages.iter_mut().enumerate() {
        let n = index + 1;
        let mut opens_chapter = false;
        while let Some(entry) = chapters.next_if(|e| e.page <= index) {
            opens_chapter |= entry.page == index;
            chapter = Some(&entry.title);
        }
        if page.blank {
            // The blank verso before a chapter kept to a recto carries nothing.
            continue;
        }
        if let Some(head) = &style.running_head {
            if index > 0 && !opens_chapter && !(title_page && index == 1) {
                // Verso (even) pages name the book, recto (odd) pages the chapter they are in.
                let text = if n % 2 == 0 { book_title.or(chapter) } else { chapter.or(book_title) };
                if let Some(text) = text {
                    running_head(page, head, &style.page, text, fonts, &mut page_missing)?;
                }
            }
        }
        if (title_page && index <= 1) || page.unnumbered {
            continue;
        }
        let numbers = &style.page_numbers;
        let line = furniture_line(
            &page_number_text(numbers, n),
            numbers.face,
            numbers.size_pt,
            fonts,
            &mut page_missing,
        )?;
        let (x, baseline) = page_number_position(numbers, &style.page, n, line.right_pt());
        page.lines.push(PlacedLine { x_pt: x, baseline_pt: baseline, line });
        page.furniture += 1;
    }
    Ok(())
}

/// `text` set on one line in `face` at `size_pt`, for page furniture.
fn furniture_line(
    text: &str,
    face: Face,
    size_pt: f32,
    fonts: &FontBook,
    missing: &mut MissingGlyphs,
) -> Result<Line, Error> {
    let chars: Vec<StyledChar> = text.chars().map(|ch| StyledChar::plain(ch, face, size_pt, 0.0)).collect();
    let spec = ParagraphSpec {
        width_pt: 1.0e4,
        left_pt: 0.0,
        right_pt: 0.0,
        first_indent_pt: 0.0,
        align: Align::Left,
        on_grid: false,
    };
    Ok(set_paragraph(&chars, &spec, fonts, missing)?.into_iter().next().unwrap_or_default())
}

/// Adds a running head to `page`: `text` centred above the type area (cut short with `…` to fit), a thin
/// rule under it across the type area. The head is furniture, like the folio.
fn running_head(
    page: &mut Page,
    head: &RunningHead,
    geometry: &PageGeometry,
    text: &str,
    fonts: &FontBook,
    missing: &mut MissingGlyphs,
) -> Result<(), Error> {
    let left = geometry.left_mm * PT_PER_MM;
    let width = geometry.text_width_mm() * PT_PER_MM;
    let top = geometry.top_mm * PT_PER_MM;
    // A heading's inner spacing (`第一回  甄士隐…　贾雨村…`) becomes one ideographic space (one Latin space
    // in a Latin title).
    let gap = if text.is_ascii() { " " } else { "\u{3000}" };
    let text = text.split_whitespace().collect::<Vec<_>>().join(gap);
    let mut line = furniture_line(&text, head.face, head.size_pt, fonts, missing)?;
    if line.right_pt() > width {
        // Too long: keep what fits with room for an ellipsis of one em, measured once, not char by char.
        let room = width - head.size_pt;
        let kept: String =
            line.glyphs.iter().take_while(|g| g.x_pt + g.advance_pt <= room).map(|g| g.ch).collect();
        let shortened = format!("{}…", kept.trim_end());
        line = furniture_line(&shortened, head.face, head.size_pt, fonts, missing)?;
    }
    let x = left + (width - line.right_pt()) / 2.0;
    page.lines.push(PlacedLine { x_pt: x, baseline_pt: top - head.baseline_above_text_mm * PT_PER_MM, line });
    page.furniture += 1;
    let y = top - head.rule_above_text_mm * PT_PER_MM;
    page.strokes.push(Stroke {
        x1_pt: left,
        y1_pt: y,
        x2_pt: left + width,
        y2_pt: y,
        width_pt: head.rule_width_pt,
        color: None,
    });
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::flow::lay_out;
    use crate::model::{Block, Document, Inline};
    use crate::style::StyleName;

    /// A novel: a title, then `chapters` chapters of `paragraphs` long paragraphs each.
    fn novel(chapters: usize, paragraphs: usize) -> Document {
        let mut doc = Document::default();
        doc.meta.title = Some("石头记".into());
        for c in 1..=chapters {
            doc.blocks.push(Block::Heading {
                level: 1,
                content: vec![Inline::Text(format!("第{c}回　甄士隐梦幻识通灵　贾雨村风尘怀闺秀"))],
            });
            for _ in 0..paragraphs {
                doc.blocks.push(Block::paragraph(
                    "列位看官：你道此书从何而来？说起根由虽近荒唐，细按则深有趣味。".repeat(6),
                ));
            }
        }
        doc
    }

    /// The text of each page's furniture lines (running head, folio).
    fn furniture(page: &Page) -> Vec<String> {
        page.lines.iter().skip(page.lines.len() - page.furniture).map(|l| l.line.text()).collect()
    }

    #[test]
    fn a_book_opens_with_a_title_page_and_a_blank_verso_then_chapters_on_new_pages() {
        let style = Style::preset(StyleName::Book);
        let layout = lay_out(&novel(3, 12), &style, &FontBook::new(&[])).expect("lays out");
        let pages = &layout.pages;
        assert_eq!(pages[0].lines.iter().map(|l| l.line.text()).collect::<Vec<_>>(), ["石头记"]);
        assert_eq!(pages[0].furniture, 0, "no head or folio on the title page");
        assert!(pages[1].lines.is_empty(), "the title page's back is blank");
        let openings: Vec<usize> = layout.outline.iter().map(|e| e.page).collect();
        assert_eq!(openings[0], 2, "the first chapter opens on a recto page");
        for &page in &openings {
            let first = &pages[page].lines[0];
            assert!(first.line.text().starts_with('第'), "a chapter begins its page: {}", first.line.text());
            let sink = style.chapter_sink_pt.expect("book sinks chapters");
            assert!(first.baseline_pt > style.page.top_mm * PT_PER_MM + sink, "the opening is sunk");
        }
        assert!(openings.windows(2).all(|w| w[1] > w[0] + 1), "chapters span pages: {openings:?}");
    }

    #[test]
    fn chapters_kept_to_rectos_open_on_odd_pages_after_a_bare_blank_verso() {
        let style =
            Style { chapter_start: crate::style::ChapterStart::Recto, ..Style::preset(StyleName::Book) };
        let layout = lay_out(&novel(4, 8), &style, &FontBook::new(&[])).expect("lays out");
        let openings: Vec<usize> = layout.outline.iter().map(|e| e.page).collect();
        assert!(openings.iter().all(|&index| index % 2 == 0), "page numbers {openings:?} + 1 are odd");
        let blanks = layout.pages.iter().filter(|p| p.blank).count();
        assert!(blanks >= 1, "some chapter ended on a recto: {openings:?}");
        assert!(layout.pages.iter().filter(|p| p.blank).all(|p| p.lines.is_empty() && p.strokes.is_empty()));
        assert!(layout.pages.iter().filter(|p| !p.blank).all(|p| !p.lines.is_empty()), "no other blank page");
    }

    #[test]
    fn without_title_pages_a_lone_title_keeps_its_page_and_its_folio() {
        let style = Style { title_page: false, ..Style::preset(StyleName::Book) };
        let layout = lay_out(&novel(2, 12), &style, &FontBook::new(&[])).expect("lays out");
        let first = &layout.pages[0];
        assert_eq!(first.lines.iter().map(|l| l.line.text()).collect::<Vec<_>>(), ["石头记", "1"]);
        assert!(!layout.pages[1].lines.is_empty(), "no blank back");
        assert_eq!(layout.outline[0].page, 1, "the first chapter opens on the second page");
    }

    #[test]
    fn book_running_heads_name_the_book_on_verso_and_the_chapter_on_recto_but_not_on_openings() {
        let style = Style::preset(StyleName::Book);
        let layout = lay_out(&novel(3, 12), &style, &FontBook::new(&[])).expect("lays out");
        let openings: Vec<usize> = layout.outline.iter().map(|e| e.page).collect();
        for (index, page) in layout.pages.iter().enumerate().skip(2) {
            let n = index + 1;
            let furniture = furniture(page);
            if openings.contains(&index) {
                assert_eq!(furniture, [n.to_string()], "page {n}: an opening has only its folio");
                continue;
            }
            let chapter = openings.iter().filter(|&&p| p <= index).count();
            let head = if n % 2 == 0 {
                "石头记".to_owned()
            } else {
                format!("第{chapter}回\u{3000}甄士隐梦幻识通灵\u{3000}贾雨村风尘怀闺秀")
            };
            assert_eq!(furniture, [head, n.to_string()], "page {n}");
            // The head sits above the type area, with its rule between it and the text.
            let top = style.page.top_mm * PT_PER_MM;
            let head_line = &page.lines[page.lines.len() - 2];
            assert!(head_line.baseline_pt < top);
            assert!(page.strokes.iter().any(|s| s.y1_pt < top && s.y1_pt > head_line.baseline_pt));
        }
    }

    #[test]
    fn book_folios_stand_at_the_outer_edge() {
        let style = Style::preset(StyleName::Book);
        let layout = lay_out(&novel(1, 12), &style, &FontBook::new(&[])).expect("lays out");
        // Mirrored margins: the outer margin is `right_mm` on either side.
        let left = style.page.right_mm * PT_PER_MM;
        let right = (style.page.width_mm - style.page.right_mm) * PT_PER_MM;
        for (index, page) in layout.pages.iter().enumerate().skip(2) {
            let folio = page.lines.last().expect("folio");
            if index % 2 == 0 {
                // Odd page number: recto, right edge.
                assert!((folio.x_pt + folio.line.right_pt() - right).abs() < 0.01, "page {}", index + 1);
            } else {
                assert!((folio.x_pt - left).abs() < 0.01, "page {}", index + 1);
            }
        }
    }

    #[test]
    fn a_running_head_too_long_for_the_type_area_is_cut_short_with_an_ellipsis() {
        let style = Style::preset(StyleName::Book);
        let head = style.running_head.expect("book has running heads");
        let mut page = Page::default();
        let long = "很长的章回标题".repeat(20);
        let fonts = FontBook::new(&[]);
        running_head(&mut page, &head, &style.page, &long, &fonts, &mut MissingGlyphs::new()).expect("sets");
        let line = &page.lines[0];
        let width = style.page.text_width_mm() * PT_PER_MM;
        assert!(line.line.right_pt() <= width, "{} > {width}", line.line.right_pt());
        assert!(line.line.text().ends_with('…') && line.line.text().starts_with("很长的"));
        assert_eq!(page.furniture, 1);
    }

    #[test]
    fn report_and_gongwen_have_no_running_heads_and_keep_chapters_in_the_flow() {
        for name in [StyleName::Report, StyleName::Gongwen] {
            let style = Style::preset(name);
            let layout = lay_out(&novel(2, 2), &style, &FontBook::new(&[])).expect("lays out");
            assert!(layout.pages.iter().all(|p| p.furniture == 1), "{name:?}: only folios");
            assert_eq!(layout.outline[1].page, layout.outline[0].page, "{name:?}: no chapter break");
        }
    }
}
