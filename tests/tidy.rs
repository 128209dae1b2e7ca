//! House rules checked on the source text of `src/` (a small lexer, no parser dependency):
//! the core stays pure and below everything else, every `allow` says why, no file grows past
//! 1,000 lines, and no two files import each other, directly or round a longer loop.
//!
//! Each rule is one test, and a failure lists every violation as `file:line`, so one run shows
//! all that is left to fix.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Longest a source file may be.
const MAX_LINES: usize = 1000;

/// Modules of the library that sit above the core.
const ABOVE_CORE: [&str; 8] = [
    "app", "web", "cli", "charts", "i18n", "job", "kit", "workshop",
];

/// Crates only the page may use.
const WEB_CRATES: [&str; 6] = [
    "yew",
    "web_sys",
    "js_sys",
    "wasm_bindgen",
    "gloo",
    "plotters",
];

// ---------------------------------------------------------------------------------------------
// Lexing: comments out, string contents blanked, a token stream with line numbers.
// ---------------------------------------------------------------------------------------------

/// One source line after lexing.
#[derive(Debug, Default, Clone)]
struct Line {
    /// The code: comments removed, string and char literals emptied (`""`, `' '`).
    code: String,
    /// A plain `//` or `/* */` comment is on this line (doc comments do not count: they say
    /// what an item is, not why a lint is silenced).
    comment: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// `::`
    Sep,
    Punct(char),
}

