//! The four levels of numbers that head the parts of a Chinese document (GB/T 9704-2012 §7.3.3): `一、`,
//! `（一）`, `1.`, `（1）`. Layout and the backends read the level of a run-in lead from here.

use super::numerals::is_cn_numeral;

/// The level (0 to 3) of the number `text` opens with: `一、` 0, `（一）` 1, `1.` or `1．` 2, `（1）` 3;
/// half-width parentheses count as full-width ones. `None` for any other opening (`一是`, `第一条`, `1.5亿`).
pub fn level(text: &str) -> Option<usize> {
    let text = text.trim_start();
    let short = |number: &str| (1..=3).contains(&number.chars().count());
    if let Some(inner) = text.strip_prefix(['（', '(']) {
        let close = inner.find(['）', ')'])?;
        let number = &inner[..close];
        return if short(number) && number.chars().all(is_cn_numeral) {
            Some(1)
        } else if short(number) && number.chars().all(|c| c.is_ascii_digit()) {
            Some(3)
        } else {
            None
        };
    }
    let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    if digits > 0 {
        let mut after = text[digits..].chars();
        let dot = after.next().is_some_and(|c| matches!(c, '.' | '．'));
        // `1.5亿` is a figure, not a number heading a part.
        return (short(&text[..digits]) && dot && !after.next().is_some_and(|c| c.is_ascii_digit()))
            .then_some(2);
    }
    let numeral = text.find(|c: char| !is_cn_numeral(c)).unwrap_or(text.len());
    (numeral > 0 && short(&text[..numeral]) && text[numeral..].starts_with('、')).then_some(0)
}

/// The place (1 to 10) of a heavenly stem (天干) counting items: `甲` 1, `乙` 2 … `癸` 10.
pub fn stem_value(ch: char) -> Option<u32> {
    const STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
    STEMS.iter().position(|&s| s == ch).and_then(|p| u32::try_from(p + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::{level, stem_value};

    #[test]
    fn heavenly_stems_count_from_one() {
        assert_eq!(stem_value('甲'), Some(1));
        assert_eq!(stem_value('丙'), Some(3));
        assert_eq!(stem_value('癸'), Some(10));
        assert_eq!(stem_value('一'), None);
    }

    #[test]
    fn the_four_levels_of_gbt_9704() {
        assert_eq!(level("一、总体要求"), Some(0));
        assert_eq!(level("十二、其他"), Some(0));
        assert_eq!(level("（一）加强管理。"), Some(1));
        assert_eq!(level("(三)做好"), Some(1));
        assert_eq!(level("1.全面排查隐患。"), Some(2));
        assert_eq!(level("12．规范"), Some(2));
        assert_eq!(level("（1）坚持"), Some(3));
        assert_eq!(level("(2)教室"), Some(3));
        for other in ["一是坚持", "第一条", "1.5亿元", "2026年", "（此件公开发布）", "一要", ""]
        {
            assert_eq!(level(other), None, "{other}");
        }
    }
}
