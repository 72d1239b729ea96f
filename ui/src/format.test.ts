import { describe, expect, it } from 'vitest';

import {
  audienceLabel,
  formatAmountInput,
  formatCount,
  formatDate,
  formatDateRange,
  formatDayMonth,
  formatFte,
  formatRate,
  formatHours,
  formatMoney,
  formatOutOf,
  formatPercent,
  formatQuantity,
  formatScore,
  roleLabel,
  statusLabel,
  formatLabel,
} from './format';

// The exact characters matter: U+202F (narrow no-break space) groups
// thousands, U+00A0 (no-break space) stands before € and %.
const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('formatAmountInput', () => {
  it('writes cents as an editable amount, exact to the cent', () => {
    expect(formatAmountInput(350000)).toBe('3500,00');
    expect(formatAmountInput(5)).toBe('0,05');
    expect(formatAmountInput(1005)).toBe('10,05');
    expect(formatAmountInput(0)).toBe('0,00');
    expect(formatAmountInput(-12345)).toBe('-123,45');
  });
});

describe('formatMoney', () => {
  it('writes cents as French euros with the typographic spaces', () => {
    expect(formatMoney(123456)).toBe(`1${NNBSP}234,56${NBSP}€`);
    expect(formatMoney(123456)).toBe('1\u202f234,56\u00a0€');
  });

  it('always shows two decimals and groups millions', () => {
    expect(formatMoney(0)).toBe(`0,00${NBSP}€`);
    expect(formatMoney(5)).toBe(`0,05${NBSP}€`);
    expect(formatMoney(6000000)).toBe(`60${NNBSP}000,00${NBSP}€`);
    expect(formatMoney(123456789)).toBe(`1${NNBSP}234${NNBSP}567,89${NBSP}€`);
  });

  it('does not lose a cent to floating point', () => {
    expect(formatMoney(1999)).toBe(`19,99${NBSP}€`);
    expect(formatMoney(110)).toBe(`1,10${NBSP}€`);
  });

  it('shows a dash for an unknown amount, not 0 €', () => {
    expect(formatMoney(null)).toBe('—');
  });
});

describe('formatDate', () => {
  it('turns an ISO date into dd/mm/yyyy', () => {
    expect(formatDate('2026-03-14')).toBe('14/03/2026');
    expect(formatDate('2026-12-01')).toBe('01/12/2026');
  });

  it('leaves what is not an ISO date as it is', () => {
    expect(formatDate('')).toBe('');
    expect(formatDate('14/03/2026')).toBe('14/03/2026');
  });

  it('writes a range only when the session spans several days', () => {
    expect(formatDayMonth('2026-03-16')).toBe('16/03');
    expect(formatDateRange('2026-03-14', '2026-03-14')).toBe('14/03/2026');
    expect(formatDateRange('2026-03-14', '')).toBe('14/03/2026');
    expect(formatDateRange('2026-03-14', '2026-03-15')).toBe(`14/03/2026${NBSP}– 15/03/2026`);
  });
});

describe('formatHours', () => {
  it('writes hundredths of an hour with a decimal comma', () => {
    expect(formatHours(350)).toBe(`3,5${NBSP}h`);
    expect(formatHours(1200)).toBe(`12${NBSP}h`);
    expect(formatHours(5)).toBe(`0,05${NBSP}h`);
    expect(formatHours(123450)).toBe(`1${NNBSP}234,5${NBSP}h`);
  });
});

describe('formatPercent', () => {
  it('writes a share with one decimal', () => {
    expect(formatPercent(0.425)).toBe(`42,5${NBSP}%`);
    expect(formatPercent(1)).toBe(`100,0${NBSP}%`);
    expect(formatPercent(0)).toBe(`0,0${NBSP}%`);
    expect(formatPercent(1 / 3)).toBe(`33,3${NBSP}%`);
  });

  it('shows a dash when there is no share to compute', () => {
    expect(formatPercent(null)).toBe('—');
    expect(formatPercent(Number.NaN)).toBe('—');
  });
});

describe('counts and scores', () => {
  it('groups thousands in counts', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234)).toBe(`1${NNBSP}234`);
    expect(formatCount(1873707)).toBe(`1${NNBSP}873${NNBSP}707`);
  });

  it('writes the noun in the singular for 0 and 1 only', () => {
    expect(formatQuantity(0, 'session', 'sessions')).toBe('0 session');
    expect(formatQuantity(1, 'session', 'sessions')).toBe('1 session');
    expect(formatQuantity(2, 'session', 'sessions')).toBe('2 sessions');
    expect(formatQuantity(1200, 'commune', 'communes')).toBe(`1${NNBSP}200 communes`);
  });

  it('writes "x sur y"', () => {
    expect(formatOutOf(7, 92)).toBe('7 sur 92');
  });

  it('writes a score in tenths out of 5', () => {
    expect(formatScore(42)).toBe(`4,2${NBSP}/${NBSP}5`);
    expect(formatScore(50)).toBe(`5,0${NBSP}/${NBSP}5`);
    expect(formatScore(null)).toBe('—');
  });
});

describe('labels', () => {
  it('names every audience in French', () => {
    expect(audienceLabel('own_agents')).toBe('Agents de la collectivité');
    expect(audienceLabel('own_managers')).toBe('Encadrement de la collectivité');
    expect(audienceLabel('elected_officials')).toBe('Élu·es');
    expect(audienceLabel('outside_professionals')).toBe('Professionnel·les extérieur·es');
    expect(audienceLabel('volunteers_associations')).toBe('Bénévoles et associations');
    expect(audienceLabel('mixed')).toBe('Public mixte');
  });

  it('names formats, statuses and roles in French', () => {
    expect(formatLabel('in_person')).toBe('Présentiel');
    expect(formatLabel('remote')).toBe('À distance');
    expect(statusLabel('planned')).toBe('Prévue');
    expect(statusLabel('confirmed')).toBe('Confirmée');
    expect(statusLabel('held')).toBe('Réalisée');
    expect(statusLabel('cancelled')).toBe('Annulée');
    expect(roleLabel('project_lead')).toBe('Chef·fe de projet');
    expect(roleLabel('assistant')).toBe('Assistant·e administratif·ve');
    expect(roleLabel('manager')).toBe('Chef·fe de service');
  });

  it('shows an unknown code rather than nothing', () => {
    expect(statusLabel('postponed')).toBe('postponed');
    expect(audienceLabel('toString')).toBe('toString');
  });
});

describe('budget figures', () => {
  it('writes FTE as the summary prints them and rates from thousandths', () => {
    expect(formatFte(200)).toBe('2');
    expect(formatFte(113)).toBe('1,13');
    expect(formatRate(174)).toBe(`17,4${NBSP}%`);
    expect(formatRate(null)).toBe('—');
  });
});

describe('actionStatusCount', () => {
  it('agrees the status with the count', async () => {
    const { actionStatusCount } = await import('./format');
    expect(actionStatusCount('done', 1)).toBe('Réalisée');
    expect(actionStatusCount('done', 3)).toBe('Réalisées');
    expect(actionStatusCount('in_progress', 7)).toBe('En cours');
    expect(actionStatusCount('abandoned', 0)).toBe('Abandonnée');
  });
});
