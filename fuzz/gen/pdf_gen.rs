//! A structure-aware generator of PDF documents, driven by a fuzzer's bytes
//! (through the `arbitrary` crate), and the invariants a reading of one must hold.
//!
//! In: a [`Spec`] (derived from any bytes by `Arbitrary`). Out: [`Built`], the
//! document's bytes with a correct cross-reference (a classic table, an xref
//! stream, or an xref stream with the plain objects packed into an object stream)
//! and what the reader must find in it: the page count and one probe word.
//!
//! What a document holds: up to [`MAX_PAGES`] pages (each with a `/Rotate`, its
//! own or the tree's `/MediaBox`, optionally under an intermediate `/Pages` node)
//! whose content streams run text operators (`BT`/`ET`, `Tf`, `Td`/`TD`/`Tm`/`T*`,
//! `Tj`/`TJ`/`'`/`"`, the text state), `q`/`Q`, `cm`, path operators and `Do`;
//! Form XObjects that draw each other (cycles included); simple fonts with
//! `/Widths` and `/FirstChar` or none, CID Type0 fonts with `/W` and `/DW`,
//! ToUnicode CMaps of `bfchar`/`bfrange` entries (counts right or wrong);
//! streams raw or FlateDecode'd, some with a wrong or indirect `/Length`.
//!
//! One extra page is the probe: a run of plain ASCII letters drawn with a simple
//! font in the middle of its page, turned against the page's `/Rotate` so it reads
//! left to right as displayed. [`check`] asserts that a successful reading has the
//! page count, finite positions, pages within the count, and the probe word.
//!
//! Used by `fuzz/fuzz_targets/pdf_structure.rs` and by `tests/pdf_generated.rs`
//! (a property test on stable, `#[path]`-included there).

#![allow(dead_code)]

use arbitrary::Arbitrary;
use std::fmt::Write as _;
use std::io::Write as _;

/// Generated pages at most (the probe page comes on top): enough for inheritance
/// and cross-page state, few enough for thousands of documents a second.
pub const MAX_PAGES: usize = 4;
/// Form XObjects at most (enough for self-reference, pairs and chains).
pub const MAX_FORMS: usize = 4;
/// Fonts at most, besides the probe's.
pub const MAX_FONTS: usize = 3;
/// Operators in one content stream at most.
pub const MAX_OPS: usize = 48;
/// Bytes in one shown string, one raw token, or one embedded font program at most.
pub const MAX_BYTES: usize = 24;
/// Entries in one `/Widths`, `/W` or CMap section at most.
pub const MAX_ENTRIES: usize = 16;
/// Letters in the probe word at most.
pub const MAX_PROBE: usize = 12;

// ---------------------------------------------------------------------------------
// The specification, derived from bytes

/// One whole document.
#[derive(Arbitrary, Debug, Clone)]
pub struct Spec {
    pub pages: Vec<PageSpec>,
    pub forms: Vec<FormSpec>,
    pub fonts: Vec<FontSpec>,
    pub probe: Probe,
    /// A `/MediaBox` on the root `/Pages` node, inherited by pages without one.
    pub tree_media: Option<BoxSpec>,
    /// Pages two by two under intermediate `/Pages` nodes.
    pub nested_tree: bool,
    pub xref: XrefKind,
}

/// How the cross-reference is written.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum XrefKind {
    Table,
    Stream,
    /// Plain objects in an object stream, found through an xref stream.
    ObjectStream {
        flate: bool,
    },
}

#[derive(Arbitrary, Debug, Clone)]
pub struct PageSpec {
    pub rotate: Rotate,
    pub media: Option<BoxSpec>,
    pub ops: Vec<Block>,
    /// The content split into this many streams (`/Contents [...]`), at least one.
    pub split: u8,
    pub stream: StreamOpts,
    /// Bit j set: Form XObject j is in the page's resources as `/Xj`.
    pub forms: u8,
}

#[derive(Arbitrary, Debug, Clone)]
pub struct FormSpec {
    pub ops: Vec<Block>,
    /// Bit j set: Form XObject j is in this form's resources (itself: a cycle).
    pub forms: u8,
    pub matrix: Option<[Num; 6]>,
    pub bbox: BoxSpec,
    /// Resources of its own (fonts and forms); without, it inherits the page's.
    pub own_resources: bool,
    pub stream: StreamOpts,
}

