//! Which row each date cell of a plain-text delivery table belongs to, when
//! the cells come one per line and a page is read in passes.
//!
//! ```text
//! pass 0:  0053 ... 10/04/2019 01/05/2019 | statuses | 08/07/2019 29/07/2019 06/12/2018 31/12/2018
//! pass 1:  (after the header's other column names)  20/09/2019  Awaiting decision  07/05/2019 ...
//! ```
//! Plain `pdftotext` gives a page's table in passes, the header's names of
//! each pass's columns before it: each pass goes down the rows in order, and
//! gives each row a stretch of its cells, left to right. A row's dates are
//! what its stretches of all passes hold, in pass order.
//!
//! In: one pass's [`Token`]s (date cells and the comments between them),
//! the number of rows, and the dates earlier passes gave each row. Out: the
//! dates and comments this pass gives each row. The cut into rows is the
//! cheapest by what the cells mean ([`assign_pass`]): the six date columns
//! go forward in time (a PA's request, target, delivery, then the IA's),
//! the Comments cell is a row's last, a row holds at most six dates, a line
//! other than a date between two dates ends a row, and the dates under a
//! reference that has its title with it are that row's or below.

use super::cells::DateCell;

/// Date columns of the delivery table (PA and IA request, target, delivery).
pub const DATE_COLUMNS: usize = 6;
/// Days a date may come before the one left of it at no more than full
/// cost: an assessment delivered a few days early is one row, a date months
/// before the last is the next row's.
const DAYS_FOR_FULL_COST: i64 = 30;
/// Cost of a row holding more date cells than the table has date columns.
const OVERFULL_COST: f64 = 5.0;
/// Cost of a date given a row its reference's title says it is not in.
const OUT_OF_BOUNDS_COST: f64 = 3.0;
/// Cost of one row going on past a line that is not a date (a status, a
/// title) or past its comment: the text gives rows one after another.
const BROKEN_STRETCH_COST: f64 = 2.0;
/// Cost of each comment past a row's first (a comment split where it only wrapped).
const EXTRA_COMMENT_COST: f64 = 0.3;
/// Cost of cutting a run of dates with nothing between them into two rows.
const SPLIT_RUN_COST: f64 = 0.2;
/// Cost of a row this pass gives nothing before one it gives something:
/// passes go down the rows, mostly missing none.
const SKIPPED_ROW_COST: f64 = 0.01;

/// One cell of a pass, in printed order.
#[derive(Debug, Clone, PartialEq)]
pub enum Token {
    /// A date cell or `N/A`.
    Date {
        /// The cell.
        cell: DateCell,
        /// The rows it can be in, by the references around it (first, last).
        bounds: (usize, usize),
        /// True when a line other than a date came between it and the date before.
        after_break: bool,
    },
    /// A comment cell's text.
    Comment(String),
}

/// What one pass gives one row.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RowPart {
    /// The row's date cells from this pass, left to right.
    pub dates: Vec<DateCell>,
    /// The row's comment cells from this pass.
    pub comments: Vec<String>,
}

/// Running cost of one row's stretch as tokens are added to it.
struct Stretch {
    /// The last real date of the row so far.
    last: Option<chrono::NaiveDate>,
    /// Date cells of the row so far.
    count: usize,
    /// Comments in the stretch.
    comments: usize,
    /// Cost so far.
    cost: f64,
}

impl Stretch {
    /// A row's stretch before any token, after the dates earlier passes gave it.
    fn new(prior: &[DateCell]) -> Self {
        let last = prior.iter().rev().find_map(|d| match d {
            DateCell::Date(d) => Some(*d),
            DateCell::NotApplicable => None,
        });
        Stretch {
            last,
            count: prior.len(),
            comments: 0,
            cost: 0.0,
        }
    }