/// A token and the (1-based) line it is on.
#[derive(Debug, Clone)]
struct Token {
    tok: Tok,
    line: usize,
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Splits `text` into lines of code without comments or literal contents.
fn lex_lines(text: &str) -> Vec<Line> {
    let chars: Vec<char> = text.chars().collect();
    let mut lines = vec![Line::default()];
    let mut i = 0;
    let at = |i: usize| chars.get(i).copied().unwrap_or('\0');
    while i < chars.len() {
        let c = chars[i];
        if c == '\n' {
            lines.push(Line::default());
            i += 1;
        } else if c == '/' && at(i + 1) == '/' {
            let doc = (at(i + 2) == '/' && at(i + 3) != '/') || at(i + 2) == '!';
            if !doc {
                if let Some(l) = lines.last_mut() {
                    l.comment = true;
                }
            }
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && at(i + 1) == '*' {
            let doc = (at(i + 2) == '*' && at(i + 3) != '/') || at(i + 2) == '!';
            let mut depth = 0usize;
            loop {
                if i >= chars.len() {
                    break;
                }
                if !doc {
                    if let Some(l) = lines.last_mut() {
                        l.comment = true;
                    }
                }
                if chars[i] == '/' && at(i + 1) == '*' {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && at(i + 1) == '/' {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        lines.push(Line::default());
                    }
                    i += 1;
                }
            }
        } else if c == 'r'
            && (at(i + 1) == '"' || (at(i + 1) == '#' && (at(i + 2) == '"' || at(i + 2) == '#')))
            && (i == 0
                || !is_ident(chars[i - 1])
                || (chars[i - 1] == 'b' && (i < 2 || !is_ident(chars[i - 2]))))
        {
            // Raw string: r"…", r#"…"#, br"…".
            let mut j = i + 1;
            let mut hashes = 0;
            while at(j) == '#' {
                hashes += 1;
                j += 1;
            }
            j += 1; // the opening quote
            loop {
                if j >= chars.len() {
                    break;
                }
                if chars[j] == '"' && (1..=hashes).all(|k| at(j + k) == '#') {
                    j += 1 + hashes;
                    break;
                }
                if chars[j] == '\n' {
                    lines.push(Line::default());
                }
                j += 1;
            }
            if let Some(l) = lines.last_mut() {
                l.code.push_str("\"\"");
            }
            i = j;
        } else if c == '"' {
            let mut j = i + 1;
            while j < chars.len() && chars[j] != '"' {
                if chars[j] == '\\' {
                    j += 1;
                }
                if at(j) == '\n' {
                    lines.push(Line::default());
                }
                j += 1;
            }
            if let Some(l) = lines.last_mut() {
                l.code.push_str("\"\"");
            }
            i = j + 1;
        } else if c == '\'' && (at(i + 1) == '\\' || (at(i + 2) == '\'' && at(i + 1) != '\n')) {
            // A char literal (a lifetime has no closing quote right after one char).
            let mut j = i + 1;
            if at(j) == '\\' {
                j += 2;
                while j < chars.len() && chars[j] != '\'' {
                    j += 1;
                }
            } else {
                j += 1;
            }
            if let Some(l) = lines.last_mut() {
                l.code.push_str("' '");
            }
            i = j + 1;
        } else {
            if let Some(l) = lines.last_mut() {
                l.code.push(c);
            }
            i += 1;
        }
    }
    // A file ending in a newline has no line after it.
    if text.ends_with('\n') {
        lines.pop();
    }
    lines
}

fn tokens(lines: &[Line]) -> Vec<Token> {
    let mut out = Vec::new();
    for (n, l) in lines.iter().enumerate() {
        let chars: Vec<char> = l.code.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            let c = chars[i];
            if c.is_whitespace() {
                i += 1;
            } else if is_ident(c) {
                let start = i;
                while i < chars.len() && is_ident(chars[i]) {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                out.push(Token {
                    tok: Tok::Ident(word),
                    line: n + 1,
                });
            } else if c == ':' && chars.get(i + 1) == Some(&':') {
                out.push(Token {
                    tok: Tok::Sep,
                    line: n + 1,
                });
                i += 2;
            } else {
                out.push(Token {
                    tok: Tok::Punct(c),
                    line: n + 1,
                });
                i += 1;
            }
        }
    }
    out
}

fn ident(t: Option<&Token>) -> Option<&str> {
    match t.map(|t| &t.tok) {
        Some(Tok::Ident(s)) => Some(s.as_str()),
        _ => None,
    }
}

fn is_punct(t: Option<&Token>, p: char) -> bool {
    matches!(t.map(|t| &t.tok), Some(Tok::Punct(q)) if *q == p)
}

fn is_sep(t: Option<&Token>) -> bool {
    matches!(t.map(|t| &t.tok), Some(Tok::Sep))
}

// ---------------------------------------------------------------------------------------------
// Source files and their module tree.
// ---------------------------------------------------------------------------------------------

/// One imported path of a `use` tree, expanded: `use a::{b, c::d as e}` gives `a::b` and
/// `a::c::d` (local name `e`).
#[derive(Debug, Clone)]
struct UsePath {
    segs: Vec<String>,
    /// The name it brings into scope (`None` for a glob).
    local: Option<String>,
    line: usize,
    /// The inline module the `use` sits in (e.g. `tests`), relative to the file's module.
    scope: Vec<String>,
}

/// A path written in code: `crate::a::b(…)`, `super::x::Y`, `common::Builder::new`.
#[derive(Debug, Clone)]
struct CodePath {
    segs: Vec<String>,
    line: usize,
    scope: Vec<String>,
}

struct File {
    /// `src/…` with forward slashes.
    path: String,
    text: String,
    lines: Vec<Line>,
    uses: Vec<UsePath>,
    paths: Vec<CodePath>,
    /// `mod x;` declarations (a file of their own).
    mod_decls: Vec<String>,
    /// `mod x { … }` modules written inline, relative to the file's module.
    inline_mods: Vec<Vec<String>>,
    /// Line ranges (1-based, inclusive) of `#[cfg(test)] mod x { … }`.
    test_lines: Vec<(usize, usize)>,
}

impl File {
    fn new(path: &str, text: &str) -> File {
        let lines = lex_lines(text);
        let toks = tokens(&lines);
        let mut f = File {
            path: path.to_string(),
            text: text.to_string(),
            lines,
            uses: Vec::new(),
            paths: Vec::new(),
            mod_decls: Vec::new(),
            inline_mods: Vec::new(),
            test_lines: Vec::new(),
        };
        f.scan(&toks);
        f
    }

    /// Finds `use` trees, code paths and module declarations, tracking inline modules by
    /// their braces so a path in `mod tests { … }` is read relative to `tests`.
    fn scan(&mut self, toks: &[Token]) {
        let mut depth = 0usize;
        // (module name, brace depth inside it, first line if it is a test module)
        let mut stack: Vec<(String, usize, Option<usize>)> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            let scope: Vec<String> = stack.iter().map(|(n, _, _)| n.clone()).collect();
            let t = &toks[i];
            match &t.tok {
                Tok::Punct('{') => {
                    depth += 1;
                    i += 1;
                }
                Tok::Punct('}') => {
                    if stack.last().is_some_and(|(_, d, _)| *d == depth) {
                        if let Some((_, _, Some(first))) = stack.pop() {
                            self.test_lines.push((first, t.line));
                        }
                    }
                    depth = depth.saturating_sub(1);
                    i += 1;
                }
                Tok::Ident(w)
                    if w == "mod" && !is_sep(i.checked_sub(1).and_then(|k| toks.get(k))) =>
                {
                    match (ident(toks.get(i + 1)), toks.get(i + 2).map(|t| &t.tok)) {
                        (Some(name), Some(Tok::Punct(';'))) if stack.is_empty() => {
                            self.mod_decls.push(name.to_string());
                            i += 3;
                        }
                        (Some(name), Some(Tok::Punct('{'))) => {
                            let mut m = scope.clone();
                            m.push(name.to_string());
                            self.inline_mods.push(m);
                            depth += 1;
                            let cfg_test = ["#", "[", "cfg", "(", "test", ")", "]"];
                            let is_test = i >= 7
                                && toks[i - 7..i]
                                    .iter()
                                    .zip(cfg_test)
                                    .all(|(t, w)| match &t.tok {
                                        Tok::Ident(s) => s == w,
                                        Tok::Punct(c) => w.len() == 1 && w.starts_with(*c),
                                        Tok::Sep => false,
                                    });
                            stack.push((name.to_string(), depth, is_test.then_some(t.line)));
                            i += 3;
                        }
                        _ => i += 1,
                    }
                }
                Tok::Ident(w) if w == "use" => {
                    let mut out = Vec::new();
                    i = use_tree(toks, i + 1, Vec::new(), &mut out);
                    for (segs, local, line) in out {
                        self.uses.push(UsePath {
                            segs,
                            local,
                            line,
                            scope: scope.clone(),
                        });
                    }
                }
                Tok::Ident(w)
                    if is_sep(toks.get(i + 1))
                        && !is_sep(i.checked_sub(1).and_then(|k| toks.get(k))) =>
                {
                    let mut segs = vec![w.clone()];
                    let line = t.line;
                    let mut j = i + 1;
                    while is_sep(toks.get(j)) {
                        match ident(toks.get(j + 1)) {
                            Some(s) => {
                                segs.push(s.to_string());
                                j += 2;
                            }
                            None => break,
                        }
                    }
                    self.paths.push(CodePath { segs, line, scope });
                    i = j;
                }
                _ => i += 1,
            }
        }
    }

    fn in_tests(&self, line: usize) -> bool {
        self.test_lines
            .iter()
            .any(|&(a, b)| (a..=b).contains(&line))
    }

    fn is_mod_rs(&self) -> bool {
        let name = self.path.rsplit('/').next().unwrap_or("");
        name == "mod.rs"
            || name == "lib.rs"
            || name == "main.rs"
            || self.path.starts_with("src/bin/")
    }
}

/// Parses one use tree from `i` (after `use`), returning the index after it.
fn use_tree(
    toks: &[Token],
    mut i: usize,
    prefix: Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>, usize)>,
) -> usize {
    let mut segs = prefix;
    loop {
        let t = toks.get(i);
        let line = t.map_or(0, |t| t.line);
        match t.map(|t| &t.tok) {
            Some(Tok::Sep) => i += 1,
            Some(Tok::Ident(name)) => {
                segs.push(name.clone());
                i += 1;
                if is_sep(toks.get(i)) {
                    i += 1;
                    continue;
                }
                let mut local = name.clone();
                if ident(toks.get(i)) == Some("as") {
                    local = ident(toks.get(i + 1)).unwrap_or("_").to_string();
                    i += 2;
                }
                if segs.last().is_some_and(|s| s == "self") {
                    segs.pop();
                    if local == "self" {
                        local = segs.last().cloned().unwrap_or_default();
                    }
                }
                out.push((segs, Some(local), line));
                return i;
            }
            Some(Tok::Punct('*')) => {
                out.push((segs, None, line));
                return i + 1;
            }
            Some(Tok::Punct('{')) => {
                i += 1;
                while i < toks.len() && !is_punct(toks.get(i), '}') {
                    let before = i;
                    i = use_tree(toks, i, segs.clone(), out);
                    if is_punct(toks.get(i), ',') {
                        i += 1;
                    }
                    if i == before {
                        i += 1;
                    }
                }
                return i + 1;
            }
            _ => return i,
        }
    }
}

