//! `Month`: the `YYYY-MM` a report belongs to.
//!
//! In: a report's date, or a `month` cell (`2020-02`). Out: an ordered
//! [`Month`] that reports, history, register and diff share, written back
//! as `YYYY-MM`.

use chrono::{Datelike, NaiveDate};
use std::fmt;
use std::str::FromStr;

/// A calendar month.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    /// The year.
    year: i32,
    /// 1 to 12.
    month: u32,
}

impl Month {
    /// The month a date falls in.
    pub fn of(d: NaiveDate) -> Month {
        Month {
            year: d.year(),
            month: d.month(),
        }
    }

    /// The month's first day.
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }

    /// The month after this one.
    pub fn next(self) -> Month {
        if self.month == 12 {
            Month {
                year: self.year + 1,
                month: 1,
            }
        } else {
            Month {
                year: self.year,
                month: self.month + 1,
            }
        }
    }
}

impl fmt::Display for Month {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl FromStr for Month {
    type Err = String;

    /// Reads exactly `YYYY-MM`.
    fn from_str(s: &str) -> Result<Month, String> {
        let bad = || format!("{s:?} is not a month (YYYY-MM)");
        let (y, m) = s.split_once('-').ok_or_else(bad)?;
        let digits = |t: &str, n: usize| t.len() == n && t.bytes().all(|b| b.is_ascii_digit());
        if !digits(y, 4) || !digits(m, 2) {
            return Err(bad());
        }
        let (year, month) = (y.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
        if !(1..=12).contains(&month) {
            return Err(bad());
        }
        Ok(Month { year, month })
    }
}

impl serde::Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Month {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Month, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_read_and_write_yyyy_mm() {
        for (raw, ok) in [
            ("2020-02", true),
            ("1999-12", true),
            ("2020-13", false),
            ("2020-00", false),
            ("2020-2", false),
            ("Feb 2020", false),
            ("2020-02-01", false),
            ("", false),
        ] {
            let got = raw.parse::<Month>();
            assert_eq!(got.is_ok(), ok, "{raw:?}");
            if let Ok(m) = got {
                assert_eq!(m.to_string(), raw);
            }
        }
        let d = NaiveDate::from_ymd_opt(2019, 12, 31).unwrap();
        assert_eq!(Month::of(d).to_string(), "2019-12");
        assert_eq!(Month::of(d).next().to_string(), "2020-01");
        assert!("2019-12".parse::<Month>().unwrap() < "2020-01".parse::<Month>().unwrap());
    }
}
