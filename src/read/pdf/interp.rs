//! The content-stream interpreter: a page's content bytes and resources in,
//! glyphs (with their transforms and widths) and stroked or filled paths out,
//! into a [`Page`].
//!
//! It keeps the graphics and text state the glyph positions need (`cm`, `q`/`Q`,
//! `BT`, `Tf`, `Tm`, `Td`, `TD`, `T*`, `Tc`, `Tw`, `Tz`, `TL`, `Ts`, `Tj`, `TJ`,
//! `'`, `"`), the path operators for ruling lines, and `Do` for Form XObjects.
//! The arithmetic is pdf-extract's, operation for operation
//! (`Trm = Tsm × Tm × CTM`, advances `tx = Th × (w0 × Tfs + Tc + Tw)`), so the
//! positions of the earlier reader are kept bit for bit.
//!
//! Limits (see [`super::limits`]): operators per page, glyphs, path segments,
//! operands, `q` depth, form depth, and forms that draw themselves (directly or
//! through others) — each a [`Fail::Limit`] with its own code. Fonts are built
//! once per document ([`FontCache`]).

use super::decode::decode_stream;
use super::font::{load_font, Font};
use super::lexer::{Lexer, Operand, Operands};
use super::limits::*;
use super::page::Page;
use super::rulings::PathOp;
use crate::model::Code;
use lopdf::{Dictionary, Document, Object, Stream};
use std::collections::HashMap;
use std::rc::Rc;

/// A 2-D affine transform, row-major as euclid has it: `[a b; c d; e f]`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Matrix {
    /// m11
    pub a: f64,
    /// m12
    pub b: f64,
    /// m21
    pub c: f64,
    /// m22
    pub d: f64,
    /// m31 (x translation)
    pub e: f64,
    /// m32 (y translation)
    pub f: f64,
}

impl Matrix {
    /// The identity.
    pub const IDENTITY: Matrix = Matrix {
        a: 1.0,
        b: 0.0,
        c: 0.0,
        d: 1.0,
        e: 0.0,
        f: 0.0,
    };

    /// A translation.
    pub fn translate(x: f64, y: f64) -> Matrix {
        Matrix {
            e: x,
            f: y,
            ..Matrix::IDENTITY
        }
    }

    /// `self × m`: `self` applies first (euclid's `post_transform`).
    pub fn then(&self, m: &Matrix) -> Matrix {
        Matrix {
            a: self.a * m.a + self.b * m.c,
            b: self.a * m.b + self.b * m.d,
            c: self.c * m.a + self.d * m.c,
            d: self.c * m.b + self.d * m.d,
            e: self.e * m.a + self.f * m.c + m.e,
            f: self.e * m.b + self.f * m.d + m.f,
        }
    }

    fn from_array(v: [f64; 6]) -> Matrix {
        Matrix {
            a: v[0],
            b: v[1],
            c: v[2],
            d: v[3],
            e: v[4],
            f: v[5],
        }
    }
}

/// Fonts built so far in this document, by font dictionary (a failure is kept too).
#[derive(Default)]
pub struct FontCache {
    fonts: HashMap<usize, Result<Rc<Font>, Fail>>,
}

/// The state `q` saves and `Q` restores (the text matrix with it, as pdf-extract had it).
#[derive(Clone)]
struct GState {
    ctm: Matrix,
    tm: Matrix,
    font: Option<Rc<Font>>,
    font_size: f64,
    char_spacing: f64,
    word_spacing: f64,
    hscale: f64,
    leading: f64,
    rise: f64,
}

impl GState {
    fn new(ctm: Matrix) -> GState {
        GState {
            ctm,
            tm: Matrix::IDENTITY,
            font: None,
            font_size: f64::NAN,
            char_spacing: 0.0,
            word_spacing: 0.0,
            hscale: 1.0,
            leading: 0.0,
            rise: 0.0,
        }
    }
}

/// What every level of form nesting shares while one page is read.
pub struct PageContext<'d, 'p> {
    doc: &'d Document,
    fonts: &'p mut FontCache,
    budget: &'p mut InflateBudget,
    clock: &'p mut Clock,
    page: &'p mut Page,
    operators: u32,
    /// The forms being drawn, innermost last (to refuse a form that draws itself).
    forms: Vec<usize>,
}

impl<'d, 'p> PageContext<'d, 'p> {
    /// A run over one page.
    pub fn new(
        doc: &'d Document,
        fonts: &'p mut FontCache,
        budget: &'p mut InflateBudget,
        clock: &'p mut Clock,
        page: &'p mut Page,
    ) -> Self {
        PageContext {
            doc,
            fonts,
            budget,
            clock,
            page,
            operators: 0,
            forms: Vec::new(),
        }
    }

