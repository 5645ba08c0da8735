//! The reader's items → the model's blocks. Heading levels follow the hierarchy of the marker kinds a
//! document uses ([`Marker`]'s order: `第一章` over `一、` over `（一）` over `1.` over `（1）`), one level per
//! kind present, counted afresh under the title of each document inside the document; runs of
//! TAB-separated rows become tables.

use super::headings::{self, Marker};
use super::{chars, table, Item};
use crate::model::{Block, Inline};

/// Final blocks: heading levels by the hierarchy of the markers present; table rows grouped.
pub(super) fn into_blocks(items: Vec<Item>) -> Vec<Block> {
    // Levels are consecutive within each document of the file: the text before any title inside it, and
    // each attached or issued document under its title, which uses its own numbering (`（一）` directly
    // under an attachment's title is level 2, whatever the notice above used).
    let mut segments: Vec<Vec<Rank>> = vec![Vec::new()];
    for item in &items {
        match item.heading {
            None => {}
            Some(Marker::Title) => segments.push(Vec::new()),
            // Front and back matter take the top level of whatever divisions stand beside them.
            Some(kind) if is_matter(kind, &item.text) => {}
            Some(kind) => {
                if let Some(ranks) = segments.last_mut() {
                    let rank = Rank::of(kind, &item.text, ranks);
                    if !ranks.contains(&rank) {
                        ranks.push(rank);
                    }
                }
            }
        }
    }
    for ranks in &mut segments {
        ranks.sort();
    }
    // A document's own title is level 1; the headings after it belong to it, one level down. Below that a
    // heading's level is the depth at which it nests: one under the nearest heading of a higher rank
    // before it, so that `（1）` straight under `二、` is level 2 even where `1.` numbers another section.
    let mut segment = 0;
    let mut open: Vec<usize> = Vec::new();
    let mut level = |kind: Marker, text: &str| -> u8 {
        if kind == Marker::Title {
            segment += 1;
            open.clear();
            return 1;
        }
        let base = usize::from(segment > 0);
        let ranks = segments.get(segment).map_or(&[][..], Vec::as_slice);
        let position = ranks.iter().position(|r| r.matches(kind, text)).filter(|_| !is_matter(kind, text));
        let Some(position) = position else {
            open.clear();
            return u8::try_from(base + 1).unwrap_or(6);
        };
        while open.last().is_some_and(|&p| p >= position) {
            open.pop();
        }
        open.push(position);
        u8::try_from(base + open.len()).unwrap_or(6).min(6)
    };
    let mut blocks = Vec::with_capacity(items.len());
    let mut rows: Vec<(String, Vec<String>)> = Vec::new();
    let flush = |rows: &mut Vec<(String, Vec<String>)>, blocks: &mut Vec<Block>| {
        match rows.len() {
            0 => {}
            1 => {
                if let Some((text, _)) = rows.pop() {
                    blocks.push(Block::paragraph(text.replace('\t', "　")));
                }
            }
            _ => blocks.push(Block::Table(table::build(rows.drain(..).map(|(_, cells)| cells).collect()))),
        }
        rows.clear();
    };
    for item in items {
        if let Some(cells) = item.cells {
            rows.push((item.text, cells));
            continue;
        }
        flush(&mut rows, &mut blocks);
        let heading_level = item.heading.map(|kind| level(kind, &item.text));
        let text = match item.heading {
            Some(kind) if item.content.is_none() => tidy_heading(item.text, kind),
            _ => item.text,
        };
        let content = item.content.unwrap_or_else(|| vec![Inline::Text(text)]);
        blocks.push(match heading_level {
            Some(level) => Block::Heading { level, content },
            None => Block::Paragraph { role: item.role, content },
        });
    }
    flush(&mut rows, &mut blocks);
    blocks
}

/// A book's front or back matter (`楔子`, `后记`) or a statute's `附则`: it stands beside the document's top
/// divisions, whichever they are (`第一部分` … `附则`, `第一回` … `后记`, `一、` … `附则`).
fn is_matter(kind: Marker, text: &str) -> bool {
    kind == Marker::Chapter && headings::is_book_part(text)
}

/// Where a heading stands in its document's hierarchy: its marker kind, in [`Marker`]'s order, and among
/// the top divisions (`壹、` `I.` `第一部分`, all [`Marker::Part`]) the order in which the document first uses
/// them, as a typesetter reads a document nesting `第一部分 - …` under `II.` (class 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Rank {
    kind: Marker,
    /// For [`Marker::Part`]: the position of its style among the Part styles first seen before it.
    order: usize,
    style: PartStyle,
}

/// How a top division is numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum PartStyle {
    Roman,
    Formal,
    Ordinal,
    /// Any other kind than Part.
    NotPart,
}

impl PartStyle {
    fn of(kind: Marker, text: &str) -> PartStyle {
        match (kind, text.chars().next()) {
            (Marker::Part, Some('I' | 'V' | 'X')) => PartStyle::Roman,
            (Marker::Part, Some('第')) => PartStyle::Ordinal,
            (Marker::Part, _) => PartStyle::Formal,
            _ => PartStyle::NotPart,
        }
    }
}

impl Rank {
    /// The rank of a heading, given the ranks its document has used before it.
    fn of(kind: Marker, text: &str, seen: &[Rank]) -> Rank {
        let style = PartStyle::of(kind, text);
        let order = match style {
            PartStyle::NotPart => 0,
            _ => seen
                .iter()
                .find(|r| r.style == style)
                .map_or_else(|| seen.iter().filter(|r| r.style != PartStyle::NotPart).count(), |r| r.order),
        };
        Rank { kind, order, style }
    }

