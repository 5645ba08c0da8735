//! Traditional Chinese in every format, from Markdown and from plain text: tagged with its region (zh-TW,
//! zh-HK) and set in the bundled Traditional faces (Noto Serif TC / Noto Sans TC, punctuation centred),
//! which the PDF embeds and the DOCX and EPUB name.

mod common;

use std::io::Read;
use std::path::Path;

const MARKDOWN: &str = "# 總統就職演說\n\n各位友邦的元首與貴賓、現場以及電視機前的好朋友們：\n\n\
我們會從這個時代開始，讓國家的發展與人民的生活更好。\n\n## 經濟發展\n\n產業的轉型與升級，是我們當前最重要的問題。\n";
const PLAIN: &str = "第一回　宴桃園豪傑三結義\n\n話說天下大勢，分久必合，合久必分。我們說這個時代的國家，\
經過了許多變動與發展。\n\n第二回　張翼德怒鞭督郵\n\n且說董卓字仲穎，隴西臨洮人也。這時國中無人可當。\n";
const CANTONESE: &str = "我哋今日喺度開會，講吓呢個問題嘅處理方法。佢哋話咗會跟進，我們會發表報告。\n";

/// The entry `name` of the zip container `path`, as text.
fn entry(path: &Path, name: &str) -> String {
    let file = std::fs::File::open(path).expect("output written");
    let mut archive = zip::ZipArchive::new(file).expect("a zip container");
    let mut text = String::new();
    archive.by_name(name).expect(name).read_to_string(&mut text).expect("UTF-8");
    text
}

/// Every embedded font's `BaseFont` and the catalog's `/Lang` of the PDF at `path`.
fn pdf_fonts_and_lang(path: &Path) -> (Vec<String>, String) {
    let pdf = lopdf::Document::load(path).expect("a PDF lopdf reads");
    let fonts = pdf
        .objects
        .values()
        .filter_map(|object| object.as_dict().ok()?.get(b"FontName").ok()?.as_name().ok().map(<[u8]>::to_vec))
        .map(|name| String::from_utf8_lossy(&name).into_owned())
        .collect();
    let catalog = pdf.catalog().expect("a catalog");
    let lang = catalog.get(b"Lang").and_then(lopdf::Object::as_str).expect("/Lang");
    (fonts, String::from_utf8_lossy(lang).into_owned())
}

#[test]
fn traditional_markdown_and_plain_text_are_tagged_by_region_and_set_in_the_traditional_faces() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (input, output) = (dir.path().join("in"), dir.path().join("out"));
    std::fs::create_dir(&input).expect("mkdir");
    std::fs::write(input.join("speech.md"), MARKDOWN).expect("write");
    std::fs::write(input.join("novel.txt"), PLAIN).expect("write");
    std::fs::write(input.join("meeting.txt"), CANTONESE).expect("write");
    let status = common::paiban().arg(&input).arg("-o").arg(&output).arg("-q").status().expect("runs");
    assert!(status.success());
    for (stem, region) in [("speech", "zh-TW"), ("novel", "zh-TW"), ("meeting", "zh-HK")] {
        let (fonts, lang) = pdf_fonts_and_lang(&output.join(format!("{stem}.pdf")));
        assert_eq!(lang, region, "{stem}.pdf");
        assert!(fonts.iter().any(|f| f.ends_with("+NotoSerifTC-Regular")), "{stem}.pdf: {fonts:?}");
        assert!(
            !fonts.iter().any(|f| f.contains("SerifSC-Bold") || f.contains("SansSC")),
            "{stem}: {fonts:?}"
        );

        let docx = output.join(format!("{stem}.docx"));
        let styles = entry(&docx, "word/styles.xml");
        assert!(styles.contains(&format!("w:eastAsia=\"{region}\"")), "{stem}.docx: {styles}");
        assert!(styles.contains("w:eastAsia=\"Noto Serif TC\""), "{stem}.docx names the face: {styles}");
        assert!(!styles.contains("zh-Hant"), "{stem}.docx");

        let epub = output.join(format!("{stem}.epub"));
        let opf = entry(&epub, "OEBPS/content.opf");
        assert!(opf.contains(&format!(">{region}</dc:language>")), "{stem}.epub: {opf}");
        assert!(opf.contains("NotoSerifTC-Regular-subset.ttf"), "{stem}.epub embeds the face: {opf}");
        let css = entry(&epub, "OEBPS/stylesheet.css");
        assert!(css.contains("font-family: \"Noto Serif TC\""), "{stem}.epub names the face");
        let chapter = entry(&epub, "OEBPS/chapter-001.xhtml");
        assert!(chapter.contains(&format!("lang=\"{region}\" xml:lang=\"{region}\"")), "{stem}.epub");
    }
    // The Markdown's headings are 黑體: Noto Sans TC, named in the DOCX.
    let styles = entry(&output.join("speech.docx"), "word/styles.xml");
    assert!(styles.contains("w:eastAsia=\"Noto Sans TC\""), "{styles}");
}
