//! Extended grapheme cluster boundaries (UAX #29), for the one question the reference grammar
//! asks: where does the cluster before an `@`, or after a name, begin and end.
//!
//! It gives the same answers as unicode-segmentation's `GraphemeCursor` in extended mode, with
//! the same Unicode version, and it exists for size: that crate's category table is about
//! 7 KB of the gzipped module (a 12-byte row per range, every Hangul syllable a row), and the
//! lite module (API.md §2) has a budget of 60 KB. Here the categories are one `u32` per run of
//! code points with the same category, and Hangul syllables are computed.
//!
//! What it is not: a segmenter. It answers [`is_boundary`] and [`prev_boundary`] on a whole
//! text, never on chunks. The table ([`super::grapheme_table`]) is written by a test from
//! unicode-segmentation itself (a dev-dependency), and the tests compare every code point's
//! category and many generated texts' boundaries with it; see the tests at the bottom.

use super::grapheme_table::RUNS;

/// A code point's Grapheme_Cluster_Break value, as unicode-segmentation partitions them
/// (`Consonant` is InCB=Consonant, which is otherwise `Any`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gcb {
    Any,
    Cr,
    Lf,
    Control,
    Extend,
    Zwj,
    SpacingMark,
    Prepend,
    L,
    V,
    T,
    Lv,
    Lvt,
    RegionalIndicator,
    ExtendedPictographic,
    Consonant,
}

/// The Indic_Conjunct_Break value of a code point, where rule GB9c looks at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Incb {
    None,
    Extend,
    Linker,
}

const GCB: [Gcb; 16] = [
    Gcb::Any,
    Gcb::Cr,
    Gcb::Lf,
    Gcb::Control,
    Gcb::Extend,
    Gcb::Zwj,
    Gcb::SpacingMark,
    Gcb::Prepend,
    Gcb::L,
    Gcb::V,
    Gcb::T,
    Gcb::Lv,
    Gcb::Lvt,
    Gcb::RegionalIndicator,
    Gcb::ExtendedPictographic,
    Gcb::Consonant,
];

/// The Hangul syllables U+AC00..=U+D7A3: LV every 28th, LVT the rest (Unicode §3.12).
const HANGUL_SYLLABLES: std::ops::RangeInclusive<u32> = 0xAC00..=0xD7A3;
const HANGUL_T_COUNT: u32 = 28;

/// A run of [`RUNS`] is `start << 8 | gcb << 2 | incb`, gcb an index into [`GCB`] and incb
/// 0 (none), 1 (extend) or 2 (linker); the Hangul syllables' run has this marker instead.
const HANGUL_MARKER: u32 = 0x3F;

/// The categories of `c`.
pub(crate) fn category(c: char) -> (Gcb, Incb) {
    let c = c as u32;
    let at = RUNS.partition_point(|run| run >> 8 <= c);
    let bits = at
        .checked_sub(1)
        .and_then(|i| RUNS.get(i))
        .map_or(0, |run| run & 0xFF);
    if bits == HANGUL_MARKER {
        let lv = HANGUL_SYLLABLES.contains(&c) && (c - 0xAC00) % HANGUL_T_COUNT == 0;
        return (if lv { Gcb::Lv } else { Gcb::Lvt }, Incb::None);
    }
    let gcb = GCB.get((bits >> 2) as usize).copied().unwrap_or(Gcb::Any);
    let incb = match bits & 3 {
        1 => Incb::Extend,
        2 => Incb::Linker,
        _ => Incb::None,
    };
    (gcb, incb)
}

fn gcb(c: char) -> Gcb {
    category(c).0
}

/// How a pair of categories decides a boundary between them (unicode-segmentation's
/// `check_pair`, extended mode: GB9a and GB9b never break).
enum Pair {
    Break,
    NotBreak,
    /// GB9c: depends on what precedes.
    Conjunct,
    /// GB11: depends on what precedes.
    Emoji,
    /// GB12, GB13: depends on how many regional indicators precede.
    Regional,
}

