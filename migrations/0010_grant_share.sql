-- A grant shared between several beneficiaries (SCDL *subventions*,
-- `pourcentageSubvention`): each beneficiary's application holds the amount
-- it receives and its share of the whole grant, in basis points (hundredths
-- of a percent: 10000 = 100 %, 4500 = 45 %). A single beneficiary holds the
-- whole grant; the schema's lower bound, 1 %, is the SCDL's 0.01.

ALTER TABLE fund_application ADD COLUMN grant_share_bp INTEGER NOT NULL DEFAULT 10000
    CHECK (grant_share_bp BETWEEN 100 AND 10000);

-- The journal's entries gain the new column when the app finishes migrating
-- (audit::record_new_columns), as for every column a migration adds.
