//! `plan-lcd`: the command line beside the desktop app, for setup, demos,
//! integrity checks and exports. Every command works on the file given by
//! `--db PATH`, else `PLAN_LCD_DB`, else the user's default database.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{Local, NaiveDate, Utc};
use plan_lcd::export::SheetFormat;
use plan_lcd::reports::quantity_fr;
use plan_lcd::{
    anchor, budget, demo, fund, import, lock, plan, store, territory, trainings, Error,
};

const USAGE: &str = "Plan LCD (ligne de commande)

Usage : plan-lcd [--db FICHIER] COMMANDE

Commandes :
  init                                  crée ou met à jour la base (migrations, sauvegarde avant)
  demo                                  remplit une base vide avec une année de démonstration
  check                                 vérifie le fichier, son schéma et son journal, et nomme
                                        chaque problème trouvé
  export trainings --year AAAA --format csv|xlsx [--out FICHIER]
                                        exporte les formations d’une année
  export scdl --year AAAA [--out FICHIER]
                                        exporte les subventions accordées par l’appel à projets
                                        de l’année au format SCDL (données ouvertes)
  report budget --year AAAA [--out FICHIER]
                                        imprime la synthèse budgétaire annuelle (PDF)
  report bilan --year AAAA [--out FICHIER]
                                        imprime le bilan annuel du plan pour le comité de pilotage (PDF)
  import trainings|applications|organisations|partners|events|commitments|payments FICHIER
         [--sheet FEUILLE] [--call AAAA] [--budget AAAA] [--mapping COLONNES.json]
         [--value CHAMP=VALEUR]... [--state ÉTAT=received|draft|skip]... [--update] [--dry-run]
                                        importe des sessions de formation (trainings), des
                                        dossiers de subvention et leurs structures (applications,
                                        dans l’appel de l’année --call ; un export Démarches
                                        Simplifiées est reconnu), des structures du fonds
                                        (organisations), des partenaires et leurs contacts
                                        (partners), des événements (events), des engagements
                                        (commitments) ou des mandats (payments) du budget de
                                        l’année --budget, d’un fichier XLSX, XLS, ODS ou
                                        CSV : colonnes reconnues d’après l’en-tête ou lues dans
                                        --mapping, chaque ligne vérifiée comme dans le formulaire,
                                        les lignes prêtes écrites en un seul lot ; --value donne
                                        une valeur à toutes les lignes (format=in_person),
                                        --state dit ce que devient un état du fichier,
                                        --update met à jour les sessions et événements déjà
                                        présents au lieu de les ignorer,
                                        --dry-run n’écrit rien
  --version                             affiche la version

La base utilisée : --db, sinon la variable PLAN_LCD_DB, sinon le dossier de données de l’utilisateur.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("{msg}");
            ExitCode::FAILURE
        }
    }
}

/// Takes the required `--year AAAA` out of `args`.
fn take_year(args: &mut Vec<String>) -> Result<i32, String> {
    take_option(args, "--year")?
        .ok_or("--year AAAA est obligatoire.")?
        .parse()
        .map_err(|_| "--year attend une année, par exemple 2026.".into())
}

/// Opens a set-up file for an export or a report, which only read it:
/// read-only while another app holds it.
fn open_for_reading(db: &Path) -> Result<rusqlite::Connection, String> {
    must_exist(db)?;
    let conn = match lock::holder(db).map_err(describe)? {
        Some(held) if !held.stale => store::open_read_only(db),
        _ => store::open(db),
    }
    .map_err(describe)?;
    if territory::unit(&conn).map_err(describe)?.is_none() {
        return Err("Cette base n’est pas encore configurée.".into());
    }
    Ok(conn)
}

/// A command that reads refuses a file that is not there, rather than
/// creating an empty one (and its folders) at a mistyped path.
fn must_exist(db: &Path) -> Result<(), String> {
    if db.is_file() {
        Ok(())
    } else {
        Err(format!(
            "Le fichier {} n’existe pas : vérifiez le chemin donné (--db ou PLAN_LCD_DB). Rien n’a été créé.",
            db.display()
        ))
    }
}

