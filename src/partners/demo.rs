//! The demo year's partners and conventions: the four conventions of seeds
//! 000 to 003 as signed (who, when, for how long, renewed how, with what
//! notice, each party's commitments, the committees they set up), the
//! plan's training partners (seed 004), and a few meetings of this year with
//! their follow-up actions, dated around `today`.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rusqlite::Connection;

use super::*;
use crate::error::Result;
use crate::input::format_date_fr;
use crate::rights::Actor;

/// (name, kind, address, website, contact name, contact role)
const PARTNERS: &[(&str, &str, &str, &str, &str, &str)] = &[
    (
        "Conseil régional d’Île-de-France",
        "other",
        "33 rue Barbet-de-Jouy, 75007 Paris",
        "www.iledefrance.fr",
        "Jean-Paul Huchon",
        "Président, signataire",
    ),
    (
        "Agence nationale pour la cohésion sociale et l’égalité des chances (Acsé)",
        "state_service",
        "209 rue de Bercy, 75012 Paris",
        "",
        "Dominique Dubois",
        "Directeur général, signataire",
    ),
    (
        "Commissariat général à l’égalité des territoires (CGET)",
        "state_service",
        "5 rue Pleyel, 93283 Saint-Denis Cedex",
        "",
        "Marie-Caroline Bonnet-Galzy",
        "Commissaire générale, signataire",
    ),
    (
        "Défenseur des droits",
        "independent_authority",
        "7 rue Saint-Florentin, 75049 Paris Cedex 08",
        "www.defenseurdesdroits.fr",
        "Jacques Toubon",
        "Défenseur des droits, signataire",
    ),
    (
        "Secrétariat général de la Charte de la diversité (IMS-Entreprendre pour la Cité)",
        "company_network",
        "141 avenue de Clichy, 75017 Paris",
        "www.charte-diversite.com",
        "Henri de Reboul",
        "Délégué général",
    ),
    (
        "Conseil national des missions locales",
        "network",
        "Les Borromées 2, 1 avenue du Stade de France, 93210 Saint-Denis",
        "www.cnml.gouv.fr",
        "Bernard Perrut",
        "Président, signataire",
    ),
    (
        "Fondation Agir Contre l’Exclusion (FACE)",
        "company_network",
        "",
        "www.fondationface.org",
        "Gérard Mestrallet",
        "Président, signataire",
    ),
    (
        "Alliance Villes Emploi",
        "network",
        "",
        "www.ville-emploi.asso.fr",
        "Jean Le Garrec",
        "Président, signataire",
    ),
    (
        "Centre national de la fonction publique territoriale (CNFPT)",
        "training_body",
        "",
        "www.cnfpt.fr",
        "",
        "",
    ),
    (
        "Inter-réseaux des professionnels du développement social urbain (IRDSU)",
        "network",
        "",
        "www.irdsu.net",
        "",
        "",
    ),
];

/// A demo convention: (title, partner indexes, signed dd/mm/yyyy, months,
/// tacit renewal, notice months, status, file, commitments as (partner
/// index or None for the unit, text, status)).
type Seed = (
    &'static str,
    &'static [usize],
    &'static str,
    &'static str,
    bool,
    &'static str,
    &'static str,
    &'static str,
    &'static [(Option<usize>, &'static str, &'static str)],
);

