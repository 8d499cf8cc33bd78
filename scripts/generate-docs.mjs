// Writes docs/rules/<id>.md for every rule, from the rule files (run after `npm run build`).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinRules } from '../dist/analyse/rules.js';
import { ruleDocPage } from '../dist/report/rule-docs.js';

const out = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'rules');
mkdirSync(out, { recursive: true });
const ids = new Set();
for (const { definition } of builtinRules()) {
  writeFileSync(join(out, `${definition.id}.md`), ruleDocPage(definition));
  ids.add(`${definition.id}.md`);
}
for (const f of readdirSync(out)) if (!ids.has(f)) rmSync(join(out, f));
console.log(`wrote ${ids.size} rule pages to docs/rules/`);
