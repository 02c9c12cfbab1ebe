//! Text that people name things with (files, rooms, themselves) and others then read.
//!
//! Unicode *format* characters (general category Cf) are invisible, yet they change how the
//! text around them reads: U+202E RIGHT-TO-LEFT OVERRIDE shows `evil\u{202E}gnp.exe` as
//! `evilexe.png`, and zero-width characters make two names that look the same differ. Names
//! drop them, as they drop control characters.

/// The ranges of general category Cf (format), from the Unicode Character Database 15.1.
const FORMAT: [(u32, u32); 21] = [
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
];

/// Whether `c` is a format character: invisible, but able to reorder or disguise the text
/// around it (bidirectional overrides and isolates, zero-width spaces and joiners, tags).
pub fn is_format(c: char) -> bool {
    let c = u32::from(c);
    FORMAT
        .binary_search_by(|&(first, last)| {
            if c < first {
                std::cmp::Ordering::Greater
            } else if c > last {
                std::cmp::Ordering::Less
            } else {
                std::cmp::Ordering::Equal
            }
        })
        .is_ok()
}

/// `text` without its format characters.
pub fn without_format(text: &str) -> String {
    text.chars().filter(|&c| !is_format(c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidirectional_controls_and_zero_width_characters_are_format_characters() {
        for c in [
            '\u{202E}',
            '\u{202A}',
            '\u{2066}',
            '\u{2069}',
            '\u{200B}',
            '\u{200D}',
            '\u{200E}',
            '\u{061C}',
            '\u{FEFF}',
            '\u{00AD}',
            '\u{E0041}',
        ] {
            assert!(is_format(c), "{:04X}", u32::from(c));
        }
        for c in ['a', 'é', ' ', '\u{2070}', '\u{202F}', '🦀', '\u{10FFFF}'] {
            assert!(!is_format(c), "{:04X}", u32::from(c));
        }
    }

    #[test]
    fn the_table_is_sorted_and_disjoint() {
        assert!(FORMAT.iter().all(|(first, last)| first <= last));
        assert!(FORMAT.windows(2).all(|pair| pair[0].1 < pair[1].0));
    }

    #[test]
    fn a_disguised_name_reads_as_what_it_is() {
        assert_eq!(without_format("evil\u{202E}gnp.exe.png"), "evilgnp.exe.png");
        assert_eq!(without_format("Ge\u{200B}ne\u{2060}ral"), "General");
    }
}
