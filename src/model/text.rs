//! Shared text: a string held once however many rows name it.
//!
//! In: `String`s and `&str`s from the readers. Out: [`Text`], an immutable
//! string that is cheap to clone (a reference count) and one pointer wide
//! (arcstr's `ArcStr`: the length lives with the text), and [`Interner`],
//! which hands back one shared copy per distinct string. A proposal's title
//! is printed in every month's report, several times; a file's name is on
//! every diagnostic it gives: holding each once is what keeps a long archive's
//! memory near the size of what it says, not of how often it says it.

use arcstr::ArcStr;
use serde::{Serialize, Serializer};
use std::borrow::Borrow;
use std::collections::HashSet;
use std::fmt;
use std::ops::Deref;

/// An immutable, shared string: compares, orders, hashes and prints as its text.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(ArcStr);

impl Text {
    /// The text as a `&str`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Text {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl Borrow<str> for Text {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<String> for Text {
    fn from(s: String) -> Text {
        Text(ArcStr::from(s))
    }
}

impl From<&str> for Text {
    fn from(s: &str) -> Text {
        Text(ArcStr::from(s))
    }
}

impl From<&String> for Text {
    fn from(s: &String) -> Text {
        Text(ArcStr::from(s.as_str()))
    }
}

impl From<std::borrow::Cow<'_, str>> for Text {
    fn from(s: std::borrow::Cow<'_, str>) -> Text {
        Text(ArcStr::from(s.as_ref()))
    }
}

impl From<&Text> for Text {
    fn from(t: &Text) -> Text {
        t.clone()
    }
}

impl From<Text> for String {
    fn from(t: Text) -> String {
        t.0.to_string()
    }
}

impl From<&Text> for String {
    fn from(t: &Text) -> String {
        t.0.to_string()
    }
}

impl PartialEq<str> for Text {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for Text {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// One shared [`Text`] per distinct string, for as long as it lives.
#[derive(Debug, Default)]
pub struct Interner {
    seen: HashSet<Text>,
}

impl Interner {
    /// An empty interner.
    pub fn new() -> Interner {
        Interner::default()
    }

    /// The shared copy of `t`'s text (`t` itself the first time it is seen).
    pub fn intern(&mut self, t: &Text) -> Text {
        if let Some(shared) = self.seen.get(t.as_str()) {
            return shared.clone();
        }
        self.seen.insert(t.clone());
        t.clone()
    }

    /// The shared copy of `s` (allocated only the first time it is seen).
    pub fn intern_str(&mut self, s: &str) -> Text {
        if let Some(shared) = self.seen.get(s) {
            return shared.clone();
        }
        let t = Text::from(s);
        self.seen.insert(t.clone());
        t
    }

    /// Replaces `t` by its shared copy.
    pub fn share(&mut self, t: &mut Text) {
        *t = self.intern(t);
    }

    /// How many distinct strings it holds.
    pub fn len(&self) -> usize {
        self.seen.len()
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_compares_orders_and_prints_as_its_string() {
        let a = Text::from("MP076");
        assert_eq!(a, "MP076");
        assert_eq!(a, String::from("MP076"));
        let (x, y) = (Text::from("a"), Text::from("b"));
        assert!(x < y, "ordered as strings");
        assert_eq!(a.to_string(), "MP076");
        assert_eq!(format!("{a:?}"), "\"MP076\"");
        assert_eq!(a.len(), 5, "derefs to str");
        assert_eq!(Text::default(), "");
        assert_eq!(String::from(a.clone()), "MP076");
    }

    #[test]
    fn interning_shares_one_copy_per_distinct_string() {
        let mut i = Interner::new();
        let first = i.intern(&Text::from(String::from("Faster switching")));
        let again = i.intern(&Text::from(String::from("Faster switching")));
        let other = i.intern(&Text::from("Smart meter"));
        assert!(ArcStr::ptr_eq(&first.0, &again.0), "the same allocation");
        assert!(!ArcStr::ptr_eq(&first.0, &other.0));
        assert_eq!(i.len(), 2);
        let mut t = Text::from("Smart meter");
        i.share(&mut t);
        assert!(ArcStr::ptr_eq(&t.0, &other.0));
        assert!(ArcStr::ptr_eq(&i.intern_str("Smart meter").0, &other.0));
        assert_eq!(i.intern_str("new").as_str(), "new");
        assert_eq!(i.len(), 3);
    }

    #[test]
    fn text_serialises_as_a_plain_string() {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.serialize((Text::from("a,b"), 1)).unwrap();
        assert_eq!(
            String::from_utf8(w.into_inner().unwrap()).unwrap(),
            "\"a,b\",1\n"
        );
    }
}
