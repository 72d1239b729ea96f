//! The app's state: the open database (the user's own, or the demo file
//! beside it) behind a mutex, and the helper that runs core calls off the
//! main thread.

use std::path::PathBuf;
use std::sync::atomic::AtomicBool;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use chrono::{Local, NaiveDate, Utc};
use plan_lcd::lock::{self, Acquired, LockGuard};
use plan_lcd::rights;
use plan_lcd::{anchor, backup, demo, store, territory, ApiError, Error};
use rusqlite::Connection;

pub struct Db {
    pub path: PathBuf,
    pub conn: Connection,
    /// The journal's head last recorded as this PC's anchor.
    pub anchored: Option<anchor::Head>,
    /// The file an import under way reads, chosen in the native dialog: the
    /// window asks for previews and the import without ever naming a path.
    pub import_file: Option<PathBuf>,
}

impl Db {
    pub fn new(path: PathBuf, conn: Connection) -> Self {
        let mut db = Db {
            path,
            conn,
            anchored: None,
            import_file: None,
        };
        db.anchor();
        db
    }

    /// Records the journal's head in this PC's anchors when it moved since
    /// the last time (see `plan_lcd::anchor`): one indexed read, and a small
    /// file written only after a save.
    pub fn anchor(&mut self) {
        if store::is_read_only(&self.conn) {
            return;
        }
        let Some(dir) = anchor::default_dir() else {
            return;
        };
        match anchor::head(&self.conn) {
            Ok(head) if head == self.anchored => {}
            Ok(_) => match anchor::record(&self.conn, &self.path, &dir, now()) {
                Ok(head) => self.anchored = head,
                Err(e) => plan_lcd::log::failure("anchor", &e),
            },
            Err(e) => plan_lcd::log::failure("anchor", &e),
        }
    }

    /// The person the app acts for; refused before setup.
    pub fn actor(&self) -> plan_lcd::Result<rights::Actor> {
        territory::current_actor(&self.conn)?.ok_or_else(|| {
            Error::Refused("Terminez d’abord la configuration de l’application.".into())
        })
    }
}

pub struct AppState {
    /// The user's own database file.
    pub own_path: PathBuf,
    pub db: Arc<Mutex<Db>>,
    /// The lock on the own file while this app holds it; `None` when another
    /// app does, and this one only reads.
    pub lock: Arc<Mutex<Option<LockGuard>>>,
    /// Said in every status of this run: a crashed app's lock taken back,
    /// or this app's lock taken over by another.
    pub notice: Arc<Mutex<Option<String>>>,
    /// Set when the person stops the import under way (read outside the
    /// database's mutex, which the import holds).
    pub import_stop: Arc<AtomicBool>,
}

/// Environment variable that sets the app's date (`yyyy-mm-dd`), so that a
/// test can see what the app shows on another day (a reminder coming due).
pub const TODAY_ENV: &str = "PLAN_LCD_TODAY";

/// The app's date: the local clock's, unless `PLAN_LCD_TODAY` sets one in a
/// debug build (the one the tests drive). The installed, release build always
/// reads the clock: a stray variable must never move the purge's date.
pub fn today() -> NaiveDate {
    let set = if cfg!(debug_assertions) {
        std::env::var(TODAY_ENV)
            .ok()
            .and_then(|v| NaiveDate::parse_from_str(v.trim(), "%Y-%m-%d").ok())
    } else {
        None
    };
    set.unwrap_or_else(|| Local::now().date_naive())
}

pub fn now() -> chrono::DateTime<Utc> {
    Utc::now()
}

/// The demo database lives beside the user's own file, never inside it.
pub fn demo_path(own: &std::path::Path) -> PathBuf {
    own.with_file_name("plan-lcd-demo.sqlite3")
}