/// Which crate a file belongs to and its module path in it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct ModPath {
    krate: String,
    segs: Vec<String>,
}

/// All files of `src/`, their module tree and the graph of which file names which.
struct Tree {
    files: Vec<File>,
    /// Module → the file it is written in (inline modules map to their file).
    modules: BTreeMap<ModPath, usize>,
    /// File → its module.
    module_of: Vec<Option<ModPath>>,
}

/// An edge: file `from` names something of file `to` at `line` of `from`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Edge {
    from: usize,
    to: usize,
    line: usize,
}

/// Where a path starts when its first segment is `crate`, the library, `self` or `super`: the
/// crate, the module's segments and the rest of the path. `None` for a plain name, which the
/// callers resolve each in their own way.
fn anchor<'s>(
    here: &ModPath,
    cur: &[String],
    segs: &'s [String],
) -> Option<(String, Vec<String>, &'s [String])> {
    match segs.first()?.as_str() {
        "crate" => Some((here.krate.clone(), Vec::new(), &segs[1..])),
        "visit_sandbox" => Some(("lib".to_string(), Vec::new(), &segs[1..])),
        "self" => Some((here.krate.clone(), cur.to_vec(), &segs[1..])),
        "super" => {
            let k = segs.iter().take_while(|s| *s == "super").count();
            let mut m = cur.to_vec();
            m.truncate(m.len().saturating_sub(k));
            Some((here.krate.clone(), m, &segs[k..]))
        }
        _ => None,
    }
}

