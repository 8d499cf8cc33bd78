/**
 * Jurisdiction profiles: a Swiss, an Austrian and a UK policy are each read
 * against their own law, and every message and fix cites that law only.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { audit } from '../src/audit.js';
import type { AuditResult } from '../src/audit.js';
import { FIXTURES } from './helpers.js';

const run = (name: string, options: Parameters<typeof audit>[1] = {}): AuditResult =>
  audit(readFileSync(join(FIXTURES, 'jurisdictions', name), 'utf8'), { format: 'markdown', ...options });
const texts = (r: AuditResult): string => r.findings.map((f) => [f.message, f.fix ?? '', ...(f.evidence ?? []).map((e) => e.message)].join('\n')).join('\n');
const ids = (r: AuditResult): string[] => [...new Set(r.findings.map((f) => f.ruleId))].sort();

describe('jurisdiction profiles', () => {
  it('reads a Swiss controller against the revised FADP: no legal bases, storage periods or DPO asked, Swiss citations', () => {
    const r = run('ch.md');
    expect(r.jurisdiction?.id).toBe('ch');
    for (const id of ['legal-basis', 'processing-without-basis', 'retention-period', 'dpo-contact', 'right-object', 'right-complaint', 'consent-required']) expect(ids(r)).not.toContain(id);
    expect(ids(r)).toEqual(expect.arrayContaining(['right-access', 'right-portability', 'third-country-transfer']));
    const all = texts(r);
    expect(all).toContain('Art. 25 DSG');
    expect(all).toContain('Swiss-US Data Privacy Framework');
    expect(all).not.toMatch(/DSGVO|GDPR|TDDDG|BDSG|BGH|DSK|EU-Kommission/u);
  });

  it('reads an Austrian controller against the GDPR and the TKG 2021, without German law', () => {
    const r = run('at.md');
    expect(r.jurisdiction?.id).toBe('at');
    const consent = r.findings.filter((f) => f.ruleId === 'consent-required');
    expect(consent.map((f) => f.vendor).sort()).toEqual(['Google Analytics', 'Google Fonts']);
    const all = texts(r);
    expect(all).toContain('§ 165 Abs. 3 TKG 2021');
    expect(all).not.toMatch(/TDDDG|TTDSG|BDSG|BGH|\bLG\b|DSK/u);
  });

  it('reads a UK controller against the UK GDPR and PECR, in English', () => {
    const r = run('uk.md');
    expect(r.jurisdiction?.id).toBe('uk');
    const all = texts(r);
    expect(all).toContain('reg. 6 PECR');
    expect(all).toContain('UK GDPR');
    expect(all).toContain('IDTA');
    expect(all).not.toMatch(/TDDDG|BDSG|DSGVO|BGH|DSK|(?<!UK )\bGDPR\b|Eingebettete|Einwilligung/u);
    // A UK controller under the UK GDPR alone needs no representative in the EU.
    expect(ids(r)).not.toContain('eu-representative');
  });

  it('takes the profile a configuration sets', () => {
    const r = run('at.md', { jurisdiction: 'de' });
    expect(r.jurisdiction).toEqual({ id: 'de', because: 'set' });
    expect(texts(r)).toContain('§ 25 Abs. 1 TDDDG');
  });

  it('reads a Swiss controller that follows the GDPR against the GDPR, and asks for its EU representative', () => {
    const r = run('ch-gdpr.md');
    expect(r.jurisdiction?.id).toBe('eu');
    const rep = r.findings.filter((f) => f.ruleId === 'eu-representative');
    expect(rep).toHaveLength(1);
    expect(rep[0]!.message).toContain('Schweiz/Switzerland');
    const named = `${readFileSync(join(FIXTURES, 'jurisdictions', 'ch-gdpr.md'), 'utf8')}\nUnser Vertreter in der EU nach Art. 27 DSGVO ist die Beispiel Rep GmbH, Hauptstraße 1, 10115 Berlin.\n`;
    expect(audit(named, { format: 'markdown' }).findings.map((f) => f.ruleId)).not.toContain('eu-representative');
  });

  it('asks no representative of a controller in the EU', () => {
    const r = run('at.md');
    expect(ids(r)).not.toContain('eu-representative');
  });

  it('reads a US house number and street, or a state and ZIP code, as no German postcode', () => {
    for (const address of ['CEAS, 22703 Racine Street, Robertsdale', 'Appraisal Desk LLC, 13894 South Bangerter Parkway, Draper, UT 84020']) {
      const r = audit(`# Privacy Policy\n\n## Contact\n\n${address}\n\nWe embed YouTube videos. The GDPR applies to visitors from the EU.\n`, { format: 'markdown' });
      expect(ids(r)).toContain('consent-required');
      expect(texts(r)).not.toMatch(/TDDDG|BDSG/u);
    }
  });

  it('gives an English report English legal reasons, whatever the catalog says in German', () => {
    const r = audit('# Privacy Policy\n\n## Videos\n\nWe embed YouTube videos on our pages on the basis of our legitimate interests (Art. 6(1)(f) GDPR).\n', { format: 'markdown' });
    expect(r.jurisdiction?.id).toBe('eu');
    const consent = r.findings.find((f) => f.ruleId === 'consent-required')!;
    // The message is one sentence; the legal reason is part of the finding's own fix.
    expect(consent.message).toBe('YouTube needs consent, but the policy bases it on legitimate interests.');
    expect(consent.fix).toContain('Art. 5(3) ePrivacy Directive');
    expect(consent.fix).toContain('Art. 6(1)(a) GDPR');
    expect(consent.fix).not.toMatch(/TDDDG|Eingebettete|DSGVO/u);
  });
});

describe('a controller outside the EU with no law of its own', () => {
  it('is read against the GDPR, and the reason names its country', async () => {
    const { PolicyDocument } = await import('../src/document/document.js');
    const { jurisdictionOf } = await import('../src/statements/jurisdiction.js');
    const source =
      '# Privacy Policy\n\nThis policy explains how we collect and use your personal information when you visit our website and what choices you have.\n\n' +
      '## Contact\n\nIf you have any questions about this policy, please write to Larchwood Ltd, 12 Queen Street, Auckland 1010, New Zealand, hello@larchwood.example\n';
    const j = jurisdictionOf(new PolicyDocument({ path: 'p.md', source, format: 'markdown' }));
    expect(j.profile.id).toBe('eu');
    expect(j.outsideEu).toBe('New Zealand');
    expect(j.because).toBe("the controller's address outside the EU (New Zealand)");
  });
});