    /// Interprets a page's content with its resources.
    pub fn page(&mut self, content: &[u8], resources: Option<&'d Dictionary>) -> Result<(), Fail> {
        self.stream(content, resources, GState::new(Matrix::IDENTITY))
    }

    /// Interprets one content stream (the page's, or a form's).
    fn stream(
        &mut self,
        content: &[u8],
        resources: Option<&'d Dictionary>,
        gs: GState,
    ) -> Result<(), Fail> {
        let mut st = StreamState {
            gs,
            stack: Vec::new(),
            overflow: 0,
            tlm: Matrix::IDENTITY,
            path: Vec::new(),
        };
        let mut lexer = Lexer::new(content);
        let mut ops = Operands::default();
        while let Some(op) = lexer.next_op(&mut ops) {
            let op = op?;
            self.count_operator()?;
            self.operator(op, &ops, &mut st, resources)?;
        }
        Ok(())
    }

    fn count_operator(&mut self) -> Result<(), Fail> {
        self.operators += 1;
        if self.operators > MAX_OPERATORS {
            return Err(Fail::limit(
                Code::PdfOperatorLimit,
                format!("a page runs more than {MAX_OPERATORS} content operators"),
            ));
        }
        self.clock.tick()
    }

    /// One operator.
    fn operator(
        &mut self,
        op: &[u8],
        ops: &Operands,
        st: &mut StreamState,
        res: Option<&'d Dictionary>,
    ) -> Result<(), Fail> {
        match op {
            b"BT" | b"ET" => {
                st.tlm = Matrix::IDENTITY;
                st.gs.tm = st.tlm;
            }
            b"Tf" => self.set_font(ops, st, res)?,
            b"Tj" => self.show(ops.last_string(), st)?,
            b"TJ" => self.show_array(ops, st)?,
            b"'" => {
                next_line(st);
                self.show(ops.last_string(), st)?;
            }
            b"\"" => {
                if let (Some(aw), Some(ac)) = (ops.num(0), ops.num(1)) {
                    st.gs.word_spacing = aw;
                    st.gs.char_spacing = ac;
                }
                next_line(st);
                self.show(ops.last_string(), st)?;
            }
            b"Do" => self.draw_xobject(ops, st, res)?,
            _ => self.state_or_path(op, ops, st)?,
        }
        Ok(())
    }

    /// Operators that change state or build paths (no resources needed).
    fn state_or_path(
        &mut self,
        op: &[u8],
        ops: &Operands,
        st: &mut StreamState,
    ) -> Result<(), Fail> {
        let gs = &mut st.gs;
        match op {
            b"q" => st.save(),
            b"Q" => st.restore(),
            b"cm" => {
                if let Some(m) = ops.last_nums::<6>() {
                    gs.ctm = Matrix::from_array(m).then(&gs.ctm);
                }
            }
            b"Tc" => set_num(ops, &mut gs.char_spacing),
            b"Tw" => set_num(ops, &mut gs.word_spacing),
            b"Tz" => {
                if let Some([v]) = ops.last_nums::<1>() {
                    gs.hscale = v / 100.0;
                }
            }
            b"TL" => set_num(ops, &mut gs.leading),
            b"Ts" => set_num(ops, &mut gs.rise),
            b"Tm" => {
                if let Some(m) = ops.last_nums::<6>() {
                    st.tlm = Matrix::from_array(m);
                    gs.tm = st.tlm;
                }
            }
            b"Td" | b"TD" => {
                if let Some([tx, ty]) = ops.last_nums::<2>() {
                    if op == b"TD" {
                        gs.leading = -ty;
                    }
                    st.tlm = Matrix::translate(tx, ty).then(&st.tlm);
                    st.gs.tm = st.tlm;
                }
            }
            b"T*" => next_line(st),
            _ => self.path_op(op, ops, st)?,
        }
        Ok(())
    }

