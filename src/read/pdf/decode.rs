//! Stream decoding with a cap: a stream's raw bytes and `/Filter` chain in,
//! its decoded bytes out, never more than the caller's cap.
//!
//! Filters: `FlateDecode` (zlib, or raw deflate when the zlib header or checksum
//! is broken, as lopdf tolerates), `LZWDecode`, `ASCIIHexDecode`, `ASCII85Decode`
//! and `RunLengthDecode`, each with its own `/DecodeParms` (PNG and TIFF
//! predictors). Every decoder stops one byte past the cap, so a 4 GiB
//! decompression bomb costs the cap, not the bomb. Image filters (`DCTDecode`,
//! `JPXDecode`, ...) are not decoded: no text lives in them.

use super::limits::{inflate_limit, Fail, InflateBudget};
use crate::model::Code;
use lopdf::{Dictionary, Object, Stream};
use std::borrow::Cow;
use std::io::Read;

/// Largest PNG-predictor row, in bytes: 16 MiB (a 4-million-pixel-wide RGBA row).
pub const MAX_PREDICTOR_ROW: usize = 16 << 20;

/// Decodes `stream`, spending its decoded size from `budget`.
pub fn decode_stream<'a>(
    stream: &'a Stream,
    budget: &mut InflateBudget,
) -> Result<Cow<'a, [u8]>, Fail> {
    let filters = filter_names(&stream.dict);
    if filters.is_empty() {
        return Ok(Cow::Borrowed(&stream.content));
    }
    let cap = budget.stream_cap();
    let mut data: Cow<'a, [u8]> = Cow::Borrowed(&stream.content);
    for (i, name) in filters.iter().enumerate() {
        let params = decode_params(&stream.dict, i);
        data = Cow::Owned(apply_filter(name, &data, params, cap)?);
    }
    budget.spend(data.len())?;
    Ok(data)
}

/// The `/Filter` names in decoding order (empty when none).
fn filter_names(dict: &Dictionary) -> Vec<&[u8]> {
    match dict.get(b"Filter") {
        Ok(Object::Name(n)) => vec![n.as_slice()],
        Ok(Object::Array(a)) => a.iter().filter_map(|o| o.as_name().ok()).collect(),
        _ => Vec::new(),
    }
}

/// The `/DecodeParms` of the `i`-th filter (a dictionary, or an array of them).
fn decode_params(dict: &Dictionary, i: usize) -> Option<&Dictionary> {
    match dict.get(b"DecodeParms").or_else(|_| dict.get(b"DP")) {
        Ok(Object::Dictionary(d)) if i == 0 => Some(d),
        Ok(Object::Array(a)) => a.get(i).and_then(|o| o.as_dict().ok()),
        _ => None,
    }
}

/// Runs one filter over `input`, failing when its output would pass `cap`.
fn apply_filter(
    name: &[u8],
    input: &[u8],
    params: Option<&Dictionary>,
    cap: usize,
) -> Result<Vec<u8>, Fail> {
    let out = match name {
        b"FlateDecode" | b"Fl" => inflate(input, cap)?,
        b"LZWDecode" | b"LZW" => lzw(input, params, cap)?,
        b"ASCIIHexDecode" | b"AHx" => ascii_hex(input),
        b"ASCII85Decode" | b"A85" => ascii85(input),
        b"RunLengthDecode" | b"RL" => run_length(input, cap)?,
        other => {
            return Err(Fail::damaged(format!(
                "a content stream uses the filter /{}, which holds no text",
                String::from_utf8_lossy(other)
            )))
        }
    };
    if out.len() > cap {
        return Err(inflate_limit());
    }
    unpredict(out, params, cap)
}

/// Reads `reader` to its end or to one byte past `cap`; a read error keeps what came before.
fn read_capped(reader: impl Read, cap: usize, out: &mut Vec<u8>) -> Result<bool, Fail> {
    let mut limited = reader.take(cap as u64 + 1);
    let ok = limited.read_to_end(out).is_ok();
    if out.len() > cap {
        return Err(inflate_limit());
    }
    Ok(ok)
}

/// zlib inflate; on a broken header or checksum, raw deflate after the two header bytes.
pub fn inflate(input: &[u8], cap: usize) -> Result<Vec<u8>, Fail> {
    let mut out = Vec::with_capacity(input.len().saturating_mul(4).min(cap).min(1 << 20));
    if input.is_empty() {
        return Ok(out);
    }
    let ok = read_capped(flate2::read::ZlibDecoder::new(input), cap, &mut out)?;
    if !ok && out.is_empty() && input.len() > 2 {
        read_capped(
            flate2::read::DeflateDecoder::new(&input[2..]),
            cap,
            &mut out,
        )?;
    }
    Ok(out)
}

