//! From UTF-8 byte offsets to the positions JS and editors use: UTF-16 code-unit offsets and a
//! 1-based line and column (the column counted in UTF-16 code units too).
//!
//! The core finds things in byte offsets; a [`LineIndex`] is built once per text and answers
//! every later question about that text in (almost) constant time, so converting all the issues
//! and references of a document stays linear. It is not a line splitter or an editor model.
//!
//! Line breaks are `\n`, `\r\n` (one break) and a lone `\r`, as in XML and in browser editors.
//! Characters outside the BMP count as two UTF-16 units, as in JS (`'😀'.length === 2`).
//!
//! Start at [`LineIndex::new`] and [`LineIndex::position`].

use std::ops::Range;

/// Bytes between two stored UTF-16 counts. A query scans fewer than this many bytes.
const BLOCK: usize = 64;

/// A place in a text, in JS terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// UTF-16 code units before this place.
    pub offset: u32,
    /// 1-based.
    pub line: u32,
    /// 1-based, in UTF-16 code units.
    pub column: u32,
}

/// A byte range converted: UTF-16 `start` (inclusive) and `end` (exclusive), and the line and
/// column of `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// The first UTF-16 unit.
    pub start: u32,
    /// The UTF-16 unit after the last.
    pub end: u32,
    /// The 1-based line of `start`.
    pub line: u32,
    /// The 1-based column of `start`, in UTF-16 code units.
    pub column: u32,
}

/// Answers byte offset → [`Position`] for one text. See the module docs.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// `blocks[k]` is the UTF-16 length of the first `k * BLOCK` bytes.
    blocks: Vec<u32>,
    /// Byte offset where each line starts; the first is 0.
    line_starts: Vec<usize>,
    /// UTF-16 offset of each line start.
    line_starts_utf16: Vec<u32>,
}

/// UTF-16 units that one byte of UTF-8 contributes. Summed over the bytes of whole characters
/// this is their UTF-16 length: a leading byte counts one, continuation bytes none, and the
/// leading byte of a 4-byte sequence (a character outside the BMP, a surrogate pair in UTF-16)
/// one more. Because it is per byte, counts can be cut at any byte, not just at characters.
fn units(b: u8) -> u32 {
    u32::from(b & 0xC0 != 0x80) + u32::from(b >= 0xF0)
}

fn units_of(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .fold(0u32, |sum, &b| sum.saturating_add(units(b)))
}

/// The UTF-16 length of `text`, what JS reports as `.length`.
pub fn utf16_len(text: &str) -> usize {
    text.bytes().map(|b| units(b) as usize).sum()
}

/// The byte offset of UTF-16 offset `units` in `text` (a JS string position, as an editor gives
/// a cursor): clamped to the text, and moved back to the start of the character when it falls
/// between the two halves of a surrogate pair. One pass up to the offset.
pub fn byte_offset(text: &str, units: usize) -> usize {
    let mut seen = 0;
    for (at, c) in text.char_indices() {
        seen += c.len_utf16();
        if seen > units {
            return at;
        }
    }
    text.len()
}

