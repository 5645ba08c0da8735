//! The title block's tests: made-up headers, each a shape the block reads.

use super::*;
use crate::model::Series;
use crate::read::plain::lines::split_lines;

fn block(text: &str) -> TitleBlock {
    read_title_block(&split_lines(text, &mut Vec::new()))
}

#[test]
fn the_headline_over_the_pages_info_line_is_the_title_however_punctuated() {
    let b = block("某某协会\nNews\n2024年放假安排出炉!春节连休8天!\n时间:2023/10/25    分类:通知公告    阅读次数:120\n各单位:\n");
    assert_eq!(b.meta.title.as_deref(), Some("2024年放假安排出炉!春节连休8天!"));
    assert!(b.boilerplate.iter().any(|(t, _)| t == "某某协会"), "{:?}", b.boilerplate);
    let b = block("某村官林某某:河畔的时代足音\n2009-06-17 09:09:45   来源: 某某日报   作者:甲某某 乙某某   点击:\n正文。\n");
    assert_eq!(b.meta.title.as_deref(), Some("某村官林某某:河畔的时代足音"));
    // A sentence over the info line is the text's first paragraph, not a headline.
    let b = block("某某网\n今天天气很好，我们出去走走。\n2009-06-17 09:09:45 来源: 某某网\n");
    assert_ne!(b.meta.title.as_deref(), Some("今天天气很好，我们出去走走。"));
}

#[test]
fn a_decree_number_in_brackets_after_its_name() {
    assert_eq!(decree_line("中华人民共和国主席令(九届第37号)"), Some(("中华人民共和国主席令", "九届第37号")));
    assert_eq!(decree_line("某省人民政府令（第82号）"), Some(("某省人民政府令", "第82号")));
    assert_eq!(decree_line("关于某事的通知(第3号)"), None);
}

#[test]
fn the_words_a_title_line_loses_are_reported_as_the_pages() {
    // A section name before the bar and a number before the own copy: furniture, never dropped unsaid.
    let b = block(
        "政务服务丨某市人民政府关于做好防汛工作的通知\n某政发〔2021〕3号某市人民政府关于做好防汛工作的通知\n各乡镇：\n",
    );
    assert_eq!(b.meta.title.as_deref(), Some("某市人民政府关于做好防汛工作的通知"));
    let furniture: Vec<&str> = b.boilerplate.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(furniture, ["政务服务丨某市人民政府关于做好防汛工作的通知", "某政发〔2021〕3号"]);
    let b = block("政务服务丨某市人民政府关于做好防汛工作的通知\n各乡镇：\n");
    assert_eq!(b.meta.title.as_deref(), Some("某市人民政府关于做好防汛工作的通知"));
    assert_eq!(b.boilerplate, [("政务服务".to_owned(), 1)]);
    // Characters that are not words after the bar: the line is the title, whole.
    let b = block("一𮌎𧰪|𠤮🌚🎗𰟪🖢\u{592}\n");
    assert_eq!(b.meta.title.as_deref(), Some("一𮌎𧰪|𠤮🌚🎗𰟪🖢\u{592}"));
}

#[test]
fn a_long_title_keeps_its_tail_of_digits_and_brackets() {
    let b = block(
        "某省人民政府关于某某新区\n发展规划（2021—2035年）的批复\n某函〔2021〕7号\n\n某某市人民政府：\n",
    );
    assert_eq!(b.meta.title.as_deref(), Some("某省人民政府关于某某新区发展规划（2021—2035年）的批复"));
    assert_eq!(b.meta.doc_number.as_deref(), Some("某函〔2021〕7号"));
    // A cited name cut by the wrap (`…《某某法` / `实施条例》…的决定`) ends no title: three lines, one title.
    let b = block("某省人民政府关于在某某试验区\n暂时调整实施《中华人民共和国某某管理法\n实施条例》有关规定的决定\n某政发〔2018〕43号\n\n各市人民政府：\n");
    assert_eq!(
        b.meta.title.as_deref(),
        Some("某省人民政府关于在某某试验区暂时调整实施《中华人民共和国某某管理法实施条例》有关规定的决定")
    );
    assert!(b.boilerplate.is_empty(), "{:?}", b.boilerplate);
    // A finished title does not take the next line's figures.
    let b = block("某市人民政府关于表彰先进的决定\n附表（2021—2035年）的批复\n");
    assert_eq!(b.meta.title.as_deref(), Some("某市人民政府关于表彰先进的决定"));
}

