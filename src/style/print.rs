//! Print production settings of the PDF: which ISO standards the file claims (PDF/X-4 for a print shop,
//! PDF/A-2 for an archive, PDF/UA-1 for assistive technology), the bleed around the trimmed page and the
//! crop marks outside it. The DOCX and the EPUB do not read them.

use serde::{Deserialize, Serialize};

/// A PDF standard the file conforms to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PdfStandard {
    /// PDF/X-4 (ISO 15930-7): print exchange; only grey and CMYK device colour, an output intent, boxes.
    X4,
    /// PDF/A-2b (ISO 19005-2, level B): the file will look the same in the future.
    A2b,
    /// PDF/A-2u (level U): A-2b, and every character maps to Unicode.
    A2u,
    /// PDF/UA-1 (ISO 14289-1): tagged for assistive technology.
    Ua1,
}

impl PdfStandard {
    /// The name on the command line and in files.
    pub fn as_str(self) -> &'static str {
        match self {
            PdfStandard::X4 => "x4",
            PdfStandard::A2b => "a2b",
            PdfStandard::A2u => "a2u",
            PdfStandard::Ua1 => "ua1",
        }
    }

    /// Reads a comma-separated list (`x4,a2u,ua1`): sorted, without repeats. PDF/A-2b and PDF/A-2u together
    /// are refused: a file claims one PDF/A conformance level.
    pub fn parse_list(text: &str) -> Result<Vec<PdfStandard>, String> {
        let mut out = Vec::new();
        for name in text.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            let standard = [PdfStandard::X4, PdfStandard::A2b, PdfStandard::A2u, PdfStandard::Ua1]
                .into_iter()
                .find(|s| s.as_str().eq_ignore_ascii_case(name))
                .ok_or_else(|| format!("`{name}` is not a PDF standard; use x4, a2b, a2u or ua1"))?;
            out.push(standard);
        }
        out.sort();
        out.dedup();
        check_combination(&out)?;
        Ok(out)
    }
}

/// Why `standards` cannot be claimed together, if they cannot.
pub fn check_combination(standards: &[PdfStandard]) -> Result<(), String> {
    if standards.contains(&PdfStandard::A2b) && standards.contains(&PdfStandard::A2u) {
        return Err("a2b and a2u are two levels of one standard: choose one (a2u includes a2b)".to_owned());
    }
    Ok(())
}

/// Reads a length in millimetres: `3mm`, `3`, `0.125in` or `9pt`.
pub fn parse_length_mm(text: &str) -> Result<f32, String> {
    let text = text.trim();
    let (number, per_unit) = if let Some(n) = text.strip_suffix("mm") {
        (n, 1.0)
    } else if let Some(n) = text.strip_suffix("in") {
        (n, 25.4)
    } else if let Some(n) = text.strip_suffix("pt") {
        (n, 25.4 / 72.0)
    } else {
        (text, 1.0)
    };
    let value: f32 = number
        .trim()
        .parse()
        .map_err(|_| format!("`{text}` is not a length; write it as 3mm, 0.125in or 9pt"))?;
    if !(0.0..=50.0).contains(&(value * per_unit)) {
        return Err(format!("`{text}` is not between 0 and 50 mm"));
    }
    Ok(value * per_unit)
}

/// What the PDF adds for print production.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Print {
    /// The standards the PDF conforms to (none: a plain PDF 1.7, as without these settings).
    pub pdf_standards: Vec<PdfStandard>,
    /// How far the MediaBox and BleedBox reach beyond the trimmed page (the TrimBox, the paper size).
    pub bleed_mm: f32,
    /// Crop marks at the trim's corners, outside the bleed.
    pub marks: bool,
    /// How far from the trim a crop mark starts (it starts at the bleed's edge when that is farther).
    pub mark_offset_mm: f32,
    /// How long a crop mark is.
    pub mark_length_mm: f32,
    /// A crop mark's weight in points.
    pub mark_width_pt: f32,
}

impl Print {
    /// A plain PDF: no standard, no bleed, no marks; marks, when asked for, 3 mm from the trim, 5 mm long
    /// and a quarter point wide, as printers' marks usually are.
    pub const NONE: Print = Print {
        pdf_standards: Vec::new(),
        bleed_mm: 0.0,
        marks: false,
        mark_offset_mm: 3.0,
        mark_length_mm: 5.0,
        mark_width_pt: 0.25,
    };

    /// Whether the file claims `standard`.
    pub fn claims(&self, standard: PdfStandard) -> bool {
        self.pdf_standards.contains(&standard)
    }

    /// How far crop marks start from the trim: the offset, or the bleed's edge when that is farther.
    pub fn mark_start_mm(&self) -> f32 {
        self.mark_offset_mm.max(self.bleed_mm)
    }

    /// How far the MediaBox reaches beyond the trim: the bleed, and the marks beyond it.
    pub fn media_margin_mm(&self) -> f32 {
        if self.marks {
            self.mark_start_mm() + self.mark_length_mm
        } else {
            self.bleed_mm
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standards_are_read_sorted_and_a_second_pdfa_level_is_refused() {
        assert_eq!(PdfStandard::parse_list("ua1, X4,ua1"), Ok(vec![PdfStandard::X4, PdfStandard::Ua1]));
        assert!(PdfStandard::parse_list("a2b,a2u").is_err());
        assert!(PdfStandard::parse_list("x3").is_err());
    }

    #[test]
    fn lengths_are_read_in_millimetres() {
        assert_eq!(parse_length_mm("3mm"), Ok(3.0));
        assert_eq!(parse_length_mm("3"), Ok(3.0));
        assert!((parse_length_mm("0.125in").unwrap_or(0.0) - 3.175).abs() < 1e-4);
        assert!(parse_length_mm("-1mm").is_err() && parse_length_mm("wide").is_err());
    }

    #[test]
    fn the_media_box_holds_the_bleed_and_the_marks() {
        let print = Print { bleed_mm: 3.0, marks: true, ..Print::NONE };
        assert_eq!(print.media_margin_mm(), 8.0);
        let print = Print { bleed_mm: 5.0, ..print };
        assert_eq!(print.media_margin_mm(), 10.0);
        assert_eq!(Print { marks: false, ..print }.media_margin_mm(), 5.0);
    }
}
