//! The core's modules import each other in one direction only: at every level of the
//! module tree, the sibling modules form no cycle (`make layers`).
//!
//! A module's own submodules and ancestors are not its neighbours: `import` may use
//! `import::store` and the other way round. Between siblings, a cycle means that neither
//! owns what they share; move the shared part to the one that owns it, or below both.
//! Test modules (`#[cfg(test)]`) are left out. References are read from the source with
//! `syn`: `use` trees, paths in code and types, and `crate::…`/`super::…` paths written
//! inside macros; `pub use` re-exports are followed to the module that defines the item.

use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
};

use proc_macro2::{TokenStream, TokenTree};
use syn::visit::Visit;

type ModPath = Vec<String>;

struct Module {
    file: PathBuf,
    children: BTreeSet<String>,
    /// Names this module re-exports (`pub use a::b::Name`), as written (unresolved).
    reexports: BTreeMap<String, Written>,
    /// Paths this module refers to, as written.
    references: Vec<Written>,
}

/// A path as written in a module: its segments, from the module it was written in.
#[derive(Clone)]
struct Written {
    from: ModPath,
    segments: Vec<String>,
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|a| a.path().is_ident("cfg") && a.parse_args::<syn::Meta>().is_ok_and(|m| m.path().is_ident("test")))
}

/// The file of submodule `name` declared in `file` (module at `depth` > 0 unless the root).
fn child_file(file: &Path, name: &str) -> PathBuf {
    let dir = file.parent().unwrap();
    let stem = file.file_stem().unwrap().to_str().unwrap();
    let base = if stem == "lib" || stem == "mod" { dir.to_path_buf() } else { dir.join(stem) };
    let flat = base.join(format!("{name}.rs"));
    if flat.exists() { flat } else { base.join(name).join("mod.rs") }
}

/// Reads `file` as module `path`, and its submodules.
fn load(file: &Path, path: ModPath, modules: &mut BTreeMap<ModPath, Module>) {
    let text = std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let syntax = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    let mut module = Module {
        file: file.to_path_buf(),
        children: BTreeSet::new(),
        reexports: BTreeMap::new(),
        references: Vec::new(),
    };
    let mut submodules = Vec::new();
    for item in &syntax.items {
        match item {
            syn::Item::Mod(m) if is_test_only(&m.attrs) => {}
            syn::Item::Mod(m) if m.content.is_none() => {
                module.children.insert(m.ident.to_string());
                submodules.push(m.ident.to_string());
            }
            syn::Item::Use(u) if matches!(u.vis, syn::Visibility::Public(_)) => {
                let mut uses = Vec::new();
                flatten_use(&u.tree, &mut Vec::new(), &mut uses);
                for (name, segments) in uses {
                    module.reexports.insert(name, Written { from: path.clone(), segments });
                }
            }
            _ => {}
        }
    }
    let mut collector = Collector { from: path.clone(), found: Vec::new() };
    for item in &syntax.items {
        let test_only = match item {
            syn::Item::Mod(m) => is_test_only(&m.attrs),
            syn::Item::Fn(f) => is_test_only(&f.attrs),
            syn::Item::Use(u) => is_test_only(&u.attrs),
            syn::Item::Impl(i) => is_test_only(&i.attrs),
            _ => false,
        };
        if !test_only {
            collector.visit_item(item);
        }
    }
    module.references = collector.found;
    modules.insert(path.clone(), module);
    for name in submodules {
        let mut child = path.clone();
        child.push(name.clone());
        load(&child_file(file, &name), child, modules);
    }
}

/// Every path a `use` tree names, with the name it binds.
fn flatten_use(tree: &syn::UseTree, prefix: &mut Vec<String>, out: &mut Vec<(String, Vec<String>)>) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            flatten_use(&p.tree, prefix, out);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            let name = n.ident.to_string();
            let mut full = prefix.clone();
            if name != "self" {
                full.push(name.clone());
            }
            let bound = if name == "self" { prefix.last().cloned().unwrap_or_default() } else { name };
            out.push((bound, full));
        }
        syn::UseTree::Rename(r) => {
            let mut full = prefix.clone();
            if r.ident != "self" {
                full.push(r.ident.to_string());
            }
            out.push((r.rename.to_string(), full));
        }
        syn::UseTree::Glob(_) => out.push(("*".into(), prefix.clone())),
        syn::UseTree::Group(g) => {
            for tree in &g.items {
                flatten_use(tree, prefix, out);
            }
        }
    }
}

