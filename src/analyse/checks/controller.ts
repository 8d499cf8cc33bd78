/**
 * Check kind `controller` (Art. 13(1)(a) GDPR): the policy names the
 * controller and gives a contact channel (postal address or e-mail).
 *
 * The controller is looked for where policies put it: a section headed
 * "Verantwortlicher" / "Controller" / "Kontakt", or a sentence such as
 * "Verantwortlich für die Datenverarbeitung ist ...". A name there is a legal
 * form (GmbH, e.V., Ltd), a person's name, the line above a postal address, or
 * what follows "ist:". The contact channel must stand with the name, or be an
 * e-mail address elsewhere in the text that is not the DPO's or an
 * authority's. A bare "siehe Impressum" names nobody and does not satisfy it.
 */
import type { Section } from '../../document/document.js';
import type { RawFinding } from '../check.js';
import { defineCheck, foundAt } from '../check.js';
import { missingAt } from './context.js';
import { anyMatch, compilePatterns, globalOf } from '../../knowledge/lexicons.js';
import { allMentions, mentionsBetween } from '../../statements/mentions.js';
import { ure } from '../../unicode-regexp.js';

interface Params {
  contextHeadings: RegExp[];
  contextSentences: RegExp[];
  excludeHeadings: RegExp[];
  excludeSentences: RegExp[];
  names: RegExp[];
  notNames: RegExp[];
  notControllerContact: RegExp[];
  email: RegExp[];
  postal: RegExp[];
}

interface Context {
  start: number;
  end: number;
  section?: Section;
  /** The sentence that introduced the controller, if any. */
  trigger?: { start: number; end: number };
}

/** Parts of a text range: its lines, each split further at commas and dashes ("Name, Street 1, 12345 Town"). */
function lines(text: string): string[] {
  return text
    .split(/\n+|,\s+|(?<!\s)\s+[-–|·]\s+/u)
    .map((l) => l.trim().replace(ADDRESS_LABEL, ''))
    .filter(Boolean);
}

/** The label before a name or address line ("Address: Achim Lenz", "Anschrift: …", "Verantwortlicher: Michael Seidl"). */
const ADDRESS_LABEL = ure(/^(?:adresse|anschrift|postanschrift|address|postal address|name|company name|company|firmenname|firma|name of (?:the )?company|verantwortlich(?:e[rn]?)?(?:\s+stelle)?|(?:data\s+)?controller|responsible(?:\s+party)?|betreiber(?:in)?|inhaber(?:in)?|operator|owner)\s*:\s*/iu);