    /// Path construction and painting.
    fn path_op(&mut self, op: &[u8], ops: &Operands, st: &mut StreamState) -> Result<(), Fail> {
        let path = &mut st.path;
        let new = match op {
            b"m" => ops.last_nums::<2>().map(|[x, y]| PathOp::MoveTo(x, y)),
            b"l" => ops.last_nums::<2>().map(|[x, y]| PathOp::LineTo(x, y)),
            b"c" => ops.last_nums::<6>().map(|v| PathOp::CurveTo(v[4], v[5])),
            b"v" | b"y" => ops.last_nums::<4>().map(|v| PathOp::CurveTo(v[2], v[3])),
            b"re" => ops
                .last_nums::<4>()
                .map(|[x, y, w, h]| PathOp::Rect(x, y, w, h)),
            b"h" => Some(PathOp::Close),
            b"S" | b"s" | b"B" | b"B*" | b"b" | b"b*" => {
                if matches!(op, b"s" | b"b" | b"b*") {
                    path.push(PathOp::Close);
                }
                self.page.add_path(&st.gs.ctm, path, false)?;
                path.clear();
                None
            }
            b"f" | b"F" | b"f*" => {
                self.page.add_path(&st.gs.ctm, path, true)?;
                path.clear();
                None
            }
            b"n" => {
                path.clear();
                None
            }
            _ => None,
        };
        if let Some(p) = new {
            if path.len() >= MAX_PATH_SEGMENTS {
                return Err(path_limit());
            }
            path.push(p);
        }
        Ok(())
    }

    /// `Tf`: the font named in the resources, built once per document.
    fn set_font(
        &mut self,
        ops: &Operands,
        st: &mut StreamState,
        res: Option<&'d Dictionary>,
    ) -> Result<(), Fail> {
        let Some(size) = ops.num(ops.list.len().saturating_sub(1)) else {
            return Ok(());
        };
        st.gs.font_size = size;
        st.gs.font = None;
        let Some(name) = ops.first_name() else {
            return Ok(());
        };
        let Some(dict) = resource(self.doc, res, b"Font", name).and_then(|o| o.as_dict().ok())
        else {
            return Ok(()); // no such font: text shown with it fails below
        };
        let key = dict as *const Dictionary as usize;
        if !self.fonts.fonts.contains_key(&key) {
            let built = load_font(self.doc, dict, self.budget).map(Rc::new);
            if let Err(Fail::Limit { .. } | Fail::Timeout) = &built {
                return built.map(|_| ());
            }
            self.fonts.fonts.insert(key, built);
        }
        match &self.fonts.fonts[&key] {
            Ok(f) => st.gs.font = Some(f.clone()),
            Err(e) => return Err(e.clone()),
        }
        Ok(())
    }

    /// `TJ`: strings shown, numbers moving the text position back by n/1000 em.
    fn show_array(&mut self, ops: &Operands, st: &mut StreamState) -> Result<(), Fail> {
        for &o in &ops.list {
            match o {
                Operand::Str(..) => self.show(ops.bytes_of(o), st)?,
                Operand::Num(tj) => {
                    let gs = &mut st.gs;
                    let tx = gs.hscale * ((0.0 - tj / 1000.0) * gs.font_size);
                    gs.tm = Matrix::translate(tx, 0.0).then(&gs.tm);
                }
                _ => {}
            }
        }
        Ok(())
    }

    /// Shows one string: each glyph at `Trm = Tsm × Tm × CTM`, then advanced.
    fn show(&mut self, bytes: Option<&[u8]>, st: &mut StreamState) -> Result<(), Fail> {
        let Some(mut rest) = bytes else { return Ok(()) };
        if rest.is_empty() {
            return Ok(());
        }
        let gs = &mut st.gs;
        let Some(font) = gs.font.clone() else {
            return Err(Fail::damaged(
                "text is shown without a font the page defines",
            ));
        };
        while let Some((glyph, used)) = font.next_glyph(rest) {
            rest = &rest[used..];
            let tsm = Matrix {
                a: gs.hscale,
                d: 1.0,
                f: gs.rise,
                ..Matrix::IDENTITY
            };
            let trm = tsm.then(&gs.tm.then(&gs.ctm));
            let w0 = glyph.width / 1000.0;
            let mut spacing = gs.char_spacing;
            if glyph.is_space_code {
                spacing += gs.word_spacing;
            }
            let boxed = if glyph.estimated {
                Some(font.average / 1000.0)
            } else {
                None
            };
            self.page.glyph(&trm, w0, gs.font_size, glyph.text, boxed)?;
            let tx = gs.hscale * (w0 * gs.font_size + spacing);
            gs.tm = Matrix::translate(tx, 0.0).then(&gs.tm);
        }
        Ok(())
    }

