//! The RealityCam backend's data layer, built on the types schemagen generates from
//! `../migrations` at build time: no database is needed to compile.
//!
//! Run without `DATABASE_URL`, it shows what was generated. With `DATABASE_URL` set to
//! a PostgreSQL database, it applies the migrations, inserts a device through the
//! generated insert struct, and round-trips one row of each table through the generated
//! row structs, enums of both kinds included.

// The generated module is included below: any warning in it (or a public item without
// docs) fails this build, which is how CI holds generated code to hand-written standards.
#![deny(warnings, missing_docs)]

use std::any::type_name_of_val;

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::postgres::PgPoolOptions;
use uuid::Uuid;

/// The generated module: `db::Device`, `db::NewDevice`, `db::Capture`, `db::CaptureStatus`
/// (from the CHECK on `captures.status`), `db::DevicePlatform` (the enum type), ...
pub mod db {
    schemagen_macros::include_schema!();
}

use db::{Capture, CaptureStatus, Device, DevicePlatform, NewDevice, VerificationLog};

/// One row of each table, built field by field: if a migration changes a column, this
/// stops compiling, which is the point.
fn sample_rows(now: DateTime<Utc>) -> (Device, Capture, VerificationLog) {
    let device = Device {
        id: Uuid::from_u128(0x5eed_0003_0000_0000_0000_0000_0000_0001),
        attestation_level: "secure_enclave".to_string(),
        attestation_key_id: "key-0001".to_string(),
        attestation_chain: Some(vec![0x30, 0x82, 0x01, 0x0a]),
        platform: "ios".to_string(),
        model: "iPhone 15 Pro".to_string(),
        has_lidar: true,
        first_seen_at: now,
        last_seen_at: now,
    };
    let capture = Capture {
        id: Uuid::from_u128(0x5eed_0003_0000_0000_0000_0000_0000_0002),
        device_id: device.id,
        target_media_hash: vec![0xab; 32],
        depth_map_key: Some("depth/0001.bin".to_string()),
        evidence: serde_json::json!({ "lidar": { "depth_ok": true } }),
        confidence_level: "high".to_string(),
        status: CaptureStatus::Complete,
        captured_at: now,
        uploaded_at: now,
    };
    let log = VerificationLog {
        id: Uuid::from_u128(0x5eed_0003_0000_0000_0000_0000_0000_0003),
        capture_id: Some(capture.id),
        action: "verify".to_string(),
        client_ip: Some("203.0.113.7/32".parse().expect("a valid address")),
        user_agent: Some("example-app".to_string()),
        created_at: now,
        client_platform: Some(DevicePlatform::Ios),
    };
    (device, capture, log)
}

/// Prints `table -> struct` and each field with its Rust type.
macro_rules! show {
    ($row:expr, $ty:ty, [$($field:ident),* $(,)?]) => {{
        let row = &$row;
        println!("{} -> db::{} ({} columns)", <$ty>::TABLE, stringify!($ty), <$ty>::COLUMNS.len());
        $( println!("  {:<20} {}", stringify!($field), type_name_of_val(&row.$field)); )*
    }};
}

fn show_generated() {
    let (device, capture, log) = sample_rows(Utc::now());
    show!(
        device,
        Device,
        [
            id,
            attestation_level,
            attestation_key_id,
            attestation_chain,
            platform,
            model,
            has_lidar,
            first_seen_at,
            last_seen_at
        ]
    );
    show!(
        capture,
        Capture,
        [
            id,
            device_id,
            target_media_hash,
            depth_map_key,
            evidence,
            confidence_level,
            status,
            captured_at,
            uploaded_at
        ]
    );
    show!(
        log,
        VerificationLog,
        [
            id,
            capture_id,
            action,
            client_ip,
            user_agent,
            created_at,
            client_platform
        ]
    );
    // Both kinds of enum read and print as SQL spells them.
    println!(
        "captures.status values: {:?}; device_platform values: {:?}",
        CaptureStatus::ALL
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>(),
        DevicePlatform::ALL
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>(),
    );
    match "archived".parse::<CaptureStatus>() {
        Ok(status) => println!("unexpected status {status}"),
        Err(e) => println!("parsing \"archived\": {e}"),
    }
    println!(
        "hand-written SQL can name columns: SELECT {} FROM {}",
        db::devices::columns::platform,
        db::devices::TABLE
    );
}