/// Opens the file this app holds the lock of: offers the newest good copy
/// first when the file is damaged or missing, migrates, and says when a
/// stopped app's lock was taken back. The file's full check and the day's
/// copy run after, beside the window ([`check_then_copy`]).
fn open_as_holder(
    path: &std::path::Path,
    guard: &lock::LockGuard,
) -> Result<(rusqlite::Connection, Option<String>), String> {
    let message = |e: Error| ApiError::from(e).message;
    offer_recovery(path)?;
    let conn = store::open(path).map_err(|e| {
        format!(
            "La base de données {} ne peut pas être ouverte.\n\n{}",
            path.display(),
            message(e)
        )
    })?;
    let notice = guard.replaced.as_ref().map(|h| {
        format!(
            "Plan LCD ne s’était pas fermé normalement (session ouverte le {}) : \
             la base a été reprise ; vérifiez vos dernières saisies.",
            local_time(&h.since)
        )
    });
    Ok((conn, notice))
}

/// What every write says once the check beside the window found the file
/// damaged.
const DAMAGED: &str = "La vérification du fichier, au démarrage, y a trouvé un défaut : \
    rien n’a été enregistré. Fermez Plan LCD et relancez-le : il proposera de restaurer \
    la dernière copie saine.";

/// Checks the file this app holds (`PRAGMA quick_check`), then takes the
/// day's copy, on a thread of its own and through read-only connections,
/// once the window's page has loaded ([`page_loaded`]), so that the window
/// and its first page wait for neither (at twenty years the
/// check and the copy take about half a second each on an idle machine;
/// docs/PERFORMANCE.md). Every write waits for the check's verdict
/// (`store::hold_writes`, called here before the window exists). A damaged
/// file refuses every write and is checked before opening at the next
/// start, which offers the newest good copy; it is never copied. SQLite's
/// backup reads one consistent state of the file, even while the app
/// writes; a copy cut short is never taken for the day's (`backup::daily`).
fn check_then_copy(path: PathBuf) {
    let hold = store::hold_writes(&path);
    std::thread::spawn(move || {
        wait_for_the_page();
        yield_to_the_window();
        if !backup::is_sound(&path) {
            plan_lcd::log::failure(
                "integrity check",
                &Error::Refused("quick_check failed".into()),
            );
            if let Err(e) = backup::record_failed_check(&path, "PRAGMA quick_check") {
                plan_lcd::log::failure("integrity check marker", &e);
            }
            store::release_writes(&path, hold, Err(DAMAGED.into()));
            return;
        }
        backup::clear_failed_check(&path);
        store::release_writes(&path, hold, Ok(()));
        let copy = store::open_read_only(&path)
            .and_then(|conn| backup::daily(&conn, &store::backup_dir(&path), today()));
        if let Err(e) = copy {
            plan_lcd::log::failure("daily backup", &e);
        }
        give_back_memory();
    });
}

/// Hands the memory the check and the copy freed back to the system
/// (glibc's `malloc_trim(3)`: the free pages of every allocation arena, this
/// thread's too), so that the app idles without what they read.
fn give_back_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: a call with no pointer; glibc takes the arenas' locks itself.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Whether the window's page has loaded ([`page_loaded`]).
static PAGE_LOADED: (Mutex<bool>, Condvar) = (Mutex::new(false), Condvar::new());

/// The longest the check waits for the window's page: a window that never
/// reports its page does not keep the file unchecked, nor the writes waiting.
const PAGE_WAIT: Duration = Duration::from_secs(2);

/// Called when the window's page has loaded (its script has run, and it asks
/// its first data): the file's check may start. Before, the check would
/// read the file while WebKit starts and loads the page, on a two-core PC
/// the same processor and disk (docs/PERFORMANCE.md).
pub fn page_loaded() {
    let (loaded, changed) = &PAGE_LOADED;
    *loaded.lock().unwrap_or_else(|e| e.into_inner()) = true;
    changed.notify_all();
}

/// Waits until the window's page has loaded, [`PAGE_WAIT`] at most.
fn wait_for_the_page() {
    let (loaded, changed) = &PAGE_LOADED;
    let guard = loaded.lock().unwrap_or_else(|e| e.into_inner());
    drop(
        changed
            .wait_timeout_while(guard, PAGE_WAIT, |loaded| !*loaded)
            .unwrap_or_else(|e| e.into_inner()),
    );
}