    /// Adds token `t` (not the stretch's first when `inner`) to row `row`.
    fn push(&mut self, t: &Token, row: usize, inner: bool) {
        match t {
            Token::Date {
                cell,
                bounds,
                after_break,
            } => {
                if inner && (*after_break || self.comments > 0) {
                    self.cost += BROKEN_STRETCH_COST;
                }
                if row < bounds.0 || row > bounds.1 {
                    self.cost += OUT_OF_BOUNDS_COST;
                }
                self.count += 1;
                if self.count > DATE_COLUMNS {
                    self.cost += OVERFULL_COST;
                }
                if let DateCell::Date(d) = cell {
                    self.cost += backwards_cost(self.last, *d);
                    self.last = Some(*d);
                }
            }
            Token::Comment(_) => {
                self.comments += 1;
                if self.comments > 1 {
                    self.cost += EXTRA_COMMENT_COST;
                }
            }
        }
    }
}

/// Cost of date `d` coming right after `last` in one row: nothing going
/// forward, more the further it goes back, at most 1.
fn backwards_cost(last: Option<chrono::NaiveDate>, d: chrono::NaiveDate) -> f64 {
    let Some(last) = last else {
        return 0.0;
    };
    let back = (last - d).num_days();
    if back <= 0 {
        0.0
    } else {
        (back as f64 / DAYS_FOR_FULL_COST as f64).min(1.0)
    }
}

/// True when cutting between tokens `k - 1` and `k` cuts a run of dates
/// with nothing between them.
fn cuts_run(tokens: &[Token], k: usize) -> bool {
    k > 0
        && matches!(tokens.get(k - 1), Some(Token::Date { .. }))
        && matches!(
            tokens.get(k),
            Some(Token::Date {
                after_break: false,
                ..
            })
        )
}

