//! XML 1.0 well-formedness, one table row per rule of the character-data and markup grammar
//! (issue 10, item 5): each row names the production it tests, and a row that must fail says
//! which source text the problem spans. Every rule has rows on both sides of the line.
//!
//! The productions are those of XML 1.0 (fifth edition); a prompt also refuses any DOCTYPE
//! (`dtd-not-allowed`), so the rows for [28]-[29] only check that. Rows match the
//! [`XmlError`] variant with its data, never message text.

use prompt_assist::validate::{outline, Markup, NameKind, XmlError};

struct Row {
    production: &'static str,
    xml: &'static str,
    /// `None`: well-formed. Otherwise the problem and the source text its span covers.
    expect: Option<(XmlError, &'static str)>,
}

fn ok(production: &'static str, xml: &'static str) -> Row {
    Row {
        production,
        xml,
        expect: None,
    }
}

fn bad(production: &'static str, xml: &'static str, error: XmlError, span: &'static str) -> Row {
    Row {
        production,
        xml,
        expect: Some((error, span)),
    }
}

fn rows() -> Vec<Row> {
    use XmlError as E;
    let mismatched = |expected: &str, found: &str| E::MismatchedEndTag {
        expected: expected.into(),
        found: found.into(),
    };
    let element = |name: &str| E::InvalidName {
        kind: NameKind::Element,
        name: name.into(),
    };
    let attribute = |name: &str| E::InvalidName {
        kind: NameKind::Attribute,
        name: name.into(),
    };
    let target = |name: &str| E::InvalidName {
        kind: NameKind::ProcessingInstruction,
        name: name.into(),
    };
    let char_ref = |reference: &str| E::InvalidCharReference {
        reference: reference.into(),
    };
    let illegal = |character: char| E::IllegalCharacter { character };
    let unknown_entity = |name: &str, instead: Option<&'static str>| E::UnknownEntity {
        name: name.into(),
        instead,
    };
    let unclosed = |markup: Markup| E::UnclosedMarkup { markup };
    let decl_value = |name: &str, value: &str| E::DeclarationValue {
        name: name.into(),
        value: value.into(),
    };
    let decl_syntax = |name: &str| E::DeclarationSyntax { name: name.into() };
    let p = || Some("p".to_owned());
    vec![
        // [1] document ::= prolog element Misc*
        ok("[1] one root", "<p/>"),
        bad("[1] a second root", "<p/><q/>", E::SecondRoot { tag: "q".into(), root: "p".into() }, "<q/>"),
        bad("[1] no root", "<!-- only a comment -->", E::NoRoot, "<!-- only a comment -->"),
        bad("[1] no root after a declaration", "<?xml version='1.0'?>", E::NoRoot, "<?xml version='1.0'?>"),
        bad("[1] an end tag with no root", "</p>", E::UnmatchedEndTag { found: "p".into(), root: None }, "</p>"),
        bad("[1] an end tag after the root", "<p></p></p>", E::UnmatchedEndTag { found: "p".into(), root: p() }, "</p>"),
        ok("[1] a byte-order mark", "\u{FEFF}<p/>"),
        bad("[1] a second byte-order mark is text", "\u{FEFF}\u{FEFF}<p/>", E::ContentOutsideRoot { root: None }, "\u{FEFF}"),
        bad("[1] an element not closed", "<p><q>x</q>", E::UnclosedElement { tag: "p".into() }, "<p>"),
        // [2] Char
        ok("[2] tab, CR, LF", "<p a='\t\r\n'>\t\r\n</p>"),
        ok("[2] astral characters", "<p a='😀'>😀 \u{10FFFF}</p>"),
        ok("[2] NEL and LINE SEPARATOR are characters", "<p>\u{85}\u{2028}</p>"),
        bad("[2] a control character in text", "<p>a\u{1}b</p>", illegal('\u{1}'), "\u{1}"),
        bad("[2] NUL in text", "<p>\u{0}</p>", illegal('\u{0}'), "\u{0}"),
        bad("[2] U+FFFE in text", "<p>\u{FFFE}</p>", illegal('\u{FFFE}'), "\u{FFFE}"),
        bad("[2] U+FFFF in an attribute", "<p a='\u{FFFF}'/>", illegal('\u{FFFF}'), "\u{FFFF}"),
        bad("[2] a control character in a comment", "<p><!-- \u{8} --></p>", illegal('\u{8}'), "\u{8}"),
        bad("[2] a control character in CDATA", "<p><![CDATA[\u{1F}]]></p>", illegal('\u{1F}'), "\u{1F}"),
        bad("[2] a control character in a PI", "<p><?pi \u{7}?></p>", illegal('\u{7}'), "\u{7}"),
        // [3] S: only space, tab, CR and LF separate markup
        ok("[3] tab and newline in a start tag", "<p\ta='1'\n/>"),
        bad("[3] NBSP is not whitespace", "<p\u{A0}a='1'/>", element("p\u{A0}a='1'"), "p\u{A0}a='1'"),
        // [4]-[5] NameStartChar, NameChar, Name
        ok("[5] names with colons, dots, digits", "<a:b.c-d_1 e:f='1'/>"),
        ok("[5] a colon may start a name", "<:p/>"),
        ok("[5] non-Latin names", "<日本 属性='1'/>"),
        ok("[4a] a combining mark inside a name", "<p\u{300}/>"),
        ok("[4a] a middle dot inside a name", "<p\u{B7}q/>"),
        bad("[4] a digit cannot start a name", "<1p/>", element("1p"), "1p"),
        bad("[4] a hyphen cannot start a name", "<-p/>", element("-p"), "-p"),
        bad("[4] a combining mark cannot start a name", "<\u{300}p/>", element("\u{300}p"), "\u{300}p"),
        bad("[4] a middle dot cannot start a name", "<\u{B7}p/>", element("\u{B7}p"), "\u{B7}p"),
        bad("[4a] punctuation is not a name character", "<p!/>", element("p!"), "p!"),
        bad("[4a] @ is not a name character", "<p@x/>", element("p@x"), "p@x"),
        bad("[4a] U+037E is not a name character", "<p\u{37E}/>", element("p\u{37E}"), "p\u{37E}"),
        // [10] AttValue
        ok("[10] either quote, the other inside", "<p a='\"' b=\"'\"/>"),
        ok("[10] > and ]]> are allowed in a value", "<p a='>' b=']]>'/>"),
        ok("[10] the five entities", "<p a='&lt;&gt;&amp;&apos;&quot;'/>"),
        bad("[10] < in a value", "<p a='a<b'/>", E::LessThanInAttributeValue { name: "a".into() }, "<"),
        bad("[10] a bare & in a value", "<p a='Q&A'/>", E::BareAmpersand, "&"),
        bad("[10] an unknown entity made by Q&A; in a value", "<p a='Q&A; ok'/>", unknown_entity("A", None), "&A;"),
        bad("[10] an unknown entity in a value", "<p a='&nbsp;'/>", unknown_entity("nbsp", Some("&#160;")), "&nbsp;"),
        bad("[10] a value not closed", "<p a='1/>", E::UnclosedAttributeValue { name: "a".into(), quote: '\'' }, "a='"),
        bad("[10] a value not closed, double quotes", "<p b='2' a=\"1/>\n", E::UnclosedAttributeValue { name: "a".into(), quote: '"' }, "a=\""),
        // [14] CharData
        ok("[14] ]] and > apart", "<p>]] ] ]> >]]</p>"),
        ok("[14] ]]> escaped", "<p>]]&gt;</p>"),
        bad("[14] ]]> in text", "<prompt><goal>Reply with a ]]> marker</goal></prompt>", E::CdataEndInText, "]]>"),
        bad("[14] ]]> alone in text", "<p>]]></p>", E::CdataEndInText, "]]>"),
        bad("[14] ]]> after a CDATA section", "<p><![CDATA[x]]>]]></p>", E::CdataEndInText, "]]>"),
        bad("[14] ]]> after a reference", "<p>&amp;]]></p>", E::CdataEndInText, "]]>"),
        bad("[14] a bare <", "<p>1 < 2</p>", E::BareLessThan, "<"),
        bad("[14] a bare < before a digit", "<p>1 <2</p>", E::BareLessThan, "<"),
        bad("[14] a bare < before another tag", "<p><</p>", E::BareLessThan, "<"),
        bad("[14] a bare < in an arrow", "<p>a <- b</p>", E::BareLessThan, "<"),
        bad("[14] a bare < at the end", "<p>1 <", E::BareLessThan, "<"),
        bad("[14] a bare & (Q&A)", "<p>Q&A</p>", E::BareAmpersand, "&"),
        // [15] Comment
        ok("[15] comments", "<!-- a --><p><!----><!-- - --></p><!--x-->"),
        ok("[15] <!---> is not closed by its own >", "<p><!--->x--></p>"),
        bad("[15] -- inside a comment", "<p><!-- a -- b --></p>", E::DoubleHyphenInComment, "--"),
        bad("[15] a comment ending in --->", "<p><!-- a ---></p>", E::DoubleHyphenInComment, "--"),
        bad("[15] <!--> is not a whole comment", "<p><!--></p>", unclosed(Markup::Comment), "<!--"),
        bad("[15] a comment not closed", "<p><!-- a </p>", unclosed(Markup::Comment), "<!--"),
        bad("[15] a comment not opened properly", "<p><!-x--></p>", E::UnknownMarkup, "<!"),
        // [16]-[17] PI, PITarget
        ok("[16] processing instructions", "<?a?><p><?b-c d?><?e:f\t?x ?></p><?g?>"),
        ok("[17] a target starting with xml", "<p><?xml-stylesheet href='a'?></p>"),
        bad("[16] a PI without a target", "<p><??></p>", target(""), "<??>"),
        bad("[16] whitespace before the target", "<p><? pi?></p>", target(""), "<? pi?>"),
        bad("[16] a target that is not a name", "<p><?1pi x?></p>", target("1pi"), "1pi"),
        bad("[16] no whitespace after the target", "<p><?pi\"x\"?></p>", target("pi\"x\""), "pi\"x\""),
        bad("[16] ?x after the target", "<p><?pi?x?></p>", target("pi?x"), "pi?x"),
        bad("[17] the target xml is reserved", "<p><?XmL x?></p>", E::ReservedTarget { target: "XmL".into() }, "<?XmL x?>"),
        bad("[16] a PI not closed", "<p><?pi </p>", unclosed(Markup::ProcessingInstruction), "<?pi"),
        // [18]-[21] CDSect
        ok("[18] CDATA sections", "<p><![CDATA[]]><![CDATA[<&>]] ]>]]></p>"),
        bad("[19] CDStart is upper-case", "<p><![cdata[x]]></p>", E::UnknownMarkup, "<!"),
        bad("[19] no space in CDStart", "<p><![CDATA [x]]></p>", E::UnknownMarkup, "<!"),
        bad("[18] CDATA not closed", "<p><![CDATA[x</p>", unclosed(Markup::Cdata), "<![CDATA["),
        bad("[18] CDATA before the root", "<![CDATA[x]]><p/>", E::ContentOutsideRoot { root: None }, "<![CDATA[x]]>"),
        bad("[18] CDATA after the root", "<p/><![CDATA[x]]>", E::ContentOutsideRoot { root: p() }, "<![CDATA[x]]>"),
        // [22]-[27] prolog, XMLDecl, VersionInfo, Eq, VersionNum, Misc
        ok("[23] a full declaration", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><p/>"),
        ok("[23] whitespace around = and before ?>", "<?xml\tversion = '1.0'\n?>\n<p/>"),
        ok("[26] any 1.x version", "<?xml version='1.1'?><p/>"),
        ok("[26] 1.10", "<?xml version='1.10'?><p/>"),
        ok("[22] after a byte-order mark", "\u{FEFF}<?xml version='1.0'?><p/>"),
        ok("[27] comments, PIs and whitespace around the root", " <!-- a -->\n<?pi?><p/>\n<!-- b --> "),
        bad("[22] the declaration must come first", " <?xml version='1.0'?><p/>", E::MisplacedDeclaration, "<?xml version='1.0'?>"),
        bad("[22] a comment before the declaration", "<!-- c --><?xml version='1.0'?><p/>", E::MisplacedDeclaration, "<?xml version='1.0'?>"),
        bad("[22] a second declaration", "<?xml version='1.0'?><?xml version='1.0'?><p/>", E::MisplacedDeclaration, "<?xml version='1.0'?>"),
        bad("[22] a declaration inside the root", "<p><?xml version='1.0'?></p>", E::MisplacedDeclaration, "<?xml version='1.0'?>"),
        bad("[23] no version", "<?xml?><p/>", E::DeclarationWithoutVersion, ""),
        bad("[23] only whitespace", "<?xml ?><p/>", E::DeclarationWithoutVersion, " "),
        bad("[23] version not first", "<?xml encoding='UTF-8' version='1.0'?><p/>", E::DeclarationWithoutVersion, "encoding"),
        bad("[23] a declaration not closed", "<?xml version='1.0'", unclosed(Markup::XmlDeclaration), "<?xml"),
        bad("[24] no whitespace before encoding", "<?xml version='1.0'encoding='UTF-8'?><p/>", decl_syntax("encoding"), "encoding"),
        bad("[24] version unquoted", "<?xml version=1.0?><p/>", decl_syntax("version"), "version"),
        bad("[24] mismatched quotes", "<?xml version='1.0\"?><p/>", decl_syntax("version"), "version"),
        bad("[25] no =", "<?xml version '1.0'?><p/>", decl_syntax("version"), "version"),
        bad("[26] version 2.0", "<?xml version='2.0'?><p/>", decl_value("version", "2.0"), "2.0"),
        bad("[26] version 1.", "<?xml version='1.'?><p/>", decl_value("version", "1."), "1."),
        bad("[26] version 1.0a", "<?xml version='1.0a'?><p/>", decl_value("version", "1.0a"), "1.0a"),
        bad("[23] an unknown pseudo-attribute", "<?xml version='1.0' lang='en'?><p/>", E::UnknownDeclarationAttribute { name: "lang".into() }, "lang"),
        bad("[23] version twice", "<?xml version='1.0' version='1.0'?><p/>", E::DeclarationOrder { name: "version".into() }, "version"),
        bad("[23] standalone before encoding", "<?xml version='1.0' standalone='yes' encoding='UTF-8'?><p/>", E::DeclarationOrder { name: "encoding".into() }, "encoding"),
        ok("[32] standalone no", "<?xml version='1.0' standalone='no'?><p/>"),
        bad("[32] standalone maybe", "<?xml version='1.0' standalone='maybe'?><p/>", decl_value("standalone", "maybe"), "maybe"),
        ok("[81] encoding names", "<?xml version='1.0' encoding='ISO-8859-1'?><p/>"),
        bad("[81] an encoding starting with a digit", "<?xml version='1.0' encoding='8bit'?><p/>", decl_value("encoding", "8bit"), "8bit"),
        bad("[81] an empty encoding", "<?xml version='1.0' encoding=''?><p/>", decl_value("encoding", ""), ""),
        bad("[17] the declaration is case-sensitive", "<?XML version='1.0'?><p/>", E::ReservedTarget { target: "XML".into() }, "<?XML version='1.0'?>"),
        // [27]: text, references and CDATA are not Misc
        bad("[27] text before the root", "Hi <p/>", E::ContentOutsideRoot { root: None }, "Hi"),
        bad("[27] text after the root", "<p/> bye ", E::ContentOutsideRoot { root: p() }, "bye"),
        bad("[27] a reference after the root", "<p/>&amp;", E::ContentOutsideRoot { root: p() }, "&amp;"),
        bad("[27] a reference before the root", "&#65;<p/>", E::ContentOutsideRoot { root: None }, "&#65;"),
        // [28] doctypedecl: refused in a prompt
        bad("[28] a DOCTYPE", "<!DOCTYPE p><p/>", E::DoctypeNotAllowed, "<!DOCTYPE p>"),
        bad("[28] a DOCTYPE inside the root", "<p><!DOCTYPE p></p>", E::DoctypeNotAllowed, "<!DOCTYPE p>"),
        bad("[28] a DOCTYPE not closed", "<!DOCTYPE p [", E::DoctypeNotAllowed, "<!DOCTYPE p ["),
        bad("[29] markup declarations outside a DOCTYPE", "<!ELEMENT p ANY><p/>", E::UnknownMarkup, "<!"),
        bad("[29] unknown <! markup", "<p><!foo></p>", E::UnknownMarkup, "<!"),
        // [39]-[44] element, STag, Attribute, ETag, content, EmptyElemTag
        ok("[40] whitespace before > and />", "<p a='1' ><q b='2'\n/></p\n>"),
        ok("[40] many attributes", "<p a0='' a1='' a2='' a3='' a4='' a5='' a6='' a7='' a8='' a9='' b0='' b1='' b2='' b3='' b4='' b5='' b6='' b7='' b8='' b9='' c0='' c1='' c2='' c3='' c4='' c5='' c6='' c7='' c8='' c9='' d0='' d1='' d2='' d3='' d4=''/>"),
        bad("[40] whitespace before a start tag's name", "< p/>", E::BareLessThan, "<"),
        bad("[40] an empty start tag", "<p><></></p>", element(""), "<>"),
        bad("[40] no whitespace between attributes", "<p a='1'b='2'/>", E::MissingSpaceBeforeAttribute { name: "b".into() }, "b"),
        bad("[41] an attribute without a value", "<p a/>", E::AttributeWithoutValue { name: "a".into() }, "a"),
        bad("[41] an attribute without a value, then another", "<p a b='1'/>", E::AttributeWithoutValue { name: "a".into() }, "a"),
        bad("[41] an attribute without a name", "<p ='1'/>", attribute(""), "="),
        bad("[41] an unquoted value", "<p a=1/>", E::UnquotedAttributeValue { name: "a".into() }, "a="),
        bad("[41] = with no value", "<p a=/>", E::UnquotedAttributeValue { name: "a".into() }, "a="),
        bad("[41] an attribute name starting with a digit", "<p 1a='1'/>", attribute("1a"), "1a"),
        bad("[40] a duplicate attribute", "<p a='1' a='2'/>", E::DuplicateAttribute { name: "a".into() }, "a"),
        bad("[40] a duplicate among many", "<p a0='' a1='' a2='' a3='' a4='' a5='' a6='' a7='' a8='' a9='' b0='' b1='' b2='' b3='' b4='' b5='' b6='' b7='' b8='' b9='' c0='' c1='' c2='' c3='' c4='' c5='' c6='' c7='' c8='' c9='' d0='' d1='' d2='' a3='x'/>", E::DuplicateAttribute { name: "a3".into() }, "a3"),
        ok("[42] whitespace before an end tag's >", "<p></p \t\r\n>"),
        bad("[42] whitespace after </", "<p></ p>", mismatched("p", " p"), "</ p>"),
        bad("[42] an attribute in an end tag", "<p></p a='1'>", mismatched("p", "p a='1'"), "</p a='1'>"),
        bad("[42] an empty end tag", "<p></>", mismatched("p", ""), "</>"),
        bad("[42] an end tag not closed", "<p></p", E::UnclosedTag { tag: "p".into(), end: true }, "</p"),
        bad("[39] a mismatched end tag", "<p><a></p></a>", mismatched("a", "p"), "</p>"),
        bad("[39] names are case-sensitive", "<p></P>", mismatched("p", "P"), "</P>"),
        bad("[44] whitespace between / and >", "<p/ >", element("p/"), "p/"),
        bad("[44] a stray / before >", "<p a='1'/ >", attribute("/"), "/"),
        bad("[40] a start tag not closed", "<p><q</p>", E::UnclosedTag { tag: "q".into(), end: false }, "<q"),
        bad("[40] a start tag not closed at the end", "<p><q a='1'", E::UnclosedTag { tag: "q".into(), end: false }, "<q"),
        // [66] CharRef
        ok("[66] decimal, hexadecimal, leading zeros", "<p a='&#65;'>&#x41;&#0065;&#x0041;&#x10FFFF;&#9;&#xD;</p>"),
        bad("[66] upper-case X", "<p>&#X41;</p>", char_ref("&#X41;"), "&#X41;"),
        bad("[66] no digits", "<p>&#x;</p>", char_ref("&#x;"), "&#x;"),
        bad("[66] no digits, decimal", "<p>&#;</p>", char_ref("&#;"), "&#;"),
        bad("[66] a letter in a decimal reference", "<p>&#65a;</p>", char_ref("&#65a;"), "&#65a;"),
        bad("[66] a sign", "<p>&#+65;</p>", char_ref("&#+65;"), "&#+65;"),
        bad("[66] a space", "<p>&# 65;</p>", char_ref("&# 65;"), "&# 65;"),
        bad("[66] past U+10FFFF", "<p>&#x110000;</p>", char_ref("&#x110000;"), "&#x110000;"),
        bad("[66] overflow", "<p>&#99999999999;</p>", char_ref("&#99999999999;"), "&#99999999999;"),
        bad("[66] not closed", "<p>&#x41</p>", E::BareAmpersand, "&"),
        bad("[2] WFC Legal Character: NUL", "<p>&#0;</p>", char_ref("&#0;"), "&#0;"),
        bad("[2] WFC Legal Character: a control", "<p>&#x1F;</p>", char_ref("&#x1F;"), "&#x1F;"),
        bad("[2] WFC Legal Character: a surrogate", "<p>&#xD800;</p>", char_ref("&#xD800;"), "&#xD800;"),
        bad("[2] WFC Legal Character: U+FFFE", "<p>&#xFFFE;</p>", char_ref("&#xFFFE;"), "&#xFFFE;"),
        bad("[2] WFC Legal Character: in a value", "<p a='&#1;'/>", char_ref("&#1;"), "&#1;"),
        // [67]-[68] Reference, EntityRef
        ok("[68] the five predefined entities", "<p>&lt;&gt;&amp;&apos;&quot;</p>"),
        bad("[68] WFC Entity Declared", "<p>&nbsp;</p>", unknown_entity("nbsp", Some("&#160;")), "&nbsp;"),
        bad("[68] an HTML entity with no suggestion", "<p>&hearts;</p>", unknown_entity("hearts", None), "&hearts;"),
        bad("[68] entity names are case-sensitive", "<p>&AMP;</p>", unknown_entity("AMP", None), "&AMP;"),
        bad("[68] no name", "<p>&;</p>", E::BareAmpersand, "&"),
        bad("[68] no ;", "<p>&amp</p>", E::BareAmpersand, "&"),
        bad("[68] a space after &", "<p>& amp;</p>", E::BareAmpersand, "&"),
        bad("[68] a space before ;", "<p>&amp ;</p>", E::BareAmpersand, "&"),
        bad("[68] a bare & in prose", "<p>a & b</p>", E::BareAmpersand, "&"),
        bad("[68] an unknown entity made by Q&A; in prose", "<p>Q&A; then more</p>", unknown_entity("A", None), "&A;"),
        // Limits
        bad("limit: nesting past 64", Box::leak(format!("{}{}", "<d>".repeat(65), "</d>".repeat(65)).into_boxed_str()), E::TooDeep { tag: "d".into(), depth: 65 }, "<d>"),
        bad("limit: empty", " \n", E::EmptyPrompt, " \n"),
    ]
}

fn span_text<'a>(xml: &'a str, span: &std::ops::Range<usize>) -> &'a str {
    xml.get(span.clone())
        .unwrap_or_else(|| panic!("span {span:?} is not in {xml:?}"))
}

#[test]
fn every_rule_of_the_grammar() {
    let mut failures = Vec::new();
    for row in rows() {
        let o = outline(row.xml);
        let got = o
            .problems
            .first()
            .map(|p| (p.error.clone(), span_text(row.xml, &p.span)));
        let expected = row.expect.as_ref().map(|(e, span)| (e.clone(), *span));
        assert_eq!(o.well_formed, o.problems.is_empty(), "{}", row.production);
        if got != expected {
            failures.push(format!(
                "{}: {:?}\n    expected {expected:?}\n    got      {got:?}",
                row.production, row.xml
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} rows failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn the_table_names_every_problem_variant_it_can() {
    // All 35 variants but two: `Unreadable` (unreachable from a string) and `TooLarge` (4 MiB;
    // tests/validate_issue_codes.rs has its row).
    let mut seen: Vec<String> = rows()
        .iter()
        .filter_map(|r| r.expect.as_ref())
        .map(|(e, _)| {
            format!("{e:?}")
                .split([' ', '(', '{'])
                .next()
                .unwrap_or_default()
                .to_owned()
        })
        .collect();
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 33, "{seen:?}");
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
