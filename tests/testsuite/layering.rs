//! The library's modules import one way: every `crate::…` or `super::…`
//! path in `src/` (outside `#[cfg(test)]` code) names a module of a lower
//! layer than the file's own module, in the order below. Since every edge
//! points down, the import graph has no cycle. The binary (`src/main.rs`,
//! `src/cmd/`) is its own crate above the library and is not checked here.
//!
//! Files are read with `syn`, so comments, strings and doc links are not
//! mistaken for imports.
//!
//! A new module goes into [`LAYERS`] at the height of what it needs: above
//! every module it imports, below every module that imports it. Modules of
//! one layer may not import each other (the planner and the renderers share
//! one, so that neither reaches into the other).

use std::collections::BTreeSet;
use std::path::Path;

use syn::visit::Visit;

use crate::common;

/// The library's modules, bottom first: a module may import only modules
/// with a smaller number. (This order is also written out in `src/lib.rs`.)
const LAYERS: &[(&str, u32)] = &[
    // The vocabulary every stage shares.
    ("model", 0),
    // Leaves that know no stage.
    ("generator", 10),
    ("names", 10),
    ("lock", 10),
    ("event_keys", 10),
    // What the site's generator says: its config file, its publishing and URL rules.
    ("site_config", 12),
    ("publish_rules", 12),
    ("permalink", 15),
    // What the site is: feedcal's config over the generator's.
    ("config", 20),
    // The reading stages, then the stage that runs them.
    ("decode", 30),
    ("body", 40),
    ("discover", 40),
    ("when", 40),
    ("front_matter", 50),
    ("site", 60),
    ("sections", 62),
    // `feedcal init` reads a site to write its config.
    ("init", 65),
    // Which files and what each holds; the formats. Neither imports the other.
    ("plan", 70),
    ("render", 70),
    // The only writer of the output folder.
    ("publish", 80),
    // The published calendars read from elsewhere (a folder or a URL).
    ("previous", 85),
    // One run, top to bottom.
    ("build", 90),
];

fn layer(module: &str) -> Option<u32> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// The modules a file imports, by the first segment after `crate::` (or
/// the module `super::` leads to), outside `#[cfg(test)]` items.
#[derive(Default)]
struct Imports {
    /// The file's module path (`render/ics/read.rs` is `render::ics::read`).
    module: Vec<String>,
    found: BTreeSet<(String, String)>,
}

impl Imports {
    /// The top-level module `segments` lead to, with the path as written.
    fn resolve(&mut self, segments: &[String]) {
        let written = segments.join("::");
        let target = match segments.first().map(String::as_str) {
            Some("crate") => segments.get(1).cloned(),
            Some("super") => {
                let ups = segments.iter().take_while(|s| *s == "super").count();
                let parent = self.module.len().saturating_sub(ups);
                match parent {
                    // Out to the crate root: the next segment is a module of its own.
                    0 => segments.get(ups).cloned(),
                    _ => self.module.first().cloned(),
                }
            }
            _ => None,
        };
        if let Some(target) = target {
            self.found.insert((target, written));
        }
    }
}

fn is_test_only(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("test")
            || (a.path().is_ident("cfg") && {
                let tokens = a.meta.require_list().map(|l| l.tokens.to_string());
                tokens.is_ok_and(|t| {
                    t.split(|c: char| !c.is_alphanumeric() && c != '_')
                        .any(|w| w == "test")
                })
            })
    })
}

impl<'ast> Visit<'ast> for Imports {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        let attrs = match item {
            syn::Item::Fn(i) => &i.attrs,
            syn::Item::Mod(i) => &i.attrs,
            syn::Item::Use(i) => &i.attrs,
            syn::Item::Impl(i) => &i.attrs,
            syn::Item::Const(i) => &i.attrs,
            syn::Item::Static(i) => &i.attrs,
            syn::Item::Struct(i) => &i.attrs,
            syn::Item::Enum(i) => &i.attrs,
            syn::Item::Type(i) => &i.attrs,
            syn::Item::Trait(i) => &i.attrs,
            syn::Item::Macro(i) => &i.attrs,
            _ => return syn::visit::visit_item(self, item),
        };
        if !is_test_only(attrs) {
            syn::visit::visit_item(self, item);
        }
    }

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        let mut prefix = Vec::new();
        use_tree(&item.tree, &mut prefix, self);
    }

    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.resolve(&segments);
        syn::visit::visit_path(self, path);
    }
}

