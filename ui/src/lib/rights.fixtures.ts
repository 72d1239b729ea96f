// Test data only: the rights the core sends in the status for each role
// (`Rights::of` in src/rights.rs, checked by tests/core/roles.rs), so that a
// page's test can say "as the assistant" in one word.
import type { Rights } from '../bindings/Rights';
import type { Role } from '../bindings/Role';

export function rightsOf(role: Role | null, readOnly = false): Rights {
  const lead = role === 'project_lead' && !readOnly;
  return { enter: !readOnly && (role === 'project_lead' || role === 'assistant'), decide: lead, delete: lead };
}
