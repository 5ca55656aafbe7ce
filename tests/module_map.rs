//! The module map tells the truth: the table in `src/lib.rs`'s doc and the one under `## Layout`
//! in README.md list every top-level module under `src/` and exactly the modules each one uses,
//! as read from the code; the modules form no cycle; and every file over 600 lines of non-test
//! code says why in its header.
//!
//! The module list comes from `src/` itself (a directory with a `mod.rs`, or a `.rs` file next to
//! `lib.rs`), so a new module needs no change here, only a row in both tables. A dependency is a
//! `crate::name` or `super::` path (`use` or inline, `crate::{a, b}` groups included) in code
//! that is not a comment, a string, or an item under `#[cfg(test)]`: what the tests of a module
//! use is not a dependency of the module.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Files with more lines of non-test code than this must say why in their header comment.
const LONG_FILE_LINES: usize = 600;
/// The words that header must hold.
const LONG_FILE_WORDS: &str = "over 600 lines";

fn src_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The top-level modules, from the layout of `src/`.
fn top_modules() -> BTreeSet<String> {
    let mut modules = BTreeSet::new();
    for entry in fs::read_dir(src_dir()).expect("src/ is readable") {
        let path = entry.expect("src/ entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_dir() && path.join("mod.rs").is_file() {
            modules.insert(name);
        } else if let Some(stem) = name.strip_suffix(".rs") {
            if stem != "lib" && stem != "main" {
                modules.insert(stem.to_owned());
            }
        }
    }
    modules
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("readable directory") {
        let path = entry.expect("directory entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
    out.sort();
}

/// The module path of a file: `src/diff/html/table.rs` is `["diff", "html", "table"]`,
/// `src/diff/mod.rs` is `["diff"]`, `src/lib.rs` is `[]`.
fn module_path(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src_dir()).expect("a file under src/");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" && !(parts.is_empty() && stem == "lib") {
            parts.push(stem.to_owned());
        }
    }
    parts
}

fn rel(file: &Path) -> String {
    file.strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")))
        .unwrap_or(file)
        .display()
        .to_string()
}

/// `source` with comments removed and the insides of string and character literals blanked.
/// Newlines stay where they were, so line numbers still hold.
fn code_only(source: &str) -> String {
    let c: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    let ident = |ch: char| ch.is_alphanumeric() || ch == '_';
    while i < c.len() {
        let ch = c[i];
        let next = c.get(i + 1).copied();
        if ch == '/' && next == Some('/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if ch == '/' && next == Some('*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if c[i] == '\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
            }
        } else if (ch == 'r' || (ch == 'b' && next == Some('r')))
            && (i == 0 || !ident(c[i - 1]))
            && {
                let mut j = i + if ch == 'b' { 2 } else { 1 };
                while c.get(j) == Some(&'#') {
                    j += 1;
                }
                c.get(j) == Some(&'"')
            }
        {
            // A raw string: r"..", r#".."#, br#".."#.
            i += if ch == 'b' { 2 } else { 1 };
            let mut hashes = 0;
            while c.get(i) == Some(&'#') {
                hashes += 1;
                i += 1;
            }
            i += 1;
            out.push_str("\"\"");
            while i < c.len() {
                if c[i] == '"' && (1..=hashes).all(|k| c.get(i + k) == Some(&'#')) {
                    i += 1 + hashes;
                    break;
                }
                if c[i] == '\n' {
                    out.push('\n');
                }
                i += 1;
            }
        } else if ch == '"' {
            i += 1;
            out.push_str("\"\"");
            while i < c.len() && c[i] != '"' {
                if c[i] == '\\' {
                    i += 1;
                }
                if c.get(i) == Some(&'\n') {
                    out.push('\n');
                }
                i += 1;
            }
            i += 1;
        } else if ch == '\'' && (next == Some('\\') || c.get(i + 2) == Some(&'\'')) {
            // A character literal ('x', '\n', '\u{1F600}'); anything else after a quote is a
            // lifetime or a label, which stays.
            i += 2;
            while i < c.len() && c[i] != '\'' {
                i += 1;
            }
            i += 1;
            out.push_str("' '");
        } else {
            out.push(ch);
            i += 1;
        }
    }
    out
}

/// Code without its `#[cfg(test)]` items, the lines those items took, and the names of the
/// modules declared as `#[cfg(test)] mod name;` (files that are test code as a whole).
struct NonTest {
    code: String,
    /// The 1-based line numbers of the `#[cfg(test)]` items.
    test_lines: Vec<std::ops::RangeInclusive<usize>>,
    test_modules: Vec<String>,
}

