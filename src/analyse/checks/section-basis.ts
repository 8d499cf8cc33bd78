/**
 * Check kind `section-basis` (Art. 13(1)(c) GDPR, per processing): a section
 * that describes a concrete processing (server logs, a contact form, cookies,
 * a newsletter, a payment, a named tool) must give its legal basis, unless a
 * section above it or a general clause that maps purposes to bases covers it.
 * One finding per such section, at its heading.
 */
import type { Section } from '../../document/document.js';
import type { RawFinding } from '../check.js';
import { defineCheck } from '../check.js';
import { factsOf } from '../../statements/facts.js';
import { purposeWords } from '../../statements/facts.js';
import { anyMatch, compilePatterns, globalOf } from '../../knowledge/lexicons.js';
import { allMentions, mentionsBetween, vendorMentions } from '../../statements/mentions.js';
import { ure } from '../../unicode-regexp.js';
import { isLabel, withLabelSections } from '../../statements/label-sections.js';

interface Params {
  activity: RegExp[];
  verbs: RegExp[];
  negation: RegExp[];
  actor: RegExp[];
  notPersonal: RegExp[];
  notAProcessing: RegExp[];
  /** Headings over kinds explained ("Welche Arten von Cookies gibt es?"): their parts describe no processing either. */
  explainsKinds: RegExp[];
  contactInvitation: RegExp[];
  generalHeadings: RegExp[];
  notPurpose: RegExp[];
  /** Words that point back at data or purposes described before ("die oben genannten Daten"). */
  refersBack: RegExp[];
  /** Sentences of a section read for its activity (the opening ones say what it is about). */
  openingSentences: number;
}

