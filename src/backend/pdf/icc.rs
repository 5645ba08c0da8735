//! The two ICC profiles (version 2.1, ICC.1:2001-04) a standard PDF embeds, made here rather than bundled:
//! no CMYK profile in Debian's free packages may be redistributed with the program, and these are a few
//! kilobytes.
//!
//! - [`cmyk_output`]: the output intent of PDF/X-4 and PDF/A-2, an output (`prtr`) profile of a plain
//!   subtractive press: a CMYK value is printed as the sRGB colour `(1−C)(1−K), (1−M)(1−K), (1−Y)(1−K)`,
//!   and a colour is separated the same way back, all grey going to K. Text set in `0 g` (DeviceGray) or
//!   `0 0 0 1 k` prints as K alone under it; a print shop that prints to a measured condition
//!   (FOGRA39, Japan Color) converts to it, as for any file whose intent differs from its press.
//! - [`srgb`]: sRGB (IEC 61966-2-1) as a matrix/curve display profile, for RGB images kept as they are
//!   (`ICCBased`, which PDF/X-4 and PDF/A-2 accept where `DeviceRGB` is refused).

/// D50, the profile connection space's white (ICC.1 §6.3.4.3), as X, Y, Z.
const D50: [f64; 3] = [0.9642, 1.0, 0.8249];

/// sRGB's linear components to D50 XYZ (the Bradford-adapted matrix that sRGB profiles carry), by row.
const SRGB_TO_XYZ: [[f64; 3]; 3] = [
    [0.436_074_7, 0.385_064_9, 0.143_080_4],
    [0.222_504_5, 0.716_878_6, 0.060_616_9],
    [0.013_932_2, 0.097_104_5, 0.714_173_3],
];

/// Grid points per input of the CMYK-to-Lab table (5⁴ colours: the press model is smooth) …
const TO_LAB_GRID: u8 = 5;
/// … and of the Lab-to-CMYK and gamut tables (9³).
const FROM_LAB_GRID: u8 = 9;

/// The CMYK output intent profile.
pub(super) fn cmyk_output() -> Vec<u8> {
    let to_lab = lut16(4, 3, TO_LAB_GRID, |cmyk| lab_encoded(cmyk_to_lab(cmyk)));
    let from_lab = lut16(3, 4, FROM_LAB_GRID, |lab| lab_to_cmyk(lab_decoded(lab)).to_vec());
    let gamut = lut16(3, 1, FROM_LAB_GRID, |lab| vec![if in_gamut(lab_decoded(lab)) { 0.0 } else { 1.0 }]);
    let description = text_description("paiban plain CMYK press (sRGB separated, grey to K)");
    let (copyright, white) = (copyright(), xyz(D50));
    let tags: Vec<(&[u8; 4], &[u8])> = vec![
        (b"desc", &description),
        (b"cprt", &copyright),
        (b"wtpt", &white),
        // One table for every rendering intent: the press model has a single gamut mapping (clipping).
        (b"A2B0", &to_lab),
        (b"A2B1", &to_lab),
        (b"A2B2", &to_lab),
        (b"B2A0", &from_lab),
        (b"B2A1", &from_lab),
        (b"B2A2", &from_lab),
        (b"gamt", &gamut),
    ];
    profile(b"prtr", b"CMYK", b"Lab ", &tags)
}

/// The sRGB profile.
pub(super) fn srgb() -> Vec<u8> {
    let curve = srgb_curve();
    let column = |k: usize| xyz(SRGB_TO_XYZ.map(|row| row[k]));
    let (red, green, blue) = (column(0), column(1), column(2));
    let description = text_description("sRGB IEC61966-2.1 (paiban)");
    let (copyright, white) = (copyright(), xyz(D50));
    let tags: Vec<(&[u8; 4], &[u8])> = vec![
        (b"desc", &description),
        (b"cprt", &copyright),
        (b"wtpt", &white),
        (b"rXYZ", &red),
        (b"gXYZ", &green),
        (b"bXYZ", &blue),
        (b"rTRC", &curve),
        (b"gTRC", &curve),
        (b"bTRC", &curve),
    ];
    profile(b"mntr", b"RGB ", b"XYZ ", &tags)
}

