//! Which script a Chinese text is written in (Simplified or Traditional characters), and the language tags
//! that say so: the readers detect it, and every backend tags its output with [`region_tag`].

/// How many characters are looked at: enough for a verdict, bounded for a long novel.
const SAMPLE: usize = 20_000;

/// Cantonese characters a Hong Kong text may hold with a reason (嘅 咗 冇 喺 哋 嘢 啲), and that Taiwan's
/// Mandarin never uses.
const CANTONESE: [char; 7] = ['嘅', '咗', '冇', '喺', '哋', '嘢', '啲'];

/// How many Cantonese characters make a Traditional text Hong Kong's: one may be a quotation.
const CANTONESE_MIN: usize = 3;

/// The language tag of a text: when traditional forms of common characters outnumber simplified ones
/// (counted over the first 20 000 characters), `zh-HK` if it uses Cantonese characters, else `zh-TW`
/// (Word and most reading systems know Traditional Chinese by its region: zh-TW is what they call
/// Traditional Chinese); else `zh-CN`.
pub fn script_lang(text: &str) -> &'static str {
    let (mut trad, mut simp, mut cantonese) = (0usize, 0usize, 0usize);
    for ch in text.chars().take(SAMPLE) {
        match form(ch) {
            Some(Form::Traditional) => trad += 1,
            Some(Form::Simplified) => simp += 1,
            None => cantonese += usize::from(CANTONESE.contains(&ch)),
        }
    }
    if trad <= simp {
        "zh-CN"
    } else if cantonese >= CANTONESE_MIN {
        "zh-HK"
    } else {
        "zh-TW"
    }
}

/// Whether a language tag names Chinese in Traditional characters: `zh-Hant…`, `zh-TW`, `zh-HK`, `zh-MO`
/// (ASCII case ignored).
pub fn is_traditional(lang: &str) -> bool {
    let lower = lang.trim().to_ascii_lowercase();
    let mut subtags = lower.split('-');
    subtags.next() == Some("zh") && subtags.any(|sub| matches!(sub, "hant" | "tw" | "hk" | "mo"))
}

/// The tag an output declares for `lang`: a script tag becomes the region tag office software and reading
/// systems know (`zh-Hant` → `zh-TW`, `zh-Hant-HK` → `zh-HK`, `zh-Hans` → `zh-CN`, `zh-Hans-SG` → `zh-SG`);
/// any other tag is kept as it is.
pub fn region_tag(lang: &str) -> String {
    let lang = lang.trim();
    let mut subtags = lang.split('-');
    let (Some(primary), Some(script)) = (subtags.next(), subtags.next()) else { return lang.to_owned() };
    let script = script.to_ascii_lowercase();
    if !primary.eq_ignore_ascii_case("zh") || !matches!(script.as_str(), "hant" | "hans") {
        return lang.to_owned();
    }
    let region = subtags.next().filter(|r| r.len() == 2 && r.chars().all(|c| c.is_ascii_alphabetic()));
    let region = match (region, script.as_str()) {
        (Some(region), _) => region.to_ascii_uppercase(),
        (None, "hant") => "TW".to_owned(),
        (None, _) => "CN".to_owned(),
    };
    format!("zh-{region}")
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
mod tests {
    use super::*;

    #[test]
    fn traditional_script_is_recognised_with_its_region() {
        assert_eq!(script_lang("我們第一届全國人民代表大會"), "zh-TW");
        assert_eq!(script_lang("我们第一届全国人民代表大会"), "zh-CN");
        assert_eq!(script_lang("我們今日喺度開會，佢哋講嘅嘢好有用。"), "zh-HK");
        // One Cantonese word quoted in a Taiwanese text does not make it Hong Kong's.
        assert_eq!(script_lang("他們說「唔該」是粵語的謝謝。"), "zh-TW");
    }

    #[test]
    fn traditional_tags_are_known_and_script_tags_become_regions() {
        for tag in ["zh-Hant", "zh-TW", "zh-hk", "zh-Hant-TW", "zh-MO"] {
            assert!(is_traditional(tag), "{tag}");
        }
        for tag in ["zh-CN", "zh-Hans", "zh", "en-TW", "zhx-hant"] {
            assert!(!is_traditional(tag), "{tag}");
        }
        let cases = [
            ("zh-Hant", "zh-TW"),
            ("zh-Hant-HK", "zh-HK"),
            ("zh-hant-mo", "zh-MO"),
            ("zh-Hans", "zh-CN"),
            ("zh-Hans-SG", "zh-SG"),
            ("zh-TW", "zh-TW"),
            ("zh-CN", "zh-CN"),
            ("en", "en"),
        ];
        for (tag, region) in cases {
            assert_eq!(region_tag(tag), region, "{tag}");
        }
    }
}