    /// `Do`: a Form XObject's content, in a saved state under its `/Matrix`.
    fn draw_xobject(
        &mut self,
        ops: &Operands,
        st: &mut StreamState,
        res: Option<&'d Dictionary>,
    ) -> Result<(), Fail> {
        let Some(name) = ops.first_name() else {
            return Ok(());
        };
        let Some(Object::Stream(form)) = resource(self.doc, res, b"XObject", name) else {
            return Ok(());
        };
        if form.dict.get(b"Subtype").and_then(|s| s.as_name()).ok() != Some(b"Form") {
            return Ok(()); // an image: no text
        }
        let key = form as *const Stream as usize;
        if self.forms.contains(&key) {
            return Err(Fail::limit(
                Code::PdfFormCycle,
                "a Form XObject draws itself (directly or through other forms)",
            ));
        }
        if self.forms.len() >= MAX_FORM_DEPTH {
            return Err(Fail::limit(
                Code::PdfFormDepth,
                format!("Form XObjects nest deeper than {MAX_FORM_DEPTH}"),
            ));
        }
        let content = decode_stream(form, self.budget)?;
        let mut gs = st.gs.clone();
        if let Some(m) = matrix_of(self.doc, &form.dict) {
            gs.ctm = m.then(&gs.ctm);
        }
        let inner = dict_entry(self.doc, &form.dict, b"Resources").or(res);
        self.forms.push(key);
        let result = self.stream(&content, inner, gs);
        self.forms.pop();
        result
    }
}

/// The state of one content stream being read.
struct StreamState {
    gs: GState,
    stack: Vec<GState>,
    /// `q`s past [`MAX_SAVE_DEPTH`] that were not saved (their `Q`s pop nothing).
    overflow: usize,
    tlm: Matrix,
    path: Vec<PathOp>,
}

impl StreamState {
    fn save(&mut self) {
        if self.stack.len() < MAX_SAVE_DEPTH {
            self.stack.push(self.gs.clone());
        } else {
            self.overflow += 1;
        }
    }

    fn restore(&mut self) {
        if self.overflow > 0 {
            self.overflow -= 1;
        } else if let Some(g) = self.stack.pop() {
            self.gs = g;
        }
    }
}

/// `T*`: to the start of the next line, `leading` below.
fn next_line(st: &mut StreamState) {
    st.tlm = Matrix::translate(0.0, -st.gs.leading).then(&st.tlm);
    st.gs.tm = st.tlm;
}

fn set_num(ops: &Operands, slot: &mut f64) {
    if let Some([v]) = ops.last_nums::<1>() {
        *slot = v;
    }
}

/// The failure for a page that draws too many path segments.
pub fn path_limit() -> Fail {
    Fail::limit(
        Code::PdfPathLimit,
        format!("a page draws more than {MAX_PATH_SEGMENTS} path segments"),
    )
}

/// `resources /Category /name`, references followed.
fn resource<'d>(
    doc: &'d Document,
    res: Option<&'d Dictionary>,
    category: &[u8],
    name: &[u8],
) -> Option<&'d Object> {
    let cat = dict_entry(doc, res?, category)?;
    deref(doc, cat.get(name).ok()?)
}

/// A dictionary-valued entry, references followed.
pub fn dict_entry<'d>(
    doc: &'d Document,
    dict: &'d Dictionary,
    key: &[u8],
) -> Option<&'d Dictionary> {
    deref(doc, dict.get(key).ok()?)?.as_dict().ok()
}

/// Follows references (a few steps at most).
pub fn deref<'d>(doc: &'d Document, mut o: &'d Object) -> Option<&'d Object> {
    for _ in 0..8 {
        match o {
            Object::Reference(id) => o = doc.get_object(*id).ok()?,
            _ => return Some(o),
        }
    }
    None
}

/// A form's `/Matrix`.
fn matrix_of(doc: &Document, dict: &Dictionary) -> Option<Matrix> {
    let arr = deref(doc, dict.get(b"Matrix").ok()?)?.as_array().ok()?;
    let mut v = [0.0; 6];
    for (slot, o) in v.iter_mut().zip(arr.iter()) {
        *slot = match o {
            Object::Integer(i) => *i as f64,
            Object::Real(r) => f64::from(*r),
            _ => return None,
        };
    }
    (arr.len() == 6).then(|| Matrix::from_array(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matrices_compose_like_euclid() {
        let t = Matrix::translate(10.0, 20.0);
        let s = Matrix {
            a: 2.0,
            d: 3.0,
            ..Matrix::IDENTITY
        };
        // translate then scale: the translation is scaled too
        assert_eq!(
            t.then(&s),
            Matrix {
                a: 2.0,
                b: 0.0,
                c: 0.0,
                d: 3.0,
                e: 20.0,
                f: 60.0
            }
        );
        assert_eq!(
            s.then(&t),
            Matrix {
                a: 2.0,
                b: 0.0,
                c: 0.0,
                d: 3.0,
                e: 10.0,
                f: 20.0
            }
        );
        assert_eq!(Matrix::IDENTITY.then(&t), t);
    }
}
