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