#[derive(Arbitrary, Debug, Clone)]
pub enum FontSpec {
    Simple {
        base: StdFont,
        subtype: SimpleSubtype,
        first_char: u8,
        widths: Vec<u16>,
        encoding: Encoding,
        to_unicode: Option<CMapSpec>,
        program: Option<Vec<u8>>,
    },
    Type0 {
        dw: Option<u16>,
        w: Vec<WEntry>,
        vertical: bool,
        to_unicode: Option<CMapSpec>,
        program: Option<Vec<u8>>,
    },
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum StdFont {
    Helvetica,
    HelveticaBold,
    TimesRoman,
    Courier,
    Symbol,
    /// Not a standard font: no metrics unless the dictionary gives them.
    Unknown,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum SimpleSubtype {
    Type1,
    TrueType,
    MMType1,
}

#[derive(Arbitrary, Debug, Clone)]
pub enum Encoding {
    None,
    WinAnsi,
    MacRoman,
    Standard,
    /// `/Differences` over a base: (code, glyph name index).
    Differences(Vec<(u8, u8)>),
}

#[derive(Arbitrary, Debug, Clone)]
pub enum WEntry {
    /// `c [w1 w2 ...]`
    List(u16, Vec<u16>),
    /// `c1 c2 w`
    Range(u16, u8, u16),
}

#[derive(Arbitrary, Debug, Clone)]
pub struct CMapSpec {
    pub two_byte: bool,
    pub bfchar: Vec<(u16, Uni)>,
    pub bfrange: Vec<(u16, u8, Uni)>,
    /// A `bfrange` mapping to an array of destinations.
    pub array_range: Option<(u16, Vec<Uni>)>,
    /// Section counts that do not match their entries.
    pub wrong_counts: bool,
    pub stream: StreamOpts,
}

/// A destination: one to three UTF-16 units (surrogates and NUL included).
#[derive(Arbitrary, Debug, Clone)]
pub struct Uni(pub u16, pub Option<u16>, pub Option<u16>);

#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct StreamOpts {
    pub flate: bool,
    pub length: LengthKind,
}

/// How a stream's `/Length` is written, mostly right: from the selector byte,
/// 0-7 short by 1-8 bytes, 8-15 long by 1-8, 16-19 missing, 20-27 indirect
/// (`/Length n 0 R`, right), the rest right.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct LengthKind(pub u8);

impl LengthKind {
    pub const RIGHT: LengthKind = LengthKind(255);
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum Rotate {
    R0,
    R90,
    R180,
    R270,
    Minus90,
    R450,
    /// Not a multiple of 90 (invalid; readers round it).
    Odd(i16),
}

impl Rotate {
    pub fn degrees(self) -> i64 {
        match self {
            Rotate::R0 => 0,
            Rotate::R90 => 90,
            Rotate::R180 => 180,
            Rotate::R270 => 270,
            Rotate::Minus90 => -90,
            Rotate::R450 => 450,
            Rotate::Odd(d) => i64::from(d),
        }
    }
}

/// A box `[x0 y0 x0+w y0+h]`, corners swapped when `reversed`.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct BoxSpec {
    pub x0: i16,
    pub y0: i16,
    pub w: u16,
    pub h: u16,
    pub reversed: bool,
}

impl BoxSpec {
    /// Width and height of at least one point, at most 3,000.
    fn corners(self) -> [f64; 4] {
        let (x0, y0) = (f64::from(self.x0), f64::from(self.y0));
        let w = 1.0 + f64::from(self.w % 3000);
        let h = 1.0 + f64::from(self.h % 3000);
        if self.reversed {
            [x0 + w, y0 + h, x0, y0]
        } else {
            [x0, y0, x0 + w, y0 + h]
        }
    }

    fn pdf(self) -> String {
        let c = self.corners();
        format!("[{} {} {} {}]", c[0], c[1], c[2], c[3])
    }
}

/// An operand: a quarter-point grid from -8192 to 8192.
#[derive(Arbitrary, Debug, Clone, Copy)]
pub struct Num(pub i16);

impl Num {
    fn value(self) -> f64 {
        f64::from(self.0) / 4.0
    }
}

impl std::fmt::Display for Num {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.value())
    }
}

#[derive(Arbitrary, Debug, Clone)]
pub enum TjItem {
    Str(Vec<u8>),
    Adjust(Num),
}

/// A run of content: mostly the shapes real pages have, sometimes any operators.
#[derive(Arbitrary, Debug, Clone)]
pub enum Block {
    /// `BT /Ffont size Tf x y Td (first) Tj ops... ET`, `first` made printable ASCII
    Text {
        font: u8,
        size: u8,
        x: Num,
        y: Num,
        first: Vec<u8>,
        ops: Vec<Op>,
    },
    /// `q a b c d e f cm ops... Q`
    Saved([Num; 6], Vec<Op>),
    /// `q 1 0 0 1 x y cm /Xj Do Q`
    Draw(u8, Num, Num),
    /// Any operators.
    Ops(Vec<Op>),
}

/// One content operator with its operands.
#[derive(Arbitrary, Debug, Clone)]
pub enum Op {
    BT,
    ET,
    Tf(u8, Num),
    Td(Num, Num),
    TD(Num, Num),
    Tm([Num; 6]),
    TStar,
    Tj(Vec<u8>),
    TJ(Vec<TjItem>),
    Quote(Vec<u8>),
    DoubleQuote(Num, Num, Vec<u8>),
    Tc(Num),
    Tw(Num),
    Tz(Num),
    TL(Num),
    Ts(Num),
    Tr(u8),
    Save,
    Restore,
    Cm([Num; 6]),
    Re(Num, Num, Num, Num),
    MoveTo(Num, Num),
    LineTo(Num, Num),
    Close,
    Stroke,
    Fill,
    FillEvenOdd,
    FillStroke,
    EndPath,
    Clip,
    Do(u8),
    /// A snippet from [`NASTY`]: operands readers get wrong.
    Nasty(u8),
    /// Raw bytes, spliced in as they are.
    Raw(Vec<u8>),
}

/// Content snippets at the edges of what the lexer and interpreter accept.
const NASTY: &[&str] = &[
    "99999999999999999999 0 0 99999999999999999999 0 0 cm",
    "0 0 0 0 0 0 cm",
    "0 0 0 0 0 0 Tm",
    "1 0 0 1 -.5 +.5 Tm",
    "--5 Tc",
    "1.2.3 Tw",
    "/F0 0 Tf",
    "/F0 -12 Tf",
    "/Nope 10 Tf",
    "(unbalanced Tj",
    "<0g0> Tj",
    "<48656c6c6f> Tj",
    "[(a) -99999999 (b)] TJ",
    "[] TJ",
    "Tj",
    "() Tj",
    "1 2 3 4 5 6 7 8 9 cm",
    "/X0 Do /X0 Do",
    "/Missing Do",
    "BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI",
    "% a comment\n",
    "q q q Q Q Q Q Q",
    "ET ET BT BT",
    "3 Tr 7 Tr -1 Tr",
    "<< /Dict 1 >> BDC EMC",
    "/Span << /ActualText (x) >> BDC (y) Tj EMC",
    "0 0 m 1e5 1e5 l S",
    "NaN 0 Td",
];

