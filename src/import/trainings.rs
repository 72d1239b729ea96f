//! Training sessions from a unit's spreadsheet: each row becomes the
//! training form as typed ([`TrainingInput`]) and goes through the form's
//! own validator, so an import refuses exactly what the form refuses, with
//! the same French messages. A row whose title, first day and commune match
//! a recorded session is already present and is skipped, or brings that
//! session up to date when the person asked for updates.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Transaction};

use super::batch::{
    attendance_by_sex, attendance_fields, cell_errors, code_of, commune_code, communes_by_name,
    date_text, differs, overlay, place, write_rows, Checked, Kind, Write,
};
use super::mapping::{normalize, value_of, FieldSpec, Mapping};
use super::{ImportKind, ImportOptions};
use crate::error::Result;
use crate::store::WriteCtx;
use crate::trainings::{
    columns, validate, Audience, TrainingFormat, TrainingInput, TrainingStatus, ValidTraining,
};

/// The training form's fields an import fills, with the words a legacy
/// spreadsheet's header uses for them.
pub const FIELDS: &[FieldSpec] = &[
    FieldSpec {
        key: "title",
        label: "Intitulé",
        synonyms: &[
            "Titre",
            "Nom de l’action",
            "Formation",
            "Intitulé de la formation",
            "Action",
        ],
    },
    FieldSpec {
        key: "theme",
        label: "Thème",
        synonyms: &["Thématique", "Sujet"],
    },
    FieldSpec {
        key: "audience",
        label: "Public",
        synonyms: &["Public cible", "Cible", "Publics"],
    },
    FieldSpec {
        key: "trainer",
        label: "Formateur",
        synonyms: &[
            "Formatrice",
            "Formateur·rice",
            "Intervenant",
            "Intervenante",
            "Organisme de formation",
            "Organisme",
        ],
    },
    FieldSpec {
        key: "format",
        label: "Format",
        synonyms: &["Modalité", "Modalités"],
    },
    FieldSpec {
        key: "first_day",
        label: "Premier jour",
        synonyms: &["Date", "Date de début", "Début", "Date de la session"],
    },
    FieldSpec {
        key: "last_day",
        label: "Dernier jour",
        synonyms: &["Date de fin", "Fin"],
    },
    FieldSpec {
        key: "hours",
        label: "Durée (heures)",
        synonyms: &["Durée", "Heures", "Nombre d’heures", "Nb heures"],
    },
    FieldSpec {
        key: "venue",
        label: "Lieu",
        synonyms: &["Salle", "Adresse"],
    },
    FieldSpec {
        key: "commune_insee",
        label: "Commune",
        synonyms: &["Ville", "Code INSEE", "INSEE"],
    },
    FieldSpec {
        key: "capacity",
        label: "Places",
        synonyms: &["Capacité", "Nombre de places"],
    },
    FieldSpec {
        key: "registered",
        label: "Inscrits",
        synonyms: &[
            "Inscrit·es",
            "Inscrites",
            "Nombre d’inscrits",
            "Nb inscrits",
        ],
    },
    FieldSpec {
        key: "attended_women",
        label: "Femmes",
        synonyms: &["Présentes femmes", "Nb femmes", "Participantes"],
    },
    FieldSpec {
        key: "attended_men",
        label: "Hommes",
        synonyms: &["Présents hommes", "Nb hommes", "Participants hommes"],
    },
    FieldSpec {
        key: "attended_fh",
        label: "Présent·es F/H",
        synonyms: &["F/H", "Femmes/Hommes", "F / H"],
    },
    FieldSpec {
        key: "attended_hf",
        label: "Présent·es H/F",
        synonyms: &["H/F", "Hommes/Femmes", "M/F"],
    },
    FieldSpec {
        key: "attended_unstated",
        label: "Non renseigné",
        synonyms: &["Sexe non renseigné", "NR", "Non précisé"],
    },
    FieldSpec {
        key: "planned_cost",
        label: "Coût prévu",
        synonyms: &["Budget prévu", "Coût prévisionnel"],
    },
    FieldSpec {
        key: "actual_cost",
        label: "Coût réel",
        synonyms: &["Coût", "Montant", "Coût réalisé"],
    },
    FieldSpec {
        key: "status",
        label: "Statut",
        synonyms: &["État", "Etat"],
    },
    FieldSpec {
        key: "cancel_reason",
        label: "Motif d’annulation",
        synonyms: &["Motif"],
    },
    FieldSpec {
        key: "satisfaction",
        label: "Satisfaction",
        synonyms: &["Note de satisfaction", "Note moyenne"],
    },
    FieldSpec {
        key: "notes",
        label: "Remarques",
        synonyms: &["Commentaires", "Observations", "Notes"],
    },
];

