//! Vietnamese text utilities: NFC normalisation, accent folding, collation,
//! slugs, number formatting and "did you mean" suggestions.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Normalises to NFC, so text typed on macOS or pasted from Word (NFD) matches.
pub fn nfc(s: &str) -> String {
    if is_plain_nfc(s)
        || unicode_normalization::is_nfc_quick(s.chars())
            == unicode_normalization::IsNormalized::Yes
    {
        s.to_owned()
    } else {
        s.nfc().collect()
    }
}

/// Whether every character of `s` is a starter that NFC leaves as it is whatever comes
/// next (ASCII, precomposed Vietnamese letters…), so `s` is NFC without looking further:
/// one table lookup a character where the quick check makes two.
fn is_plain_nfc(s: &str) -> bool {
    let table = plain_nfc_table();
    s.chars().all(|c| {
        c.is_ascii()
            || table
                .get(c as usize / 64)
                .is_some_and(|word| word >> (c as usize % 64) & 1 == 1)
    })
}

/// One bit per code point below [`FOLD_TABLE`], set for a starter (canonical combining
/// class 0) whose NFC quick check is "yes": such a character never composes with the
/// one before it, so text made only of them passes the quick check.
fn plain_nfc_table() -> &'static [u64] {
    static TABLE: std::sync::OnceLock<Vec<u64>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut bits = vec![0u64; FOLD_TABLE / 64];
        for cp in 0..FOLD_TABLE as u32 {
            if let Some(c) = char::from_u32(cp) {
                if unicode_normalization::char::canonical_combining_class(c) == 0
                    && unicode_normalization::is_nfc_quick(std::iter::once(c))
                        == unicode_normalization::IsNormalized::Yes
                {
                    bits[cp as usize / 64] |= 1 << (cp % 64);
                }
            }
        }
        bits
    })
}

/// Folds to lowercase ASCII-ish letters for accent-insensitive matching:
/// strips every combining mark and maps `đ`/`Đ` to `d` (NFD leaves them whole).
///
/// Character by character from a table of the first [`FOLD_TABLE`] code points
/// (Latin, Vietnamese, Greek, Cyrillic…), which is what `fold_slow` gives for such
/// text: every non-starter below the table's end is a combining mark, so the reordering
/// of marks that NFD does never shows once they are stripped. A string with any other
/// character is folded the slow way, whole.
pub fn fold(s: &str) -> String {
    let table = fold_table();
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c.to_ascii_lowercase());
            continue;
        }
        match table.get(c as usize).copied() {
            Some(FOLD_DROP) => {}
            Some(f) => match char::from_u32(f) {
                Some(f) => out.push(f),
                None => return fold_slow(s),
            },
            None => return fold_slow(s),
        }
    }
    out
}

/// Code points below this fold through the table.
const FOLD_TABLE: usize = 0x2000;
/// A table entry for a character that folds to nothing (a combining mark).
const FOLD_DROP: u32 = u32::MAX - 1;

/// What each character below [`FOLD_TABLE`] folds to: one character, [`FOLD_DROP`],
/// or an invalid `char` (`u32::MAX`: it folds to several, take the slow way).
fn fold_table() -> &'static [u32] {
    static TABLE: std::sync::OnceLock<Vec<u32>> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        (0..FOLD_TABLE as u32)
            .map(|cp| {
                let Some(c) = char::from_u32(cp) else {
                    return u32::MAX;
                };
                let folded = fold_slow(c.encode_utf8(&mut [0; 4]));
                let mut chars = folded.chars();
                match (chars.next(), chars.next()) {
                    (None, _) => FOLD_DROP,
                    (Some(f), None) => u32::from(f),
                    (Some(_), Some(_)) => u32::MAX,
                }
            })
            .collect()
    })
}

/// [`fold`] by the definition: NFD, combining marks stripped, `đ` to `d`, lowercase.
fn fold_slow(s: &str) -> String {
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(|c| match c {
            'đ' | 'Đ' => 'd'.to_lowercase(),
            c => c.to_lowercase(),
        })
        .collect()
}

/// Vietnamese alphabet order of base letters: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y.
fn letter_rank(base: char, marks: &[char]) -> Option<u16> {
    let modifier = |m: char| marks.contains(&m);
    let lower = base.to_lowercase().next().unwrap_or(base);
    let rank = match lower {
        'a' if modifier('\u{306}') => 2,
        'a' if modifier('\u{302}') => 3,
        'a' => 1,
        'b' => 4,
        'c' => 5,
        'd' => 6,
        'đ' => 7,
        'e' if modifier('\u{302}') => 9,
        'e' => 8,
        'f' => 10,
        'g' => 11,
        'h' => 12,
        'i' => 13,
        'j' => 14,
        'k' => 15,
        'l' => 16,
        'm' => 17,
        'n' => 18,
        'o' if modifier('\u{302}') => 20,
        'o' if modifier('\u{31B}') => 21,
        'o' => 19,
        'p' => 22,
        'q' => 23,
        'r' => 24,
        's' => 25,
        't' => 26,
        'u' if modifier('\u{31B}') => 28,
        'u' => 27,
        'v' => 29,
        'w' => 30,
        'x' => 31,
        'y' => 32,
        'z' => 33,
        _ => return None,
    };
    Some(rank + 100)
}