/// Glyph names for `/Differences`.
const GLYPH_NAMES: &[&str] = &[
    "A",
    "B",
    "a",
    "space",
    "quotesingle",
    "fi",
    "uni0041",
    "uni00410042",
    "g123",
    ".notdef",
    "Euro",
    "zero",
    "bullet",
    "u1F600",
    "nonexistent",
];

/// The probe: letters drawn with a simple font on a page of their own.
#[derive(Arbitrary, Debug, Clone)]
pub struct Probe {
    /// Where among the generated pages the probe page goes.
    pub at: u8,
    pub letters: Vec<u8>,
    /// Font size 6 to 37 points.
    pub size: u8,
    pub font: ProbeFont,
    pub rotate: Rotate,
    pub media: BoxSpec,
    pub flate: bool,
    /// Ruling paths drawn after the text (they must not change its words).
    pub paths: Vec<(Num, Num, Num, Num)>,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum ProbeFont {
    /// A standard font with no `/Widths` (the AFM metrics apply).
    Standard(ProbeBase, ProbeEncoding),
    /// `/FirstChar 65` and a `/Widths` array over `A`..`z`, every width `100 + w % 1000`.
    Widths(ProbeBase, ProbeEncoding, u16),
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum ProbeBase {
    Helvetica,
    TimesRoman,
    Courier,
    HelveticaBold,
}

#[derive(Arbitrary, Debug, Clone, Copy)]
pub enum ProbeEncoding {
    None,
    WinAnsi,
    MacRoman,
    Standard,
}

// ---------------------------------------------------------------------------------
// Serialising

/// A document built from a [`Spec`], and what reading it must give.
#[derive(Debug, Clone)]
pub struct Built {
    pub bytes: Vec<u8>,
    /// Pages in the page tree.
    pub pages: u32,
    /// The probe page (1-based) and its word.
    pub probe_page: u32,
    pub probe: String,
}

/// Numbered objects (object n is `objects[n - 1]`), `None` until set.
struct Objects {
    bodies: Vec<Option<Obj>>,
}

/// An object body: a plain object or a stream (dictionary text and data).
enum Obj {
    Plain(String),
    Stream(String, Vec<u8>),
}

impl Objects {
    fn alloc(&mut self) -> u32 {
        self.bodies.push(None);
        self.bodies.len() as u32
    }

    fn set(&mut self, id: u32, o: Obj) {
        self.bodies[id as usize - 1] = Some(o);
    }

    fn plain(&mut self, body: String) -> u32 {
        let id = self.alloc();
        self.set(id, Obj::Plain(body));
        id
    }

    /// A stream object with `dict` entries, `data` flated or not, its `/Length` as `opts` says.
    fn stream(&mut self, id: u32, dict: &str, data: &[u8], opts: StreamOpts) {
        let (data, filter) = if opts.flate {
            (zlib(data), " /Filter /FlateDecode")
        } else {
            (data.to_vec(), "")
        };
        let n = data.len();
        let length = match opts.length.0 {
            k @ 0..=7 => format!("/Length {}", n.saturating_sub(1 + usize::from(k))),
            k @ 8..=15 => format!("/Length {}", n + usize::from(k) - 7),
            16..=19 => String::new(),
            20..=27 => format!("/Length {} 0 R", self.plain(n.to_string())),
            _ => format!("/Length {n}"),
        };
        self.set(
            id,
            Obj::Stream(format!("<< {length}{filter} {dict} >>"), data),
        );
    }

    fn new_stream(&mut self, dict: &str, data: &[u8], opts: StreamOpts) -> u32 {
        let id = self.alloc();
        self.stream(id, dict, data, opts);
        id
    }
}

fn zlib(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

/// A PDF literal string of `bytes`, or a hex string when `hex`.
fn pdf_string(bytes: &[u8], hex: bool) -> String {
    let bytes = &bytes[..bytes.len().min(MAX_BYTES)];
    if hex {
        let mut s = String::from("<");
        for b in bytes {
            let _ = write!(s, "{b:02X}");
        }
        s.push('>');
        return s;
    }
    let mut s = String::from("(");
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => {
                s.push('\\');
                s.push(b as char);
            }
            0x20..=0x7e => s.push(b as char),
            _ => {
                let _ = write!(s, "\\{b:03o}");
            }
        }
    }
    s.push(')');
    s
}

/// Writes one operator into `out`.
fn write_op(op: &Op, fonts: usize, out: &mut Vec<u8>) {
    let hex = out.len() % 3 == 0; // a varied but deterministic choice of string form
    let line = match op {
        Op::BT => "BT".to_string(),
        Op::ET => "ET".to_string(),
        Op::Tf(f, size) => format!("/F{} {size} Tf", usize::from(*f) % fonts.max(1)),
        Op::Td(x, y) => format!("{x} {y} Td"),
        Op::TD(x, y) => format!("{x} {y} TD"),
        Op::Tm(m) => format!("{} {} {} {} {} {} Tm", m[0], m[1], m[2], m[3], m[4], m[5]),
        Op::TStar => "T*".to_string(),
        Op::Tj(s) => format!("{} Tj", pdf_string(s, hex)),
        Op::TJ(items) => {
            let mut s = String::from("[");
            for it in items.iter().take(MAX_ENTRIES) {
                match it {
                    TjItem::Str(b) => s.push_str(&pdf_string(b, hex)),
                    TjItem::Adjust(n) => {
                        let _ = write!(s, " {} ", n.value() * 8.0);
                    }
                }
            }
            s.push_str("] TJ");
            s
        }
        Op::Quote(s) => format!("{} '", pdf_string(s, hex)),
        Op::DoubleQuote(aw, ac, s) => format!("{aw} {ac} {} \"", pdf_string(s, hex)),
        Op::Tc(n) => format!("{n} Tc"),
        Op::Tw(n) => format!("{n} Tw"),
        Op::Tz(n) => format!("{n} Tz"),
        Op::TL(n) => format!("{n} TL"),
        Op::Ts(n) => format!("{n} Ts"),
        Op::Tr(r) => format!("{} Tr", r % 8),
        Op::Save => "q".to_string(),
        Op::Restore => "Q".to_string(),
        Op::Cm(m) => format!("{} {} {} {} {} {} cm", m[0], m[1], m[2], m[3], m[4], m[5]),
        Op::Re(x, y, w, h) => format!("{x} {y} {w} {h} re"),
        Op::MoveTo(x, y) => format!("{x} {y} m"),
        Op::LineTo(x, y) => format!("{x} {y} l"),
        Op::Close => "h".to_string(),
        Op::Stroke => "S".to_string(),
        Op::Fill => "f".to_string(),
        Op::FillEvenOdd => "f*".to_string(),
        Op::FillStroke => "B".to_string(),
        Op::EndPath => "n".to_string(),
        Op::Clip => "W n".to_string(),
        Op::Do(j) => format!("/X{} Do", usize::from(*j) % MAX_FORMS),
        Op::Nasty(k) => NASTY[usize::from(*k) % NASTY.len()].to_string(),
        Op::Raw(b) => {
            out.extend_from_slice(&b[..b.len().min(MAX_BYTES)]);
            out.push(b'\n');
            return;
        }
    };
    out.extend_from_slice(line.as_bytes());
    out.push(b'\n');
}

fn content(blocks: &[Block], fonts: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut budget = MAX_OPS;
    let mut ops = |ops: &[Op], out: &mut Vec<u8>| {
        let n = ops.len().min(budget);
        budget -= n;
        for op in &ops[..n] {
            write_op(op, fonts, out);
        }
    };
    for b in blocks.iter().take(MAX_OPS) {
        match b {
            Block::Text {
                font,
                size,
                x,
                y,
                first,
                ops: o,
            } => {
                // half the blocks in the plain /F0, the rest in any font
                let font = if *font < 128 {
                    0
                } else {
                    usize::from(*font) % fonts.max(1)
                };
                // the first string printable, so most text blocks show something
                let first: Vec<u8> = first.iter().map(|b| 0x21 + b % 94).collect();
                let head = format!(
                    "BT /F{font} {} Tf {x} {y} Td {} Tj\n",
                    1 + size % 40,
                    pdf_string(&first, false)
                );
                out.extend_from_slice(head.as_bytes());
                ops(o, &mut out);
                out.extend_from_slice(b"ET\n");
            }
            Block::Saved(m, o) => {
                let head = format!(
                    "q {} {} {} {} {} {} cm\n",
                    m[0], m[1], m[2], m[3], m[4], m[5]
                );
                out.extend_from_slice(head.as_bytes());
                ops(o, &mut out);
                out.extend_from_slice(b"Q\n");
            }
            Block::Draw(j, x, y) => {
                let line = format!(
                    "q 1 0 0 1 {x} {y} cm /X{} Do Q\n",
                    usize::from(*j) % MAX_FORMS
                );
                out.extend_from_slice(line.as_bytes());
            }
            Block::Ops(o) => ops(o, &mut out),
        }
    }
    out
}

/// `<FFFF>` hex of a destination.
fn uni_hex(u: &Uni) -> String {
    let mut s = format!("<{:04X}", u.0);
    for v in [u.1, u.2].into_iter().flatten() {
        let _ = write!(s, "{v:04X}");
    }
    s.push('>');
    s
}

/// A ToUnicode CMap's text.
fn cmap_text(c: &CMapSpec) -> Vec<u8> {
    let code = |v: u32| {
        if c.two_byte {
            format!("<{:04X}>", v & 0xFFFF)
        } else {
            format!("<{:02X}>", v & 0xFF)
        }
    };
    let mut s = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /Gen def\n/CMapType 2 def\n1 begincodespacerange\n",
    );
    s.push_str(if c.two_byte {
        "<0000> <FFFF>\n"
    } else {
        "<00> <FF>\n"
    });
    s.push_str("endcodespacerange\n");
    let count = |n: usize| if c.wrong_counts { n + 3 } else { n };
    let chars: Vec<_> = c.bfchar.iter().take(MAX_ENTRIES).collect();
    let _ = writeln!(s, "{} beginbfchar", count(chars.len()));
    for (k, u) in chars {
        let _ = writeln!(s, "{} {}", code(u32::from(*k)), uni_hex(u));
    }
    s.push_str("endbfchar\n");
    let ranges: Vec<_> = c.bfrange.iter().take(MAX_ENTRIES).collect();
    let arrays = usize::from(c.array_range.is_some());
    let _ = writeln!(s, "{} beginbfrange", count(ranges.len() + arrays));
    for (lo, len, u) in ranges {
        let lo = u32::from(*lo);
        let _ = writeln!(
            s,
            "{} {} {}",
            code(lo),
            code(lo + u32::from(*len)),
            uni_hex(u)
        );
    }
    if let Some((lo, dests)) = &c.array_range {
        let dests: Vec<_> = dests.iter().take(MAX_ENTRIES).collect();
        let lo = u32::from(*lo);
        let hi = lo + (dests.len() as u32).saturating_sub(1);
        let list: Vec<String> = dests.iter().map(|u| uni_hex(u)).collect();
        let _ = writeln!(s, "{} {} [{}]", code(lo), code(hi), list.join(" "));
    }
    s.push_str("endbfrange\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    s.into_bytes()
}

fn std_font_name(f: StdFont) -> &'static str {
    match f {
        StdFont::Helvetica => "Helvetica",
        StdFont::HelveticaBold => "Helvetica-Bold",
        StdFont::TimesRoman => "Times-Roman",
        StdFont::Courier => "Courier",
        StdFont::Symbol => "Symbol",
        StdFont::Unknown => "ABCDEF+Generated",
    }
}

