/**
 * Whether a file is a privacy policy at all. A directory walk, a glob and the
 * pre-commit hook meet READMEs, blog posts, imprints and terms of service
 * beside the policy; only files whose name or content says "privacy policy"
 * are audited from them. A file named on the command line is always audited.
 */
import { basename, dirname } from 'node:path';

/**
 * Names that say "privacy policy", in German, Austrian and Swiss usage and in English:
 * datenschutz.md, datenschutzerklaerung.html, Datenschutzhinweise.txt, dsgvo.html,
 * privacy.md, privacy-policy.html, privacy_notice.md, data-protection.html, and the index
 * page of a folder so named (privacy-policy/index.html). Pages in a `legal/` folder (policy,
 * imprint, terms side by side) are read for what they are, like any other page.
 */
const POLICY_NAME = /datenschutz|daten-?schutz|dsgvo|ds-gvo|privacy|privatsph(?:ae|ä)re|data[-_ ]?protection|gdpr|personendaten/iu;
const INDEX = /^index\.[a-z]+$/iu;

export function isPolicyName(path: string): boolean {
  const name = basename(path);
  return POLICY_NAME.test(name) || (INDEX.test(name) && POLICY_NAME.test(basename(dirname(path))));
}

/**
 * Groups of words that a privacy policy uses and other pages rarely do all at once: what the
 * text is about, the data, the law, the controller, the legal basis, the rights, storage,
 * the complaint, consent and cookies. A page that uses words of at least `NEEDED` groups,
 * one of them the data or the law, reads as a policy; an imprint ("Verantwortlich für den
 * Inhalt", a line on Datenschutz) or a README does not.
 */
const GROUPS: ReadonlyArray<RegExp> = [
  /datenschutz|privacy|data protection|privatsphäre/u,
  /personenbezogen|persönliche[nr]? daten|personal data|personal information|personal details|personendaten|ihre daten|deine daten|your data/u,
  /dsgvo|ds-gvo|gdpr|datenschutz-grundverordnung|general data protection regulation|\bbdsg\b|\bdsg\b|\brevdsg\b/u,
  /verantwortliche[rn]?\b|verantwortliche stelle|\bcontroller\b|verantwortlich im sinne/u,
  /rechtsgrundlage|legal basis|lawful basis|art(?:\.|ikel)\s?6\b|berechtigte[ns]? interesse|legitimate interest/u,
  /\bauskunft|right (?:of|to) access|berichtigung|rectification|löschung|erasure|widerspruchsrecht|right to object|einschränkung der verarbeitung|restriction of processing|datenübertragbarkeit|portability/u,
  /speicherdauer|aufbewahrungs|retention|gelöscht|deleted|speichern|gespeichert|stored/u,
  /aufsichtsbehörde|supervisory authority|beschwerderecht|right to lodge a complaint|data protection authority|datenschutzbehörde/u,
  /einwilligung|consent|zustimmung/u,
  /cookie/u,
];
const DATA_OR_LAW = [1, 2];
const NEEDED = 5;

/** The number of groups a text uses (lower-cased words), and whether the data or the law is among them. */
export function policyCues(text: string): { groups: number; dataOrLaw: boolean } {
  const t = text.toLowerCase();
  let groups = 0;
  let dataOrLaw = false;
  GROUPS.forEach((re, i) => {
    if (!re.test(t)) return;
    groups++;
    if (DATA_OR_LAW.includes(i)) dataOrLaw = true;
  });
  return { groups, dataOrLaw };
}

/** A title that names the page a privacy policy: "Datenschutz", "Datenschutzerklärung", "Privacy Policy". */
const POLICY_TITLE = /^\W{0,3}(?:datenschutz\p{L}*|daten-?schutz\p{L}*|privacy(?:\s{1,3}(?:policy|notice|statement|information))?|data\s{1,3}protection(?:\s{1,3}(?:policy|notice|statement|information|declaration))?|dsgvo|gdpr(?:\s{1,3}notice)?)\b/iu;
/** The text calls itself a privacy policy: "In dieser Datenschutzerklärung", "This privacy notice explains". */
const SELF_REFERENCE = /\b(?:diese[rnms]?|vorliegende[rnm]?)\s{1,3}datenschutz(?:erklärung|hinweise|information(?:en)?|bestimmungen|richtlinie|politik)\b|\bthis\s{1,3}(?:privacy|data protection)\s{1,3}(?:policy|notice|statement)\b/iu;

/** Whether a page reads as a privacy policy: by its title, by what it calls itself, or by its words (see GROUPS). */
export function looksLikePolicy(text: string, title = ''): boolean {
  if (POLICY_TITLE.test(title.trim()) || SELF_REFERENCE.test(text)) return true;
  const { groups, dataOrLaw } = policyCues(text);
  return dataOrLaw && groups >= NEEDED;
}
