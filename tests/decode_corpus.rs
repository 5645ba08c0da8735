//! Every encoding variant of a document decodes to exactly the text of its UTF-8 original, and UTF-16 without
//! a BOM is told from every other encoding. The core runs on the project's own documents (the evaluation set,
//! the fixtures, the samples), their variants made in the test; the variants stored in
//! `../shared/corpus/encodings/` are an extra that skips with a message when the corpus is absent.

mod common;

use paiban::read::decode::decode;
use std::path::{Path, PathBuf};

/// (variant, original, expected encoding), as listed in `../shared/corpus/SOURCES.md`.
const VARIANTS: &[(&str, &str, &str)] = &[
    (
        "chinese-copywriting-guidelines.zh-Hans.gb18030.md",
        "markdown/chinese-copywriting-guidelines.zh-Hans.md",
        "GB18030",
    ),
    ("docsify-zh-quickstart.utf8bom-crlf.md", "markdown/docsify-zh-quickstart.md", "UTF-8"),
    ("govcn-2006-guohan-132-approval.gbk.txt", "gov/govcn-2006-guohan-132-approval.txt", "GB18030"),
    (
        "govcn-2018-guobanfamingdian-15-notice.utf8bom-crlf.txt",
        "gov/govcn-2018-guobanfamingdian-15-notice.txt",
        "UTF-8",
    ),
    ("govcn-2019-guofa-4-notice.gbk.txt", "gov/govcn-2019-guofa-4-notice.txt", "GB18030"),
    ("hongloumeng.gb18030.txt", "literature/hongloumeng.txt", "GB18030"),
    ("luxun-yecao-pg-nolinebreaks.big5.txt", "hant/luxun-yecao-pg-nolinebreaks.txt", "Big5"),
    ("seed-speech.gbk.txt", "seed-speech.txt", "GB18030"),
    ("twlaw-roc-constitution.big5.md", "hant/twlaw-roc-constitution.md", "Big5"),
];

#[test]
fn every_encoding_variant_decodes_to_its_original() {
    let Some(shared) = common::shared_dir("every_encoding_variant_decodes_to_its_original") else { return };
    let corpus = shared.join("corpus");
    let listed = std::fs::read_dir(corpus.join("encodings")).expect("encodings folder").count();
    assert_eq!(listed, VARIANTS.len(), "a new encoding variant appeared: add it to VARIANTS");
    for (variant, original, encoding) in VARIANTS {
        let variant_bytes = std::fs::read(corpus.join("encodings").join(variant)).expect("variant");
        let original_bytes = std::fs::read(corpus.join(original)).expect("original");
        let decoded = decode(&variant_bytes, None).expect("variant decodes");
        let expected = decode(&original_bytes, None).expect("original decodes");
        assert_eq!(decoded.encoding, *encoding, "{variant}: detected encoding");
        assert_eq!(decoded.replaced, 0, "{variant}: no replacement characters");
        assert!(decoded.text == expected.text, "{variant}: decoded text differs from {original}");
    }
}

/// Every text document the project keeps: both splits of the evaluation set, the fixtures and the samples.
fn project_documents() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<PathBuf> = ["tests/eval/train", "tests/eval/heldout", "tests/fixtures", "input"]
        .iter()
        .flat_map(|dir| std::fs::read_dir(root.join(dir)).expect("a project folder"))
        .map(|entry| entry.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md") && !p.ends_with("SOURCES.md"))
        .collect();
    files.sort();
    files
}

