//! Every type schemagen maps carries a real value to PostgreSQL and back: the generated
//! row struct of `fixtures/types` (one wide table, a column of every mapped type) is
//! compiled into a program (`schemagen_tests::compile::build_program`) that writes one
//! row through sqlx and reads it back, column by column and as a whole row, against a
//! throwaway PostgreSQL with the fixture applied. Likewise for `fixtures/model/quoting`:
//! types whose names PostgreSQL prints quoted (`"Mood"`, `"order"`, `"My Schema"."Mood"`)
//! are found by the names the generated code gives sqlx, and so are `public` types named
//! like built-in ones (`public.name`).

use std::path::Path;
use std::process::Command;

use schemagen_tests::compile::{Deps, NumericCrate, TimeCrate, build_program, generate};
use schemagen_tests::differential::assert_same_as_postgres;
use schemagen_tests::pg::PgServer;

/// A way of configuring schemagen, and the crates its generated code may then name.
struct Variant {
    deps: Deps,
    configure: fn(&mut schemagen::Builder),
}

/// Every configuration whose generated code is round-tripped; one program each, all
/// made from [`PROGRAM`]. Not with serde on: sqlx's `PgInterval`, `PgRange`, ... have no
/// serde impls, so the wide table needs type overrides there.
const VARIANTS: &[Variant] = &[
    Variant {
        deps: Deps::CHRONO,
        configure: |_| {},
    },
    Variant {
        deps: Deps::TIME,
        configure: |b| {
            b.time_crate(schemagen::rust::TimeCrate::Time);
        },
    },
    Variant {
        deps: Deps::CHRONO.with_numeric(NumericCrate::BigDecimal),
        configure: |b| {
            b.numeric_crate(schemagen::rust::NumericCrate::BigDecimal);
        },
    },
];

/// The environment variable the program reads its database URL from.
const URL_VAR: &str = "SCHEMAGEN_ROUNDTRIP_URL";

/// The rest of the program's `main.rs`, after the generated module `types` and
/// [`variant_items`]: the constant `NOT_OFFERED` (the crates of the other variants:
/// `["time", "bigdecimal"]` in a chrono and rust_decimal build) and the type
/// `ChosenTimeTz` (`PgTimeTz` with the chosen crate's types).
///
/// Values are built by helpers generic over the crates (`date(..)` is a chrono or a time
/// date, as the field it fills wants), so one program serves every variant; and every
/// field's type is checked to name none of `NOT_OFFERED`, since only the chosen crates
/// may appear in generated code.
///
/// Every sqlx type the generated struct uses implements `PartialEq` (`PgInterval`,
/// `PgMoney`, `PgRange`, `PgTimeTz`, `Oid`; and `BitVec`, `IpNetwork`, `MacAddress`: the
/// struct derives `PartialEq`, so it would not compile otherwise), so values are compared
/// with `==`, not through their `Debug` text.
const PROGRAM: &str = r##"
use std::fmt::Debug;
use std::ops::Bound::{Excluded, Included, Unbounded};
use std::str::FromStr;

use bit_vec::BitVec;
use sqlx::postgres::types::{
    Oid, PgBox, PgCircle, PgCube, PgHstore, PgInterval, PgLSeg, PgLine, PgMoney, PgPath,
    PgPoint, PgPolygon, PgRange, PgTimeTz,
};
use sqlx::postgres::{PgPool, PgPoolOptions, Postgres};
use sqlx::types::chrono as chrono_types;
use sqlx::types::time as time_types;
use sqlx::{AssertSqlSafe, Decode, Type};
use uuid::Uuid;

use types::{Address, Mood, NewWide, Wide};

/// A date, a time of day or a timestamp, of chrono or of time, made from its parts (the
/// parts a type has no use for are ignored). Both crates are reached through sqlx's
/// re-exports, which every variant's build has.
trait Moment {
    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, micro: u32) -> Self;
}

impl Moment for chrono_types::NaiveDate {
    fn at(y: i32, mo: u32, d: u32, _: u32, _: u32, _: u32, _: u32) -> Self {
        Self::from_ymd_opt(y, mo, d).expect("a valid date")
    }
}

impl Moment for chrono_types::NaiveTime {
    fn at(_: i32, _: u32, _: u32, h: u32, mi: u32, s: u32, micro: u32) -> Self {
        Self::from_hms_micro_opt(h, mi, s, micro).expect("a valid time")
    }
}