fn pair(before: Gcb, after: Gcb) -> Pair {
    use Gcb::*;
    match (before, after) {
        (Cr, Lf) => Pair::NotBreak,                                     // GB3
        (Control | Cr | Lf, _) | (_, Control | Cr | Lf) => Pair::Break, // GB4, GB5
        (L, L | V | Lv | Lvt) | (Lv | V, V | T) | (Lvt | T, T) => Pair::NotBreak, // GB6-8
        (_, Extend | Zwj | SpacingMark) | (Prepend, _) => Pair::NotBreak, // GB9, GB9a, GB9b
        (_, Consonant) => Pair::Conjunct,                               // GB9c
        (Zwj, ExtendedPictographic) => Pair::Emoji,                     // GB11
        (RegionalIndicator, RegionalIndicator) => Pair::Regional,       // GB12, GB13
        _ => Pair::Break,                                               // GB999
    }
}

/// Whether byte `at` of `text` (a character boundary) is an extended grapheme cluster boundary.
pub(crate) fn is_boundary(text: &str, at: usize) -> bool {
    let (Some(before), Some(after)) = (text.get(..at), text.get(at..)) else {
        return true;
    };
    let (Some(x), Some(y)) = (before.chars().next_back(), after.chars().next()) else {
        return true; // GB1, GB2
    };
    match pair(gcb(x), gcb(y)) {
        Pair::Break => true,
        Pair::NotBreak => false,
        Pair::Conjunct => {
            // InCB=Consonant [InCB=Extend InCB=Linker]* InCB=Linker [..]* × InCB=Consonant
            let mut linkers = 0usize;
            for c in before.chars().rev() {
                match category(c) {
                    (_, Incb::Linker) => linkers += 1,
                    (_, Incb::Extend) => {}
                    (gcb, Incb::None) => return !(linkers > 0 && gcb == Gcb::Consonant),
                }
            }
            true
        }
        Pair::Emoji => {
            // ExtPict Extend* ZWJ × ExtPict: `x` is the ZWJ.
            for c in before.chars().rev().skip(1) {
                match gcb(c) {
                    Gcb::Extend => {}
                    Gcb::ExtendedPictographic => return false,
                    _ => return true,
                }
            }
            true
        }
        Pair::Regional => {
            // A break after an even number of regional indicators.
            let count = before
                .chars()
                .rev()
                .take_while(|&c| gcb(c) == Gcb::RegionalIndicator)
                .count();
            count % 2 == 0
        }
    }
}

/// The boundary before byte `at` of `text` (a character boundary): where the cluster that ends
/// at or contains the character before `at` begins. `None` at 0.
pub(crate) fn prev_boundary(text: &str, at: usize) -> Option<usize> {
    let mut at = at;
    while let Some(c) = text.get(..at).and_then(|before| before.chars().next_back()) {
        at -= c.len_utf8();
        if is_boundary(text, at) {
            return Some(at);
        }
    }
    None
}

/// Whether `first` directly followed by `second` is one grapheme cluster, with nothing before.
pub(crate) fn joins(first: char, second: char) -> bool {
    match pair(gcb(first), gcb(second)) {
        Pair::NotBreak => true,
        // With nothing before `first`: no consonant for GB9c, no pictograph for GB11, and
        // `first` is the first regional indicator, so the pair is a flag.
        Pair::Regional => true,
        Pair::Break | Pair::Conjunct | Pair::Emoji => false,
    }
}

#[cfg(test)]
mod tests {
    //! The table against unicode-segmentation, code point by code point, and the boundaries
    //! against its `GraphemeCursor` on generated texts. `PA_WRITE_GRAPHEME_TABLE=1 cargo test
    //! --lib variables::grapheme` rewrites src/variables/grapheme_table.rs (after a
    //! unicode-segmentation upgrade).
    use super::*;
    use unicode_segmentation::GraphemeCursor;

    /// unicode-segmentation's answer.
    fn reference_boundary(text: &str, at: usize, extended: bool) -> bool {
        GraphemeCursor::new(at, text.len(), extended).is_boundary(text, 0) == Ok(true)
    }

