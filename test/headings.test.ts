/**
 * The plain-text heading heuristic on the five seed policies: the headings a
 * careful reader sees, with their levels, written down per seed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PolicyDocument } from '../src/document/document.js';
import { SEEDS, itShared } from './helpers.js';

function headings(file: string): string[] {
  const source = readFileSync(join(SEEDS, file), 'utf8');
  const doc = new PolicyDocument({ path: file, source, format: 'text' });
  return doc.sections.slice(1).map((s) => `${s.level} ${s.heading}`);
}

describe('headings found in the seed policies', () => {
  itShared('000: numbered headings without a period, short titles under them', () => {
    expect(headings('000_e8518efb1788e8a8.txt')).toEqual([
      '1 Datenschutzerklärung',
      '2 Datenschutz bei mesina.ai',
      '2 1 Verantwortlicher',
      '2 2 Datenerfassung auf unserer Website',
      '3 Server-Log-Dateien',
      '3 Kontaktformular & E-Mail',
      '3 Cookies',
      '2 3 Nutzung unserer Dienste',
      '3 Kundenkonto',
      '3 Kundenkommunikation',
      '3 KI-Verarbeitung',
      '2 4 Datenspeicherung & Hosting',
      '3 Deutsche Rechenzentren',
      '2 5 Ihre Rechte',
      '2 6 Drittanbieter & Tools',
      '3 Payment Provider',
      '3 Content Delivery Network (CDN)',
      '3 Keine Analyse-Tools',
      '3 Änderungen dieser Datenschutzerklärung',
    ]);
  });

  itShared('001: "1." numbering, titles over prose, no heading for labels or bullets', () => {
    expect(headings('001_8654cea48313683a.txt')).toEqual([
      '1 Datenschutzerklärung',
      '2 1. Verantwortlicher',
      '3 Impressum',
      '2 2. Ihre Rechte als betroffene Person',
      '2 3. Datenerfassung auf unserer Website',
      '3 Server-Logdateien',
      '3 Registrierung und Login',
      '3 Login mit Google (Google OAuth)',
      '3 Google Kalender (OAuth & Calendar API)',
      '3 Angefragte Berechtigungen',
      '3 Cookies',
      '3 Facebook Pixel und Social Media Plugins',
      '3 Google Tag Manager',
      '3 Cloudflare DNS',
      '3 Server-Hosting',
      '3 Newsletter',
      '3 Model Control Panel (MCP)',
      '3 Verarbeitung von Kundendaten (Datenquellen)',
      '3 WhatsApp Business Integration',
      '3 Chat-Konversationen und Session-Speicherung',
      '3 Zahlungen über Stripe',
      '2 4. Datensicherheit',
      '2 5. Änderungen dieser Datenschutzerklärung',
    ]);
  });

  itShared('002: blank-line separated template with question headings', () => {
    expect(headings('002_4acff2a4341f0b11.txt')).toEqual([
      '1 Datenschutzerklärung',
      '2 1. Datenschutz auf einen Blick',
      '3 Allgemeine Hinweise',
      '3 Datenerfassung auf dieser Website',
      '3 Wer ist verantwortlich für die Datenerfassung auf dieser Website?',
      '3 Wie erfassen wir Ihre Daten?',
      '3 Wofür nutzen wir Ihre Daten?',
      '3 Welche Rechte haben Sie bezüglich Ihrer Daten?',
      '2 2. Verantwortliche Stelle',
      '2 3. Speicherdauer',
      '2 4. Datenerfassung auf dieser Website',
      '3 Cookies',
      '3 Server-Log-Dateien',
      '3 Kontaktformular',
      '3 Anfrage per E-Mail, Telefon oder Telefax',
      '2 5. Analyse-Tools und Werbung',
      '3 Vercel Analytics',
      '3 Vercel Speed Insights',
      '2 6. KI-Telefonie-Dienste',
      '3 Verarbeitung von Gesprächsdaten',
      '2 7. Ihre Rechte',
      '3 Recht auf Auskunft (Art. 15 DSGVO)',
      '3 Recht auf Berichtigung (Art. 16 DSGVO)',
      '3 Recht auf Löschung (Art. 17 DSGVO)',
      '3 Recht auf Einschränkung der Verarbeitung (Art. 18 DSGVO)',
      '3 Recht auf Datenübertragbarkeit (Art. 20 DSGVO)',
      '3 Widerspruchsrecht (Art. 21 DSGVO)',
      '3 Widerruf der Einwilligung',
      '3 Beschwerderecht',
      '2 8. Änderungen dieser Datenschutzerklärung',
    ]);
  });

  itShared('003: a brand line before the title, sixteen numbered sections', () => {
    expect(headings('003_7f67f3a0b2b73db6.txt')).toEqual([
      '1 Datenschutzerklärung',
      '2 1. Verantwortlicher und Geltungsbereich',
      '2 2. Grundsätze der Datenverarbeitung',
      '2 3. Bereitstellung der Website und Web-App',
      '2 4. Nutzerkonto, Termin- und Sprachverarbeitung',
      '2 5. Zahlungsabwicklung',
      '2 6. Kommunikation und Support',
      '2 7. Newsletter und Marketing',
      '2 8. Analyse- und Messwerkzeuge',
      '2 9. Cookies',
      '2 10. KI-gestützte Sprachverarbeitung',
      '2 11. Auftragsverarbeiter und Unterauftragsverarbeiter',
      '2 12. Internationale Datenübermittlungen',
      '2 13. Speicherdauer und Löschung',
      '2 14. Rechte der betroffenen Personen',
      '2 15. Sicherheit',
      '2 16. Änderungen dieser Datenschutzerklärung',
    ]);
  });

  itShared('004: all-caps headings; "fbpx", labels ending in a colon and table rows are not headings', () => {
    expect(headings('004_4a12eb166355a894.txt')).toEqual([
      '1 DATENSCHUTZ',
      '2 GENERELLER UMGANG MIT IHREN PERSÖNLICHEN DATEN',
      '2 NUTZUNGSDATEN',
      '2 BEIM NUTZEN VON MAILISSA DIENSTEN',
      '3 Bei der Nutzung des Mailissa Registrierungsportal (register.mailissa.com)',
      '2 COOKIES',
      '2 PERSÖNLICHE ANGABEN',
      '2 RECHT AUF AUSKUNFT, LÖSCHUNG, SPERRUNG',
      '2 KONTAKTAUFNAHME',
      '2 NEWSLETTER',
      '2 MASSNAHMEN ZUM SCHUTZ IHRER DATEN',
      '2 SSL-VERSCHLÜSSELUNG',
      '2 VERWENDUNG VON WEBFONTS',
      '2 DATENSCHUTZBEAUFTRAGTER',
    ]);
  });

  itShared('list bullets on a line of their own join the next line as one list item', () => {
    const source = readFileSync(join(SEEDS, '000_e8518efb1788e8a8.txt'), 'utf8');
    const doc = new PolicyDocument({ path: 'seed-000', source, format: 'text' });
    const items = doc.paragraphs.filter((p) => p.kind === 'list-item').map((p) => doc.slice(p.start, p.end));
    expect(items.slice(0, 3)).toEqual(['Browsertyp und Browserversion', 'Verwendetes Betriebssystem', 'Referrer URL']);
    expect(items).not.toContain('-');
  });
});

describe('headings in hard-wrapped plain text', () => {
  const wrappedHeadings = (source: string): string[] =>
    new PolicyDocument({ path: 'wrapped.txt', source, format: 'text' }).sections.slice(1).map((s) => `${s.level} ${s.heading}`);
  const filler = 'Beim Aufruf dieser Website werden Daten verarbeitet, die Ihr Browser an unseren';
  const source = [
    'Datenschutzerklärung',
    '',
    'Server-Logfiles',
    '',
    filler,
    'Server übermittelt. Diese Daten werden für sieben Tage gespeichert und dann',
    'gelöscht. Rechtsgrundlage ist Art. 6 Abs. 1 lit. f DSGVO, denn wir brauchen',
    'sie für den sicheren Betrieb der Website und die Abwehr von Angriffen.',
    '',
    'Wir behalten uns vor, die Protokolldaten nachträglich zu überprüfen, wenn',
    'aufgrund konkreter Anhaltspunkte der berechtigte Verdacht einer rechtswidrigen',
    'Nutzung besteht. IP-Adressen speichern wir dafür höchstens vierzehn Tage lang.',
    '',
    'Kontaktformular',
    '',
    'Wenn Sie uns über das Formular schreiben, speichern wir Ihre Angaben, um Ihre',
    'Anfrage zu beantworten. Ihr Name, Ihre E-Mail-Adresse und Ihre Nachricht oder',
    'Ihre Telefonnummer werden nach Abschluss der Anfrage gelöscht, spätestens nach',
    'sechs Monaten. Rechtsgrundlage ist Art. 6 Abs. 1 lit. b DSGVO für Anfragen zu',
    'einem Vertrag, sonst Art. 6 Abs. 1 lit. f DSGVO für alle übrigen Anfragen.',
  ].join('\n');

  it('takes a paragraph line that runs on, or stops on "oder", for text, not a heading', () => {
    expect(wrappedHeadings(source)).toEqual(['1 Datenschutzerklärung', '2 Server-Logfiles', '2 Kontaktformular']);
  });
});

describe('headings set by markup other than <h1>–<h6>', () => {
  const sections = (source: string, format: 'html' | 'markdown') =>
    new PolicyDocument({ path: `page.${format === 'html' ? 'html' : 'md'}`, source, format }).sections.slice(1).map((s) => s.heading);

  it('a paragraph a page builder classes as a title is a heading; one classed as text is not', () => {
    const html = `<html><body><main>
<p class="title">Datenschutzerklärung</p>
<p class="small-title">1. Verantwortliche Stelle</p>
<p class="text">Verantwortlich ist die Muster GmbH, Hauptstr. 1, 10115 Berlin.</p>
<p class="small-sub-title">Server-Logfiles</p>
<p class="text">Der Server speichert Logdateien.</p>
<p class="text">Kurzer Satz ohne Punkt</p>
</main></body></html>`;
    expect(sections(html, 'html')).toEqual(['Datenschutzerklärung', '1. Verantwortliche Stelle', 'Server-Logfiles']);
  });

  it('HTML indented by tabs after a blank line in Markdown is read as HTML: headings, entities, no comments', () => {
    const md = [
      '---',
      'title: Datenschutz',
      '---',
      '',
      '<section>',
      '',
      '\t\t<h2>Hosting</h2>',
      '\t\t<p>Die Website wird bei einem Dienstleister gehostet. Die Daten werden gel&ouml;scht.</p>',
      '\t\t<!-- <p>Alter Hinweis nach &sect; 25 TTDSG</p> -->',
      '\t\t<h2>Ihre Rechte</h2>',
      '\t\t<p>Sie haben das Recht auf L&ouml;schung.</p>',
      '',
      '</section>',
    ].join('\n');
    const doc = new PolicyDocument({ path: 'page.md', source: md, format: 'markdown' });
    expect(doc.sections.slice(1).map((s) => s.heading)).toEqual(['Hosting', 'Ihre Rechte']);
    expect(doc.text).toContain('gelöscht');
    expect(doc.text).toContain('Recht auf Löschung');
    expect(doc.text).not.toContain('TTDSG');
    expect(doc.text).not.toContain('<p>');
  });

  it('indented code that is not HTML stays code', () => {
    const md = '# Datenschutz\n\nBeispiel:\n\n    curl -H "Accept: text/html" https://example.org\n';
    const doc = new PolicyDocument({ path: 'page.md', source: md, format: 'markdown' });
    expect(doc.text).toContain('curl -H');
  });
});