impl Moment for chrono_types::NaiveDateTime {
    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, micro: u32) -> Self {
        chrono_types::NaiveDate::at(y, mo, d, h, mi, s, micro)
            .and_time(chrono_types::NaiveTime::at(y, mo, d, h, mi, s, micro))
    }
}

impl Moment for chrono_types::DateTime<chrono_types::Utc> {
    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, micro: u32) -> Self {
        chrono_types::NaiveDateTime::at(y, mo, d, h, mi, s, micro).and_utc()
    }
}

impl Moment for time_types::Date {
    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, micro: u32) -> Self {
        // sqlx re-exports no `time::Month`: the day of the year says the same.
        let day = chrono_types::NaiveDate::at(y, mo, d, h, mi, s, micro);
        let first = chrono_types::NaiveDate::at(y, 1, 1, h, mi, s, micro);
        let ordinal = day.signed_duration_since(first).num_days() + 1;
        Self::from_ordinal_date(y, ordinal as u16).expect("a valid date")
    }
}

impl Moment for time_types::Time {
    fn at(_: i32, _: u32, _: u32, h: u32, mi: u32, s: u32, micro: u32) -> Self {
        Self::from_hms_micro(h as u8, mi as u8, s as u8, micro).expect("a valid time")
    }
}

impl Moment for time_types::PrimitiveDateTime {
    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, micro: u32) -> Self {
        Self::new(
            time_types::Date::at(y, mo, d, h, mi, s, micro),
            time_types::Time::at(y, mo, d, h, mi, s, micro),
        )
    }
}

impl Moment for time_types::OffsetDateTime {
    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, micro: u32) -> Self {
        time_types::PrimitiveDateTime::at(y, mo, d, h, mi, s, micro).assume_utc()
    }
}

/// A UTC offset of chrono or of time, from seconds east of UTC.
trait Offset {
    fn seconds(east: i32) -> Self;
}

impl Offset for chrono_types::FixedOffset {
    fn seconds(east: i32) -> Self {
        Self::east_opt(east).expect("a valid offset")
    }
}

impl Offset for time_types::UtcOffset {
    fn seconds(east: i32) -> Self {
        Self::from_whole_seconds(east).expect("a valid offset")
    }
}

fn date<T: Moment>(y: i32, mo: u32, d: u32) -> T {
    T::at(y, mo, d, 0, 0, 0, 0)
}

fn time<T: Moment>(h: u32, mi: u32, s: u32, micro: u32) -> T {
    T::at(2000, 1, 1, h, mi, s, micro)
}

fn timestamp<T: Moment>(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32, micro: u32) -> T {
    T::at(y, mo, d, h, mi, s, micro)
}

fn timetz<T: Moment, O: Offset>(h: u32, mi: u32, s: u32, micro: u32, east: i32) -> PgTimeTz<T, O> {
    PgTimeTz { time: time(h, mi, s, micro), offset: O::seconds(east) }
}

/// A `rust_decimal::Decimal` or a `bigdecimal::BigDecimal`, as the field wants.
fn decimal<T: FromStr>(text: &str) -> T
where
    T::Err: Debug,
{
    text.parse().expect("a valid decimal")
}

