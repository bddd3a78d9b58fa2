//! A synthetic archive for the HTML report's size and speed: `months`
//! monthly reports and `proposals` proposals, each raised at its own month
//! and taken through the stages (DP → MP, statuses, a retitle now and then,
//! PA and IA assessments whose targets slip, events, diagnostics), the way
//! ten years of real reports look. Deterministic (a fixed-seed generator),
//! made at test time, never committed. Shared by `tests/html_report.rs`,
//! `benches/report.rs` and `examples/synthetic_ledger.rs`.
#![allow(dead_code)]

use chrono::{Datelike, Duration, NaiveDate};
use modledger::ledger::schema::{
    AssessmentRecord, DiagnosticRecord, EventRecord, HistoryRecord, RegisterRecord, ReportRecord,
};
use modledger::model::{
    AssessmentSource, AssessmentType, Code, DccAssessmentStatus, EventKind, Month, ProposalId,
    Reference, Severity, Stage, Status,
};
use modledger::report::PageInput;

/// A small fixed-seed generator (SplitMix64): the same archive every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    fn between(&mut self, lo: u32, hi: u32) -> u32 {
        lo + (self.next() % u64::from(hi - lo + 1)) as u32
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: u32) -> bool {
        self.between(1, 100) <= percent
    }
}

/// The months of a synthetic archive: from January 2015, two left out (no report).
fn calendar(months: usize) -> Vec<Month> {
    let mut m: Month = "2015-01".parse().expect("month");
    let mut out = Vec::new();
    for i in 0..months {
        if i != 31 && i != 63 {
            out.push(m);
        }
        m = m.next();
    }
    out
}

/// The report date of a month (its 5th).
fn report_date(m: Month) -> NaiveDate {
    m.first_day() + Duration::days(4)
}

/// Statuses a proposal passes through at each stage.
fn statuses(stage: Stage) -> &'static [Status] {
    match stage {
        Stage::Define => &[Status::Raised, Status::ReadyForConversion],
        Stage::Refine => &[
            Status::WorkingGroup,
            Status::PaInProgress,
            Status::IaInProgress,
            Status::RefinementConsultation,
        ],
        Stage::Opine => &[
            Status::ModificationReport,
            Status::ReportConsultation,
            Status::ChangeBoardVote,
        ],
        Stage::Decide => &[Status::WithAuthority, Status::Approved],
        Stage::Release => &[Status::ApprovedForRelease, Status::AwaitingImplementation],
        Stage::Closed => &[Status::Implemented, Status::Withdrawn],
    }
}

/// One proposal's stage for each month of its life, from its first month.
fn life(rng: &mut Rng) -> Vec<Stage> {
    let mut out = Vec::new();
    let withdrawn = rng.chance(15);
    for (stage, lo, hi) in [
        (Stage::Define, 1, 4),
        (Stage::Refine, 3, 24),
        (Stage::Opine, 1, 6),
        (Stage::Decide, 1, 3),
        (Stage::Release, 2, 8),
    ] {
        let n = rng.between(lo, hi);
        out.extend(std::iter::repeat(stage).take(n as usize));
        if withdrawn && stage == Stage::Refine {
            break;
        }
    }
    out.push(Stage::Closed);
    out
}

/// The rows of one proposal, added to `input`.
struct Builder<'a> {
    input: &'a mut PageInput,
    rng: Rng,
    months: Vec<Month>,
}