impl Tree {
    fn new(sources: Vec<(String, String)>) -> Tree {
        let files: Vec<File> = sources.iter().map(|(p, t)| File::new(p, t)).collect();
        let index: BTreeMap<&str, usize> = files
            .iter()
            .enumerate()
            .map(|(i, f)| (f.path.as_str(), i))
            .collect();
        let mut tree = Tree {
            modules: BTreeMap::new(),
            module_of: vec![None; files.len()],
            files: Vec::new(),
        };
        // Crate roots, then every `mod x;` followed to its file.
        let mut queue: Vec<(usize, ModPath)> = Vec::new();
        for (i, f) in files.iter().enumerate() {
            let krate = if f.path == "src/lib.rs" {
                Some("lib".to_string())
            } else if f.path == "src/main.rs" {
                Some("main".to_string())
            } else if f.path.starts_with("src/bin/") && f.path.matches('/').count() == 2 {
                Some(f.path.clone())
            } else {
                None
            };
            if let Some(krate) = krate {
                queue.push((
                    i,
                    ModPath {
                        krate,
                        segs: Vec::new(),
                    },
                ));
            }
        }
        while let Some((fi, mp)) = queue.pop() {
            if tree.module_of[fi].is_some() {
                continue;
            }
            tree.module_of[fi] = Some(mp.clone());
            tree.modules.insert(mp.clone(), fi);
            let f = &files[fi];
            for inline in &f.inline_mods {
                let mut segs = mp.segs.clone();
                segs.extend(inline.iter().cloned());
                tree.modules.insert(
                    ModPath {
                        krate: mp.krate.clone(),
                        segs,
                    },
                    fi,
                );
            }
            let dir = if f.is_mod_rs() {
                f.path
                    .rsplit_once('/')
                    .map_or(String::new(), |(d, _)| d.to_string())
            } else {
                f.path.trim_end_matches(".rs").to_string()
            };
            for name in &f.mod_decls {
                let a = format!("{dir}/{name}.rs");
                let b = format!("{dir}/{name}/mod.rs");
                if let Some(&ci) = index.get(a.as_str()).or_else(|| index.get(b.as_str())) {
                    let mut segs = mp.segs.clone();
                    segs.push(name.clone());
                    queue.push((
                        ci,
                        ModPath {
                            krate: mp.krate.clone(),
                            segs,
                        },
                    ));
                }
            }
        }
        tree.files = files;
        tree
    }