const CONVENTIONS: &[Seed] = &[
    (
        "Partenariat stratégique pour la prévention et la lutte contre les discriminations (Région Île-de-France – Acsé)",
        &[0, 1],
        "11/07/2008",
        "36",
        false,
        "",
        "ended",
        "conventions/2008-region-idf-acse.pdf",
        &[
            (Some(1), "Participer à la semaine de sensibilisation annuelle de la Région (campagnes régionales d’information)", "done"),
            (Some(1), "Contribuer au guide régional des droits et des interlocuteurs ressources", "done"),
            (Some(0), "Coordonner l’offre de formation des acteurs avec l’Acsé", "done"),
            (Some(0), "Établir avec l’Acsé un tableau de bord commun des projets soutenus", "done"),
            (Some(1), "Produire des statistiques sexuées des actions menées", "done"),
        ],
    ),
    (
        "Convention de partenariat CGET – Défenseur des droits",
        &[2, 3],
        "17/11/2015",
        "36",
        true,
        "2",
        "active",
        "conventions/2015-cget-defenseur-des-droits.pdf",
        &[
            (Some(3), "Accompagner la mise en œuvre des plans territoriaux de lutte contre les discriminations (PTLCD)", "in_progress"),
            (Some(3), "Désigner des délégués référents à la politique de la ville", "done"),
            (Some(3), "Transmettre les données non nominatives des cas présumés de discrimination dans les quartiers prioritaires", "todo"),
            (Some(2), "Animer le réseau des référents « lutte contre les discriminations » des DRJSCS", "in_progress"),
            (Some(2), "Associer les conseillers territoriaux du Défenseur des droits aux instances des contrats de ville", "todo"),
            (None, "Relayer les permanences des délégués du Défenseur des droits dans les maisons de services au public du territoire", "in_progress"),
        ],
    ),
    (
        "Promotion de la Charte de la diversité dans l’entreprise (Charte de la diversité – CNML)",
        &[4, 5],
        "16/06/2009",
        "12",
        false,
        "",
        "ended",
        "conventions/2009-charte-diversite-cnml.pdf",
        &[
            (Some(4), "Présenter les actions des missions locales dans la lettre d’information aux entreprises signataires", "done"),
            (Some(4), "Identifier une personne chargée de suivre le partenariat", "done"),
            (Some(5), "Mettre en ligne la plaquette de la Charte de la diversité dans toutes les missions locales", "done"),
            (Some(5), "Inciter les missions locales à promouvoir la Charte auprès des entreprises", "in_progress"),
            (Some(5), "Participer à un échange annuel de bonnes pratiques", "done"),
        ],
    ),
    (
        "Convention de partenariat FACE – Alliance Villes Emploi",
        &[6, 7],
        "15/04/2011",
        "36",
        true,
        "",
        "active",
        "",
        &[
            (Some(6), "Sensibiliser et informer pour développer de nouveaux clubs FACE", "in_progress"),
            (Some(7), "Publier un manifeste des politiques territoriales de l’emploi", "todo"),
            (Some(6), "Informer l’autre signataire de toute évolution et publication du réseau", "done"),
            (Some(7), "Informer l’autre signataire de toute évolution et publication du réseau", "done"),
        ],
    ),
];

/// A demo committee: (name, kind, convention index, meetings a year).
const COMMITTEES: &[(&str, &str, usize, &str)] = &[
    ("Comité de pilotage Région – Acsé", "steering", 0, "1"),
    ("Comité technique Région – Acsé", "technical", 0, "4"),
    (
        "Comité technique CGET – Défenseur des droits",
        "technical",
        1,
        "2",
    ),
    (
        "Comité de pilotage CGET – Défenseur des droits",
        "steering",
        1,
        "1",
    ),
    (
        "Comité de pilotage Charte de la diversité – CNML",
        "steering",
        2,
        "1",
    ),
    (
        "Comité de pilotage FACE – Alliance Villes Emploi",
        "steering",
        3,
        "2",
    ),
    (
        "Comité technique FACE – Alliance Villes Emploi",
        "technical",
        3,
        "0",
    ),
];

