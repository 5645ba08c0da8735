//! The lines that open and close a Chinese document: the salutation of a speech, the signature, and the
//! genre names of official documents (公文). A closing date is a [`super::dates::is_date_line`].

use super::chars::{is_han, is_layout_space};

/// Salutations that open a speech (`同志们：`, `各位代表：`), never an official document's addressee.
pub const SPEECH_SALUTATIONS: [&str; 7] =
    ["同志们", "代表们", "朋友们", "同学们", "各位代表", "各位委员", "各位"];

/// Genre names that end the title of an official document: the fifteen kinds of the 党政机关公文处理工作条例
/// (GB/T 9704), plus the common `复函` and `答复`.
pub const OFFICIAL_GENRES: [&str; 18] = [
    "通知", "通报", "决定", "决议", "意见", "批复", "复函", "函", "请示", "报告", "答复", "命令", "公告",
    "通告", "议案", "纪要", "公报", "令",
];

/// A signature line: a short name of an office or a person (`某某市人民政府办公室`, `国务院`,
/// `中共中央办公厅　国务院办公厅`), no punctuation but `、`, `·`, brackets and spaces.
pub fn is_signature(text: &str) -> bool {
    let t = text.trim_matches(is_layout_space);
    (2..=40).contains(&t.chars().count())
        && t.chars()
            .all(|c| is_han(c) || c == '、' || c == '·' || c.is_whitespace() || matches!(c, '（' | '）'))
        && t.chars().filter(|&c| is_han(c)).count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures_are_short_names_of_offices_and_people() {
        assert!(is_signature("国务院"));
        assert!(is_signature("　　中共中央办公厅　国务院办公厅"));
        assert!(is_signature("教育部、财政部"));
        assert!(!is_signature("国"));
        assert!(!is_signature("特此通知。"));
        assert!(!is_signature("2022年7月15日"));
    }
}
