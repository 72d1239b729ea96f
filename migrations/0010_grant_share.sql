-- A grant shared between several beneficiaries (SCDL *subventions*,
-- `pourcentageSubvention`): each beneficiary's application holds the amount
-- it receives and its share of the whole grant, in basis points (hundredths
-- of a percent: 10000 = 100 %, 4500 = 45 %). A single beneficiary holds the
-- whole grant; the schema's lower bound, 1 %, is the SCDL's 0.01.

ALTER TABLE fund_application ADD COLUMN grant_share_bp INTEGER NOT NULL DEFAULT 10000
    CHECK (grant_share_bp BETWEEN 100 AND 10000);

-- The journal compares each record with its last entry: the new column is
-- recorded for every existing application, as the schema's update, so that
-- the check still finds each record as its history left it. The app seals
-- these entries with the others when it finishes migrating.
INSERT INTO audit_entry (at, actor_name, actor_role, table_name, row_id, action, before_json, after_json)
SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), '(mise à jour du schéma)', '', 'fund_application',
       a.row_id, 'update', a.after_json, json_set(a.after_json, '$.grant_share_bp', 10000)
FROM audit_entry a
WHERE a.table_name = 'fund_application'
  AND a.after_json IS NOT NULL
  AND a.id = (SELECT max(b.id) FROM audit_entry b
              WHERE b.table_name = 'fund_application' AND b.row_id = a.row_id)
ORDER BY a.row_id;
