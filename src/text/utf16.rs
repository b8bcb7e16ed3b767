//! The one place that converts byte offsets to UTF-16 code unit offsets.

/// Converts many byte offsets of `text` to UTF-16 offsets in one pass.
///
/// `offsets` may come in any order; every offset must lie on a char boundary (offsets inside a
/// char are mapped to the start of that char).
pub fn byte_to_utf16_many(text: &str, offsets: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    // equal offsets map to the same unit, so the order among ties does not matter
    crate::sort::sort_by_key(&mut order, |&i| offsets[i]);
    let mut out = vec![0; offsets.len()];
    let mut byte = 0usize;
    let mut unit = 0usize;
    let mut chars = text.chars();
    for i in order {
        let target = offsets[i].min(text.len());
        while byte < target {
            match chars.next() {
                Some(c) => {
                    if byte + c.len_utf8() > target {
                        break;
                    }
                    byte += c.len_utf8();
                    unit += c.len_utf16();
                }
                None => break,
            }
        }
        out[i] = unit;
    }
    out
}

/// Length of `s` in UTF-16 code units.
pub fn len_utf16(s: &str) -> usize {
    s.chars().map(char::len_utf16).sum()
}

/// Converts a UTF-16 offset of `text` to a byte offset (rounded down to a char boundary).
pub fn utf16_to_byte(text: &str, unit: usize) -> usize {
    let mut u = 0;
    for (b, c) in text.char_indices() {
        if u >= unit {
            return b;
        }
        u += c.len_utf16();
        if u > unit {
            return b;
        }
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_identity() {
        assert_eq!(byte_to_utf16_many("hello", &[0, 3, 5]), vec![0, 3, 5]);
    }

    #[test]
    fn accents_emoji_quotes() {
        let t = "é “x” 😀y";
        let y = t.find('y').unwrap();
        let x = t.find('x').unwrap();
        // é = 1 unit, space, “ = 1 unit, x
        assert_eq!(byte_to_utf16_many(t, &[y, x]), vec![8, 3]);
        assert_eq!(utf16_to_byte(t, 8), y);
        assert_eq!(len_utf16(t), 9);
    }
}