pub fn load_demo(
    conn: &mut Connection,
    actor: &Actor,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut partner_ids = Vec::new();
    for (name, kind, address, website, contact, role) in PARTNERS {
        let contacts = if contact.is_empty() {
            Vec::new()
        } else {
            vec![PartnerContactInput {
                name: (*contact).into(),
                role: (*role).into(),
                email: String::new(),
                phone: String::new(),
            }]
        };
        let p = create_partner(
            conn,
            actor,
            now,
            &PartnerInput {
                name: (*name).into(),
                kind: (*kind).into(),
                siret: String::new(),
                address: (*address).into(),
                website: (*website).into(),
                notes: String::new(),
                contacts,
            },
        )?;
        partner_ids.push(p.id);
    }
    let mut convention_ids = Vec::new();
    for (title, partners, signed, months, tacit, notice, status, file, commitments) in CONVENTIONS {
        let c = create_convention(
            conn,
            actor,
            now,
            today,
            &ConventionInput {
                title: (*title).into(),
                partner_ids: partners.iter().map(|i| partner_ids[*i]).collect(),
                signed_on: (*signed).into(),
                starts_on: String::new(),
                duration_months: (*months).into(),
                tacit_renewal: *tacit,
                notice_months: (*notice).into(),
                status: (*status).into(),
                file_location: (*file).into(),
                notes: String::new(),
                commitments: commitments
                    .iter()
                    .map(|(party, text, status)| ConventionCommitmentInput {
                        party: party
                            .map_or_else(|| OWN_PARTY.to_string(), |i| partner_ids[i].to_string()),
                        text: (*text).into(),
                        status: (*status).into(),
                        evidence: if *status == "done" {
                            "Compte rendu du comité de pilotage".into()
                        } else {
                            String::new()
                        },
                    })
                    .collect(),
            },
        )?;
        convention_ids.push(c.id);
    }
    let mut committee_ids = Vec::new();
    for (name, kind, convention, frequency) in COMMITTEES {
        let c = create_committee(
            conn,
            actor,
            now,
            today,
            &CommitteeInput {
                name: (*name).into(),
                kind: (*kind).into(),
                convention_id: Some(convention_ids[*convention]),
                frequency_per_year: (*frequency).into(),
                notes: String::new(),
            },
        )?;
        committee_ids.push(c.id);
    }
    let day = |offset: i64| format_date_fr(today + Duration::days(offset));
    // The CGET – DDD technical committee met twice; its last follow-ups are
    // due soon, one is late.
    let meetings: [(
        usize,
        i64,
        &[usize],
        &str,
        &str,
        Vec<(&str, &str, i64, &str)>,
    ); 4] = [
        (
            2,
            -300,
            &[2, 3],
            "Bilan des sites expérimentaux ; programme de formation des délégués",
            "Deux sessions de formation des délégués référents à organiser avec le CNFPT.",
            vec![(
                "Proposer les dates des sessions de formation",
                "Camille Martin",
                -270,
                "done",
            )],
        ),
        (
            2,
            -150,
            &[2, 3, 8],
            "Échange des données non nominatives ; cellules d’écoute",
            "Le Défenseur des droits transmettra les données du premier semestre.",
            vec![
                (
                    "Relancer la transmission des données du semestre",
                    "Camille Martin",
                    -10,
                    "todo",
                ),
                (
                    "Préparer l’ordre du jour du comité de pilotage",
                    "Nadia Benali",
                    10,
                    "todo",
                ),
            ],
        ),
        (
            3,
            -340,
            &[2, 3],
            "Bilan annuel de la convention ; orientations de l’année",
            "La convention est poursuivie ; un bilan des PTLCD sera présenté l’an prochain.",
            vec![(
                "Diffuser le compte rendu aux signataires",
                "Nadia Benali",
                -320,
                "done",
            )],
        ),
        (
            5,
            -100,
            &[6, 7],
            "Bilan des sept champs de coopération",
            "Le guide des bonnes pratiques est confié au comité technique.",
            vec![(
                "Rédiger le sommaire du guide des bonnes pratiques",
                "Comité technique",
                45,
                "todo",
            )],
        ),
    ];
    for (committee, offset, present, agenda, decisions, follow_ups) in meetings {
        create_meeting(
            conn,
            actor,
            now,
            &MeetingInput {
                committee_id: committee_ids[committee],
                held_on: day(offset),
                partner_ids: present.iter().map(|i| partner_ids[*i]).collect(),
                agenda: agenda.into(),
                decisions: decisions.into(),
                follow_ups: follow_ups
                    .into_iter()
                    .map(|(text, owner, due, status)| FollowUpInput {
                        text: text.into(),
                        owner: owner.into(),
                        due_on: day(due),
                        status: status.into(),
                    })
                    .collect(),
            },
        )?;
    }
    Ok(())
}
