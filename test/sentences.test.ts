import { splitSentences } from '../src/document/sentences.js';

const split = (text: string): string[] => splitSentences(text).map(([s, e]) => text.slice(s, e));

describe('sentence splitting for German legal text', () => {
  it.each([
    ['Art.', 'Die Verarbeitung erfolgt nach Art. 6 Abs. 1 lit. f DSGVO. Wir haben ein berechtigtes Interesse.'],
    ['S. and Nr.', 'Grundlage ist Art. 6 Abs. 1 S. 1 lit. b DSGVO bzw. § 25 Abs. 2 Nr. 2 TDDDG. Mehr steht unten.'],
    ['z. B. and z.B.', 'Wir speichern Daten, z. B. Ihre IP-Adresse, und Angaben z.B. Name. Danach löschen wir sie.'],
    ['ggf. and bzw.', 'Wir geben Daten ggf. Dritten weiter bzw. Auftragsverarbeitern. Das steht im Vertrag.'],
    ['i. V. m.', 'Die Speicherung erfolgt gem. § 25 Abs. 1 TDDDG i. V. m. Art. 6 Abs. 1 lit. a DSGVO. Sie ist freiwillig.'],
    ['u. a. and d. h.', 'Wir nutzen u. a. Cookies, d. h. kleine Textdateien. Diese sind notwendig.'],
    ['vgl. and ca.', 'Die Daten werden ca. 30 Tage gespeichert (vgl. Abschnitt 4). Danach werden sie gelöscht.'],
    ['Dr. and Str.', 'Verantwortlich ist Dr. Erika Muster, Hauptstr. 5, Berlin. Sie erreichen sie per E-Mail.'],
    ['a date', 'Diese Erklärung gilt seit dem 08.10.2025. Ältere Fassungen sind ungültig.'],
    ['an ordinal date', 'Die DSGVO gilt seit dem 25. Mai 2018. Sie ersetzt das alte Recht.'],
  ])('does not break at %s', (_name, text) => {
    const parts = split(text);
    expect(parts).toHaveLength(2);
    expect(parts.join(' ')).toBe(text);
  });

  it('breaks at ordinary sentence ends, question and exclamation marks', () => {
    expect(split('Wir speichern Logs. Wie lange? Sieben Tage! Danach nicht mehr.')).toEqual([
      'Wir speichern Logs.',
      'Wie lange?',
      'Sieben Tage!',
      'Danach nicht mehr.',
    ]);
  });

  it('breaks after a number that ends a sentence', () => {
    expect(split('Die Logs werden gelöscht nach 30. Danach nichts.')).toHaveLength(2);
    expect(split('Wir speichern die Daten 14 Tage. Dann löschen wir sie.')).toHaveLength(2);
  });

  it('keeps a closing quote with its sentence', () => {
    expect(split('Sie sagen „Ja.“ Dann speichern wir.')).toEqual(['Sie sagen „Ja.“', 'Dann speichern wir.']);
  });

  it('keeps a list number with its item', () => {
    expect(split('1. Sie haben das Recht auf Auskunft.')).toEqual(['1. Sie haben das Recht auf Auskunft.']);
  });

  it('splits address lines but not wrapped prose', () => {
    expect(split('Muster GmbH\nMusterweg 1\n12345 Musterstadt')).toEqual(['Muster GmbH', 'Musterweg 1', '12345 Musterstadt']);
    const wrapped = 'Die Verarbeitung der in das Kontaktformular eingegebenen Daten erfolgt\nausschließlich auf Grundlage Ihrer Einwilligung.';
    expect(split(wrapped)).toEqual([wrapped]);
  });

  it('handles English abbreviations', () => {
    expect(split('We use tools, e.g. analytics, i.e. counting visits. See Art. 6(1)(f) GDPR. Example Inc. is our host.')).toEqual([
      'We use tools, e.g. analytics, i.e. counting visits.',
      'See Art. 6(1)(f) GDPR.',
      'Example Inc. is our host.',
    ]);
  });
});
