import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { detectLanguage } from '../src/document/language.js';
import { audit } from '../src/audit.js';
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
});
