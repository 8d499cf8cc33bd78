/**
 * German or English? Counts frequent function words in the opening text. The
 * opening decides for bilingual pages, which put their main language first.
 */
import type { Language } from '../types.js';

const DE = new Set(
  'der die das und ist nicht wir sie ihre ihrer ihren ihnen werden wird mit von zu auf für den dem des eine einer einem ein oder bei auch nach sich sind zur zum durch über unsere unserer unseren diese dieser dieses wenn als im vom kann können daten verarbeitung recht'.split(' '),
);
const EN = new Set(
  'the and of to is are we you your our with for by on not this that be will may can if as from at or an it which these such any data processing right use information'.split(' '),
);

const SAMPLE_CHARS = 6000;

/** German and English function words in the opening text. */
function openingWords(text: string): { words: string[]; de: number; en: number } {
  const words = text.slice(0, SAMPLE_CHARS).toLowerCase().match(/\p{L}+/gu) ?? [];
  let de = 0;
  let en = 0;
  for (const word of words) {
    if (DE.has(word)) de++;
    if (EN.has(word)) en++;
  }
  return { words, de, en };
}

export function detectLanguage(text: string, hint?: string): Language {
  const { de, en } = openingWords(text);
  if (de + en < 5 && (hint === 'de' || hint === 'en')) return hint;
  // German first: a tie goes to German.
  return en > de * 1.2 ? 'en' : 'de';
}

/** Function words of languages policy-audit does not read, to tell them from German and English. */
const OTHER: ReadonlyArray<readonly [string, ReadonlySet<string>]> = [
  ['fr', new Set('le la les des du une et est sont nous vous votre vos notre nos pour par sur dans avec ce cette qui que pas données personnelles traitement droit être'.split(' '))],
  ['es', new Set('el la los las del una y es son nosotros usted su sus nuestro nuestra para por sobre con este esta que no datos personales tratamiento derecho'.split(' '))],
  ['it', new Set('il lo la gli le dei delle una e è sono noi voi vostro nostro nostra per su con questo questa che non dati personali trattamento diritto'.split(' '))],
  ['nl', new Set('de het een en is zijn wij u uw onze ons voor door op met deze dit die dat niet gegevens persoonsgegevens verwerking recht'.split(' '))],
  ['pt', new Set('o a os as do da dos das uma e é são nós você seu sua nosso nossa para por sobre com este esta que não dados pessoais tratamento direito'.split(' '))],
  ['pl', new Set('i w na z do się nie jest są my twoje nasze dla przez od że dane osobowe przetwarzanie prawo'.split(' '))],
];

/**
 * The language of a text policy-audit does not read (French, Spanish, Italian, Dutch, Portuguese,
 * Polish), if that is clearly what it is written in; undefined for German, English or unclear text.
 */
export function unsupportedLanguage(text: string): string | undefined {
  const { words, de, en } = openingWords(text);
  const other = new Map<string, number>();
  for (const word of words) {
    for (const [code, set] of OTHER) if (set.has(word)) other.set(code, (other.get(code) ?? 0) + 1);
  }
  let best: [string, number] | undefined;
  for (const [code, n] of other) if (!best || n > best[1]) best = [code, n];
  if (!best || best[1] < 12) return undefined;
  return best[1] > 2 * Math.max(de, en) ? best[0] : undefined;
}
