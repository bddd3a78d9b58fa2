//! A row struct's field values, in field order: a ledger row in, one
//! `serde_json::Value` per column out, with no map of column names between.
//!
//! The workbook writes every row's cells by column. Serialising a row to a
//! `serde_json` object and looking each column up by name built a map, its
//! keys and a hash per cell; a row struct's fields already come in its
//! columns' order (the CSV header is that order), so the values are taken
//! as the struct gives them.

use serde::ser::{self, Impossible, Serialize, Serializer};
use serde_json::Value;

/// Why a value gave no field values: it is not a struct.
type Error = serde_json::Error;

/// The values of `row`'s fields, in order, into `out` (cleared first). A
/// value that is not a struct gives none.
pub fn field_values<T: Serialize>(row: &T, out: &mut Vec<Value>) {
    out.clear();
    if row.serialize(Fields { out: &mut *out }).is_err() {
        out.clear();
    }
}

/// The serializer that takes a struct's fields (and nothing else).
struct Fields<'a> {
    out: &'a mut Vec<Value>,
}

/// The refusal for anything but a struct.
fn not_a_struct<T>() -> Result<T, Error> {
    Err(ser::Error::custom("a row is a struct"))
}

impl<'a> ser::SerializeStruct for Fields<'a> {
    type Ok = ();
    type Error = Error;

    fn serialize_field<V: ?Sized + Serialize>(
        &mut self,
        _key: &'static str,
        value: &V,
    ) -> Result<(), Error> {
        self.out
            .push(value.serialize(serde_json::value::Serializer)?);
        Ok(())
    }

    fn end(self) -> Result<(), Error> {
        Ok(())
    }
}

impl<'a> Serializer for Fields<'a> {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Impossible<(), Error>;
    type SerializeTuple = Impossible<(), Error>;
    type SerializeTupleStruct = Impossible<(), Error>;
    type SerializeTupleVariant = Impossible<(), Error>;
    type SerializeMap = Impossible<(), Error>;
    type SerializeStruct = Self;
    type SerializeStructVariant = Impossible<(), Error>;

    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<Self, Error> {
        Ok(self)
    }

    fn serialize_bool(self, _v: bool) -> Result<(), Error> {
        not_a_struct()
    }
    fn serialize_i8(self, _v: i8) -> Result<(), Error> {
        not_a_struct()
    }
    fn serialize_i16(self, _v: i16) -> Result<(), Error> {
        not_a_struct()
    }
    fn serialize_i32(self, _v: i32) -> Result<(), Error> {
        not_a_struct()
    }
    fn serialize_i64(self, _v: i64) -> Result<(), Error> {
        not_a_struct()
    }
    fn serialize_u8(self, _v: u8) -> Result<(), Error> {
        not_a_struct()
    }
    fn serialize_u16(self, _v: u16) -> Result<(), Error> {
        not_a_struct()
    }
    fn serialize_u32(self, _v: u32) -> Result<(), Error> {
        not_a_struct()
    }
    fn serialize_u64(self, _v: u64) -> Result<(), Error> {
        not_a_struct()
    }
    fn serialize_f32(self, _v: f32) -> Result<(), Error> {
        not_a_struct()
    }
    fn serialize_f64(self, _v: f64) -> Result<(), Error> {
        not_a_struct()
    }
    fn serialize_char(self, _v: char) -> Result<(), Error> {
        not_a_struct()
    }
    fn serialize_str(self, _v: &str) -> Result<(), Error> {
        not_a_struct()
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<(), Error> {
        not_a_struct()
    }
    fn serialize_none(self) -> Result<(), Error> {
        not_a_struct()
    }
    fn serialize_some<V: ?Sized + Serialize>(self, _value: &V) -> Result<(), Error> {
        not_a_struct()
    }
    fn serialize_unit(self) -> Result<(), Error> {
        not_a_struct()
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<(), Error> {
        not_a_struct()
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
    ) -> Result<(), Error> {
        not_a_struct()
    }
    fn serialize_newtype_struct<V: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _value: &V,
    ) -> Result<(), Error> {
        not_a_struct()
    }
    fn serialize_newtype_variant<V: ?Sized + Serialize>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &V,
    ) -> Result<(), Error> {
        not_a_struct()
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        not_a_struct()
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        not_a_struct()
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        not_a_struct()
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        not_a_struct()
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        not_a_struct()
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        not_a_struct()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::schema::{
        columns, AssessmentRecord, DiagnosticRecord, EventRecord, HistoryRecord, ObservationRecord,
        RegisterRecord, ReportRecord, SlipRecord, TimescaleRecord,
    };
    use serde::de::DeserializeOwned;

    /// `row`'s values as the object serde_json makes of it, looked up by column.
    fn by_column<T: Serialize + Default>(row: &T) -> Vec<Value> {
        let object = serde_json::to_value(row).unwrap();
        columns::<T>()
            .iter()
            .map(|c| object.get(c).cloned().unwrap_or(Value::Null))
            .collect()
    }

    /// Every table's rows of the fixture ledger give, field by field, what
    /// looking their columns up in serde_json's object gives.
    fn agrees<T: Serialize + DeserializeOwned + Default>(
        ledger: &std::path::Path,
        file: &str,
    ) -> usize {
        let mut r = csv::Reader::from_path(ledger.join(file)).unwrap();
        let mut got = Vec::new();
        let mut n = 0;
        for row in r.deserialize::<T>() {
            let row = row.unwrap();
            field_values(&row, &mut got);
            assert_eq!(got, by_column(&row), "{file}");
            n += 1;
        }
        n
    }

    #[test]
    fn a_rows_fields_are_its_columns_values_in_order() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/expected/text");
        let rows = agrees::<ReportRecord>(&dir, "reports.csv")
            + agrees::<ObservationRecord>(&dir, "observations.csv")
            + agrees::<AssessmentRecord>(&dir, "assessments.csv")
            + agrees::<EventRecord>(&dir, "events.csv")
            + agrees::<TimescaleRecord>(&dir, "timescales.csv")
            + agrees::<HistoryRecord>(&dir, "history.csv")
            + agrees::<RegisterRecord>(&dir, "register.csv")
            + agrees::<DiagnosticRecord>(&dir, "diagnostics.csv");
        assert!(rows > 200, "{rows} rows");
        let slip = SlipRecord::default();
        let mut got = Vec::new();
        field_values(&slip, &mut got);
        assert_eq!(got, by_column(&slip));
        assert_eq!(got.len(), columns::<SlipRecord>().len());
    }

    #[test]
    fn a_value_that_is_no_struct_gives_no_fields() {
        let mut got = vec![Value::Null];
        field_values(&"a string", &mut got);
        assert!(got.is_empty());
        field_values(&vec![1, 2], &mut got);
        assert!(got.is_empty());
    }
}
