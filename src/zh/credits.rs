//! How a person is credited on a title page: an authorship role (`著`, `编`, `译`) follows the name
//! (`罗贯中 著`, `鲁迅 译`), as Chinese title pages print it; an office or title (`市委书记`, `省长`)
//! precedes it (`市委书记  闫晨曦`).

/// The roles that say what a person did to the book, which follow the name. Compounds are listed whole:
/// an office may end in one of their characters (`总编辑`, `校长`) and still precede the name.
const AUTHORSHIP: &[&str] = &[
    "著",
    "撰",
    "述",
    "编",
    "编著",
    "主编",
    "副主编",
    "合著",
    "合编",
    "等著",
    "等编",
    "选编",
    "编选",
    "改编",
    "编译",
    "译",
    "翻译",
    "合译",
    "等译",
    "译注",
    "注",
    "校",
    "校注",
    "点校",
    "评注",
    "整理",
    "口述",
    "绘",
    "撰文",
    "摄影",
    "著譯",
    "編",
    "編著",
    "主編",
    "譯",
    "翻譯",
    "編譯",
    "譯注",
    "選編",
    "校註",
];

/// Whether `role` names what a person did to the book (follows the name) rather than an office (precedes
/// it).
pub fn follows_name(role: &str) -> bool {
    AUTHORSHIP.contains(&role.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorship_roles_follow_the_name_and_offices_precede_it() {
        for role in ["著", "编", "编著", "主编", "译", "校注", " 著 ", "主編"] {
            assert!(follows_name(role), "{role}");
        }
        for role in ["市委书记", "省长", "总编辑", "校长", "县人民政府副县长"] {
            assert!(!follows_name(role), "{role}");
        }
    }
}
