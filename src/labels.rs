//! The French labels of the codes that cross to the window, written once:
//! here, from each enum's `label_fr`. `cargo test` writes them to
//! `ui/src/bindings/labels.ts` beside the types ts-rs generates, and the test
//! script fails when the committed file is stale, so the window never keeps a
//! copy of its own.

use crate::budget::LineKind;
use crate::events::{CampaignKind, EventKind, EventPublic, EventStatus};
use crate::fund::{Decision, OrganisationKind, Stage, StepAction};
use crate::import::ImportStage;
use crate::partners::{
    CommitmentStatus, CommitteeKind, ConventionState, ConventionStatus, FollowUpStatus, PartnerKind,
};
use crate::plan::{ActionStatus, LinkKind};
use crate::rights::Role;
use crate::trainings::{Audience, TrainingFormat, TrainingStatus};

/// One enum's labels: the TypeScript constant, the enum's type name (its
/// ts-rs binding), and each code with its label, in the enum's order.
pub struct LabelSet {
    pub constant: &'static str,
    pub type_name: &'static str,
    pub labels: Vec<(&'static str, &'static str)>,
}

fn set<T: Copy>(
    constant: &'static str,
    type_name: &'static str,
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T) -> &'static str,
) -> LabelSet {
    LabelSet {
        constant,
        type_name,
        labels: all.iter().map(|v| (code(*v), label(*v))).collect(),
    }
}

/// Every label set the window uses.
pub fn sets() -> Vec<LabelSet> {
    vec![
        set(
            "IMPORT_STAGE_LABELS",
            "ImportStage",
            ImportStage::ALL,
            ImportStage::code,
            ImportStage::label_fr,
        ),
        set(
            "AUDIENCE_LABELS",
            "Audience",
            &Audience::ALL,
            Audience::code,
            Audience::label_fr,
        ),
        set(
            "FORMAT_LABELS",
            "TrainingFormat",
            &[TrainingFormat::InPerson, TrainingFormat::Remote],
            TrainingFormat::code,
            TrainingFormat::label_fr,
        ),
        set(
            "STATUS_LABELS",
            "TrainingStatus",
            &TrainingStatus::ALL,
            TrainingStatus::code,
            TrainingStatus::label_fr,
        ),
        set(
            "ROLE_LABELS",
            "Role",
            &[Role::ProjectLead, Role::Assistant, Role::Manager],
            Role::code,
            Role::label_fr,
        ),
        set(
            "EVENT_KIND_LABELS",
            "EventKind",
            EventKind::ALL,
            EventKind::code,
            EventKind::label_fr,
        ),
        set(
            "EVENT_PUBLIC_LABELS",
            "EventPublic",
            EventPublic::ALL,
            EventPublic::code,
            EventPublic::label_fr,
        ),
        set(
            "EVENT_STATUS_LABELS",
            "EventStatus",
            EventStatus::ALL,
            EventStatus::code,
            EventStatus::label_fr,
        ),
        set(
            "CAMPAIGN_KIND_LABELS",
            "CampaignKind",
            CampaignKind::ALL,
            CampaignKind::code,
            CampaignKind::label_fr,
        ),
        set(
            "STAGE_LABELS",
            "Stage",
            Stage::ALL,
            Stage::code,
            Stage::label_fr,
        ),
        set(
            "DECISION_LABELS",
            "Decision",
            Decision::ALL,
            Decision::code,
            Decision::label_fr,
        ),
        set(
            "ORGANISATION_KIND_LABELS",
            "OrganisationKind",
            OrganisationKind::ALL,
            OrganisationKind::code,
            OrganisationKind::label_fr,
        ),
        set(
            "STEP_ACTION_LABELS",
            "StepAction",
            StepAction::ALL,
            StepAction::code,
            StepAction::label_fr,
        ),
        set(
            "ACTION_STATUS_LABELS",
            "ActionStatus",
            ActionStatus::ALL,
            ActionStatus::code,
            ActionStatus::label_fr,
        ),
        set(
            "LINK_KIND_LABELS",
            "LinkKind",
            LinkKind::ALL,
            LinkKind::code,
            LinkKind::label_fr,
        ),
        set(
            "LINE_KIND_LABELS",
            "LineKind",
            LineKind::ALL,
            LineKind::code,
            LineKind::label_fr,
        ),
        set(
            "PARTNER_KIND_LABELS",
            "PartnerKind",
            PartnerKind::ALL,
            PartnerKind::code,
            PartnerKind::label_fr,
        ),
        set(
            "CONVENTION_STATUS_LABELS",
            "ConventionStatus",
            ConventionStatus::ALL,
            ConventionStatus::code,
            ConventionStatus::label_fr,
        ),
        set(
            "CONVENTION_STATE_LABELS",
            "ConventionState",
            ConventionState::ALL,
            ConventionState::code,
            ConventionState::label_fr,
        ),
        set(
            "COMMITMENT_STATUS_LABELS",
            "CommitmentStatus",
            CommitmentStatus::ALL,
            CommitmentStatus::code,
            CommitmentStatus::label_fr,
        ),
        set(
            "COMMITTEE_KIND_LABELS",
            "CommitteeKind",
            CommitteeKind::ALL,
            CommitteeKind::code,
            CommitteeKind::label_fr,
        ),
        set(
            "FOLLOW_UP_STATUS_LABELS",
            "FollowUpStatus",
            FollowUpStatus::ALL,
            FollowUpStatus::code,
            FollowUpStatus::label_fr,
        ),
    ]
}

fn quoted(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The TypeScript module the window imports: one `Record<Type, string>`
/// per set, typed by the enum's ts-rs binding so that a code the core
/// drops or adds fails the window's type check.
pub fn typescript() -> String {
    let mut out = String::from(
        "// Generated by `cargo test` from the core's enums (src/labels.rs): do not edit.\n\n",
    );
    let mut sets = sets();
    let mut types: Vec<&str> = sets.iter().map(|s| s.type_name).collect();
    types.sort_unstable();
    for t in types {
        out.push_str(&format!("import type {{ {t} }} from './{t}';\n"));
    }
    sets.sort_by_key(|s| s.constant);
    for s in sets {
        out.push_str(&format!(
            "\nexport const {}: Record<{}, string> = {{\n",
            s.constant, s.type_name
        ));
        for (code, label) in s.labels {
            out.push_str(&format!("  {code}: {},\n", quoted(label)));
        }
        out.push_str("};\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `ui/src/bindings/labels.ts`, as ts-rs writes the types.
    #[test]
    fn export_labels_for_the_window() {
        let path =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/bindings/labels.ts");
        std::fs::write(path, typescript()).unwrap();
    }

    #[test]
    fn every_set_has_distinct_codes_and_a_label_for_each() {
        for s in sets() {
            let mut codes: Vec<&str> = s.labels.iter().map(|(c, _)| *c).collect();
            codes.sort_unstable();
            codes.dedup();
            assert_eq!(codes.len(), s.labels.len(), "{}", s.constant);
            assert!(
                s.labels.iter().all(|(c, l)| !c.is_empty() && !l.is_empty()),
                "{}",
                s.constant
            );
        }
    }
}