/// A profile: the 128-byte header (§6.1), the tag table, then each distinct tag's data once, 4-byte
/// aligned (tags with the same data share it, as §6.3 allows).
fn profile(class: &[u8; 4], space: &[u8; 4], pcs: &[u8; 4], tags: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
    let table_len = 4 + 12 * tags.len();
    let mut data: Vec<u8> = Vec::new();
    let mut entries: Vec<(&[u8; 4], usize, usize)> = Vec::new();
    let mut placed: Vec<(&[u8], usize)> = Vec::new();
    for &(signature, bytes) in tags {
        let offset = match placed.iter().find(|(known, _)| *known == bytes) {
            Some(&(_, offset)) => offset,
            None => {
                let offset = 128 + table_len + data.len();
                data.extend_from_slice(bytes);
                data.resize(data.len().next_multiple_of(4), 0);
                placed.push((bytes, offset));
                offset
            }
        };
        entries.push((signature, offset, bytes.len()));
    }
    let size = 128 + table_len + data.len();
    let mut out = Vec::with_capacity(size);
    out.extend_from_slice(&u32_be(size));
    out.extend_from_slice(&[0; 4]); // No preferred CMM.
    out.extend_from_slice(&[0x02, 0x10, 0, 0]); // Version 2.1.
    out.extend_from_slice(class);
    out.extend_from_slice(space);
    out.extend_from_slice(pcs);
    // Created 2026-01-01 00:00:00: fixed, so every file embeds the same bytes.
    for field in [2026u16, 1, 1, 0, 0, 0] {
        out.extend_from_slice(&field.to_be_bytes());
    }
    out.extend_from_slice(b"acsp");
    out.extend_from_slice(&[0; 4 + 4 + 4 + 4 + 8]); // Platform, flags, manufacturer, model, attributes.
    out.extend_from_slice(&[0; 4]); // Perceptual rendering intent.
    for v in D50 {
        out.extend_from_slice(&s15_fixed16(v));
    }
    out.extend_from_slice(&[0; 4]); // Creator.
    out.resize(128, 0); // Profile ID (version 4 only) and reserved bytes.
    out.extend_from_slice(&u32_be(tags.len()));
    for (signature, offset, len) in entries {
        out.extend_from_slice(signature);
        out.extend_from_slice(&u32_be(offset));
        out.extend_from_slice(&u32_be(len));
    }
    out.extend_from_slice(&data);
    out
}

fn u32_be(n: usize) -> [u8; 4] {
    u32::try_from(n).unwrap_or(u32::MAX).to_be_bytes()
}

fn s15_fixed16(v: f64) -> [u8; 4] {
    ((v * 65536.0).round() as i32).to_be_bytes()
}

/// `textDescriptionType` (§6.5.17): ASCII, with empty Unicode and ScriptCode parts.
fn text_description(text: &str) -> Vec<u8> {
    let mut out = b"desc\0\0\0\0".to_vec();
    out.extend_from_slice(&u32_be(text.len() + 1));
    out.extend_from_slice(text.as_bytes());
    out.push(0);
    out.extend_from_slice(&[0; 8]); // Unicode language code and count.
    out.extend_from_slice(&[0; 3]); // ScriptCode code and count.
    out.extend_from_slice(&[0; 67]);
    out
}

fn copyright() -> Vec<u8> {
    let mut out = b"text\0\0\0\0".to_vec();
    out.extend_from_slice(b"No copyright: generated by paiban, use freely");
    out.push(0);
    out
}

fn xyz(v: [f64; 3]) -> Vec<u8> {
    let mut out = b"XYZ \0\0\0\0".to_vec();
    for c in v {
        out.extend_from_slice(&s15_fixed16(c));
    }
    out
}

/// The sRGB transfer curve as a 1024-entry `curveType` (§6.5.3).
fn srgb_curve() -> Vec<u8> {
    const ENTRIES: usize = 1024;
    let mut out = b"curv\0\0\0\0".to_vec();
    out.extend_from_slice(&u32_be(ENTRIES));
    for k in 0..ENTRIES {
        let linear = linearise(k as f64 / (ENTRIES - 1) as f64);
        out.extend_from_slice(&unit16(linear).to_be_bytes());
    }
    out
}