/// One row of `wide`, built field by field, with real values: negative numbers, text
/// with quotes and non-ASCII letters, sub-second times, a time zone offset, intervals
/// with months, days and microseconds, ranges with each kind of bound, bit strings whose
/// length is not a multiple of 8. A handful of nullable columns hold NULL, to check
/// that NULL decodes; the others hold values. A column added to the fixture stops this
/// compiling until it gets a value here.
fn sample() -> Wide {
    Wide {
        // GENERATED ALWAYS AS IDENTITY: not written; replaced by what PostgreSQL assigns.
        id: 0,
        c_smallint: -12345,
        c_smallint_null: Some(i16::MAX),
        c_integer: -2_000_000_000,
        c_integer_null: None,
        c_bigint: i64::MIN + 1,
        c_bigint_null: Some(9_007_199_254_740_993),
        c_real: 1.5,
        c_real_null: Some(-0.25),
        c_double: 6.022_140_76e23,
        c_double_null: Some(1e-300),
        c_numeric: decimal("-123456789.0123456789"),
        c_numeric_null: Some(decimal("0.5")),
        // numeric(10,2) keeps two decimals; written with two, they come back equal.
        c_numeric_10_2: decimal("12345678.90"),
        c_numeric_10_2_null: Some(decimal("-0.01")),
        c_text: "héllo, wörld ✓ 'single' \"double\" \\ back".to_string(),
        c_text_null: None,
        c_varchar: "varchar value".to_string(),
        c_varchar_null: Some(String::new()),
        c_char: "abcde".to_string(),
        // char(5) pads with spaces: written padded, it comes back equal.
        c_char_null: Some("ab   ".to_string()),
        c_citext: "MixedCase".to_string(),
        c_citext_null: Some("citext".to_string()),
        c_name: "a_name".to_string(),
        c_boolean: true,
        c_boolean_null: Some(false),
        c_bytea: vec![0, 1, 2, 0x7f, 0x80, 0xff],
        c_bytea_null: Some(Vec::new()),
        c_uuid: Uuid::from_u128(0x0123_4567_89ab_cdef_fedc_ba98_7654_3210),
        c_uuid_null: None,
        c_json: serde_json::json!({ "a": 1, "b": [true, null, "x"] }),
        c_json_null: Some(serde_json::json!([1, 2, 3])),
        c_jsonb: serde_json::json!({ "nested": { "k": "v" }, "n": 1.5 }),
        c_jsonb_null: Some(serde_json::json!("just a string")),
        c_date: date(2024, 2, 29),
        c_date_null: Some(date(1970, 1, 1)),
        c_time: time(23, 59, 59, 123_456),
        c_time_null: Some(time(0, 0, 0, 1)),
        c_timetz: timetz(12, 34, 56, 789_000, 5 * 3600 + 30 * 60),
        c_timetz_null: Some(timetz(1, 2, 3, 0, -8 * 3600)),
        c_timestamp: timestamp(1999, 12, 31, 23, 59, 59, 999_999),
        c_timestamp_null: Some(timestamp(2000, 1, 1, 0, 0, 0, 0)),
        c_timestamptz: timestamp(2024, 6, 1, 12, 0, 0, 123_456),
        c_timestamptz_null: Some(timestamp(1901, 12, 14, 0, 0, 0, 0)),
        c_interval: PgInterval { months: 14, days: 3, microseconds: 4_000_005 },
        c_interval_null: Some(PgInterval { months: 0, days: -1, microseconds: -1 }),
        c_inet: "192.168.0.1/24".parse().expect("an inet"),
        c_inet_null: Some("2001:db8::1/128".parse().expect("an inet")),
        c_cidr: "10.0.0.0/8".parse().expect("a cidr"),
        c_cidr_null: Some("2001:db8::/32".parse().expect("a cidr")),
        c_macaddr: mac_address::MacAddress::new([0x08, 0x00, 0x2b, 0x01, 0x02, 0x03]),
        c_macaddr_null: Some(mac_address::MacAddress::new([0xff; 6])),
        // In cents: the server's lc_monetary is C, two fractional digits.
        c_money: PgMoney(12_345),
        c_money_null: Some(PgMoney(-1)),
        c_oid: Oid(4242),
        c_oid_null: Some(Oid(u32::MAX)),
        c_bit: BitVec::from_bytes(&[0b1010_0101]),
        c_bit_null: Some(BitVec::from_bytes(&[0xff])),
        c_varbit: BitVec::from_fn(11, |i| i % 3 == 0),
        c_varbit_null: Some(BitVec::from_elem(16, true)),
        // The one-byte `"char"`, as sqlx reads it: an `i8`.
        c_char1: b'A' as i8,
        c_char1_null: Some(-1),
        // `bpchar` without a length pads nothing.
        c_bpchar: "no padding".to_string(),
        c_point: PgPoint { x: 1.5, y: -2.25 },
        c_point_null: Some(PgPoint { x: 0.0, y: 1e300 }),
        c_line: PgLine { a: 1.0, b: -1.0, c: 0.5 },
        c_lseg: PgLSeg { start_x: 0.0, start_y: 0.0, end_x: 3.0, end_y: 4.0 },
        // PostgreSQL keeps a box as its upper right and lower left corners.
        c_box: PgBox { upper_right_x: 2.0, upper_right_y: 3.0, lower_left_x: -1.0, lower_left_y: 0.5 },
        c_path: PgPath {
            closed: true,
            points: vec![PgPoint { x: 0.0, y: 0.0 }, PgPoint { x: 1.0, y: 1.0 }, PgPoint { x: 2.0, y: 0.0 }],
        },
        c_path_open: Some(PgPath { closed: false, points: vec![PgPoint { x: -1.0, y: 5.0 }, PgPoint { x: 7.0, y: 8.0 }] }),
        c_polygon: PgPolygon {
            points: vec![PgPoint { x: 0.0, y: 0.0 }, PgPoint { x: 4.0, y: 0.0 }, PgPoint { x: 4.0, y: 3.0 }],
        },
        c_circle: PgCircle { x: 1.0, y: 2.0, radius: 0.5 },
        c_point_array: vec![PgPoint { x: 1.0, y: 2.0 }, PgPoint { x: -3.0, y: 4.5 }],
        c_hstore: PgHstore(
            [("a".to_string(), Some("1".to_string())), ("b c".to_string(), None)].into(),
        ),
        c_hstore_null: Some(PgHstore::default()),
        c_ltree: "top.science.astronomy".parse().expect("an ltree"),
        c_lquery: Some("top.*.astro*".parse().expect("an lquery")),
        c_cube: PgCube::MultiDimension(vec![vec![1.0, 2.0], vec![3.0, 4.5]]),
        c_cube_null: Some(PgCube::Point(-1.5)),
        // Discrete ranges come back canonical, `[a,b)`: written so, they compare equal.
        c_int4range: PgRange { start: Included(1), end: Excluded(10) },
        c_int4range_null: Some(PgRange { start: Unbounded, end: Excluded(0) }),
        c_int8range: PgRange { start: Included(-5), end: Unbounded },
        c_int8range_null: None,
        c_numrange: PgRange { start: Included(decimal("1.5")), end: Included(decimal("2.25")) },
        c_numrange_null: Some(PgRange {
            start: Excluded(decimal("0")),
            end: Excluded(decimal("1")),
        }),
        c_tsrange: PgRange {
            start: Included(timestamp(2024, 1, 1, 0, 0, 0, 0)),
            end: Excluded(timestamp(2024, 1, 1, 12, 30, 0, 500_000)),
        },
        c_tsrange_null: Some(PgRange {
            start: Unbounded,
            end: Included(timestamp(2030, 1, 1, 0, 0, 0, 0)),
        }),
        c_tstzrange: PgRange {
            start: Excluded(timestamp(2024, 1, 1, 0, 0, 0, 0)),
            end: Included(timestamp(2024, 12, 31, 23, 59, 59, 999_999)),
        },
        c_tstzrange_null: Some(PgRange {
            start: Included(timestamp(2020, 2, 2, 2, 2, 2, 2)),
            end: Unbounded,
        }),
        c_daterange: PgRange { start: Included(date(2024, 1, 1)), end: Excluded(date(2024, 2, 1)) },
        c_daterange_null: Some(PgRange { start: Included(date(2024, 3, 1)), end: Unbounded }),
        c_mood: Mood::SoSo,
        c_mood_null: None,
        // Parsed into the field's type: `String`, or the Rust enum of the CHECK's values.
        c_status: "published".parse().expect("a status"),
        c_status_null: Some("draft".parse().expect("a status")),
        c_positive: 42,
        c_positive_null: Some(1),
        c_short: "short text".to_string(),
        c_int_list: vec![4, 5],
        c_int_list_null: Some(vec![-6]),
        c_address: Address { street: Some("1 Main St".to_string()), zip: Some(12345) },
        c_address_null: Some(Address { street: None, zip: Some(0) }),
        c_integer_array: vec![1, -2, 3],
        c_integer_array_null: Some(Vec::new()),
        c_text_array: vec![
            "a".to_string(),
            String::new(),
            "with,comma".to_string(),
            "quote\"{}".to_string(),
        ],
        c_text_array_null: Some(vec!["x".to_string()]),
        c_uuid_array: vec![Uuid::nil(), Uuid::from_u128(1)],
        c_timestamptz_array: vec![
            timestamp(2024, 1, 1, 0, 0, 0, 0),
            timestamp(1970, 1, 1, 0, 0, 0, 1),
        ],
        c_numeric_array: vec![decimal("0"), decimal("-1.25"), decimal("1e10")],
        c_mood_array: vec![Mood::Happy, Mood::SoSo, Mood::Sad],
        // Declared `integer[][]`, but PostgreSQL does not enforce an array's dimensions
        // (`integer[][]` is `integer[]`), schemagen maps it to `Vec<i32>`, and sqlx
        // decodes only one-dimensional arrays (a 2-D value fails to decode into any Rust
        // type sqlx offers): a one-dimensional value is what can round-trip.
        c_integer_matrix: vec![7, 8, 9],
        c_text_matrix: Some(vec!["m".to_string()]),
    }
}

