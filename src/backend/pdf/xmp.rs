//! The XMP metadata packet of a standard PDF (ISO 16684-1): the document info again, as PDF/A-2 §6.6.2.3
//! wants it (the same title, author, subject, keywords, tools and dates), the identifiers of the standards
//! claimed (`pdfaid`, `pdfxid`, `pdfuaid`), document and instance ids, and — in a PDF/A file — the
//! extension schemas that declare the `pdfxid` and `pdfuaid` properties, which PDF/A does not predefine.

use super::standard::InfoText;
use crate::style::PdfStandard;

/// What the packet says.
pub(super) struct Metadata<'a> {
    /// The document info's texts, said again: dc:title, dc:creator (one entry, `/Author`), dc:description
    /// (`/Subject`), pdf:Keywords, pdf:Producer, xmp:CreatorTool (`/Creator`), in the language `lang`
    /// (`x-default` is given too).
    pub info: &'a InfoText<'a>,
    /// xmp:CreateDate, ModifyDate and MetadataDate, ISO 8601.
    pub date: &'a str,
    /// xmpMM:DocumentID and InstanceID, as a UUID URN.
    pub id: &'a str,
    /// The standards claimed.
    pub standards: &'a [PdfStandard],
}

/// The packet, UTF-8.
pub(super) fn packet(m: &Metadata<'_>) -> Vec<u8> {
    let claims = |s: PdfStandard| m.standards.contains(&s);
    let info = m.info;
    let pdfa = if claims(PdfStandard::A2u) { Some("U") } else { claims(PdfStandard::A2b).then_some("B") };
    let mut x = String::new();
    x.push_str("<?xpacket begin=\"\u{FEFF}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str(
        "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" \
         xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\" \
         xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\">\n",
    );
    x.push_str("<dc:format>application/pdf</dc:format>\n");
    x.push_str(&format!("<dc:title>{}</dc:title>\n", alt(info.title, info.lang)));
    if let Some(author) = info.author {
        x.push_str(&format!(
            "<dc:creator><rdf:Seq><rdf:li>{}</rdf:li></rdf:Seq></dc:creator>\n",
            escape(author)
        ));
    }
    if let Some(subject) = info.subject {
        x.push_str(&format!("<dc:description>{}</dc:description>\n", alt(subject, info.lang)));
    }
    if let Some(keywords) = info.keywords {
        x.push_str(&format!("<pdf:Keywords>{}</pdf:Keywords>\n", escape(keywords)));
    }
    x.push_str(&format!("<pdf:Producer>{}</pdf:Producer>\n", escape(info.producer)));
    x.push_str("<pdf:Trapped>False</pdf:Trapped>\n");
    x.push_str(&format!("<xmp:CreatorTool>{}</xmp:CreatorTool>\n", escape(info.creator)));
    for key in ["CreateDate", "ModifyDate", "MetadataDate"] {
        x.push_str(&format!("<xmp:{key}>{}</xmp:{key}>\n", m.date));
    }
    x.push_str(&format!("<xmpMM:DocumentID>{}</xmpMM:DocumentID>\n", m.id));
    x.push_str(&format!("<xmpMM:InstanceID>{}</xmpMM:InstanceID>\n", m.id));
    x.push_str(
        "<xmpMM:VersionID>1</xmpMM:VersionID>\n<xmpMM:RenditionClass>default</xmpMM:RenditionClass>\n",
    );
    x.push_str("</rdf:Description>\n");
    if let Some(level) = pdfa {
        x.push_str(&format!(
            "<rdf:Description rdf:about=\"\" xmlns:pdfaid=\"http://www.aiim.org/pdfa/ns/id/\">\n\
             <pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>{level}</pdfaid:conformance>\n</rdf:Description>\n"
        ));
    }
    if claims(PdfStandard::X4) {
        x.push_str(
            "<rdf:Description rdf:about=\"\" xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\">\n\
             <pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>\n</rdf:Description>\n",
        );
    }
    if claims(PdfStandard::Ua1) {
        x.push_str(
            "<rdf:Description rdf:about=\"\" xmlns:pdfuaid=\"http://www.aiim.org/pdfua/ns/id/\">\n\
             <pdfuaid:part>1</pdfuaid:part>\n</rdf:Description>\n",
        );
    }
    if pdfa.is_some() {
        extension_schemas(&mut x, claims(PdfStandard::X4), claims(PdfStandard::Ua1));
    }
    // No padding: the file is finished, and an editor rewrites it whole anyway (its streams are packed).
    x.push_str("</rdf:RDF>\n</x:xmpmeta>\n<?xpacket end=\"w\"?>");
    x.into_bytes()
}

