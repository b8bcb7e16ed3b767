//! The one place that converts byte offsets to UTF-16 code unit offsets.

/// UTF-16 code units that the bytes `b` of UTF-8 add: one per char, two for a char outside the
/// BMP; counted per byte (a lead byte counts, a continuation byte does not), so it adds up over
/// any split of the bytes.
fn units(b: &[u8]) -> usize {
    b.iter().map(|&x| usize::from(x & 0xC0 != 0x80) + usize::from(x >= 0xF0)).sum()
}

/// Converts byte offsets of one text to UTF-16 offsets, in any order and any number: the UTF-16
/// offset of every 64th byte, then a count of at most 63 bytes. No sorting, no hashing; one
/// `usize` per 64 bytes of text in memory.
pub struct Utf16Index<'t> {
    bytes: &'t [u8],
    marks: Vec<usize>,
}

const STEP: usize = 64;

impl<'t> Utf16Index<'t> {
    /// Indexes `text` (one pass over its bytes).
    pub fn new(text: &'t str) -> Utf16Index<'t> {
        let bytes = text.as_bytes();
        let mut marks = Vec::with_capacity(bytes.len() / STEP + 1);
        let mut u = 0;
        marks.push(0);
        for c in bytes.chunks_exact(STEP) {
            u += units(c);
            marks.push(u);
        }
        Utf16Index { bytes, marks }
    }

    /// The UTF-16 offset of byte offset `b` (clamped to the text), which must lie on a char
    /// boundary.
    pub fn get(&self, b: usize) -> usize {
        let b = b.min(self.bytes.len());
        let k = b / STEP;
        self.marks.get(k).copied().unwrap_or(0) + self.bytes.get(k * STEP..b).map_or(0, units)
    }
}

/// Converts many byte offsets of `text` to UTF-16 offsets; each must lie on a char boundary.
pub fn byte_to_utf16_many(text: &str, offsets: &[usize]) -> Vec<usize> {
    let index = Utf16Index::new(text);
    offsets.iter().map(|&b| index.get(b)).collect()
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

    #[test]
    fn index_matches_a_char_walk_across_steps() {
        // long enough for several steps, with 1-, 2-, 3- and 4-byte chars straddling them
        let t = "ab é “q” 😀 Zürich — 🇬🇧 x".repeat(9);
        let index = Utf16Index::new(&t);
        let mut unit = 0;
        for (b, c) in t.char_indices() {
            assert_eq!(index.get(b), unit, "byte {b}");
            unit += c.len_utf16();
        }
        assert_eq!(index.get(t.len()), unit);
        assert_eq!(index.get(t.len() + 10), unit);
        assert_eq!(Utf16Index::new("").get(0), 0);
    }
}