/// Records the journal's head of a file the command wrote in this PC's
/// anchors (see `plan_lcd::anchor`); a failure is said, not fatal.
fn record_anchor(conn: &rusqlite::Connection, db: &Path) {
    if let Some(dir) = anchor::default_dir() {
        if let Err(e) = anchor::record(conn, db, &dir, Utc::now()) {
            eprintln!(
                "L’empreinte du journal n’a pas pu être gardée : {}",
                describe(e)
            );
        }
    }
}

/// Takes `--name VALUE` out of `args`.
fn take_option(args: &mut Vec<String>, name: &str) -> Result<Option<String>, String> {
    match args.iter().position(|a| a == name) {
        Some(i) if i + 1 < args.len() => {
            let value = args.remove(i + 1);
            args.remove(i);
            Ok(Some(value))
        }
        Some(_) => Err(format!("{name} attend une valeur.")),
        None => Ok(None),
    }
}

fn describe(err: Error) -> String {
    match err {
        Error::Invalid(fields) => {
            let lines: Vec<String> = fields
                .fields()
                .map(|f| format!("  {f} : {}", fields.get(f).unwrap_or_default()))
                .collect();
            format!("Saisie invalide :\n{}", lines.join("\n"))
        }
        other => plan_lcd::ApiError::from(other).message,
    }
}

/// Takes the database's lock for a command that writes, or says who holds it.
fn take_lock(db: &Path) -> Result<lock::LockGuard, String> {
    let name = std::env::var("USER").unwrap_or_else(|_| "plan-lcd".into());
    match lock::acquire(db, &name, Utc::now()).map_err(describe)? {
        lock::Acquired::Mine(guard) => Ok(guard),
        lock::Acquired::Held(held) => Err(format!(
            "La base {} est utilisée par {} (poste {}) depuis {} : rien n’a été fait.",
            db.display(),
            lock::display_name(&held.holder),
            held.holder.host,
            held.holder.since
        )),
    }
}

fn run(mut args: Vec<String>) -> Result<(), String> {
    if args.iter().any(|a| a == "--version" || a == "-V") {
        println!("plan-lcd {}", plan_lcd::VERSION);
        return Ok(());
    }
    if args.is_empty() || args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{USAGE}");
        return Ok(());
    }
    let db = store::resolve_path(take_option(&mut args, "--db")?.map(PathBuf::from))
        .map_err(describe)?;
    let today = Local::now().date_naive();
    let command: Vec<&str> = args.iter().map(String::as_str).collect();
    match command.as_slice() {
        ["init"] => init(&db),
        ["demo"] => load_demo(&db, today),
        ["check"] => check(&db),
        ["export", "trainings", rest @ ..] => export_trainings(&db, rest),
        ["export", "scdl", rest @ ..] => export_scdl(&db, rest),
        ["report", "budget", rest @ ..] => report(&db, Report::Budget, rest, today),
        ["report", "bilan", rest @ ..] => report(&db, Report::Bilan, rest, today),
        ["import", kind, file, rest @ ..] => import_file(&db, kind, file, rest, today),
        _ => Err(format!("Commande inconnue : {}\n\n{USAGE}", args.join(" "))),
    }
}

/// `init`: creates or migrates the file.
fn init(db: &Path) -> Result<(), String> {
    let _lock = take_lock(db)?;
    let conn = store::open(db).map_err(describe)?;
    record_anchor(&conn, db);
    println!(
        "Base prête : {} (schéma {})",
        db.display(),
        store::schema_version()
    );
    Ok(())
}

/// `demo`: fills an empty file with a demonstration year.
fn load_demo(db: &Path, today: NaiveDate) -> Result<(), String> {
    let _lock = take_lock(db)?;
    let mut conn = store::open(db).map_err(describe)?;
    let n = demo::load(&mut conn, today, Utc::now()).map_err(describe)?;
    record_anchor(&conn, db);
    println!(
        "Base de démonstration créée : {} ({n} sessions de formation)",
        db.display()
    );
    Ok(())
}

