//! The app's state: the open database (the user's own, or the demo file
//! beside it) behind a mutex, and the helper that runs core calls off the
//! main thread.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use chrono::{Local, NaiveDate, Utc};
use plan_lcd::{backup, demo, store, territory, ApiError, Error};
use rusqlite::Connection;

pub struct Db {
    pub path: PathBuf,
    pub conn: Connection,
}

impl Db {
    /// The person the app acts for; refused before setup.
    pub fn actor(&self) -> plan_lcd::Result<store::Actor> {
        territory::current_actor(&self.conn)?.ok_or_else(|| {
            Error::Refused("Terminez d'abord la configuration de l'application.".into())
        })
    }
}

pub struct AppState {
    /// The user's own database file.
    pub own_path: PathBuf,
    pub db: Arc<Mutex<Db>>,
}

pub fn today() -> NaiveDate {
    Local::now().date_naive()
}

pub fn now() -> chrono::DateTime<Utc> {
    Utc::now()
}

/// The demo database lives beside the user's own file, never inside it.
pub fn demo_path(own: &std::path::Path) -> PathBuf {
    own.with_file_name("plan-lcd-demo.sqlite3")
}

impl AppState {
    /// Opens the database at start-up; the message explains any failure in French.
    pub fn open(explicit: Option<PathBuf>) -> Result<Self, String> {
        let path = store::resolve_path(explicit).map_err(|e| ApiError::from(e).message)?;
        offer_recovery(&path)?;
        let conn = store::open(&path).map_err(|e| {
            format!(
                "La base de données {} ne peut pas être ouverte.\n\n{}",
                path.display(),
                ApiError::from(e).message
            )
        })?;
        // The day's copy: a failure is reported but does not stop the work.
        if let Err(e) = backup::daily(&conn, &store::backup_dir(&path), today()) {
            eprintln!("daily backup failed: {e:?}");
        }
        Ok(AppState {
            own_path: path.clone(),
            db: Arc::new(Mutex::new(Db { path, conn })),
        })
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
                Error::Refused("La base est indisponible ; redémarrez l'application.".into())
            })?;
            f(&mut guard)
        })
        .await
        .map_err(|e| ApiError::from(Error::Refused(format!("Tâche interrompue : {e}"))))?
        .map_err(|e| {
            if !matches!(e, Error::Invalid(_)) {
                eprintln!("command failed: {e:?}");
            }
            ApiError::from(e)
        })
    }

    /// Switches to the file at `path`, opening (and migrating) it; `fill` runs
    /// on a file that is not yet set up.
    pub fn switch_to(db: &mut Db, path: PathBuf, fill_demo: bool) -> plan_lcd::Result<()> {
        let mut conn = store::open(&path)?;
        if fill_demo && territory::unit(&conn)?.is_none() {
            demo::load(&mut conn, today(), now())?;
        }
        *db = Db { path, conn };
        Ok(())
    }
}

/// When the database is damaged, or missing while copies exist, says so in
/// plain French and offers the newest good copy before anything else runs.
fn offer_recovery(path: &std::path::Path) -> Result<(), String> {
    let exists = path.exists();
    if exists && backup::is_sound(path) {
        return Ok(());
    }
    let dir = store::backup_dir(path);
    let Some((day, _)) = backup::newest_good(&dir) else {
        return if exists {
            Err(format!(
                "La base de données {} est endommagée et aucune copie de sauvegarde utilisable n'a été trouvée \
                 dans {}. Le fichier n'a pas été modifié.",
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
    let answer = rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Warning)
        .set_title("Plan LCD : base de données")
        .set_description(format!(
            "La base de données {} {state}.\n\nPlan LCD peut la remplacer par la copie de sauvegarde du {}. \
             Le fichier actuel, s'il existe, sera conservé à part dans {}.\n\nRestaurer cette copie ?",
            path.display(),
            day.format("%d/%m/%Y"),
            dir.display()
        ))
        .set_buttons(rfd::MessageButtons::YesNo)
        .show();
    if answer == rfd::MessageDialogResult::Yes {
        backup::recover(path, &dir, now()).map_err(|e| ApiError::from(e).message)?;
        Ok(())
    } else if exists {
        Err("La base de données est endommagée : Plan LCD ne l'ouvre pas. Restaurez une copie pour continuer.".into())
    } else {
        Ok(())
    }
}
