//! Which types callers build and which they read. A type reachable from an argument of a
//! public function is *built* (callers write struct literals of it, so a new field breaks
//! them); one reachable from a return type, or from a public item outside `types` (response
//! enums, error bodies, webhook payloads), is *read* (callers match on it, so a new variant
//! of an exhaustive enum breaks them). Reachability follows struct fields, variant payloads
//! and alias targets. A type reachable from nothing could be used either way, so it counts
//! as both.

use std::collections::BTreeSet;

use serde::Serialize;

use super::surface::{Kind, Surface};

/// How callers use a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Only built (request side: reachable from method arguments only).
    Built,
    /// Only read (response side).
    Read,
    /// Both, or neither reachable (counted as both).
    Both,
}

impl Role {
    /// Callers may build values of it.
    pub fn built(self) -> bool {
        matches!(self, Role::Built | Role::Both)
    }

    /// Callers may read (and match on) values of it.
    pub fn read(self) -> bool {
        matches!(self, Role::Read | Role::Both)
    }
}

/// The items each side reaches, in one or both versions of a crate.
#[derive(Debug, Clone, Default)]
pub struct Roles {
    built: BTreeSet<String>,
    read: BTreeSet<String>,
}

impl Roles {
    /// The roles in `surface`.
    pub fn of(surface: &Surface) -> Self {
        let mut built_roots = Vec::new();
        let mut read_roots = Vec::new();
        for (key, item) in &surface.items {
            let functions = item.methods.values().chain(match &item.kind {
                Kind::Fn(f) => Some(f),
                _ => None,
            });
            for function in functions {
                for (_, ty) in &function.args {
                    built_roots.extend(ty.refs.iter().cloned());
                }
                read_roots.extend(function.output.refs.iter().cloned());
            }
            let type_like = matches!(item.kind, Kind::Struct(_) | Kind::Enum(_) | Kind::Alias(_));
            if type_like && !key.starts_with("types::") {
                read_roots.push(key.clone());
            }
        }
        Self {
            built: reach(surface, built_roots),
            read: reach(surface, read_roots),
        }
    }

    /// The roles of either version: a type built in one of them is built.
    pub fn union(mut self, other: Self) -> Self {
        self.built.extend(other.built);
        self.read.extend(other.read);
        self
    }

    /// The role of the item at `key`.
    pub fn role(&self, key: &str) -> Role {
        match (self.built.contains(key), self.read.contains(key)) {
            (true, false) => Role::Built,
            (false, true) => Role::Read,
            _ => Role::Both,
        }
    }
}

/// Every item reachable from `roots` through fields, variants and alias targets.
fn reach(surface: &Surface, roots: Vec<String>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = roots;
    while let Some(key) = stack.pop() {
        let Some(item) = surface.items.get(&key) else {
            continue;
        };
        if !seen.insert(key) {
            continue;
        }
        match &item.kind {
            Kind::Struct(s) => {
                for field in &s.fields {
                    stack.extend(field.ty.refs.iter().cloned());
                }
            }
            Kind::Enum(e) => {
                for variant in &e.variants {
                    for ty in &variant.types {
                        stack.extend(ty.refs.iter().cloned());
                    }
                }
            }
            Kind::Alias(ty) => stack.extend(ty.refs.iter().cloned()),
            Kind::Reexport(target) => stack.push(target.clone()),
            _ => {}
        }
    }
    seen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_make_built_types_and_returns_make_read_types() {
        let files = vec![
            (
                "src/lib.rs".to_owned(),
                "pub mod types; pub mod client;".to_owned(),
            ),
            (
                "src/types.rs".to_owned(),
                "pub struct Input { pub item: Item } pub struct Item { pub id: String }
                 pub struct Output { pub item: Item, pub status: Status } pub enum Status { A }
                 pub struct Orphan { pub x: u8 }"
                    .to_owned(),
            ),
            (
                "src/client.rs".to_owned(),
                "use super::types; pub struct Client;
                 impl Client { pub fn call(&self, body: &types::Input) -> Result<types::Output, ()> { todo!() } }"
                    .to_owned(),
            ),
        ];
        let surface = Surface::from_files(&files).expect("parses");
        let roles = Roles::of(&surface);
        assert_eq!(roles.role("types::Input"), Role::Built);
        assert_eq!(roles.role("types::Item"), Role::Both);
        assert_eq!(roles.role("types::Output"), Role::Read);
        assert_eq!(roles.role("types::Status"), Role::Read);
        assert_eq!(roles.role("types::Orphan"), Role::Both);
    }
}
