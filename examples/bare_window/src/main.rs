//! A bare Tauri window that opens a SQLite file (`--db FILE`) and counts its
//! tables when its page asks: the smallest app with the Plan LCD shell's
//! parts, measured beside it by `examples/startup.sh`.

use std::path::PathBuf;

/// The number of tables in the database given by `--db`.
#[tauri::command]
fn tables(db: tauri::State<'_, PathBuf>) -> Result<i64, String> {
    let conn = rusqlite::Connection::open(db.inner()).map_err(|e| e.to_string())?;
    conn.query_row(
        "SELECT count(*) FROM sqlite_schema WHERE type = 'table'",
        [],
        |r| r.get(0),
    )
    .map_err(|e| e.to_string())
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let db = args
        .iter()
        .position(|a| a == "--db")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("bare.sqlite3"));
    tauri::Builder::default()
        .manage(db)
        .invoke_handler(tauri::generate_handler![tables])
        .run(tauri::generate_context!())
        .expect("the window");
}