/// Training sessions, as [`batch`](super::batch) imports them.
pub struct Sessions;

/// What checking sessions needs, read once.
pub struct Context {
    today: NaiveDate,
    communes: HashMap<String, String>,
    insee: HashSet<String>,
    /// The sessions recorded, by their key.
    recorded: HashMap<SessionKey, i64>,
    /// Each valid row of the file, by its key.
    seen: HashSet<SessionKey>,
    update_present: bool,
}

impl Kind for Sessions {
    const KIND: ImportKind = ImportKind::Trainings;
    fn fields() -> &'static [FieldSpec] {
        FIELDS
    }
    type Valid = Write<ValidTraining>;
    type Context = Context;

    fn context(conn: &Connection, options: &ImportOptions, today: NaiveDate) -> Result<Context> {
        let communes = communes_by_name(conn)?;
        Ok(Context {
            today,
            insee: communes.values().cloned().collect(),
            communes,
            recorded: recorded_keys(conn)?,
            seen: HashSet::new(),
            update_present: options.update_present,
        })
    }

    fn check(
        ctx: &mut Context,
        mapping: &Mapping,
        cells: &[String],
        conn: &Connection,
    ) -> Checked<Write<ValidTraining>> {
        let (women, men, split_error) = attendance_by_sex(mapping, cells);
        let mut input = form_of(mapping, cells, &ctx.communes);
        (input.attended_women, input.attended_men) = (women, men);
        let (title, day) = (input.title.clone(), input.first_day.clone());
        let insee = &ctx.insee;
        let valid = validate(&input, ctx.today, |c: &str| insee.contains(c));
        let mut errors = match &valid {
            Err(e) => cell_errors(e, mapping, str::to_string),
            Ok(_) => Vec::new(),
        };
        errors.extend(split_error);
        match valid {
            Ok(v) if errors.is_empty() => {
                let key = (normalize(&v.title), v.first_day, v.commune_insee.clone());
                let today = ctx.today;
                let update = ctx.update_present;
                let updated = |id| {
                    let stored = crate::trainings::form(conn, id).ok();
                    let Some(merged) =
                        stored.and_then(|s| overlay(s, &input, mapping, attendance_fields))
                    else {
                        return Ok(None);
                    };
                    let v = validate(&merged, today, |c: &str| insee.contains(c))?;
                    Ok(differs(conn, "training_session", id, &columns(&v))
                        .unwrap_or(false)
                        .then_some(v))
                };
                match place(&mut ctx.seen, &ctx.recorded, key, update, updated, v) {
                    Ok((status, write)) => Checked::with(0, title, day, status, write),
                    Err(e) => {
                        Checked::refused(0, title, day, cell_errors(&e, mapping, str::to_string))
                    }
                }
            }
            _ => Checked::refused(0, title, day, errors),
        }
    }

    fn write(
        tx: &Transaction,
        ctx: &WriteCtx,
        batch: i64,
        rows: &[Write<ValidTraining>],
        step: &mut dyn FnMut() -> Result<()>,
    ) -> Result<()> {
        write_rows(tx, ctx, batch, rows, "training_session", columns, step)
    }

    /// A session changed after the import, or linked to an action of the plan.
    fn obstacle(conn: &Connection, batch: i64, created_at: &str) -> Result<Option<String>> {
        let changed: Option<String> = conn
            .query_row(
                "SELECT title FROM training_session WHERE import_batch_id = ?1 AND updated_at > ?2 LIMIT 1",
                params![batch, created_at],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(title) = changed {
            return Ok(Some(format!(
                "La session « {title} » a été modifiée depuis l’import : l’import ne peut plus être annulé en bloc."
            )));
        }
        let linked: Option<String> = conn
            .query_row(
                "SELECT t.title FROM training_session t
                 JOIN plan_link l ON l.kind = 'training' AND l.target_id = t.id
                 WHERE t.import_batch_id = ?1 LIMIT 1",
                [batch],
                |r| r.get(0),
            )
            .optional()?;
        Ok(linked.map(|title| format!(
            "La session « {title} » est rattachée à une action du plan : retirez ce lien avant d’annuler l’import."
        )))
    }

    fn remove(tx: &Transaction, batch: i64) -> Result<u32> {
        Ok(tx.execute(
            "DELETE FROM training_session WHERE import_batch_id = ?1",
            [batch],
        )? as u32)
    }
}

