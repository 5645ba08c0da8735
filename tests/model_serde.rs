//! The document model survives a JSON round trip unchanged, for every kind of block and inline.

use paiban::model::*;

#[test]
fn every_block_and_inline_round_trips_through_json() {
    let text = |s: &str| vec![Inline::Text(s.to_owned())];
    let doc = Document {
        resources: [(
            "a.png".to_owned(),
            Resource {
                media_type: "image/svg+xml".into(),
                data: b"<svg/>".to_vec(),
                width_px: 4,
                height_px: 3,
                raster: vec![0x89, b'P', b'N', b'G'],
            },
        )]
        .into_iter()
        .collect(),
        meta: Meta {
            title: Some("标题".into()),
            subtitle: Some("——在会议上的讲话".into()),
            authors: vec![Person { name: "闫晨曦".into(), role: Some("市委书记".into()) }],
            date: Some("2022-07-15".into()),
            lang: "zh-CN".into(),
            series: Some(Series { name: "日新月异".into(), index: Some(4193) }),
            issuer: Some("国务院".into()),
            doc_number: Some("国办发〔2018〕114号".into()),
            classification: Some("秘密".into()),
            urgency: Some("特急".into()),
            decree: Some("国务院令".into()),
            letterhead: Some("国务院文件".into()),
            sealed: true,
            copy_to: Some("各部委。".into()),
            printed_by: Some("国务院办公厅".into()),
            printed_on: Some("2018-12-04".into()),
            keywords: vec!["人大".into()],
            source: Source { path: Some("a.txt".into()), encoding: Some("GB18030".into()) },
            extra: [("k".to_owned(), "v".to_owned())].into_iter().collect(),
        },
        blocks: vec![
            Block::Heading { level: 2, content: text("一、总体要求") },
            Block::Paragraph {
                role: Role::Signature,
                content: vec![
                    Inline::Strong(text("一要")),
                    Inline::Emph(text("强调")),
                    Inline::Strike(text("删")),
                    Inline::Code("x".into()),
                    Inline::Link { url: "https://example.org".into(), content: text("链接") },
                    Inline::Image(Image { src: "a.png".into(), alt: "图".into() }),
                    Inline::LineBreak,
                    Inline::Note(vec![Block::paragraph("注")]),
                ],
            },
            Block::List { ordered: true, start: 3, items: vec![vec![Block::paragraph("项")]] },
            Block::Quote { blocks: vec![Block::Rule] },
            Block::Code { lang: Some("rust".into()), text: "fn main() {}".into() },
            Block::Table(Table {
                columns: vec![Align::Center],
                head: vec![vec![text("头")]],
                body: vec![vec![text("体")]],
            }),
            Block::Figure {
                image: Image { src: "b.png".into(), alt: "图二".into() }, caption: text("说明")
            },
            Block::Attachment {
                label: "附件1".into(),
                title: text("附件标题"),
                blocks: vec![Block::paragraph("附件正文")],
            },
            Block::PageBreak,
        ],
    };
    let json = serde_json::to_string(&doc).expect("serialise");
    let back: Document = serde_json::from_str(&json).expect("deserialise");
    assert_eq!(back, doc);
    // The tagged shape other tools read: {"t": "Heading", "c": {...}}.
    assert!(json.contains(r#"{"t":"Heading","c":{"level":2"#), "{json}");
}
