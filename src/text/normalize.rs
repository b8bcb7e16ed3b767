//! Normalisation of surface forms into match keys.

/// True for the apostrophes real text uses: ' ’ ‘ ʼ ′.
pub fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{2032}')
}

/// True for hyphens and dashes that join words: - ‐ ‑ ‒ – —.
pub fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// A match key: curly apostrophes straightened, dashes to '-', whitespace collapsed, lower-cased.
pub fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    key_into(s, &mut out);
    out
}

/// [`key`] into `out` (cleared first), to reuse one buffer.
pub fn key_into(s: &str, out: &mut String) {
    out.clear();
    push_key(s, out);
}

/// [`key`] appended to `out`.
pub fn push_key(s: &str, out: &mut String) {
    let start = out.len();
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = out.len() > start;
            continue;
        }
        if space {
            out.push(' ');
            space = false;
        }
        if is_apostrophe(c) {
            out.push('\'');
        } else if is_hyphen(c) || c == '\u{2013}' || c == '\u{2014}' {
            out.push('-');
        } else {
            out.push(super::case::lower_char(c));
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys() {
        assert_eq!(super::key("  Sir  Ken\u{a0}Lomax "), "sir ken lomax");
        assert_eq!(super::key("O’Neill"), "o'neill");
    }
}