#[test]
fn a_decree_named_over_its_number_and_a_statute_header_cut_by_a_wrap() {
    let b = block(
        "某市养犬管理规定\n作者:某某网 时间:2024-07-06 00:54:58\n某市养犬管理规定\n某市人民政府\n某市人民政府令\n第 9 号\n\
         《某市养犬管理规定》已经市政府常务会议通过，现予公布。\n",
    );
    assert_eq!(b.meta.doc_number.as_deref(), Some("第9号"));
    assert_eq!(b.meta.decree.as_deref(), Some("某市人民政府令"));
    // Its lines are the title block's, printed from the metadata, not again in the text.
    assert_eq!(b.consumed, 6);
    let b = block(
        "某某港口安全规则\n（某部 • 2012年3月1日经第2次部务会议通过 • 某部令2012\n年第7号 • 2012年3月9日发布 • \
         2012年6月1日起施行）\n第一章　总　　则\n",
    );
    assert_eq!(b.meta.date.as_deref(), Some("2012-03-09"));
    assert_eq!(b.meta.doc_number.as_deref(), Some("某部令2012年第7号"));
}

#[test]
fn an_amended_statute_is_not_numbered_by_the_order_that_first_published_it() {
    let b = block(
        "某某条例实施细则\n（2005年3月1日某某部令第12号公布\n2019年6月2日《某某部关于修改〈某某条例实施细则〉的决定》修订）\n\
         第一章 总则\n",
    );
    assert_eq!(b.meta.date.as_deref(), Some("2019-06-02"));
    assert_eq!(b.meta.doc_number, None);
}

#[test]
fn an_own_copy_over_two_lines_under_a_spaced_headline() {
    let b = block(
        "某某市人民代表大会常务委员会 关于某某的决定\n来源:    发布时间:2020-03-04 10:00:00    打印\n\
         某某市人民代表大会常务委员会\n关于某某的决定\n",
    );
    assert_eq!(b.meta.title.as_deref(), Some("某某市人民代表大会常务委员会关于某某的决定"));
    assert_eq!(b.meta.extra.get("published").map(String::as_str), Some("2020-03-04"));
}

#[test]
fn seed_header_becomes_metadata() {
    let b = block(
        "“日新月异”系列№4193\n\n扫描二维码关注“笔苑”公众号        扫描二维码关注“文名”公众号\n2022年7月\n\
         在市委人大工作会议上的讲话\n市委书记  闫晨曦\n（2022年7月15日）\n\n同志们：\n今天。\n",
    );
    let m = &b.meta;
    assert_eq!(m.title.as_deref(), Some("在市委人大工作会议上的讲话"));
    assert_eq!(m.authors, [Person { name: "闫晨曦".into(), role: Some("市委书记".into()) }]);
    assert_eq!(m.date.as_deref(), Some("2022-07-15"));
    assert_eq!(m.series, Some(Series { name: "日新月异".into(), index: Some(4193) }));
    assert_eq!(m.extra.get("issue_date").map(String::as_str), Some("2022-07"));
    assert_eq!(b.boilerplate.len(), 2);
    assert_eq!(b.consumed, 6);
}

#[test]
fn split_and_letter_spaced_title_with_doc_number() {
    let b = block("国务院关于棉粮、糖粮挂钩奖售粮\n几 个 问 题 的 通 知\n国发〔1981〕88号\n\n各省、市、自治区人民政府：\n");
    assert_eq!(b.meta.title.as_deref(), Some("国务院关于棉粮、糖粮挂钩奖售粮几个问题的通知"));
    assert_eq!(b.meta.doc_number.as_deref(), Some("国发〔1981〕88号"));
    assert_eq!(b.consumed, 3);
}

#[test]
fn dash_subtitle_and_chinese_numeral_date() {
    let b = block("政府工作报告\n——二〇二六年一月二十七日在甘肃省第十四届人民代表大会第五次会议上\n省长　任振鹤\n各位代表：\n");
    assert_eq!(b.meta.date.as_deref(), Some("2026-01-27"));
    assert_eq!(
        b.meta.subtitle.as_deref(),
        Some("二〇二六年一月二十七日在甘肃省第十四届人民代表大会第五次会议上")
    );
    assert_eq!(b.meta.authors[0].role.as_deref(), Some("省长"));
}

#[test]
fn portal_furniture_before_the_title_is_boilerplate() {
    let b = block("下载\n打印\n【字号：\n加大\n】\n当前位置：\n首页\n>\n政务信息\n2026年北京市政府工作报告\n来源：\n北京日报\n北京市市长 殷勇\n各位代表：\n");
    assert_eq!(b.meta.title.as_deref(), Some("2026年北京市政府工作报告"));
    assert_eq!(b.meta.authors[0].name, "殷勇");
    assert_eq!(b.boilerplate.len(), 11);
}

#[test]
fn speakers_and_non_speakers() {
    assert_eq!(parse_speaker("习　近　平"), Some(Person { name: "习近平".into(), role: None }));
    assert_eq!(parse_speaker("上海市市长 龚 正").map(|p| p.name), Some("龚正".into()));
    assert_eq!(parse_speaker("第一回  甄士隐梦幻识通灵"), None);
    assert!(parse_speaker("工作 回顾").is_none());
}

#[test]
fn book_headers() {
    assert_eq!(
        parse_book_header("《红楼梦》曹雪芹").map(|(t, a)| (t, a.map(|p| p.name))),
        Some(("红楼梦".into(), Some("曹雪芹".into())))
    );
    assert_eq!(
        parse_book_header("[三国演义 / 罗贯中 著 ]").and_then(|(_, a)| a).and_then(|p| p.role),
        Some("著".into())
    );
}