/// The crates a type name's paths start from:
/// `core::option::Option<chrono::naive::date::NaiveDate>` -> `core`, `chrono`.
fn crate_roots(type_name: &str) -> Vec<&str> {
    type_name
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
        .filter_map(|path| path.split("::").next())
        .filter(|root| !root.is_empty())
        .collect()
}

/// Err when the field's Rust type names a crate this build does not offer.
///
/// `type_name` leaves default type parameters out, so this cannot see which crate a bare
/// `PgTimeTz` stands for (its defaults follow sqlx's features: the time crate's types
/// whenever anything in the build enables sqlx's `time` feature, as the scratch crates
/// do, and as a user's other dependencies may). Checked at compile time instead: the
/// generated field must be `ChosenTimeTz`, `PgTimeTz` with the chosen crate's types.
fn check_crates<T>(field: &str, value: &T) -> Result<(), String> {
    let type_name = std::any::type_name_of_val(value);
    match crate_roots(type_name).into_iter().find(|root| NOT_OFFERED.contains(root)) {
        Some(root) => Err(format!(
            "{field}: its type `{type_name}` names `{root}`, a crate this build did not choose"
        )),
        None => Ok(()),
    }
}

const _: fn(&Wide) -> (&ChosenTimeTz, Option<&ChosenTimeTz>) =
    |row| (&row.c_timetz, row.c_timetz_null.as_ref());