    /// Whether `before` + `c` + `after` has no boundary right after the `c`... or at `split`.
    fn nb(text: &str, at: usize) -> bool {
        !reference_boundary(text, at, true)
    }

    /// One code point of each category, as unicode-segmentation sorts them.
    const REPS: [(Gcb, char); 16] = [
        (Gcb::Any, 'a'),
        (Gcb::Cr, '\r'),
        (Gcb::Lf, '\n'),
        (Gcb::Control, '\u{1}'),
        (Gcb::Extend, '\u{300}'),
        (Gcb::Zwj, '\u{200D}'),
        (Gcb::SpacingMark, '\u{903}'),
        (Gcb::Prepend, '\u{600}'),
        (Gcb::L, '\u{1100}'),
        (Gcb::V, '\u{1161}'),
        (Gcb::T, '\u{11A8}'),
        (Gcb::Lv, '\u{AC00}'),
        (Gcb::Lvt, '\u{AC01}'),
        (Gcb::RegionalIndicator, '\u{1F1E6}'),
        (Gcb::ExtendedPictographic, '\u{1F600}'),
        (Gcb::Consonant, '\u{915}'),
    ];

    /// What unicode-segmentation does around `c`: every pair with a representative, both
    /// modes, and the contexts of GB9c, GB11 and GB12.
    fn signature(c: char) -> Vec<bool> {
        let mut out = Vec::new();
        for (_, r) in REPS {
            for extended in [true, false] {
                let rc = format!("{r}{c}");
                out.push(reference_boundary(&rc, r.len_utf8(), extended));
                let cr = format!("{c}{r}");
                out.push(reference_boundary(&cr, c.len_utf8(), extended));
            }
        }
        for (before, after) in [
            ("\u{1F600}\u{200D}", ""),
            ("\u{915}\u{94D}", ""),
            ("\u{1F600}", ""),
        ] {
            let text = format!("{before}{c}{after}");
            out.push(reference_boundary(&text, before.len(), true));
        }
        let text = format!("\u{1F600}{c}\u{1F600}");
        out.push(reference_boundary(&text, text.len() - 4, true));
        let text = format!("\u{1F600}{c}\u{200D}\u{1F600}");
        out.push(reference_boundary(&text, text.len() - 4, true));
        out
    }

    /// The categories of `c` as unicode-segmentation treats it.
    fn reference_category(c: char, reps: &[(Vec<bool>, Gcb)]) -> (Gcb, Incb) {
        let sig = signature(c);
        let matches: Vec<Gcb> = reps
            .iter()
            .filter(|(s, _)| *s == sig)
            .map(|(_, g)| *g)
            .collect();
        assert_eq!(
            matches.len(),
            1,
            "{c:?} ({:04X}) matches {matches:?}",
            c as u32
        );
        let gcb = matches[0];
        // GB9c: "क c ् क" joins when `c` is InCB=Extend or Linker (or a consonant), and
        // "क c \u{300} क" when `c` is a Linker.
        let text = format!("\u{915}{c}\u{94D}\u{915}");
        let extend_or_linker = nb(&text, text.len() - 3) && gcb != Gcb::Consonant;
        let text = format!("\u{915}{c}\u{300}\u{915}");
        let linker = extend_or_linker && nb(&text, text.len() - 3);
        let incb = match (extend_or_linker, linker) {
            (_, true) => Incb::Linker,
            (true, false) => Incb::Extend,
            _ => Incb::None,
        };
        (gcb, incb)
    }

    fn reps() -> Vec<(Vec<bool>, Gcb)> {
        let reps: Vec<(Vec<bool>, Gcb)> = REPS.iter().map(|&(g, c)| (signature(c), g)).collect();
        for (i, a) in reps.iter().enumerate() {
            for b in reps.iter().skip(i + 1) {
                assert_ne!(a.0, b.0, "{:?} and {:?} look alike", a.1, b.1);
            }
        }
        // The probes' own InCB values.
        let text = "\u{915}\u{94D}\u{300}\u{915}";
        assert!(nb(text, text.len() - 3), "U+0300 is InCB=Extend");
        assert!(nb("\u{915}\u{94D}\u{915}", 6), "U+094D is InCB=Linker");
        reps
    }

