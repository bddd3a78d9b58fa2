//! A proposal's identity and its reference.
//!
//! In: a clean reference as a person types it (`MP083`, `DP083`, `83`,
//! `SECMP0053`, `85A`). Out: [`ProposalId`] (the number and split letter,
//! the join key of every table) and [`Reference`] (the id with the family
//! it is written in), each written back in the administrator's form by
//! `Display`. OCR-damaged references (`SECMPO053`) are read by
//! `normalise::ids`, which produces these types.

use std::fmt;
use std::str::FromStr;

/// The last number written in the old `SECMP00NN` form; from 70 on the form
/// is `DPNNN`, then `MPNNN`.
pub const LAST_SECMP_NUMBER: u32 = 69;

/// The family a reference is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// `SECMP0053`: the older SEC Modification Proposals.
    Secmp,
    /// `MP076`: a Modification Proposal.
    Mp,
    /// `DP084`: a Draft Proposal.
    Dp,
}

/// A proposal's identity: its number and split letter. DP087 and MP087 are one proposal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProposalId {
    /// The number shared by DP, MP and SECMP (`53`, `85`).
    pub number: u32,
    /// The split letter of a divided modification (`A` in MP085A).
    pub split: Option<char>,
}

impl ProposalId {
    /// The join key written in every table's `number` column (`53`, `85A`).
    pub fn key(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for ProposalId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.number)?;
        if let Some(c) = self.split {
            write!(f, "{c}")?;
        }
        Ok(())
    }
}

impl FromStr for ProposalId {
    type Err = String;

    /// Reads a `number` cell: digits and an optional split letter (`53`, `85A`).
    fn from_str(s: &str) -> Result<ProposalId, String> {
        let bad = || format!("{s:?} is not a proposal number");
        let t = s.trim();
        let (digits, split) = match t.chars().last() {
            Some(c) if c.is_ascii_alphabetic() => (&t[..t.len() - 1], Some(c.to_ascii_uppercase())),
            _ => (t, None),
        };
        if digits.is_empty() || digits.len() > 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let number: u32 = digits.parse().map_err(|_| bad())?;
        if number == 0 {
            return Err(bad());
        }
        Ok(ProposalId { number, split })
    }
}

/// A reference: a proposal and the family it is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Reference {
    /// The proposal.
    pub id: ProposalId,
    /// How it is written: `SECMP` up to 69, then `DP` or `MP`.
    pub family: Family,
}

impl Reference {
    /// The reference as the administrator writes it for a family seen in
    /// the text: numbers up to 69 are always `SECMP`; from 70 on, `DP` stays
    /// `DP` and everything else (`MP`, a stray `SECMP`, a bare appendix
    /// number) is `MP`.
    pub fn new(id: ProposalId, seen: Family) -> Reference {
        let family = if id.number <= LAST_SECMP_NUMBER {
            Family::Secmp
        } else if seen == Family::Dp {
            Family::Dp
        } else {
            Family::Mp
        };
        Reference { id, family }
    }

    /// True for a Draft Proposal's reference.
    pub fn is_draft(&self) -> bool {
        self.family == Family::Dp
    }
}

impl fmt::Display for Reference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let split = self.id.split.map(String::from).unwrap_or_default();
        match self.family {
            Family::Secmp => write!(f, "SECMP{:04}{split}", self.id.number),
            Family::Dp => write!(f, "DP{:03}{split}", self.id.number),
            Family::Mp => write!(f, "MP{:03}{split}", self.id.number),
        }
    }
}

impl FromStr for Reference {
    type Err = String;

    /// Reads a reference as a person types it, in any case: `MP083`, `dp83`,
    /// `SECMP0053`, `MP085A`, or a bare number (`83`, `85A`: written MP).
    fn from_str(s: &str) -> Result<Reference, String> {
        let t = s.trim().to_ascii_uppercase();
        let (family, rest) = [
            ("SECMP", Family::Secmp),
            ("MP", Family::Mp),
            ("DP", Family::Dp),
        ]
        .into_iter()
        .find_map(|(p, f)| t.strip_prefix(p).map(|r| (f, r)))
        .unwrap_or((Family::Mp, t.as_str()));
        let id: ProposalId = rest
            .trim()
            .parse()
            .map_err(|_| format!("{s:?} is not a reference (MP083, DP083, SECMP0053 or 83)"))?;
        Ok(Reference::new(id, family))
    }
}

impl serde::Serialize for ProposalId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for ProposalId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ProposalId, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        raw.parse().map_err(serde::de::Error::custom)
    }
}

impl serde::Serialize for Reference {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Reference {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Reference, D::Error> {
        let raw = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        raw.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(number: u32) -> ProposalId {
        ProposalId {
            number,
            split: None,
        }
    }

    #[test]
    fn references_are_written_by_number_and_family() {
        for (n, family, want) in [
            (7, Family::Mp, "SECMP0007"),
            (78, Family::Secmp, "MP078"),
            (87, Family::Dp, "DP087"),
            (301, Family::Mp, "MP301"),
            (7, Family::Dp, "SECMP0007"),
        ] {
            assert_eq!(Reference::new(id(n), family).to_string(), want);
        }
        let split = ProposalId {
            number: 85,
            split: Some('A'),
        };
        assert_eq!(Reference::new(split, Family::Mp).to_string(), "MP085A");
        assert_eq!(split.key(), "85A");
    }

    #[test]
    fn references_read_as_people_type_them() {
        for (raw, want) in [
            ("MP083", Some("MP083")),
            ("dp083", Some("DP083")),
            ("83", Some("MP083")),
            (" 53 ", Some("SECMP0053")),
            ("SECMP0053", Some("SECMP0053")),
            ("MP085A", Some("MP085A")),
            ("85a", Some("MP085A")),
            ("MP", None),
            ("MP0", None),
            ("x83", None),
            ("", None),
        ] {
            let got = raw.parse::<Reference>().ok().map(|r| r.to_string());
            assert_eq!(got.as_deref(), want, "{raw:?}");
        }
        assert_eq!(
            "85A".parse::<ProposalId>().map(|i| i.to_string()),
            Ok("85A".into())
        );
    }
}