/// `lut16Type` (§6.5.7): identity input and output curves around a grid of `grid`ⁿ points, each point's
/// outputs made by `f` from its inputs (0 to 1; the first input varies slowest).
fn lut16(inputs: u8, outputs: u8, grid: u8, f: impl Fn(&[f64]) -> Vec<f64>) -> Vec<u8> {
    let mut out = b"mft2\0\0\0\0".to_vec();
    out.extend_from_slice(&[inputs, outputs, grid, 0]);
    for row in 0..3 {
        for col in 0..3 {
            out.extend_from_slice(&s15_fixed16(if row == col { 1.0 } else { 0.0 }));
        }
    }
    out.extend_from_slice(&2u16.to_be_bytes());
    out.extend_from_slice(&2u16.to_be_bytes());
    let identity = |out: &mut Vec<u8>, channels: u8| {
        for _ in 0..channels {
            out.extend_from_slice(&[0, 0, 0xFF, 0xFF]);
        }
    };
    identity(&mut out, inputs);
    let points = usize::from(grid).pow(u32::from(inputs));
    let step = f64::from(grid.saturating_sub(1).max(1));
    let mut position = vec![0.0; usize::from(inputs)];
    for index in 0..points {
        let mut rest = index;
        for slot in position.iter_mut().rev() {
            *slot = (rest % usize::from(grid)) as f64 / step;
            rest /= usize::from(grid);
        }
        for value in f(&position).into_iter().take(usize::from(outputs)) {
            out.extend_from_slice(&unit16(value).to_be_bytes());
        }
    }
    identity(&mut out, outputs);
    out
}

fn unit16(v: f64) -> u16 {
    (v.clamp(0.0, 1.0) * 65535.0).round() as u16
}

/// sRGB's decoding (IEC 61966-2-1): an encoded component to linear light.
fn linearise(v: f64) -> f64 {
    if v <= 0.040_45 {
        v / 12.92
    } else {
        ((v + 0.055) / 1.055).powf(2.4)
    }
}

/// sRGB's encoding, the inverse of [`linearise`].
fn encode(v: f64) -> f64 {
    if v <= 0.003_130_8 {
        v * 12.92
    } else {
        1.055 * v.powf(1.0 / 2.4) - 0.055
    }
}

/// The press model: the sRGB colour a CMYK value prints as.
fn cmyk_to_srgb(cmyk: &[f64]) -> [f64; 3] {
    let part = |k: usize| cmyk.get(k).copied().unwrap_or(0.0);
    let white = 1.0 - part(3);
    [(1.0 - part(0)) * white, (1.0 - part(1)) * white, (1.0 - part(2)) * white]
}

/// The separation: grey to K, the rest to C, M, Y (the inverse of [`cmyk_to_srgb`] in its gamut).
pub(super) fn srgb_to_cmyk([r, g, b]: [f64; 3]) -> [f64; 4] {
    let k = 1.0 - r.max(g).max(b);
    if k >= 1.0 {
        return [0.0, 0.0, 0.0, 1.0];
    }
    let part = |v: f64| ((1.0 - v - k) / (1.0 - k)).clamp(0.0, 1.0);
    [part(r), part(g), part(b), k]
}

