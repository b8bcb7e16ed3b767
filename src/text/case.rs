//! Case mapping for the scripts news text is written in, without the Unicode case tables of
//! `char::to_lowercase` (about 25 KB of wasm): ASCII, Latin-1, Latin Extended-A, Latin Extended
//! Additional (Vietnamese), Greek and Cyrillic. Other characters map to themselves, which is
//! what a match key needs: the same name written the same way gives the same key.

/// The lower-case form of `c` (one char; unchanged where the scripts above have none).
#[inline]
pub fn lower_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let u = c as u32;
    let m = match u {
        0x41..=0x5A => u + 0x20,
        0xC0..=0xDE if u != 0xD7 => u + 0x20,
        0x100..=0x137 | 0x14A..=0x177 if u % 2 == 0 => u + 1,
        0x139..=0x148 | 0x179..=0x17E if u % 2 == 1 => u + 1,
        0x178 => 0xFF,
        0x1E00..=0x1EFF if u % 2 == 0 => u + 1,
        0x386 => 0x3AC,
        0x388..=0x38A => u + 0x25,
        0x38C => 0x3CC,
        0x38E..=0x38F => u + 0x3F,
        0x391..=0x3A9 if u != 0x3A2 => u + 0x20,
        0x400..=0x40F => u + 0x50,
        0x410..=0x42F => u + 0x20,
        _ => u,
    };
    char::from_u32(m).unwrap_or(c)
}

/// The upper-case form of `c`, the inverse of [`lower_char`] on the same ranges.
pub fn upper_char(c: char) -> char {
    let u = c as u32;
    let m = match u {
        0x61..=0x7A => u - 0x20,
        0xE0..=0xFE if u != 0xF7 => u - 0x20,
        0xFF => 0x178,
        0x101..=0x138 | 0x14B..=0x178 if u % 2 == 1 => u - 1,
        0x13A..=0x149 | 0x17A..=0x17F if u % 2 == 0 => u - 1,
        0x1E01..=0x1EFF if u % 2 == 1 => u - 1,
        0x3B1..=0x3C9 if u != 0x3C2 => u - 0x20,
        0x430..=0x44F => u - 0x20,
        0x450..=0x45F => u - 0x50,
        _ => u,
    };
    char::from_u32(m).unwrap_or(c)
}

/// `s` lower-cased with [`lower_char`].
pub fn lower(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars().map(lower_char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_std_on_the_scripts_it_covers() {
        // std maps these outside the covered scripts or to several chars (µ → Μ, ı → I, ſ → S, ŉ → ʼN)
        let skip = [0xB5, 0x130, 0x131, 0x149, 0x17F, 0x3C2, 0x1E9E];
        for r in [0x20..0x180u32, 0x386..0x3AA, 0x400..0x430, 0x1E00..0x1E96, 0x1EA0..0x1F00] {
            for u in r.filter(|u| !skip.contains(u)) {
                let Some(c) = char::from_u32(u) else { continue };
                let std: Vec<char> = c.to_lowercase().collect();
                assert_eq!(vec![lower_char(c)], std, "lower {c:?} U+{u:04X}");
            }
        }
        for r in [0x20..0x180u32, 0x3B1..0x3CA, 0x430..0x460, 0x1E00..0x1E96, 0x1EA0..0x1F00] {
            for u in r.filter(|u| !skip.contains(u) && *u != 0xDF) {
                let Some(c) = char::from_u32(u) else { continue };
                let std: Vec<char> = c.to_uppercase().collect();
                assert_eq!(vec![upper_char(c)], std, "upper {c:?} U+{u:04X}");
            }
        }
    }

    #[test]
    fn names() {
        assert_eq!(lower("ŁUKASZ Ñandú ÁLVAREZ Θεός ПУТИН Nguyễn"), "łukasz ñandú álvarez θεός путин nguyễn");
    }
}
