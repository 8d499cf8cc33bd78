/**
 * Check kind `directive`: rules about policy-audit's own directives (unused
 * suppressions). The engine's suppression step makes their findings; the
 * check itself finds nothing in the policy text.
 */
import { defineCheck } from '../check.js';

export const directiveCheck = defineCheck<Record<string, never>>({
  compile: () => ({}),
  run: () => [],
});