/// Gives this thread the lowest priority (nice 19, `setpriority(2)` on the
/// thread's own id: on Linux a thread's nice value is its own), so that the
/// window's start and its pages take the processor before the check and the
/// copy, which still run at full speed on an idle machine. On a two-core PC
/// a check of a twenty-year file otherwise holds a core while the window
/// and WebKit's processes start (docs/PERFORMANCE.md). The price: on a PC
/// whose every core is kept busy by other programs, the check takes longer,
/// and so does a save made before its verdict. Elsewhere, and if the call
/// fails, the thread keeps its priority.
fn yield_to_the_window() {
    #[cfg(target_os = "linux")]
    // SAFETY: two system calls on this very thread, with no pointer passed.
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid) as libc::id_t;
        libc::setpriority(libc::PRIO_PROCESS, tid, 19);
    }
}

/// One line in the log at start: versions, journal mode, and how the file
/// is held.
fn log_start(conn: &rusqlite::Connection, read_write: bool, taken_back: bool) {
    plan_lcd::log::info(&format!(
        "start: Plan LCD {} on {} {}, schema {}, journal {}, {}{}",
        plan_lcd::VERSION,
        std::env::consts::OS,
        std::env::consts::ARCH,
        store::schema_version(),
        store::journal_mode(conn).unwrap_or_default(),
        if read_write {
            "read-write"
        } else {
            "read-only"
        },
        if taken_back {
            ", a stopped app's lock taken back"
        } else {
            ""
        }
    ));
}

impl AppState {
    /// Opens the database at start-up; the message explains any failure in
    /// French. The app that comes first holds the file; a second one, on this
    /// PC or another through a shared folder, only reads it.
    pub fn open(explicit: Option<PathBuf>) -> Result<Self, String> {
        let path = store::resolve_path(explicit).map_err(|e| ApiError::from(e).message)?;
        let message = |e: Error| ApiError::from(e).message;
        let acquired = match lock::acquire(&path, &lock_name(&path), now()) {
            // A folder the user may only read: no lock can be posed, and
            // nothing can be written either; the file is read.
            Err(Error::Io(e)) if unwritable(&e) && path.is_file() => None,
            Err(e) => {
                return Err(format!(
                    "Le verrou de la base ne peut pas être posé : {}",
                    message(e)
                ))
            }
            Ok(a) => Some(a),
        };
        let (conn, guard, notice) = match acquired {
            None => {
                let conn = store::open_read_only(&path).map_err(|e| {
                    format!(
                        "La base de données {} ne peut pas être lue.\n\n{}",
                        path.display(),
                        message(e)
                    )
                })?;
                (conn, None, None)
            }
            Some(Acquired::Mine(guard)) => {
                let (conn, notice) = open_as_holder(&path, &guard)?;
                (conn, Some(guard), notice)
            }
            Some(Acquired::Held(by)) => {
                let conn = store::open_read_only(&path).map_err(|e| {
                    format!(
                        "La base de données {} est utilisée par {} (poste {}) et ne peut pas être lue.\n\n{}",
                        path.display(),
                        lock::display_name(&by.holder),
                        by.holder.host,
                        message(e)
                    )
                })?;
                (conn, None, None)
            }
        };
        log_start(&conn, guard.is_some(), notice.is_some());
        if guard.is_some() {
            check_then_copy(path.clone());
        }
        let state = AppState {
            own_path: path.clone(),
            db: Arc::new(Mutex::new(Db::new(path, conn))),
            lock: Arc::new(Mutex::new(guard)),
            notice: Arc::new(Mutex::new(notice)),
            import_stop: Arc::new(AtomicBool::new(false)),
        };
        keep_alive(&state);
        Ok(state)
    }

    /// Gives the lock back: the app is closing.
    pub fn release(&self) {
        if let Ok(mut guard) = self.lock.lock() {
            guard.take();
        }
    }

