//! Each proposal's strip and each assessment's chart, drawn once.
//!
//! In: the [`Proposal`]s, the [`Series`] and the [`Axis`]. Out: one hidden
//! `<svg>` holding every picture's shapes as a `<defs>` group
//! ([`Pictures::defs`]), and for each view that shows a picture a small
//! `<svg role="img">` with its label that draws it with `<use>` (the
//! timeline row and the proposal's story show the same strip; the
//! assessments view and the story the same chart), so the page carries
//! each picture's shapes once. The defs are in a zero-size box that is
//! never hidden: a `<use>` of shapes inside a hidden element draws nothing.

use super::assessments::chart;
use super::derive::{Axis, Proposal, Series};
use super::svg::Svg;
use super::timeline::{axis_svg, strip};
use crate::model::{AssessmentType, ProposalId};
use maud::{Markup, PreEscaped};
use std::collections::BTreeMap;

/// Every strip and chart of the page.
#[derive(Debug, Clone, Default)]
pub struct Pictures {
    axis: Option<Svg>,
    strips: BTreeMap<ProposalId, Svg>,
    charts: BTreeMap<(ProposalId, AssessmentType), Svg>,
}

/// The id of the month axis.
const AXIS: &str = "months";

/// The id of a proposal's strip (`t-124`).
fn strip_id(id: ProposalId) -> String {
    format!("t-{}", id.key())
}

/// The id of an assessment's chart (`a-124-IA`).
fn chart_id(id: ProposalId, kind: AssessmentType) -> String {
    format!("a-{}-{kind}", id.key())
}

impl Pictures {
    /// Draws every proposal's strip and every charted assessment.
    pub fn draw(ps: &[Proposal<'_>], series: &[Series], axis: &Axis) -> Pictures {
        Pictures {
            axis: Some(axis_svg(axis)),
            strips: ps.iter().map(|p| (p.id, strip(p, axis))).collect(),
            charts: series
                .iter()
                .filter_map(|s| Some(((s.id, s.kind), chart(s)?)))
                .collect(),
        }
    }

    /// The hidden `<svg>` with every picture's shapes.
    pub fn defs(&self) -> Markup {
        let mut out = String::from(
            "<svg class=\"defs\" width=\"0\" height=\"0\" aria-hidden=\"true\" focusable=\"false\"><defs>",
        );
        super::assessments::frame().render_def(super::assessments::FRAME, &mut out);
        if let Some(a) = &self.axis {
            a.render_def(AXIS, &mut out);
        }
        for (id, s) in &self.strips {
            s.render_def(&strip_id(*id), &mut out);
        }
        for ((id, kind), s) in &self.charts {
            s.render_def(&chart_id(*id, *kind), &mut out);
        }
        out.push_str("</defs></svg>");
        PreEscaped(out)
    }

    /// The month axis, drawn by reference.
    pub fn axis(&self) -> Option<Markup> {
        Some(self.axis.as_ref()?.render_use(AXIS))
    }

    /// A proposal's strip, drawn by reference.
    pub fn strip(&self, id: ProposalId) -> Option<Markup> {
        Some(self.strips.get(&id)?.render_use(&strip_id(id)))
    }

    /// A proposal's strip with another label (its story says the stages in a table).
    pub fn strip_labelled(&self, id: ProposalId, label: String) -> Option<Markup> {
        let s = Svg {
            label,
            shapes: Vec::new(),
            ..self.strips.get(&id)?.clone()
        };
        Some(s.render_use(&strip_id(id)))
    }

    /// An assessment's chart, drawn by reference, when it has one.
    pub fn chart(&self, id: ProposalId, kind: AssessmentType) -> Option<Markup> {
        Some(
            self.charts
                .get(&(id, kind))?
                .render_use(&chart_id(id, kind)),
        )
    }
}
