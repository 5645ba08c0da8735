//! PDF/X-4, PDF/A-2 and PDF/UA-1 files (issue 20), held to the clauses paiban implements by a checker of
//! its own (there is no veraPDF here): the XMP identifiers and their agreement with the document info, the
//! output intent and its ICC profile's header, the page boxes nested Media ⊇ Bleed ⊇ Trim, no DeviceRGB
//! under a CMYK intent (names, content-stream operators, images), every font embedded with a ToUnicode
//! map, structure types standard or role-mapped, the UA attributes (Lbl and LBody in every list item, /Alt
//! on figures), the annotations' flags, and under PDF/X-4 every image in DeviceCMYK or DeviceGray. Then
//! Ghostscript re-distils each file without a word, and qpdf --check passes.

mod common;

use common::{have, rgba_png};
use lopdf::{Dictionary, Object, ObjectId};
use paiban::fonts::FontBook;
use paiban::model::Document;
use paiban::read::markdown::{read_markdown_with, ImageBase};
use paiban::style::{PdfStandard, Print, Style, StyleName};
use paiban::{RenderOptions, Timestamp};
use std::collections::BTreeSet;
use std::io::Read;
use std::path::Path;

/// The standard structure types of ISO 32000-1 §14.8.4.
const STANDARD_TYPES: &[&str] = &[
    "Document",
    "Part",
    "Art",
    "Sect",
    "Div",
    "BlockQuote",
    "Caption",
    "TOC",
    "TOCI",
    "Index",
    "NonStruct",
    "Private",
    "P",
    "H",
    "H1",
    "H2",
    "H3",
    "H4",
    "H5",
    "H6",
    "L",
    "LI",
    "Lbl",
    "LBody",
    "Table",
    "TR",
    "TH",
    "TD",
    "THead",
    "TBody",
    "TFoot",
    "Span",
    "Quote",
    "Note",
    "Reference",
    "BibEntry",
    "Code",
    "Link",
    "Annot",
    "Ruby",
    "RB",
    "RT",
    "RP",
    "Warichu",
    "WT",
    "WP",
    "Figure",
    "Formula",
    "Form",
];

/// A Markdown document with what each standard has a clause about: a link, a list, a table, a code block,
/// an RGB PNG with transparency and an RGB JPEG (one without alternative text).
fn document() -> (tempfile::TempDir, Document) {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("a.png"), rgba_png(4, 2)).expect("png");
    let jpeg = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/tiny.jpg");
    std::fs::copy(jpeg, dir.path().join("b.jpg")).expect("jpeg");
    let markdown = "---\ntitle: 印刷标准样张\nauthor: 排版组\n---\n\n# 第一章\n\n正文与[一个链接](https://example.org/)。\n\n\
                    - 一项\n- 两项\n\n| 甲 | 乙 |\n|---|---|\n| 1 | 2 |\n\n```\nfn main() {}\n```\n\n\
                    ![透明的图](a.png)\n\n![](b.jpg)\n";
    let base = ImageBase { dir: dir.path(), root: dir.path() };
    let (doc, _) = read_markdown_with(markdown, Some(base));
    (dir, doc)
}

fn render(doc: &Document, print: Print) -> paiban::backend::Output {
    let style = Style { print, ..Style::preset(StyleName::Report) };
    let fonts = FontBook::new(&[]);
    let options =
        RenderOptions { style: &style, fonts: &fonts, timestamp: Timestamp::DEFAULT, embed_fonts: true };
    paiban::backend::pdf::render(doc, &options).expect("renders")
}

fn print(standards: &[PdfStandard], bleed_mm: f32, marks: bool) -> Print {
    Print { pdf_standards: standards.to_vec(), bleed_mm, marks, ..Print::NONE }
}

fn resolve<'a>(pdf: &'a lopdf::Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => pdf.get_object(*id).unwrap_or(&Object::Null),
        other => other,
    }
}