fn encoding_entry(e: &Encoding) -> String {
    match e {
        Encoding::None => String::new(),
        Encoding::WinAnsi => "/Encoding /WinAnsiEncoding".into(),
        Encoding::MacRoman => "/Encoding /MacRomanEncoding".into(),
        Encoding::Standard => "/Encoding /StandardEncoding".into(),
        Encoding::Differences(d) => {
            let mut s = String::from(
                "/Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding /Differences [",
            );
            for (code, name) in d.iter().take(MAX_ENTRIES) {
                let _ = write!(
                    s,
                    " {code} /{}",
                    GLYPH_NAMES[usize::from(*name) % GLYPH_NAMES.len()]
                );
            }
            s.push_str("] >>");
            s
        }
    }
}

/// `/ToUnicode n 0 R` with the CMap written, or nothing.
fn to_unicode_entry(o: &mut Objects, c: &Option<CMapSpec>) -> String {
    match c {
        Some(c) => format!(
            "/ToUnicode {} 0 R",
            o.new_stream("", &cmap_text(c), c.stream)
        ),
        None => String::new(),
    }
}

/// The font descriptor every generated font shares, with `extra` entries.
fn descriptor(extra: &str) -> String {
    format!("<< /Type /FontDescriptor /FontName /ABCDEF+Generated /Flags 32 /FontBBox [0 -200 1000 900] /ItalicAngle 0 /Ascent 800 /Descent -200 /CapHeight 700 /StemV 80 {extra} >>")
}

