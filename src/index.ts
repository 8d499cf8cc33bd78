/** policy-audit as a library: audit policies from code, read the findings, format them. */
export { audit, auditBytes, auditFile } from './audit.js';
export type { AuditOptions, AuditResult } from './audit.js';
export { PolicyDocument } from './document/document.js';
export type { Paragraph, Section, Sentence } from './document/document.js';
export { splitSentences } from './document/sentences.js';
export { detectLanguage } from './document/language.js';
export { builtinRules, ruleIds } from './analyse/rules.js';
export { formatJson } from './report/json.js';
export { formatStylish } from './report/stylish.js';
export { formatUnix } from './report/unix.js';
export { formatSarif } from './report/sarif.js';
export { formatGithub } from './report/github.js';
export { formatMarkdown } from './report/markdown.js';
export { loadConfig } from './load/options.js';
export type { Finding, Language, Level, Place, Point, RuleSetting, SourceFormat } from './types.js';
export { UserError } from './types.js';