/// Applies the migrations to `database_url`, then writes one row of each table and
/// reads it back through the generated structs; the rows must come back equal.
pub async fn round_trip(database_url: &str) -> Result<(), Box<dyn std::error::Error>> {
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .connect(database_url)
        .await?;
    let migrations = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations");
    sqlx::migrate::Migrator::new(migrations.as_path())
        .await?
        .run(&pool)
        .await?;

    // PostgreSQL keeps microseconds.
    let (device, capture, log) = sample_rows(Utc::now().trunc_subsecs(6));
    // The device goes in through the generated insert struct: the columns with defaults
    // are `Option`, and `insert` returns the row as PostgreSQL stored it.
    let new_device = NewDevice {
        id: Some(device.id),
        attestation_level: Some(device.attestation_level.clone()),
        attestation_key_id: device.attestation_key_id.clone(),
        attestation_chain: device.attestation_chain.clone(),
        platform: device.platform.clone(),
        model: device.model.clone(),
        has_lidar: Some(device.has_lidar),
        first_seen_at: Some(device.first_seen_at),
        last_seen_at: Some(device.last_seen_at),
    };
    let inserted = new_device.insert(&pool).await?;
    if inserted != device {
        return Err(format!("inserted {device:#?}\nbut PostgreSQL stored {inserted:#?}").into());
    }
    // Left `None`, a column takes its default.
    let defaulted = NewDevice {
        id: None,
        attestation_level: None,
        attestation_key_id: "key-0002".to_string(),
        attestation_chain: None,
        platform: "android".to_string(),
        model: "Pixel 8".to_string(),
        has_lidar: None,
        first_seen_at: None,
        last_seen_at: None,
    }
    .insert(&pool)
    .await?;
    if defaulted.attestation_level != "unverified" || defaulted.has_lidar {
        return Err(format!("defaults not applied: {defaulted:#?}").into());
    }
    sqlx::query(
        "INSERT INTO captures (id, device_id, target_media_hash, depth_map_key, evidence, \
         confidence_level, status, captured_at, uploaded_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(capture.id)
    .bind(capture.device_id)
    .bind(&capture.target_media_hash)
    .bind(&capture.depth_map_key)
    .bind(&capture.evidence)
    .bind(&capture.confidence_level)
    .bind(capture.status)
    .bind(capture.captured_at)
    .bind(capture.uploaded_at)
    .execute(&pool)
    .await?;
    sqlx::query(
        "INSERT INTO verification_logs (id, capture_id, action, client_ip, user_agent, created_at, \
         client_platform) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(log.id)
    .bind(log.capture_id)
    .bind(&log.action)
    .bind(log.client_ip)
    .bind(&log.user_agent)
    .bind(log.created_at)
    .bind(log.client_platform)
    .execute(&pool)
    .await?;

    let read_device: Device = sqlx::query_as("SELECT * FROM devices WHERE id = $1")
        .bind(device.id)
        .fetch_one(&pool)
        .await?;
    let read_capture: Capture = sqlx::query_as("SELECT * FROM captures WHERE id = $1")
        .bind(capture.id)
        .fetch_one(&pool)
        .await?;
    let read_log: VerificationLog = sqlx::query_as("SELECT * FROM verification_logs WHERE id = $1")
        .bind(log.id)
        .fetch_one(&pool)
        .await?;
    if (read_device.clone(), read_capture.clone(), read_log.clone()) != (device, capture, log) {
        return Err(format!(
            "rows came back different:\n{read_device:#?}\n{read_capture:#?}\n{read_log:#?}"
        )
        .into());
    }
    println!("round-tripped one row of each table through PostgreSQL:");
    println!("{read_device:#?}\n{read_capture:#?}\n{read_log:#?}");
    pool.close().await;
    Ok(())
}

fn main() -> std::process::ExitCode {
    show_generated();
    let Ok(url) = std::env::var("DATABASE_URL") else {
        println!("\nset DATABASE_URL to a PostgreSQL database to round-trip rows through it");
        return std::process::ExitCode::SUCCESS;
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current-thread runtime starts");
    match runtime.block_on(round_trip(&url)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use schemagen_tests::pg::PgServer;

    /// The generated structs carry real rows to and from a real PostgreSQL.
    #[test]
    fn rows_round_trip_through_a_throwaway_postgresql() {
        let server = PgServer::start().expect("a throwaway PostgreSQL starts");
        server.create_database("example").expect("database created");
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime
            .block_on(super::round_trip(&server.url("example")))
            .unwrap();
    }
}
