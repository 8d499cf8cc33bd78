import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectLanguage } from '../src/document/language.js';
import { audit, auditFile } from '../src/audit.js';
import { SEEDS, itShared } from './helpers.js';

describe('language detection', () => {
  itShared('finds German in every seed policy', () => {
    for (const f of readdirSync(SEEDS)) expect([f, detectLanguage(readFileSync(join(SEEDS, f), 'utf8'))]).toEqual([f, 'de']);
  });

  it('finds English', () => {
    expect(detectLanguage('We process your personal data only where the law allows it. You have the right to access your data.')).toBe('en');
  });

  it('decides a bilingual page by the language it opens with', () => {
    const en = 'This privacy policy explains how we use your data and which rights you have. '.repeat(60);
    const de = 'Diese Datenschutzerklärung erklärt, wie wir Ihre Daten verarbeiten und welche Rechte Sie haben. '.repeat(60);
    expect(detectLanguage(en + de)).toBe('en');
    expect(detectLanguage(de + en)).toBe('de');
  });

  it('falls back on the declared <html lang> for very short text, and to German', () => {
    expect(audit('<html lang="en"><body><p>Privacy</p></body></html>', { format: 'html' }).language).toBe('en');
    expect(detectLanguage('Impressum')).toBe('de');
  });

  it('can be forced', () => {
    expect(audit('We use cookies.', { format: 'text', language: 'de' }).language).toBe('de');
  });

  const french =
    "Le responsable du traitement des données personnelles est la société Exemple SAS, 12 rue de la Paix, 75002 Paris. Vous pouvez nous contacter par e-mail. " +
    "Conformément au règlement général sur la protection des données, vous disposez d'un droit d'accès, de rectification et d'effacement de vos données. " +
    'Vous pouvez également vous opposer au traitement de vos données et introduire une réclamation auprès de la CNIL. Nous conservons vos données pendant la durée nécessaire.';

  it('refuses a policy in a language it does not read, with one line and no findings', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pa-lang-'));
    const file = join(dir, 'politique.md');
    writeFileSync(file, french);
    const result = await auditFile(file);
    expect(result.fatal).toBe('language fr is not supported; policy-audit reads German and English (set "language: de" or "en" in .auditrc to audit it anyway)');
    expect(result.findings).toEqual([]);
    // The library never throws for bad input: the same line comes back as `fatal`.
    expect(audit(french, { format: 'text' }).fatal).toMatch(/^language fr is not supported/u);
  });

  it('audits it anyway when the language is set', () => {
    expect(audit(french, { format: 'text', language: 'de' }).fatal).toBeUndefined();
  });

  it('keeps a German or English policy that quotes other languages', () => {
    const de = 'Wir verarbeiten Ihre Daten nur, wenn das Gesetz es erlaubt. Sie haben das Recht auf Auskunft und Löschung. ';
    expect(audit(de.repeat(20) + french, { format: 'text' }).fatal).toBeUndefined();
  });
});