    fn from_dir(root: &Path) -> Tree {
        let mut sources = Vec::new();
        let mut stack = vec![root.join("src")];
        while let Some(dir) = stack.pop() {
            let Ok(entries) = std::fs::read_dir(&dir) else {
                continue;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    stack.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") {
                    let rel = p
                        .strip_prefix(root)
                        .map(|r| r.to_string_lossy().replace('\\', "/"))
                        .unwrap_or_default();
                    let text = std::fs::read_to_string(&p).unwrap_or_default();
                    sources.push((rel, text));
                }
            }
        }
        sources.sort();
        Tree::new(sources)
    }

    /// The file a path names: the deepest module of the path that exists (an item defined or
    /// re-exported in a `mod.rs` resolves to that `mod.rs`). `None` for other crates.
    fn resolve(
        &self,
        fi: usize,
        scope: &[String],
        segs: &[String],
        aliases: &BTreeMap<String, ModPath>,
    ) -> Option<(usize, bool)> {
        let here = self.module_of[fi].clone()?;
        let mut cur = here.segs.clone();
        cur.extend(scope.iter().cloned());
        let first = segs.first()?;
        let (krate, mut abs, rest) = match anchor(&here, &cur, segs) {
            Some(anchored) => anchored,
            None => {
                let name = first.as_str();
                let mut child = cur.clone();
                child.push(name.to_string());
                let child = ModPath {
                    krate: here.krate.clone(),
                    segs: child,
                };
                if self.modules.contains_key(&child) {
                    (child.krate, child.segs, &segs[1..])
                } else if let Some(m) = aliases.get(name) {
                    (m.krate.clone(), m.segs.clone(), &segs[1..])
                } else {
                    return None;
                }
            }
        };
        abs.extend(rest.iter().cloned());
        // Deepest existing module.
        for n in (0..=abs.len()).rev() {
            let mp = ModPath {
                krate: krate.clone(),
                segs: abs[..n].to_vec(),
            };
            if let Some(&f) = self.modules.get(&mp) {
                return Some((f, n == abs.len()));
            }
        }
        None
    }

    /// Every edge between different files, with the line that makes it.
    fn edges(&self) -> Vec<Edge> {
        let mut out = BTreeSet::new();
        for (fi, f) in self.files.iter().enumerate() {
            // Names a `use` brings in that are modules: paths through them are followed.
            let mut aliases: BTreeMap<String, ModPath> = BTreeMap::new();
            for u in &f.uses {
                if let (Some(local), Some(mp)) = (&u.local, self.module_path(fi, &u.scope, &u.segs))
                {
                    aliases.insert(local.clone(), mp);
                }
            }
            for u in &f.uses {
                if let Some((to, whole)) = self.resolve(fi, &u.scope, &u.segs, &aliases) {
                    // Importing a module names nothing yet; its uses below do. A glob names
                    // the module's items.
                    if whole && u.local.is_some() {
                        continue;
                    }
                    if to != fi {
                        out.insert(Edge {
                            from: fi,
                            to,
                            line: u.line,
                        });
                    }
                }
            }
            for p in &f.paths {
                if let Some((to, _)) = self.resolve(fi, &p.scope, &p.segs, &aliases) {
                    if to != fi {
                        out.insert(Edge {
                            from: fi,
                            to,
                            line: p.line,
                        });
                    }
                }
            }
        }
        out.into_iter().collect()
    }

    /// The module a path that names a module names (for aliases).
    fn module_path(&self, fi: usize, scope: &[String], segs: &[String]) -> Option<ModPath> {
        let (to, whole) = self.resolve(fi, scope, segs, &BTreeMap::new())?;
        if !whole {
            return None;
        }
        // The module whose file is `to` and that the full path names: rebuild it.
        let here = self.module_of[fi].clone()?;
        let mut cur = here.segs.clone();
        cur.extend(scope.iter().cloned());
        let first = segs.first()?;
        let (krate, mut abs, rest) = match anchor(&here, &cur, segs) {
            Some(anchored) => anchored,
            None => {
                let mut m = cur;
                m.push(first.to_string());
                (here.krate.clone(), m, &segs[1..])
            }
        };
        abs.extend(rest.iter().cloned());
        let mp = ModPath { krate, segs: abs };
        (self.modules.get(&mp) == Some(&to)).then_some(mp)
    }

    /// Strongly connected components of more than one file (Tarjan), each sorted, with the
    /// edges inside it.
    fn cycles(&self) -> Vec<(Vec<usize>, Vec<Edge>)> {
        let edges = self.edges();
        let n = self.files.len();
        let mut adj: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); n];
        for e in &edges {
            adj[e.from].insert(e.to);
        }
        let mut index = vec![usize::MAX; n];
        let mut low = vec![0; n];
        let mut on_stack = vec![false; n];
        let mut stack = Vec::new();
        let mut next = 0;
        let mut comps = Vec::new();
        // Iterative Tarjan: (node, neighbours still to visit).
        for start in 0..n {
            if index[start] != usize::MAX {
                continue;
            }
            let mut work: Vec<(usize, Vec<usize>)> = Vec::new();
            index[start] = next;
            low[start] = next;
            next += 1;
            stack.push(start);
            on_stack[start] = true;
            work.push((start, adj[start].iter().rev().copied().collect()));
            while let Some((v, todo)) = work.last_mut() {
                let v = *v;
                if let Some(w) = todo.pop() {
                    if index[w] == usize::MAX {
                        index[w] = next;
                        low[w] = next;
                        next += 1;
                        stack.push(w);
                        on_stack[w] = true;
                        work.push((w, adj[w].iter().rev().copied().collect()));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                } else {
                    work.pop();
                    if let Some((u, _)) = work.last() {
                        low[*u] = low[*u].min(low[v]);
                    }
                    if low[v] == index[v] {
                        let mut comp = Vec::new();
                        while let Some(w) = stack.pop() {
                            on_stack[w] = false;
                            comp.push(w);
                            if w == v {
                                break;
                            }
                        }
                        if comp.len() > 1 {
                            comp.sort_by(|a, b| self.files[*a].path.cmp(&self.files[*b].path));
                            comps.push(comp);
                        }
                    }
                }
            }
        }
        comps.sort_by(|a, b| self.files[a[0]].path.cmp(&self.files[b[0]].path));
        comps
            .into_iter()
            .map(|c| {
                let set: BTreeSet<usize> = c.iter().copied().collect();
                let inner = edges
                    .iter()
                    .filter(|e| set.contains(&e.from) && set.contains(&e.to))
                    .cloned()
                    .collect();
                (c, inner)
            })
            .collect()
    }

    fn is_core(&self, fi: usize) -> bool {
        self.files[fi].path.starts_with("src/core/")
    }

    // -----------------------------------------------------------------------------------------
    // The rules, each returning its violations as printable lines.
    // -----------------------------------------------------------------------------------------

    /// (a) The core names nothing above it and no web crate.
    fn core_layering(&self) -> Vec<String> {
        let mut v = BTreeSet::new();
        for e in self.edges() {
            if self.is_core(e.from) && !self.is_core(e.to) {
                v.insert((
                    self.files[e.from].path.clone(),
                    e.line,
                    format!("names {}", self.files[e.to].path),
                ));
            }
        }
        for (fi, f) in self.files.iter().enumerate() {
            if !self.is_core(fi) {
                continue;
            }
            let named = f
                .uses
                .iter()
                .map(|u| (&u.segs, u.line))
                .chain(f.paths.iter().map(|p| (&p.segs, p.line)));
            for (segs, line) in named {
                let first = segs.first().map_or("", String::as_str);
                let second = segs.get(1).map_or("", String::as_str);
                let web = WEB_CRATES.iter().any(|c| {
                    first == *c
                        || (first.starts_with(c) && first[c.len()..].starts_with('_'))
                        || first.starts_with("plotters")
                });
                let above = (first == "crate" && ABOVE_CORE.contains(&second))
                    || (first == "visit_sandbox" && second != "core");
                if web || above {
                    v.insert((f.path.clone(), line, format!("names {}", segs.join("::"))));
                }
            }
        }
        one_per_line(v)
    }

    /// (b) No clock, thread, file system, process environment, console or unordered
    /// collection in the core: the same input gives the same output everywhere.
    fn core_purity(&self) -> Vec<String> {
        const WORDS: [&str; 8] = [
            "Instant",
            "SystemTime",
            "HashMap",
            "HashSet",
            "thread_rng",
            "OsRng",
            "File",
            "OpenOptions",
        ];
        const PATHS: [&str; 12] = [
            "thread::spawn",
            "std::thread",
            "std::fs",
            "std::env",
            "std::io::stdin",
            "std::io::stdout",
            "std::io::stderr",
            "std::time",
            "std::process",
            "std::net",
            "File::",
            "from_entropy",
        ];
        const MACROS: [&str; 5] = ["println!", "eprintln!", "print!", "eprint!", "dbg!"];
        let mut v = BTreeSet::new();
        for (fi, f) in self.files.iter().enumerate() {
            if !self.is_core(fi) {
                continue;
            }
            for (n, l) in f.lines.iter().enumerate() {
                let squashed: String = l.code.chars().filter(|c| !c.is_whitespace()).collect();
                for w in WORDS {
                    if has_word(&l.code, w) {
                        v.insert((f.path.clone(), n + 1, w.to_string()));
                    }
                }
                // A test may print what it measured; library code has no console.
                let macros = if f.in_tests(n + 1) {
                    &[][..]
                } else {
                    &MACROS[..]
                };
                for p in PATHS.iter().chain(macros) {
                    if let Some(k) = squashed.find(p) {
                        if k == 0 || !squashed[..k].chars().next_back().is_some_and(is_ident) {
                            v.insert((f.path.clone(), n + 1, p.to_string()));
                        }
                    }
                }
            }
            // Grouped imports: `use std::{fs, thread}`.
            for u in &f.uses {
                let full = u.segs.join("::");
                for p in PATHS {
                    if full.starts_with(p) && !full.starts_with("std::time::Duration") {
                        v.insert((f.path.clone(), u.line, p.to_string()));
                    }
                }
            }
        }
        one_per_line(v)
    }

    /// (c) Every `allow`/`expect` says why: `reason = "…"` inside it, or a `//` comment on
    /// its line or the line above.
    fn unreasoned_allows(&self) -> Vec<String> {
        let mut v = Vec::new();
        for f in &self.files {
            for (line, attr) in allow_attrs(&f.lines) {
                if !allow_has_reason(&f.lines, line, &attr) {
                    v.push(format!("{}:{}: {}", f.path, line + 1, attr.trim()));
                }
            }
        }
        v
    }

    /// (d) No file over `MAX_LINES` lines.
    fn long_files(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .files
            .iter()
            .filter(|f| f.text.lines().count() > MAX_LINES)
            .map(|f| {
                format!(
                    "{}:{}: {} lines (at most {MAX_LINES})",
                    f.path,
                    MAX_LINES + 1,
                    f.text.lines().count()
                )
            })
            .collect();
        v.sort();
        v
    }

    /// (e) Every import cycle, with the lines that close it.
    fn cycle_report(&self) -> Vec<String> {
        self.cycles()
            .into_iter()
            .map(|(comp, edges)| {
                let names: Vec<&str> = comp.iter().map(|&i| self.files[i].path.as_str()).collect();
                let mut s = format!("cycle of {} files: {}", comp.len(), names.join(", "));
                // One line per (from, to) pair, with every line that makes it.
                let mut pairs: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
                for e in edges {
                    pairs.entry((e.from, e.to)).or_default().push(e.line);
                }
                for ((from, to), lines) in pairs {
                    let at: Vec<String> = lines
                        .iter()
                        .map(|l| format!("{}:{l}", self.files[from].path))
                        .collect();
                    s.push_str(&format!(
                        "\n    {} -> {}  ({})",
                        self.files[from].path,
                        self.files[to].path,
                        at.join(", ")
                    ));
                }
                s
            })
            .collect()
    }
}