impl Builder<'_> {
    fn proposal(&mut self, number: u32, start: usize) {
        let id = ProposalId {
            number,
            split: None,
        };
        let stages = life(&mut self.rng);
        let mut title = format!(
            "Synthetic proposal {number}: arrangements for meter category {}",
            number % 17
        );
        let retitle_at = self.rng.between(2, 12) as usize;
        let mut status = Status::Raised;
        let mut last_stage = Stage::Define;
        let mut last = None;
        for (k, stage) in stages.iter().enumerate() {
            let Some(&month) = self.months.get(start + k) else {
                break;
            };
            if *stage != last_stage || self.rng.chance(30) {
                let choices = statuses(*stage);
                status = choices[self.rng.between(0, choices.len() as u32 - 1) as usize];
                last_stage = *stage;
            }
            if k == retitle_at && self.rng.chance(25) {
                title = format!("{title} (revised scope)");
            }
            let family = if number <= 69 {
                modledger::model::Family::Secmp
            } else if *stage == Stage::Define {
                modledger::model::Family::Dp
            } else {
                modledger::model::Family::Mp
            };
            let reference = Reference { id, family };
            self.input.history.push(HistoryRecord {
                month: Some(month),
                number: Some(id),
                reference: Some(reference),
                title: title.clone(),
                stage: Some(*stage),
                status: Some(status),
                dcc_status: if *stage == Stage::Refine {
                    "ia in progress".into()
                } else {
                    String::new()
                },
                dcc_date: None,
            });
            last = Some((month, reference, *stage, status));
        }
        if let Some((month, reference, stage, status)) = last {
            let first = self.months[start];
            self.events(id, reference, first, month, stage);
            self.assessments(id, reference, start, &stages);
            self.input.register.push(RegisterRecord {
                number: Some(id),
                reference: Some(reference),
                title: title.clone(),
                proposer: format!("Party {}", number % 23),
                raised: Some(first.first_day()),
                first_month: Some(first),
                last_month: Some(month),
                stage: Some(stage),
                status: Some(status),
                release: String::new(),
                implemented: None,
            });
        }
    }

    fn events(
        &mut self,
        id: ProposalId,
        reference: Reference,
        first: Month,
        last: Month,
        stage: Stage,
    ) {
        let mut push = |date: NaiveDate, event: EventKind, detail: &str| {
            self.input.events.push(EventRecord {
                date: Some(date),
                number: Some(id),
                reference: Some(reference),
                event: Some(event),
                detail: detail.into(),
                report: Some(report_date(Month::of(date))),
            })
        };
        push(first.first_day(), EventKind::Raised, "Party");
        if stage == Stage::Closed {
            push(
                last.first_day() + Duration::days(2),
                EventKind::Implemented,
                "a release",
            );
        }
    }

    fn assessments(
        &mut self,
        id: ProposalId,
        reference: Reference,
        start: usize,
        stages: &[Stage],
    ) {
        if !self.rng.chance(70) {
            return;
        }
        let Some(refine) = stages.iter().position(|s| *s == Stage::Refine) else {
            return;
        };
        let months: Vec<Month> = (0..stages.len())
            .filter(|k| stages[*k] == Stage::Refine)
            .filter_map(|k| self.months.get(start + k).copied())
            .collect();
        let Some(&first) = self.months.get(start + refine) else {
            return;
        };
        for (kind, offset) in [(AssessmentType::Pa, 0), (AssessmentType::Ia, 2)] {
            let requested = first.first_day() + Duration::days(offset * 30 + 3);
            let mut target = requested + Duration::days(40);
            for (i, &m) in months.iter().enumerate().skip(offset as usize).take(8) {
                if self.rng.chance(30) {
                    target += Duration::days(i64::from(self.rng.between(7, 60)));
                }
                let delivered = (i + 1 == months.len().min(offset as usize + 8)).then_some(target);
                for source in AssessmentSource::ALL {
                    self.input.assessments.push(AssessmentRecord {
                        report: Some(report_date(m)),
                        number: Some(id),
                        reference: Some(reference),
                        kind: Some(kind),
                        source: Some(source),
                        status: Some(DccAssessmentStatus::IaInProgress),
                        requested: Some(requested),
                        target: (source == AssessmentSource::Appendix).then_some(target),
                        delivered,
                        target_wd: Some(40),
                        elapsed_wd: Some(10 * (i as u32 + 1)),
                        note: String::new(),
                    });
                }
            }
        }
    }
}

/// A synthetic archive of `months` months (two of them missing) and `proposals` proposals.
pub fn archive(months: usize, proposals: u32) -> PageInput {
    let mut input = PageInput::default();
    let cal = calendar(months);
    let mut b = Builder {
        input: &mut input,
        rng: Rng(20_240_101),
        months: cal.clone(),
    };
    for n in 1..=proposals {
        // raised evenly over the archive, the last ones with a few months to go
        let start = (n as usize - 1) * cal.len().saturating_sub(6) / proposals.max(1) as usize;
        b.proposal(n, start);
    }
    let rng = &mut b.rng;
    for (i, m) in cal.iter().enumerate() {
        let source = format!(
            "reports/Change_Status_Report_{}_{:02}.pdf",
            m.first_day().year(),
            m.first_day().month()
        );
        // OCR'd months repair a dozen references; a warning now and then
        let diagnostics = rng.between(0, 16);
        for k in 0..diagnostics {
            let n = rng.between(70, 70 + proposals.max(1));
            let warning = k % 5 == 4;
            input.diagnostics.push(DiagnosticRecord {
                report: Some(report_date(*m)),
                source: source.clone(),
                page: Some(k / 4 + 1),
                line: Some(10 + k),
                severity: Some(if warning {
                    Severity::Warning
                } else {
                    Severity::Repair
                }),
                code: Some(if warning {
                    Code::ReadingsDisagree
                } else {
                    Code::RefRepaired
                }),
                message: if warning {
                    format!("two readings of MP{n:03}'s target disagree; the appendix's is kept")
                } else {
                    format!("reference \"MPO{n}\" read as MP{n:03}")
                },
                text: format!("MPO{n}"),
            });
        }
        input.reports.push(ReportRecord {
            report: Some(report_date(*m)),
            month: Some(*m),
            sources: source,
            pages: 12,
            observations: 80 + i % 40,
            diagnostics: diagnostics as usize,
        });
    }
    input.history.sort_by_key(|h| (h.month, h.number));
    input
        .assessments
        .sort_by_key(|a| (a.report, a.number, a.kind, a.source));
    input.events.sort_by_key(|e| (e.date, e.number));
    input.register.sort_by_key(|r| r.number);
    input
}

/// Writes the archive's ledger files (the ones the page reads) into `dir`.
pub fn write_ledger(input: &PageInput, dir: &std::path::Path) {
    use modledger::ledger::schema::Table;
    use modledger::write::table_csv;
    std::fs::create_dir_all(dir).expect("ledger folder");
    let files = [
        (ReportRecord::FILE, table_csv(input.reports.iter().cloned())),
        (
            HistoryRecord::FILE,
            table_csv(input.history.iter().cloned()),
        ),
        (
            AssessmentRecord::FILE,
            table_csv(input.assessments.iter().cloned()),
        ),
        (EventRecord::FILE, table_csv(input.events.iter().cloned())),
        (
            RegisterRecord::FILE,
            table_csv(input.register.iter().cloned()),
        ),
        (
            DiagnosticRecord::FILE,
            table_csv(input.diagnostics.iter().cloned()),
        ),
    ];
    for (name, bytes) in files {
        std::fs::write(dir.join(name), bytes).expect("write ledger file");
    }
}