/** A person's name: given names, middle initials ("David A. Reiss"), particles, family name. */
const PERSON =
  /^(?:(?:Herr|Frau|Mr\.?|Mrs\.?|Ms\.?|Dr\.|Prof\.|Dipl\.-[\p{L}.]+)\s+)*\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}'’]+)?(?:\s+\p{Lu}\.){0,2}(?:\s+(?:(?:von|van|de|zu|der|den|vom)\s+)?\p{Lu}[\p{Ll}'’]+(?:-\p{Lu}[\p{Ll}'’]+)?){1,3}$/u;
/**
 * A generator's definition of the company and its "we", with the words quoted: "our community at c9addy
 * ("Company", "we", "us", "our")", "Muster Apps ("the Company", "we")"; a brand may be written in small
 * letters or begin with a digit here, as the quotes leave no doubt.
 */
const SELF_NAMED_QUOTED = ure(
  /(?<![\p{L}\p{N}])([\p{L}\p{N}][\p{L}\p{N}&.'’-]{1,40}(?:\s{1,3}[\p{Lu}\p{N}&][\p{L}\p{N}&.'’-]{0,40}){0,4})\s{0,3}\(\s{0,3}["“„'‘]\s{0,3}(?:[Tt]he\s{1,3})?(?:[Cc]ompany|[Ww]e)\s{0,3}["”“'’]\s{0,3},/u,
);
/** A generator's opening that names the site's operator: "At 000FFF, accessible from 000fff.design, one of our main priorities …". */
const AT_ACCESSIBLE = ure(/\b[Aa]t\s{1,3}([\p{L}\p{N}][\p{L}\p{N}&.'’-]*(?:\s{1,3}[\p{Lu}\p{N}&][\p{L}\p{N}&.'’-]*){0,4}),\s{1,3}accessible\s{1,3}(?:from|at|via|on)\b/u);
/**
 * The name after the words that introduce it: "… ist die Muster GmbH", "Responsible … is Jane Doe",
 * "ich bin Jane Doe", "my name is …", "durch den Websitebetreiber Muster e.K., Musterweg 2".
 */
const NAME_AFTER = ure(/\b(?:ist|sind|is|are|bin|am|heiße|heisse|(?:[Ww]ebsite-?|[Ww]ebseiten-?|[Ss]eiten-?)?(?:[Bb]etreiber|[Aa]nbieter|[Ii]nhaber)(?:in)?|[Oo]perator|[Oo]wner|(?:operated|run|provided|published|owned|maintained) by|(?:[Pp]rivacy (?:[Nn]otice|[Pp]olicy|[Ss]tatement)|[Nn]otice) for)\s*:?\s+(?:(?:die|der|das|the)\s+)?[[(„"“]?(\p{Lu}[\p{L}\p{N}&.'’-]*(?:\s+[\p{Lu}&][\p{L}\p{N}&.'’-]*)*)/u);
/**
 * The controller naming itself where the policy defines its "we": "Indranex AdNet ("we," "our,"
 * "us")", "Muster GmbH (im Folgenden „wir“)", "Jane Doe (hereinafter "I")". A contact section with an
 * address or e-mail then reaches that name, wherever the definition stands.
 */
const SELF_NAMED = ure(
  /(\p{Lu}[\p{L}\p{N}&.'’-]{0,40}(?:\s{1,3}(?:[\p{Lu}&][\p{L}\p{N}&.'’-]{0,40}|\d{1,6})){0,6})\s{0,3}\(\s*(?:(?:[Hh]ereinafter|[Hh]enceforth|[Ii]m [Ff]olgenden|[Nn]achfolgend|[Nn]achstehend|[Ff]ortan)\s*(?:(?:referred to as|called|kurz|genannt)\s*)?:?\s*)?(?:(?:as|the)\s+)?["“„'‘«]?(?:[Ww]e|[Uu]s|[Oo]ur|I|[Ww]ir|[Uu]ns|[Ii]ch)(?![\p{L}\p{N}])/u,
);
/**
 * The name before the words that make it the controller: "CoinPort is the controller", "Jane Doe
 * (operating as Kova), located in Ontario, Canada, is the controller", "Muster Ltd acts as the data
 * controller". A name that is a catalogued service ("Google is the controller for YouTube") is
 * somebody else's.
 */
const NAME_BEFORE = ure(
  /(\p{Lu}[\p{L}\p{N}&.'’-]{0,40}(?:\s{1,3}[\p{Lu}&][\p{L}\p{N}&.'’-]{0,40}){0,5})\s{0,3}(?:\([^()]{0,120}\)\s{0,3})?(?:,[^,.;()]{0,80},\s{0,3})?(?:is|are|acts\s{1,3}as|serves\s{1,3}as)\s{1,3}(?:the\s{1,3}|a\s{1,3})?(?:(?:data|joint|responsible)\s{1,3})?(?:controller|responsible\s{1,3}(?:entity|party))\b/u,
);
/** A generator's definition of the company: "Company (referred to as either "the Company", "We" …) refers to EasyGoods." */
const COMPANY_REFERS = ure(/\b[Cc]ompany\b[^.]{0,160}?\brefers\s{1,3}to:?\s{1,3}(\p{Lu}[\p{L}\p{N}&.'’-]{0,40}(?:\s{1,3}[\p{Lu}&][\p{L}\p{N}&.'’-]{0,40}){0,5})/u);
/** Words that are a role, not a name ("the Company ("we")"). */
const ROLE_WORDS = ure(/^(?:the\s+)?(?:company|website|web ?site|site|platform|service|services|app|application|operator|owner|provider|controller|unternehmen|betreiber|anbieter|firma|verantwortliche[rn]?|seite|webseite)$/iu);
/** German verb-final passive: "Diese Website wird vom Lokal Karadeniz 55 betrieben", "… wird von der Muster GmbH angeboten". */
const OPERATED_BY_DE = ure(/\bwird\s+(?:von|vom)\s+(?:(?:der|dem|den)\s+)?([^.,;:]{2,60}?)\s+(?:betrieben|angeboten|herausgegeben|verantwortet|bereitgestellt)\b/u);
/** A heading that is the controller's own, not only "Kontakt": a block in it names the controller above its address or e-mail. */
const OWN_HEADING = ure(/verantwortlich|\bcontroller\b|\bresponsible\b|betreiber|anbieter|inhaber|medieninhaber|herausgeber/iu);

/** A line of other contact details ("Tel.: 0172 …", "Fax: …"), which names nobody. */
const CONTACT_LINE = ure(/^\W{0,3}(?:tel(?:efon|\.)?|phone|telephone|fax|telefax|mobil(?:e|funk)?|handy|mob\.|web(?:site)?|internet|www)\b/iu);

/** A heading for the controller and the DPO together ("… des Verantwortlichen sowie des Datenschutzbeauftragten"). */
const JOINT_HEADING = ure(/verantwortlich|\bcontroller\b|\bresponsible\b/iu);

export const controllerCheck = defineCheck<Params>({
  compile(check, file) {
    const list = (key: string, flags = 'iu'): RegExp[] => compilePatterns(file, `check.${key}`, check[key] ?? [], flags);
    return {
      contextHeadings: list('context-headings'),
      contextSentences: list('context-sentences'),
      excludeHeadings: list('exclude-headings'),
      excludeSentences: list('exclude-sentences'),
      // Legal forms are case-sensitive: "AG" is a company, "ag" is not.
      names: list('names', 'u'),
      notNames: list('not-names'),
      notControllerContact: list('not-controller-contact'),
      email: list('email'),
      postal: list('postal'),
    };
  },

  run(doc, p) {
    const any = anyMatch;
    // A heading that names the controller and the DPO together is the controller's section; only its DPO sentences are left out.
    const isExcluded = (heading: string): boolean => any(p.excludeHeadings, heading) && !(any(p.contextHeadings, heading) && JOINT_HEADING.test(heading));
    const excludedSections = doc.sections.filter((s) => s.heading !== undefined && isExcluded(s.heading));
    const inExcludedSection = (offset: number): boolean => excludedSections.some((s) => offset >= s.start && offset < s.end);
    const contexts: Context[] = [];

    for (const section of doc.sections) {
      if (section.heading === undefined || !any(p.contextHeadings, section.heading) || isExcluded(section.heading)) continue;
      // The section's text, up to a subsection about somebody else (the DPO, say).
      let end = section.end;
      for (const child of section.children) {
        const c = doc.sections[child]!;
        if (c.heading !== undefined && isExcluded(c.heading)) {
          end = c.start;
          break;
        }
      }
      contexts.push({ start: section.headingEnd, end, section });
    }
    for (const sentence of doc.sentences) {
      if (sentence.heading) continue;
      const text = doc.sentenceText(sentence.index);
      if (!any(p.contextSentences, text) || any(p.excludeSentences, text) || inExcludedSection(sentence.start)) continue;
      // A sentence that announces the controller ("... ist:") is followed by the details: the next
      // few blocks of its section. Otherwise the details stand in the sentence's own block or the
      // block right before it ("Muster e.V. ... (im Folgenden „wir“) ist Verantwortlicher").
      const own = doc.paragraphsOfSection(sentence.section);
      const at = Math.max(0, own.findIndex((q) => q.end >= sentence.end));
      let start = sentence.start;
      let end = own[at]?.end ?? sentence.end;
      if (/:\s*$/u.test(text)) end = own[Math.min(own.length - 1, at + 6)]?.end ?? end;
      else {
        start = own[Math.max(0, at - 1)]?.start ?? start;
        end = own[Math.min(own.length - 1, at + 1)]?.end ?? end;
      }
      contexts.push({ start: Math.min(start, sentence.start), end: Math.max(end, sentence.end), trigger: { start: sentence.start, end: sentence.end } });
    }

    const cleanText = (start: number, end: number): string =>
      doc
        .sentencesBetween(start, end)
        .filter((s) => !s.heading && !any(p.excludeSentences, doc.sentenceText(s.index)))
        .map((s) => doc.sentenceText(s.index))
        .join('\n');

    const isName = (line: string): boolean =>
      !any(p.notNames, line) && (any(p.names, line) || PERSON.test(line));
    const isAddressLine = (line: string): boolean => any(p.postal, line);
    const hasContact = (text: string): boolean => any(p.email, text) || any(p.postal, text);

    /** Whether a pattern's first group caught a name, not a role word or one of the words that name nobody. */
    const namesOne = (m: RegExpExecArray | null): boolean => m !== null && !ROLE_WORDS.test(m[1]!.trim()) && !any(p.notNames, m[1]!);
    const hasName = (ctx: Context, text: string): boolean => {
      const ls = lines(text);
      if (ls.some((l) => any(p.names, l))) return true;
      if (ls.some((l) => l.length <= 60 && PERSON.test(l) && !any(p.notNames, l))) return true;
      // The line above a postal address names who lives there; in the controller's own section,
      // the line above its e-mail too ("Drueckglueck-Login.de / Berlin / E-Mail: …").
      const ownSection = ctx.section?.heading !== undefined && OWN_HEADING.test(ctx.section.heading);
      for (let i = 1; i < ls.length; i++) {
        if (!isAddressLine(ls[i]!) && !(ownSection && any(p.email, ls[i]!))) continue;
        let k = i - 1;
        while (k >= 0 && (isAddressLine(ls[k]!) || CONTACT_LINE.test(ls[k]!))) k--;
        const above = ls[k];
        if (above !== undefined && above.length <= 80 && !/[:.]$/u.test(above) && !/^c\/o\b/iu.test(above) && !any(p.email, above) && !any(p.notNames, above)) return true;
      }
      if (ctx.trigger) {
        const trigger = doc.slice(ctx.trigger.start, ctx.trigger.end);
        const passive = OPERATED_BY_DE.exec(trigger);
        if (passive && /\p{Lu}/u.test(passive[1]!) && namesOne(passive)) return true;
        if (namesOne(AT_ACCESSIBLE.exec(trigger)) || namesOne(SELF_NAMED_QUOTED.exec(trigger))) return true;
        const before = NAME_BEFORE.exec(trigger) ?? COMPANY_REFERS.exec(trigger);
        if (before && namesOne(before)) {
          const at = ctx.trigger.start + before.index;
          if (mentionsBetween(allMentions(doc), at, at + before[1]!.length).length === 0) return true;
        }
        const m = NAME_AFTER.exec(doc.slice(ctx.trigger.start, ctx.end));
        // The capitalised words after "ist:" may run on into the street ("Jane Doe Musterstraße 4" where
        // the page sets name and street on one line): the name is the longest start of them that is one.
        const words = m?.[1]?.split(/\s+/u) ?? [];
        for (let k = words.length; k >= 1; k--) if (isName(words.slice(0, k).join(' '))) return true;
      }
      return false;
    };

    // The policy's own definition of its "we", outside the sections about somebody else: read once,
    // and only when a controller section lacks a name of its own.
    let selfNamed: boolean | undefined;
    const isSelfNamed = (): boolean =>
      (selfNamed ??= doc.sentences.some((s) => {
        if (s.heading || inExcludedSection(s.start)) return false;
        const t = doc.sentenceText(s.index);
        if (!t.includes('(')) return false;
        return namesOne(SELF_NAMED.exec(t) ?? SELF_NAMED_QUOTED.exec(t));
      }));
    let nameOnly: Context | undefined;
    for (const ctx of contexts) {
      const text = cleanText(ctx.start, ctx.end);
      if (!hasName(ctx, text) && !(ctx.section && isSelfNamed())) continue;
      if (hasContact(text)) {
        foundAt(ctx.start, ctx.end);
        return [];
      }
      nameOnly ??= ctx;
    }
    if (nameOnly) {
      // The name stands alone: an e-mail for the reader elsewhere (not the DPO's) still reaches the controller.
      const elsewhere = doc.sentences.some(
        (s) => {
          const text = doc.sentenceText(s.index);
          return !inExcludedSection(s.start) && !any(p.excludeSentences, text) && !any(p.notControllerContact, text) && any(p.email, text);
        },
      );
      if (elsewhere) {
        foundAt(nameOnly.start, nameOnly.end);
        return [];
      }
      // Or an address anywhere (the DPO section included) that is plainly the controller's own:
      // "Antik Ameln" … "antik.ameln@t-online.de".
      const words = new Set(
        [...cleanText(nameOnly.start, nameOnly.end).matchAll(/\p{Lu}[\p{L}]{3,}/gu)].map((m) => m[0].toLowerCase()).filter((w) => !any(p.notNames, w)),
      );
      const own = p.email.flatMap((re) => [...doc.text.matchAll(globalOf(re))].map((m) => m[0]));
      if (words.size > 0 && own.some((e) => [...words].some((w) => e.toLowerCase().includes(w)))) {
        foundAt(nameOnly.start, nameOnly.end);
        return [];
      }
    }

    // Point at the controller section if there is one, else at the title.
    const finding: RawFinding = missingAt(doc, contexts.find((c) => c.section)?.section);
    return [finding];
  },
});