/// Reads `column` of the row `id` alone, decoded as the type of the field it fills, and
/// compares it with what was written; Err says which column and how.
async fn check_column<T>(pool: &PgPool, id: i64, column: &str, written: &T) -> Result<(), String>
where
    T: for<'r> Decode<'r, Postgres> + Type<Postgres> + Send + Unpin + PartialEq + Debug,
{
    let sql = format!("SELECT {column} FROM {} WHERE id = $1", Wide::TABLE);
    match sqlx::query_scalar::<_, T>(AssertSqlSafe(sql)).bind(id).fetch_one(pool).await {
        Ok(read) if read == *written => Ok(()),
        Ok(read) => Err(format!("{column}: wrote {written:?}, read {read:?}")),
        Err(e) => Err(format!("{column}: {e}")),
    }
}

/// Writes `row` (its fields listed in column order, `id` left out) twice: with the
/// generated `NewWide::insert`, and with an INSERT written here from the row struct;
/// then reads every listed column of the second back alone, and the whole row with
/// `query_as::<_, Wide>`. Every problem is collected, so one run names every column that
/// does not round-trip.
macro_rules! round_trip {
    ($pool:expr, $row:expr; $($field:ident),* $(,)?) => {{
        let pool: &PgPool = $pool;
        let mut row: Wide = $row;
        let mut problems: Vec<String> = Vec::new();

        let listed: &[&str] = &[$(stringify!($field)),*];
        let columns: Vec<&str> = Wide::COLUMNS.iter().copied().filter(|c| *c != "id").collect();
        if listed != columns.as_slice() {
            return Err(format!(
                "the program lists {listed:?}\nbut Wide::COLUMNS (without id) is {columns:?}"
            ));
        }
        $(
            if let Err(problem) = check_crates(stringify!($field), &row.$field) {
                problems.push(problem);
            }
        )*

        // The generated insert: `NewWide` (every column but `id`, which PostgreSQL
        // assigns) holding the same values, and `NewWide::insert`, which returns the row
        // as stored.
        let new = NewWide { $($field: row.$field.clone()),* };
        match new.insert(pool).await {
            Ok(stored) => {
                let written = Wide { id: stored.id, ..row.clone() };
                if stored != written {
                    problems.push(format!(
                        "NewWide::insert stored a different row:\nwrote {written:#?}\nread {stored:#?}"
                    ));
                }
            }
            Err(e) => problems.push(format!("NewWide::insert: {e}")),
        }

        // A hand-written INSERT of the row struct's own fields, in `Wide::COLUMNS` order
        // (so every field of the row struct is checked to encode as its column takes it,
        // and `COLUMNS` to name the columns in field order); then each column is read
        // back alone, and the whole row as `Wide`.
        let placeholders: Vec<String> = (1..=columns.len()).map(|n| format!("${n}")).collect();
        let insert = format!(
            "INSERT INTO {} ({}) VALUES ({}) RETURNING id",
            Wide::TABLE,
            columns.join(", "),
            placeholders.join(", ")
        );
        let query = sqlx::query_scalar::<_, i64>(AssertSqlSafe(insert));
        $(let query = query.bind(&row.$field);)*
        row.id = query.fetch_one(pool).await.map_err(|e| format!("INSERT failed: {e}"))?;

        $(
            if let Err(problem) = check_column(pool, row.id, stringify!($field), &row.$field).await {
                problems.push(problem);
            }
        )*

        match sqlx::query_as::<_, Wide>("SELECT * FROM wide WHERE id = $1")
            .bind(row.id)
            .fetch_one(pool)
            .await
        {
            Ok(read) if read == row => {}
            Ok(read) => problems.push(format!(
                "the whole row came back different:\nwrote {row:#?}\nread {read:#?}"
            )),
            Err(e) => problems.push(format!("SELECT * as `Wide`: {e}")),
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{} problem(s) round-tripping `wide`:\n{}",
                problems.len(),
                problems.join("\n")
            ))
        }
    }};
}

