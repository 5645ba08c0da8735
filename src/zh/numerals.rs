//! Chinese numerals (`十五`, `一百二十`, `二〇二二`) and their values.

/// A digit of a Chinese numeral, including `〇`/`零` and the units 十百千.
pub fn is_cn_numeral(ch: char) -> bool {
    matches!(
        ch,
        '〇' | '零'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '千'
            | '两'
    )
}

fn cn_digit(ch: char) -> Option<u32> {
    Some(match ch {
        // Typists write the zero of a year as 〇, ○ (a circle), O or 0: `二○○三年`, `二OO六年`, `二0一三年`.
        '〇' | '零' | '○' | 'Ｏ' | 'O' | 'o' | '0' | '０' => 0,
        '一' | '1' | '１' => 1,
        '二' | '两' | '2' | '２' => 2,
        '三' | '3' | '３' => 3,
        '四' | '4' | '４' => 4,
        '五' | '5' | '５' => 5,
        '六' | '6' | '６' => 6,
        '七' | '7' | '７' => 7,
        '八' | '8' | '８' => 8,
        '九' | '9' | '９' => 9,
        _ => return None,
    })
}

/// The value of a Chinese or Arabic numeral: `十五` 15, `一百二十` 120, digit by digit `一零零` 100, `2024`.
pub fn numeral_value(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    let has_unit = text.chars().any(|c| matches!(c, '十' | '百' | '千'));
    if !has_unit {
        // Digit by digit: 二〇二二, 一零零, 2024.
        let mut value: u32 = 0;
        for ch in text.chars() {
            value = value.checked_mul(10)?.checked_add(cn_digit(ch)?)?;
        }
        return Some(value);
    }
    let (mut total, mut current) = (0u32, 0u32);
    for ch in text.chars() {
        let unit = match ch {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            _ => {
                current = cn_digit(ch)?;
                continue;
            }
        };
        // A bare 十 means 1 × 10 (十五 = 15).
        let digit = if current == 0 { 1 } else { current };
        total = total.checked_add(digit.checked_mul(unit)?)?;
        current = 0;
    }
    total.checked_add(current)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals_have_their_values() {
        assert_eq!(numeral_value("十五"), Some(15));
        assert_eq!(numeral_value("一百二十"), Some(120));
        assert_eq!(numeral_value("一零零"), Some(100));
        assert_eq!(numeral_value("二〇二二"), Some(2022));
        assert_eq!(numeral_value("三十一"), Some(31));
        assert_eq!(numeral_value("x"), None);
    }
}
