// Generates assets/refdata/epci.json, the territory reference data shipped with Plan LCD.
//
// The application needs the national list of EPCIs (intercommunal bodies) together with
// their member communes, so that a plan can be attached to a territory and its communes
// listed without any network access. Rather than shipping the whole source package
// (about 12 MB of JSON, most of which we do not use), this script extracts only the
// fields we need into one compact, deterministic file.
//
// Usage: cd assets/refdata && npm ci && npm run generate

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Paths are resolved relative to this script rather than to the current directory,
// so that the script gives the same result wherever it is launched from.
const here = dirname(fileURLToPath(import.meta.url));
const packageName = '@etalab/decoupage-administratif';
const packageDir = join(here, 'node_modules', ...packageName.split('/'));
const outputPath = join(here, 'epci.json');

// The Métropole d'Aix-Marseille-Provence is the territory the unit works on. Its member
// list is known (92 communes), so it serves as a sanity check that the data was read
// correctly: a wrong file, a changed format or a bad filter would change that number.
const AMP_SIREN = '200054807';
const AMP_EXPECTED_MEMBERS = 92;
// A few well-known AMP communes, checked by INSEE code, to catch a member list that
// has the right length but the wrong content.
const AMP_SAMPLE_MEMBERS = ['13055', '13028', '13117', '13103', '13063', '13056'];

function readJson(path) {
  return JSON.parse(readFileSync(path, 'utf8'));
}

function fail(message) {
  console.error(`generate.mjs: ${message}`);
  process.exit(1);
}

// The version written into the output must be the version actually read, and that must
// be the exact version pinned in package.json: otherwise the "source" field could claim
// a version that did not produce the data (for instance after a stale npm install).
const pinnedVersion = readJson(join(here, 'package.json')).devDependencies[packageName];
const installedVersion = readJson(join(packageDir, 'package.json')).version;
if (installedVersion !== pinnedVersion) {
  fail(`installed ${packageName} is ${installedVersion}, but package.json pins ${pinnedVersion}; run "npm ci" first`);
}

// Sorting uses French collation so that names appear in the order a French reader
// expects (accents sorted with their base letter, "Évry" next to "Evry", and so on).
// A Node.js built with reduced ICU data would silently fall back to the root collation
// and produce a different order, which would break the promise that the same input
// always gives a byte-identical output; so we refuse to run in that case.
if (Intl.Collator.supportedLocalesOf(['fr']).length === 0) {
  fail('this Node.js build has no French collation data (full ICU is required)');
}
// One Intl.Collator is equivalent to calling localeCompare(other, 'fr') on every
// comparison, but much faster when sorting tens of thousands of names.
const frenchCollator = new Intl.Collator('fr');

// Two entries can share the same name (two EPCIs are both called "CC des Quatre
// Rivières", and some EPCIs straddle a département border and contain two communes of
// the same name). The code is then used as a tie-breaker so that the order never
// depends on the order of the source file or on the sort algorithm.
function byNameThenCode(a, b) {
  return frenchCollator.compare(a.name, b.name) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

const sourceEpcis = readJson(join(packageDir, 'data', 'epci.json'));
const sourceCommunes = readJson(join(packageDir, 'data', 'communes.json'));

// communes.json also lists former communes that were merged into another one
// ("commune-deleguee", "commune-associee") and the arrondissements of Paris, Lyon and
// Marseille ("arrondissement-municipal"); some of them reuse the INSEE code of a current
// commune. Only current communes can be members of an EPCI, so only those are indexed.
const currentCommunes = new Map();
for (const commune of sourceCommunes) {
  if (commune.type === 'commune-actuelle') {
    currentCommunes.set(commune.code, commune);
  }
}

// The population is the municipal population given in communes.json. A few current
// communes have no population in the data (the uninhabited districts of the French
// Southern and Antarctic Lands, none of which belongs to an EPCI); they are written as
// 0, as agreed for the file format. Note that 0 is also a genuine value: the six
// "villages morts pour la France" near Verdun have no inhabitants but are still communes.
// Anything other than a missing value or a non-negative integer means the format has
// changed, and we would rather stop than ship a wrong figure.
function populationOf(commune) {
  const population = commune.population;
  if (population === undefined || population === null) {
    return 0;
  }
  if (!Number.isSafeInteger(population) || population < 0) {
    fail(`commune ${commune.code} has an unexpected population value: ${JSON.stringify(population)}`);
  }
  return population;
}

const epcis = sourceEpcis.map((epci) => {
  const seen = new Set();
  const members = epci.membres.map((member) => {
    // The member names in epci.json come from a different source and are sometimes
    // out of date (communes renamed since) or typographically different (curly
    // apostrophes). The name and population are therefore taken from communes.json,
    // the official list of current communes, and the member list only gives the codes.
    const commune = currentCommunes.get(member.code);
    if (!commune) {
      fail(`EPCI ${epci.code} lists member ${member.code} (${member.nom}), which is not a current commune`);
    }
    if (seen.has(member.code)) {
      fail(`EPCI ${epci.code} lists member ${member.code} twice`);
    }
    seen.add(member.code);
    return { code: commune.code, name: commune.nom, population: populationOf(commune) };
  });
  members.sort(byNameThenCode);
  // The object keys are written in a fixed order (siren, name, kind, communes) because
  // JSON.stringify follows insertion order; this keeps the output stable and readable.
  return {
    code: epci.code,
    name: epci.nom,
    kind: epci.type,
    communes: members.map((m) => [m.code, m.name, m.population]),
  };
});
epcis.sort(byNameThenCode);

const output = {
  source: `${packageName} ${installedVersion}`,
  epcis: epcis.map((e) => ({ siren: e.code, name: e.name, kind: e.kind, communes: e.communes })),
};

// The sanity check runs before anything is written, so a failed run never leaves a
// bad file behind for someone to commit by mistake.
const amp = output.epcis.find((e) => e.siren === AMP_SIREN);
const ampCount = amp ? amp.communes.length : 0;
if (ampCount !== AMP_EXPECTED_MEMBERS) {
  fail(`EPCI ${AMP_SIREN} has ${ampCount} members, expected ${AMP_EXPECTED_MEMBERS}`);
}
const ampCodes = new Set(amp.communes.map(([code]) => code));
const missingSamples = AMP_SAMPLE_MEMBERS.filter((code) => !ampCodes.has(code));
if (missingSamples.length > 0) {
  fail(`EPCI ${AMP_SIREN} is missing expected members: ${missingSamples.join(', ')}`);
}

// The file is written without indentation to keep it small (it is bundled with the
// application), with a final newline so that it behaves like any other text file in Git.
const text = `${JSON.stringify(output)}\n`;
writeFileSync(outputPath, text, 'utf8');

const communeCount = output.epcis.reduce((total, e) => total + e.communes.length, 0);
const bytes = Buffer.byteLength(text, 'utf8');
console.log(
  `epci.json: ${output.epcis.length} EPCIs, ${communeCount} communes, ` +
    `${AMP_SIREN} has ${ampCount} members, ${bytes} bytes (${output.source})`,
);