/// `/FontDescriptor n 0 R` with the font program (any bytes) under `key`, or nothing.
fn program_entry(o: &mut Objects, p: &Option<Vec<u8>>, key: &str) -> String {
    let Some(p) = p else { return String::new() };
    let p = &p[..p.len().min(MAX_BYTES)];
    let opts = StreamOpts {
        flate: p.len() % 2 == 0,
        length: LengthKind::RIGHT,
    };
    let file = o.new_stream("", p, opts);
    let id = o.plain(descriptor(&format!("/{key} {file} 0 R")));
    format!("/FontDescriptor {id} 0 R")
}

/// Widths as PDF numbers, at most [`MAX_ENTRIES`], each under 3,000.
fn width_list(w: &[u16]) -> Vec<String> {
    w.iter()
        .take(MAX_ENTRIES)
        .map(|w| (w % 3000).to_string())
        .collect()
}

/// Writes one font (and its descendant, descriptor, CMap, program); returns its id.
fn write_font(o: &mut Objects, f: &FontSpec) -> u32 {
    match f {
        FontSpec::Simple {
            base,
            subtype,
            first_char,
            widths,
            encoding,
            to_unicode,
            program,
        } => {
            let widths = width_list(widths);
            let metrics = if widths.is_empty() {
                String::new()
            } else {
                format!(
                    "/FirstChar {first_char} /LastChar {} /Widths [{}]",
                    usize::from(*first_char) + widths.len() - 1,
                    widths.join(" ")
                )
            };
            let tu = to_unicode_entry(o, to_unicode);
            let key = match subtype {
                SimpleSubtype::TrueType => "FontFile2",
                _ => "FontFile",
            };
            let prog = program_entry(o, program, key);
            o.plain(format!(
                "<< /Type /Font /Subtype /{subtype:?} /BaseFont /{} {metrics} {} {tu} {prog} >>",
                std_font_name(*base),
                encoding_entry(encoding)
            ))
        }
        FontSpec::Type0 {
            dw,
            w,
            vertical,
            to_unicode,
            program,
        } => type0_font(o, *dw, w, *vertical, to_unicode, program),
    }
}

/// A Type0 font over a CIDFontType2 with `/W` and `/DW`.
fn type0_font(
    o: &mut Objects,
    dw: Option<u16>,
    w: &[WEntry],
    vertical: bool,
    to_unicode: &Option<CMapSpec>,
    program: &Option<Vec<u8>>,
) -> u32 {
    let mut warr = String::new();
    for e in w.iter().take(MAX_ENTRIES) {
        let _ = match e {
            WEntry::List(c, ws) => write!(warr, " {c} [{}]", width_list(ws).join(" ")),
            WEntry::Range(c, len, wd) => {
                write!(
                    warr,
                    " {c} {} {}",
                    u32::from(*c) + u32::from(*len),
                    wd % 3000
                )
            }
        };
    }
    let dw = dw.map(|d| format!("/DW {}", d % 3000)).unwrap_or_default();
    let mut desc = program_entry(o, program, "FontFile2");
    if desc.is_empty() {
        desc = format!("/FontDescriptor {} 0 R", o.plain(descriptor("")));
    }
    let cid = o.plain(format!("<< /Type /Font /Subtype /CIDFontType2 /BaseFont /ABCDEF+Generated /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> {desc} {dw} /W [{warr}] >>"));
    let tu = to_unicode_entry(o, to_unicode);
    let enc = if vertical { "Identity-V" } else { "Identity-H" };
    o.plain(format!("<< /Type /Font /Subtype /Type0 /BaseFont /ABCDEF+Generated /Encoding /{enc} /DescendantFonts [{cid} 0 R] {tu} >>"))
}

