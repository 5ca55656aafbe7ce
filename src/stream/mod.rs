//! The NDJSON line framer: bytes in, complete lines out.
//!
//! [`LineFramer`] knows nothing of JSON or events. It cuts a byte stream into lines exactly as
//! API.md §3 *Framing* says, whatever the chunk boundaries, and reports a bad line (too long,
//! invalid UTF-8) as a [`FrameError`] without stopping. The session (`crate::session`) is its only
//! user; start at [`LineFramer::push`].
//!
//! Work is linear in the input: each byte is looked at a bounded number of times. A line that is
//! cut across chunks is kept in one growing buffer (amortised O(1) append), and the search for the
//! next `\n` starts in the new chunk, never at the start of the buffered line. A line past the
//! limit is not buffered at all: its bytes are dropped as they arrive.

use std::fmt;

/// The default `maxLineBytes`: 8 MiB.
pub const DEFAULT_MAX_LINE_BYTES: usize = 8 * 1024 * 1024;

const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];

/// One item the framer produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frame<'a> {
    /// A complete, non-blank line, valid UTF-8, without its `\n` or `\r\n`.
    Line {
        /// The 1-based physical line number.
        line: u64,
        /// The line's text.
        text: &'a str,
    },
    /// A line that was dropped.
    Dropped(FrameError),
}

/// Why a line was dropped. Framing goes on at the next line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrameError {
    /// The line has more than `limit` bytes (not counting its line ending).
    LineTooLong {
        /// The 1-based physical line number.
        line: u64,
        /// The limit, `maxLineBytes`.
        limit: usize,
    },
    /// The line is not valid UTF-8; `offset` is the byte offset of the first bad byte in it.
    InvalidUtf8 {
        /// The 1-based physical line number.
        line: u64,
        /// The byte offset in the line of the first bad byte.
        offset: usize,
    },
}

impl FrameError {
    /// The 1-based physical line number of the dropped line.
    pub fn line(&self) -> u64 {
        match *self {
            FrameError::LineTooLong { line, .. } | FrameError::InvalidUtf8 { line, .. } => line,
        }
    }
}

impl fmt::Display for FrameError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FrameError::LineTooLong { line, limit } => {
                write!(
                    f,
                    "line {line} is longer than {limit} bytes and was dropped"
                )
            }
            FrameError::InvalidUtf8 { line, offset } => write!(
                f,
                "line {line} is not valid UTF-8 (first bad byte at offset {offset}) and was dropped"
            ),
        }
    }
}

/// Where the framer is within the current physical line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the very start of the stream, having matched this many bytes of a UTF-8 BOM.
    Start { bom_matched: usize },
    /// Collecting the current line into `buf`.
    Collecting,
    /// The current line went past the limit; its remaining bytes are dropped up to the next `\n`.
    Skipping,
}

/// Cuts a byte stream into lines. See the module docs.
#[derive(Debug, Clone)]
pub struct LineFramer {
    limit: usize,
    state: State,
    /// The bytes of the current line that arrived in earlier chunks (only while `Collecting`).
    buf: Vec<u8>,
    /// The 1-based physical number of the current line.
    line: u64,
    finished: bool,
}

impl Default for LineFramer {
    fn default() -> Self {
        Self::new(DEFAULT_MAX_LINE_BYTES)
    }
}

impl LineFramer {
    /// A framer that drops lines longer than `max_line_bytes` bytes.
    pub fn new(max_line_bytes: usize) -> Self {
        LineFramer {
            limit: max_line_bytes,
            state: State::Start { bom_matched: 0 },
            buf: Vec::new(),
            line: 1,
            finished: false,
        }
    }

    /// The longest line kept, in bytes.
    pub fn max_line_bytes(&self) -> usize {
        self.limit
    }

    /// Whether [`finish`](Self::finish) has been called.
    pub fn is_finished(&self) -> bool {
        self.finished
    }