struct Collector {
    from: ModPath,
    found: Vec<Written>,
}

impl Collector {
    fn add(&mut self, segments: Vec<String>) {
        if !segments.is_empty() {
            self.found.push(Written { from: self.from.clone(), segments });
        }
    }

    /// `crate::a::b`, `super::a`, `self::a` paths inside a macro's tokens.
    fn scan_tokens(&mut self, tokens: TokenStream) {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut i = 0;
        while i < trees.len() {
            if let TokenTree::Group(g) = &trees[i] {
                self.scan_tokens(g.stream());
            }
            let starts = matches!(&trees[i], TokenTree::Ident(id) if id == "crate" || id == "super");
            if starts {
                let mut segments = Vec::new();
                let mut j = i;
                while let Some(TokenTree::Ident(id)) = trees.get(j) {
                    segments.push(id.to_string());
                    let colons = matches!(
                        (trees.get(j + 1), trees.get(j + 2)),
                        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == ':' && b.as_char() == ':'
                    );
                    if !colons {
                        break;
                    }
                    j += 3;
                }
                i = j.max(i);
                self.add(segments);
            }
            i += 1;
        }
    }
}

impl<'ast> Visit<'ast> for Collector {
    fn visit_item_use(&mut self, node: &'ast syn::ItemUse) {
        let mut uses = Vec::new();
        flatten_use(&node.tree, &mut Vec::new(), &mut uses);
        for (_, segments) in uses {
            self.add(segments);
        }
    }

    fn visit_path(&mut self, node: &'ast syn::Path) {
        self.add(node.segments.iter().map(|s| s.ident.to_string()).collect());
        syn::visit::visit_path(self, node);
    }

    fn visit_macro(&mut self, node: &'ast syn::Macro) {
        self.scan_tokens(node.tokens.clone());
        syn::visit::visit_macro(self, node);
    }

    fn visit_item_mod(&mut self, node: &'ast syn::ItemMod) {
        if !is_test_only(&node.attrs) {
            syn::visit::visit_item_mod(self, node);
        }
    }

    fn visit_item_fn(&mut self, node: &'ast syn::ItemFn) {
        if !is_test_only(&node.attrs) {
            syn::visit::visit_item_fn(self, node);
        }
    }
}

/// The module a written path designates (the longest module prefix, re-exports followed),
/// or `None` for a path outside the crate (another crate, a local name).
fn resolve(modules: &BTreeMap<ModPath, Module>, written: &Written, depth: usize) -> Option<ModPath> {
    let mut segments = written.segments.iter().peekable();
    let mut at: ModPath = match segments.peek().map(|s| s.as_str()) {
        Some("crate") => {
            segments.next();
            Vec::new()
        }
        Some("self") => {
            segments.next();
            written.from.clone()
        }
        Some("super") => {
            let mut at = written.from.clone();
            while segments.peek().is_some_and(|s| *s == "super") {
                segments.next();
                at.pop();
            }
            at
        }
        Some(first) if modules.get(&written.from).is_some_and(|m| m.children.contains(first)) => written.from.clone(),
        _ => return None,
    };
    for segment in segments {
        let module = modules.get(&at)?;
        if module.children.contains(segment) {
            at.push(segment.clone());
        } else if let Some(target) = module.reexports.get(segment).filter(|_| depth < 8) {
            return resolve(modules, target, depth + 1).or(Some(at));
        } else {
            break;
        }
    }
    Some(at)
}