/// CIE L*a*b* (D50) of a CMYK value.
fn cmyk_to_lab(cmyk: &[f64]) -> [f64; 3] {
    let linear = cmyk_to_srgb(cmyk).map(linearise);
    let xyz = SRGB_TO_XYZ.map(|row| row.iter().zip(linear).map(|(m, c)| m * c).sum::<f64>());
    let f = |t: f64| if t > 216.0 / 24389.0 { t.cbrt() } else { (24389.0 / 27.0 * t + 16.0) / 116.0 };
    let [fx, fy, fz] = [0, 1, 2].map(|k| f(xyz[k] / D50[k]));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

/// Linear sRGB of a Lab colour, unclamped (outside 0–1 when sRGB cannot show it).
fn lab_to_linear_srgb([l, a, b]: [f64; 3]) -> [f64; 3] {
    let fy = (l + 16.0) / 116.0;
    let f_inv =
        |f: f64| if f > 6.0 / 29.0 { f * f * f } else { 3.0 * (6.0f64 / 29.0).powi(2) * (f - 4.0 / 29.0) };
    let xyz = [f_inv(fy + a / 500.0) * D50[0], f_inv(fy) * D50[1], f_inv(fy - b / 200.0) * D50[2]];
    // The inverse of SRGB_TO_XYZ.
    const XYZ_TO_SRGB: [[f64; 3]; 3] = [
        [3.133_856_1, -1.616_866_7, -0.490_614_6],
        [-0.978_768_4, 1.916_141_5, 0.033_454_0],
        [0.071_945_3, -0.228_991_1, 1.405_242_7],
    ];
    XYZ_TO_SRGB.map(|row| row.iter().zip(xyz).map(|(m, c)| m * c).sum::<f64>())
}

fn lab_to_cmyk(lab: [f64; 3]) -> [f64; 4] {
    srgb_to_cmyk(lab_to_linear_srgb(lab).map(|c| encode(c.clamp(0.0, 1.0))))
}

fn in_gamut(lab: [f64; 3]) -> bool {
    lab_to_linear_srgb(lab).iter().all(|c| (-0.01..=1.01).contains(c))
}

/// Lab as a version 2 `lut16` encodes it (§6.5.7, Table 40): L 0–100 over 0–0xFF00, a and b −128 to
/// 127.996 over 0–0xFFFF; as shares of 0xFFFF.
fn lab_encoded([l, a, b]: [f64; 3]) -> Vec<f64> {
    vec![l * 652.8 / 65535.0, (a + 128.0) * 256.0 / 65535.0, (b + 128.0) * 256.0 / 65535.0]
}

fn lab_decoded(v: &[f64]) -> [f64; 3] {
    let part = |k: usize| v.get(k).copied().unwrap_or(0.0) * 65535.0;
    [part(0) / 652.8, part(1) / 256.0 - 128.0, part(2) / 256.0 - 128.0]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_profiles_have_a_valid_header_and_their_tags_inside() {
        for (profile, class, space) in [(cmyk_output(), b"prtr", b"CMYK"), (srgb(), b"mntr", b"RGB ")] {
            assert_eq!(profile.get(36..40), Some(&b"acsp"[..]));
            assert_eq!(profile.get(12..16), Some(&class[..]));
            assert_eq!(profile.get(16..20), Some(&space[..]));
            let size = u32::from_be_bytes(profile[0..4].try_into().expect("4 bytes")) as usize;
            assert_eq!(size, profile.len());
            let count = u32::from_be_bytes(profile[128..132].try_into().expect("4 bytes")) as usize;
            for k in 0..count {
                let entry = &profile[132 + 12 * k..144 + 12 * k];
                let at = u32::from_be_bytes(entry[4..8].try_into().expect("4 bytes")) as usize;
                let len = u32::from_be_bytes(entry[8..12].try_into().expect("4 bytes")) as usize;
                assert!(at.is_multiple_of(4) && at + len <= size, "tag {k} lies inside the profile");
            }
        }
        assert!(cmyk_output().len() < 16_000, "{} bytes", cmyk_output().len());
    }

    #[test]
    fn the_press_prints_k_as_black_and_separates_grey_to_k_and_red_to_m_and_y() {
        let black = cmyk_to_lab(&[0.0, 0.0, 0.0, 1.0]);
        assert!(black[0].abs() < 1e-6);
        let white = cmyk_to_lab(&[0.0; 4]);
        assert!((white[0] - 100.0).abs() < 1e-3 && white[1].abs() < 0.05 && white[2].abs() < 0.05);
        assert_eq!(srgb_to_cmyk([0.5, 0.5, 0.5]), [0.0, 0.0, 0.0, 0.5]);
        assert_eq!(srgb_to_cmyk([1.0, 0.0, 0.0]), [0.0, 1.0, 1.0, 0.0]);
        // Lab back to CMYK gives the value again.
        let red = lab_to_cmyk(cmyk_to_lab(&[0.0, 1.0, 1.0, 0.0]));
        assert!(red.iter().zip([0.0, 1.0, 1.0, 0.0]).all(|(a, b)| (a - b).abs() < 1e-3), "{red:?}");
    }
}
