//! QR codes back to the online page, for paper: a procedure's printout and every
//! posting sheet that shows it carry the same code, so it is encoded once per
//! procedure and kept as one bit per module until a page writes it out as SVG.

use qrcode::{Color, EcLevel};
use std::sync::OnceLock;

/// A QR code's modules, row by row, one bit each (dark = 1): about 140 bytes for a
/// procedure's address, where the SVG is 2 KB.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Modules {
    width: usize,
    dark: Vec<u64>,
}

impl Modules {
    /// `text` encoded at error correction level M, or `None` when it is too long for
    /// a QR code.
    pub(crate) fn encode(text: &str) -> Option<Self> {
        let (width, colors) = canvas(text)?;
        let mut dark = vec![0u64; (width * width).div_ceil(64)];
        for (i, color) in colors.into_iter().enumerate() {
            if color == Color::Dark {
                dark[i / 64] |= 1 << (i % 64);
            }
        }
        Some(Self { width, dark })
    }

    fn is_dark(&self, x: usize, y: usize) -> bool {
        let i = y * self.width + x;
        self.dark[i / 64] >> (i % 64) & 1 == 1
    }

    /// Row `y` as one word (module `x` at bit `x`), when the code is at most 64 modules
    /// wide (versions 1 to 11: addresses up to 251 bytes); wider ones go module by module.
    fn row_word(&self, y: usize) -> Option<u64> {
        if self.width > 64 {
            return None;
        }
        let start = y * self.width;
        let (word, shift) = (start / 64, start % 64);
        let low = self.dark.get(word)? >> shift;
        let high = match (shift, self.dark.get(word + 1)) {
            (0, _) | (_, None) => 0,
            (_, Some(next)) => next << (64 - shift),
        };
        let mask = if self.width == 64 {
            u64::MAX
        } else {
            (1 << self.width) - 1
        };
        Some((low | high) & mask)
    }

    /// The dark runs of row `y` as `(start, end)` pairs, left to right.
    fn runs(&self, y: usize, runs: &mut Vec<(usize, usize)>) {
        runs.clear();
        let Some(mut bits) = self.row_word(y) else {
            return self.runs_by_module(y, runs);
        };
        let mut x = 0;
        while bits != 0 {
            let skip = bits.trailing_zeros() as usize;
            bits >>= skip;
            let len = bits.trailing_ones() as usize;
            bits = bits.checked_shr(len as u32).unwrap_or(0);
            runs.push((x + skip, x + skip + len));
            x += skip + len;
        }
    }

    /// [`Modules::runs`] one module at a time (codes wider than a word).
    fn runs_by_module(&self, y: usize, runs: &mut Vec<(usize, usize)>) {
        let mut x = 0;
        while x < self.width {
            if !self.is_dark(x, y) {
                x += 1;
                continue;
            }
            let start = x;
            while x < self.width && self.is_dark(x, y) {
                x += 1;
            }
            runs.push((start, x));
        }
    }