    fn bits(gcb: Gcb, incb: Incb) -> u32 {
        let index = GCB.iter().position(|g| *g == gcb).unwrap_or(0) as u32;
        index << 2 | incb as u32
    }

    /// Every code point's category, as runs.
    fn reference_runs() -> Vec<u32> {
        let reps = reps();
        let mut runs: Vec<u32> = Vec::new();
        let mut last = u32::MAX;
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let (gcb, incb) = reference_category(c, &reps);
            let b = if HANGUL_SYLLABLES.contains(&(c as u32)) {
                let lv = (c as u32 - 0xAC00) % HANGUL_T_COUNT == 0;
                assert_eq!(gcb, if lv { Gcb::Lv } else { Gcb::Lvt }, "{:04X}", c as u32);
                assert_eq!(incb, Incb::None);
                HANGUL_MARKER
            } else {
                bits(gcb, incb)
            };
            if b != last {
                runs.push((c as u32) << 8 | b);
                last = b;
            }
        }
        runs
    }

    #[test]
    fn the_table_is_unicode_segmentations() {
        let runs = reference_runs();
        if std::env::var_os("PA_WRITE_GRAPHEME_TABLE").is_some() {
            let mut out = String::from(
                "//! Generated by `PA_WRITE_GRAPHEME_TABLE=1 cargo test --lib variables::grapheme`\n\
                 //! from unicode-segmentation (see `super::grapheme`): runs of code points with\n\
                 //! the same grapheme categories, `start << 8 | gcb << 2 | incb`.\n\n\
                 #[rustfmt::skip]\npub(super) static RUNS: [u32; ",
            );
            out.push_str(&format!("{}] = [\n", runs.len()));
            for chunk in runs.chunks(8) {
                let line: Vec<String> = chunk.iter().map(|r| format!("0x{r:08X}")).collect();
                out.push_str(&format!("    {},\n", line.join(", ")));
            }
            out.push_str("];\n");
            std::fs::write(
                concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/src/variables/grapheme_table.rs"
                ),
                out,
            )
            .unwrap();
        }
        assert_eq!(
            RUNS.to_vec(),
            runs,
            "rewrite the table: PA_WRITE_GRAPHEME_TABLE=1"
        );
        // And the lookup reads it back.
        for c in [
            'a',
            '\u{300}',
            '\u{AC00}',
            '\u{AC01}',
            '\u{D7A3}',
            '\u{1F600}',
            '\u{10FFFF}',
        ] {
            assert_eq!(category(c), reference_category(c, &reps()), "{c:?}");
        }
    }

    /// The characters the generated texts are made of: each category's representative, the
    /// InCB linkers and extends, and a few of everything else.
    const ALPHABET: &[char] = &[
        'a',
        'Z',
        '0',
        '_',
        '.',
        '+',
        '-',
        ' ',
        '@',
        '\r',
        '\n',
        '\u{1}',
        '\u{300}',
        '\u{308}',
        '\u{200D}',
        '\u{903}',
        '\u{600}',
        '\u{1100}',
        '\u{1161}',
        '\u{11A8}',
        '\u{AC00}',
        '\u{AC01}',
        '\u{1F1E6}',
        '\u{1F1E7}',
        '\u{1F600}',
        '\u{1F469}',
        '\u{24C2}',
        '\u{2139}',
        '\u{915}',
        '\u{937}',
        '\u{94D}',
        '\u{93C}',
        '\u{FE0F}',
        '\u{1F3FB}',
        'é',
        'ß',
        '٣',
        '\u{E0020}',
        '\u{11A8}',
        '\u{AA7B}',
    ];

    /// A small deterministic generator (xorshift), so failures reproduce.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn boundaries_are_unicode_segmentations() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..20_000 {
            let len = 1 + (rng.next() % 9) as usize;
            let text: String = (0..len)
                .map(|_| ALPHABET[(rng.next() % ALPHABET.len() as u64) as usize])
                .collect();
            for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
                assert_eq!(
                    is_boundary(&text, at),
                    reference_boundary(&text, at, true),
                    "{text:?} at {at}"
                );
                if at > 0 {
                    let mut cursor = GraphemeCursor::new(at, text.len(), true);
                    let want = cursor.prev_boundary(&text, 0).unwrap();
                    assert_eq!(prev_boundary(&text, at), want, "{text:?} before {at}");
                }
            }
        }
    }

    #[test]
    fn boundaries_are_unicode_segmentations_for_every_short_text() {
        // Every text of up to four characters over one character of each category, an InCB
        // linker and `@`: each rule's context (GB9c, GB11, GB12) at least once.
        let alphabet: Vec<char> = REPS
            .iter()
            .map(|&(_, c)| c)
            .chain(['\u{94D}', '@'])
            .collect();
        let mut texts = vec![String::new()];
        for _ in 0..4 {
            let longer: Vec<String> = texts
                .iter()
                .flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}")))
                .collect();
            for text in &longer {
                for (at, _) in text.char_indices().skip(1) {
                    assert_eq!(
                        is_boundary(text, at),
                        reference_boundary(text, at, true),
                        "{text:?} at {at}"
                    );
                }
                let mut cursor = GraphemeCursor::new(text.len(), text.len(), true);
                let want = cursor.prev_boundary(text, 0).unwrap();
                assert_eq!(prev_boundary(text, text.len()), want, "{text:?}");
            }
            texts = longer;
        }
    }

    #[test]
    fn joins_is_unicode_segmentations() {
        for &a in ALPHABET {
            for &b in ALPHABET {
                let text = format!("{a}{b}");
                assert_eq!(joins(a, b), nb(&text, a.len_utf8()), "{a:?} {b:?}");
            }
        }
    }

    /// `blocked_before` and `name_at` as they were written over `GraphemeCursor`.
    fn reference_blocked_before(text: &str, at: usize) -> bool {
        let Some(last) = text.get(..at).and_then(|before| before.chars().next_back()) else {
            return false;
        };
        let mut cursor = GraphemeCursor::new(at, text.len(), true);
        let start = match cursor.prev_boundary(text, 0) {
            Ok(Some(start)) => start,
            _ => at - last.len_utf8(),
        };
        let cluster = &text[start..at];
        let joins = |a: char, b: char| nb(&format!("{a}{b}"), a.len_utf8());
        match cluster.chars().find(|&c| !joins(c, 'a')) {
            Some(base) => {
                !joins('a', base)
                    && (base.is_alphanumeric() || matches!(base, '_' | '.' | '+' | '-'))
            }
            None => false,
        }
    }

    fn reference_name_at(text: &str, start: usize, limit: usize) -> usize {
        let rest = &text[start..limit];
        let len = super::super::name_prefix(rest);
        let end = start + len;
        if len == 0 || text.as_bytes().get(end).is_none_or(u8::is_ascii) {
            return len;
        }
        if reference_boundary(text, end, true) {
            return len;
        }
        super::super::name_prefix(&rest[..len - 1])
    }

    #[test]
    fn blocked_before_and_name_at_are_as_with_unicode_segmentation() {
        let mut rng = Rng(0x0123_4567_89AB_CDEF);
        for _ in 0..20_000 {
            let len = 1 + (rng.next() % 10) as usize;
            let text: String = (0..len)
                .map(|_| ALPHABET[(rng.next() % ALPHABET.len() as u64) as usize])
                .collect();
            for (at, c) in text.char_indices() {
                let blocked = super::super::blocked_before(&text, at);
                assert_eq!(
                    blocked,
                    reference_blocked_before(&text, at),
                    "{text:?} before {at}"
                );
                if c == '@' {
                    let start = at + 1;
                    let name = super::super::name_at(&text, start, text.len());
                    assert_eq!(
                        name,
                        reference_name_at(&text, start, text.len()),
                        "{text:?} after {at}"
                    );
                }
            }
        }
    }
}