impl<'a> LineIndex<'a> {
    /// Indexes `text` in one pass.
    pub fn new(text: &'a str) -> Self {
        let bytes = text.as_bytes();
        let mut blocks = Vec::with_capacity(bytes.len() / BLOCK + 1);
        let mut total = 0u32;
        blocks.push(0);
        for chunk in bytes.chunks(BLOCK) {
            total = total.saturating_add(units_of(chunk));
            if chunk.len() == BLOCK {
                blocks.push(total);
            }
        }
        let mut index = LineIndex {
            text,
            blocks,
            line_starts: vec![0],
            line_starts_utf16: vec![0],
        };
        for at in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // `\r\n` is one break: the `\n` ends the line, so skip the `\r` before it.
            if bytes.get(at) == Some(&b'\r') && bytes.get(at + 1) == Some(&b'\n') {
                continue;
            }
            let start = at + 1;
            let utf16 = index.utf16_offset(start);
            index.line_starts.push(start);
            index.line_starts_utf16.push(utf16);
        }
        index
    }

    /// The text this index was built for.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// UTF-16 code units before byte offset `at` (clamped to the text, and moved back to the
    /// start of the character when it falls inside one).
    pub fn utf16_offset(&self, at: usize) -> u32 {
        let at = self.floor_char_boundary(at);
        let block = at / BLOCK;
        let base = self.blocks.get(block).copied().unwrap_or(0);
        let rest = self
            .text
            .as_bytes()
            .get(block * BLOCK..at)
            .unwrap_or_default();
        base.saturating_add(units_of(rest))
    }

    /// The position of byte offset `at`.
    pub fn position(&self, at: usize) -> Position {
        let at = self.floor_char_boundary(at);
        let line = self.line_starts.partition_point(|&start| start <= at);
        // `line` >= 1 because the first line starts at 0.
        let line_start = self
            .line_starts_utf16
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let offset = self.utf16_offset(at);
        Position {
            offset,
            line: u32::try_from(line).unwrap_or(u32::MAX),
            column: offset.saturating_sub(line_start).saturating_add(1),
        }
    }

    /// The UTF-16 span of a byte range, with the line and column of its start.
    pub fn span(&self, range: Range<usize>) -> Span {
        let start = self.position(range.start);
        Span {
            start: start.offset,
            end: self.utf16_offset(range.end).max(start.offset),
            line: start.line,
            column: start.column,
        }
    }

    fn floor_char_boundary(&self, at: usize) -> usize {
        let mut at = at.min(self.text.len());
        while at > 0 && !self.text.is_char_boundary(at) {
            at -= 1;
        }
        at
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The slow, obvious answer, to compare against.
    fn naive(text: &str, at: usize) -> Position {
        let before = &text[..at];
        let offset = utf16_len(before) as u32;
        let normalised = before.replace("\r\n", "\n").replace('\r', "\n");
        let line = normalised.matches('\n').count() as u32 + 1;
        let last = normalised.rsplit('\n').next().unwrap();
        Position {
            offset,
            line,
            column: utf16_len(last) as u32 + 1,
        }
    }

    #[test]
    fn agrees_with_the_obvious_answer_everywhere() {
        let piece = "a😀b\r\nçé日本\n\r\rx𝄞\u{FEFF}";
        let text = piece.repeat(40);
        let index = LineIndex::new(&text);
        for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
            // Between the two halves of a `\r\n` is no place a search can stop at.
            if text[..at].ends_with('\r') && text[at..].starts_with('\n') {
                continue;
            }
            assert_eq!(index.position(at), naive(&text, at), "at byte {at}");
        }
    }

    #[test]
    fn emoji_cjk_and_lines() {
        let text = "😀 日本\r\n  @x";
        let index = LineIndex::new(text);
        let at = text.find('@').unwrap();
        assert_eq!(
            index.position(at),
            Position {
                offset: 9,
                line: 2,
                column: 3
            }
        );
        assert_eq!(
            index.span(at..text.len()),
            Span {
                start: 9,
                end: 11,
                line: 2,
                column: 3
            }
        );
    }

    #[test]
    fn utf16_offsets_to_bytes() {
        let text = "aé😀b";
        let index = LineIndex::new(text);
        for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
            let units = index.utf16_offset(at) as usize;
            assert_eq!(byte_offset(text, units), at);
        }
        // Between the halves of 😀 (units 2..4): the start of the emoji.
        assert_eq!(byte_offset(text, 3), 3);
        assert_eq!(byte_offset(text, 99), text.len());
        assert_eq!(byte_offset("", 1), 0);
    }

    #[test]
    fn out_of_range_and_mid_character_offsets_are_clamped() {
        let text = "é😀";
        let index = LineIndex::new(text);
        assert_eq!(index.utf16_offset(1), 0);
        assert_eq!(index.utf16_offset(4), 1);
        assert_eq!(index.utf16_offset(99), 3);
        assert_eq!(LineIndex::new("").position(5).line, 1);
    }
}