/// `/XObject << /Xj n 0 R ... >>` for the forms whose bit is set in `mask`.
fn xobject_entry(mask: u8, form_ids: &[u32]) -> String {
    let mut s = String::from("/XObject <<");
    for (j, id) in form_ids.iter().enumerate() {
        if mask & (1 << j) != 0 {
            let _ = write!(s, " /X{j} {id} 0 R");
        }
    }
    s.push_str(" >>");
    s
}

fn font_entry(font_ids: &[u32], probe: Option<u32>) -> String {
    let mut s = String::from("/Font <<");
    for (i, id) in font_ids.iter().enumerate() {
        let _ = write!(s, " /F{i} {id} 0 R");
    }
    if let Some(p) = probe {
        let _ = write!(s, " /FP {p} 0 R");
    }
    s.push_str(" >>");
    s
}

fn probe_base(b: ProbeBase) -> &'static str {
    match b {
        ProbeBase::Helvetica => "Helvetica",
        ProbeBase::TimesRoman => "Times-Roman",
        ProbeBase::Courier => "Courier",
        ProbeBase::HelveticaBold => "Helvetica-Bold",
    }
}

fn probe_encoding(e: ProbeEncoding) -> &'static str {
    match e {
        ProbeEncoding::None => "",
        ProbeEncoding::WinAnsi => "/Encoding /WinAnsiEncoding",
        ProbeEncoding::MacRoman => "/Encoding /MacRomanEncoding",
        ProbeEncoding::Standard => "/Encoding /StandardEncoding",
    }
}

/// The probe word: ASCII letters only, at least one.
fn probe_word(p: &Probe) -> String {
    const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    let mut s: String = p
        .letters
        .iter()
        .take(MAX_PROBE)
        .map(|&b| {
            if b.is_ascii_alphabetic() {
                b as char
            } else {
                LETTERS[usize::from(b) % LETTERS.len()] as char
            }
        })
        .collect();
    if s.is_empty() {
        s.push('Q');
    }
    s
}

/// The probe page's content: the word in the middle of the page, turned against
/// `/Rotate` (as the reader rounds it) so it reads left to right on display.
fn probe_content(p: &Probe, word: &str) -> Vec<u8> {
    let c = p.media.corners();
    let (cx, cy) = ((c[0] + c[2]) / 2.0, (c[1] + c[3]) / 2.0);
    let r = p.rotate.degrees().rem_euclid(360) / 90 * 90;
    let (cos, sin) = match r {
        90 => (0, 1),
        180 => (-1, 0),
        270 => (0, -1),
        _ => (1, 0),
    };
    let size = 6 + u32::from(p.size % 32);
    let mut s = format!(
        "BT /FP {size} Tf {cos} {sin} {} {cos} {cx} {cy} Tm ({word}) Tj ET\n",
        -sin
    );
    for (x, y, w, h) in p.paths.iter().take(MAX_ENTRIES) {
        let _ = writeln!(s, "{x} {y} {w} {h} re S");
    }
    s.into_bytes()
}

fn probe_font(o: &mut Objects, f: ProbeFont) -> u32 {
    match f {
        ProbeFont::Standard(b, e) => o.plain(format!(
            "<< /Type /Font /Subtype /Type1 /BaseFont /{} {} >>",
            probe_base(b),
            probe_encoding(e)
        )),
        ProbeFont::Widths(b, e, w) => {
            let width = (100 + w % 1000).to_string();
            let widths = vec![width; usize::from(b'z' - b'A') + 1].join(" ");
            o.plain(format!(
                "<< /Type /Font /Subtype /Type1 /BaseFont /{} /FirstChar 65 /LastChar 122 /Widths [{widths}] {} >>",
                probe_base(b),
                probe_encoding(e)
            ))
        }
    }
}

/// One generated page's dictionary, its content streams written.
fn page_dict(o: &mut Objects, p: &PageSpec, parent: u32, res: &str, fonts: usize) -> String {
    let data = content(&p.ops, fonts);
    // split at line ends: a content stream may end only between tokens
    let parts = 1 + usize::from(p.split % 4);
    let lines: Vec<&[u8]> = data.split_inclusive(|&b| b == b'\n').collect();
    let per = lines.len().div_ceil(parts).max(1);
    let ids: Vec<String> = lines
        .chunks(per)
        .map(|c| format!("{} 0 R", o.new_stream("", &c.concat(), p.stream)))
        .collect();
    let contents = if ids.len() == 1 {
        ids[0].clone()
    } else {
        format!("[{}]", ids.join(" "))
    };
    let media = p
        .media
        .map(|m| format!("/MediaBox {}", m.pdf()))
        .unwrap_or_default();
    format!(
        "<< /Type /Page /Parent {parent} 0 R /Rotate {} {media} /Resources << {res} >> /Contents {contents} >>",
        p.rotate.degrees()
    )
}