/// `check`: prints the file's check and fails when it found a problem.
fn check(db: &Path) -> Result<(), String> {
    must_exist(db)?;
    let report = store::check(db).map_err(describe)?;
    println!("Fichier : {}", db.display());
    println!("Intégrité : {}", report.integrity);
    println!(
        "Clés étrangères en défaut : {}",
        report.foreign_key_violations
    );
    println!(
        "Schéma : {} (attendu {})",
        report.schema_version, report.expected_schema_version
    );
    if let Some(j) = &report.journal {
        println!(
            "Journal : {}, comparé à {} hors du fichier",
            quantity_fr(j.entries, "entrée", "entrées"),
            quantity_fr(
                report.anchors as i64,
                "empreinte gardée",
                "empreintes gardées"
            )
        );
    }
    for note in &report.notes {
        println!("Remarque : {note}");
    }
    if !report.is_ok() {
        for problem in &report.problems {
            eprintln!("Problème : {problem}");
        }
        return Err(format!(
            "La vérification a échoué : {}, détaillé{} ci-dessus.",
            quantity_fr(report.problems.len() as i64, "problème", "problèmes"),
            if report.problems.len() < 2 { "" } else { "s" }
        ));
    }
    println!("La base est saine.");
    Ok(())
}

/// An export's or a report's options: `--year AAAA`, the `--format` value
/// when `with_format`, and `--out FICHIER`; anything left over is refused.
struct YearOptions {
    year: i32,
    format: Option<String>,
    out: Option<PathBuf>,
}

fn year_options(rest: &[&str], with_format: bool) -> Result<YearOptions, String> {
    let mut rest: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
    let year = take_year(&mut rest)?;
    let format = match with_format {
        true => take_option(&mut rest, "--format")?,
        false => None,
    };
    let out = take_option(&mut rest, "--out")?.map(PathBuf::from);
    if !rest.is_empty() {
        return Err(format!("Argument inconnu : {}\n\n{USAGE}", rest.join(" ")));
    }
    Ok(YearOptions { year, format, out })
}

/// `export trainings --year AAAA --format csv|xlsx [--out FICHIER]`.
fn export_trainings(db: &Path, rest: &[&str]) -> Result<(), String> {
    let YearOptions { year, format, out } = year_options(rest, true)?;
    let format = match format {
        Some(code) => SheetFormat::from_code(&code).ok_or("--format vaut csv ou xlsx.")?,
        None => SheetFormat::Csv,
    };
    let out = out.unwrap_or_else(|| trainings::sheet_file_name(year, format).into());
    let conn = open_for_reading(db)?;
    let n = trainings::export_sheet(&conn, year, format, &out).map_err(describe)?;
    println!("{n} sessions exportées dans {}", out.display());
    Ok(())
}

/// `export scdl --year AAAA [--out FICHIER]`.
fn export_scdl(db: &Path, rest: &[&str]) -> Result<(), String> {
    let YearOptions { year, out, .. } = year_options(rest, false)?;
    let out = out.unwrap_or_else(|| fund::scdl_file_name(year).into());
    let conn = open_for_reading(db)?;
    // One call a year (`fund_call.year` is unique): the window exports
    // the same call's file through the same function.
    let call = fund::call_of_year(&conn, year)
        .map_err(describe)?
        .ok_or_else(|| format!("Aucun appel à projets n’existe pour l’année {year}."))?;
    let n = fund::write_scdl(&conn, call.id, &out).map_err(describe)?;
    println!(
        "{n} subventions exportées au format SCDL dans {}",
        out.display()
    );
    Ok(())
}

