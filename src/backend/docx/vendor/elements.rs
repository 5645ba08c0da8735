//! docx-rs's builders behind our own types: a paragraph ([`Para`]), a run ([`Run`]), a hyperlink ([`Link`])
//! and the package around the body ([`Skeleton`]: numbering definitions, section, footers). The body
//! builder says what it wants through these, and never names a docx-rs type.

use crate::model::Align;
use docx_rs::{
    AbstractNumbering, AlignmentType, BreakType, DocGrid, DocGridType, Docx, FieldCharType, Footer, Footnote,
    Hyperlink, HyperlinkType, IndentLevel, InstrText, Level, LevelJc, LevelText, LineSpacing, NumPages,
    NumberFormat, NumberingId, PageMargin, PageNum, Paragraph, Pic, RunFonts, SpecialIndentType, Start,
};

/// A paragraph being built, with the right indent in hundredths of a character docx-rs cannot write
/// (`w:rightChars`, added by fix-up 8 when the paragraph is written).
#[derive(Debug)]
pub(in crate::backend::docx) struct Para(pub(super) Paragraph, pub(super) Option<i32>);

impl Para {
    /// A paragraph with the per-document `w14:paraId` `n` (8 hex digits below 0x80000000).
    pub fn new(n: u32) -> Self {
        Para(Paragraph::new().id(format!("{n:08X}")), None)
    }

    /// A paragraph whose runs go into a link ([`Para::link`]); it is never written itself.
    pub fn scratch() -> Self {
        Para(Paragraph::new(), None)
    }

    /// In paragraph style `id`.
    pub fn style(self, id: &str) -> Self {
        Para(self.0.style(id), self.1)
    }

    /// Aligned as `align` says, against its style (`Default`: as the style says).
    pub fn align(self, align: Align) -> Self {
        let alignment = match align {
            Align::Default => return self,
            Align::Left => AlignmentType::Left,
            Align::Center => AlignmentType::Center,
            Align::Right => AlignmentType::Right,
        };
        Para(self.0.align(alignment), self.1)
    }

    /// Numbered by numbering instance `num_id` at list level `level`.
    pub fn numbered(self, num_id: usize, level: usize) -> Self {
        Para(self.0.numbering(NumberingId::new(num_id), IndentLevel::new(level)), self.1)
    }

    /// With a left indent of `twips`.
    pub fn indent_left(self, twips: i32) -> Self {
        Para(self.0.indent(Some(twips), None, None, None), self.1)
    }

    /// With a left indent of `hundredths` of a character (`w:leftChars`, which Word reads before the
    /// twips), `twips` for readers that do not.
    pub fn indent_left_chars(self, twips: i32, hundredths: i32) -> Self {
        Para(self.0.indent(Some(twips), None, None, Some(hundredths)), self.1)
    }

    /// With a right indent of `hundredths` of a character (`w:rightChars`, which Word reads before the
    /// twips, on a character grid a number of cells), `twips` for readers that do not. It replaces the
    /// style's indent, as every direct `w:ind` does (docx-rs writes `w:left` with it).
    pub fn indent_right_chars(self, twips: i32, hundredths: i32) -> Self {
        Para(self.0.indent(None, None, Some(twips), None), Some(hundredths))
    }

    /// With `twips` of space above, and as `hundredths` of a line (`w:beforeLines`, which Word reads before
    /// the twips, in lines of the document grid's pitch) for readers that take it.
    pub fn space_before_lines(self, twips: u32, hundredths: u32) -> Self {
        Para(self.0.line_spacing(LineSpacing::new().before(twips).before_lines(hundredths)), self.1)
    }

    /// Opens bookmark `id` named `name`.
    pub fn bookmark_start(self, id: usize, name: String) -> Self {
        Para(self.0.add_bookmark_start(id, name), self.1)
    }

    /// Closes bookmark `id`.
    pub fn bookmark_end(self, id: usize) -> Self {
        Para(self.0.add_bookmark_end(id), self.1)
    }

    /// With `run` added.
    pub fn run(self, run: Run) -> Self {
        Para(self.0.add_run(run.0), self.1)
    }