/// Tone order of Vietnamese dictionaries: ngang, huyền, hỏi, ngã, sắc, nặng.
fn tone_rank(marks: &[char]) -> u16 {
    for m in marks {
        match m {
            '\u{300}' => return 1,
            '\u{309}' => return 2,
            '\u{303}' => return 3,
            '\u{301}' => return 4,
            '\u{323}' => return 5,
            _ => {}
        }
    }
    0
}

/// A sort key giving Vietnamese alphabetical order (letters first, tones second,
/// then the original text as a tie-breaker so the order is total and deterministic).
pub fn collation_key(s: &str) -> (Vec<u16>, Vec<u16>, String) {
    let mut primary = Vec::with_capacity(s.len());
    let mut secondary = Vec::with_capacity(s.len());
    let decomposed: Vec<char> = s.nfd().collect();
    let mut i = 0;
    while i < decomposed.len() {
        let base = decomposed[i];
        let mut j = i + 1;
        while j < decomposed.len() && is_combining_mark(decomposed[j]) {
            j += 1;
        }
        let marks = &decomposed[i + 1..j];
        if let Some(rank) = letter_rank(base, marks) {
            primary.push(rank);
            secondary.push(tone_rank(marks));
        } else if base.is_ascii_digit() {
            primary.push(50 + base as u16 - '0' as u16);
            secondary.push(0);
        } else if base.is_whitespace() || base.is_ascii_punctuation() {
            primary.push(1);
            secondary.push(0);
        } else {
            primary.push(1000u16.saturating_add(base as u16));
            secondary.push(0);
        }
        i = j;
    }
    (primary, secondary, s.to_owned())
}

/// Compares two strings in Vietnamese alphabetical order.
pub fn vi_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    collation_key(a).cmp(&collation_key(b))
}

/// The letter a name is filed under in an A–Z list: its first letter with its
/// modifier (Ă, Â, Đ, Ê, Ô, Ơ, Ư are letters of their own) but without tone.
pub fn initial(s: &str) -> String {
    let Some(first) = s.trim().chars().next() else {
        return "#".into();
    };
    let decomposed: Vec<char> = first.to_string().nfd().collect();
    if !decomposed[0].is_alphabetic() {
        return "#".into();
    }
    let kept: String = decomposed
        .iter()
        .filter(|c| !matches!(c, '\u{300}' | '\u{301}' | '\u{303}' | '\u{309}' | '\u{323}'))
        .collect();
    kept.nfc().flat_map(char::to_uppercase).collect()
}

/// A URL-safe ASCII slug: `Hộ tịch` → `ho-tich`.
pub fn slugify(s: &str) -> String {
    let ascii = deunicode::deunicode(&fold(s));
    let mut out = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    while out.ends_with('-') {
        out.pop();
    }
    out
}

/// Whether `s` is a valid id or slug: lowercase ASCII letters, digits and inner hyphens.
pub fn is_valid_id(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Formats an integer with a thousands separator: `4.685` (vi) or `4,685` (en).
pub fn group_thousands(n: u64, sep: char) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// Formats a decimal with at most `max_decimals` decimals, no trailing zeros,
/// using the language's decimal mark: `0,5` (vi) or `0.5` (en).
pub fn format_decimal(
    value: f64,
    max_decimals: usize,
    decimal_mark: char,
    thousands: char,
) -> String {
    let text = format!("{value:.max_decimals$}");
    let (int_part, frac) = match text.split_once('.') {
        Some((i, f)) => (i, f.trim_end_matches('0')),
        None => (text.as_str(), ""),
    };
    let int_value: u64 = int_part.trim_start_matches('-').parse().unwrap_or(0);
    let mut out = String::new();
    if int_part.starts_with('-') {
        out.push('-');
    }
    out.push_str(&group_thousands(int_value, thousands));
    if !frac.is_empty() {
        out.push(decimal_mark);
        out.push_str(frac);
    }
    out
}

/// Levenshtein edit distance, for "did you mean" suggestions.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for (i, ca) in a.chars().enumerate() {
        cur[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j + 1] + 1).min(cur[j] + 1).min(prev[j] + cost);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

/// The closest candidate to `word`, if it is close enough to be a likely typo.
pub fn did_you_mean<'a, I>(word: &str, candidates: I) -> Option<&'a str>
where
    I: IntoIterator<Item = &'a str>,
{
    let limit = (word.chars().count() / 3).max(2);
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= limit || (c.starts_with(word) && word.len() >= 3))
        .min()
        .map(|(_, c)| c)
}