    /// Feeds one chunk; `sink` receives every line the chunk completes, in order.
    /// Input after [`finish`](Self::finish) is ignored.
    pub fn push(&mut self, chunk: &[u8], mut sink: impl FnMut(Frame<'_>)) {
        if self.finished {
            return;
        }
        let mut rest = chunk;
        if let State::Start { bom_matched } = self.state {
            rest = self.skip_bom(bom_matched, rest);
            if matches!(self.state, State::Start { .. }) {
                return; // the whole chunk was a prefix of the BOM
            }
        }
        while !rest.is_empty() {
            match memchr::memchr(b'\n', rest) {
                Some(nl) => {
                    let (head, tail) = rest.split_at(nl);
                    self.end_line(head, &mut sink);
                    rest = tail.get(1..).unwrap_or_default();
                }
                None => {
                    self.extend_line(rest, &mut sink);
                    break;
                }
            }
        }
    }

    /// Ends the input: the last line counts even without a final `\n`. Later calls do nothing.
    pub fn finish(&mut self, mut sink: impl FnMut(Frame<'_>)) {
        if self.finished {
            return;
        }
        self.finished = true;
        match self.state {
            // A stream that stopped inside a BOM: those bytes are the (only) line, held to the
            // limit like any other line.
            State::Start { bom_matched } => {
                let partial = BOM.get(..bom_matched).unwrap_or_default();
                self.check_and_emit(partial, &mut sink);
            }
            State::Collecting => {
                if !self.buf.is_empty() {
                    let buf = std::mem::take(&mut self.buf);
                    self.emit(&buf, &mut sink);
                }
            }
            State::Skipping => {}
        }
    }

    /// Matches the stream's first bytes against the BOM, which may arrive split across chunks.
    /// Returns the part of `chunk` that is line data.
    fn skip_bom<'c>(&mut self, mut matched: usize, chunk: &'c [u8]) -> &'c [u8] {
        let mut rest = chunk;
        while let (Some(&b), Some(&want)) = (rest.first(), BOM.get(matched)) {
            if b != want {
                break;
            }
            matched += 1;
            rest = rest.get(1..).unwrap_or_default();
        }
        if matched == BOM.len() {
            self.state = State::Collecting;
        } else if rest.is_empty() {
            self.state = State::Start {
                bom_matched: matched,
            };
        } else {
            // Not a BOM after all: the bytes matched so far belong to the first line.
            self.state = State::Collecting;
            self.buf
                .extend_from_slice(BOM.get(..matched).unwrap_or_default());
        }
        rest
    }