    /// With a line break (`w:br`) in a run of its own.
    pub fn line_break(self) -> Self {
        self.run(Run::new().line_break())
    }

    /// With a page break.
    pub fn page_break(self) -> Self {
        Para(self.0.add_run(docx_rs::Run::new().add_break(BreakType::Page)), self.1)
    }

    /// With the page number (a `PAGE` field).
    pub fn page_number(self) -> Self {
        Para(self.0.add_page_num(PageNum::new()), self.1)
    }

    /// Opens the field `instruction`, marked dirty (Word updates it on opening); its result follows, up to
    /// [`Para::field_end`], which may be in a later paragraph.
    pub fn field_start(self, instruction: &str) -> Self {
        let run = docx_rs::Run::new()
            .add_field_char(FieldCharType::Begin, true)
            .add_instr_text(InstrText::Unsupported(instruction.to_owned()))
            .add_field_char(FieldCharType::Separate, false);
        Para(self.0.add_run(run), self.1)
    }

    /// Closes the field opened last.
    pub fn field_end(self) -> Self {
        Para(self.0.add_run(docx_rs::Run::new().add_field_char(FieldCharType::End, false)), self.1)
    }

    /// With the number of pages (a `NUMPAGES` field).
    pub fn page_count(self) -> Self {
        Para(self.0.add_num_pages(NumPages::new()), self.1)
    }

    /// With `link`, holding the runs of `content`.
    pub fn link(self, link: Link, content: Para) -> Self {
        let mut link = link.0;
        link.children = content.0.children;
        Para(self.0.add_hyperlink(link), self.1)
    }

    /// With the reference to footnote `id` (written by [`Body::footnote`](super::Body::footnote)).
    pub fn footnote_reference(self, id: usize) -> Self {
        // The reference writes its id only: the note's paragraphs are written already.
        let note = Footnote { id, content: Vec::new() };
        Para(self.0.add_run(docx_rs::Run::new().add_footnote_reference(note)), self.1)
    }

    /// With a picture of `width_px` × `height_px` pixels shown `cx` × `cy` EMU large, its media part the
    /// relationship `rid` ([`Body::picture`](super::Body::picture)).
    pub fn picture(self, rid: String, (width_px, height_px): (u32, u32), (cx, cy): (u32, u32)) -> Self {
        // The bytes go into the media part from the body, once, not into every use's element.
        let pic = Pic::new_with_dimensions(Vec::new(), width_px, height_px).size(cx, cy).id(rid);
        Para(self.0.add_run(docx_rs::Run::new().add_image(pic)), self.1)
    }
}

/// A run being built.
#[derive(Debug)]
pub(in crate::backend::docx) struct Run(pub(super) docx_rs::Run);

impl Run {
    /// An empty run.
    pub fn new() -> Self {
        Run(docx_rs::Run::new())
    }

    /// In character style `id`.
    pub fn style(self, id: &str) -> Self {
        Run(self.0.style(id))
    }

    /// Bold.
    pub fn bold(self) -> Self {
        Run(self.0.bold())
    }

    /// Italic.
    pub fn italic(self) -> Self {
        Run(self.0.italic())
    }

    /// Struck through.
    pub fn strike(self) -> Self {
        Run(self.0.strike())
    }

    /// Raised and smaller (`w:vertAlign superscript`).
    pub fn superscript(mut self) -> Self {
        self.0.run_property = self.0.run_property.vert_align(docx_rs::VertAlignType::SuperScript);
        self
    }

    /// Lowered and smaller (`w:vertAlign subscript`).
    pub fn subscript(mut self) -> Self {
        self.0.run_property = self.0.run_property.vert_align(docx_rs::VertAlignType::SubScript);
        self
    }

    /// Its characters shared by Chinese and Latin (quotes, dashes, ellipsis) in the East Asian face
    /// (`w:rFonts w:hint="eastAsia"`), full width, as the document's Chinese sets them.
    pub fn east_asian_hint(self) -> Self {
        Run(self.0.fonts(RunFonts::new().hint("eastAsia")))
    }

