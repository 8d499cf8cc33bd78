import { article6Letters, citedArticles } from '../src/statements/legal.js';
import { factsOf } from '../src/statements/facts.js';
import { PolicyDocument } from '../src/document/document.js';

const letters = (text: string): string[] => [...article6Letters(text).letters].sort();

describe('Art. 6(1) citations in every usual form', () => {
  it.each([
    ['Art. 6 Abs. 1 lit. a DSGVO', ['a']],
    ['Art. 6 Abs. 1 S. 1 lit. b DSGVO', ['b']],
    ['Art. 6 Abs. 1 Satz 1 lit. f DSGVO', ['f']],
    ['Art. 6 (1) (f) GDPR', ['f']],
    ['Art. 6(1)(a) GDPR', ['a']],
    ['Article 6(1)(b) GDPR', ['b']],
    ['Art. 6 Abs. 1 Buchst. f DSGVO', ['f']],
    ['Art. 6 Abs. 1 lit. a–f DSGVO', ['a', 'b', 'c', 'd', 'e', 'f']],
    ['Art. 6 Abs. 1 lit. b und f DSGVO', ['b', 'f']],
    ['Art. 6 Abs. 1 lit. a, b, c DSGVO', ['a', 'b', 'c']],
    ['Art. 6 Abs. 1 UAbs. 1 lit. c DSGVO', ['c']],
    ['Art. 6 I lit. f DSGVO', ['f']],
    ['Art. 6 Abs. 1 f DSGVO', ['f']],
    ['Art. 6 Para. 1 p. 1 lit. f GDPR', ['f']],
    ['Berechtigte Interessen (Art. 6 Abs. 1 S. 1 lit. f) DSGVO)', ['f']],
  ])('%s', (text, want) => {
    expect(article6Letters(text).cited).toBe(true);
    expect(letters(text)).toEqual(want);
  });

  it('a citation without a letter is still a citation', () => {
    expect(article6Letters('Die Verarbeitung erfolgt nach Art. 6 DSGVO.')).toEqual({ cited: true, letters: new Set() });
    expect(article6Letters('Art. 60 DSGVO regelt die Zusammenarbeit.').cited).toBe(false);
  });
});

describe('cited GDPR articles', () => {
  it.each([
    ['Recht auf Auskunft (Art. 15 DSGVO)', [15]],
    ['Rechte aus Art. 15 bis 18, 20 und 21 DSGVO', [15, 16, 17, 18, 20, 21]],
    ['Art. 15–21 DSGVO', [15, 16, 17, 18, 19, 20, 21]],
    ['Art. 15 ff. DSGVO', [15, 16, 17, 18, 19, 20, 21, 22]],
    ['gem. Art. 77 DSGVO', [77]],
    ['Art. 15, 16 und 17 GDPR', [15, 16, 17]],
  ])('%s', (text, want) => {
    expect([...citedArticles(text)].sort((a, b) => a - b)).toEqual(want);
  });

  it('leaves out articles of other laws', () => {
    expect([...citedArticles('nach Art. 5 GG und Art. 15 DSGVO')]).toEqual([15]);
  });
});

describe('named bases and consent', () => {
  const facts = (text: string) => {
    const doc = new PolicyDocument({ path: 'x.md', source: text, format: 'markdown' });
    return factsOf(doc);
  };

  it.each([
    'Die Verarbeitung erfolgt auf Grundlage Ihrer Einwilligung.',
    'Wir haben ein berechtigtes Interesse an der Sicherheit der Website.',
    'Die Verarbeitung ist zur Erfüllung eines Vertrags erforderlich.',
    'Wir unterliegen einer rechtlichen Verpflichtung zur Aufbewahrung.',
    'Cookies setzen wir nach § 25 Abs. 1 TDDDG.',
    'We process your data based on your consent.',
    'The processing is necessary for the performance of a contract.',
    'We rely on our legitimate interests.',
    'We must keep invoices to comply with a legal obligation.',
  ])('recognises a basis in: %s', (text) => {
    expect(facts(text).sentences.some((s) => s.basis)).toBe(true);
  });

  it('does not take a disclosure promise for consent', () => {
    const f = facts('Diese Daten geben wir nicht ohne Ihre Einwilligung weiter. Your data is never sold without your consent.');
    expect(f.consentUsed).toBe(false);
    expect(f.sentences.some((s) => s.basis)).toBe(false);
  });

  it('sees consent relied on, also when only its withdrawal is described', () => {
    expect(facts('Die erteilte Einwilligung zur Speicherung der Daten können Sie jederzeit widerrufen.').consentUsed).toBe(true);
    expect(facts('Durch die Nutzung der Webseite stimmen Sie der Verwendung von Cookies zu.').consentUsed).toBe(true);
    expect(facts('Die Verarbeitung erfolgt nach Art. 6 Abs. 1 lit. a DSGVO.').consentUsed).toBe(true);
    expect(facts('Technisch notwendige Cookies erfordern keine Einwilligung (Art. 6 Abs. 1 lit. f DSGVO).').consentUsed).toBe(false);
  });
});
