//! Generates the window's typed calls, `ui/src/bindings/commands.ts`, from
//! the shell's commands (`src/commands/*.rs`) as the compiler sees them: each
//! `#[tauri::command]` becomes one function named in camelCase, taking the
//! command's arguments (without what Tauri injects: the state, the app
//! handle, the window) with their TypeScript types, and returning a promise
//! of the command's `Ok` type. The types are ts-rs's (`ui/src/bindings/`).
//!
//! Run by `cargo test`; the test script fails when the committed file differs
//! from what this writes, as it does for the types. The Rust signature is the
//! one source: a command renamed, added or given another argument changes
//! the window's call, and `svelte-check` then finds every caller to change.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use syn::{FnArg, GenericArgument, Item, Pat, PathArguments, ReturnType, Type};

/// What Tauri passes to a command by itself: not an argument the window sends.
const INJECTED: &[&str] = &["State", "AppHandle", "Window", "WebviewWindow", "Webview"];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn camel(snake: &str) -> String {
    let mut out = String::new();
    let mut upper = false;
    for c in snake.chars() {
        if c == '_' {
            upper = true;
        } else if upper {
            out.extend(c.to_uppercase());
            upper = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn generic_args(args: &PathArguments) -> Vec<&Type> {
    match args {
        PathArguments::AngleBracketed(a) => a
            .args
            .iter()
            .filter_map(|g| match g {
                GenericArgument::Type(t) => Some(t),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// The TypeScript type of a Rust type crossing the IPC (serde's JSON, ts-rs's names).
fn ts(ty: &Type, imports: &mut BTreeSet<String>) -> String {
    match ty {
        Type::Reference(r) => ts(&r.elem, imports),
        Type::Tuple(t) if t.elems.is_empty() => "null".into(),
        Type::Path(p) => {
            let seg = p.path.segments.last().expect("a type has a name");
            let args = generic_args(&seg.arguments);
            let name = seg.ident.to_string();
            match name.as_str() {
                "i8" | "i16" | "i32" | "i64" | "u8" | "u16" | "u32" | "u64" | "usize" | "isize"
                | "f32" | "f64" => "number".into(),
                "String" | "str" | "PathBuf" => "string".into(),
                "bool" => "boolean".into(),
                "Option" => format!("{} | null", ts(args[0], imports)),
                "Vec" => {
                    let inner = ts(args[0], imports);
                    if inner.contains(' ') {
                        format!("({inner})[]")
                    } else {
                        format!("{inner}[]")
                    }
                }
                "Result" => ts(args[0], imports),
                _ => {
                    assert!(
                        root()
                            .join("../ui/src/bindings")
                            .join(format!("{name}.ts"))
                            .exists(),
                        "{name} crosses to the window but has no ts-rs binding: derive TS on it"
                    );
                    imports.insert(name.clone());
                    name
                }
            }
        }
        _ => panic!("a command takes or returns a type the generator does not know"),
    }
}

fn is_injected(ty: &Type) -> bool {
    let ty = match ty {
        Type::Reference(r) => &*r.elem,
        t => t,
    };
    matches!(ty, Type::Path(p) if p.path.segments.last().is_some_and(|s| INJECTED.contains(&s.ident.to_string().as_str())))
}

fn doc(attrs: &[syn::Attribute]) -> Vec<String> {
    attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .filter_map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => match &nv.value {
                syn::Expr::Lit(syn::ExprLit {
                    lit: syn::Lit::Str(s),
                    ..
                }) => Some(s.value().trim().to_string()),
                _ => None,
            },
            _ => None,
        })
        .collect()
}

fn generate() -> String {
    let dir = root().join("src/commands");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("src/commands")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    files.sort();
    let mut imports = BTreeSet::new();
    let mut body = String::new();
    for file in files {
        let source = std::fs::read_to_string(&file).expect("read a command file");
        let parsed = syn::parse_file(&source).expect("a command file parses");
        for item in parsed.items {
            let Item::Fn(f) = item else { continue };
            let is_command = f.attrs.iter().any(|a| {
                let segs: Vec<String> = a
                    .path()
                    .segments
                    .iter()
                    .map(|s| s.ident.to_string())
                    .collect();
                segs == ["tauri", "command"]
            });
            if !is_command {
                continue;
            }
            let command = f.sig.ident.to_string();
            let mut params = Vec::new();
            let mut keys = Vec::new();
            for input in &f.sig.inputs {
                let FnArg::Typed(pt) = input else { continue };
                if is_injected(&pt.ty) {
                    continue;
                }
                let Pat::Ident(id) = &*pt.pat else {
                    panic!("{command}: an argument without a plain name")
                };
                let key = camel(&id.ident.to_string());
                params.push(format!("{key}: {}", ts(&pt.ty, &mut imports)));
                keys.push(key);
            }
            let returns = match &f.sig.output {
                ReturnType::Default => "null".to_string(),
                ReturnType::Type(_, t) => ts(t, &mut imports),
            };
            body.push('\n');
            let lines = doc(&f.attrs);
            if !lines.is_empty() {
                body.push_str("/**\n");
                for l in lines {
                    if l.is_empty() {
                        body.push_str(" *\n");
                    } else {
                        let _ = writeln!(body, " * {l}");
                    }
                }
                body.push_str(" */\n");
            }
            let args = if keys.is_empty() {
                String::new()
            } else {
                format!(", {{ {} }}", keys.join(", "))
            };
            let _ = writeln!(
                body,
                "export const {} = ({}): Promise<{returns}> => call('{command}'{args});",
                camel(&command),
                params.join(", ")
            );
        }
    }
    let mut out = String::from(
        "// Generated from the shell's commands (src-tauri/src/commands) by\n\
         // src-tauri/tests/commands_ts.rs at `cargo test`. Do not edit this file by hand.\n",
    );
    out.push_str("import { call } from '../lib/ipc';\n");
    for name in &imports {
        let _ = writeln!(out, "import type {{ {name} }} from './{name}';");
    }
    out.push_str(&body);
    out
}

#[test]
fn the_windows_calls_are_generated_from_the_commands() {
    let path = root().join("../ui/src/bindings/commands.ts");
    let generated = generate();
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    if current != generated {
        std::fs::write(&path, &generated).expect("write ui/src/bindings/commands.ts");
    }
    assert!(
        generated.matches("export const ").count() >= 100,
        "every command is generated"
    );
}
