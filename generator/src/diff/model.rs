//! What changed: items, their changes, each breaking or compatible, and the version bump
//! that follows. Serialised as the `--format json` output, whose shape is documented on
//! [`ApiDiff`].

use serde::Serialize;

use super::roles::Role;

/// Whether a change breaks callers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Impact {
    /// Code that compiled against the old crate may not compile against the new one.
    Breaking,
    /// Code that compiled still compiles.
    Compatible,
}

impl Impact {
    /// `breaking` or `compatible`.
    pub fn word(self) -> &'static str {
        match self {
            Impact::Breaking => "breaking",
            Impact::Compatible => "compatible",
        }
    }
}

/// What kind of change; the JSON `change` field (snake_case).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// A new public item.
    Added,
    /// A public item is gone.
    Removed,
    /// The item is of another kind now (a struct became an enum, …).
    KindChanged,
    /// The item or member is now `#[deprecated]`.
    Deprecated,
    /// `#[deprecated]` was dropped.
    Undeprecated,
    /// `#[non_exhaustive]` was added.
    NonExhaustiveAdded,
    /// `#[non_exhaustive]` was dropped.
    NonExhaustiveRemoved,
    /// A struct gained private fields (no longer buildable with a literal) or lost them.
    PrivateFieldsChanged,
    /// A trait implementation was added.
    TraitAdded,
    /// A trait implementation is gone.
    TraitRemoved,
    /// A public field was added.
    FieldAdded,
    /// A public field is gone.
    FieldRemoved,
    /// A field's type changed otherwise than by optionality.
    FieldRetyped,
    /// `T` → `Option<T>` (or `Option<T>` → `Option<Option<T>>` for a nullable field): the
    /// spec no longer requires it.
    FieldNowOptional,
    /// The reverse of [`ChangeKind::FieldNowOptional`].
    FieldNowRequired,
    /// The field may now be `null` (`T` → `Option<T>`, `Option<T>` → `Option<Option<T>>`).
    FieldNowNullable,
    /// The field may no longer be `null`.
    FieldNoLongerNullable,
    /// The values of a map field or the items of a list field may now be `null`
    /// (`BTreeMap<String, T>` → `BTreeMap<String, Option<T>>`, `Vec<T>` → `Vec<Option<T>>`);
    /// the field itself is unchanged.
    FieldValuesNowNullable,
    /// The reverse of [`ChangeKind::FieldValuesNowNullable`].
    FieldValuesNoLongerNullable,
    /// An enum variant (an enum value, a response status, a union alternative) was added.
    VariantAdded,
    /// An enum variant is gone.
    VariantRemoved,
    /// A variant's payload type changed.
    VariantChanged,
    /// A type alias points at another type.
    AliasChanged,
    /// A constant's type changed.
    ConstTypeChanged,
    /// A constant's value changed (e.g. the default base URL).
    ConstValueChanged,
    /// A re-export names another item.
    ReexportChanged,
    /// An item of another kind (a trait, a static) changed.
    ItemChanged,
    /// A public method was added.
    MethodAdded,
    /// A public method is gone.
    MethodRemoved,
    /// A method is gone and another calls the same endpoint (an operation renamed); the
    /// change's `new` is the new signature.
    MethodRenamed,
    /// A method's arguments, their types, its return type or its generics changed.
    MethodSignatureChanged,
    /// An operation method calls another HTTP method or path; its Rust signature is unchanged.
    EndpointChanged,
}

/// One change to one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// Breaking or compatible.
    pub impact: Impact,
    /// What kind of change (JSON field `change`).
    #[serde(rename = "change")]
    pub kind: ChangeKind,
    /// The field, variant, method or trait concerned; `null` for the item itself.
    pub member: Option<String>,
    /// The old type, signature or value, when there was one.
    pub old: Option<String>,
    /// The new one, when there is one.
    pub new: Option<String>,
    /// What changed, in words.
    pub message: String,
    /// Why it is classified so.
    pub reason: String,
}

/// The changes to one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ItemChanges {
    /// Its path from the crate root: `client::Client`, `types::Foo`, `responses::XResponse`.
    pub item: String,
    /// `struct`, `enum`, `type alias`, `const`, `fn`, `module`, `re-export`, `item` (in the
    /// new version, or the old one when removed).
    pub kind: String,
    /// How callers use it (for structs, enums and aliases): `built`, `read` or `both`.
    pub role: Option<Role>,
    /// Its changes: by member, then kind.
    pub changes: Vec<Change>,
}

/// The version bump a set of changes asks for under Cargo's semver rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Bump {
    /// Nothing changed.
    None,
    /// The third number.
    Patch,
    /// The second number.
    Minor,
    /// The first number.
    Major,
}

