// Loaded with `node --import` by the structure-bomb tests: when the command exits, its peak
// resident memory (workers included, they share the process) is written to the file
// POLICY_AUDIT_TEST_PEAK names, in kilobytes.
import { writeFileSync } from 'node:fs';

const out = process.env.POLICY_AUDIT_TEST_PEAK;
if (out) process.on('exit', () => writeFileSync(out, String(process.resourceUsage().maxRSS)));