/// A session's key for « already present »: its title as words, its first
/// day and its commune.
type SessionKey = (String, NaiveDate, Option<String>);

/// The sessions recorded, by their key.
fn recorded_keys(conn: &Connection) -> Result<HashMap<SessionKey, i64>> {
    Ok(crate::sql::all(
        conn,
        "SELECT title, first_day, commune_insee, id FROM training_session",
        [],
        |r| {
            let day: String = r.get(1)?;
            Ok((
                normalize(&r.get::<_, String>(0)?),
                crate::sql::from_iso(&day),
                r.get::<_, Option<String>>(2)?,
                r.get::<_, i64>(3)?,
            ))
        },
    )?
    .into_iter()
    .filter_map(|(title, day, commune, id)| Some(((title, day?, commune), id)))
    .collect())
}

/// A row as the training form would have it typed.
fn form_of(
    mapping: &Mapping,
    cells: &[String],
    communes: &HashMap<String, String>,
) -> TrainingInput {
    let v = |key: &str| value_of(mapping, key, cells).trim().to_string();
    let commune = v("commune_insee");
    TrainingInput {
        title: v("title"),
        theme: v("theme"),
        audience: code_of(&v("audience"), audience_code),
        trainer: v("trainer"),
        format: code_of(&v("format"), format_code),
        first_day: date_text(&v("first_day")),
        last_day: date_text(&v("last_day")),
        hours: v("hours"),
        venue: v("venue"),
        commune_insee: commune_code(communes, &commune),
        capacity: v("capacity"),
        registered: v("registered"),
        attended_women: v("attended_women"),
        attended_men: v("attended_men"),
        attended_unstated: v("attended_unstated"),
        planned_cost: v("planned_cost"),
        actual_cost: v("actual_cost"),
        status: code_of(&v("status"), status_code),
        cancel_reason: v("cancel_reason"),
        satisfaction: v("satisfaction"),
        notes: v("notes"),
    }
}

fn audience_code(w: &str) -> Option<&'static str> {
    if let Some(a) = Audience::ALL
        .into_iter()
        .find(|a| w == a.code().replace('_', " ") || w == normalize(a.label_fr()))
    {
        return Some(a.code());
    }
    let a = match w {
        "agents" | "agent" | "agents de la collectivite" | "personnel" => Audience::OwnAgents,
        "encadrement" | "encadrants" | "managers" | "cadres" => Audience::OwnManagers,
        "elus" | "elu" | "elus es" | "elu es" | "elues" => Audience::ElectedOfficials,
        "professionnels" | "partenaires" | "professionnels exterieurs" => {
            Audience::OutsideProfessionals
        }
        "associations" | "benevoles" => Audience::VolunteersAssociations,
        "mixte" | "tous publics" | "tout public" => Audience::Mixed,
        _ => return None,
    };
    Some(a.code())
}

fn format_code(w: &str) -> Option<&'static str> {
    match w {
        "in person" | "presentiel" | "sur site" | "en presentiel" => {
            Some(TrainingFormat::InPerson.code())
        }
        "remote" | "a distance" | "distanciel" | "visio" | "visioconference" | "en ligne" => {
            Some(TrainingFormat::Remote.code())
        }
        _ => None,
    }
}

fn status_code(w: &str) -> Option<&'static str> {
    if let Some(s) = TrainingStatus::ALL
        .into_iter()
        .find(|s| w == s.code() || w == normalize(s.label_fr()))
    {
        return Some(s.code());
    }
    let s = match w {
        "realise" | "faite" | "fait" | "terminee" | "effectuee" => TrainingStatus::Held,
        "annule" => TrainingStatus::Cancelled,
        "prevu" | "a venir" | "planifiee" => TrainingStatus::Planned,
        "confirme" => TrainingStatus::Confirmed,
        _ => return None,
    };
    Some(s.code())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_common_words_give_the_codes() {
        assert_eq!(
            code_of("Agents de la collectivité", audience_code),
            "own_agents"
        );
        assert_eq!(code_of("Élus", audience_code), "elected_officials");
        assert_eq!(code_of("Visio", format_code), "remote");
        assert_eq!(code_of("Réalisée", status_code), "held");
        assert_eq!(code_of("held", status_code), "held");
        assert_eq!(code_of("Peut-être", status_code), "Peut-être");
    }
}