    /// Adds bytes of the current line that are not yet followed by its `\n`.
    fn extend_line(&mut self, bytes: &[u8], sink: &mut impl FnMut(Frame<'_>)) {
        if self.state == State::Skipping {
            return;
        }
        let len = self.buf.len() + bytes.len();
        // A final `\r` may still turn out to be half of a `\r\n`, which does not count towards
        // the limit, so a line of exactly `limit` bytes plus a pending `\r` is not over it yet.
        let pending_cr = bytes.last() == Some(&b'\r');
        if len > self.limit && !(pending_cr && len - 1 == self.limit) {
            self.buf = Vec::new();
            self.state = State::Skipping;
            sink(Frame::Dropped(FrameError::LineTooLong {
                line: self.line,
                limit: self.limit,
            }));
            return;
        }
        self.buf.extend_from_slice(bytes);
    }

    /// The `\n` of the current line has arrived; `head` is the line's bytes in this chunk.
    fn end_line(&mut self, head: &[u8], sink: &mut impl FnMut(Frame<'_>)) {
        match self.state {
            State::Skipping => {}
            _ if self.buf.is_empty() => {
                // Fast path: the whole line is in this chunk, so it is never copied.
                self.check_and_emit(head, sink);
            }
            _ => {
                let mut buf = std::mem::take(&mut self.buf);
                buf.extend_from_slice(head);
                self.check_and_emit(&buf, sink);
                buf.clear();
                self.buf = buf; // keep the allocation for the next split line
            }
        }
        self.state = State::Collecting;
        self.line += 1;
    }

    fn check_and_emit(&mut self, line: &[u8], sink: &mut impl FnMut(Frame<'_>)) {
        let content = line.strip_suffix(b"\r").unwrap_or(line);
        if content.len() > self.limit {
            sink(Frame::Dropped(FrameError::LineTooLong {
                line: self.line,
                limit: self.limit,
            }));
            return;
        }
        self.emit(content, sink);
    }

    /// Emits a line without its ending, unless it is blank.
    fn emit(&self, content: &[u8], sink: &mut impl FnMut(Frame<'_>)) {
        let content = if self.finished {
            // At the end of input a `\r` has no `\n` after it, but it still ends the line.
            content.strip_suffix(b"\r").unwrap_or(content)
        } else {
            content
        };
        if content.iter().all(|&b| b == b' ' || b == b'\t') {
            return;
        }
        match std::str::from_utf8(content) {
            Ok(text) => sink(Frame::Line {
                line: self.line,
                text,
            }),
            Err(e) => sink(Frame::Dropped(FrameError::InvalidUtf8 {
                line: self.line,
                offset: e.valid_up_to(),
            })),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    enum Out {
        L(u64, String),
        E(FrameError),
    }

    fn frames(chunks: &[&[u8]], limit: usize) -> Vec<Out> {
        let mut framer = LineFramer::new(limit);
        let mut out = Vec::new();
        let mut sink = |f: Frame<'_>| match f {
            Frame::Line { line, text } => out.push(Out::L(line, text.to_owned())),
            Frame::Dropped(e) => out.push(Out::E(e)),
        };
        for c in chunks {
            framer.push(c, &mut sink);
        }
        framer.finish(&mut sink);
        out
    }

    fn all_splits(input: &[u8], limit: usize) {
        let whole = frames(&[input], limit);
        for i in 0..=input.len() {
            for j in i..=input.len() {
                let got = frames(&[&input[..i], &input[i..j], &input[j..]], limit);
                assert_eq!(got, whole, "split at {i},{j}");
            }
        }
    }

    #[test]
    fn lines_crlf_blank_and_last_line() {
        let out = frames(&[b"a\r\n\r\n  \t\nb\nc"], 100);
        assert_eq!(
            out,
            vec![
                Out::L(1, "a".into()),
                Out::L(4, "b".into()),
                Out::L(5, "c".into())
            ]
        );
        all_splits(b"a\r\n\r\n  \t\nb\nc\r", 100);
    }

    #[test]
    fn bom_only_at_start() {
        let out = frames(&[b"\xEF\xBB\xBFa\n\xEF\xBB\xBFb\n"], 100);
        assert_eq!(
            out,
            vec![Out::L(1, "a".into()), Out::L(2, "\u{feff}b".into())]
        );
        all_splits(b"\xEF\xBB\xBFa\n\xEF\xBB\xBFb\n", 100);
        // A partial BOM is line data.
        assert_eq!(
            frames(&[b"\xEF\xBB", b"x\n"], 100),
            vec![Out::E(FrameError::InvalidUtf8 { line: 1, offset: 0 })]
        );
        assert_eq!(
            frames(&[b"\xEF"], 100),
            vec![Out::E(FrameError::InvalidUtf8 { line: 1, offset: 0 })]
        );
    }

    #[test]
    fn limit_counts_content_without_line_ending() {
        // Exactly the limit is fine, with or without `\r\n`.
        assert_eq!(frames(&[b"abcd\r\n"], 4), vec![Out::L(1, "abcd".into())]);
        assert_eq!(frames(&[b"abcd\n"], 4), vec![Out::L(1, "abcd".into())]);
        assert_eq!(frames(&[b"abcd\r"], 4), vec![Out::L(1, "abcd".into())]);
        all_splits(b"abcd\r\nabcde\r\nab\rc\nx", 4);
        assert_eq!(
            frames(&[b"abcde\nok\n"], 4),
            vec![
                Out::E(FrameError::LineTooLong { line: 1, limit: 4 }),
                Out::L(2, "ok".into())
            ]
        );
        assert_eq!(
            frames(&[b"abcd\rx\nok"], 4),
            vec![
                Out::E(FrameError::LineTooLong { line: 1, limit: 4 }),
                Out::L(2, "ok".into())
            ]
        );
    }

    #[test]
    fn invalid_utf8_drops_only_that_line() {
        let out = frames(&[b"ok\n\xC3\x28\n\xE2\x82\xAC\n"], 100);
        assert_eq!(
            out,
            vec![
                Out::L(1, "ok".into()),
                Out::E(FrameError::InvalidUtf8 { line: 2, offset: 0 }),
                Out::L(3, "\u{20ac}".into())
            ]
        );
        all_splits(b"ok\n\xC3\x28\n\xE2\x82\xAC\n", 100);
    }

    #[test]
    fn too_long_line_is_not_buffered() {
        let mut framer = LineFramer::new(10);
        let mut seen = 0;
        for _ in 0..1000 {
            framer.push(b"xxxxxxxxxx", |_| seen += 1);
        }
        assert_eq!(seen, 1);
        assert!(framer.buf.capacity() <= 20, "{}", framer.buf.capacity());
    }

    #[test]
    fn input_after_finish_is_ignored() {
        let mut framer = LineFramer::new(10);
        framer.finish(|_| {});
        let mut seen = 0;
        framer.push(b"a\n", |_| seen += 1);
        assert_eq!(seen, 0);
    }
}