fn without_tests(code: &str) -> NonTest {
    const ATTR: &str = "#[cfg(test)]";
    let mut out = String::with_capacity(code.len());
    let mut test_lines = Vec::new();
    let mut test_modules = Vec::new();
    let mut rest = code;
    while let Some(at) = rest.find(ATTR) {
        out.push_str(&rest[..at]);
        let item = &rest[at..];
        let bytes = item.as_bytes();
        let mut i = ATTR.len();
        let mut depth = 0i32;
        // The item ends at its first `;` or at the `}` that closes its first `{`.
        let end = loop {
            match bytes.get(i) {
                None => break bytes.len(),
                Some(b'(' | b'[') => depth += 1,
                Some(b')' | b']') => depth -= 1,
                Some(b';') if depth == 0 => {
                    let head = item[ATTR.len()..i].split_whitespace().collect::<Vec<_>>();
                    if let [.., "mod", name] = head.as_slice() {
                        test_modules.push((*name).to_owned());
                    }
                    break i + 1;
                }
                Some(b'{') if depth == 0 => {
                    let mut braces = 0;
                    let mut j = i;
                    while let Some(&b) = bytes.get(j) {
                        match b {
                            b'{' => braces += 1,
                            b'}' => {
                                braces -= 1;
                                if braces == 0 {
                                    break;
                                }
                            }
                            _ => {}
                        }
                        j += 1;
                    }
                    break (j + 1).min(bytes.len());
                }
                _ => {}
            }
            i += 1;
        };
        let removed = &item[..end];
        let first = out.matches('\n').count() + 1;
        test_lines.push(first..=first + removed.matches('\n').count());
        out.extend(std::iter::repeat_n('\n', removed.matches('\n').count()));
        rest = &item[end..];
    }
    out.push_str(rest);
    NonTest {
        code: out,
        test_lines,
        test_modules,
    }
}

#[derive(Debug, PartialEq)]
enum Token<'a> {
    Ident(&'a str),
    PathSep,
    Punct(char),
}

fn tokens(code: &str) -> Vec<(Token<'_>, usize)> {
    let mut out = Vec::new();
    let mut line = 1;
    let mut chars = code.char_indices().peekable();
    while let Some((i, ch)) = chars.next() {
        if ch == '\n' {
            line += 1;
        } else if ch.is_alphabetic() || ch == '_' {
            let mut end = i + ch.len_utf8();
            while let Some(&(j, c)) = chars.peek() {
                if !(c.is_alphanumeric() || c == '_') {
                    break;
                }
                end = j + c.len_utf8();
                chars.next();
            }
            out.push((Token::Ident(&code[i..end]), line));
        } else if ch == ':' && chars.peek().map(|&(_, c)| c) == Some(':') {
            chars.next();
            out.push((Token::PathSep, line));
        } else if !ch.is_whitespace() {
            out.push((Token::Punct(ch), line));
        }
    }
    out
}