/// LZW with PDF's default early change, decoded in slices so the cap holds.
fn lzw(input: &[u8], params: Option<&Dictionary>, cap: usize) -> Result<Vec<u8>, Fail> {
    use weezl::{decode::Decoder, BitOrder};
    let early = params
        .and_then(|p| p.get(b"EarlyChange").ok())
        .and_then(|o| o.as_i64().ok())
        != Some(0);
    let mut decoder = if early {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 << 10];
    let mut rest = input;
    loop {
        let r = decoder.decode_bytes(rest, &mut buf);
        out.extend_from_slice(&buf[..r.consumed_out]);
        if out.len() > cap {
            return Err(inflate_limit());
        }
        rest = &rest[r.consumed_in..];
        let more = matches!(r.status, Ok(weezl::LzwStatus::Ok));
        if !more || (r.consumed_in == 0 && r.consumed_out == 0) {
            return Ok(out);
        }
    }
}

/// Hex digits to bytes (whitespace skipped, `>` ends, an odd last digit is padded with 0).
fn ascii_hex(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 2);
    let mut high: Option<u8> = None;
    for &b in input {
        if b == b'>' {
            break;
        }
        let Some(v) = (b as char).to_digit(16) else {
            continue;
        };
        match high.take() {
            Some(h) => out.push(h << 4 | v as u8),
            None => high = Some(v as u8),
        }
    }
    if let Some(h) = high {
        out.push(h << 4);
    }
    out
}

/// ASCII base-85 (`z` for four zero bytes, `~>` ends).
fn ascii85(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() * 4 / 5 + 4);
    let (mut acc, mut n) = (0u64, 0usize);
    for &b in input {
        match b {
            b'~' => break,
            b'z' if n == 0 => out.extend_from_slice(&[0; 4]),
            b'!'..=b'u' => {
                acc = acc * 85 + u64::from(b - b'!');
                n += 1;
                if n == 5 {
                    out.extend_from_slice(&(acc as u32).to_be_bytes());
                    (acc, n) = (0, 0);
                }
            }
            _ => {}
        }
    }
    if n > 1 {
        for _ in n..5 {
            acc = acc * 85 + 84;
        }
        out.extend_from_slice(&(acc as u32).to_be_bytes()[..n - 1]);
    }
    out
}

/// Run-length decoding (a length byte, then a literal run or one byte repeated).
fn run_length(input: &[u8], cap: usize) -> Result<Vec<u8>, Fail> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        let len = input[i] as usize;
        i += 1;
        match len {
            0..=127 => {
                let end = (i + len + 1).min(input.len());
                out.extend_from_slice(&input[i..end]);
                i = end;
            }
            128 => break,
            _ => {
                let Some(&b) = input.get(i) else { break };
                out.resize(out.len() + 257 - len, b);
                i += 1;
            }
        }
        if out.len() > cap {
            return Err(inflate_limit());
        }
    }
    Ok(out)
}

/// Reverses a PNG (10-15) or TIFF (2) predictor named in `params`.
fn unpredict(data: Vec<u8>, params: Option<&Dictionary>, cap: usize) -> Result<Vec<u8>, Fail> {
    let Some(p) = params else { return Ok(data) };
    let int = |key: &[u8], default: i64| p.get(key).and_then(|o| o.as_i64()).unwrap_or(default);
    let predictor = int(b"Predictor", 1);
    if predictor < 2 {
        return Ok(data);
    }
    let columns = int(b"Columns", 1).max(1) as u64;
    let colors = int(b"Colors", 1).clamp(1, 32) as u64;
    let bits = int(b"BitsPerComponent", 8).clamp(1, 16) as u64;
    let row = (columns * colors * bits).div_ceil(8);
    let bpp = (colors * bits).div_ceil(8) as usize;
    if row > MAX_PREDICTOR_ROW as u64 {
        return Err(Fail::limit(
            Code::PdfPredictorLimit,
            format!("a stream's predictor rows are {row} bytes wide, over the reader's limit of {MAX_PREDICTOR_ROW}"),
        ));
    }
    match predictor {
        2 if bits == 8 => Ok(tiff_unpredict(data, row as usize, bpp)),
        2 => Ok(data),
        _ => png_unpredict(&data, row as usize, bpp, cap),
    }
}

/// TIFF predictor 2 on 8-bit samples: each byte adds the one `bpp` before it in its row.
fn tiff_unpredict(mut data: Vec<u8>, row: usize, bpp: usize) -> Vec<u8> {
    for line in data.chunks_mut(row.max(1)) {
        for i in bpp..line.len() {
            line[i] = line[i].wrapping_add(line[i - bpp]);
        }
    }
    data
}