/// Joins ids for a message: "`a`, `b` or `c`", cut after `max` names.
pub fn list_ids<'a, I: IntoIterator<Item = &'a str>>(ids: I, max: usize) -> String {
    let all: Vec<&str> = ids.into_iter().collect();
    let shown: Vec<String> = all.iter().take(max).map(|s| format!("`{s}`")).collect();
    let mut out = shown.join(", ");
    if all.len() > max {
        out.push_str(&format!(" … ({} in all)", all.len()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_accents_and_d_bar() {
        assert_eq!(fold("Giấy khai sinh"), "giay khai sinh");
        assert_eq!(fold("Đường ĐI"), "duong di");
        assert_eq!(fold("hoà"), fold("hòa"));
    }

    #[test]
    fn fold_by_table_is_fold_by_definition() {
        // Below the table's end every non-starter is a combining mark, so folding one
        // character at a time cannot differ from folding the whole string.
        for cp in 0..FOLD_TABLE as u32 {
            if let Some(c) = char::from_u32(cp) {
                if unicode_normalization::char::canonical_combining_class(c) != 0 {
                    assert!(is_combining_mark(c), "U+{cp:04X} reorders but stays");
                }
                let s = format!("a{c}Ệ{c}\u{301}z");
                assert_eq!(fold(&s), fold_slow(&s), "U+{cp:04X}");
            }
        }
        for s in [
            "Đăng ký khai sinh",
            "ĐĂNG KÝ KẾT HÔN",
            "Hộ tịch \u{1F600} 漢字",
            "İstanbul ǅ ß",
            "e\u{301}\u{323}",
            "",
        ] {
            assert_eq!(fold(s), fold_slow(s), "{s}");
        }
        assert_eq!(fold("Đăng ký KẾT HÔN"), "dang ky ket hon");
    }

    #[test]
    fn the_plain_table_agrees_with_the_quick_check() {
        use unicode_normalization::{IsNormalized, is_nfc_quick};
        for cp in 0..FOLD_TABLE as u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            // After any character, and before a combining mark that composes with it.
            for s in [
                format!("a{c}"),
                format!("{c}\u{301}"),
                format!("{c}\u{323}\u{302}"),
            ] {
                if is_plain_nfc(&s) {
                    assert_eq!(is_nfc_quick(s.chars()), IsNormalized::Yes, "U+{cp:04X}");
                }
                assert_eq!(nfc(&s), s.nfc().collect::<String>(), "U+{cp:04X}");
            }
        }
        assert!(is_plain_nfc("Đăng ký khai sinh, hộ tịch"));
        assert!(!is_plain_nfc("e\u{301}"));
        assert!(!is_plain_nfc("Hộ tịch 漢字"));
    }

    #[test]
    fn nfc_makes_nfd_input_equal() {
        let nfd: String = "Hộ tịch".nfd().collect();
        assert_ne!(nfd, "Hộ tịch");
        assert_eq!(nfc(&nfd), "Hộ tịch");
    }

    #[test]
    fn vietnamese_alphabetical_order() {
        let mut words = vec![
            "đăng", "dân", "ăn", "an", "âm", "ơn", "ông", "ong", "ưu", "uống", "bé", "cá", "hỏi",
            "hồ", "hô", "hộ", "hò",
        ];
        words.sort_by(|a, b| vi_cmp(a, b));
        assert_eq!(
            words,
            vec![
                "an", "ăn", "âm", "bé", "cá", "dân", "đăng", "hò", "hỏi", "hô", "hồ", "hộ", "ong",
                "ông", "ơn", "uống", "ưu"
            ]
        );
    }

    #[test]
    fn initials_keep_letter_modifiers_not_tones() {
        assert_eq!(initial("đăng ký"), "Đ");
        assert_eq!(initial("Ủy quyền"), "U");
        assert_eq!(initial("ước"), "Ư");
        assert_eq!(initial("Ấn định"), "Â");
        assert_eq!(initial("1 cửa"), "#");
    }

    #[test]
    fn slugs_and_ids() {
        assert_eq!(slugify("Hộ tịch"), "ho-tich");
        assert_eq!(slugify("Đất đai & Xây dựng"), "dat-dai-xay-dung");
        assert!(is_valid_id("dang-ky-khai-sinh"));
        assert!(!is_valid_id("Dang-ky"));
        assert!(!is_valid_id("-a"));
    }

    #[test]
    fn numbers() {
        assert_eq!(group_thousands(4685, '.'), "4.685");
        assert_eq!(group_thousands(1_234_567, ','), "1,234,567");
        assert_eq!(group_thousands(999, '.'), "999");
        assert_eq!(format_decimal(0.5, 2, ',', '.'), "0,5");
        assert_eq!(format_decimal(15.0, 2, ',', '.'), "15");
        assert_eq!(format_decimal(1234.25, 2, ',', '.'), "1.234,25");
    }

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("feess", ["fees", "url", "note"]), Some("fees"));
        assert_eq!(did_you_mean("zzz", ["fees", "url"]), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