    /// Runs `f` on the database in a blocking thread, so that SQLite and file
    /// work never hold the window's main thread, and maps the error for IPC.
    pub async fn run<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Db) -> plan_lcd::Result<T> + Send + 'static,
    {
        let db = Arc::clone(&self.db);
        tauri::async_runtime::spawn_blocking(move || {
            let mut guard = db.lock().map_err(|_| {
                Error::Refused("La base est indisponible ; redémarrez l’application.".into())
            })?;
            let value = f(&mut guard);
            guard.anchor();
            value
        })
        .await
        .map_err(|e| ApiError::from(Error::Refused(format!("Tâche interrompue : {e}"))))?
        .map_err(|e| {
            plan_lcd::log::failure("command", &e);
            ApiError::from(e)
        })
    }

    /// Runs `f` on behalf of the acting person (see [`AppState::run`]):
    /// `f` receives the connection and the actor, whose rights the core's
    /// write path checks. Refused while the file is not set up.
    pub async fn as_actor<T, F>(&self, f: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection, &rights::Actor) -> plan_lcd::Result<T> + Send + 'static,
    {
        self.after_check().await?;
        self.run(move |db| {
            let actor = db.actor()?;
            f(&mut db.conn, &actor)
        })
        .await
    }

    /// Waits for the verdict of the check of the user's file beside the
    /// window (`store::hold_writes`) without holding the connection, so that
    /// pages read meanwhile; a write would wait for it anyway, holding the
    /// connection. Refused, in French, when the check found the file damaged.
    pub async fn after_check(&self) -> Result<(), ApiError> {
        let own = self.own_path.clone();
        tauri::async_runtime::spawn_blocking(move || store::wait_for_check(&own))
            .await
            .map_err(|e| ApiError::from(Error::Refused(format!("Tâche interrompue : {e}"))))?
            .map_err(ApiError::from)
    }

    /// Switches to the file at `path`, opening (and migrating) it; `fill` runs
    /// on a file that is not yet set up.
    pub fn switch_to(db: &mut Db, path: PathBuf, fill_demo: bool) -> plan_lcd::Result<()> {
        let mut conn = store::open(&path)?;
        if fill_demo && territory::unit(&conn)?.is_none() {
            demo::load(&mut conn, today(), now())?;
        }
        *db = Db::new(path, conn);
        Ok(())
    }
}

/// Reopens the user's own file: for writing when this app holds its lock,
/// read-only otherwise.
pub fn open_own(db: &mut Db, own: PathBuf, holds_lock: bool) -> plan_lcd::Result<()> {
    let conn = if holds_lock {
        store::open(&own)?
    } else {
        store::open_read_only(&own)?
    };
    *db = Db::new(own, conn);
    Ok(())
}

/// Whether a file error means the folder or the disk refuses writing.
fn unwritable(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::PermissionDenied | std::io::ErrorKind::ReadOnlyFilesystem
    )
}

/// The name the lock shows to others: the person this app last acted for,
/// or the computer account's name before the setup.
fn lock_name(path: &std::path::Path) -> String {
    store::open_read_only(path)
        .ok()
        .and_then(|conn| territory::current_actor(&conn).ok().flatten())
        .map(|a| a.name)
        .or_else(|| std::env::var("USER").ok())
        .or_else(|| std::env::var("USERNAME").ok())
        .unwrap_or_default()
}