async fn run(url: &str) -> Result<(), String> {
    let pool = PgPoolOptions::new()
        .max_connections(1)
        .connect(url)
        .await
        .map_err(|e| format!("cannot connect to {url}: {e}"))?;
    let result = round_trip!(&pool, sample();
        c_smallint, c_smallint_null, c_integer, c_integer_null, c_bigint, c_bigint_null,
        c_real, c_real_null, c_double, c_double_null, c_numeric, c_numeric_null,
        c_numeric_10_2, c_numeric_10_2_null,
        c_text, c_text_null, c_varchar, c_varchar_null, c_char, c_char_null,
        c_citext, c_citext_null, c_name,
        c_boolean, c_boolean_null, c_bytea, c_bytea_null, c_uuid, c_uuid_null,
        c_json, c_json_null, c_jsonb, c_jsonb_null,
        c_date, c_date_null, c_time, c_time_null, c_timetz, c_timetz_null,
        c_timestamp, c_timestamp_null, c_timestamptz, c_timestamptz_null,
        c_interval, c_interval_null,
        c_inet, c_inet_null, c_cidr, c_cidr_null, c_macaddr, c_macaddr_null,
        c_money, c_money_null, c_oid, c_oid_null, c_bit, c_bit_null, c_varbit, c_varbit_null,
        c_char1, c_char1_null, c_bpchar,
        c_point, c_point_null, c_line, c_lseg, c_box, c_path, c_path_open, c_polygon,
        c_circle, c_point_array,
        c_hstore, c_hstore_null, c_ltree, c_lquery, c_cube, c_cube_null,
        c_int4range, c_int4range_null, c_int8range, c_int8range_null,
        c_numrange, c_numrange_null, c_tsrange, c_tsrange_null,
        c_tstzrange, c_tstzrange_null, c_daterange, c_daterange_null,
        c_mood, c_mood_null, c_status, c_status_null, c_positive, c_positive_null,
        c_short, c_int_list, c_int_list_null, c_address, c_address_null,
        c_integer_array, c_integer_array_null, c_text_array, c_text_array_null,
        c_uuid_array, c_timestamptz_array, c_numeric_array, c_mood_array,
        c_integer_matrix, c_text_matrix,
    );
    pool.close().await;
    result
}