/// `import trainings|applications FICHIER [--sheet FEUILLE] [--call AAAA]
/// [--mapping FICHIER.json] [--value CHAMP=VALEUR]... [--state ÉTAT=STADE]...
/// [--dry-run]`: prints the preview's counts and each refused cell with its
/// line and column, then imports the ready rows unless `--dry-run`; fails
/// when nothing was imported.
fn import_file(
    db: &Path,
    kind: &str,
    file: &str,
    rest: &[&str],
    today: NaiveDate,
) -> Result<(), String> {
    let kind = import::ImportKind::from_code(kind)
        .ok_or_else(|| {
            format!("Données inconnues : {kind} (trainings, applications, organisations, partners, events, commitments ou payments).")
        })?;
    let mut rest: Vec<String> = rest.iter().map(|s| s.to_string()).collect();
    let sheet = take_option(&mut rest, "--sheet")?;
    let call = take_option(&mut rest, "--call")?;
    let budget = take_option(&mut rest, "--budget")?;
    let mapping_file = take_option(&mut rest, "--mapping")?;
    let dry_run = take_flag(&mut rest, "--dry-run");
    let update = take_flag(&mut rest, "--update");
    let values = take_pairs(&mut rest, "--value", "format=in_person")?;
    let states = take_pairs(&mut rest, "--state", "accepte=skip")?;
    if !rest.is_empty() {
        return Err(format!("Argument inconnu : {}\n\n{USAGE}", rest.join(" ")));
    }
    let path = PathBuf::from(file);
    let _lock = if dry_run { None } else { Some(take_lock(db)?) };
    let mut conn = if dry_run {
        open_for_reading(db)?
    } else {
        must_exist(db)?;
        store::open(db).map_err(describe)?
    };
    let mut options = import_options(&conn, call, budget, states)?;
    options.update_present = update;
    let mapping = import_mapping(
        &conn,
        kind,
        &path,
        sheet.as_deref(),
        &options,
        mapping_file,
        values,
        today,
    )?;
    let p = import::preview(
        &conn,
        kind,
        &path,
        sheet.as_deref(),
        Some(mapping.clone()),
        &options,
        today,
    )
    .map_err(describe)?;
    print_preview(&p);
    if dry_run {
        return Ok(());
    }
    let actor = territory::current_actor(&conn)
        .map_err(describe)?
        .ok_or("Aucun utilisateur n’est choisi dans cette base : ouvrez l’application une fois.")?;
    let report = import::import(
        &mut conn,
        &actor,
        today,
        Utc::now(),
        kind,
        &path,
        sheet.as_deref(),
        mapping,
        &options,
    )
    .map_err(describe)?;
    record_anchor(&conn, db);
    let (one, many) = kind.words();
    println!(
        "Import enregistré (lot n° {}) : {}, dont {} à jour.",
        report.batch_id,
        quantity_fr(i64::from(report.imported + report.updated), one, many),
        quantity_fr(i64::from(report.updated), "mise", "mises"),
    );
    Ok(())
}

/// The columns: read from `--mapping`, else proposed from the header (or
/// remembered), then `--value`s on top.
#[allow(clippy::too_many_arguments)]
fn import_mapping(
    conn: &rusqlite::Connection,
    kind: import::ImportKind,
    path: &Path,
    sheet: Option<&str>,
    options: &import::ImportOptions,
    mapping_file: Option<String>,
    values: Vec<(String, String)>,
    today: NaiveDate,
) -> Result<import::Mapping, String> {
    let mut mapping = match mapping_file {
        Some(f) => import::mapping::load(Path::new(&f)).map_err(describe)?,
        None => {
            import::preview(conn, kind, path, sheet, None, options, today)
                .map_err(describe)?
                .mapping
        }
    };
    for (field, value) in values {
        if !import::fields(kind).iter().any(|f| f.key == field) {
            return Err(format!("Champ inconnu : {field}."));
        }
        mapping.insert(field, import::Source::Value(value));
    }
    Ok(mapping)
}