    /// With `text` (docx-rs escapes it and writes `xml:space="preserve"`).
    pub fn text(self, text: &str) -> Self {
        Run(self.0.add_text(text))
    }

    /// With a tab (`w:tab`).
    pub fn tab(self) -> Self {
        Run(self.0.add_tab())
    }

    /// With a line break (`w:br`).
    pub fn line_break(self) -> Self {
        Run(self.0.add_break(BreakType::TextWrapping))
    }
}

/// A hyperlink, to hold runs ([`Para::link`]).
#[derive(Debug)]
pub(in crate::backend::docx) struct Link(pub(super) Hyperlink);

impl Link {
    /// A link to the bookmark `anchor`.
    pub fn internal(anchor: &str) -> Self {
        Link(Hyperlink::new(anchor, HyperlinkType::Anchor))
    }
}

/// One level of a list's numbering definition.
pub(in crate::backend::docx) struct ListLevel {
    /// `w:numFmt` (`decimal`, `bullet`…).
    pub format: &'static str,
    /// `w:lvlText` (`%1.`, `●`…).
    pub text: String,
    /// Left indent of the text, in twips.
    pub left: i32,
    /// How far the number hangs to the left of the text, in twips.
    pub hanging: i32,
}

/// Page margins, in twips.
pub(in crate::backend::docx) struct Margins {
    /// Top margin.
    pub top: i32,
    /// Bottom margin.
    pub bottom: i32,
    /// Left margin.
    pub left: i32,
    /// Right margin.
    pub right: i32,
    /// From the page's top edge to the header.
    pub header: i32,
    /// From the page's bottom edge to the footer.
    pub footer: i32,
}

/// The section: page, margins, grid and footers.
pub(in crate::backend::docx) struct Section {
    /// Page width, twips.
    pub width: u32,
    /// Page height, twips.
    pub height: u32,
    /// Margins.
    pub margins: Margins,
    /// The document grid's line pitch, twips.
    pub line_pitch: usize,
    /// The footer's paragraph (of every page, or of odd pages when there is an even one).
    pub footer: Para,
    /// The even pages' footer paragraph, if they have their own.
    pub even_footer: Option<Para>,
}

/// Everything of the package but the body: numbering definitions and the section.
pub(in crate::backend::docx) struct Skeleton(pub(super) Docx);

impl Skeleton {
    /// An empty document. docx-rs always writes abstract numbering 1 and numbering 1 (its default list).
    pub fn new() -> Self {
        Skeleton(Docx::new())
    }

    /// Adds abstract numbering `id` with `levels` (level 0 first).
    pub fn abstract_numbering(&mut self, id: usize, levels: Vec<ListLevel>) {
        let mut abs = AbstractNumbering::new(id);
        for (level, def) in levels.into_iter().enumerate() {
            let lvl = Level::new(
                level,
                Start::new(1),
                NumberFormat::new(def.format),
                LevelText::new(def.text),
                LevelJc::new("left"),
            )
            .indent(Some(def.left), Some(SpecialIndentType::Hanging(def.hanging)), None, None);
            abs = abs.add_level(lvl);
        }
        self.0 = std::mem::take(&mut self.0).add_abstract_numbering(abs);
    }

    /// Sets the section.
    pub fn section(&mut self, section: Section) {
        let m = &section.margins;
        let margin = PageMargin::new()
            .top(m.top)
            .bottom(m.bottom)
            .left(m.left)
            .right(m.right)
            .header(m.header)
            .footer(m.footer)
            .gutter(0);
        // Lines only: the characters a line holds come from the run defaults' spacing (`parts::grid_spacing`).
        let grid = DocGrid::new().grid_type(DocGridType::Lines).line_pitch(section.line_pitch);
        let mut docx = std::mem::take(&mut self.0)
            .page_size(section.width, section.height)
            .page_margin(margin)
            .footer(Footer::new().add_paragraph(section.footer.0));
        if let Some(even) = section.even_footer {
            docx = docx.even_footer(Footer::new().add_paragraph(even.0));
        }
        docx.document.section_property = std::mem::take(&mut docx.document.section_property).doc_grid(grid);
        self.0 = docx;
    }
}
