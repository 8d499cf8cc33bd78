/**
 * "How to fix" speaks of the finding's own service: its name, its company and its catalog
 * facts (DPF status, whether it needs consent, whether it can be self-hosted), never of
 * another service's.
 */
import { audit } from '../src/audit.js';
import type { Finding } from '../src/types.js';

const policy = (lang: 'de' | 'en', body: string): string =>
  lang === 'de'
    ? `# Datenschutzerklärung\n\n## Verantwortlicher\n\nBeispiel GmbH, Hauptstraße 1, 10115 Berlin, info@beispiel.de\n\n${body}`
    : `# Privacy Policy\n\n## Controller\n\nExample Ltd, 1 Main Street, Dublin 2, Ireland, hello@example.ie\n\n${body}`;

const fixOf = (findings: Finding[], rule: string, vendor: string): string => {
  const f = findings.find((x) => x.ruleId === rule && x.vendor === vendor);
  if (!f?.fix) throw new Error(`no ${rule} finding with a fix for ${vendor}`);
  return f.fix;
};

describe('fixes per service', () => {
  it('third-country-transfer: each fix names its own company and DPF status', () => {
    const r = audit(policy('de', '## Hosting\n\nUnsere Website wird bei Vercel gehostet.\n\n## Community\n\nUnser Forum läuft auf Discord.\n'), { format: 'markdown' });
    const vercel = fixOf(r.findings, 'third-country-transfer', 'Vercel');
    const discord = fixOf(r.findings, 'third-country-transfer', 'Discord');
    expect(vercel).toContain('Vercel Inc.');
    expect(discord).toContain('Discord Inc.');
    expect(vercel).not.toMatch(/Discord|Google/u);
    expect(discord).not.toMatch(/Vercel|Google/u);
    expect(vercel).not.toEqual(discord);
  });

  it('consent-required: each fix names its own service and reason; only fonts are offered self-hosting', () => {
    const r = audit(policy('en', '## Fonts\n\nWe load Google Fonts from Google servers, based on our legitimate interest (Art. 6(1)(f) GDPR).\n\n## Session recording\n\nWe use Hotjar to record visits, based on our legitimate interest (Art. 6(1)(f) GDPR).\n'), { format: 'markdown' });
    const fonts = fixOf(r.findings, 'consent-required', 'Google Fonts');
    const hotjar = fixOf(r.findings, 'consent-required', 'Hotjar');
    expect(fonts).toContain('Google Fonts');
    expect(hotjar).toContain('Hotjar');
    expect(fonts).toMatch(/own server/u);
    expect(hotjar).not.toMatch(/own server|fonts/iu);
    expect(hotjar).not.toContain('Google');
  });

  it('undisclosed-tracker: consent and transfer only where the service needs them', () => {
    const page = `<!doctype html><html lang="de"><head><script src="https://connect.facebook.net/en_US/fbevents.js"></script><script src="https://cdn.jsdelivr.net/npm/bootstrap@5/dist/js/bootstrap.min.js"></script></head><body><h1>Datenschutzerklärung</h1><h2>Verantwortlicher</h2><p>Beispiel GmbH, Hauptstraße 1, 10115 Berlin, info@beispiel.de</p></body></html>`;
    const r = audit(page, { format: 'html' });
    const pixel = fixOf(r.findings, 'undisclosed-tracker', 'Meta Pixel');
    const cdn = fixOf(r.findings, 'undisclosed-tracker', 'jsDelivr');
    expect(pixel).toMatch(/Meta Platforms/u);
    expect(pixel).toMatch(/Einwilligung/u);
    expect(pixel).toMatch(/Drittland/u);
    expect(cdn).not.toMatch(/Einwilligung|Drittland|Meta|lokal|Schriften/u);
  });
});

describe('one language per report', () => {
  it('--lang en writes every message, fix and piece of evidence of a German policy in English', () => {
    const text = policy(
      'de',
      '## Webanalyse\n\nWir nutzen Google Analytics auf Grundlage unseres berechtigten Interesses (Art. 6 Abs. 1 lit. f DSGVO). Dabei werden Daten an Google in die USA übermittelt.\n\n## Zahlung\n\nZahlungen wickeln wir über Stripe ab (Stripe, Inc., 354 Oyster Point Blvd, South San Francisco, CA 94080, USA).\n\n## Cookies\n\nDiese Website setzt keine Cookies.\n',
    );
    const r = audit(text, { format: 'markdown', messageLanguage: 'en' });
    const texts = r.findings.flatMap((f) => [f.message, f.fix ?? '', ...(f.evidence ?? []).map((e) => e.message), ...(f.related ?? []).map((x) => x.message)]);
    expect(r.findings.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['consent-required', 'third-country-transfer', 'contradiction-no-cookies']));
    // Quotes of the policy stay as written, and so do the names of court cases and guidance
    // ("BGH I ZR 7/16 (Cookie-Einwilligung II)"); everything else is English.
    const own = texts.map((t) => t.replace(/„[^“]*“|"[^"]*"|\([^)]*\)/gu, ''));
    for (const t of own) expect(t).not.toMatch(/\b(?:die|der|und|nicht|Erklärung|Einwilligung|berechtigte|Rechtsgrundlage|DSGVO|Abs\.|USA)\b/u);
  });
});