#[test]
fn every_encoding_variant_of_a_project_document_decodes_to_its_original() {
    let files = project_documents();
    assert!(files.len() >= 175, "{} documents", files.len());
    let mut wrong = Vec::new();
    for path in &files {
        let bytes = std::fs::read(path).expect("a project document");
        let expected = decode(&bytes, None).expect("the original decodes");
        let text = std::str::from_utf8(&bytes).expect("UTF-8");
        for (label, variant, encoding) in common::encoding_variants(text) {
            let decoded = decode(&variant, None).expect("the variant decodes");
            if decoded.encoding != encoding || decoded.replaced != 0 || decoded.text != expected.text {
                wrong.push(format!(
                    "{} as {label}: decoded as {} with {} replaced, text {}",
                    path.display(),
                    decoded.encoding,
                    decoded.replaced,
                    if decoded.text == expected.text { "equal" } else { "different" }
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Where telling UTF-16 without a BOM fails today: the first 40 characters of a document whose Han text is
/// mixed with Cyrillic are refused as binary (accented pinyin, which failed too, counts as text now).
const KNOWN_UNTOLD: [&str; 2] = [
    "gw-2019-qiqihar-qizhengbanfa-29-infotable-nav.txt: the first 40 characters in UTF-16LE: Err(\"an error\")",
    "gw-2019-qiqihar-qizhengbanfa-29-infotable-nav.txt: the first 40 characters in UTF-16BE: Err(\"an error\")",
];

#[test]
fn utf16_without_a_bom_is_told_from_every_other_encoding_of_the_project_documents() {
    let (checked, wrong) = utf16_is_told_from_the_other_encodings(&project_documents());
    assert!(checked > 10_000, "only {checked} samples");
    assert_eq!(wrong, KNOWN_UNTOLD, "failures other than the known ones (or a known one fixed)");
}

#[test]
fn utf16_without_a_bom_is_told_from_every_other_encoding_of_the_corpus() {
    let Some(shared) = common::shared_dir("utf16_without_a_bom_is_told_from_every_other_encoding") else {
        return;
    };
    let corpus = shared.join("corpus");
    let mut originals: Vec<PathBuf> = ["gov", "hant", "literature", "markdown"]
        .iter()
        .flat_map(|folder| std::fs::read_dir(corpus.join(folder)).expect("corpus folder"))
        .map(|entry| entry.expect("entry").path())
        .collect();
    originals.sort();
    let (checked, wrong) = utf16_is_told_from_the_other_encodings(&originals);
    assert!(checked > 1000, "only {checked} samples");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Each UTF-8 file of `originals` (others are passed over) as UTF-16 without a BOM, whole and its first 40
/// characters, must decode as UTF-16; as UTF-8, GB18030 and Big5 (where it can be), whole and cut at many
/// lengths, never as UTF-16. Returns the number of cuts checked and the failures (`file name: what`).
fn utf16_is_told_from_the_other_encodings(originals: &[PathBuf]) -> (usize, Vec<String>) {
    let encoded = common::encoded;
    let name = |path: &Path| path.file_name().and_then(|n| n.to_str()).unwrap_or("?").to_owned();
    let mut checked = 0;
    let mut wrong = Vec::new();
    for path in originals {
        let Ok(original) = std::fs::read_to_string(path) else { continue };
        let text = original.trim_start_matches('\u{FEFF}');
        for encoding in [encoding_rs::UTF_16LE, encoding_rs::UTF_16BE] {
            let bytes = encoded(text, encoding).expect("UTF-16 encodes everything");
            let found = decode(&bytes, None).map(|d| d.encoding);
            if found.as_ref().ok() != Some(&encoding.name()) {
                let found = found.map_err(|_| "an error");
                wrong.push(format!("{}: whole in {}: {found:?}", name(path), encoding.name()));
            }
            // A short file is told too: its first line or two.
            let head: String = text.chars().take(40).collect();
            let bytes = encoded(&head, encoding).expect("encodes");
            let found = decode(&bytes, None).map(|d| d.encoding);
            if found.as_ref().ok() != Some(&encoding.name()) {
                let found = found.map_err(|_| "an error");
                wrong.push(format!(
                    "{}: the first 40 characters in {}: {found:?}",
                    name(path),
                    encoding.name()
                ));
            }
        }
        for encoding in [encoding_rs::UTF_8, encoding_rs::GB18030, encoding_rs::BIG5] {
            let Some(bytes) = encoded(text, encoding) else { continue };
            // Whole files and the beginnings of files (a short file is the hardest to tell), cut at every
            // even length up to 64 bytes and then at a few longer ones.
            let cuts = (4..64).step_by(2).chain([100, 256, 1000, 4096]).chain([bytes.len() & !1]);
            for cut in cuts.filter(|&cut| cut <= bytes.len()) {
                if let Ok(decoded) = decode(&bytes[..cut], None) {
                    if decoded.encoding.starts_with("UTF-16") {
                        wrong.push(format!(
                            "{}: in {} cut at {cut} bytes: taken for {}",
                            name(path),
                            encoding.name(),
                            decoded.encoding
                        ));
                    }
                }
                checked += 1;
            }
        }
    }
    (checked, wrong)
}