/// The strongly connected components of more than one node (Tarjan).
fn cycles(nodes: &BTreeSet<ModPath>, edges: &BTreeMap<ModPath, BTreeSet<ModPath>>) -> Vec<Vec<ModPath>> {
    struct State<'a> {
        edges: &'a BTreeMap<ModPath, BTreeSet<ModPath>>,
        index: BTreeMap<ModPath, usize>,
        low: BTreeMap<ModPath, usize>,
        stack: Vec<ModPath>,
        on_stack: BTreeSet<ModPath>,
        next: usize,
        found: Vec<Vec<ModPath>>,
    }
    fn visit(s: &mut State<'_>, v: &ModPath) {
        s.index.insert(v.clone(), s.next);
        s.low.insert(v.clone(), s.next);
        s.next += 1;
        s.stack.push(v.clone());
        s.on_stack.insert(v.clone());
        for w in s.edges.get(v).cloned().unwrap_or_default() {
            if !s.index.contains_key(&w) {
                visit(s, &w);
                let low = s.low[v].min(s.low[&w]);
                s.low.insert(v.clone(), low);
            } else if s.on_stack.contains(&w) {
                let low = s.low[v].min(s.index[&w]);
                s.low.insert(v.clone(), low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(&w);
                let done = &w == v;
                component.push(w);
                if done {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                s.found.push(component);
            }
        }
    }
    let mut state = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        found: Vec::new(),
    };
    for node in nodes {
        if !state.index.contains_key(node) {
            visit(&mut state, node);
        }
    }
    state.found
}

fn name(path: &ModPath) -> String {
    if path.is_empty() { "crate".into() } else { path.join("::") }
}

/// Every sibling-level dependency of the crate whose root is `lib`: (from, to) → an
/// example of the reference behind it.
fn sibling_edges(lib: &Path) -> BTreeMap<(ModPath, ModPath), String> {
    let mut modules = BTreeMap::new();
    load(lib, Vec::new(), &mut modules);
    let mut edges = BTreeMap::new();
    for module in modules.values() {
        for written in &module.references {
            let Some(target) = resolve(&modules, written, 0) else { continue };
            let from = &written.from;
            let common = from.iter().zip(&target).take_while(|(a, b)| a == b).count();
            if common == from.len() || common == target.len() {
                continue; // the same module, an ancestor or a descendant
            }
            let a = from[..=common].to_vec();
            let b = target[..=common].to_vec();
            let example = format!("{} → {} ({})", name(from), written.segments.join("::"), module.file.display());
            edges.entry((a, b)).or_insert(example);
        }
    }
    edges
}

fn module_cycles(lib: &Path) -> Vec<String> {
    let edges = sibling_edges(lib);
    let nodes: BTreeSet<ModPath> = edges.keys().flat_map(|(a, b)| [a.clone(), b.clone()]).collect();
    let mut graph: BTreeMap<ModPath, BTreeSet<ModPath>> = BTreeMap::new();
    for (a, b) in edges.keys() {
        graph.entry(a.clone()).or_default().insert(b.clone());
    }
    cycles(&nodes, &graph)
        .into_iter()
        .map(|component| {
            let inside: Vec<String> = edges
                .iter()
                .filter(|((a, b), _)| component.contains(a) && component.contains(b))
                .map(|((a, b), example)| format!("    {} → {}: {example}", name(a), name(b)))
                .collect();
            let names: Vec<String> = component.iter().map(name).collect();
            format!("  {}\n{}", names.join(" ⇄ "), inside.join("\n"))
        })
        .collect()
}

#[test]
fn the_core_modules_form_no_cycle() {
    let lib = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs");
    let found = module_cycles(&lib);
    assert!(found.is_empty(), "modules of profilence-core that depend on each other:\n{}", found.join("\n"));
}

/// The check itself finds a cycle between siblings, and only there.
#[test]
fn a_cycle_between_siblings_is_found_and_parents_are_not_neighbours() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    let write = |path: &str, text: &str| {
        let path = src.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write("lib.rs", "pub mod a;\npub mod b;\npub mod c;\npub use b::Thing;\n");
    write("a/mod.rs", "pub mod inner;\npub fn f() { inner::g(); }\n");
    write("a/inner.rs", "use super::f;\npub fn g() { crate::Thing::new(); }\n");
    write("b.rs", "pub struct Thing;\nfn h() { log::info!(\"{}\", crate::a::f()); }\n");
    write("c.rs", "use crate::b::Thing;\n#[cfg(test)]\nmod tests { use crate::a; }\n");
    let found = module_cycles(&src.join("lib.rs"));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].starts_with("  a ⇄ b\n"), "{}", found[0]);
    assert!(found[0].contains("a → b: a::inner → crate::Thing"), "{}", found[0]);
    assert!(found[0].contains("b → a: b → crate::a::f"), "{}", found[0]);
}