/// `file:line: what, what` with the findings of one line together.
fn one_per_line(v: BTreeSet<(String, usize, String)>) -> Vec<String> {
    let mut by_line: BTreeMap<(String, usize), Vec<String>> = BTreeMap::new();
    for (p, l, what) in v {
        by_line.entry((p, l)).or_default().push(what);
    }
    by_line
        .into_iter()
        .map(|((p, l), what)| format!("{p}:{l}: {}", what.join(", ")))
        .collect()
}

fn has_word(code: &str, w: &str) -> bool {
    let mut from = 0;
    while let Some(k) = code[from..].find(w) {
        let s = from + k;
        let e = s + w.len();
        let before = code[..s].chars().next_back().is_some_and(is_ident);
        let after = code[e..].chars().next().is_some_and(is_ident);
        if !before && !after {
            return true;
        }
        from = e;
    }
    false
}

/// Every `#[allow(…)]`, `#![allow(…)]`, `#[expect(…)]` (also inside `cfg_attr`): the 0-based
/// line it starts on and its text (spanning lines if it does).
fn allow_attrs(lines: &[Line]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (n, l) in lines.iter().enumerate() {
        let code = &l.code;
        let mut from = 0;
        while let Some(k) = code[from..].find('#') {
            let s = from + k;
            from = s + 1;
            let rest: String = code[s + 1..]
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect();
            let rest = rest.strip_prefix('!').unwrap_or(&rest);
            if !rest.starts_with('[') {
                continue;
            }
            // Gather the attribute up to its closing bracket.
            let mut text = String::new();
            let mut depth = 0i32;
            'lines: for l2 in &lines[n..] {
                let part = if text.is_empty() {
                    &code[s..]
                } else {
                    l2.code.as_str()
                };
                for c in part.chars() {
                    text.push(c);
                    if c == '[' {
                        depth += 1;
                    } else if c == ']' {
                        depth -= 1;
                        if depth == 0 {
                            break 'lines;
                        }
                    }
                }
                text.push('\n');
            }
            let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            let inner = squashed
                .trim_start_matches('#')
                .trim_start_matches('!')
                .trim_start_matches('[');
            let lint = inner.starts_with("allow(") || inner.starts_with("expect(");
            let cfg = inner.starts_with("cfg_attr(")
                && (inner.contains("allow(") || inner.contains("expect("));
            if lint || cfg {
                out.push((n, text));
            }
        }
    }
    out
}