/// Every path a `use` tree names, with its prefix.
fn use_tree(tree: &syn::UseTree, prefix: &mut Vec<String>, imports: &mut Imports) {
    match tree {
        syn::UseTree::Path(p) => {
            prefix.push(p.ident.to_string());
            use_tree(&p.tree, prefix, imports);
            prefix.pop();
        }
        syn::UseTree::Name(n) => {
            prefix.push(n.ident.to_string());
            imports.resolve(prefix);
            prefix.pop();
        }
        syn::UseTree::Rename(r) => {
            prefix.push(r.ident.to_string());
            imports.resolve(prefix);
            prefix.pop();
        }
        syn::UseTree::Glob(_) => imports.resolve(prefix),
        syn::UseTree::Group(g) => {
            for t in &g.items {
                use_tree(t, prefix, imports);
            }
        }
    }
}

/// Every `.rs` file under `dir`, as paths relative to `src`.
fn rust_files(src: &Path, dir: &Path, out: &mut Vec<String>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a folder entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(src, &path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(src).expect("under src");
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// `render/ics/mod.rs` → `["render", "ics"]`.
fn module_path(rel: &str) -> Vec<String> {
    let trimmed = rel.trim_end_matches(".rs");
    let mut parts: Vec<String> = trimmed.split('/').map(str::to_string).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

#[test]
fn every_import_points_down_the_layers() {
    let src = common::root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &src, &mut files);
    let mut problems = Vec::new();
    let mut modules = BTreeSet::new();
    for rel in &files {
        // The crate roots, and the binary above the library.
        if rel == "lib.rs" || rel == "main.rs" || rel.starts_with("cmd/") {
            continue;
        }
        // A module's unit tests (`#[cfg(test)] mod tests;` in `tests.rs`)
        // may build a whole config to call a lower stage with.
        if rel.ends_with("/tests.rs") {
            continue;
        }
        let module = module_path(rel);
        let top = module[0].clone();
        modules.insert(top.clone());
        let Some(own) = layer(&top) else {
            problems.push(format!(
                "src/{rel}: module `{top}` is not in LAYERS (tests/testsuite/layering.rs): add it at the height of what it imports"
            ));
            continue;
        };
        let text = std::fs::read_to_string(src.join(rel)).expect("readable source");
        let syntax = syn::parse_file(&text).unwrap_or_else(|e| panic!("src/{rel}: {e}"));
        let mut imports = Imports {
            module,
            ..Imports::default()
        };
        imports.visit_file(&syntax);
        for (target, written) in imports.found {
            if target == top {
                continue;
            }
            match layer(&target) {
                Some(l) if l < own => {}
                Some(l) => problems.push(format!(
                    "src/{rel}: `{written}` imports `{target}` (layer {l}) from `{top}` (layer {own}): only lower layers may be imported"
                )),
                None => problems.push(format!(
                    "src/{rel}: `{written}` names `{target}`, which is not in LAYERS"
                )),
            }
        }
    }
    assert!(
        problems.is_empty(),
        "imports against the layering:\n{}",
        problems.join("\n")
    );
    // Every layer names a module that exists: the table is not stale.
    for (m, _) in LAYERS {
        assert!(
            modules.contains(*m),
            "LAYERS names `{m}`, which is not a module of src/"
        );
    }
}

/// The check itself: an import against the order is found and named.
#[test]
fn an_upward_import_is_named() {
    let syntax: syn::File = syn::parse_str(
        "use crate::model::Post;\nuse crate::publish::Transaction;\nfn f() { let _ = crate::plan::plan; }\n#[cfg(test)]\nmod tests { use crate::site::load; }",
    )
    .unwrap();
    let mut imports = Imports {
        module: vec!["render".into(), "rss".into()],
        ..Imports::default()
    };
    imports.visit_file(&syntax);
    let targets: Vec<&str> = imports.found.iter().map(|(t, _)| t.as_str()).collect();
    assert_eq!(targets, ["model", "plan", "publish"], "cfg(test) skipped");
    let mut from_root = Imports {
        module: vec!["build".into()],
        ..Imports::default()
    };
    from_root.resolve(&["super".into(), "site".into(), "load".into()]);
    assert!(from_root
        .found
        .contains(&("site".into(), "super::site::load".into())));
}