#[test]
fn no_title_when_the_text_starts_with_body() {
    let b = block("各位代表：\n现在，我代表国务院，向大会报告政府工作。\n");
    assert_eq!(b.meta.title, None);
    assert_eq!(b.consumed, 0);
}

#[test]
fn the_documents_own_title_under_the_page_headline_is_the_title() {
    // The headline with a section prefix, an empty counter, then the title with its issuer on a line
    // of its own: the counter takes no value, the office is part of the title, the headline is furniture.
    let b = block(
        "政务服务丨某市人民政府关于做好防汛工作的通知\n- 发布日期:2021-07-19\n- 浏览次数:\n某市人民政府\n\
         关于做好防汛工作的通知\n某政字〔2021〕30号\n各县人民政府：\n",
    );
    assert_eq!(b.meta.title.as_deref(), Some("某市人民政府关于做好防汛工作的通知"));
    assert_eq!(b.meta.issuer, None);
    let furniture: Vec<usize> = b.boilerplate.iter().map(|(_, no)| *no).collect();
    assert_eq!(furniture, [1, 2, 3]);
    // A document number before the headline is the page's index, and the issuer heads the own copy.
    let b = block("某办(2011)129号 转发某某意见的通知\n某办〔2011〕129号\n某市人民政府办公室\n转发某某意见\n的通知\n各单位:\n");
    assert_eq!(b.meta.title.as_deref(), Some("某市人民政府办公室转发某某意见的通知"));
    assert_eq!(b.boilerplate.len(), 1);
}

#[test]
fn an_office_between_copies_of_the_title_is_the_issuer() {
    let b = block("某某管理条例\n作者:法律资料网 时间:2024-07-22 浏览:84\n下载地址: 点击此处下载\n某某管理条例\n国务院\n某某管理条例\n");
    assert_eq!(b.meta.title.as_deref(), Some("某某管理条例"));
    assert_eq!(b.meta.issuer.as_deref(), Some("国务院"));
    assert!(b.boilerplate.iter().all(|(t, _)| t != "国务院"));
}

#[test]
fn a_site_name_apart_above_a_statute_title_and_its_date_is_not_the_title() {
    let b = block("跳到主要內容\n\n中央法規條文檢索\n\n公司法\n中華民國114年12月26日\n\n第2章　無限公司\n");
    assert_eq!(b.meta.title.as_deref(), Some("公司法"));
    assert!(b.boilerplate.iter().any(|(t, _)| t == "中央法規條文檢索"));
}

#[test]
fn a_number_glued_before_the_headline_and_a_number_line_given_twice() {
    let b = block(
        "某政办发〔2016〕26号《某市人民政府办公厅关于印发〈工作要点〉的通知》\n\
         《某市人民政府办公厅关于印发〈工作要点〉的通知》\n某政办发〔2016〕26号\n某政办发〔2016〕26号\n各区人民政府：\n",
    );
    assert_eq!(b.meta.title.as_deref(), Some("某市人民政府办公厅关于印发〈工作要点〉的通知"));
    assert_eq!(b.meta.doc_number.as_deref(), Some("某政办发〔2016〕26号"));
    assert_eq!(b.boilerplate.iter().map(|(_, no)| *no).collect::<Vec<_>>(), [1, 4]);
    // The headline's number stands in when the document prints none of its own.
    let b = block("梁政发【2023】7号关于印发某县应急预案的通知\n各乡镇人民政府：\n");
    assert_eq!(b.meta.title.as_deref(), Some("关于印发某县应急预案的通知"));
    assert_eq!(b.meta.doc_number.as_deref(), Some("梁政发【2023】7号"));
}

#[test]
fn a_shouting_headline_and_a_label_alone_over_its_value() {
    let b = block("跳到主要內容區塊\n\n金管處戶外公共場域延長停止對外開放公告!!!!\n\n發佈單位\n遊憩服務課\n    依據指揮中心公告，本處轄管之設施延長停止開放。\n");
    assert_eq!(b.meta.title.as_deref(), Some("金管處戶外公共場域延長停止對外開放公告!!!!"));
    assert_eq!(b.boilerplate.len(), 3);
    assert!(!is_title_line("同志们！"));
}

#[test]
fn a_headline_may_exclaim_and_a_slogan_above_the_breadcrumb_is_the_sites() {
    let b = block("某某网,从三百万篇文章到百科知识的华丽转变!\n某某网 > 小故事 > 正文\n\n向着宏伟目标奋勇前进!\n\n时间:2020-08-11\n\n    新华社北京3月14日电，会议今天闭幕。\n");
    assert_eq!(b.meta.title.as_deref(), Some("向着宏伟目标奋勇前进!"));
    assert_eq!(b.boilerplate.len(), 3);
    assert_eq!(b.meta.extra.get("published").map(String::as_str), Some("2020-08-11"));
}