/// "23/11/2026 à 08:15" from a lock's RFC 3339 time, in local time.
pub fn local_time(rfc3339: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(rfc3339)
        .map(|t| {
            t.with_timezone(&Local)
                .format("%d/%m/%Y à %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| rfc3339.to_string())
}

/// Refreshes the lock every minute while the app runs, so that other PCs
/// know it is alive. When another app took it over meanwhile (this one
/// looked stopped from its PC), this one stops writing at once: the own file
/// is reopened read-only and the window says who holds it now.
fn keep_alive(state: &AppState) {
    let (db, lock, notice) = (
        Arc::clone(&state.db),
        Arc::clone(&state.lock),
        Arc::clone(&state.notice),
    );
    let own = state.own_path.clone();
    std::thread::spawn(move || loop {
        std::thread::sleep(lock::REFRESH_EVERY);
        // The database first, then the lock: the order the commands take them in.
        let (Ok(mut db), Ok(mut guard)) = (db.lock(), lock.lock()) else {
            continue;
        };
        match guard.as_ref().map(LockGuard::refresh) {
            None | Some(Ok(true)) => {}
            Some(Ok(false)) => {
                plan_lcd::log::error("the database lock was taken over by another app");
                *guard = None;
                if db.path == own {
                    read_only(&mut db, own.clone());
                }
                if let Ok(mut notice) = notice.lock() {
                    *notice = Some(taken_over_notice(&own));
                }
            }
            Some(Err(e)) => plan_lcd::log::failure("lock refresh", &e),
        }
    });
}

/// Stops writing to the own file: reopened read-only, or, when it cannot be
/// (the other app migrated it to a newer schema), the open connection made
/// read-only.
fn read_only(db: &mut Db, own: PathBuf) {
    if let Err(e) = open_own(db, own, false) {
        plan_lcd::log::failure("read-only reopening", &e);
        if let Err(e) = db.conn.pragma_update(None, "query_only", "ON") {
            plan_lcd::log::failure("read-only connection", &e.into());
        }
    }
}

/// What the window says once another app took this one's lock over.
fn taken_over_notice(own: &std::path::Path) -> String {
    let who = match lock::holder(own) {
        Ok(Some(by)) => format!(
            "{} (poste {}) a repris cette base le {}",
            lock::display_name(&by.holder),
            by.holder.host,
            local_time(&by.holder.since)
        ),
        _ => "Une autre application a repris cette base".into(),
    };
    format!("{who} : Plan LCD ne l’ouvre plus qu’en lecture seule, pour ne rien enregistrer par-dessus ses saisies.")
}

/// The environment variable WebKitGTK reads, once, when the app makes its
/// first web view: any value but `0` turns accelerated compositing off
/// (`HardwareAccelerationManager` in WebKit's `Source/WebKit/UIProcess/gtk`).
#[cfg(target_os = "linux")]
pub const COMPOSITING_VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// What `COMPOSITING_VAR` is set to before the window is made, given its
/// value at start: `Some("1")` (compositing off) when the person set
/// nothing, `None` when they set it, so that `WEBKIT_DISABLE_COMPOSITING_MODE=0`
/// brings compositing back.
///
/// The app's pages are forms, tables and text; compositing them through
/// OpenGL shows nothing smoother. Where the PC has no GPU acceleration (a
/// virtual desktop, a remote session), Mesa's software renderer emulates it
/// on the processor, and the window then takes 85–90 MiB more memory for
/// no faster start (docs/PERFORMANCE.md). Accelerated compositing is also
/// the known cause of blank windows with some drivers and under Xvfb
/// (tauri-apps/tauri issues 5143 and 15936). Linux only: the other systems'
/// web views do not read it. The programs the app starts inherit the
/// variable: a PDF viewer built on WebKitGTK draws without compositing too.
#[cfg(target_os = "linux")]
pub fn compositing_default(current: Option<&std::ffi::OsStr>) -> Option<&'static str> {
    current.is_none().then_some("1")
}

/// The argument that makes the app a one-question dialog (see [`ask`]).
pub const QUESTION_ARG: &str = "--question";

/// Asks a yes/no question in a native dialog before the window exists. The
/// dialog runs in a child process (this program, with [`QUESTION_ARG`]):
/// the dialog library keeps GTK's main context on a thread of its own, and
/// a window could no longer be created in the same process afterwards.
/// `Some(true)` for `yes`, `Some(false)` for `no`, `None` when the dialog
/// could not be shown or closed without an answer.
fn ask(title: &str, text: &str, yes: &str, no: &str) -> Option<bool> {
    let answered = std::env::current_exe().and_then(|exe| {
        std::process::Command::new(exe)
            .args([QUESTION_ARG, title, text, yes, no])
            .status()
    });
    match answered.map(|status| status.code()) {
        Ok(Some(0)) => Some(true),
        Ok(Some(1)) => Some(false),
        Ok(code) => {
            plan_lcd::log::error(&format!("question dialog: exit code {code:?}"));
            None
        }
        Err(e) => {
            plan_lcd::log::failure("question dialog", &e.into());
            None
        }
    }
}

/// In the child process of [`ask`]: shows the dialog, and answers by the
/// exit code (0 for `yes`).
pub fn ask_here(title: &str, text: &str, yes: &str, no: &str) -> i32 {
    let answer = rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Warning)
        .set_title(title)
        .set_description(text)
        .set_buttons(rfd::MessageButtons::OkCancelCustom(yes.into(), no.into()))
        .show();
    match answer {
        rfd::MessageDialogResult::Custom(label) if label == yes => 0,
        rfd::MessageDialogResult::Ok | rfd::MessageDialogResult::Yes => 0,
        rfd::MessageDialogResult::Custom(label) if label == no => 1,
        rfd::MessageDialogResult::No => 1,
        // Closed without a choice (Escape, the window's cross): no answer.
        _ => 2,
    }
}

/// When the database is damaged, or missing while copies exist, says so in
/// plain French and offers the newest good copy before anything else runs.
fn offer_recovery(path: &std::path::Path) -> Result<(), String> {
    let exists = path.exists();
    // The full check runs beside the window when the file opens and needs
    // no migration ([`check_then_copy`]); before it otherwise.
    if exists && (backup::opens_for_a_later_check(path) || backup::is_sound(path)) {
        return Ok(());
    }
    let dir = store::backup_dir(path);
    let Some((day, _)) = backup::newest_good(&dir) else {
        return if exists {
            Err(format!(
                "La base de données {} est endommagée et aucune copie de sauvegarde utilisable n’a été trouvée \
                 dans {}. Le fichier n’a pas été modifié.",
                path.display(),
                dir.display()
            ))
        } else {
            Ok(())
        };
    };
    let state = if exists {
        "est endommagée"
    } else {
        "est introuvable"
    };
    let (yes, no) = if exists {
        ("Restaurer cette copie", "Quitter sans rien changer")
    } else {
        ("Restaurer cette copie", "Commencer une base vide")
    };
    let text = format!(
        "La base de données {} {state}.\n\nPlan LCD peut la remplacer par la copie de sauvegarde du {}. \
         Le fichier actuel, s’il existe, sera conservé à part dans {}.\n\nRestaurer cette copie ?",
        path.display(),
        day.format("%d/%m/%Y"),
        dir.display()
    );
    let answer = ask("Plan LCD : base de données", &text, yes, no).ok_or_else(|| {
        "La question sur la base de données est restée sans réponse : Plan LCD ne l’ouvre pas. \
         Relancez l’application pour y répondre."
            .to_string()
    })?;
    let anchors = anchor::default_dir();
    if answer {
        backup::recover(path, &dir, anchors.as_deref(), now())
            .map_err(|e| ApiError::from(e).message)?;
        Ok(())
    } else if exists {
        Err("La base de données est endommagée : Plan LCD ne l’ouvre pas. Restaurez une copie pour continuer.".into())
    } else {
        // A deliberate fresh start: the journal says so, and the copies of
        // the lost file are explained rather than reported by the check.
        backup::start_afresh(path, anchors.as_deref(), now()).map_err(|e| ApiError::from(e).message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Instant;

    #[cfg(target_os = "linux")]
    #[test]
    fn compositing_is_off_unless_the_person_set_the_variable() {
        use std::ffi::OsStr;
        assert_eq!(compositing_default(None), Some("1"));
        // Their own choice stands, "0" (compositing back on) included.
        assert_eq!(compositing_default(Some(OsStr::new("0"))), None);
        assert_eq!(compositing_default(Some(OsStr::new("1"))), None);
    }

    /// One test, for the page's signal is the process's own.
    #[test]
    fn the_check_waits_for_the_page_then_starts_at_once() {
        let started = Instant::now();
        let check = std::thread::spawn(|| {
            wait_for_the_page();
            Instant::now()
        });
        std::thread::sleep(Duration::from_millis(300));
        assert!(!check.is_finished(), "the check waits while the page loads");
        page_loaded();
        let waited = check.join().expect("the waiting thread") - started;
        assert!(
            waited >= Duration::from_millis(300) && waited < PAGE_WAIT,
            "the check started when the page said so, not at the time limit: {waited:?}"
        );
        // The page loaded once, a later wait does not wait again.
        let again = Instant::now();
        wait_for_the_page();
        assert!(again.elapsed() < Duration::from_millis(100));
    }
}