fn dict<'a>(pdf: &'a lopdf::Document, object: &'a Object) -> Option<&'a Dictionary> {
    match resolve(pdf, object) {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// The dictionaries of the array under `key` in `of` (none when there is no such array).
fn dicts<'a>(pdf: &'a lopdf::Document, of: &'a Dictionary, key: &[u8]) -> Vec<&'a Dictionary> {
    of.get(key)
        .and_then(Object::as_array)
        .map(|a| a.iter().filter_map(|item| dict(pdf, item)).collect())
        .unwrap_or_default()
}

fn name<'a>(d: &'a Dictionary, key: &[u8]) -> &'a [u8] {
    d.get(key).and_then(Object::as_name).unwrap_or(b"")
}

/// A stream's data, inflated if it is deflated.
fn data(stream: &lopdf::Stream) -> Vec<u8> {
    if name(&stream.dict, b"Filter") == b"FlateDecode" {
        let mut out = Vec::new();
        flate2::read::ZlibDecoder::new(&stream.content[..]).read_to_end(&mut out).expect("inflates");
        out
    } else {
        stream.content.clone()
    }
}

/// A text string of the document info (UTF-16BE with a BOM, or bytes).
fn text(object: &Object) -> String {
    let bytes = object.as_str().unwrap_or(b"");
    match bytes.strip_prefix(&[0xFE, 0xFF]) {
        Some(utf16) => {
            let units: Vec<u16> = utf16.chunks(2).map(|c| u16::from_be_bytes([c[0], c[1]])).collect();
            String::from_utf16_lossy(&units)
        }
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// `[l b r t]` of a page's box.
fn page_box(page: &Dictionary, key: &[u8]) -> Option<[f32; 4]> {
    let items = page.get(key).and_then(Object::as_array).ok()?;
    let v: Vec<f32> = items.iter().filter_map(|o| o.as_float().ok()).collect();
    v.try_into().ok()
}

fn contains(outer: [f32; 4], inner: [f32; 4]) -> bool {
    outer[0] <= inner[0] + 0.01
        && outer[1] <= inner[1] + 0.01
        && outer[2] >= inner[2] - 0.01
        && outer[3] >= inner[3] - 0.01
}

/// The text of the one element `<prefix:key>` of the XMP packet, well-formedness checked on the way.
fn xmp_values(packet: &str) -> Vec<(String, String)> {
    let mut reader = quick_xml::Reader::from_str(packet);
    let mut out = Vec::new();
    let mut open: Vec<String> = Vec::new();
    loop {
        match reader.read_event().expect("the XMP packet is well-formed XML") {
            quick_xml::events::Event::Start(e) => {
                open.push(String::from_utf8_lossy(e.name().as_ref()).into_owned());
            }
            quick_xml::events::Event::End(_) => {
                open.pop();
            }
            quick_xml::events::Event::Text(t) => {
                let value = String::from_utf8_lossy(t.as_ref()).trim().to_owned();
                let element = open.iter().rev().find(|n| !n.starts_with("rdf:"));
                if let (false, Some(element)) = (value.is_empty(), element) {
                    out.push((element.clone(), value));
                }
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    out
}

/// The clauses `bytes` breaks of those implemented for `standards`, with a bleed of `bleed_mm` around a
/// paper of `paper_pt`; empty for a conforming file.
fn problems(bytes: &[u8], standards: &[PdfStandard], bleed_mm: f32, paper_pt: (f32, f32)) -> Vec<String> {
    let mut out = Vec::new();
    let mut fail = |m: String| out.push(m);
    let claims = |s: PdfStandard| standards.contains(&s);
    let cmyk_intent = claims(PdfStandard::X4) || claims(PdfStandard::A2b) || claims(PdfStandard::A2u);
    let pdf = lopdf::Document::load_mem(bytes).expect("lopdf reads it");
    let catalog = pdf.catalog().expect("a catalog");
    let info = pdf.trailer.get(b"Info").ok().and_then(|i| dict(&pdf, i)).expect("document info");
    if pdf.trailer.get(b"ID").is_err() {
        fail("no /ID in the trailer".into());
    }
    if claims(PdfStandard::X4) && pdf.version != "1.6" {
        fail(format!("PDF/X-4 is PDF 1.6, the header says {}", pdf.version));
    }
    // XMP: present, unfiltered, well-formed, the identifiers, and the info dictionary's values again.
    let metadata = catalog.get(b"Metadata").ok().map(|m| resolve(&pdf, m)).and_then(|m| m.as_stream().ok());
    match metadata {
        None => fail("no XMP metadata stream in the catalog".into()),
        Some(stream) => {
            if stream.dict.get(b"Filter").is_ok() {
                fail("the XMP stream is filtered".into());
            }
            let packet = String::from_utf8(stream.content.clone()).expect("XMP is UTF-8");
            let values = xmp_values(&packet);
            let value = |key: &str| values.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
            let mut expect = |key: &str, want: Option<&str>| {
                if value(key) != want {
                    fail(format!("XMP {key} is {:?}, expected {want:?}", value(key)));
                }
            };
            expect("pdfaid:part", (claims(PdfStandard::A2b) || claims(PdfStandard::A2u)).then_some("2"));
            let level =
                if claims(PdfStandard::A2u) { Some("U") } else { claims(PdfStandard::A2b).then_some("B") };
            expect("pdfaid:conformance", level);
            expect("pdfxid:GTS_PDFXVersion", claims(PdfStandard::X4).then_some("PDF/X-4"));
            expect("pdfuaid:part", claims(PdfStandard::Ua1).then_some("1"));
            let title = info.get(b"Title").map(text).ok();
            expect("dc:title", title.as_deref());
            let author = info.get(b"Author").map(text).ok();
            expect("dc:creator", author.as_deref());
            let producer = info.get(b"Producer").map(text).ok();
            expect("pdf:Producer", producer.as_deref());
            let tool = info.get(b"Creator").map(text).ok();
            expect("xmp:CreatorTool", tool.as_deref());
            expect("pdf:Trapped", Some("False"));
            // D:YYYYMMDDHHmmSSZ and YYYY-MM-DDTHH:mm:SSZ name the same instant.
            let date = info.get(b"CreationDate").map(text).unwrap_or_default();
            let digits: String = date.chars().filter(char::is_ascii_digit).collect();
            let xmp_digits: String =
                value("xmp:CreateDate").unwrap_or("").chars().filter(char::is_ascii_digit).collect();
            if digits != xmp_digits {
                fail(format!("CreationDate {date} and xmp:CreateDate {:?} differ", value("xmp:CreateDate")));
            }
            if !value("xmpMM:DocumentID").is_some_and(|id| id.starts_with("uuid:")) {
                fail("no xmpMM:DocumentID".into());
            }
        }
    }
    if name(info, b"Trapped") != b"False" {
        fail("the info's /Trapped is not /False".into());
    }
    if claims(PdfStandard::X4) && info.get(b"GTS_PDFXVersion").map(text).ok().as_deref() != Some("PDF/X-4") {
        fail("the info has no GTS_PDFXVersion".into());
    }
    // Output intents: one per standard, one profile shared, a valid CMYK output profile header.
    let intents = dicts(&pdf, catalog, b"OutputIntents");
    let subtypes: BTreeSet<&[u8]> = intents.iter().map(|i| name(i, b"S")).collect();
    let pdfa = claims(PdfStandard::A2b) || claims(PdfStandard::A2u);
    for (wanted, subtype) in [(claims(PdfStandard::X4), "GTS_PDFX"), (pdfa, "GTS_PDFA1")] {
        if wanted && !subtypes.contains(subtype.as_bytes()) {
            fail(format!("no {subtype} output intent"));
        }
    }
    let profiles: BTreeSet<ObjectId> = intents
        .iter()
        .filter_map(|i| i.get(b"DestOutputProfile").and_then(Object::as_reference).ok())
        .collect();
    if profiles.len() > 1 {
        fail("the output intents do not share one profile".into());
    }
    for &id in &profiles {
        let stream = pdf.get_object(id).and_then(Object::as_stream).expect("a profile stream");
        let icc = data(stream);
        if icc.get(36..40) != Some(b"acsp") {
            fail("the output profile has no `acsp` signature".into());
        }
        if icc.get(12..16) != Some(b"prtr") || icc.get(16..20) != Some(b"CMYK") {
            fail("the output profile is not a CMYK output profile".into());
        }
        if stream.dict.get(b"N").and_then(Object::as_i64).ok() != Some(4) {
            fail("the output profile's /N is not 4".into());
        }
        if icc.get(0..4).map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]) as usize) != Some(icc.len()) {
            fail("the output profile's size field is not its length".into());
        }
    }
    if cmyk_intent && profiles.is_empty() {
        fail("no output intent profile".into());
    }
    // Page boxes.
    let bleed_pt = bleed_mm * 72.0 / 25.4;
    let pages: Vec<ObjectId> = pdf.get_pages().into_values().collect();
    for (k, &page_id) in pages.iter().enumerate() {
        let page = pdf.get_dictionary(page_id).expect("page");
        let boxes = (page_box(page, b"MediaBox"), page_box(page, b"BleedBox"), page_box(page, b"TrimBox"));
        if let (Some(media), Some(bleed), Some(trim)) = boxes {
            if !contains(media, bleed) || !contains(bleed, trim) {
                fail(format!("page {k}: boxes not nested: media {media:?} bleed {bleed:?} trim {trim:?}"));
            }
            if (trim[2] - trim[0] - paper_pt.0).abs() > 0.02 || (trim[3] - trim[1] - paper_pt.1).abs() > 0.02
            {
                fail(format!("page {k}: the TrimBox {trim:?} is not the paper"));
            }
            if (trim[0] - bleed[0] - bleed_pt).abs() > 0.02 {
                fail(format!("page {k}: the bleed is {} pt, not {bleed_pt}", trim[0] - bleed[0]));
            }
        } else {
            fail(format!("page {k}: a MediaBox, BleedBox and TrimBox are needed"));
        }
        // No DeviceRGB operator in the content under a CMYK intent.
        if cmyk_intent {
            let content = pdf.get_and_decode_page_content(page_id).expect("content");
            for op in &content.operations {
                let rgb_space = op.operands.iter().any(|o| o.as_name().is_ok_and(|n| n == b"DeviceRGB"));
                if matches!(op.operator.as_str(), "rg" | "RG") || rgb_space {
                    fail(format!("page {k}: `{}` paints in DeviceRGB", op.operator));
                }
            }
        }
        // Every font embedded, with a ToUnicode map.
        for (font_name, font) in pdf.get_page_fonts(page_id).unwrap_or_default() {
            let font_name = String::from_utf8_lossy(&font_name).into_owned();
            if font.get(b"ToUnicode").is_err() {
                fail(format!("font {font_name} has no ToUnicode"));
            }
            let descendant = font
                .get(b"DescendantFonts")
                .and_then(Object::as_array)
                .ok()
                .and_then(|a| a.first())
                .and_then(|d| dict(&pdf, d));
            let descriptor =
                descendant.unwrap_or(font).get(b"FontDescriptor").ok().and_then(|d| dict(&pdf, d));
            let embedded = descriptor.is_some_and(|d| {
                [&b"FontFile"[..], b"FontFile2", b"FontFile3"].iter().any(|k| d.get(k).is_ok())
            });
            if !embedded {
                fail(format!("font {font_name} is not embedded"));
            }
        }
        // Annotations: printed under PDF/A and X, described under UA.
        for annot in page.get(b"Annots").and_then(Object::as_array).map(Vec::as_slice).unwrap_or(&[]) {
            let Some(annot) = dict(&pdf, annot) else { continue };
            let flags = annot.get(b"F").and_then(Object::as_i64).unwrap_or(0);
            if !standards.is_empty() && flags & 4 == 0 {
                fail(format!("page {k}: an annotation without the Print flag"));
            }
            if claims(PdfStandard::Ua1) && annot.get(b"Contents").is_err() {
                fail(format!("page {k}: a link without /Contents"));
            }
        }
    }
    // No DeviceRGB named anywhere (images, colour spaces, resources) under a CMYK intent.
    if cmyk_intent {
        for (id, object) in &pdf.objects {
            let mut pending = vec![object];
            while let Some(o) = pending.pop() {
                match o {
                    Object::Name(n) if n == b"DeviceRGB" => fail(format!("object {id:?} names DeviceRGB")),
                    Object::Array(items) => pending.extend(items),
                    Object::Dictionary(d) => pending.extend(d.iter().map(|(_, v)| v)),
                    Object::Stream(s) => pending.extend(s.dict.iter().map(|(_, v)| v)),
                    _ => {}
                }
            }
            if let Ok(stream) = object.as_stream() {
                // A press file's images are in the intent's inks: grey or CMYK, not an RGB profile.
                let image = name(&stream.dict, b"Subtype") == b"Image";
                let device = name(&stream.dict, b"ColorSpace");
                if claims(PdfStandard::X4) && image && !matches!(device, b"DeviceCMYK" | b"DeviceGray") {
                    fail(format!("image {id:?} is not in DeviceCMYK or DeviceGray"));
                }
                let space = stream.dict.get(b"ColorSpace").and_then(Object::as_array).ok();
                if let Some(profile) = space.and_then(|a| a.get(1)).and_then(|p| p.as_reference().ok()) {
                    let icc = data(pdf.get_object(profile).and_then(Object::as_stream).expect("a profile"));
                    if icc.get(36..40) != Some(b"acsp") {
                        fail(format!("image {id:?}: its ICC profile has no `acsp` signature"));
                    }
                }
            }
        }
    }
    // Structure: standard types (or mapped to one), the UA attributes and viewer preferences.
    let role_map = catalog
        .get(b"StructTreeRoot")
        .ok()
        .and_then(|r| dict(&pdf, r))
        .and_then(|r| r.get(b"RoleMap").ok())
        .and_then(|m| dict(&pdf, m));
    for object in pdf.objects.values() {
        let Ok(elem) = object.as_dict() else { continue };
        if name(elem, b"Type") != b"StructElem" {
            continue;
        }
        let kind = String::from_utf8_lossy(name(elem, b"S")).into_owned();
        let mapped = role_map.and_then(|m| m.get(kind.as_bytes()).ok()).and_then(|m| m.as_name().ok());
        let standard = mapped.map_or(kind.clone(), |m| String::from_utf8_lossy(m).into_owned());
        if !STANDARD_TYPES.contains(&standard.as_str()) {
            fail(format!("structure type {kind} is neither standard nor mapped to one"));
        }
        if !claims(PdfStandard::Ua1) {
            continue;
        }
        let attributes = elem.get(b"A").ok().and_then(|a| dict(&pdf, a));
        let attribute = |key: &[u8]| attributes.map_or(&b""[..], |a| name(a, key));
        if kind == "TH" && attribute(b"Scope").is_empty() {
            fail("a TH without Scope".into());
        }
        if kind == "Code" && attribute(b"Placement") != b"Block" {
            fail("a code block not placed as a block".into());
        }
        if kind == "Figure" && elem.get(b"Alt").map(text).unwrap_or_default().trim().is_empty() {
            fail(BARE_FIGURE.into());
        }
        // A list item is its label (the marker, with content of its own) and its body, in that order.
        if kind == "LI" {
            let kids = dicts(&pdf, elem, b"K");
            let roles: Vec<&[u8]> = kids.iter().map(|k| name(k, b"S")).collect();
            if roles != [&b"Lbl"[..], b"LBody"] {
                let roles: Vec<String> =
                    roles.iter().map(|r| String::from_utf8_lossy(r).into_owned()).collect();
                fail(format!("an LI holds {roles:?}, not an Lbl and an LBody"));
            }
            let marked =
                |k: &&Dictionary| k.get(b"K").and_then(Object::as_array).is_ok_and(|a| !a.is_empty());
            if !kids.first().is_some_and(marked) {
                fail("an Lbl without content".into());
            }
        }
    }
    if claims(PdfStandard::Ua1) {
        let preferences = catalog.get(b"ViewerPreferences").ok().and_then(|v| dict(&pdf, v));
        if preferences.and_then(|p| p.get(b"DisplayDocTitle").ok()) != Some(&Object::Boolean(true)) {
            fail("DisplayDocTitle is not true".into());
        }
        if catalog.get(b"Lang").is_err() {
            fail("no /Lang".into());
        }
        let marked =
            catalog.get(b"MarkInfo").ok().and_then(|m| dict(&pdf, m)).and_then(|m| m.get(b"Marked").ok());
        if marked != Some(&Object::Boolean(true)) {
            fail("not marked as tagged".into());
        }
    }
    out
}

/// What [`problems`] says of a figure without alternative text, which paiban cannot mend but warns of.
const BARE_FIGURE: &str = "a Figure without /Alt";

/// Ghostscript re-distils `bytes` to a new PDF; what it printed, if it printed anything.
fn redistil_complaints(bytes: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.pdf");
    std::fs::write(&input, bytes).expect("write");
    let run = std::process::Command::new("gs")
        .args(["-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-dPDFSTOPONERROR", "-sDEVICE=pdfwrite", "-o"])
        .arg(dir.path().join("out.pdf"))
        .arg(&input)
        .output()
        .expect("gs runs");
    let said = format!("{}{}", String::from_utf8_lossy(&run.stdout), String::from_utf8_lossy(&run.stderr));
    (!run.status.success() || !said.trim().is_empty()).then_some(said)
}

fn qpdf_complaints(bytes: &[u8]) -> Option<String> {
    let file = tempfile::NamedTempFile::new().expect("temp file");
    std::fs::write(file.path(), bytes).expect("write");
    let run = std::process::Command::new("qpdf").arg("--check").arg(file.path()).output().expect("qpdf runs");
    let said = String::from_utf8_lossy(&run.stdout).into_owned();
    (!run.status.success() || said.contains("WARNING")).then_some(said)
}

/// Each file of `files` passes Ghostscript and qpdf, where they are installed.
fn external_checks(files: &[(&str, &[u8])]) {
    for (tool, check) in
        [("gs", redistil_complaints as fn(&[u8]) -> Option<String>), ("qpdf", qpdf_complaints)]
    {
        if !have(tool) {
            paiban::skip!("skipping the {tool} check of standard PDFs: {tool} is not installed");
            continue;
        }
        for (label, bytes) in files {
            assert_eq!(check(bytes), None, "{tool} on {label}");
        }
    }
}

fn paper_pt(style: StyleName) -> (f32, f32) {
    let page = Style::preset(style).page;
    (page.width_mm * 72.0 / 25.4, page.height_mm * 72.0 / 25.4)
}

#[test]
fn each_standard_and_their_combinations_pass_the_checker_ghostscript_and_qpdf() {
    use PdfStandard::{A2b, A2u, Ua1, X4};
    let (_dir, doc) = document();
    let combinations: [(&[PdfStandard], f32, bool); 5] = [
        (&[X4], 3.0, true),
        (&[A2b], 0.0, false),
        (&[A2u, Ua1], 0.0, false),
        (&[Ua1], 0.0, false),
        (&[X4, A2u, Ua1], 3.0, true),
    ];
    let mut files = Vec::new();
    for (standards, bleed, marks) in combinations {
        let output = render(&doc, print(standards, bleed, marks));
        let (bare, found): (Vec<String>, Vec<String>) =
            problems(&output.bytes, standards, bleed, paper_pt(StyleName::Report))
                .into_iter()
                .partition(|p| p == BARE_FIGURE);
        assert!(found.is_empty(), "{standards:?}: {found:#?}");
        if standards.contains(&Ua1) {
            assert_eq!(bare.len(), 1, "the JPEG without alt text, and only it, has no /Alt");
            assert!(
                output.diagnostics.iter().any(|d| d.message.contains("no alternative text")),
                "the JPEG without alt text is reported"
            );
        }
        files.push((format!("{standards:?}"), output.bytes));
    }
    let labelled: Vec<(&str, &[u8])> = files.iter().map(|(l, b)| (l.as_str(), b.as_slice())).collect();
    external_checks(&labelled);
}

#[test]
fn the_checker_finds_a_plain_pdf_wanting() {
    let (_dir, doc) = document();
    let plain = render(&doc, Print::NONE).bytes;
    let found = problems(
        &plain,
        &[PdfStandard::X4, PdfStandard::A2u, PdfStandard::Ua1],
        0.0,
        paper_pt(StyleName::Report),
    );
    for expected in
        ["no XMP metadata", "no GTS_PDFX output intent", "BleedBox", "DeviceRGB", "Scope", "/Contents", "Lbl"]
    {
        assert!(found.iter().any(|p| p.contains(expected)), "{expected} not found in {found:#?}");
    }
    // …and two renders of a standard file are the same bytes.
    let x4 = print(&[PdfStandard::X4, PdfStandard::A2u], 3.0, true);
    assert!(render(&doc, x4.clone()).bytes == render(&doc, x4).bytes);
}

#[test]
fn a_print_shop_s_official_notice_from_the_command_line() {
    let input = Path::new(env!("CARGO_MANIFEST_DIR")).join("input/official-notice.txt");
    let out = tempfile::tempdir().expect("temp dir");
    let args = [
        "-t",
        "pdf",
        "--style",
        "gongwen",
        "--letterhead",
        "--pdf-standard",
        "x4,a2u,ua1",
        "--bleed",
        "3mm",
        "--marks",
    ];
    let run = common::convert(&input, out.path(), &args);
    assert!(run.status.success(), "{}", common::stderr(&run));
    let bytes = std::fs::read(out.path().join("official-notice.pdf")).expect("the PDF");
    let standards = [PdfStandard::X4, PdfStandard::A2u, PdfStandard::Ua1];
    let found = problems(&bytes, &standards, 3.0, paper_pt(StyleName::Gongwen));
    assert!(found.is_empty(), "{found:#?}");
    // The letterhead's red is CMYK red; black text is K-only grey.
    let pdf = lopdf::Document::load_mem(&bytes).expect("parses");
    let first = *pdf.get_pages().values().next().expect("a page");
    let ops = pdf.get_and_decode_page_content(first).expect("content").operations;
    let colours: Vec<(String, Vec<f32>)> = ops
        .iter()
        .filter(|op| matches!(op.operator.as_str(), "k" | "K" | "g" | "G"))
        .map(|op| (op.operator.clone(), op.operands.iter().filter_map(|o| o.as_float().ok()).collect()))
        .collect();
    assert!(colours.iter().any(|(op, v)| op == "k" && v == &[0.0, 1.0, 1.0, 0.0]), "{colours:?}");
    assert!(colours.iter().any(|(op, v)| op == "g" && v == &[0.0]), "{colours:?}");
    // Crop marks: one more content stream on every page, in registration black.
    let page = pdf.get_dictionary(first).expect("page");
    assert_eq!(page.get(b"Contents").and_then(Object::as_array).map(Vec::len).ok(), Some(2));
    external_checks(&[("official notice", &bytes)]);
}
