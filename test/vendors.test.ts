import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isThirdCountry, KNOWLEDGE_DIR, knowledge, loadKnowledge } from '../src/knowledge/vendor-catalog.js';
import { vendorMentions } from '../src/statements/mentions.js';
import { PolicyDocument } from '../src/document/document.js';
import { UserError } from '../src/types.js';
import { cli } from './helpers.js';

const doc = (text: string, format: 'markdown' | 'html' | 'text' = 'markdown') => new PolicyDocument({ path: 'x', source: text, format });
const named = (text: string): string[] => [...new Set(vendorMentions(doc(text)).filter((m) => !m.hidden).map((m) => m.vendor.id))];

describe('vendor catalog', () => {
  const k = knowledge();

  it('holds at least 150 services across the categories, each with a source and a home country', () => {
    expect(k.vendors.length).toBeGreaterThanOrEqual(150);
    const categories = new Set(k.vendors.map((v) => v.category));
    for (const c of ['analytics', 'advertising', 'session-recording', 'fonts', 'video', 'maps', 'cdn-dns', 'hosting', 'payment', 'email-newsletter', 'crm', 'support-chat', 'scheduling', 'video-calls', 'forms', 'captcha', 'error-monitoring', 'ai', 'cloud-storage', 'social', 'tag-manager']) {
      expect(categories.has(c) ? c : `missing ${c}`).toBe(c);
    }
    for (const v of k.vendors) {
      expect(v.source.length).toBeGreaterThan(0);
      expect(v.country).toMatch(/^[A-Z]{2}$/);
    }
    expect(k.lawStand).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('knows the adequacy decisions and the EEA', () => {
    for (const code of ['CH', 'GB', 'JP', 'KR', 'IL', 'CA', 'NZ', 'AR', 'UY', 'AD', 'FO', 'GG', 'IM', 'JE', 'US']) expect(k.adequacy.has(code) ? code : `missing ${code}`).toBe(code);
    expect(k.eea.has('DE') && k.eea.has('NO') && k.eea.has('IS') && k.eea.has('LI')).toBe(true);
    const byId = (id: string) => k.vendors.find((v) => v.id === id)!;
    expect(isThirdCountry(byId('cloudflare'))).toBe(true); // a US group always needs notice and safeguard
    expect(isThirdCountry(byId('hetzner'))).toBe(false);
  });

  it('rejects a broken entry, naming the file and the key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'policy-audit-kb-'));
    cpSync(KNOWLEDGE_DIR, dir, { recursive: true });
    const file = join(dir, 'vendors', 'fonts.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('country: US', 'country: USA'));
    expect(() => loadKnowledge(dir)).toThrow(UserError);
    try {
      loadKnowledge(dir);
    } catch (error) {
      expect((error as UserError).file).toBe(file);
      expect((error as UserError).message).toMatch(/key "vendors\[\d+\]\.country" must be an ISO 3166-1 alpha-2 code/);
    }
  });
});

describe('finding the services a policy names', () => {
  it('matches names as policies write them, the longest first', () => {
    expect(named('Wir nutzen Google-Fonts und den Google Tag Manager.')).toEqual(['google-fonts', 'google-tag-manager']);
    expect(named('Unsere Website nutzt das Facebook-Pixel der Meta Platforms Ireland Ltd.')).toEqual(['meta-pixel']);
  });

  it('leaves out negated and merely linked services, and ordinary words', () => {
    expect(named('Wir verwenden kein Google Analytics oder ähnliche Tracking-Tools.')).toEqual([]);
    expect(named('Google Analytics is intentionally disabled in this app.')).toEqual([]);
    expect(named('Folgen Sie uns auf Instagram und LinkedIn.')).toEqual([]);
    expect(named('Wir antworten Ihnen sofort, die Zeit ist knapp.')).toEqual([]);
  });

  it('reports a bare group name only where no product of it is named and data are spoken of', () => {
    expect(named('## Google Fonts\n\nGoogle Fonts ist ein Dienst der Google Ireland Limited.')).toEqual(['google-fonts']);
    expect(named('Microsoft TenantId Beim Abschluss eines Abonnements')).toEqual([]);
    expect(named('Ihre Daten werden an Google übermittelt.')).toEqual(['google']);
  });

  it('finds a name that is also a common word only as written, not as part of a compound', () => {
    expect(named('Ihre Daten werden an Meta übermittelt.')).toEqual(['meta']);
    expect(named('Der Server speichert Meta-Daten und übermittelt die Meta Description jeder Seite.')).toEqual([]);
    expect(named('Die meta-Angaben werden gespeichert, die Metadaten übermittelt.')).toEqual([]);
  });
});

describe('policy-audit vendors', () => {
  it('lists the catalog with the law stand', async () => {
    const r = await cli(['vendors']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^id\s+service\s+category\s+country\s+DPF\s+consent/u);
    expect(r.stdout).toMatch(/google-fonts\s+Google Fonts\s+fonts\s+US/u);
    expect(r.stdout).toMatch(/\d+ services, law as of \d{4}-\d{2}-\d{2}\n$/u);
  });

  it('explains one entry by name or alias', async () => {
    const r = await cli(['vendors', '--vendor', 'Facebook-Pixel']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Meta Pixel');
    expect(r.stdout).toContain('Meta Platforms');
    expect(r.stdout).toMatch(/consent:\s+yes/u);
    expect((await cli(['vendors', '--vendor', 'nothing-like-this'])).code).toBe(2);
  });

  it('--version prints the law stand', async () => {
    expect((await cli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+ \(law as of \d{4}-\d{2}-\d{2}\)\n$/u);
  });
});

describe('what a transfer message says', () => {
  it('reads "USA" as a word: "im Zusammenhang mit" mentions no transfer', async () => {
    const { audit } = await import('../src/audit.js');
    const text = [
      '# Datenschutzerklärung',
      '',
      'Verantwortlich: Beispiel GmbH, Hauptstraße 1, 10115 Berlin, info@beispiel.de.',
      '',
      '## Kontaktformular',
      '',
      'Für das Kontaktformular nutzen wir Zoho Forms. Rechtsgrundlage ist Art. 6 Abs. 1 lit. b DSGVO, sofern Ihre Anfrage mit einem Vertrag zusammenhängt.',
    ].join('\n');
    const zoho = audit(text, { format: 'markdown' }).findings.find((f) => f.ruleId === 'third-country-transfer');
    expect(zoho?.message).toMatch(/sagt weder, dass Daten in ein Drittland/u);
    const named = audit(text.replace('zusammenhängt.', 'zusammenhängt. Dabei gehen Daten in die USA.'), { format: 'markdown' }).findings.find((f) => f.ruleId === 'third-country-transfer');
    expect(named?.message).toMatch(/wird genannt, aber keine Garantie/u);
  });
});