/// PNG predictors: each row starts with its filter type byte.
fn png_unpredict(data: &[u8], row: usize, bpp: usize, cap: usize) -> Result<Vec<u8>, Fail> {
    let mut out: Vec<u8> = Vec::with_capacity(data.len().min(cap));
    let mut prev = vec![0u8; row];
    for chunk in data.chunks(row + 1) {
        let (kind, raw) = (chunk[0], &chunk[1..]);
        let mut cur = vec![0u8; row];
        cur[..raw.len()].copy_from_slice(raw);
        for i in 0..row {
            let left = if i >= bpp { cur[i - bpp] } else { 0 };
            let up = prev[i];
            let up_left = if i >= bpp { prev[i - bpp] } else { 0 };
            cur[i] = cur[i].wrapping_add(match kind {
                1 => left,
                2 => up,
                3 => ((u16::from(left) + u16::from(up)) / 2) as u8,
                4 => paeth(left, up, up_left),
                _ => 0,
            });
        }
        out.extend_from_slice(&cur[..raw.len()]);
        if out.len() > cap {
            return Err(inflate_limit());
        }
        prev = cur;
    }
    Ok(out)
}

/// The PNG Paeth predictor.
fn paeth(a: u8, b: u8, c: u8) -> u8 {
    let (ia, ib, ic) = (i16::from(a), i16::from(b), i16::from(c));
    let p = ia + ib - ic;
    let (pa, pb, pc) = ((p - ia).abs(), (p - ib).abs(), (p - ic).abs());
    if pa <= pb && pa <= pc {
        a
    } else if pb <= pc {
        b
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::ZlibEncoder;
    use std::io::Write;

    fn deflate(data: &[u8]) -> Vec<u8> {
        let mut e = ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn stream(filter: Object, content: Vec<u8>) -> Stream {
        let mut dict = Dictionary::new();
        dict.set("Filter", filter);
        Stream::new(dict, content)
    }

    #[test]
    fn filters_decode_in_order() {
        let mut budget = InflateBudget::for_file(100);
        let s = stream(
            Object::Name(b"FlateDecode".to_vec()),
            deflate(b"BT (x) Tj ET"),
        );
        assert_eq!(&*decode_stream(&s, &mut budget).unwrap(), b"BT (x) Tj ET");
        let chain = Object::Array(vec![
            Object::Name(b"AHx".to_vec()),
            Object::Name(b"Fl".to_vec()),
        ]);
        let hex: String = deflate(b"q Q").iter().map(|b| format!("{b:02x}")).collect();
        let s = stream(chain, format!("{hex}>").into_bytes());
        assert_eq!(&*decode_stream(&s, &mut budget).unwrap(), b"q Q");
        assert_eq!(ascii85(b"87cURD]i,\"Ebo80~>"), b"Hello World!");
        assert_eq!(
            run_length(&[2, b'a', b'b', b'c', 254, b'z', 128], 100).unwrap(),
            b"abczzz"
        );
        assert_eq!(ascii_hex(b"48 65 6c6C6f7>"), b"Hello\x70");
    }

    #[test]
    fn a_double_deflated_bomb_stops_at_the_cap() {
        let inner = deflate(&vec![0u8; 50 << 20]);
        let outer = deflate(&inner);
        let chain = Object::Array(vec![
            Object::Name(b"FlateDecode".to_vec()),
            Object::Name(b"FlateDecode".to_vec()),
        ]);
        let s = stream(chain, outer);
        let mut budget = InflateBudget::for_file(1000);
        assert_eq!(budget.stream_cap(), super::super::limits::MAX_STREAM_BYTES);
        // 50 MiB is under one stream's cap, so a second copy spends the budget further
        assert_eq!(decode_stream(&s, &mut budget).unwrap().len(), 50 << 20);
        let huge = deflate(&deflate(&vec![0u8; 80 << 20]));
        let s = stream(
            Object::Array(vec![
                Object::Name(b"Fl".to_vec()),
                Object::Name(b"Fl".to_vec()),
            ]),
            huge,
        );
        assert!(matches!(
            decode_stream(&s, &mut budget),
            Err(Fail::Limit {
                code: Code::PdfInflateLimit,
                ..
            })
        ));
    }

    #[test]
    fn png_predictors_and_their_limit() {
        // two rows of 3 bytes: "up" filter on the second
        let data = [0, 1, 2, 3, 2, 1, 1, 1];
        let mut parms = Dictionary::new();
        parms.set("Predictor", 12);
        parms.set("Columns", 3);
        assert_eq!(
            unpredict(data.to_vec(), Some(&parms), 100).unwrap(),
            vec![1, 2, 3, 2, 3, 4]
        );
        parms.set("Columns", 1i64 << 31);
        assert!(matches!(
            unpredict(data.to_vec(), Some(&parms), 100),
            Err(Fail::Limit {
                code: Code::PdfPredictorLimit,
                ..
            })
        ));
    }

    #[test]
    fn a_broken_zlib_header_falls_back_to_raw_deflate() {
        let mut z = deflate(b"hello");
        z[0] = 0; // break the header
        assert_eq!(inflate(&z, 100).unwrap(), b"hello");
    }
}