/// Builds the document a spec describes.
pub fn build(spec: &Spec) -> Built {
    let mut o = Objects { bodies: Vec::new() };
    let catalog = o.alloc();
    let root = o.alloc();
    // /F0 is always a plain Helvetica, so most text shows; the generated fonts follow
    let mut fonts = vec![o.plain(
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
    )];
    fonts.extend(
        spec.fonts
            .iter()
            .take(MAX_FONTS)
            .map(|f| write_font(&mut o, f)),
    );
    let form_ids = write_forms(&mut o, &spec.forms, &fonts);
    let pages: Vec<&PageSpec> = spec.pages.iter().take(MAX_PAGES).collect();
    let probe_at = usize::from(spec.probe.at) % (pages.len() + 1);
    let word = probe_word(&spec.probe);
    let total = pages.len() + 1;
    let parents: Vec<u32> = if spec.nested_tree {
        (0..total.div_ceil(2)).map(|_| o.alloc()).collect()
    } else {
        Vec::new()
    };
    let parent_of = |i: usize| parents.get(i / 2).copied().unwrap_or(root);
    let mut leaves = Vec::new();
    let mut gen = pages.iter();
    for i in 0..total {
        let id = o.alloc();
        let body = if i == probe_at {
            probe_page(&mut o, &spec.probe, &word, parent_of(i), &fonts)
        } else {
            let p = gen.next().expect("one spec per generated page");
            let res = format!(
                "{} {}",
                font_entry(&fonts, None),
                xobject_entry(p.forms, &form_ids)
            );
            page_dict(&mut o, p, parent_of(i), &res, fonts.len())
        };
        o.set(id, Obj::Plain(body));
        leaves.push(id);
    }
    write_tree(&mut o, root, &parents, &leaves, spec.tree_media);
    o.set(
        catalog,
        Obj::Plain(format!("<< /Type /Catalog /Pages {root} 0 R >>")),
    );
    Built {
        bytes: serialise(o, spec.xref),
        pages: total as u32,
        probe_page: probe_at as u32 + 1,
        probe: word,
    }
}

/// Writes the Form XObjects (each may list any of them, itself included); their ids.
fn write_forms(o: &mut Objects, forms: &[FormSpec], fonts: &[u32]) -> Vec<u32> {
    let forms: Vec<&FormSpec> = forms.iter().take(MAX_FORMS).collect();
    let form_ids: Vec<u32> = forms.iter().map(|_| o.alloc()).collect();
    for (f, &id) in forms.iter().zip(&form_ids) {
        let res = if f.own_resources {
            format!(
                "/Resources << {} {} >>",
                font_entry(fonts, None),
                xobject_entry(f.forms, &form_ids)
            )
        } else {
            String::new()
        };
        let matrix = f
            .matrix
            .map(|m| {
                format!(
                    "/Matrix [{} {} {} {} {} {}]",
                    m[0], m[1], m[2], m[3], m[4], m[5]
                )
            })
            .unwrap_or_default();
        let dict = format!(
            "/Type /XObject /Subtype /Form /BBox {} {matrix} {res}",
            f.bbox.pdf()
        );
        o.stream(id, &dict, &content(&f.ops, fonts.len()), f.stream);
    }
    form_ids
}

/// The probe page's dictionary, its font and content written.
fn probe_page(o: &mut Objects, p: &Probe, word: &str, parent: u32, fonts: &[u32]) -> String {
    let font = probe_font(o, p.font);
    let opts = StreamOpts {
        flate: p.flate,
        length: LengthKind::RIGHT,
    };
    let stream = o.new_stream("", &probe_content(p, word), opts);
    format!(
        "<< /Type /Page /Parent {parent} 0 R /Rotate {} /MediaBox {} /Resources << {} >> /Contents {stream} 0 R >>",
        p.rotate.degrees(),
        p.media.pdf(),
        font_entry(fonts, Some(font))
    )
}

/// The `/Pages` nodes: the root over the leaves, or over intermediate nodes of two.
fn write_tree(o: &mut Objects, root: u32, parents: &[u32], leaves: &[u32], media: Option<BoxSpec>) {
    let kids = |ids: &[u32]| {
        ids.iter()
            .map(|i| format!("{i} 0 R"))
            .collect::<Vec<_>>()
            .join(" ")
    };
    let media = media
        .map(|m| format!("/MediaBox {}", m.pdf()))
        .unwrap_or_default();
    let total = leaves.len();
    for (k, &pid) in parents.iter().enumerate() {
        let mine = &leaves[2 * k..(2 * k + 2).min(total)];
        let node = format!(
            "<< /Type /Pages /Parent {root} 0 R /Kids [{}] /Count {} >>",
            kids(mine),
            mine.len()
        );
        o.set(pid, Obj::Plain(node));
    }
    let top = if parents.is_empty() { leaves } else { parents };
    let node = format!(
        "<< /Type /Pages /Kids [{}] /Count {total} {media} >>",
        kids(top)
    );
    o.set(root, Obj::Plain(node));
}

/// Where each object lives: at an offset, or inside an object stream at an index.
#[derive(Clone, Copy)]
enum At {
    Offset(usize),
    Packed(u32, u32),
}

fn write_object(out: &mut Vec<u8>, id: u32, obj: &Obj) {
    out.extend_from_slice(format!("{id} 0 obj\n").as_bytes());
    match obj {
        Obj::Plain(s) => out.extend_from_slice(s.as_bytes()),
        Obj::Stream(d, data) => {
            out.extend_from_slice(d.as_bytes());
            out.extend_from_slice(b"\nstream\n");
            out.extend_from_slice(data);
            out.extend_from_slice(b"\nendstream");
        }
    }
    out.extend_from_slice(b"\nendobj\n");
}