fn main() -> std::process::ExitCode {
    let Ok(url) = std::env::var("SCHEMAGEN_ROUNDTRIP_URL") else {
        eprintln!("error: set SCHEMAGEN_ROUNDTRIP_URL to a database with fixtures/types applied");
        return std::process::ExitCode::FAILURE;
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime starts");
    match runtime.block_on(run(&url)) {
        Ok(()) => {
            println!("every column of `wide` round-tripped");
            std::process::ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
"##;

/// The items of the program that depend on the variant: the crates a build with `deps`
/// leaves out, as paths in generated code would start, and `PgTimeTz` as the chosen
/// date and time crate spells it.
fn variant_items(deps: Deps) -> String {
    let (other_time, time_tz) = match deps.time {
        TimeCrate::Chrono => (
            "time",
            "PgTimeTz<chrono_types::NaiveTime, chrono_types::FixedOffset>",
        ),
        TimeCrate::Time => (
            "chrono",
            "PgTimeTz<time_types::Time, time_types::UtcOffset>",
        ),
    };
    let other_numeric = match deps.numeric {
        NumericCrate::RustDecimal => "bigdecimal",
        NumericCrate::BigDecimal => "rust_decimal",
    };
    format!(
        "/// The crates this build did not choose.\n\
         const NOT_OFFERED: &[&str] = &[{other_time:?}, {other_numeric:?}];\n\
         /// `PgTimeTz` with the chosen date and time crate's types.\n\
         type ChosenTimeTz = {time_tz};\n"
    )
}

#[test]
fn every_mapped_type_round_trips_through_postgresql() {
    let fixture = Path::new("fixtures/types");
    let server = PgServer::start().expect("a throwaway PostgreSQL starts");
    // Applies the fixture (with `apply_and_dump`) and checks that schemagen's model of the
    // wide table is PostgreSQL's, which the generated struct is made from.
    assert_same_as_postgres(&server, "roundtrip", fixture);

    let mut failures = Vec::new();
    for variant in VARIANTS {
        let name = variant.deps.variant();
        let code = match generate(fixture, variant.configure) {
            Ok(code) => code,
            Err(e) => {
                failures.push(format!("--- {name}: schemagen refused the fixture:\n{e}"));
                continue;
            }
        };
        let main = format!("{}{PROGRAM}", variant_items(variant.deps));
        let program = match build_program(
            "roundtrip",
            &[("types".to_string(), code)],
            &main,
            variant.deps,
        ) {
            Ok(program) => program,
            Err(e) => {
                failures.push(format!("--- {name}: the program does not build:\n{e}"));
                continue;
            }
        };
        if let Err(e) = run_program(&program, &server.url("roundtrip")) {
            failures.push(format!("--- {name}: {e}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Runs a program built here with its database URL; Err holds its status and output.
fn run_program(program: &Path, url: &str) -> Result<(), String> {
    let output = Command::new(program)
        .env(URL_VAR, url)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", program.display()));
    if output.status.success() {
        return Ok(());
    }
    Err(format!(
        "the program failed ({}):\n{}{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    ))
}

/// `main.rs` after the generated module `types` of `fixtures/model/quoting`: writes a row
/// of every quoted type through the generated `insert` and reads it back. sqlx looks each
/// type up by its `type_name` through PostgreSQL's parser, so a name printed unquoted
/// (`Mood` for `"Mood"`) fails here with `TypeNotFound`. Enum values are parsed from
/// their SQL labels, so the test does not depend on the Rust names of variants. Table
/// `drinks` is left out: sqlx 0.9 cannot look up a non-ASCII type name (`"café"`).
const QUOTING_PROGRAM: &str = r##"
use std::fmt::Debug;
use std::str::FromStr;

use sqlx::PgPool;
use sqlx::postgres::PgPoolOptions;

fn label<T: FromStr>(sql: &str) -> T
where
    T::Err: Debug,
{
    sql.parse().expect("a label of the type")
}

/// Err naming the first field that came back other than it was written.
macro_rules! same {
    ($written:expr, $read:expr; $($field:ident),* $(,)?) => {{
        $(
            if $written.$field != $read.$field {
                return Err(format!(
                    "{}: wrote {:?}, read {:?}",
                    stringify!($field), $written.$field, $read.$field
                ));
            }
        )*
    }};
}

async fn accounts(pool: &PgPool) -> Result<(), String> {
    let user = types::User {
        login: Some("ann".into()),
        feeling: Some(label("sad")),
        factors: Some(vec![label("totp"), label("sms")]),
    };
    let new = types::NewAccount {
        id: 1,
        mood: label("happy"),
        moods: Some(vec![label("happy"), label("sad")]),
        second: Some(label("sms")),
        seconds: Some(vec![label("totp")]),
        sort: Some(label("desc")),
        owner: Some(user.clone()),
        owners: Some(vec![user]),
        count: Some(label("two")),
        pos: Some(types::Left { x: Some(1), y: None }),
        act: Some(label("stop")),
        label: Some(types::String { value: Some("s".into()) }),
        greeting: Some(label("hi")),
        email: Some("a@b".into()),
        work: "w@b".into(),
        history: Some(vec![label("sad")]),
        feeling: Some(label("tense")),
        calm: Some(label("calm")),
        calms: Some(vec![label("calm")]),
        flat: Some(label("flat")),
        level: Some(label("high")),
    };
    let inserted = new.insert(pool).await.map_err(|e| format!("insert: {e:?}"))?;
    let read: types::Account = sqlx::query_as("SELECT * FROM accounts WHERE id = 1")
        .fetch_one(pool)
        .await
        .map_err(|e| format!("select: {e:?}"))?;
    same!(new, inserted; id, mood, moods, second, seconds, sort, owner, owners, count, pos,
        act, label, greeting, email, work, history, feeling, calm, calms, flat, level);
    if read != inserted {
        return Err(format!("inserted {inserted:?}, selected {read:?}"));
    }
    Ok(())
}

async fn entries(pool: &PgPool) -> Result<(), String> {
    let new = types::my_schema::NewEntry {
        id: 1,
        calm: label("sad"),
        outer_mood: Some(label("happy")),
    };
    let inserted = new.insert(pool).await.map_err(|e| format!("insert: {e:?}"))?;
    same!(new, inserted; id, calm, outer_mood);
    Ok(())
}

/// User types in `public` named like built-in ones, which sqlx must find as
/// `public.name`: the bare `name` is `pg_catalog.name`.
async fn people(pool: &PgPool) -> Result<(), String> {
    let new = types::NewPerson {
        id: 1,
        nick: "ann".into(),
        count: Some(4),
        part: Some(label("last")),
        parts: Some(vec![label("first"), label("last")]),
        four: Some(label("four")),
        wallet: Some(types::Money {
            amount: Some("12.50".parse().expect("a decimal")),
            currency: Some("EUR".into()),
        }),
        kept: Some(label("kept")),
        tag: Some(label("y")),
    };
    let inserted = new.insert(pool).await.map_err(|e| format!("insert: {e:?}"))?;
    same!(new, inserted; id, nick, count, part, parts, four, wallet, kept, tag);
    let entry = types::billing::NewEntry { id: 1, kind: label("invoice") };
    let inserted = entry.insert(pool).await.map_err(|e| format!("insert: {e:?}"))?;
    same!(entry, inserted; id, kind);
    Ok(())
}

/// Types named with a leading `_`, which sqlx must not take for arrays.
async fn switches(pool: &PgPool) -> Result<(), String> {
    let pair = types::Pair {
        a: Some(1),
        b: Some(label("off")),
    };
    let new = types::NewSwitch {
        id: 1,
        st: label("on"),
        history: Some(vec![label("off"), label("on")]),
        pair: Some(pair.clone()),
        pairs: Some(vec![pair]),
    };
    let inserted = new.insert(pool).await.map_err(|e| format!("insert: {e:?}"))?;
    same!(new, inserted; id, st, history, pair, pairs);
    Ok(())
}

fn main() -> std::process::ExitCode {
    let Ok(url) = std::env::var("SCHEMAGEN_ROUNDTRIP_URL") else {
        eprintln!("error: set SCHEMAGEN_ROUNDTRIP_URL to a database with the fixture applied");
        return std::process::ExitCode::FAILURE;
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime starts");
    let result = runtime.block_on(async {
        let pool = PgPoolOptions::new()
            .max_connections(1)
            .connect(&url)
            .await
            .map_err(|e| format!("cannot connect to {url}: {e}"))?;
        accounts(&pool).await?;
        entries(&pool).await?;
        people(&pool).await?;
        switches(&pool).await
    });
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}
"##;

#[test]
fn quoted_type_names_are_found_through_sqlx() {
    let fixture = Path::new("fixtures/model/quoting");
    let server = PgServer::start().expect("a throwaway PostgreSQL starts");
    assert_same_as_postgres(&server, "quoting", fixture);
    let code = generate(fixture, |_| {}).unwrap_or_else(|e| panic!("schemagen refused:\n{e}"));
    let program = build_program(
        "roundtrip-quoting",
        &[("types".to_string(), code)],
        QUOTING_PROGRAM,
        Deps::CHRONO,
    )
    .unwrap_or_else(|e| panic!("the program does not build:\n{e}"));
    if let Err(e) = run_program(&program, &server.url("quoting")) {
        panic!("{e}");
    }
}
