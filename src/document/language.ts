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

export function detectLanguage(text: string, hint?: string): Language {
  const sample = text.slice(0, SAMPLE_CHARS).toLowerCase();
  let de = 0;
  let en = 0;
  for (const word of sample.match(/\p{L}+/gu) ?? []) {
    if (DE.has(word)) de++;
    if (EN.has(word)) en++;
  }
  if (de + en < 5 && (hint === 'de' || hint === 'en')) return hint;
  // German first: a tie goes to German.
  return en > de * 1.2 ? 'en' : 'de';
}
