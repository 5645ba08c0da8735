//! The lines that open and close a Chinese document: the salutation of a speech or the addressee of an
//! official document, the signature, and the genre names of official documents (公文). A closing date is a
//! [`super::dates::is_date_line`].

use super::chars::{has_sentence_punct, is_han, is_layout_space};

/// Salutations that open a speech (`同志们：`, `各位代表：`), never an official document's addressee.
pub const SPEECH_SALUTATIONS: [&str; 7] =
    ["同志们", "代表们", "朋友们", "同学们", "各位代表", "各位委员", "各位"];

/// Words that end a colon line introducing what follows (`现将有关事项通知如下：`, `大会的主题是：`,
/// `…发言人指出：`, `下稿代立法會秘書處發出：`) rather than naming whom the text addresses.
const INTRODUCING: [&str; 20] = [
    "如下", "是", "为", "有", "指", "包括", "要求", "通知", "规定", "决定", "说", "說", "发出", "發出",
    "表示", "指出", "宣布", "称", "稱", "道",
];

/// A salutation or addressee line by its words: `同志们：`, `同志们！`, `各位代表：`,
/// `各县（市、区）人民政府，市直各有关单位：`. An addressee ends in a colon and names offices and people —
/// Han characters and the marks between them, no Latin letters or digits, no sentence — in at most 100
/// characters; `附件：` is a label, and a line that introduces what follows (opening with `以下`, ending on a
/// verb of saying or on `如下`) addresses nobody. An exclamation mark ends only a speech's salutation
/// (`同志们！`). Readers add what they know of the labels of a page's furniture.
pub fn is_salutation(text: &str) -> bool {
    let t = text.trim_matches(is_layout_space);
    if is_greeting(t) {
        return true;
    }
    let n = t.chars().count();
    if t.ends_with('！') {
        return n <= 8 && SPEECH_SALUTATIONS.iter().any(|s| t.starts_with(s));
    }
    let Some(body) = t.strip_suffix('：').or_else(|| t.strip_suffix(':')) else { return false };
    n <= 100
        && !body.starts_with("附件")
        && !body.chars().any(|c| c.is_ascii_alphanumeric())
        && !has_sentence_punct(body)
        && !body.starts_with("以下")
        && !INTRODUCING.iter().any(|s| body.ends_with(s))
}

/// A speech's salutation that greets the people it names (`各位貴賓、全體國人同胞,大家好。`,
/// `同志们，大家好！`): names and the marks between them, then `大家好`. A greeting alone (`大家好！`) or with
/// a wish in it (`大家新年好！`) is the speech's first sentence.
fn is_greeting(t: &str) -> bool {
    let Some(head) = t.trim_end_matches(['。', '！', '!', '.']).strip_suffix("大家好") else {
        return false;
    };
    let head = head.trim_end_matches(['，', ',', '、', ' ', '\u{3000}']);
    let n = head.chars().count();
    // Each name ends as people are named (`…代表`, `…貴賓`, `…朋友`, `…同胞`, `…们`), which a sentence
    // before a greeting (`今天我们开会，大家好。`) does not.
    const PEOPLE: [char; 20] = [
        '们', '們', '胞', '宾', '賓', '士', '友', '师', '師', '表', '员', '員', '长', '長', '统', '統', '众',
        '眾', '生', '属',
    ];
    (2..=80).contains(&n)
        && head.chars().all(|c| is_han(c) || matches!(c, '、' | '，' | ',' | ' ' | '\u{3000}' | '·'))
        && head
            .split(['、', '，', ','])
            .map(|name| name.trim_matches(is_layout_space))
            .all(|name| name.ends_with(PEOPLE))
}

/// An official document's addressee (主送机关): a salutation naming `各…` bodies
/// (`各省、自治区、直辖市人民政府，国务院各部委：`, `地方各级人民检察院、各级军事检察院：`), never a speech's
/// (`各位代表：`), and ending in the full-width colon of a 公文 (GB/T 9704): a copy whose punctuation went
/// half-width is not taken for a 公文 on this line alone.
pub fn is_official_addressee(text: &str) -> bool {
    let t = text.trim_matches(is_layout_space);
    t.ends_with('：')
        && is_salutation(t)
        && t.contains('各')
        && !SPEECH_SALUTATIONS.iter().any(|s| t.starts_with(s))
}

