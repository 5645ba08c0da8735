//! Statutes and decrees (class 4 of the recognition issue): an article is one paragraph with its label run in,
//! whether the label stands on its own line or not; numbered lines inside an article are its items; a
//! decree publishes a statute, whose title is the document's.

use super::chars::{self, char_len};
use super::headings::{self, Marker};
use super::outline::demote;
use super::{header, title_shape, Item};
use crate::model::Role;

/// A line that opens a part, chapter, section or 款 (`第二章　总则`): an article's text never starts so.
fn opens_division(text: &str) -> bool {
    matches!(
        headings::marker(text),
        Some((Marker::Part | Marker::Chapter | Marker::Section | Marker::Subsection, _))
    )
}

/// An article label standing alone (`第 1 條` over its text, as law databases print it) joins its text,
/// even text that opens by citing another article (`第七條第一項所稱…`): an article is one paragraph with a
/// run-in label (class 4 of the recognition issue).
pub(super) fn join_article_labels(items: &mut Vec<Item>) {
    let is_label = |item: &Item| {
        item.is_plain_body() && char_len(&item.text) <= 12 && {
            let compact: String = item.text.chars().filter(|c| !chars::is_layout_space(*c)).collect();
            matches!(headings::marker(&compact), Some((Marker::Article, len)) if len == compact.len())
        }
    };
    if !items.iter().any(is_label) {
        return;
    }
    let mut joined: Vec<Item> = Vec::with_capacity(items.len());
    for item in items.drain(..) {
        let follows_label = joined.last().is_some_and(is_label);
        if follows_label && item.is_plain_body() && !is_label(&item) && !opens_division(&item.text) {
            if let Some(label) = joined.last_mut() {
                let compact: String = label.text.chars().filter(|c| !chars::is_layout_space(*c)).collect();
                label.text = format!("{compact}　{}", item.text);
            }
            continue;
        }
        joined.push(item);
    }
    *items = joined;
}

/// Inside a statute's article (`第五条　…：` then `（一）…` `（二）…`), numbered lines are the article's
/// items, not headings: an article runs until the next article or a chapter, section or part heading
/// (class 4 of the recognition issue). A numbered line with text of its own below it (`一、领导机构。` over
/// a paragraph) still heads that text.
pub(super) fn demote_items_in_articles(items: &mut [Item]) {
    let mut in_article = false;
    for i in 0..items.len() {
        let heads_text =
            items.get(i + 1).is_some_and(|n| n.is_plain_body() && headings::marker(&n.text).is_none());
        let Some(item) = items.get_mut(i).filter(|i| i.role == Role::Body && i.cells.is_none()) else {
            continue;
        };
        match headings::marker(&item.text) {
            Some((Marker::Article, _)) => in_article = true,
            Some((
                Marker::Hash(_) | Marker::Part | Marker::Chapter | Marker::Section | Marker::Subsection,
                _,
            )) => in_article = false,
            Some((kind, len)) if in_article && item.heading == Some(kind) && !heads_text => {
                demote(item, kind, len)
            }
            _ if item.heading == Some(Marker::Title) => in_article = false,
            _ => {}
        }
    }
}

/// A decree (`中华人民共和国国务院令` / `第707号` / 公布 paragraph / signer / date) publishes a statute: the
/// statute's title, the first title line after the decree's date, is the document's title, and the
/// decree's name is kept as written in `meta.decree`.
pub(super) fn take_decreed_title(items: &mut Vec<Item>, meta: &mut crate::model::Meta) {
    // The statute titled above its decree prints its title again under the decree's date: a copy.
    if meta.decree.is_some() {
        let date = items.iter().position(|i| i.role == Role::Date);
        let copy = date.and_then(|d| items.get_mut(d + 1)).filter(|i| {
            i.is_plain_body() && meta.title.as_deref() == Some(i.text.trim_matches(chars::is_layout_space))
        });
        if let Some(copy) = copy {
            copy.role = Role::Boilerplate;
        }
        return;
    }
    let Some(decree) =
        meta.title.as_deref().filter(|t| t.ends_with('令') && char_len(t) <= 24 && !t.contains("关于"))
    else {
        return;
    };
    let decree = decree.to_owned();
    let Some(date) = items.iter().position(|i| i.role == Role::Date) else { return };
    let title_at = items
        .iter()
        .enumerate()
        .skip(date + 1)
        .take(2)
        .find(|(_, i)| {
            i.is_plain_body() && title_shape::is_title_shaped(&i.text) && headings::marker(&i.text).is_none()
        })
        .map(|(at, _)| at);
    let title = match title_at {
        Some(at) => {
            let mut title = items.remove(at).text;
            // A statute title over two lines (`…关于修改` / `《…法》的决定`) is one title.
            while let Some(next) = items.get(at).filter(|n| {
                n.is_plain_body()
                    && title_shape::is_title_shaped(&n.text)
                    && super::title::continues_title(&title, &n.text)
            }) {
                title.push_str(next.text.trim());
                items.remove(at);
            }
            // Its adoption line is the statute's header, not a note to the decree above.
            if let Some(adopted) = items.get_mut(at).filter(|n| header::adoption_date(&n.text).is_some()) {
                adopted.role = Role::Body;
            }
            title
        }
        // The statute printed above the decree: the 公布 paragraph names it (`现发布《…条例》，自…施行`).
        None => {
            let named = items.iter().take(date).find(|i| i.is_plain_body()).and_then(|i| {
                let after = i.text.split_once('《')?.1;
                after.split_once('》').map(|(name, _)| name.to_owned())
            });
            let Some(named) = named else { return };
            // Its title line above the decree is the title, not a copy of the page's headline.
            if let Some(at) = items[..date].iter().rposition(|i| {
                i.role == Role::Boilerplate && i.text.trim_matches(chars::is_layout_space) == named
            }) {
                items.remove(at);
            }
            named
        }
    };
    meta.title = Some(title);
    meta.decree = Some(decree);
}