/// The change in the generated Rust API between two crates.
///
/// As JSON (`specgen diff --format json`; fields are only ever added):
///
/// ```json
/// {
///   "format": 1,
///   "old_version": "0.1.0",
///   "breaking": 1,
///   "compatible": 0,
///   "bump": "minor",
///   "bump_text": "minor (0.x)",
///   "items": [
///     {
///       "item": "types::SimplePublicObjectBatchInput",
///       "kind": "struct",
///       "role": "built",
///       "changes": [
///         {
///           "impact": "breaking",
///           "change": "field_added",
///           "member": "object_type",
///           "old": null,
///           "new": "String",
///           "message": "field `object_type: String` added (required)",
///           "reason": "callers build this type with struct literals, which must name every field"
///         }
///       ]
///     }
///   ]
/// }
/// ```
///
/// Items are ordered by module (`client`, `types`, `responses`, `webhooks`, `error`, the
/// root, others) then path; changes by member, then kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ApiDiff {
    /// The version of this JSON shape.
    pub format: u32,
    /// The package version of the old crate, which the bump applies to.
    pub old_version: Option<String>,
    /// How many changes are breaking.
    pub breaking: usize,
    /// How many changes are compatible.
    pub compatible: usize,
    /// The part of `old_version` to raise.
    pub bump: Bump,
    /// The bump in words: `major`, `minor`, `minor (0.x)`, `patch (0.x)`, `none`.
    pub bump_text: String,
    /// The changed items.
    pub items: Vec<ItemChanges>,
}

impl ApiDiff {
    /// Counts the changes and works out the bump.
    pub fn new(old_version: Option<String>, items: Vec<ItemChanges>) -> Self {
        let count = |impact| {
            items
                .iter()
                .flat_map(|i| &i.changes)
                .filter(|c| c.impact == impact)
                .count()
        };
        let breaking = count(Impact::Breaking);
        let compatible = count(Impact::Compatible);
        let (bump, bump_text) = suggest_bump(old_version.as_deref(), breaking > 0, compatible > 0);
        Self {
            format: 1,
            old_version,
            breaking,
            compatible,
            bump,
            bump_text,
            items,
        }
    }

    /// Nothing in the API changed.
    pub fn is_empty(&self) -> bool {
        self.breaking == 0 && self.compatible == 0
    }

    /// Some change breaks callers.
    pub fn is_breaking(&self) -> bool {
        self.breaking > 0
    }

    /// Every change, with the item it belongs to.
    pub fn changes(&self) -> impl Iterator<Item = (&str, &Change)> {
        self.items
            .iter()
            .flat_map(|i| i.changes.iter().map(move |c| (i.item.as_str(), c)))
    }
}

/// Cargo's rules: from 1.0.0 a breaking change raises the major number and an addition the
/// minor; below 1.0.0 the leftmost non-zero number is the "major" one, so `0.x` crates raise
/// the minor number for breaking changes and the patch number for additions, and `0.0.z`
/// crates the patch number for anything (every `0.0.z` is incompatible with the others).
fn suggest_bump(version: Option<&str>, breaking: bool, compatible: bool) -> (Bump, String) {
    if !breaking && !compatible {
        return (Bump::None, "none".to_owned());
    }
    let numbers: Vec<u64> = version
        .unwrap_or("1.0.0")
        .split(['-', '+'])
        .next()
        .unwrap_or_default()
        .split('.')
        .map(|n| n.parse().unwrap_or(0))
        .collect();
    let major = numbers.first().copied().unwrap_or(1);
    let minor = numbers.get(1).copied().unwrap_or(0);
    match (major, minor, breaking) {
        (0, 0, _) => (
            Bump::Patch,
            "patch (0.0.z: every release is breaking)".to_owned(),
        ),
        (0, _, true) => (Bump::Minor, "minor (0.x)".to_owned()),
        (0, _, false) => (Bump::Patch, "patch (0.x)".to_owned()),
        (_, _, true) => (Bump::Major, "major".to_owned()),
        (_, _, false) => (Bump::Minor, "minor".to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bumps_follow_cargo_rules() {
        assert_eq!(suggest_bump(Some("0.1.0"), false, false).0, Bump::None);
        assert_eq!(
            suggest_bump(Some("0.1.0"), true, true),
            (Bump::Minor, "minor (0.x)".to_owned())
        );
        assert_eq!(
            suggest_bump(Some("0.4.2"), false, true),
            (Bump::Patch, "patch (0.x)".to_owned())
        );
        assert_eq!(suggest_bump(Some("2.3.4"), true, false).0, Bump::Major);
        assert_eq!(
            suggest_bump(Some("2.3.4-beta.1"), false, true).0,
            Bump::Minor
        );
        assert_eq!(suggest_bump(Some("0.0.3"), false, true).0, Bump::Patch);
        assert_eq!(suggest_bump(None, true, false).0, Bump::Major);
    }
}
