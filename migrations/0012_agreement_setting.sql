-- The unit's choice about the grant agreement (*convention*) of public-law bodies.
--
-- Law 2000-321 (art. 10) and decree 2001-495 (art. 1) require an agreement
-- only of private-law bodies granted more than 23 000 € in a year; a commune,
-- a CCAS or a public body needs none. The unit may still ask one of them too:
-- off by default, changed by the project lead in the settings.

ALTER TABLE unit ADD COLUMN agreement_for_public_bodies INTEGER NOT NULL DEFAULT 0
    CHECK (agreement_for_public_bodies IN (0, 1));
