//! Every encoding variant in `../shared/corpus/encodings/` decodes to exactly the text of its UTF-8 original.

mod common;

use paiban::read::decode::decode;

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

/// Each corpus document (the UTF-8 originals) in `encoding`, when every character of it has a code there.
fn encoded(text: &str, encoding: &'static encoding_rs::Encoding) -> Option<Vec<u8>> {
    if encoding == encoding_rs::UTF_16LE {
        return Some(text.encode_utf16().flat_map(u16::to_le_bytes).collect());
    }
    if encoding == encoding_rs::UTF_16BE {
        return Some(text.encode_utf16().flat_map(u16::to_be_bytes).collect());
    }
    let (bytes, _, unmappable) = encoding.encode(text);
    (!unmappable).then(|| bytes.into_owned())
}

#[test]
fn utf16_without_a_bom_is_told_from_every_other_encoding_of_the_corpus() {
    let Some(shared) = common::shared_dir("utf16_without_a_bom_is_told_from_every_other_encoding") else {
        return;
    };
    let corpus = shared.join("corpus");
    let mut originals: Vec<std::path::PathBuf> = ["gov", "hant", "literature", "markdown"]
        .iter()
        .flat_map(|folder| std::fs::read_dir(corpus.join(folder)).expect("corpus folder"))
        .map(|entry| entry.expect("entry").path())
        .collect();
    originals.sort();
    let mut checked = 0;
    for path in &originals {
        let Ok(original) = std::fs::read_to_string(path) else { continue };
        let text = original.trim_start_matches('\u{FEFF}');
        for encoding in [encoding_rs::UTF_16LE, encoding_rs::UTF_16BE] {
            let bytes = encoded(text, encoding).expect("UTF-16 encodes everything");
            let decoded = decode(&bytes, None).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            assert_eq!(decoded.encoding, encoding.name(), "{}", path.display());
            // A short file is told too: its first line or two.
            let head: String = text.chars().take(40).collect();
            let bytes = encoded(&head, encoding).expect("encodes");
            assert_eq!(decode(&bytes, None).map(|d| d.encoding).ok(), Some(encoding.name()), "{head}");
        }
        for encoding in [encoding_rs::UTF_8, encoding_rs::GB18030, encoding_rs::BIG5] {
            let Some(bytes) = encoded(text, encoding) else { continue };
            // Whole files and the beginnings of files (a short file is the hardest to tell), cut at every
            // even length up to 64 bytes and then at a few longer ones.
            let cuts = (4..64).step_by(2).chain([100, 256, 1000, 4096]).chain([bytes.len() & !1]);
            for cut in cuts.filter(|&cut| cut <= bytes.len()) {
                if let Ok(decoded) = decode(&bytes[..cut], None) {
                    assert!(
                        !decoded.encoding.starts_with("UTF-16"),
                        "{} in {} cut at {cut} bytes taken for {}",
                        path.display(),
                        encoding.name(),
                        decoded.encoding
                    );
                }
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "only {checked} samples");
}