/// The PDF/A extension schemas (ISO 19005-2 §6.6.2.3.3) of the identifiers PDF/A does not predefine.
fn extension_schemas(x: &mut String, pdfx: bool, pdfua: bool) {
    if !pdfx && !pdfua {
        return;
    }
    x.push_str(
        "<rdf:Description rdf:about=\"\" xmlns:pdfaExtension=\"http://www.aiim.org/pdfa/ns/extension/\" \
         xmlns:pdfaSchema=\"http://www.aiim.org/pdfa/ns/schema#\" \
         xmlns:pdfaProperty=\"http://www.aiim.org/pdfa/ns/property#\">\n<pdfaExtension:schemas><rdf:Bag>\n",
    );
    let schema = |x: &mut String,
                  name: &str,
                  uri: &str,
                  prefix: &str,
                  property: &str,
                  kind: &str,
                  what: &str| {
        x.push_str(&format!(
            "<rdf:li rdf:parseType=\"Resource\">\n<pdfaSchema:schema>{name}</pdfaSchema:schema>\n\
             <pdfaSchema:namespaceURI>{uri}</pdfaSchema:namespaceURI>\n<pdfaSchema:prefix>{prefix}</pdfaSchema:prefix>\n\
             <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType=\"Resource\">\n\
             <pdfaProperty:name>{property}</pdfaProperty:name>\n<pdfaProperty:valueType>{kind}</pdfaProperty:valueType>\n\
             <pdfaProperty:category>internal</pdfaProperty:category>\n\
             <pdfaProperty:description>{what}</pdfaProperty:description>\n\
             </rdf:li></rdf:Seq></pdfaSchema:property>\n</rdf:li>\n"
        ));
    };
    if pdfx {
        let uri = "http://www.npes.org/pdfx/ns/id/";
        schema(x, "PDF/X ID Schema", uri, "pdfxid", "GTS_PDFXVersion", "Text", "ID of PDF/X standard");
    }
    if pdfua {
        let uri = "http://www.aiim.org/pdfua/ns/id/";
        schema(
            x,
            "PDF/UA identification schema",
            uri,
            "pdfuaid",
            "part",
            "Integer",
            "PDF/UA version identifier",
        );
    }
    x.push_str("</rdf:Bag></pdfaExtension:schemas>\n</rdf:Description>\n");
}

/// A language alternative with the default entry, the only one PDF/A's info equivalence reads.
fn alt(text: &str, lang: &str) -> String {
    let text = escape(text);
    let mut out = format!("<rdf:Alt><rdf:li xml:lang=\"x-default\">{text}</rdf:li>");
    if !lang.is_empty() && !lang.eq_ignore_ascii_case("x-default") {
        out.push_str(&format!("<rdf:li xml:lang=\"{}\">{text}</rdf:li>", escape(lang)));
    }
    out.push_str("</rdf:Alt>");
    out
}

/// `text` as XML character data, without the characters XML 1.0 cannot hold.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn metadata(standards: &[PdfStandard]) -> String {
        let info = InfoText {
            title: "通知 <草案> & 附件",
            author: Some("市教育局"),
            subject: None,
            keywords: None,
            creator: "paiban",
            producer: "paiban",
            lang: "zh-CN",
        };
        let m = Metadata {
            info: &info,
            date: "2026-01-01T00:00:00Z",
            id: "uuid:00000000-0000-0000-0000-000000000000",
            standards,
        };
        String::from_utf8(packet(&m)).expect("UTF-8")
    }

    #[test]
    fn the_packet_names_each_standard_and_escapes_the_title() {
        let x = metadata(&[PdfStandard::X4, PdfStandard::A2u, PdfStandard::Ua1]);
        assert!(x.contains("<pdfaid:part>2</pdfaid:part>") && x.contains("<pdfaid:conformance>U<"));
        assert!(x.contains("<pdfxid:GTS_PDFXVersion>PDF/X-4<") && x.contains("<pdfuaid:part>1<"));
        assert!(x.contains("通知 &lt;草案&gt; &amp; 附件"));
        assert!(x.contains("<pdfaSchema:prefix>pdfuaid<") && x.contains("<pdfaSchema:prefix>pdfxid<"));
        let plain_x4 = metadata(&[PdfStandard::X4]);
        assert!(!plain_x4.contains("pdfaid") && !plain_x4.contains("pdfaExtension"));
        assert!(x.ends_with("<?xpacket end=\"w\"?>"));
    }
}
