//! The book style's DOCX as LibreOffice sets it (where it is installed): the title on a page of its own
//! without folio, each chapter from a new page without a running head there, the chapter's title over its
//! odd pages and the book's over even ones, as the PDF sets them.

mod common;

use common::have;
use paiban::fonts::FontBook;
use paiban::model::{Block, Document, Inline, Meta};
use paiban::style::{ChapterStart, Style, StyleName};
use paiban::{RenderOptions, Timestamp};
use std::process::Command;

const BOOK: &str = "石头记";
const CHAPTERS: [&str; 2] = ["第一回 甄士隐梦幻识通灵", "第二回 贾夫人仙逝扬州城"];

/// Two chapters of some five A5 pages each, every paragraph numbered so a page's text says where it is.
fn two_chapters() -> Document {
    let sentence = "列位看官：你道此书从何而来？说起根由虽近荒唐，细按则深有趣味。";
    let mut blocks = Vec::new();
    for chapter in CHAPTERS {
        blocks.push(Block::Heading { level: 1, content: vec![Inline::Text(chapter.to_owned())] });
        for n in 1..=14 {
            blocks.push(Block::paragraph(format!("第{n}段。{}", sentence.repeat(6))));
        }
    }
    Document {
        meta: Meta { title: Some(BOOK.to_owned()), ..Meta::default() },
        blocks,
        resources: Default::default(),
    }
}

fn run(command: &mut Command) -> String {
    let out = command.output().expect("runs");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A page's lines with text, spaces removed (pdftotext spreads a centred head over the line).
fn lines(page: &str) -> Vec<String> {
    page.lines()
        .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect::<String>())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The pages of `style`'s DOCX of [`two_chapters`] as LibreOffice sets them, each as its lines of text.
fn libreoffice_pages(style: &Style) -> Vec<Vec<String>> {
    let fonts = FontBook::new(&[]);
    let options = RenderOptions { style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: false };
    let bytes = paiban::backend::docx::render(&two_chapters(), &options).expect("renders").bytes;
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("book.docx"), bytes).expect("writes");
    let profile = format!("-env:UserInstallation=file://{}/profile", dir.path().display());
    run(Command::new("soffice")
        .args([profile.as_str(), "--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .arg(dir.path().join("book.docx")));
    let text = run(Command::new("pdftotext").arg("-layout").arg(dir.path().join("book.pdf")).arg("-"));
    // A form feed ends every page, a blank one too.
    let mut pages: Vec<Vec<String>> = text.split('\u{c}').map(lines).collect();
    if pages.last().is_some_and(Vec::is_empty) {
        pages.pop();
    }
    pages
}

#[test]
fn libreoffice_sets_the_book_with_a_title_page_chapter_openings_and_running_heads() {
    if !have("soffice") || !have("pdftotext") {
        paiban::skip!("skipping the book DOCX in LibreOffice: soffice or pdftotext is not installed");
        return;
    }
    let pages: Vec<Vec<String>> =
        libreoffice_pages(&Style::preset(StyleName::Book)).into_iter().filter(|p| !p.is_empty()).collect();
    let squeezed = |s: &str| s.replace(' ', "");
    let (first, second) = (squeezed(CHAPTERS[0]), squeezed(CHAPTERS[1]));
    let opening = |title: &str| pages.iter().position(|p| p.first().is_some_and(|l| *l == title));
    let (Some(one), Some(two)) = (opening(&first), opening(&second)) else {
        panic!("each chapter opens a page, its title first: {pages:#?}")
    };
    // The title page: the title alone, no folio; chapter one opens the next page.
    assert_eq!(pages[0], [BOOK], "{:#?}", pages[0]);
    assert_eq!(one, 1, "chapter one opens page 2");
    assert!(two >= one + 3, "chapter one fills pages: {two}");
    // The page before chapter two ends chapter one (its last paragraph), not chapter two's text.
    assert!(pages[two - 1].iter().any(|l| l.contains("第14段")), "{:#?}", pages[two - 1]);
    for (index, page) in pages.iter().enumerate() {
        let n = index + 1;
        let head = page.first().map(String::as_str).unwrap_or_default();
        if index == 0 || index == one || index == two {
            // Openings carry no head: their first line is the chapter's title (or the book's title alone).
            continue;
        }
        let chapter = if index < two { &first } else { &second };
        // Verso pages name the book, recto pages the chapter (the head's inner space is ideographic).
        let expected = if n % 2 == 0 { BOOK.to_owned() } else { chapter.clone() };
        assert_eq!(head.replace('\u{3000}', ""), expected, "page {n}: {page:#?}");
        // …and the folio is the page's number.
        assert_eq!(page.last().map(String::as_str), Some(n.to_string().as_str()), "page {n}");
    }
    // A chapter's opening page has its folio.
    assert_eq!(pages[two].last().map(String::as_str), Some((two + 1).to_string().as_str()));
}

#[test]
fn libreoffice_opens_each_chapter_on_a_recto_page_when_the_style_asks() {
    if !have("soffice") || !have("pdftotext") {
        paiban::skip!("skipping the recto book DOCX in LibreOffice: soffice or pdftotext is not installed");
        return;
    }
    let style = Style { chapter_start: ChapterStart::Recto, ..Style::preset(StyleName::Book) };
    let pages = libreoffice_pages(&style);
    let folio = |title: &str| opening_folio(&pages, title);
    // The title page is page 1; its blank back is page 2.
    assert_eq!(folio(CHAPTERS[0]), 3);
    let second = folio(CHAPTERS[1]);
    assert_eq!(second % 2, 1, "{} opens page {second}: {pages:#?}", CHAPTERS[1]);
}

#[test]
fn libreoffice_opens_chapters_on_recto_pages_without_running_heads() {
    if !have("soffice") || !have("pdftotext") {
        paiban::skip!(
            "skipping the recto DOCX without heads in LibreOffice: soffice or pdftotext is not installed"
        );
        return;
    }
    let style =
        Style { chapter_start: ChapterStart::Recto, running_head: None, ..Style::preset(StyleName::Book) };
    let pages = libreoffice_pages(&style);
    let folio = |title: &str| opening_folio(&pages, title);
    for chapter in CHAPTERS {
        let page = folio(chapter);
        assert_eq!(page % 2, 1, "{chapter} opens page {page}: {pages:#?}");
    }
}

/// The folio of the page a chapter titled `title` opens: LibreOffice's PDF leaves out the blank pages it
/// inserts but numbers the pages after them as it counts them, so the folio says which page it is.
fn opening_folio(pages: &[Vec<String>], title: &str) -> u32 {
    let title = title.replace(' ', "");
    let page =
        pages.iter().find(|p| p.first().is_some_and(|l| *l == title)).expect("the chapter opens a page");
    page.last().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("a folio: {page:#?}"))
}
