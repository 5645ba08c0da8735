//! Which script a Chinese text is written in: Simplified or Traditional characters.

/// The BCP 47 tag of the script a text is written in: `zh-Hant` when traditional forms of common
/// characters outnumber simplified ones (counted over the first 20 000 characters), else `zh-CN`.
pub fn script_lang(text: &str) -> &'static str {
    let (mut trad, mut simp) = (0usize, 0usize);
    for ch in text.chars().take(20_000) {
        match form(ch) {
            Some(Form::Traditional) => trad += 1,
            Some(Form::Simplified) => simp += 1,
            None => {}
        }
    }
    if trad > simp {
        "zh-Hant"
    } else {
        "zh-CN"
    }
}

/// Which way a character of [`script_lang`]'s pairs of common characters is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Form {
    Traditional,
    Simplified,
}

/// The traditional and simplified forms of 34 common characters, pair by pair (patterns: asked of
/// every character of the document).
fn form(ch: char) -> Option<Form> {
    match ch {
        '們' | '國' | '這' | '個' | '來' | '說' | '會' | '為' | '時' | '對' | '發' | '經' | '過' | '學'
        | '開' | '與' | '後' | '產' | '業' | '當' | '從' | '關' | '無' | '現' | '實' | '體' | '問' | '點'
        | '將' | '進' | '機' | '動' | '總' | '區' => Some(Form::Traditional),
        '们' | '国' | '这' | '个' | '来' | '说' | '会' | '为' | '时' | '对' | '发' | '经' | '过' | '学'
        | '开' | '与' | '后' | '产' | '业' | '当' | '从' | '关' | '无' | '现' | '实' | '体' | '问' | '点'
        | '将' | '进' | '机' | '动' | '总' | '区' => Some(Form::Simplified),
        _ => None,
    }
}

#[cfg(test)]
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traditional_script_is_recognised() {
        assert_eq!(script_lang("我們第一届全國人民代表大會"), "zh-Hant");
        assert_eq!(script_lang("我们第一届全国人民代表大会"), "zh-CN");
    }
}