/// The file: header, objects, cross-reference, trailer.
fn serialise(o: Objects, xref: XrefKind) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n".to_vec();
    let bodies: Vec<Obj> = o
        .bodies
        .into_iter()
        .map(|b| b.unwrap_or(Obj::Plain("null".into())))
        .collect();
    let n = bodies.len() as u32;
    let mut at = vec![At::Offset(0); bodies.len()];
    let pack = matches!(xref, XrefKind::ObjectStream { .. });
    let mut packed: Vec<(u32, &str)> = Vec::new();
    for (i, b) in bodies.iter().enumerate() {
        let id = i as u32 + 1;
        match b {
            Obj::Plain(s) if pack => {
                at[i] = At::Packed(n + 1, packed.len() as u32);
                packed.push((id, s));
            }
            _ => {
                at[i] = At::Offset(out.len());
                write_object(&mut out, id, b);
            }
        }
    }
    match xref {
        XrefKind::Table => table(&mut out, &at),
        XrefKind::Stream => xref_stream(&mut out, at, n + 1),
        XrefKind::ObjectStream { flate } => {
            let mut head = String::new();
            let mut body = Vec::new();
            for (id, s) in &packed {
                let _ = write!(head, "{id} {} ", body.len());
                body.extend_from_slice(s.as_bytes());
                body.push(b'\n');
            }
            let mut data = head.clone().into_bytes();
            data.extend_from_slice(&body);
            let mut objs = Objects { bodies: Vec::new() };
            let id = objs.alloc();
            objs.stream(
                id,
                &format!("/Type /ObjStm /N {} /First {}", packed.len(), head.len()),
                &data,
                StreamOpts {
                    flate,
                    length: LengthKind::RIGHT,
                },
            );
            let stm = objs.bodies.pop().flatten().expect("the object stream");
            at.push(At::Offset(out.len()));
            write_object(&mut out, n + 1, &stm);
            xref_stream(&mut out, at, n + 2);
        }
    }
    out
}

fn table(out: &mut Vec<u8>, at: &[At]) {
    let start = out.len();
    let _ = write!(out, "xref\n0 {}\n0000000000 65535 f \n", at.len() + 1);
    for a in at {
        let off = match a {
            At::Offset(o) => *o,
            At::Packed(..) => 0,
        };
        let _ = writeln!(out, "{off:010} 00000 n ");
    }
    let _ = write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{start}\n%%EOF\n",
        at.len() + 1
    );
}

/// An xref stream as object `id`, listing `at` and itself.
fn xref_stream(out: &mut Vec<u8>, mut at: Vec<At>, id: u32) {
    let start = out.len();
    at.push(At::Offset(start));
    let mut rows = vec![0u8, 0, 0, 0, 0, 0xFF, 0xFF];
    for a in &at {
        let (kind, field2, field3) = match *a {
            At::Offset(o) => (1u8, o as u32, 0u16),
            At::Packed(s, i) => (2u8, s, i as u16),
        };
        rows.push(kind);
        rows.extend_from_slice(&field2.to_be_bytes());
        rows.extend_from_slice(&field3.to_be_bytes());
    }
    let data = zlib(&rows);
    let _ = write!(
        out,
        "{id} 0 obj\n<< /Type /XRef /Size {} /W [1 4 2] /Root 1 0 R /Filter /FlateDecode /Length {} >>\nstream\n",
        at.len() + 1,
        data.len()
    );
    out.extend_from_slice(&data);
    let _ = write!(out, "\nendstream\nendobj\nstartxref\n{start}\n%%EOF\n");
}

// ---------------------------------------------------------------------------------
// Invariants

/// Checks what a reading of `built` gave; panics with the reason when an invariant breaks.
///
/// A reading may fail (a form cycle, a limit, damage from a wrong `/Length`), but
/// never by a panic caught inside the reader nor a timeout; a reading that succeeds
/// has the page count, every line on a page within it with finite positions, words
/// that are non-empty and without whitespace, line numbers 1, 2, 3, ..., and — unless
/// the probe page was skipped — the probe word on the probe page.
pub fn check(
    built: &Built,
    read: &Result<modledger::layout::Document, modledger::error::ReadError>,
) {
    use modledger::error::ReadErrorKind;
    let doc = match read {
        Ok(doc) => doc,
        Err(e) => {
            assert!(
                !matches!(e.kind, ReadErrorKind::Panic(_) | ReadErrorKind::Timeout(_)),
                "the reader failed: {e}"
            );
            return;
        }
    };
    assert_eq!(doc.pages, built.pages, "page count");
    for (i, line) in doc.lines.iter().enumerate() {
        assert_eq!(line.line, i as u32 + 1, "line numbers");
        assert!(
            (1..=doc.pages).contains(&line.page),
            "page {} of {}",
            line.page,
            doc.pages
        );
        check_words(line);
    }
    for note in &doc.notes {
        assert!(
            !note.message.contains("the PDF reader failed"),
            "a panic inside the reader: {}",
            note.message
        );
    }
    let skipped = doc.notes.iter().any(|n| n.page == Some(built.probe_page));
    if !skipped {
        let found = doc
            .lines
            .iter()
            .filter(|l| l.page == built.probe_page)
            .any(|l| l.words.iter().any(|w| w.text == built.probe));
        assert!(
            found,
            "probe {:?} not on page {}: {:?}",
            built.probe,
            built.probe_page,
            lines_of(doc, built.probe_page)
        );
    }
}

/// A line's position and words: finite, ordered edges, no empty or spaced word.
fn check_words(line: &modledger::layout::Line) {
    assert!(line.y.is_finite(), "line y {}", line.y);
    assert!(!line.words.is_empty(), "a line without words");
    for w in &line.words {
        assert!(
            w.x0.is_finite() && w.x1.is_finite(),
            "word x {} {}",
            w.x0,
            w.x1
        );
        assert!(w.x0 <= w.x1, "word x0 {} > x1 {}", w.x0, w.x1);
        assert!(
            !w.text.is_empty() && !w.text.chars().any(char::is_whitespace),
            "word {:?}",
            w.text
        );
    }
}

fn lines_of(doc: &modledger::layout::Document, page: u32) -> Vec<&str> {
    doc.lines
        .iter()
        .filter(|l| l.page == page)
        .map(|l| l.text.as_str())
        .collect()
}
