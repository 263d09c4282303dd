//! How one column's value is derived: its value origins (with the kind of derivation) and the
//! columns that only decide which rows exist (filters, join keys, grouping, partitioning).

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{ColumnRef, Transform};

/// Origins of one value.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Deriv {
    /// Value origins and how the value is derived from each.
    pub values: BTreeMap<ColumnRef, Transform>,
    /// Filter / join / grouping / partitioning columns.
    pub deps: BTreeSet<ColumnRef>,
}

impl Deriv {
    /// A column passed through unchanged.
    pub fn copy(c: ColumnRef) -> Deriv {
        let mut d = Deriv::default();
        d.values.insert(c, Transform::Copy);
        d
    }

    /// Adds `other`'s origins (the least direct transform wins when both name a column).
    pub fn merge(&mut self, other: Deriv) {
        for (k, t) in other.values {
            let e = self.values.entry(k).or_insert(t);
            if t > *e {
                *e = t;
            }
        }
        self.deps.extend(other.deps);
    }

    /// The same origins, derived at least as indirectly as `t`.
    pub fn raise(mut self, t: Transform) -> Deriv {
        for v in self.values.values_mut() {
            if t > *v {
                *v = t;
            }
        }
        self
    }

    /// Every column involved, as dependencies (a value used in a filter only filters).
    pub fn into_deps(self) -> BTreeSet<ColumnRef> {
        let mut d = self.deps;
        d.extend(self.values.into_keys());
        d
    }
}