/// The first segments named at `toks[at..]`: one identifier, or the entries of a `{..}` group.
fn named_at(toks: &[(Token<'_>, usize)], at: usize) -> Vec<String> {
    match toks.get(at) {
        Some((Token::Ident(name), _)) => vec![(*name).to_owned()],
        Some((Token::Punct('{'), _)) => {
            let mut names = Vec::new();
            let mut depth = 0;
            let mut expect_name = true;
            for (tok, _) in &toks[at..] {
                match tok {
                    Token::Punct('{') => {
                        depth += 1;
                        expect_name = depth == 1;
                    }
                    Token::Punct('}') => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    Token::Punct(',') if depth == 1 => expect_name = true,
                    Token::Ident(name) if depth == 1 && expect_name => {
                        names.push((*name).to_owned());
                        expect_name = false;
                    }
                    _ => {
                        if depth == 1 {
                            expect_name = false;
                        }
                    }
                }
            }
            names
        }
        _ => Vec::new(),
    }
}

/// Where one module uses another: the file and line of the first use seen.
type Uses = BTreeMap<String, BTreeMap<String, String>>;

/// A module map as a table gives it: each module and the modules its row lists.
type Table = BTreeMap<String, BTreeSet<String>>;

/// Every file under `src/` that is not test code as a whole, with its non-test code.
fn non_test_files() -> Vec<(PathBuf, String, NonTest)> {
    let mut files = Vec::new();
    rust_files(&src_dir(), &mut files);
    let mut parsed: Vec<(PathBuf, String, NonTest)> = files
        .into_iter()
        .map(|file| {
            let source = fs::read_to_string(&file).expect("readable source");
            let non_test = without_tests(&code_only(&source));
            (file, source, non_test)
        })
        .collect();
    // Files of modules declared under #[cfg(test)] are test code throughout.
    let mut test_only: Vec<Vec<String>> = Vec::new();
    for (file, _, non_test) in &parsed {
        for name in &non_test.test_modules {
            let mut path = module_path(file);
            path.push(name.clone());
            test_only.push(path);
        }
    }
    parsed.retain(|(file, _, _)| {
        let path = module_path(file);
        !test_only.iter().any(|t| path.starts_with(t))
    });
    parsed
}

/// The top-level modules each top-level module uses, as read from the code.
fn uses_in_code(modules: &BTreeSet<String>) -> Uses {
    let mut uses: Uses = modules
        .iter()
        .map(|m| (m.clone(), BTreeMap::new()))
        .collect();
    for (file, _, non_test) in non_test_files() {
        let path = module_path(&file);
        let Some(own) = path.first() else {
            continue; // lib.rs: the crate root, which declares the modules.
        };
        let toks = tokens(&non_test.code);
        // Inline `mod name { .. }`: their `super::` starts one level deeper.
        let mut inline: Vec<(String, usize)> = Vec::new();
        let mut depth = 0usize;
        for (i, (tok, line)) in toks.iter().enumerate() {
            match tok {
                Token::Punct('{') => {
                    if let (Some((Token::Ident(name), _)), Some((Token::Ident("mod"), _))) = (
                        i.checked_sub(1).and_then(|k| toks.get(k)),
                        i.checked_sub(2).and_then(|k| toks.get(k)),
                    ) {
                        inline.push(((*name).to_owned(), depth));
                    }
                    depth += 1;
                }
                Token::Punct('}') => {
                    depth = depth.saturating_sub(1);
                    if inline.last().is_some_and(|(_, d)| *d == depth) {
                        inline.pop();
                    }
                }
                Token::Ident("crate") if toks.get(i + 1).map(|t| &t.0) == Some(&Token::PathSep) => {
                    for name in named_at(&toks, i + 2) {
                        if modules.contains(&name) && &name != own {
                            record(&mut uses, own, &name, &file, *line);
                        }
                    }
                }
                Token::Ident("super")
                    if i == 0 || toks.get(i - 1).map(|t| &t.0) != Some(&Token::PathSep) =>
                {
                    let mut here = path.clone();
                    here.extend(inline.iter().map(|(name, _)| name.clone()));
                    let mut k = i;
                    while matches!(toks.get(k), Some((Token::Ident("super"), _)))
                        && toks.get(k + 1).map(|t| &t.0) == Some(&Token::PathSep)
                    {
                        here.pop();
                        k += 2;
                    }
                    let targets = match here.first() {
                        Some(top) => vec![top.clone()],
                        None => named_at(&toks, k),
                    };
                    for name in targets {
                        if modules.contains(&name) && &name != own {
                            record(&mut uses, own, &name, &file, *line);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    uses
}

fn record(uses: &mut Uses, from: &str, to: &str, file: &Path, line: usize) {
    if let Some(targets) = uses.get_mut(from) {
        targets
            .entry(to.to_owned())
            .or_insert_with(|| format!("{}:{line}", rel(file)));
    }
}

/// The rows of the Markdown tables in `text`: the module named in the first cell (its first
/// word in backticks, without `src/` and a trailing `/`) and the modules named in backticks in
/// the last cell.
fn table(text: &str) -> Table {
    let mut rows = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        if !line.starts_with('|') {
            continue;
        }
        let cells: Vec<&str> = line.trim_matches('|').split('|').map(str::trim).collect();
        let (Some(first), Some(last)) = (cells.first(), cells.last()) else {
            continue;
        };
        if cells.len() < 2 || first.starts_with('-') || first.eq_ignore_ascii_case("module") {
            continue;
        }
        let quoted = |cell: &str| -> Vec<String> {
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(|w| {
                    w.trim_start_matches("src/")
                        .trim_end_matches('/')
                        .trim_end_matches(".rs")
                        .to_owned()
                })
                .collect()
        };
        let Some(module) = quoted(first).into_iter().next() else {
            continue;
        };
        rows.insert(module, quoted(last).into_iter().collect());
    }
    rows
}

/// The module map in lib.rs's `//!` doc.
fn lib_map() -> Table {
    let lib = fs::read_to_string(src_dir().join("lib.rs")).expect("src/lib.rs");
    let doc: String = lib
        .lines()
        .filter_map(|l| l.trim_start().strip_prefix("//!"))
        .map(|l| format!("{l}\n"))
        .collect();
    table(&doc)
}

/// The table in README.md's `## Layout` section.
fn readme_map() -> Table {
    let readme = fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let section = readme
        .split("\n## ")
        .find(|s| s.starts_with("Layout"))
        .expect("README.md has a `## Layout` section");
    table(section)
}

/// What is wrong with `map` (named `what`) against the code: modules missing or unknown,
/// dependencies listed but absent, dependencies present but not listed.
fn disagreements(what: &str, map: &Table, code: &Uses) -> Vec<String> {
    let mut problems = Vec::new();
    for module in code.keys() {
        if !map.contains_key(module) {
            problems.push(format!("{what}: module `{module}` (in src/) has no row"));
        }
    }
    for (module, listed) in map {
        let Some(used) = code.get(module) else {
            problems.push(format!("{what}: `{module}` is not a module under src/"));
            continue;
        };
        for dep in listed {
            if !used.contains_key(dep) {
                problems.push(format!(
                    "{what}: lists `{module}` -> `{dep}`, but no non-test code of `{module}` \
                     uses `{dep}`"
                ));
            }
        }
        for (dep, at) in used {
            if !listed.contains(dep) {
                problems.push(format!(
                    "{what}: `{module}` uses `{dep}` ({at}), but the row of `{module}` does not \
                     list it"
                ));
            }
        }
    }
    problems
}

fn code_graph() -> Uses {
    uses_in_code(&top_modules())
}

#[test]
fn lib_rs_module_map_matches_the_code() {
    let problems = disagreements("src/lib.rs module map", &lib_map(), &code_graph());
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn readme_layout_matches_the_code() {
    let problems = disagreements("README.md ## Layout", &readme_map(), &code_graph());
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// A cycle in `graph`, as the modules along it, if there is one.
fn find_cycle(graph: &Table) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &Table,
        done: &mut BTreeSet<String>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = stack.iter().position(|n| n == node) {
            let mut cycle = stack[at..].to_vec();
            cycle.push(node.to_owned());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        stack.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, done, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        done.insert(node.to_owned());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut done, &mut Vec::new()))
}

#[test]
fn no_cycle_between_top_level_modules() {
    let code = code_graph();
    let graph: Table = code
        .iter()
        .map(|(m, uses)| (m.clone(), uses.keys().cloned().collect()))
        .collect();
    if let Some(cycle) = find_cycle(&graph) {
        let steps: Vec<String> = cycle
            .windows(2)
            .map(|w| format!("{} -> {} ({})", w[0], w[1], code[&w[0]][&w[1]]))
            .collect();
        panic!("a cycle between modules:\n{}", steps.join("\n"));
    }
}

#[test]
fn nothing_uses_wasm_and_protocol_uses_only_json() {
    let code = code_graph();
    for (module, uses) in &code {
        assert!(
            !uses.contains_key("wasm"),
            "`{module}` uses `wasm` ({}): the binding is a leaf",
            uses["wasm"]
        );
    }
    // src/protocol/ holds the contract's shapes and their JSON codec: it may read and write JSON,
    // and knows nothing of sessions, validation, the diff or the transport policy.
    let protocol: Vec<_> = code["protocol"].keys().filter(|m| *m != "json").collect();
    assert!(protocol.is_empty(), "protocol uses {protocol:?}");
}

/// The first comment block of `source`: its leading `//` and `//!` lines, as one line of words.
fn header(source: &str) -> String {
    source
        .lines()
        .map(str::trim_start)
        .take_while(|l| l.starts_with("//"))
        .map(|l| l.trim_start_matches('/').trim_start_matches('!'))
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lines of non-test code: the non-blank lines outside `#[cfg(test)]` items, comments included
/// (a file's size is what a reader faces).
fn non_test_lines(non_test: &NonTest, source: &str) -> usize {
    source
        .lines()
        .enumerate()
        .filter(|(i, line)| {
            !line.trim().is_empty() && !non_test.test_lines.iter().any(|r| r.contains(&(i + 1)))
        })
        .count()
}

#[test]
fn long_files_say_why_in_their_header() {
    let mut problems = Vec::new();
    for (file, source, non_test) in non_test_files() {
        let lines = non_test_lines(&non_test, &source);
        if lines > LONG_FILE_LINES && !header(&source).contains(LONG_FILE_WORDS) {
            problems.push(format!(
                "{}: {lines} lines of non-test code, and its first comment block does not say \
                 why it is {LONG_FILE_WORDS:?}",
                rel(&file)
            ));
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}
