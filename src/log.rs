//! The app's log: what the IT department needs when something goes wrong,
//! and nothing about people. Lines go to `plan-lcd.log` in the platform's
//! log folder, rotated at [`MAX_BYTES`] with [`KEEP`] older files kept.
//!
//! What is logged: the start (version, system, schema, journal mode, whether
//! the file is read-only), and failures by kind (a database, file or report
//! error with the library's own message). Never a form's content, a name, a
//! refusal worded for the user (it may quote what they typed) or a path
//! inside the user's home folder.

use std::fs::{self, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use chrono::Utc;

/// A log file is rotated when it reaches this size.
pub const MAX_BYTES: u64 = 1024 * 1024;
/// Rotated files kept: `plan-lcd.1.log` (newest) to `plan-lcd.5.log`.
pub const KEEP: usize = 5;

static DIR: Mutex<Option<PathBuf>> = Mutex::new(None);

/// The platform's log folder: `~/.local/state/plan-lcd/logs` on Linux,
/// `%LOCALAPPDATA%\PlanLCD\plan-lcd\data\logs` on Windows.
pub fn default_dir() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("fr", "PlanLCD", "plan-lcd")?;
    Some(
        dirs.state_dir()
            .unwrap_or_else(|| dirs.data_local_dir())
            .join("logs"),
    )
}

/// Sends the log to `dir` from now on (created when missing).
pub fn init(dir: &Path) {
    if fs::create_dir_all(dir).is_ok() {
        if let Ok(mut d) = DIR.lock() {
            *d = Some(dir.to_path_buf());
        }
    }
}

/// The folder the log is written to, once [`init`] ran.
pub fn dir() -> Option<PathBuf> {
    DIR.lock().ok().and_then(|d| d.clone())
}

pub fn info(message: &str) {
    write("INFO", message);
}

pub fn error(message: &str) {
    write("ERROR", message);
}

/// The log line for a failed command: its kind and, for a defect (database,
/// file, report), the library's message. Refusals and form errors are the
/// user's business, worded for them, and may quote what they typed: only
/// their kind is logged.
pub fn failure(command: &str, err: &crate::Error) {
    use crate::Error::*;
    let detail = match err {
        Invalid(_) => return,
        NotFound(what) => format!("not found: {what}"),
        Refused(_) => "refused".to_string(),
        Db(e) => format!("database: {e}"),
        Migration(e) => format!("migration: {e}"),
        Io(e) => format!("file: {}", e.kind()),
        Xlsx(e) => format!("spreadsheet: {e}"),
        Report(e) => format!("report: {e}"),
    };
    error(&format!("{command}: {detail}"));
}

fn write(level: &str, message: &str) {
    eprintln!("{level} {message}");
    let Some(dir) = dir() else {
        return;
    };
    // One writer at a time inside the app; the lock also orders rotation.
    let Ok(_guard) = DIR.lock() else {
        return;
    };
    let path = dir.join("plan-lcd.log");
    if fs::metadata(&path).is_ok_and(|m| m.len() >= MAX_BYTES) {
        rotate(&dir);
    }
    if let Ok(mut file) = OpenOptions::new().create(true).append(true).open(&path) {
        let stamp = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        let _ = writeln!(file, "{stamp} {level} {}", message.replace('\n', " "));
    }
}

/// `plan-lcd.log` becomes `plan-lcd.1.log`, `.1` becomes `.2`, and so on;
/// the oldest beyond [`KEEP`] goes.
fn rotate(dir: &Path) {
    let numbered = |n: usize| dir.join(format!("plan-lcd.{n}.log"));
    let _ = fs::remove_file(numbered(KEEP));
    for n in (1..KEEP).rev() {
        let _ = fs::rename(numbered(n), numbered(n + 1));
    }
    let _ = fs::rename(dir.join("plan-lcd.log"), numbered(1));
}

/// The log files, newest first.
pub fn files(dir: &Path) -> Vec<PathBuf> {
    let mut files = vec![dir.join("plan-lcd.log")];
    files.extend((1..=KEEP).map(|n| dir.join(format!("plan-lcd.{n}.log"))));
    files.into_iter().filter(|p| p.exists()).collect()
}
