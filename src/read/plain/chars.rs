//! The plain reader's own helpers over lines: lengths, spacing, personal names. Facts about Chinese text
//! that other stages share (character classes, numerals, dates) live in [`crate::zh`]; they are re-exported
//! here so that the reader's passes name them in one import.

pub use crate::zh::chars::{
    ends_sentence, has_sentence_punct, is_closer, is_full_stop, is_han, is_layout_space, is_private_use,
    is_sentence_end, starts_with_closing_punct, take_while,
};
pub use crate::zh::dates::{dates_in, is_date_line, parse_date_line, parse_date_prefix};
pub use crate::zh::numerals::{is_cn_numeral, numeral_value};
pub use crate::zh::script::script_lang;

/// Common Chinese surnames, Simplified and Traditional, leaving out those that more often open a word
/// (`文`, `于`, `关`, `方`, `全` …): the first character of a name standing alone under a title.
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈\
    姚卢姜崔钟谭陆汪范贾夏韦付邹孟熊秦邱江尹薛闫段雷侯龙陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤温康施牛樊葛邢齐乔伍庞颜\
    倪庄聂鲁岳翟殷詹欧耿兰焦俞柳甘祝尚符舒阮柯纪梅童凌毕季裴霍涂苗谷翁冉骆蓝游辛靳柴蒙鲍喻祁蒲滕屈饶牟艾尤穆卓\
    缪褚娄窦戚岑蔺臧闵苟邬卞姬栾隋刁巫寇桑郎甄仲虞敖巩佘邝陳楊黃趙吳劉張孫馬鄭謝許韓馮鄧蕭葉蘇呂盧鍾譚陸範賈\
    龔錢嚴湯溫齊喬龐顏聶魯嶽歐蘭紀畢塗駱藍鮑饒衛";

/// Compound surnames (`欧阳`, `司马`).
const COMPOUND_SURNAMES: [&str; 10] =
    ["欧阳", "歐陽", "司马", "司馬", "诸葛", "諸葛", "上官", "司徒", "东方", "夏侯"];

/// A personal name alone (`刘金新`, `马井彪`, `欧阳修`): two to four Han characters opening with a common
/// surname.
pub fn is_personal_name(text: &str) -> bool {
    let t = text.trim_matches(is_layout_space);
    let n = char_len(t);
    (2..=4).contains(&n)
        && t.chars().all(is_han)
        && (COMPOUND_SURNAMES.iter().any(|s| t.starts_with(s) && n >= 3)
            || t.chars().next().is_some_and(|c| SURNAMES.contains(c)))
}

/// Number of characters.
pub fn char_len(text: &str) -> usize {
    text.chars().count()
}

/// The same text but for its spacing (`关于 印发` and `关于印发`).
pub fn same_unspaced(a: &str, b: &str) -> bool {
    a.chars().filter(|c| !c.is_whitespace()).eq(b.chars().filter(|c| !c.is_whitespace()))
}

/// Letter-spaced text (`土 地 使 用 期 限 的 批 复`, `习　近　平`): at least two single characters separated by
/// spaces. Returns it without the spaces.
pub fn unspace_letter_spaced(text: &str) -> Option<String> {
    let tokens: Vec<&str> = text.split(|c: char| c.is_whitespace()).filter(|t| !t.is_empty()).collect();
    let single = tokens.iter().filter(|t| t.chars().count() == 1).count();
    // Mostly single characters: a word or two may be unspaced (`关于 授 权`), but spacing must dominate.
    (tokens.len() >= 2 && single * 4 >= tokens.len() * 3).then(|| tokens.concat())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_spacing_is_removed() {
        assert_eq!(
            unspace_letter_spaced("土 地 使 用 期 限 的 批 复").as_deref(),
            Some("土地使用期限的批复")
        );
        assert_eq!(unspace_letter_spaced("习　近　平").as_deref(), Some("习近平"));
        assert_eq!(unspace_letter_spaced("市委书记  闫晨曦"), None);
    }
}