    fn matches(&self, kind: Marker, text: &str) -> bool {
        self.kind == kind && self.style == PartStyle::of(kind, text)
    }
}

/// A space typed after a GB/T 9704 marker (`一、 过去五年工作回顾`, `（六） 更加注重…`) is a slip: the marker's own
/// punctuation separates it from the heading. Spaces inside chapter titles (`第一章　总  则`) are spacing
/// chosen by the typist and stay.
fn tidy_heading(text: String, kind: Marker) -> String {
    // A Markdown mark is markup, not text: the heading is what follows it.
    if let Marker::Hash(depth) = kind {
        let rest = text.get(usize::from(depth)..).unwrap_or_default();
        return rest.trim_matches(chars::is_layout_space).to_owned();
    }
    if !matches!(kind, Marker::Cn | Marker::ParenCn | Marker::Num | Marker::ParenNum | Marker::ParenStem) {
        return text;
    }
    let Some((_, len)) = headings::marker(&text) else { return text };
    let (label, rest) = text.split_at(len);
    let trimmed = rest.trim_start_matches(chars::is_layout_space);
    if trimmed.len() == rest.len() || !label.ends_with(['、', '）', ')', '．']) {
        return text;
    }
    format!("{label}{trimmed}")
}

#[cfg(test)]
mod tests {
    use crate::read::plain::tests::{outline, LONG};

    #[test]
    fn four_numbered_levels_follow_gb9704() {
        let text = "关于做好工作的通知\n\n各单位：\n现将有关事项通知如下。\n一、总体要求\n（一）工作目标\n\
                    1.基本原则\n（1）具体措施\n要认真落实。\n";
        assert_eq!(
            outline(text),
            [
                "Salutation 各单位：",
                "Body 现将有关事项通知如下。",
                "H1 一、总体要求",
                "H2 （一）工作目标",
                "H3 1.基本原则",
                "H4 （1）具体措施",
                "Body 要认真落实。"
            ]
        );
    }

    #[test]
    fn levels_are_relative_to_the_markers_present() {
        let text = "（一）工作目标\n要认真落实这一目标，确保各项任务按期完成。\n1.基本原则\n要认真落实。\n";
        assert_eq!(outline(text)[0], "H1 （一）工作目标");
        assert_eq!(outline(text)[2], "H2 1.基本原则");
    }

    #[test]
    fn a_heading_nests_under_the_nearest_higher_one() {
        let text = format!(
            "某某意见\n一、总体要求\n{LONG}\n二、重点任务\n（1）压实责任\n{LONG}\n三、保障措施\n1.加强领导\n{LONG}\n\
             （1）建立机制\n{LONG}\n"
        );
        let out = outline(&text);
        assert!(out.contains(&"H2 （1）压实责任".to_owned()), "straight under 二、: {out:?}");
        assert!(out.contains(&"H2 1.加强领导".to_owned()), "{out:?}");
        assert!(out.contains(&"H3 （1）建立机制".to_owned()), "under 1.: {out:?}");
    }

    #[test]
    fn tab_rows_become_a_table_and_text_is_kept() {
        let text = "说明如下。\n序号\t名称\t说明\n1\t甲\n2\t乙\t备注\n后记。\n";
        assert_eq!(outline(text), ["Body 说明如下。", "Table 3x3", "Body 后记。"]);
    }

    #[test]
    fn a_space_after_a_heading_marker_is_dropped() {
        let text =
            format!("各位代表：\n{LONG}\n一、 过去五年工作回顾\n{LONG}\n（一） 加强宏观调控\n{LONG}\n");
        let out = outline(&text);
        assert_eq!(out[2], "H1 一、过去五年工作回顾");
        assert_eq!(out[4], "H2 （一）加强宏观调控");
    }

    #[test]
    fn an_attachment_numbers_its_own_levels_under_its_title() {
        let text = format!(
            "关于评选先进的通知\n各分站：\n一、评选对象\n{LONG}\n二、评选条件\n（一）先进集体\n{LONG}\n某某站\n\
             二〇〇八年一月十八日\n附件１：\n某某站先进名额分配表\n（一）先进个人\n{LONG}\n（二）先进集体\n{LONG}\n"
        );
        let out = outline(&text);
        assert!(out.contains(&"Attachment 附件１".to_owned()), "the label without its colon: {out:?}");
        assert!(out.contains(&"H1 某某站先进名额分配表".to_owned()), "{out:?}");
        assert!(out.contains(&"H2 （一）先进个人".to_owned()), "{out:?}");
        assert!(out.contains(&"H2 （一）先进集体".to_owned()), "the notice's own levels stay: {out:?}");
    }

    #[test]
    fn top_divisions_nest_in_the_order_the_document_first_uses_them() {
        let text = format!(
            "施政綱要\nI. 總論\n{LONG}\nII. 施政重點\n第一部分 - 產業發展\n{LONG}\n第二部分 - 社會福利\n{LONG}\n"
        );
        let out = outline(&text);
        assert!(out.contains(&"H1 II. 施政重點".to_owned()), "{out:?}");
        assert!(out.contains(&"H2 第二部分 - 社會福利".to_owned()), "{out:?}");
    }

    #[test]
    fn closing_matter_stands_beside_the_top_divisions() {
        let text = format!(
            "某某协会章程\n第一部分 总则\n一、名称\n{LONG}\n第二部分 会员\n一、入会条件\n{LONG}\n附则\n{LONG}\n"
        );
        let out = outline(&text);
        assert!(out.contains(&"H2 一、入会条件".to_owned()), "{out:?}");
        assert!(out.contains(&"H1 附则".to_owned()), "{out:?}");
    }
}