fn allow_has_reason(lines: &[Line], start: usize, attr: &str) -> bool {
    let squashed: String = attr.chars().filter(|c| !c.is_whitespace()).collect();
    if squashed.contains("reason=") {
        return true;
    }
    let span = attr.matches('\n').count();
    let on_lines = (start..=start + span).any(|k| lines.get(k).is_some_and(|l| l.comment));
    let above = start > 0 && lines.get(start - 1).is_some_and(|l| l.comment);
    on_lines || above
}

fn repo() -> Tree {
    Tree::from_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
}

fn report(rule: &str, v: &[String]) {
    assert!(
        v.is_empty(),
        "{rule}: {} violation(s)\n  {}\n",
        v.len(),
        v.join("\n  ")
    );
}

// ---------------------------------------------------------------------------------------------
// The rules on the repository.
// ---------------------------------------------------------------------------------------------

#[test]
fn core_imports_nothing_above_it() {
    report(
        "(a) src/core names a module above it or a web crate",
        &repo().core_layering(),
    );
}

#[test]
fn core_has_no_clock_thread_file_or_unordered_map() {
    report(
        "(b) src/core uses a clock, thread, file system, console or HashMap/HashSet",
        &repo().core_purity(),
    );
}

#[test]
fn every_allow_gives_its_reason() {
    report(
        "(c) allow/expect without a reason (reason = \"…\" or a // comment on its line or the line above)",
        &repo().unreasoned_allows(),
    );
}

#[test]
fn no_source_file_over_a_thousand_lines() {
    report("(d) source files over 1,000 lines", &repo().long_files());
}

#[test]
fn no_import_cycles_between_files() {
    report("(e) import cycles between files", &repo().cycle_report());
}

// ---------------------------------------------------------------------------------------------
// The scanner itself.
// ---------------------------------------------------------------------------------------------

fn fake(files: &[(&str, &str)]) -> Tree {
    Tree::new(
        files
            .iter()
            .map(|(p, t)| (p.to_string(), t.to_string()))
            .collect(),
    )
}

fn cycle_names(t: &Tree) -> Vec<Vec<String>> {
    t.cycles()
        .into_iter()
        .map(|(c, _)| c.iter().map(|&i| t.files[i].path.clone()).collect())
        .collect()
}

#[test]
fn scanner_finds_a_two_file_cycle() {
    let t = fake(&[
        ("src/lib.rs", "pub mod a;\npub mod b;\n"),
        ("src/a.rs", "use crate::b::X;\npub struct Y;\n"),
        (
            "src/b.rs",
            "pub struct X;\npub fn f() -> crate::a::Y { crate::a::Y }\n",
        ),
    ]);
    assert_eq!(
        cycle_names(&t),
        vec![vec!["src/a.rs".to_string(), "src/b.rs".to_string()]]
    );
    let report = t.cycle_report();
    assert!(
        report[0].contains("src/b.rs -> src/a.rs  (src/b.rs:2)"),
        "{report:?}"
    );
}