/// The import's options from `--call`, `--budget` and `--state`.
fn import_options(
    conn: &rusqlite::Connection,
    call: Option<String>,
    budget: Option<String>,
    states: Vec<(String, String)>,
) -> Result<import::ImportOptions, String> {
    let year_of = |flag: &str, text: String| -> Result<i32, String> {
        text.parse()
            .map_err(|_| format!("{flag} attend une année, par exemple 2026."))
    };
    let mut options = import::ImportOptions::default();
    if let Some(text) = call {
        let year = year_of("--call", text)?;
        let call = fund::call_of_year(conn, year)
            .map_err(describe)?
            .ok_or_else(|| format!("Aucun appel à projets pour {year}."))?;
        options.call_id = Some(call.id);
    }
    if let Some(text) = budget {
        options.budget_year = Some(year_of("--budget", text)?);
    }
    for (state, stage) in states {
        let stage = import::ImportStage::from_code(&stage)
            .ok_or_else(|| format!("Stade inconnu : {stage} (received, draft ou skip)."))?;
        options
            .states
            .insert(import::mapping::normalize(&state), stage);
    }
    Ok(options)
}

/// Each refused cell with its line and column, each note, then the counts.
fn print_preview(p: &import::ImportPreview) {
    for row in &p.rows {
        for e in &row.errors {
            let column = e
                .column
                .and_then(|c| p.headers.get(c as usize))
                .map_or_else(|| e.field.clone(), |h| format!("« {h} »"));
            println!("Ligne {}, {column} : {}", row.line, e.message);
        }
        if !row.note.is_empty() {
            println!("Ligne {} : {}", row.line, row.note);
        }
    }
    for s in &p.states {
        println!(
            "État « {} » ({}) : {}.",
            s.state,
            quantity_fr(s.rows as i64, "ligne", "lignes"),
            s.stage.label_fr()
        );
    }
    println!(
        "Feuille « {} » : prêtes {} · à mettre à jour {} · en erreur {} · déjà présentes {} · non importées {}.",
        p.sheet, p.ready, p.to_update, p.in_error, p.present, p.skipped
    );
}

/// Takes every `name KEY=VALUE` out of `args`.
fn take_pairs(
    args: &mut Vec<String>,
    name: &str,
    example: &str,
) -> Result<Vec<(String, String)>, String> {
    let mut pairs = Vec::new();
    while let Some(v) = take_option(args, name)? {
        let (key, value) = v
            .split_once('=')
            .ok_or_else(|| format!("{name} s’écrit CLÉ=VALEUR, par exemple {example}."))?;
        pairs.push((key.trim().to_string(), value.trim().to_string()));
    }
    Ok(pairs)
}

/// Takes the flag `name` out of `args`; whether it was there.
fn take_flag(args: &mut Vec<String>, name: &str) -> bool {
    let before = args.len();
    args.retain(|a| a != name);
    args.len() != before
}

/// The printed reports of the command line.
#[derive(Clone, Copy)]
enum Report {
    /// The annual budget summary.
    Budget,
    /// The plan's annual review for the steering committee.
    Bilan,
}

/// `report budget|bilan --year AAAA [--out FICHIER]`, signed by the acting
/// person set in the file, else the system user.
fn report(db: &Path, which: Report, rest: &[&str], today: NaiveDate) -> Result<(), String> {
    let YearOptions { year, out, .. } = year_options(rest, false)?;
    let out = out.unwrap_or_else(|| match which {
        Report::Bilan => plan::bilan_file_name(year).into(),
        Report::Budget => budget::summary_file_name(year).into(),
    });
    let conn = open_for_reading(db)?;
    let by = territory::current_actor(&conn)
        .map_err(describe)?
        .map(|a| a.name)
        .unwrap_or_else(|| std::env::var("USER").unwrap_or_else(|_| "plan-lcd".into()));
    match which {
        Report::Bilan => {
            plan::bilan_pdf(&conn, year, &by, today, &out).map_err(describe)?;
            println!("Bilan annuel {year} écrit dans {}", out.display());
        }
        Report::Budget => {
            budget::summary_pdf(&conn, year, &by, today, &out).map_err(describe)?;
            println!("Synthèse budgétaire {year} écrite dans {}", out.display());
        }
    }
    Ok(())
}