/// The formula that closes the text of an official document (`特此通知。`, `特此批复`, `此复。`): what follows
/// it is the signature, or, in a copy that lost its closing, the title of the document it issues.
pub fn is_closing_formula(text: &str) -> bool {
    const FORMULAS: [&str; 9] = [
        "特此通知",
        "特此通告",
        "特此公告",
        "特此批复",
        "特此函复",
        "特此函告",
        "特此报告",
        "特此通報",
        "此复",
    ];
    let t = text.trim_matches(is_layout_space).trim_end_matches(['。', '.', '！']);
    FORMULAS.contains(&t)
}

/// Genre names that end the title of an official document: the fifteen kinds of the 党政机关公文处理工作条例
/// (GB/T 9704), plus the common `复函` and `答复`.
pub const OFFICIAL_GENRES: [&str; 18] = [
    "通知", "通报", "决定", "决议", "意见", "批复", "复函", "函", "请示", "报告", "答复", "命令", "公告",
    "通告", "议案", "纪要", "公报", "令",
];

/// A signature line: a short name of an office or a person (`某某市人民政府办公室`, `国务院`,
/// `中共中央办公厅　国务院办公厅`), no punctuation but `、`, `·`, brackets and spaces. A template's
/// placeholders (`××市人民政府办公室`, `XX县教育局`) and an acronym in a name (`MPA教育中心`) are part of it.
pub fn is_signature(text: &str) -> bool {
    let t = text.trim_matches(is_layout_space);
    let placeholder = |c: char| matches!(c, '×' | '✕' | 'Ｘ' | '○' | '〇' | '＊' | '*');
    let named = |c: char| is_han(c) || placeholder(c) || c.is_ascii_uppercase();
    // Joint issuers set side by side run longer (`中共某某市委办公室　　某某市人民政府办公室　　…`).
    let joint = t.contains("  ") || t.contains('\u{3000}');
    let n = t.chars().count();
    ((2..=40).contains(&n) || (joint && n <= 64))
        && t.chars().all(|c| {
            named(c) || c == '、' || c == '·' || c.is_whitespace() || matches!(c, '（' | '）' | '(' | ')')
        })
        && t.chars().filter(|&c| is_han(c) || placeholder(c)).count() >= 2
        && t.chars().filter(|&c| is_han(c)).count() >= 2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn salutations_are_addressees_not_lead_ins_or_labels() {
        assert!(is_salutation("同志们："));
        assert!(is_salutation("各县（市、区）人民政府，市直各有关单位："));
        assert!(is_salutation("同志们！"));
        assert!(is_salutation("　　各位代表:"));
        assert!(!is_salutation("大会的主题是："));
        assert!(!is_salutation("现将有关事项通知如下："));
        assert!(!is_salutation("今天我们开会。同志们："));
        assert!(!is_salutation("附件："));
        assert!(!is_salutation("以下是行政長官今日會見傳媒的開場發言："));
        assert!(!is_salutation("下稿代立法會秘書處發出："));
        assert!(!is_salutation("各位来宾2025："));
        assert!(!is_salutation("各位来宾，女士们、先生们！"), "too long for a speech's exclamation");
        assert!(is_salutation("各位貴賓、全體國人同胞,大家好。") && is_salutation("同志们，大家好！"));
        assert!(!is_salutation("大家好！") && !is_salutation("大家新年好！"));
        assert!(!is_salutation("今天我们开会，大家好。"), "a sentence before it");
        assert!(is_official_addressee("各省、自治区、直辖市人民政府，国务院各部委："));
        assert!(is_official_addressee("地方各级人民检察院、各级军事检察院："));
        assert!(!is_official_addressee("各位代表："), "a speech's salutation");
        assert!(!is_official_addressee("同志们："));
        assert!(!is_official_addressee("国务院办公厅："), "no 各");
        assert!(!is_official_addressee("现将各项工作通知如下："));
    }

    #[test]
    fn signatures_are_short_names_of_offices_and_people() {
        assert!(is_signature("国务院"));
        assert!(is_signature("　　中共中央办公厅　国务院办公厅"));
        assert!(is_signature("教育部、财政部"));
        assert!(!is_signature("国"));
        assert!(!is_signature("特此通知。"));
        assert!(!is_signature("2022年7月15日"));
        assert!(is_signature("××市人民政府办公室") && is_signature("XX县教育局(章)"));
        assert!(is_signature("MPA教育中心"));
        assert!(!is_signature("××") && !is_signature("Hello world"));
    }
}