/** A sentence whose main clause is negated: "We do not use …", "Our website does not …", "Wir setzen keine … ein". */
const DENIED_SENTENCE = ure(/^\W{0,3}(?:(?:(?:currently|at present|at the moment)\s{1,3})?(?:we|i|our (?:web)?site|this (?:web)?site|the (?:web)?site|our app|this app)\s{1,3}(?:(?:currently|also|generally)\s{1,3})?(?:do|does|will|did)\s{0,2}(?:not|n't)\b|(?:(?:aktuell|derzeit|zurzeit|momentan|grundsätzlich|generell)\s{1,3}(?:verwende\p{L}*|nutze\p{L}*|setze\p{L}*|erhebe\p{L}*|speicher\p{L}*|sammel\p{L}*|binde\p{L}*)\s{1,3}(?:wir|ich)\s{1,3}(?:\p{L}+\s{1,3}){0,2}?(?:kein\p{L}*|nicht)\b)|(?:wir|ich|diese (?:website|webseite|seite)|unsere (?:website|webseite|seite))\s{1,3}(?:\p{L}+\s{1,3})?(?:verwende\p{L}*|nutze\p{L}*|setze\p{L}*|erhebe\p{L}*|speicher\p{L}*|sammel\p{L}*|binde\p{L}*|lade\p{L}*|lädt)\s{1,3}(?:\p{L}+\s{1,3}){0,2}?(?:kein\p{L}*|nicht)\b|(?:(?:auf|in|bei)\s{1,3}(?:[\p{L}-]+\s{1,3}){1,4})?(?:werden|wird)\s{1,3}(?:(?:derzeit|aktuell|zurzeit|momentan|hier|grundsätzlich|generell)\s{1,3})?kein\p{L}*\s|(?:no|none of (?:the|our))\s{1,3}(?:[\p{L}-]+,?\s{1,3}){1,8}?(?:is|are)\s{1,3}(?:(?:currently|ever)\s{1,3})?(?:used|employed|set|loaded|embedded|integrated)\b)/iu);
const CONTRAST = ure(/\b(?:but|except|other than|aber|jedoch|sondern|außer|ausgenommen|lediglich|nur|only)\b/iu);

/** Data that identify a visitor, unless the text says they are not kept ("the IP address itself is not stored"). */
const IDENTIFYING = ure(/ip-?adress|e-?mail|\bname\b|ip address/iu);
const NOT_KEPT = ure(/\banonymi[sz]ed ip\b|\banonymisierte[nr]? ip(?:-adresse)?\b|gekürzte[nr]? ip(?:-adresse)?\b|\b(?:the )?ip address(?:es)?(?: itself)? (?:is|are) (?:not|never) (?:stored|saved|logged|kept)|\bip-?adressen? (?:selbst )?(?:wird|werden) (?:nicht|nie) (?:gespeichert|protokolliert)|\bkeine ip-?adressen?\b/giu);

/** A chapter whose basis section speaks for the whole policy ("Allgemeine Hinweise", "Datenverarbeitung"). */
const GENERAL_PARENT = ure(/allgemein|\bgeneral\b|grundsätze|principles|überblick|übersicht|overview|^\W*(?:\d[\d.]*\s*)?(?:datenverarbeitung|data processing|verarbeitung personenbezogener daten|processing of personal data|datenschutz(?:erklärung|hinweise|information(?:en)?)?|privacy(?: policy| notice| statement)?)\W*$/iu);

const TEASER = ure(/auf einen blick|at a glance|in kürze|zusammenfassung|\bsummary\b|\boverview\b|überblick|begriffsbestimmung|\bdefinitions?\b|\bdefinitionen\b|interpretation and definitions|\bglossar/iu);
const POINTS_ON = ure(/\b(?:finden sie|entnehmen sie|lesen sie)\b[^.]{0,60}\b(?:folgenden|nachfolgenden|unten|weiter unten|im weiteren)\b|\b(?:see|find|read)\b[^.]{0,40}\b(?:below|further down|in the following sections?)\b/iu);

/** A heading for the legal basis of what the section before it describes. */
const BASIS_HEADING = ure(/rechtsgrundlage|legal bas[ie]s|lawful bas[ie]s|grundlage der verarbeitung/iu);

/** Words a negation may stand before what it negates ("Wir verwenden keine Analyse- oder Werbe-Cookies"). */
const NEGATION_REACH = 40;

function negatedAt(text: string, at: number, end: number, negation: readonly RegExp[]): boolean {
  const before = text.slice(Math.max(0, at - NEGATION_REACH), at);
  return anyMatch(negation, before) || (at === 0 && anyMatch(negation, text.slice(0, end)));
}

/** Some mention of an activity in the sentence is not taken back by a negation right before it. */
function activityAffirmed(text: string, activity: readonly RegExp[], negation: readonly RegExp[]): boolean {
  // "We do not use any tracking scripts, advertising pixels, or services that set cookies": the
  // whole sentence is denied, however far its list runs from the negation.
  if (DENIED_SENTENCE.test(text) && !CONTRAST.test(text)) return false;
  for (const re of activity) {
    for (const m of text.matchAll(globalOf(re))) {
      if (!negatedAt(text, m.index!, m.index! + m[0].length, negation)) return true;
    }
  }
  return false;
}

/** How many different legal bases a sentence names: its Art. 6 letters (from its facts), or the bases in words. */
const BASES_IN_WORDS: readonly RegExp[] = [
  /einwillig|zustimmung|\bconsent\b/iu,
  /vertrag|\bcontract/iu,
  /rechtliche[rn]? verpflichtung|gesetzliche[rn]? (?:verpflichtung|pflicht)|legal (?:obligation|requirement)|comply with (?:the )?law/iu,
  /berechtigte[ns]? interesse|legitimate interest/iu,
  /lebenswichtig|vital interest/iu,
  /öffentlichen interesse|public (?:interest|task)/iu,
];
function basesNamed(text: string, letters: ReadonlySet<string>): number {
  return Math.max(letters.size, BASES_IN_WORDS.filter((re) => re.test(text)).length);
}

export const sectionBasisCheck = defineCheck<Params>({
  compile(check, file) {
    const list = (key: string): RegExp[] => compilePatterns(file, `check.${key}`, check[key]);
    const opening = check['opening-sentences'];
    return {
      activity: list('activity'),
      verbs: list('verbs'),
      negation: list('negation'),
      actor: list('actor'),
      notPersonal: list('not-personal'),
      notAProcessing: list('not-a-processing'),
      explainsKinds: list('explains-kinds'),
      contactInvitation: list('contact-invitation'),
      generalHeadings: list('general-basis-headings'),
      notPurpose: list('not-purpose'),
      refersBack: list('refers-back'),
      openingSentences: typeof opening === 'number' && opening > 0 ? opening : 4,
    };
  },

  run(doc, p) {
    const facts = factsOf(doc);
    const text = (i: number): string => doc.sentenceText(i);

    // A general clause that maps purposes to bases ("Bereitstellung des Dienstes (Art. 6 Abs. 1 lit. b)")
    // covers every processing; one that only lists the bases does not.
    const general = doc.sections.some((s) => {
      if (s.heading === undefined || !anyMatch(p.generalHeadings, s.heading)) return false;
      // "### Rechtsgrundlage:" under one service's heading speaks of that service, not of the policy.
      const parent = s.parent !== undefined && s.parent > 0 ? doc.sections[s.parent] : undefined;
      // (A numbered one, "2.2 Rechtsgrundlagen", is a chapter of the policy's own.)
      const numbered = /^\s*\d/u.test(s.heading);
      const chapter = parent === undefined || parent.heading === undefined || parent.level <= 1 || anyMatch(p.generalHeadings, parent.heading) || GENERAL_PARENT.test(parent.heading);
      if (!numbered && !chapter && (isLabel(s) || s.level >= 3)) return false;
      const mapped = doc.sentencesIn(s).filter((x) => !x.heading && facts.sentences[x.index]!.basis && purposeWords(text(x.index), p.notPurpose) >= 2);
      // Or one sentence that gives three bases each with its purpose ("We process your data to perform our
      // contract with you, for our legitimate interests in running our business, to comply with legal
      // obligations, and where required with your consent").
      const several = mapped.some((x) => basesNamed(text(x.index), facts.sentences[x.index]!.letters) >= 3 && purposeWords(text(x.index), p.notPurpose) >= 4);
      return mapped.length >= 2 || several;
    });
    if (general) return [];

    const used = vendorMentions(doc);
    const withBasis = (section: number): boolean => doc.sentencesOfSection(section).some((x) => facts.sentences[x.index]!.basis);
    /**
     * Whether a service said to be used is named between two offsets; with `ownOnly`, not counting a
     * service described with its basis in a section of its own elsewhere ("7. Cookies": "… keine
     * Tracking-Cookies. Die Bereitstellung durch Cloudflare …" after "2. Hosting (Cloudflare) … lit. f").
     */
    const usedIn = (start: number, end: number, ownOnly = false): boolean =>
      mentionsBetween(used, start, end).some(
        (m) => !ownOnly || !used.some((o) => o.vendor.id === m.vendor.id && (o.start < start || o.start >= end) && withBasis(doc.sentences[o.sentence]!.section)),
      );
    const wholeOfLabels = (s: Section): boolean =>
      s.children.length > 0 && doc.sentencesOfSection(s.index).every((x) => x.heading) && s.children.every((c) => isLabel(doc.sections[c]!));
    const describesProcessing = (s: Section): boolean => {
      if (s.heading === undefined || anyMatch(p.notAProcessing, s.heading)) return false;
      // The summary at the top ("Datenschutz auf einen Blick") and what it points on from
      // ("Detaillierte Informationen … finden Sie in der folgenden Datenschutzerklärung"), and the
      // terms a definitions section explains ("Begriffsbestimmungen" › "Cookies": "Cookies sind kleine Dateien …").
      for (let a = s.parent; a !== undefined && a > 0; a = doc.sections[a]!.parent) {
        const h = doc.sections[a]!.heading;
        if (h !== undefined && (TEASER.test(h) || anyMatch(p.explainsKinds, h))) return false;
      }
      // A labelled part of such a section is read with it, not on its own.
      const above = s.parent !== undefined && s.parent > 0 ? doc.sections[s.parent]! : undefined;
      if (isLabel(s) && above && wholeOfLabels(above)) return false;
      let own = doc.sentencesOfSection(s.index).filter((x) => !x.heading);
      // "## Social Plugins" with only labelled parts under it ("### Art und Zweck der Verarbeitung:",
      // "### Rechtsgrundlage:"): its parts are its text.
      if (own.length === 0 && wholeOfLabels(s)) {
        own = doc.sentencesIn(s).filter((x) => !x.heading);
      }
      if (own.length === 0) return false;
      const all = own.map((x) => text(x.index)).join(' ');
      if (own.length <= 4 && POINTS_ON.test(all)) return false;
      // "No personal data" does not hold for a service the catalog knows to need consent: loading it
      // from its servers hands over the visitor's IP address (Google Tag Manager, fonts, pixels).
      const needsConsent = vendorMentions(doc).some((m) => m.start >= s.start && m.start < s.end && m.vendor.consent.required === true);
      if (!needsConsent && anyMatch(p.notPersonal, all) && !IDENTIFYING.test(all.replace(NOT_KEPT, ' '))) return false;
      // A section about a service the site only links to or does not use ("Auf unserer Website sind
      // Links zu Instagram eingebunden") describes what the visitor may do elsewhere: a section headed
      // for such a service, or a short one. A long section that also names the site's profiles in
      // passing ("We have pages on social media sites like Instagram") still describes its own processing.
      // (Its own text: what its parts name is theirs.)
      const named = mentionsBetween(allMentions(doc), s.start, s.bodyEnd);
      const aboutThem = own.length <= 4 || named.some((m) => m.start < s.headingEnd) || !named.some((m) => m.status === 'linked');
      if (named.length > 0 && aboutThem && named.every((m) => m.status === 'linked' || m.status === 'denied' || m.status === 'operator' || m.status === 'reference')) return false;
      const headingActivity = anyMatch(p.activity, s.heading);
      // A section headed for an activity that one of its sentences denies outright, with no service
      // said to be used ("36. Webanalyse und Tracking": "Auf der Website werden derzeit keine Analyse-,
      // Statistik- oder Marketingdienste eingesetzt. Werden künftig …"), says there is none.
      if (headingActivity && !usedIn(s.start, s.end, true)) {
        const headed = p.activity.filter((re) => re.test(s.heading!));
        const denies = own.some((x) => {
          const t = text(x.index);
          return DENIED_SENTENCE.test(t) && !CONTRAST.test(t) && headed.some((re) => re.test(t));
        });
        if (denies) return false;
      }
      return own.slice(0, p.openingSentences).some((x) => {
        const t = text(x.index);
        if (anyMatch(p.contactInvitation, t)) return false;
        if (!anyMatch(p.verbs, t) || !anyMatch(p.actor, t)) return false;
        // A service the sentence says is used is an activity of its own ("… wird durch netlify gehostet").
        if (!anyMatch(p.activity, t)) return (headingActivity || usedIn(x.start, x.end)) && !negatedAt(t, 0, t.length, p.negation);
        return activityAffirmed(t, p.activity, p.negation);
      });
    };

    /** A part headed for the legal basis ("Rechtsgrundlage", "Legal basis") that states one. */
    const basisPart = (x: Section): boolean =>
      x.heading !== undefined && BASIS_HEADING.test(x.heading) && doc.sentencesIn(x).some((y) => facts.sentences[y.index]!.basis);
    const hasBasis = (s: Section): boolean => {
      if (doc.sentencesIn(s).some((x) => facts.sentences[x.index]!.basis)) return true;
      // Flat pages give the basis under a label heading after the section ("### Rechtsgrundlage").
      const end = withLabelSections(doc, s);
      if (end > s.end && doc.sentencesBetween(s.end, end).some((x) => facts.sentences[x.index]!.basis)) return true;
      // Or in the section right after it, headed for purpose and basis ("2. Art der verarbeiteten
      // Daten", then "3. Zweck und Rechtsgrundlage").
      // (Sections are in text order: step over the ones inside, no search through all of them.)
      let i = s.index + 1;
      while (i < doc.sections.length && doc.sections[i]!.start < end) i++;
      const after = doc.sections[i];
      const next = after !== undefined && after.start === end && after.level <= s.level ? after : undefined;
      if (next && basisPart(next)) return true;
      // A section above may state the basis for all its parts in its own text; not one it gives for
      // a processing of its own ("Die Datenverarbeitung zum Zwecke der Kontaktaufnahme erfolgt nach
      // lit. a") that the part does not speak of ("Analyse Tools").
      const partText = [s.heading ?? '', ...doc.sentencesIn(s).map((x) => text(x.index))].join(' ');
      // A section that speaks of the data described before it ("Cloudflare verarbeitet die oben
      // genannten Daten in meinem Auftrag") has the basis given for them in the section before.
      const previous = s.index > 0 ? doc.sections[s.index - 1] : undefined;
      if (previous && previous.level > 0 && anyMatch(p.refersBack, partText) && doc.sentencesIn(previous, false).some((x) => facts.sentences[x.index]!.basis)) return true;
      const own = p.activity.filter((re) => re.test(partText));
      const covers = (t: string): boolean => {
        const named = p.activity.filter((re) => re.test(t));
        return named.length === 0 || own.length === 0 || own.some((re) => named.includes(re));
      };
      for (let a = s.parent === undefined ? undefined : doc.sections[s.parent]; a && a.level > 0; a = a.parent === undefined ? undefined : doc.sections[a.parent]) {
        if (doc.sentencesIn(a, false).some((x) => facts.sentences[x.index]!.basis && covers(text(x.index)))) return true;
      }
      // A "Legal basis" part among the parts of the same block ("7. Newsletter" › "SendinBlue", "Data
      // analysis by SendinBlue", "Legal basis", "Storage duration"): flat headings split one processing.
      const parent = s.parent !== undefined && s.parent > 0 ? doc.sections[s.parent] : undefined;
      // (Not the policy's own title or a chapter of the whole: its "legal basis" part is a general clause.)
      if (parent && parent.heading !== undefined && parent.level >= 2 && !GENERAL_PARENT.test(parent.heading) && !anyMatch(p.generalHeadings, parent.heading)) {
        for (const c of parent.children) {
          if (c !== s.index && basisPart(doc.sections[c]!)) return true;
        }
      }
      return false;
    };

    const findings: RawFinding[] = [];
    for (const s of doc.sections) {
      if (!describesProcessing(s) || hasBasis(s)) continue;
      findings.push({ start: s.headingStart, end: s.headingEnd, section: s.heading!, params: { section: s.heading! } });
    }
    return findings;
  },
});