/// Cuts one pass's tokens into rows `0..rows` (each row a stretch, rows
/// in order, some empty), the cheapest cut by the costs above; `prior`
/// holds the dates earlier passes gave each row.
pub fn assign_pass(tokens: &[Token], rows: usize, prior: &[Vec<DateCell>]) -> Vec<RowPart> {
    let t = tokens.len();
    let mut parts = vec![RowPart::default(); rows];
    if rows == 0 || t == 0 {
        return parts;
    }
    // best[r][i]: least cost giving tokens[..i] to rows[..r]; from[r][i] the cut before row r-1
    let mut best = vec![vec![f64::INFINITY; t + 1]; rows + 1];
    let mut from = vec![vec![0usize; t + 1]; rows + 1];
    best[0][0] = 0.0;
    for r in 0..rows {
        let no_dates: &[DateCell] = &[];
        let prior_r = prior.get(r).map_or(no_dates, Vec::as_slice);
        // from the latest cut down, so that of cuts as cheap the earlier rows take more
        for i in (0..=t).rev() {
            let base = best[r][i];
            if !base.is_finite() {
                continue;
            }
            let cut = if cuts_run(tokens, i) && i < t {
                SPLIT_RUN_COST
            } else {
                0.0
            };
            let empty = if i < t { SKIPPED_ROW_COST } else { 0.0 };
            if base + empty < best[r + 1][i] {
                best[r + 1][i] = base + empty;
                from[r + 1][i] = i;
            }
            let mut stretch = Stretch::new(prior_r);
            for j in i + 1..=t {
                stretch.push(&tokens[j - 1], r, j > i + 1);
                let c = base + cut + stretch.cost;
                if c < best[r + 1][j] {
                    best[r + 1][j] = c;
                    from[r + 1][j] = i;
                }
            }
        }
    }
    let mut end = t;
    for r in (0..rows).rev() {
        let start = from[r + 1][end];
        for tok in &tokens[start..end] {
            match tok {
                Token::Date { cell, .. } => parts[r].dates.push(*cell),
                Token::Comment(c) => parts[r].comments.push(c.clone()),
            }
        }
        end = start;
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    /// `"d/m/y"` a date, `"N/A"`, `"|d/m/y"` a date after a break, `"#text"` a comment.
    fn tokens(spec: &[&str], bounds: (usize, usize)) -> Vec<Token> {
        spec.iter()
            .map(|s| {
                if let Some(c) = s.strip_prefix('#') {
                    return Token::Comment(c.to_string());
                }
                let (after_break, s) = match s.strip_prefix('|') {
                    Some(rest) => (true, rest),
                    None => (false, *s),
                };
                let cell = match NaiveDate::parse_from_str(s, "%d/%m/%Y") {
                    Ok(d) => DateCell::Date(d),
                    Err(_) => DateCell::NotApplicable,
                };
                Token::Date {
                    cell,
                    bounds,
                    after_break,
                }
            })
            .collect()
    }

    fn shape(parts: &[RowPart]) -> Vec<(usize, usize)> {
        parts
            .iter()
            .map(|p| (p.dates.len(), p.comments.len()))
            .collect()
    }

    /// What, tokens, rows, dates earlier passes gave each row, want (dates, comments) per row.
    type Case<'a> = (
        &'a str,
        &'a [&'a str],
        usize,
        &'a [usize],
        &'a [(usize, usize)],
    );

    #[test]
    fn cuts_by_what_cells_mean() {
        let any = (0, usize::MAX);
        // (what, tokens, rows, dates earlier passes gave each row, want (dates, comments) per row)
        let cases: &[Case] = &[
            (
                "a run going back in time is two rows",
                &[
                    "08/07/2019",
                    "29/07/2019",
                    "29/07/2019",
                    "06/12/2018",
                    "31/12/2018",
                    "31/01/2019",
                ],
                2,
                &[],
                &[(3, 0), (3, 0)],
            ),
            (
                "a break between dates ends a row",
                &["26/11/2019", "17/12/2019", "|27/11/2019", "01/01/2020"],
                2,
                &[],
                &[(2, 0), (2, 0)],
            ),
            (
                "a comment is a row's last cell, a comment alone a row with no dates here",
                &[
                    "#Awaiting decision",
                    "#Awaiting IA request",
                    "07/05/2019",
                    "#Change Board",
                    "#Awaiting IA request",
                    "19/08/2019",
                    "#IA delivered",
                ],
                5,
                &[],
                &[(0, 1), (0, 1), (1, 1), (0, 1), (1, 1)],
            ),
            (
                "a row never holds more than six dates",
                &[
                    "01/01/2019",
                    "02/01/2019",
                    "03/01/2019",
                    "04/01/2019",
                    "05/01/2019",
                    "06/01/2019",
                    "07/01/2019",
                ],
                2,
                &[],
                &[(6, 0), (1, 0)],
            ),
            (
                "a date goes to the row whose earlier dates it follows in time",
                &["20/09/2019"],
                3,
                &[5, 5, 5],
                &[(0, 0), (0, 0), (1, 0)],
            ),
            ("nothing to cut", &[], 2, &[], &[(0, 0), (0, 0)]),
        ];
        let d = |s: &str| DateCell::Date(NaiveDate::parse_from_str(s, "%d/%m/%Y").unwrap());
        for (what, spec, rows, prior_len, want) in cases {
            // earlier passes: rows 0 and 1 end in November, row 2 in September
            let prior: Vec<Vec<DateCell>> = prior_len
                .iter()
                .enumerate()
                .map(|(r, n)| {
                    let last = if r < 2 { "13/11/2019" } else { "20/09/2019" };
                    let mut v = vec![d("10/04/2019"); n - 1];
                    v.push(d(last));
                    v
                })
                .collect();
            let got = assign_pass(&tokens(spec, any), *rows, &prior);
            assert_eq!(shape(&got), want.to_vec(), "{what}");
        }
    }

    #[test]
    fn a_reference_bounds_the_rows_of_the_dates_under_it() {
        // three rows: the dates under row 1's reference go to row 1 though row 0 would take them
        let mut toks = tokens(&["N/A", "07/06/2019", "05/06/2019"], (1, 1));
        toks.insert(0, tokens(&["10/04/2019"], (0, 0)).remove(0));
        let got = assign_pass(&toks, 3, &[]);
        assert_eq!(shape(&got), vec![(1, 0), (3, 0), (0, 0)]);
    }
}