#[test]
fn scanner_finds_a_longer_cycle_through_a_module_alias_and_a_grouped_use() {
    let t = fake(&[
        ("src/lib.rs", "pub mod core;\n"),
        ("src/core/mod.rs", "pub mod a;\npub mod b;\npub mod c;\n"),
        (
            "src/core/a.rs",
            "use super::{b::{self}, c::Z as W};\nfn f() { b::g(); }\n",
        ),
        ("src/core/b.rs", "pub fn g() {}\n"),
        (
            "src/core/c.rs",
            "pub struct Z;\nuse crate::core::b;\nfn h() { b::g(); super::a::x(); }\n",
        ),
    ]);
    assert_eq!(
        cycle_names(&t),
        vec![vec![
            "src/core/a.rs".to_string(),
            "src/core/c.rs".to_string()
        ]]
    );
}

#[test]
fn scanner_ignores_tests_glob_module_declarations_and_comments() {
    let t = fake(&[
        ("src/lib.rs", "pub mod m;\n"),
        // The parent declares and re-exports its children; the children import siblings.
        (
            "src/m/mod.rs",
            "pub mod a;\npub mod b;\npub use a::X;\n// use b::Y; in a comment\n",
        ),
        (
            "src/m/a.rs",
            "use super::b::Y;\npub struct X(Y);\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
        ),
        (
            "src/m/b.rs",
            "pub struct Y;\nconst S: &str = \"crate::m::a::X\";\n",
        ),
    ]);
    assert!(cycle_names(&t).is_empty(), "{:?}", t.cycle_report());
    // A child naming what its parent re-exports closes a loop.
    let t = fake(&[
        ("src/lib.rs", "pub mod m;\n"),
        (
            "src/m/mod.rs",
            "pub mod a;\npub mod b;\npub use a::X;\npub fn all() { b::run() }\n",
        ),
        ("src/m/a.rs", "pub struct X;\n"),
        ("src/m/b.rs", "use super::X;\npub fn run() {}\n"),
    ]);
    assert_eq!(
        cycle_names(&t),
        vec![vec!["src/m/b.rs".to_string(), "src/m/mod.rs".to_string()]]
    );
}

#[test]
fn scanner_accepts_a_reasoned_allow_and_flags_a_bare_one() {
    let t = fake(&[(
        "src/lib.rs",
        "// one call site; a struct would only rename them\n#[allow(clippy::too_many_arguments)]\nfn a() {}\n\
         #[allow(dead_code)] // kept for the benchmark\nfn b() {}\n\
         #[expect(dead_code, reason = \"used in wasm only\")]\nfn c() {}\n\
         /// A doc comment is not a reason.\n#[allow(dead_code)]\nfn d() {}\n\
         #![allow(\n    unused\n)]\n",
    )]);
    let v = t.unreasoned_allows();
    assert_eq!(v.len(), 2, "{v:?}");
    assert!(v[0].starts_with("src/lib.rs:9:"), "{v:?}");
    assert!(v[1].starts_with("src/lib.rs:11:"), "{v:?}");
}

#[test]
fn scanner_flags_impure_core_code_but_not_comments_or_strings() {
    let t = fake(&[
        ("src/lib.rs", "pub mod core;\npub mod i18n;\n"),
        ("src/i18n.rs", "pub fn t() {}\n"),
        ("src/core/mod.rs", "pub mod a;\n"),
        (
            "src/core/a.rs",
            "use std::collections::HashMap;\n// a HashMap in a comment\nconst S: &str = \"Instant\";\n\
             use std::{fs, thread};\nfn f() { let _ = std::time::Instant::now(); crate::i18n::t(); }\n\
             use yew::prelude::*;\nfn g() { println!(\"\"); }\n#[cfg(test)]\nmod tests {\n    fn t() { println!(\"\"); }\n}\n",
        ),
    ]);
    let purity = t.core_purity();
    let lines: BTreeSet<&str> = purity
        .iter()
        .map(|s| s.split(": ").next().unwrap_or(""))
        .collect();
    assert_eq!(
        lines,
        [
            "src/core/a.rs:1",
            "src/core/a.rs:4",
            "src/core/a.rs:5",
            "src/core/a.rs:7"
        ]
        .into_iter()
        .collect(),
        "{purity:?}"
    );
    let layering = t.core_layering();
    assert!(
        layering.iter().any(|s| s.starts_with("src/core/a.rs:5:")),
        "{layering:?}"
    );
    assert!(
        layering.iter().any(|s| s.starts_with("src/core/a.rs:6:")),
        "{layering:?}"
    );
}

#[test]
fn lexer_keeps_lines_through_strings_and_comments() {
    let lines =
        lex_lines("let a = \"x\ny\"; /* b\nc */ let d = r#\"e\"#;\nlet f = 'g'; fn h<'a>() {}\n");
    assert_eq!(lines.len(), 4);
    assert_eq!(lines[2].code.trim(), "let d = \"\";");
    assert!(lines[2].comment);
    assert_eq!(lines[3].code, "let f = ' '; fn h<'a>() {}");
}