    /// The code as inline SVG (one path, quiet zone included) named `label` for screen
    /// readers. Made at build time: no script, no image from another host.
    pub(crate) fn svg(&self, label: &str) -> String {
        let width = self.width;
        let size = width + 8;
        let mut out = String::with_capacity(width * width + 300 + label.len());
        out.push_str("<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"-4 -4 ");
        push_number(&mut out, size);
        out.push(' ');
        push_number(&mut out, size);
        out.push_str("\" role=\"img\" aria-label=\"");
        // Writing into a `String` cannot fail.
        let _ = super::write_escaped(&mut out, label);
        out.push_str("\" shape-rendering=\"crispEdges\"><rect x=\"-4\" y=\"-4\" width=\"");
        push_number(&mut out, size);
        out.push_str("\" height=\"");
        push_number(&mut out, size);
        out.push_str("\" fill=\"#fff\"/><path stroke=\"#000\" stroke-width=\"1\" d=\"");
        // One stroked subpath per row, runs as relative moves: about half the bytes of a
        // rectangle per run. Written digit by digit: a `format!` per run was half the cost
        // of a code.
        let mut runs = Vec::with_capacity(width / 2 + 1);
        for y in 0..width {
            self.runs(y, &mut runs);
            let mut pen = None::<usize>;
            for &(start, end) in &runs {
                match pen {
                    None => {
                        out.push('M');
                        push_number(&mut out, start);
                        out.push(' ');
                        push_number(&mut out, y);
                        out.push_str(".5h");
                    }
                    Some(p) => {
                        out.push('m');
                        push_number(&mut out, start - p);
                        out.push_str(" 0h");
                    }
                }
                push_number(&mut out, end - start);
                pen = Some(end);
            }
        }
        out.push_str("\"/></svg>");
        out
    }
}

/// `text`'s QR code at level M as its width and its modules row by row, or `None` when
/// it is too long for one. One fixed mask (pattern 000) instead of trying all eight for the
/// lowest penalty: any mask decodes, and choosing one took two thirds of a 10,000-procedure
/// build.
fn canvas(text: &str) -> Option<(usize, Vec<Color>)> {
    let bits = qrcode::bits::encode_auto(text.as_bytes(), EcLevel::M).ok()?;
    let version = bits.version();
    let (data, ec) =
        qrcode::ec::construct_codewords(&bits.into_bytes(), version, EcLevel::M).ok()?;
    let mut canvas = qrcode::canvas::Canvas::new(version, EcLevel::M);
    canvas.draw_all_functional_patterns();
    canvas.draw_data(&data, &ec);
    canvas.apply_mask(qrcode::canvas::MaskPattern::Checkerboard);
    Some((usize::try_from(version.width()).ok()?, canvas.into_colors()))
}

/// Appends `n` in decimal (the coordinates of a QR code: at most 177).
fn push_number(out: &mut String, n: usize) {
    if n >= 10 {
        push_number(out, n / 10);
    }
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Each procedure's code, by index in `content.procedures`, encoded the first time
/// a page asks for it. One render's: a new render (another base URL, a renamed
/// procedure) starts empty.
#[derive(Debug)]
pub(crate) struct Codes(Vec<OnceLock<Option<Modules>>>);

impl Codes {
    pub(crate) fn new(procedures: usize) -> Self {
        Self((0..procedures).map(|_| OnceLock::new()).collect())
    }

    /// Procedure `i`'s code to `address`, which must be the same on every call for `i`.
    pub(crate) fn get(&self, i: usize, address: &str) -> Option<&Modules> {
        match self.0.get(i) {
            Some(cell) => cell.get_or_init(|| Modules::encode(address)).as_ref(),
            None => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qr_is_one_path_with_a_quiet_zone() {
        let svg = Modules::encode("https://example.gov.vn/thu-tuc/dang-ky-khai-sinh/")
            .map(|m| m.svg("QR"))
            .unwrap_or_default();
        assert!(svg.starts_with("<svg class=\"qr\""), "{svg}");
        assert_eq!(svg.matches("<path").count(), 1);
        // Version 4 (33 modules) for a 50-byte URL at level M, plus 4 modules each side.
        assert!(svg.contains("viewBox=\"-4 -4 41 41\""), "{svg}");
    }

    #[test]
    fn the_bits_are_the_canvas_modules() {
        let text = "https://example.gov.vn/thu-tuc/dang-ky-khai-sinh/";
        let (Some(m), Some((width, colors))) = (Modules::encode(text), canvas(text)) else {
            panic!("a short URL fits a QR code");
        };
        assert_eq!((m.width, colors.len()), (width, width * width));
        for (i, c) in colors.iter().enumerate() {
            assert_eq!(
                *c == Color::Dark,
                m.is_dark(i % width, i / width),
                "module {i}"
            );
        }
        // The finder pattern's corner is dark, the separator beside it light.
        assert!(m.is_dark(0, 0) && !m.is_dark(7, 0));
    }

    #[test]
    fn runs_by_word_are_the_runs_module_by_module() {
        // Versions 1 to 11 by address length (up to 64 modules wide: by word); longer
        // ones module by module.
        for len in [10, 40, 80, 150, 300, 600] {
            let text = format!("https://example.gov.vn/{}", "x".repeat(len));
            let Some(m) = Modules::encode(&text) else {
                panic!("{len} bytes fit a QR code");
            };
            let mut runs = Vec::new();
            for y in 0..m.width {
                m.runs(y, &mut runs);
                let mut slow = Vec::new();
                m.runs_by_module(y, &mut slow);
                assert_eq!(runs, slow, "width {} row {y}", m.width);
                assert!(runs.iter().all(|&(a, b)| a < b && b <= m.width));
            }
        }
    }

    #[test]
    fn too_long_for_a_code_is_none() {
        assert!(Modules::encode(&"x".repeat(5000)).is_none());
    }

    #[test]
    fn a_procedure_is_encoded_once_and_out_of_range_is_none() {
        let codes = Codes::new(2);
        let first = codes.get(1, "https://a.example/1/").cloned();
        // The cell keeps the first code even when asked with another text.
        assert_eq!(codes.get(1, "https://b.example/other/").cloned(), first);
        assert!(first.is_some());
        assert!(codes.get(2, "https://a.example/").is_none());
    }

    #[test]
    fn numbers_are_written_in_decimal() {
        for n in [0, 7, 10, 99, 100, 177, 12345] {
            let mut s = String::from("x");
            push_number(&mut s, n);
            assert_eq!(s, format!("x{n}"));
        }
    }
}
