//! XML 1.0 well-formedness, one table row per rule of the character-data and markup grammar
//! (issue 10, item 5): each row names the production it tests, and a row that must fail says
//! which source text the problem spans. Every rule has rows on both sides of the line.
//!
//! The productions are those of XML 1.0 (fifth edition); a prompt also refuses any DOCTYPE
//! (`dtd-not-allowed`), so the rows for [28]-[29] only check that.

use prompt_assist::protocol::IssueCode;
use prompt_assist::validate::outline;

/// What a row expects.
enum Expect {
    /// Well-formed.
    Ok,
    /// Not well-formed: an `xml-syntax` problem spanning this source text.
    Bad(&'static str),
    /// Refused with this code, spanning this source text.
    Code(IssueCode, &'static str),
}
use Expect::{Bad, Code, Ok};

struct Row {
    production: &'static str,
    xml: &'static str,
    expect: Expect,
}

const fn row(production: &'static str, xml: &'static str, expect: Expect) -> Row {
    Row {
        production,
        xml,
        expect,
    }
}

const ROWS: &[Row] = &[
    // [1] document ::= prolog element Misc*
    row("[1] one root", "<p/>", Ok),
    row("[1] a second root", "<p/><q/>", Bad("<q/>")),
    row("[1] no root", "<!-- only a comment -->", Bad("<!-- only a comment -->")),
    row("[1] no root after a declaration", "<?xml version='1.0'?>", Bad("<?xml version='1.0'?>")),
    row("[1] an end tag with no root", "</p>", Bad("</p>")),
    row("[1] an end tag after the root", "<p></p></p>", Bad("</p>")),
    row("[1] a byte-order mark", "\u{FEFF}<p/>", Ok),
    row("[1] a second byte-order mark is text", "\u{FEFF}\u{FEFF}<p/>", Bad("\u{FEFF}")),
    // [2] Char
    row("[2] tab, CR, LF", "<p a='\t\r\n'>\t\r\n</p>", Ok),
    row("[2] astral characters", "<p a='😀'>😀 \u{10FFFF}</p>", Ok),
    row("[2] a control character in text", "<p>a\u{1}b</p>", Bad("\u{1}")),
    row("[2] NUL in text", "<p>\u{0}</p>", Bad("\u{0}")),
    row("[2] U+FFFE in text", "<p>\u{FFFE}</p>", Bad("\u{FFFE}")),
    row("[2] U+FFFF in an attribute", "<p a='\u{FFFF}'/>", Bad("\u{FFFF}")),
    row("[2] a control character in a comment", "<p><!-- \u{8} --></p>", Bad("\u{8}")),
    row("[2] a control character in CDATA", "<p><![CDATA[\u{1F}]]></p>", Bad("\u{1F}")),
    row("[2] a control character in a PI", "<p><?pi \u{7}?></p>", Bad("\u{7}")),
    row("[2] NEL and LINE SEPARATOR are characters", "<p>\u{85}\u{2028}</p>", Ok),
    // [3] S: only space, tab, CR and LF separate markup
    row("[3] tab and newline in a start tag", "<p\ta='1'\n/>", Ok),
    row("[3] NBSP is not whitespace", "<p\u{A0}a='1'/>", Bad("<p\u{A0}a='1'/>")),
    // [4]-[5] NameStartChar, NameChar, Name
    row("[5] names with colons, dots, digits", "<a:b.c-d_1 e:f='1'/>", Ok),
    row("[5] a colon may start a name", "<:p/>", Ok),
    row("[5] non-Latin names", "<日本 属性='1'/>", Ok),
    row("[4a] a combining mark inside a name", "<p\u{300}/>", Ok),
    row("[4a] a middle dot inside a name", "<p\u{B7}q/>", Ok),
    row("[4] a digit cannot start a name", "<1p/>", Bad("<1p/>")),
    row("[4] a hyphen cannot start a name", "<-p/>", Bad("<-p/>")),
    row("[4] a combining mark cannot start a name", "<\u{300}p/>", Bad("<\u{300}p/>")),
    row("[4] a middle dot cannot start a name", "<\u{B7}p/>", Bad("<\u{B7}p/>")),
    row("[4a] punctuation is not a name character", "<p!/>", Bad("<p!/>")),
    row("[4a] @ is not a name character", "<p@x/>", Bad("<p@x/>")),
    row("[4a] U+037E is not a name character", "<p\u{37E}/>", Bad("<p\u{37E}/>")),
    // [10] AttValue
    row("[10] either quote, the other inside", "<p a='\"' b=\"'\"/>", Ok),
    row("[10] > and ]]> are allowed in a value", "<p a='>' b=']]>'/>", Ok),
    row("[10] the five entities", "<p a='&lt;&gt;&amp;&apos;&quot;'/>", Ok),
    row("[10] < in a value", "<p a='a<b'/>", Bad("<")),
    row("[10] a bare & in a value", "<p a='Q&A'/>", Bad("&")),
    row("[10] an unknown entity in a value", "<p a='&nbsp;'/>", Bad("&nbsp;")),
    row("[10] a value not closed", "<p a='1/>", Bad("<")),
    // [14] CharData
    row("[14] ]] and > apart", "<p>]] ] ]> >]]</p>", Ok),
    row("[14] ]]> escaped", "<p>]]&gt;</p>", Ok),
    row("[14] ]]> in text", "<prompt><goal>Reply with a ]]> marker</goal></prompt>", Bad("]]>")),
    row("[14] ]]> alone in text", "<p>]]></p>", Bad("]]>")),
    row("[14] ]]> after a CDATA section", "<p><![CDATA[x]]>]]></p>", Bad("]]>")),
    row("[14] ]]> after a reference", "<p>&amp;]]></p>", Bad("]]>")),
    row("[14] a bare <", "<p>1 < 2</p>", Bad("< 2</p>")),
    row("[14] a bare & (Q&A)", "<p>Q&A</p>", Bad("&")),
    // [15] Comment
    row("[15] comments", "<!-- a --><p><!----><!-- - --></p><!--x-->", Ok),
    row("[15] -- inside a comment", "<p><!-- a -- b --></p>", Bad("-")),
    row("[15] a comment ending in --->", "<p><!-- a ---></p>", Bad("-")),
    row("[15] <!--> is not a whole comment", "<p><!--></p>", Bad("<")),
    row("[15] a comment not closed", "<p><!-- a </p>", Bad("<")),
    row("[15] a comment not opened properly", "<p><!-x--></p>", Bad("<")),
    // [16]-[17] PI, PITarget
    row("[16] processing instructions", "<?a?><p><?b-c d?><?e:f\t?x ?></p><?g?>", Ok),
    row("[17] a target starting with xml", "<p><?xml-stylesheet href='a'?></p>", Ok),
    row("[16] a PI without a target", "<p><??></p>", Bad("<??>")),
    row("[16] whitespace before the target", "<p><? pi?></p>", Bad("<? pi?>")),
    row("[16] a target that is not a name", "<p><?1pi x?></p>", Bad("1pi")),
    row("[16] no whitespace after the target", "<p><?pi\"x\"?></p>", Bad("pi\"x\"")),
    row("[16] ?x after the target", "<p><?pi?x?></p>", Bad("pi?x")),
    row("[17] the target xml is reserved", "<p><?XmL x?></p>", Bad("<?XmL x?>")),
    row("[16] a PI not closed", "<p><?pi </p>", Bad("<")),
    // [18]-[21] CDSect
    row("[18] CDATA sections", "<p><![CDATA[]]><![CDATA[<&>]] ]>]]></p>", Ok),
    row("[19] CDStart is upper-case", "<p><![cdata[x]]></p>", Bad("<")),
    row("[19] no space in CDStart", "<p><![CDATA [x]]></p>", Bad("<")),
    row("[18] CDATA not closed", "<p><![CDATA[x</p>", Bad("<")),
    row("[18] CDATA before the root", "<![CDATA[x]]><p/>", Bad("<![CDATA[x]]>")),
    row("[18] CDATA after the root", "<p/><![CDATA[x]]>", Bad("<![CDATA[x]]>")),
    // [22]-[27] prolog, XMLDecl, VersionInfo, Eq, VersionNum, Misc
    row("[23] a full declaration", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><p/>", Ok),
    row("[23] whitespace around = and before ?>", "<?xml\tversion = '1.0'\n?>\n<p/>", Ok),
    row("[26] any 1.x version", "<?xml version='1.1'?><p/>", Ok),
    row("[26] 1.10", "<?xml version='1.10'?><p/>", Ok),
    row("[22] after a byte-order mark", "\u{FEFF}<?xml version='1.0'?><p/>", Ok),
    row("[27] comments, PIs and whitespace around the root", " <!-- a -->\n<?pi?><p/>\n<!-- b --> ", Ok),
    row("[22] the declaration must come first", " <?xml version='1.0'?><p/>", Bad("<?xml version='1.0'?>")),
    row("[22] a comment before the declaration", "<!-- c --><?xml version='1.0'?><p/>", Bad("<?xml version='1.0'?>")),
    row("[22] a second declaration", "<?xml version='1.0'?><?xml version='1.0'?><p/>", Bad("<?xml version='1.0'?>")),
    row("[22] a declaration inside the root", "<p><?xml version='1.0'?></p>", Bad("<?xml version='1.0'?>")),
    row("[23] no version", "<?xml?><p/>", Bad("")),
    row("[23] only whitespace", "<?xml ?><p/>", Bad(" ")),
    row("[23] version not first", "<?xml encoding='UTF-8' version='1.0'?><p/>", Bad("encoding")),
    row("[24] no whitespace before version", "<?xml version='1.0'encoding='UTF-8'?><p/>", Bad("encoding")),
    row("[24] version unquoted", "<?xml version=1.0?><p/>", Bad("version")),
    row("[24] mismatched quotes", "<?xml version='1.0\"?><p/>", Bad("version='1.0\"")),
    row("[25] no =", "<?xml version '1.0'?><p/>", Bad("version")),
    row("[26] version 2.0", "<?xml version='2.0'?><p/>", Bad("2.0")),
    row("[26] version 1.", "<?xml version='1.'?><p/>", Bad("1.")),
    row("[26] version 1.0a", "<?xml version='1.0a'?><p/>", Bad("1.0a")),
    row("[23] an unknown pseudo-attribute", "<?xml version='1.0' lang='en'?><p/>", Bad("lang")),
    row("[23] version twice", "<?xml version='1.0' version='1.0'?><p/>", Bad("version")),
    row("[23] standalone before encoding", "<?xml version='1.0' standalone='yes' encoding='UTF-8'?><p/>", Bad("encoding")),
    row("[32] standalone no", "<?xml version='1.0' standalone='no'?><p/>", Ok),
    row("[32] standalone maybe", "<?xml version='1.0' standalone='maybe'?><p/>", Bad("maybe")),
    row("[81] encoding names", "<?xml version='1.0' encoding='ISO-8859-1'?><p/>", Ok),
    row("[81] an encoding starting with a digit", "<?xml version='1.0' encoding='8bit'?><p/>", Bad("8bit")),
    row("[81] an empty encoding", "<?xml version='1.0' encoding=''?><p/>", Bad("")),
    row("[17] the declaration is case-sensitive", "<?XML version='1.0'?><p/>", Bad("<?XML version='1.0'?>")),
    // [27]: text, references and CDATA are not Misc
    row("[27] text before the root", "Hi <p/>", Bad("Hi")),
    row("[27] text after the root", "<p/> bye", Bad("bye")),
    row("[27] a reference after the root", "<p/>&amp;", Bad("&amp;")),
    row("[27] a reference before the root", "&#65;<p/>", Bad("&#65;")),
    // [28] doctypedecl: refused in a prompt
    row("[28] a DOCTYPE", "<!DOCTYPE p><p/>", Code(IssueCode::DtdNotAllowed, "<!DOCTYPE p>")),
    row("[28] a DOCTYPE inside the root", "<p><!DOCTYPE p></p>", Code(IssueCode::DtdNotAllowed, "<!DOCTYPE p>")),
    row("[29] markup declarations outside a DOCTYPE", "<!ELEMENT p ANY><p/>", Bad("<")),
    row("[29] unknown <! markup", "<p><!foo></p>", Bad("<")),
    // [39]-[44] element, STag, Attribute, ETag, content, EmptyElemTag
    row("[40] whitespace before > and />", "<p a='1' ><q b='2'\n/></p\n>", Ok),
    row("[40] whitespace before a start tag's name", "< p/>", Bad("< p/>")),
    row("[40] an empty start tag", "<p><></></p>", Bad("<>")),
    row("[40] no whitespace between attributes", "<p a='1'b='2'/>", Bad("b")),
    row("[41] an attribute without a value", "<p a/>", Bad("a")),
    row("[41] an attribute without a name", "<p ='1'/>", Bad("=")),
    row("[41] an unquoted value", "<p a=1/>", Bad("a=")),
    row("[41] = with no value", "<p a=/>", Bad("a=")),
    row("[41] an attribute name starting with a digit", "<p 1a='1'/>", Bad("1a")),
    row("[40] a duplicate attribute", "<p a='1' a='2'/>", Bad("a='2'")),
    row("[40] a duplicate among many", "<p a0='' a1='' a2='' a3='' a4='' a5='' a6='' a7='' a8='' a9='' b0='' b1='' b2='' b3='' b4='' b5='' b6='' b7='' a3='x'/>", Bad("a3='x'")),
    row("[42] whitespace before an end tag's >", "<p></p \t\r\n>", Ok),
    row("[42] whitespace after </", "<p></ p>", Bad("</ p>")),
    row("[42] an attribute in an end tag", "<p></p a='1'>", Bad("</p a='1'>")),
    row("[42] an empty end tag", "<p></>", Bad("</>")),
    row("[42] an end tag not closed", "<p></p", Bad("<")),
    row("[39] a mismatched end tag", "<p><a></p></a>", Bad("</p>")),
    row("[39] names are case-sensitive", "<p></P>", Bad("</P>")),
    row("[39] an element not closed", "<p><q>x</q>", Bad("<p>")),
    row("[44] whitespace between / and >", "<p/ >", Bad("<p/ >")),
    row("[44] a stray / before >", "<p a='1'/ >", Bad("/")),
    row("[40] a start tag not closed", "<p><q</p>", Bad("<q</p>")),
    // [66] CharRef
    row("[66] decimal, hexadecimal, leading zeros", "<p a='&#65;'>&#x41;&#0065;&#x0041;&#x10FFFF;&#9;&#xD;</p>", Ok),
    row("[66] upper-case X", "<p>&#X41;</p>", Bad("&#X41;")),
    row("[66] no digits", "<p>&#x;</p>", Bad("&#x;")),
    row("[66] no digits, decimal", "<p>&#;</p>", Bad("&#;")),
    row("[66] a letter in a decimal reference", "<p>&#65a;</p>", Bad("&#65a;")),
    row("[66] a sign", "<p>&#+65;</p>", Bad("&#+65;")),
    row("[66] a space", "<p>&# 65;</p>", Bad("&# 65;")),
    row("[66] past U+10FFFF", "<p>&#x110000;</p>", Bad("&#x110000;")),
    row("[66] overflow", "<p>&#99999999999;</p>", Bad("&#99999999999;")),
    row("[66] not closed", "<p>&#x41</p>", Bad("&")),
    row("[2] WFC Legal Character: NUL", "<p>&#0;</p>", Bad("&#0;")),
    row("[2] WFC Legal Character: a control", "<p>&#x1F;</p>", Bad("&#x1F;")),
    row("[2] WFC Legal Character: a surrogate", "<p>&#xD800;</p>", Bad("&#xD800;")),
    row("[2] WFC Legal Character: U+FFFE", "<p>&#xFFFE;</p>", Bad("&#xFFFE;")),
    row("[2] WFC Legal Character: in a value", "<p a='&#1;'/>", Bad("&#1;")),
    // [67]-[68] Reference, EntityRef
    row("[68] the five predefined entities", "<p>&lt;&gt;&amp;&apos;&quot;</p>", Ok),
    row("[68] WFC Entity Declared", "<p>&nbsp;</p>", Bad("&nbsp;")),
    row("[68] entity names are case-sensitive", "<p>&AMP;</p>", Bad("&AMP;")),
    row("[68] no name", "<p>&;</p>", Bad("&;")),
    row("[68] no ;", "<p>&amp</p>", Bad("&")),
    row("[68] a space after &", "<p>& amp;</p>", Bad("& amp;")),
    row("[68] a space before ;", "<p>&amp ;</p>", Bad("&amp ;")),
    row("[68] a bare & in prose", "<p>a & b</p>", Bad("&")),
];

fn span_text<'a>(xml: &'a str, span: &std::ops::Range<usize>) -> &'a str {
    xml.get(span.clone())
        .unwrap_or_else(|| panic!("span {span:?} is not in {xml:?}"))
}

#[test]
fn every_rule_of_the_grammar() {
    let mut failures = Vec::new();
    for row in ROWS {
        let o = outline(row.xml);
        let got = match (&row.expect, o.problems.first()) {
            (Ok, None) if o.well_formed => continue,
            (Bad(span), Some(p)) if p.code == IssueCode::XmlSyntax && !o.well_formed => {
                if span_text(row.xml, &p.span) == *span {
                    continue;
                }
                format!("spans {:?}", span_text(row.xml, &p.span))
            }
            (Code(code, span), Some(p)) if p.code == *code && !o.well_formed => {
                if span_text(row.xml, &p.span) == *span {
                    continue;
                }
                format!("spans {:?}", span_text(row.xml, &p.span))
            }
            (_, None) => "well-formed".to_owned(),
            (_, Some(p)) => format!(
                "{:?} {:?} at {:?}",
                p.code,
                p.message,
                span_text(row.xml, &p.span)
            ),
        };
        failures.push(format!("{}: {:?}: {got}", row.production, row.xml));
    }
    assert!(
        failures.is_empty(),
        "{} rows failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    /// Text made of characters that matter to [10] and [14] (`<`, `&`, `]`, `>`, quotes) and
    /// some that do not. No `=`, `/`, `#` or entity names, so no `<` or `&` can start markup
    /// that happens to be well-formed.
    fn tricky_text() -> impl Strategy<Value = String> {
        let chars = prop::sample::select(vec![
            'a', 'b', ' ', '\n', ']', ']', '>', '<', '&', ';', '"', '\'', 'é', '😀', '日',
        ]);
        prop::collection::vec(chars, 0..24).prop_map(|v| v.into_iter().collect())
    }

    proptest! {
        /// [14] CharData is `[^<&]*` without `]]>`: exactly such text is well-formed content.
        #[test]
        fn text_is_well_formed_exactly_when_it_is_char_data(text in tricky_text()) {
            let xml = format!("<p>{text}</p>");
            let char_data = !text.contains(['<', '&']) && !text.contains("]]>");
            prop_assert_eq!(outline(&xml).well_formed, char_data, "{:?}", xml);
        }

        /// [10] AttValue in double quotes is `[^<&"]*` (here without references).
        #[test]
        fn a_value_is_well_formed_exactly_when_it_has_no_lt_amp_or_its_quote(text in tricky_text()) {
            let xml = format!("<p a=\"{text}\"/>");
            let value = !text.contains(['<', '&', '"']);
            prop_assert_eq!(outline(&xml).well_formed, value, "{:?}", xml);
        }

        /// Escaping the three characters always gives well-formed text and values.
        #[test]
        fn escaped_text_is_always_well_formed(text in tricky_text()) {
            let escaped = text.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;");
            let xml = format!("<p a=\"{escaped}\">{escaped}</p>");
            prop_assert!(outline(&xml).well_formed, "{:?}", xml);
        }
    }
}
